"""`manage.py benchmark [--quick]`: how fast the exports and imports are, against the fastest way to do the same.

Each figure is measured in a forked child process, so its peak memory (the child's peak resident
size, which starts from this process's size) is its own and one measurement cannot slow the next.
The export tables are built in memory.  The imports run against a throwaway in-memory SQLite
database, migrated once in this process before the children are forked (benchmark_db); the
real database is never opened.

The XLSX of 100,000 indicator rows is the file a user gets for that many rows: more than
MAX_TABLE_SHEETS tables, so 指标明细 and a 说明 sheet; a workbook with a sheet per table is
measured at MAX_TABLE_SHEETS tables.
"""
from __future__ import annotations

import copy
import gc
import io
import math
import os
import pickle
import resource
import sys
import tempfile
import time
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.goaltable import DepartmentDocument, GoalTable, IndicatorRow, Milestone, Section
from documents.render.docx_render import render_docx
from documents.render.xlsx_render import FLAT_COLUMNS, FLAT_SHEET, MAX_TABLE_SHEETS, render_xlsx
from perfgoals.management import benchmark_db

INDICATORS = 12  # per table, as a typical filed project table
UNITS = 10  # units of the benchmark department

# Targets of issue 7, at full size.
FULL_TABLES, FULL_ROWS = 500, 100_000
QUICK_TABLES, QUICK_ROWS = 50, 10_000
DOCX_SECONDS = 1.0
XLSX_SECONDS = 5.0
XLSX_MEGABYTES = 200.0
# Targets of issue 8, at full size.
FULL_IMPORT_TABLES, FULL_FLAT_ROWS = 200, 20_000
QUICK_IMPORT_TABLES, QUICK_FLAT_ROWS = 20, 2_000
IMPORT_SECONDS = 2.0
FLAT_SECONDS = 3.0
# Issue 16: a large file is read in time linear in its tables, within bounded memory.
FULL_LARGE_TABLES, QUICK_LARGE_TABLES = 2_000, 200

TIME_BUDGET = 1.5  # seconds: short measurements are repeated (at most REPEAT times) and the best kept
REPEAT = 3

TREE = [
    ("成本指标", "经济成本指标"),
    ("产出指标", "数量指标"),
    ("产出指标", "数量指标"),
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("满意度指标", "服务对象满意度指标"),
]


# ---------------------------------------------------------------------------
# Workloads: realistic project tables with texts of filed length, different in every table


def sample_table(index: int, *, indicators: int = INDICATORS, units: int = UNITS) -> GoalTable:
    unit = index % units + 1
    budget = Decimal(100 + index % 900) + Decimal("0.50")
    rows = []
    for k in range(indicators):
        level1, level2 = TREE[k % len(TREE)]
        value = Decimal(90 + k % 10)
        rows.append(
            IndicatorRow(
                level1=level1,
                level2=level2,
                name=f"第{index + 1}项工作指标{k + 1}完成情况",
                description=f"反映项目{index + 1}第{k + 1}项任务按计划完成的程度和质量",
                comparator="≥",
                value=value,
                unit="%",
                value_text=f"≥{value}%",
                basis="计划标准",
            )
        )
    return GoalTable(
        year=2024,
        department="示范市行政审批服务局",
        unit_code=f"{630000 + unit}",
        unit_name=f"示范市行政审批服务局第{unit}分局",
        seq=index + 1,
        code=f"13030324P{index:012d}A",
        name=f"政务服务能力提升项目{index + 1}",
        budget_total=budget,
        fiscal_funds=budget,
        purpose=f"用于第{index + 1}个政务服务项目的设备购置、系统运维和人员培训，保障窗口正常运转。",
        annual_goal=f"完成项目{index + 1}年度建设任务，提升政务服务效率，群众和企业办事满意度保持在95%以上。",
        milestone_unit="percent",
        milestones=[Milestone(f"{m}月底", m, Decimal(p)) for m, p in ((3, "25"), (6, "50"), (10, "75"), (12, "100"))],
        indicators=rows,
    )


def department_of(tables: int) -> DepartmentDocument:
    return DepartmentDocument(
        year=2024,
        department="示范市行政审批服务局",
        title="示范市行政审批服务局2024年部门预算绩效文本",
        compiled_by="示范市行政审批服务局",
        reviewed_by="示范市财政局",
        sections=[
            Section("第一部分 部门整体绩效目标", "深化“放管服”改革，优化营商环境。\n推进政务服务标准化、规范化、便利化。", 1),
            Section("一、总体绩效目标", "全年办件按时办结率不低于99%。", 2),
            Section("第二部分 预算项目绩效目标", "", 1),
        ],
        tables=[sample_table(i) for i in range(tables)],
    )


