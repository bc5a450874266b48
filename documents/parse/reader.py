"""Reading last year's Word and Excel files into GoalTables.

`parse_file(name, data)` tells the file type by its content (a Word or Excel package is a
zip with `word/document.xml` or `xl/workbook.xml`; the extension only decides nothing),
cuts it into tables, recognises each table's layout by its labels and headings and reads it.
Anything that makes the whole file unusable raises ImportFileError with a Chinese message
naming the file; a table that cannot be read becomes a Problem naming the file, table and
row, and the other tables still come in.  No other exception leaves this module.

No database access here: the import service matches, checks and saves the tables.
"""
from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable

from lxml import etree

from documents.goaltable import KIND_OVERALL, LAYOUTS, GoalTable
from documents.render.gc_pause import gc_paused

from .context import read_after, read_before, read_cover
from .docx_parse import read_document
from .duty import parse_duty
from .flat import parse_flat
from .forms import parse_form
from .limits import MB, Budget, ImportLimits
from .lists import parse_list
from .rawgrid import Stream, place
from .segments import KIND_DUTY, KIND_FLAT, KIND_LIST, Segment, cut
from .types import SEVERITY_ERROR, SEVERITY_WARNING, ImportFileError, ParseResult, Problem, Report
from .xlsx_parse import SheetTooLarge, read_workbook

logger = logging.getLogger(__name__)

__all__ = [
    "ImportFileError",
    "ImportLimits",
    "Problem",
    "ParseResult",
    "MAX_FILE_BYTES",
    "SEVERITY_ERROR",
    "SEVERITY_WARNING",
    "parse_file",
    "detect_layout",
]

MAX_FILE_BYTES = ImportLimits.file_bytes  # the default; the settings may change it (limits.ImportLimits)

