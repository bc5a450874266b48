"""`manage.py benchmark [--quick]`: how fast the Word and Excel exports are, against the fastest way to write the same.

Each figure is measured in a forked child process, so its peak memory (the child's peak resident
size, which starts from this process's size) is its own and one measurement cannot slow the next.
The tables are built in memory: no database is needed.
"""
from __future__ import annotations

import copy
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
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from django.core.management.base import BaseCommand, CommandError

from perfgoals.documents.docx_render import render_docx
from perfgoals.documents.goaltable import DepartmentDocument, GoalTable, IndicatorRow, Milestone, Section
from perfgoals.documents.xlsx_render import FLAT_COLUMNS, FLAT_SHEET, render_xlsx

INDICATORS = 12  # per table, as a typical filed project table
UNITS = 10  # units of the benchmark department

# Targets of issue 7, at full size.
FULL_TABLES, FULL_ROWS = 500, 100_000
QUICK_TABLES, QUICK_ROWS = 50, 10_000
DOCX_SECONDS = 1.0
XLSX_SECONDS = 5.0
XLSX_MEGABYTES = 200.0

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
    tables = tables_of_rows(rows)
    return lambda: render_xlsx(tables)


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
    write = prepare()
    best, best_cpu, spent, runs, data = math.inf, math.inf, 0.0, 0, b""
    while runs < REPEAT and (runs == 0 or spent < TIME_BUDGET):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = write()
        elapsed = time.perf_counter() - start
        best, best_cpu = min(best, elapsed), min(best_cpu, time.process_time() - start_cpu)
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


def _measure_here(prepare, *, keep: bool) -> Measurement:
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

    def line(cells):
        return "  ".join(pad(c, sizes[i], right=i >= numeric_from) for i, c in enumerate(cells)).rstrip()

    return [line(headers), "  ".join("-" * s for s in sizes), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = "测量 Word 与 Excel 导出的速度和内存，并与同一库写同一文件的最快方式比较"

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick", action="store_true",
            help=f"缩小规模：{QUICK_TABLES} 张表 / {QUICK_ROWS:,} 行指标（完整为 {FULL_TABLES} 张 / {FULL_ROWS:,} 行）",
        )

    def handle(self, *args, quick=False, **options):
        tables, rows = (QUICK_TABLES, QUICK_ROWS) if quick else (FULL_TABLES, FULL_ROWS)
        scale_docx, scale_xlsx = tables / FULL_TABLES, rows / FULL_ROWS
        sheets = math.ceil(rows / INDICATORS)
        out = self.stdout.write
        out(f"性能基准（{'快速' if quick else '完整'}规模：{tables} 张表 / {rows:,} 行指标，每表 {INDICATORS} 项指标）")
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

        body = []
        for label, subject, bases in (
            (f"DOCX render_docx：部门文本 {tables} 张表", docx_subject, docx_base),
            (f"XLSX render_xlsx：{rows:,} 行指标（{sheets:,} 张表各一页 + 指标明细）", xlsx_subject, xlsx_base),
        ):
            fastest = min(m.seconds for _, m in bases)
            body.append(self._row(label, subject, subject.seconds / fastest))
            for name, m in bases:
                body.append(self._row("  " + name, m, subject.seconds / m.seconds))
        out("")
        for line in table(["测量项", "耗时（秒）", "CPU（秒）", "峰值内存（MB）", "文件（KB）", "倍数"], body):
            out(line)
        out("倍数：本项目耗时 ÷ 该写法耗时；本项目所在行为对同组最快写法之比。")
        out("耗时为墙钟时间（多次运行取最短）；CPU 为同一运行的处理器时间，机器繁忙时比墙钟时间稳定。")
        out("峰值内存：测量进程的峰值常驻内存，含 Python 与已加载的模块。")
        if not has_xlsxwriter():
            out("未安装 xlsxwriter，略过其 constant_memory 基线。")

        targets = [
            (f"DOCX {tables} 张表 < {DOCX_SECONDS * scale_docx:g} 秒", docx_subject.seconds,
             DOCX_SECONDS * scale_docx, "秒"),
            (f"XLSX {rows:,} 行 < {XLSX_SECONDS * scale_xlsx:g} 秒", xlsx_subject.seconds,
             XLSX_SECONDS * scale_xlsx, "秒"),
            (f"XLSX {rows:,} 行 峰值内存 < {XLSX_MEGABYTES:g} MB", xlsx_subject.megabytes, XLSX_MEGABYTES, "MB"),
        ]
        out("")
        for line in table(
            ["目标", "实测", "结果"],
            [[name, f"{value:.3f} {unit}" if unit == "秒" else f"{value:.1f} {unit}", "达标" if value < limit else "未达标"]
             for name, value, limit, unit in targets],
        ):
            out(line)
        if quick:
            out(f"快速模式：时间目标按规模折算自 {FULL_TABLES} 张表 < {DOCX_SECONDS:g} 秒、"
                f"{FULL_ROWS:,} 行 < {XLSX_SECONDS:g} 秒，仅供参考。")

    @staticmethod
    def _row(label: str, m: Measurement, ratio: float) -> list[str]:
        return [label, f"{m.seconds:.3f}", f"{m.cpu:.3f}", f"{m.megabytes:.1f}", f"{m.size / 1024:,.0f}", f"{ratio:.1f}×"]