def tables_of_rows(rows: int) -> list[GoalTable]:
    count = math.ceil(rows / INDICATORS)
    return [sample_table(i, indicators=min(INDICATORS, rows - i * INDICATORS)) for i in range(count)]


def flat_rows(tables: list[GoalTable]) -> list[tuple]:
    """The rows of the flat sheet (指标明细), as render_xlsx writes them."""
    out = []
    for t in tables:
        lead = (t.year, t.unit_code, t.unit_name, t.code, t.name)
        for r in t.all_indicators():
            out.append(lead + (r.level1, r.level2, r.name, r.description, r.comparator, r.value, r.unit,
                               r.value_text, r.basis, r.direction))
    return out


# ---------------------------------------------------------------------------
# Ways to write the files.  Each `prepare_*` builds its input (not timed) and returns the timed writer.


def prepare_render_docx(tables: int) -> Callable[[], bytes]:
    document = department_of(tables)
    return lambda: render_docx(document)


def _docx_parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def _zip(parts: list[tuple[zipfile.ZipInfo, bytes]], replace: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info, data in parts:
            data = (replace or {}).get(info.filename, data)
            z.writestr(info.filename, data, compress_type=info.compress_type, compresslevel=1)
    return out.getvalue()


def prepare_parse(tables: int) -> Callable[[], bytes]:
    """Only reading the department document back (parse_file), without the database."""
    from documents.parse.reader import parse_file

    data = render_docx(department_of(tables))

    def read() -> bytes:
        if len(parse_file("部门预算绩效文本.docx", data).tables) != tables:
            raise CommandError("解析出的表数不符")
        return data

    return read


def prepare_raw_zip(rendered: bytes) -> Callable[[], bytes]:
    """The floor: the finished file's XML parts, already built, only zipped again."""
    parts = _docx_parts(rendered)
    return lambda: _zip(parts)


def prepare_lxml_copy(tables: int) -> Callable[[], bytes]:
    """One table's XML built once (by render_docx), deep-copied `tables` times with lxml, serialised and zipped."""
    from lxml import etree

    one = render_docx(department_of(1).tables[0])
    parts = _docx_parts(one)
    root = etree.fromstring(dict((i.filename, d) for i, d in parts)["word/document.xml"])
    body = root[0]
    elements = list(body)[:-1]  # the last child, w:sectPr, stays last
    for element in elements:
        body.remove(element)

    def write() -> bytes:
        document = copy.deepcopy(root)
        target = document[0]
        position = 0
        for _ in range(tables):
            for element in elements:
                target.insert(position, copy.deepcopy(element))
                position += 1
        xml = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
        return _zip(parts, {"word/document.xml": xml})

    return write


def prepare_render_xlsx(rows: int) -> Callable[[], bytes]:
    """The file a user gets for `rows` indicators: render_xlsx decides the sheets by the number of tables."""
    tables = tables_of_rows(rows)
    return lambda: render_xlsx(tables)


def prepare_render_xlsx_sheets(tables: int) -> Callable[[], bytes]:
    """A workbook with a sheet per table (up to MAX_TABLE_SHEETS tables), then 指标明细."""
    documents = [sample_table(i) for i in range(tables)]
    return lambda: render_xlsx(documents, table_sheets=True)


def prepare_openpyxl(rows: int) -> Callable[[], bytes]:
    from openpyxl import Workbook

    data = flat_rows(tables_of_rows(rows))
    header = tuple(title for title, _ in FLAT_COLUMNS)

    def write() -> bytes:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(FLAT_SHEET)
        sheet.append(header)
        for row in data:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    return write


def prepare_xlsxwriter(rows: int) -> Callable[[], bytes]:
    import xlsxwriter

    data = flat_rows(tables_of_rows(rows))
    header = [title for title, _ in FLAT_COLUMNS]

    def write() -> bytes:
        with tempfile.TemporaryDirectory() as folder:  # constant_memory streams through temporary files
            path = os.path.join(folder, "flat.xlsx")
            book = xlsxwriter.Workbook(path, {"constant_memory": True})
            sheet = book.add_worksheet(FLAT_SHEET)
            sheet.write_row(0, 0, header)
            for index, row in enumerate(data, start=1):
                sheet.write_row(index, 0, row)
            book.close()
            with open(path, "rb") as f:
                return f.read()

    return write


def prepare_xlsxwriter_sheets(tables: int) -> Callable[[], bytes]:
    """The same workbook as render_xlsx with a sheet per table (grid rows, merges, widths, heights,
    then 指标明细), written by xlsxwriter from the grids already resolved."""
    import xlsxwriter

    from documents.grid import iter_grids
    from documents.render.xlsx_render import _column_widths, _row_heights

    documents = [sample_table(i) for i in range(tables)]
    sheets = []
    for index, grid in enumerate(iter_grids(documents), start=1):
        widths = _column_widths(grid)
        slots = grid.slots()
        cells = []
        for r, row in enumerate(slots, start=1):  # row 0: the title
            for col, cell, first in row:
                if first:
                    value = cell.text if cell.number is None else float(cell.number)
                    end = (r + cell.rowspan - 1, col + cell.colspan - 1)
                    cells.append((r, col, value, cell.is_header, end if end != (r, col) else None))
        sheets.append((f"{index}.{grid.name}"[:31], grid.heading, widths, _row_heights(slots, widths), cells))
    data = flat_rows(documents)
    header = [title for title, _ in FLAT_COLUMNS]

    def write() -> bytes:
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        title = book.add_format({"bold": True, "font_size": 16})
        formats = {
            bold: book.add_format({"bold": bold, "border": 1, "text_wrap": True, "valign": "vcenter"})
            for bold in (False, True)
        }
        for name, heading, widths, heights, cells in sheets:
            sheet = book.add_worksheet(name)
            for col, w in enumerate(widths):
                sheet.set_column(col, col, w)
            sheet.merge_range(0, 0, 0, len(widths) - 1, heading, title)
            for r, height in enumerate(heights, start=1):
                sheet.set_row(r, height)
            for r, col, value, bold, end in cells:
                if end is None:
                    sheet.write(r, col, value, formats[bold])
                else:
                    sheet.merge_range(r, col, end[0], end[1], value, formats[bold])
        flat = book.add_worksheet(FLAT_SHEET)
        flat.write_row(0, 0, header)
        for index, row in enumerate(data, start=1):
            flat.write_row(index, 0, [float(v) if isinstance(v, Decimal) else v for v in row])
        book.close()
        return out.getvalue()

    return write


def has_xlsxwriter() -> bool:
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------------------
# Measuring


@dataclass
class Measurement:
    seconds: float  # wall-clock time of the best run
    cpu: float  # processor time of the best run: steadier than wall time on a busy machine
    megabytes: float  # peak memory
    size: int  # bytes of the file written
    payload: bytes | None = None


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _time(prepare: Callable[[], Callable[[], bytes]]) -> tuple[float, float, bytes]:
    """Best wall and processor time of up to REPEAT runs; a writer's `before`/`after` (an import's
    transaction, rolled back so the next run starts from the same tables) run outside the timing."""
    write = prepare()
    before, after = getattr(write, "before", None), getattr(write, "after", None)
    best, best_cpu, spent, runs, data = math.inf, math.inf, 0.0, 0, b""
    while runs < REPEAT and (runs == 0 or spent < TIME_BUDGET):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        data = write()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - start_cpu
        if after:
            after()
        best, best_cpu = min(best, elapsed), min(best_cpu, cpu)
        spent, runs = spent + elapsed, runs + 1
    return best, best_cpu, data


def measure(prepare: Callable[[], Callable[[], bytes]], *, keep: bool = False) -> Measurement:
    """Time the writer `prepare()` returns, in a child process; `keep` brings the file back."""
    if not hasattr(os, "fork"):
        return _measure_here(prepare, keep=keep)
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: measure, send the result, leave without running the parent's exit handlers
        code = 0
        # The parent's objects are not the measurement's: left to the collector they would be scanned
        # (and their pages copied) at every full collection of the child.
        gc.freeze()
        try:
            os.close(read)
            seconds, cpu, data = _time(prepare)
            result = ("ok", Measurement(seconds, cpu, _peak_rss_mb(), len(data), data if keep else None))
        except BaseException as error:  # noqa: BLE001 - reported by the parent
            result, code = ("error", f"{type(error).__name__}: {error}"), 1
        try:
            with os.fdopen(write, "wb") as pipe:
                pipe.write(pickle.dumps(result))
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        raw = pipe.read()
    os.waitpid(pid, 0)
    if not raw:
        raise CommandError("测量进程意外退出")
    status, value = pickle.loads(raw)
    if status != "ok":
        raise CommandError(f"测量失败：{value}")
    return value


def can_fork() -> bool:
    return hasattr(os, "fork")


def _measure_here(prepare: Callable[[], Callable[[], Any]], *, keep: bool) -> Measurement:
    """Without fork: Python's own allocations (tracemalloc) stand for the peak memory."""
    tracemalloc.start()
    try:
        seconds, cpu, data = _time(prepare)
        peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()
    return Measurement(seconds, cpu, peak, len(data), data if keep else None)


# ---------------------------------------------------------------------------
# The printed table


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, *, right: bool = False) -> str:
    space = " " * max(size - width(text), 0)
    return space + text if right else text + space