DOCX = "docx"
XLSX = "xlsx"

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES = (
    (b"%PDF", "PDF 文件"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
    (b"<?xml", "XML 文件"),
)
_WANT = "请上传 Word（.docx）或 Excel（.xlsx）格式的绩效目标表"


def _utf16(word: str) -> bytes:
    return word.encode("utf-16-le")


def sniff(name: str, data: bytes, limits: ImportLimits | None = None) -> str:
    """DOCX or XLSX by content; anything else is an ImportFileError that says what it is."""
    limits = limits or ImportLimits()
    if not data:
        raise ImportFileError("文件是空的（0 字节）", file=name)
    if len(data) > limits.file_bytes:
        raise ImportFileError(
            f"文件大小 {len(data) / MB:.1f} MB，超过 {limits.file_bytes // MB} MB 的上限；请按单位拆分后分别导入",
            file=name,
        )
    if data.startswith(_CFB):
        if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
            raise ImportFileError("文件设有打开密码（已加密），无法读取；请在 Office 中取消密码后重新上传", file=name)
        if _utf16("WordDocument") in data:
            kind = "旧版 Word（.doc）文件"
        elif _utf16("Workbook") in data or _utf16("Book") in data:
            kind = "旧版 Excel（.xls）文件"
        else:
            kind = "旧版 Office 文件"
        raise ImportFileError(f"这是{kind}，请在 Office 中另存为 .docx 或 .xlsx 后重新上传", file=name)
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            raise ImportFileError(f"这是{kind}，不是 Word 或 Excel 文件；{_WANT}", file=name)
    if not data.startswith(b"PK"):
        text = _looks_like_text(data)
        what = "纯文本文件" if text else "无法识别的文件"
        raise ImportFileError(f"这是{what}，不是 Word 或 Excel 文件；{_WANT}", file=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            total = sum(max(info.file_size, 0) for info in z.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError, KeyError):
        logger.warning("%s：文件无法打开", name, exc_info=True)
        raise ImportFileError(f"文件已损坏，无法打开；{_WANT}", file=name) from None
    if total > limits.unpacked_bytes:  # as the zip declares it; what really unpacks is counted while reading
        raise ImportFileError(
            f"文件解压后有 {total / MB:.0f} MB，超过 {limits.unpacked_bytes // MB} MB 的上限，可能已损坏或是恶意构造的文件",
            file=name)
    if "word/document.xml" in names or _main_part(data, names, "officeDocument", "word/"):
        return DOCX
    if "xl/workbook.xml" in names or _main_part(data, names, "officeDocument", "xl/"):
        return XLSX
    if "[Content_Types].xml" in names:
        raise ImportFileError(f"这是 Office 文件，但不是 Word 文档或 Excel 工作簿（如 PowerPoint）；{_WANT}", file=name)
    raise ImportFileError("这是普通 zip 压缩包，不是 Word 或 Excel 文件；请解压后上传其中的 .docx/.xlsx 文件", file=name)


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\r\n\t" for ch in text[:-1])
    return False


def _reason(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return text[:80]


def _main_part(data: bytes, names: set[str], rel_type: str, prefix: str) -> str | None:
    """The main part named in _rels/.rels (some tools write word/document2.xml)."""
    if "_rels/.rels" not in names:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            rels = etree.fromstring(z.read("_rels/.rels"), _PARSER)
    except Exception:  # noqa: BLE001 - a broken .rels only means we look no further
        return None
    for rel in rels:
        target = (rel.get("Target") or "").lstrip("/")
        if (rel.get("Type") or "").endswith("/" + rel_type) and target.startswith(prefix) and target in names:
            return target
    return None


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def _core_title(z: zipfile.ZipFile) -> str:
    """The document title in docProps/core.xml: our exports put the cover title there."""
    try:
        root = etree.fromstring(z.read("docProps/core.xml"), _PARSER)
    except Exception:  # noqa: BLE001 - a missing or broken core part only means no title
        return ""
    found = root.find(_DC_TITLE)
    return (found.text or "").strip() if found is not None else ""


def read_streams(name: str, data: bytes, kind: str, limits: ImportLimits | None = None,
                 progress: Callable[[float], None] | None = None) -> tuple[list[Stream], str]:
    """The file's streams (a Word body, or each visible worksheet) and its document title."""
    budget = Budget(name, limits or ImportLimits())
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if progress is not None:
                total = max(1, sum(info.file_size for info in z.infolist() if info.filename.endswith(".xml")))
                budget.progress = lambda unpacked: progress(min(unpacked / total, 1.0))
            title = _core_title(z) if "docProps/core.xml" in names else ""
            if kind == DOCX:
                part = "word/document.xml" if "word/document.xml" in names else _main_part(data, names, "officeDocument", "word/")
                return [read_document(z, part, budget)], title
            part = "xl/workbook.xml" if "xl/workbook.xml" in names else _main_part(data, names, "officeDocument", "xl/")
            return read_workbook(z, part, budget), title
    except ImportFileError:
        raise
    except SheetTooLarge as exc:
        raise ImportFileError("工作表过大（单元格过多），无法读取", file=name, place=f"工作表“{exc}”") from None
    except MemoryError:
        raise ImportFileError("文件内容过大，无法读取", file=name) from None
    except Exception:  # noqa: BLE001 - zip, XML and openpyxl errors of a corrupted file are many
        # The library's own (English) words go to the log; the user gets the Chinese reason.
        logger.warning("%s：文件无法读取", name, exc_info=True)
        what = "Word 文档" if kind == DOCX else "Excel 工作簿"
        raise ImportFileError(f"{what}已损坏或格式不正确，无法读取", file=name) from None


def _parse_segment(segment: Segment, report: Report, layout: str | None) -> list[GoalTable]:
    before = read_before(segment.before)
    if segment.kind == KIND_FLAT:
        return parse_flat(segment, report)
    if segment.kind == KIND_LIST:
        tables = parse_list(segment, before, report)
    elif segment.kind == KIND_DUTY:
        found = parse_duty(segment, before, report)
        tables = [found] if found else []
    else:
        found = parse_form(segment, before, report)
        tables = [found] if found else []
    after = read_after(segment.after)
    for table in tables:
        if table.layout in ("hunan", "overall") or after.filled_by or after.phone or after.filled_on:
            table.filled_by, table.phone, table.filled_on = after.filled_by, after.phone, after.filled_on
        if layout:
            table.layout = layout
    return tables


def parse_file(name: str, data: bytes, *, layout: str | None = None, limits: ImportLimits | None = None,
               progress: Callable[[float], None] | None = None) -> ParseResult:
    """Every goal table in a .docx or .xlsx file; raises ImportFileError only.

    `progress(fraction)` is told how far the reading is, for a progress bar."""
    report_progress = progress or (lambda fraction: None)
    if layout is not None and layout not in LAYOUTS:
        raise ImportFileError(f"未知的版式“{layout}”，可选：{'、'.join(LAYOUTS)}", file=name)
    kind = sniff(name, data, limits)
    # The millions of small objects read here form no cycles; left on, the collector would walk
    # them again and again (a third of the time of a 10,000-table file).
    with gc_paused():
        streams, title = read_streams(name, data, kind, limits, lambda f: report_progress(f * 0.6))
        report = Report(file=name)
        tables: list[GoalTable] = []
        flat: list[GoalTable] = []
        cover: list[str] = [title] if title else []
        found_any = False
        for index, stream in enumerate(streams):
            segments, lines = cut(stream)
            if index == 0:
                cover += lines
            for number, segment in enumerate(segments):
                report_progress(0.6 + 0.4 * (index + number / len(segments)) / len(streams))
                found_any = True
                try:
                    found = _parse_segment(segment, report, layout)
                except Exception:  # noqa: BLE001 - one unreadable table must not cost the others
                    # The library's own (English) text goes to the log, not into the Chinese message.
                    logger.exception("%s：读取一张表时出错", name)
                    report.problem(place(segment.first_row), "本表无法读取（内部错误，已记录在系统日志中），本表未导入")
                    continue
                (flat if segment.kind == KIND_FLAT else tables).extend(found)
    if tables and flat:
        _fill_from_flat(tables, flat)
        report.note("明细工作表“指标明细”与各表内容重复，已按各表读取")
    elif flat:
        tables = flat
        report.note("按明细工作表读取（每行一个指标），版式记为标准版式")
    if not found_any:
        if not any(stream.items for stream in streams):
            raise ImportFileError("文件中没有任何内容", file=name)
        raise ImportFileError(
            "文件中没有找到绩效目标表（没有含“一级指标”“三级指标”“指标值”等表头的表格）", file=name
        )
    _fill_from_document(tables, cover)
    return ParseResult(file=name, layout=_file_layout(tables, layout), tables=tables, problems=report.problems,
                       notes=report.notes)


def _fill_from_flat(tables: list[GoalTable], flat: list[GoalTable]) -> None:
    """The year and unit code the printed tables do not show, from the flat sheet's rows."""
    by_key = {}
    for row in flat:
        by_key.setdefault((row.code, row.name), row)
        by_key.setdefault(("", row.name), row)
    for table in tables:
        match = by_key.get((table.code, table.name)) or by_key.get(("", table.name))
        if match is None:
            continue
        table.year = table.year or match.year
        if not table.unit_code and (not table.unit_name or table.unit_name == match.unit_name):
            table.unit_code, table.unit_name = match.unit_code, match.unit_name


def _fill_from_document(tables: list[GoalTable], cover_lines: list[str]) -> None:
    """Year and department stated once for the whole document (its cover or its department table)."""
    cover = read_cover(cover_lines)
    department = cover.department or next(
        (t.department for t in tables if t.kind == KIND_OVERALL and t.layout == "overall" and t.department), ""
    )
    year = cover.year
    for table in tables:
        table.year = table.year or year
        year = year or table.year
        table.department = table.department or department
        if not table.unit_name and not table.unit_code:
            table.unit_name = table.department
        if table.layout == "duty" and not table.name:
            table.name = f"{table.department}部门整体绩效目标" if table.department else "部门整体绩效目标"


def _file_layout(tables: list[GoalTable], forced: str | None) -> str:
    if forced:
        return forced
    seen = list(dict.fromkeys(t.layout for t in tables))
    return "+".join(seen)


def detect_layout(name: str, data: bytes) -> str:
    """The layout of a file as parse_file reads it: one of LAYOUTS, or several joined by "+"."""
    return parse_file(name, data).layout