def table(headers: list[str], rows: list[list[str]], *, numeric_from: int = 1) -> list[str]:
    sizes = [max(width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(pad(c, sizes[i], right=i >= numeric_from) for i, c in enumerate(cells)).rstrip()

    return [line(headers), "  ".join("-" * s for s in sizes), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = "测量 Word 与 Excel 导出、导入的速度和内存，并与同一库做同一件事的最快方式比较"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quick", action="store_true",
            help=(f"缩小规模：{QUICK_TABLES} 张表 / {QUICK_ROWS:,} 行指标 / 导入 {QUICK_IMPORT_TABLES} 张表与 "
                  f"{QUICK_FLAT_ROWS:,} 条指标（完整为 {FULL_TABLES} 张 / {FULL_ROWS:,} 行 / "
                  f"{FULL_IMPORT_TABLES} 张与 {FULL_FLAT_ROWS:,} 条）"),
        )

        parser.add_argument(
            "--load", action="store_true",
            help=("只做负载测试：gunicorn + PostgreSQL，1/5/20 个并发会话的填报人与审核人页面组合，"
                  "请求/秒与 p50/p95/p99；须在 scripts/with-postgres 下运行（会清空并填充该数据库）"),
        )
        parser.add_argument("--tables", type=int, default=None, help="负载测试的表数（默认 3000，--quick 为 300）")
        parser.add_argument("--workers", type=int, default=None, help="gunicorn worker 数（默认 2×核数+1）")
        parser.add_argument("--seconds", type=float, default=None, help="每一步的秒数（默认 15，--quick 为 4）")

    def handle(self, *args: Any, quick: bool = False, load: bool = False, **options: Any) -> None:
        if load:
            return self._load(quick=quick, **options)
        tables, rows = (QUICK_TABLES, QUICK_ROWS) if quick else (FULL_TABLES, FULL_ROWS)
        imported, flat = (QUICK_IMPORT_TABLES, QUICK_FLAT_ROWS) if quick else (FULL_IMPORT_TABLES, FULL_FLAT_ROWS)
        sheet_tables = MAX_TABLE_SHEETS // 10 if quick else MAX_TABLE_SHEETS
        scale = {"docx": tables / FULL_TABLES, "xlsx": rows / FULL_ROWS,
                 "import": imported / FULL_IMPORT_TABLES, "flat": flat / FULL_FLAT_ROWS}
        large = QUICK_LARGE_TABLES if quick else FULL_LARGE_TABLES
        sheets = math.ceil(rows / INDICATORS)
        out = self.stdout.write
        out(f"性能基准（{'快速' if quick else '完整'}规模：{tables} 张表 / {rows:,} 行指标，每表 {INDICATORS} 项指标；"
            f"导入 {imported} 张表 / {flat:,} 条指标）")
        out("正在测量，每项在单独的子进程中运行……")

        docx_subject = measure(lambda: prepare_render_docx(tables), keep=True)
        docx_base = [
            (f"基线 lxml：一张表的 XML 深拷贝 {tables} 次后打包", measure(lambda: prepare_lxml_copy(tables))),
            ("基线 zipfile：同一文件已生成的 XML 直接打包", measure(lambda: prepare_raw_zip(docx_subject.payload))),
        ]
        xlsx_subject = measure(lambda: prepare_render_xlsx(rows))
        xlsx_base = [(f"基线 openpyxl write_only：同样 {rows:,} 行扁平指标", measure(lambda: prepare_openpyxl(rows)))]
        if has_xlsxwriter():
            xlsx_base.append(
                (f"基线 xlsxwriter constant_memory：同样 {rows:,} 行扁平指标", measure(lambda: prepare_xlsxwriter(rows)))
            )
        sheets_subject = measure(lambda: prepare_render_xlsx_sheets(sheet_tables))
        sheets_base = []
        if has_xlsxwriter():
            sheets_base.append((f"基线 xlsxwriter：同样 {sheet_tables} 页（合并、列宽、行高）+ 指标明细",
                                measure(lambda: prepare_xlsxwriter_sheets(sheet_tables))))

        flat_sheet_only = sheets > MAX_TABLE_SHEETS
        groups = [
            (f"DOCX render_docx：部门文本 {tables} 张表", docx_subject, docx_base),
            (f"XLSX render_xlsx：{rows:,} 行指标（{sheets:,} 张表，"
             + (f"超过 {MAX_TABLE_SHEETS} 张：指标明细 + 说明）" if flat_sheet_only else "各一页 + 指标明细）"),
             xlsx_subject, xlsx_base),
            (f"XLSX render_xlsx：{sheet_tables} 张表各一页 + 指标明细（{sheet_tables * INDICATORS:,} 行）",
             sheets_subject, sheets_base),
        ]

        import_subject = flat_subject = None
        if can_fork():
            with benchmark_db.throwaway_database(units=UNITS):
                import_subject = measure(lambda: benchmark_db.prepare_docx_import(department_of, imported))
                preview_only = measure(lambda: benchmark_db.prepare_docx_import(department_of, imported, confirm=False))
                flat_subject = measure(lambda: benchmark_db.prepare_flat_import(sample_table, flat, INDICATORS))
                bulk_base = measure(lambda: benchmark_db.prepare_bulk_create(sample_table, flat, INDICATORS))
                large_subject = measure(lambda: benchmark_db.prepare_docx_import(department_of, large))
                large_parse = measure(lambda: prepare_parse(large))
            groups += [
                (f"导入预览+确认：一个含{imported}张表的DOCX", import_subject,
                 [("  其中预览（解析、审核规则，不写库）", preview_only)]),
                (f"平铺导入：{flat:,}条指标（django-import-export）", flat_subject,
                 [(f"基线 Django bulk_create：同样 {flat:,} 条（不校验、无历史记录）", bulk_base)]),
                (f"大文件导入预览+确认：一个含{large:,}张表的DOCX", large_subject,
                 [("  其中只解析文件（parse_file，不访问数据库）", large_parse)]),
            ]

        body = []
        for label, subject, bases in groups:
            baselines = [m for name, m in bases if name.startswith("基线")]
            fastest = min((m.seconds for m in baselines), default=None)
            body.append(self._row(label, subject, subject.seconds / fastest if fastest else None))
            for name, m in bases:
                ratio = subject.seconds / m.seconds if name.startswith("基线") else None
                body.append(self._row(("  " + name) if not name.startswith("  ") else name, m, ratio))
        out("")
        for line in table(["测量项", "耗时（秒）", "CPU（秒）", "峰值内存（MB）", "文件（KB）", "倍数"], body):
            out(line)
        out("倍数：本项目耗时 ÷ 该写法耗时；本项目所在行为对同组最快写法之比；“—”为无可比的写法。")
        out("耗时为墙钟时间（多次运行取最短）；CPU 为同一运行的处理器时间，机器繁忙时比墙钟时间稳定。")
        out("峰值内存：测量进程的峰值常驻内存，含 Python、已加载的模块和测量的输入（导入时含内存数据库）。")
        out(f"XLSX：超过 {MAX_TABLE_SHEETS} 张表的导出只有“指标明细”和“说明”两页（render_xlsx 的规则），"
            f"故 {rows:,} 行一项测的是用户实际得到的文件；每表一页的工作簿按 {sheet_tables} 张表测量。")
        if not has_xlsxwriter():
            out("未安装 xlsxwriter，略过其基线。")
        if import_subject is None:
            out("本平台不支持 fork，略过导入测量（导入须在单独进程中使用临时数据库）。")
        else:
            out("导入：在临时的内存 SQLite 数据库中进行（迁移一次，每次运行后回滚），不触及真实数据库。")
            small, big = import_subject.cpu / imported * 1000, large_subject.cpu / large * 1000
            out(f"每张表的导入 CPU 时间：{imported} 张表时 {small:.1f} 毫秒，{large:,} 张表时 {big:.1f} 毫秒"
                f"（之比 {big / small:.2f}；与表数成线性时约为 1）。")

        targets = [
            (f"DOCX {tables} 张表 < {DOCX_SECONDS * scale['docx']:g} 秒", docx_subject, "s",
             DOCX_SECONDS * scale["docx"]),
            (f"XLSX {rows:,} 行 < {XLSX_SECONDS * scale['xlsx']:g} 秒", xlsx_subject, "s",
             XLSX_SECONDS * scale["xlsx"]),
            (f"XLSX {rows:,} 行 峰值内存 < {XLSX_MEGABYTES:g} MB", xlsx_subject, "MB", XLSX_MEGABYTES),
        ]
        if import_subject is not None:
            targets += [
                (f"导入预览+确认 {imported} 张表 < {IMPORT_SECONDS * scale['import']:g} 秒", import_subject, "s",
                 IMPORT_SECONDS * scale["import"]),
                (f"平铺导入 {flat:,} 条 < {FLAT_SECONDS * scale['flat']:g} 秒", flat_subject, "s",
                 FLAT_SECONDS * scale["flat"]),
            ]
        out("")
        rows_out = []
        for name, m, unit, limit in targets:
            if unit == "MB":
                rows_out.append([name, f"{m.megabytes:.1f} MB", "", "达标" if m.megabytes < limit else "未达标"])
            else:
                rows_out.append([name, f"{m.seconds:.3f} 秒", f"{m.cpu:.3f} 秒", "达标" if m.seconds < limit else "未达标"])
        for line in table(["目标", "实测", "CPU", "结果"], rows_out):
            out(line)
        out("结果按墙钟时间判定；CPU 时间供机器繁忙时参考。")
        if quick:
            out(f"快速模式：时间目标按规模折算自 {FULL_TABLES} 张表 < {DOCX_SECONDS:g} 秒、"
                f"{FULL_ROWS:,} 行 < {XLSX_SECONDS:g} 秒、导入 {FULL_IMPORT_TABLES} 张表 < {IMPORT_SECONDS:g} 秒、"
                f"平铺 {FULL_FLAT_ROWS:,} 条 < {FLAT_SECONDS:g} 秒，仅供参考。")

    @staticmethod
    def _row(label: str, m: Measurement, ratio: float | None) -> list[str]:
        shown = "—" if ratio is None else f"{ratio:.1f}×"
        return [label, f"{m.seconds:.3f}", f"{m.cpu:.3f}", f"{m.megabytes:.1f}", f"{m.size / 1024:,.0f}", shown]

    def _load(self, *, quick: bool, tables: int | None = None, workers: int | None = None, seconds: float | None = None, **options: Any) -> None:
        from perfgoals.management import benchmark_load as load

        tables = tables or (load.QUICK_TABLES if quick else load.FULL_TABLES)
        workers = workers or 2 * (os.cpu_count() or 1) + 1
        seconds = seconds or (load.QUICK_STEP_SECONDS if quick else load.STEP_SECONDS)
        try:
            steps = load.run_load(tables=tables, workers=workers, seconds=seconds, out=self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        rows = [
            [s.mix, str(s.sessions), f"{s.requests:,}", f"{s.rate:.1f}", *(f"{s.percentile(p) * 1000:,.0f}" for p in (50, 95, 99)),
             f"{s.cpu_ms_per_request:,.0f}", str(s.errors)]
            for s in steps
        ]
        self.stdout.write("")
        self.stdout.write(f"负载测试结果（{tables:,} 张表，gunicorn {workers} 个 worker，每步 {seconds:g} 秒）")
        for line in table(["页面组合", "并发会话", "请求数", "请求/秒", "p50 ms", "p95 ms", "p99 ms", "CPU ms/请求", "错误"], rows):
            self.stdout.write(line)
        busiest = [s for s in steps if s.sessions == max(load.CONCURRENCY)]
        page_rows = [
            [s.mix, page, f"{len(times):,}", *(f"{load.percentile(times, p) * 1000:,.0f}" for p in (50, 95))]
            for s in busiest
            for page, times in sorted(s.by_page.items())
        ]
        self.stdout.write("")
        self.stdout.write(f"各页面（{max(load.CONCURRENCY)} 个并发会话）")
        for line in table(["页面组合", "页面", "请求数", "p50 ms", "p95 ms"], page_rows, numeric_from=2):
            self.stdout.write(line)
        if any(s.errors for s in steps):
            raise CommandError("负载测试中有请求失败（非 200 或被转到登录页），见上表“错误”一栏。")
