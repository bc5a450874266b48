"""Goal tables to Excel: one sheet per table in its printed layout, plus the flat sheet 指标明细.

The table sheets draw the same Grid as Word and the HTML page (merged cells, widths, A4 in
the layout's orientation, header rows repeated on every printed page).  The flat sheet has
one row per indicator and no merges, for filtering and pivot tables.  Numbers are number
cells; text is never a formula (see xlsx_writer).

An export of more than MAX_TABLE_SHEETS tables gets 指标明细 alone and a 说明 sheet saying
why and how to get the table sheets: 100,000 indicators would be 8,334 sheets, a workbook
Excel opens slowly and nobody pages through.  The grids are built and written one at a time.
"""
from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator, Sequence

from documents.goaltable import DepartmentDocument, GoalTable
from documents.grid import (
    ALIGN_LEFT,
    ROLE_HEADING,
    ROLE_LABEL,
    Cell,
    Grid,
    Line,
    Slot,
    cell_align,
    iter_grids,
)
from documents.order import cover_title, department_order

from .gc_pause import gc_paused
from .xlsx_writer import Sheet, Workbook

FLAT_SHEET = "指标明细"
NOTE_SHEET = "说明"
MAX_TABLE_SHEETS = 300  # tables a workbook gets a sheet each for; above it, 指标明细 and 说明 only
FLAT_COLUMNS = (
    ("年度", 6),
    ("单位编码", 10),
    ("单位名称", 24),
    ("项目编码", 24),
    ("项目名称", 28),
    ("一级指标", 11),
    ("二级指标", 16),
    ("三级指标", 26),
    ("指标描述", 32),
    ("比较符", 7),
    ("指标值", 10),
    ("计量单位", 9),
    ("指标值（原文）", 14),
    ("指标值确定依据", 14),
    ("指标方向", 9),
    ("指标期限", 8),  # 长期: a row of the 中期/长期 block
    ("权重", 7),
    ("评（扣）分标准", 24),
    ("计算公式", 18),
    ("数据来源", 14),
    ("实际完成值", 12),
    ("得分", 7),
    ("偏差原因", 24),
)

# Total column width (in Excel character units) of a table sheet, per orientation.
SHEET_WIDTH = {False: 96.0, True: 150.0}
LINE_HEIGHT = 13.5  # points per line of 10.5 pt text
MIN_ROW_HEIGHT = 20.0


def _display_width(text: str) -> int:
    """Width in Excel character units: a Chinese character is two, a Latin one."""
    return (len(text.encode("utf-8")) + len(text)) // 2


def _lines(text: str, width: float) -> int:
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(_display_width(part) / usable)) for part in text.split("\n"))


class _Heights:
    """Text height in points per (text, width): a department's tables repeat their headings, labels,
    一级/二级 names and bases on every sheet."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, float], float] = {}

    def needed(self, text: str, width: float) -> float:
        key = (text, width)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = _lines(text, width) * LINE_HEIGHT + 6
        return found


class _Styles:
    def __init__(self, book: Workbook) -> None:
        self.book = book
        self._cells: dict[tuple, int] = {}
        self._memo: dict[tuple[Cell, bool], int] = {}
        self.title = book.style(bold=True, size=16, font="黑体", border=False)
        self.line = {
            align: book.style(size=11, border=False, align=align, wrap=False)
            for align in ("left", "center", "right")
        }

    def cell(self, cell: Cell, *, compact: bool) -> int:
        found = self._memo.get((cell, compact))
        if found is None:
            found = self._memo[(cell, compact)] = self._style(cell, compact)
        return found

    def _style(self, cell: Cell, compact: bool) -> int:
        align = cell_align(cell)
        key = (cell.role, align, cell.number_format, compact)
        style = self._cells.get(key)
        if style is None:
            align = "left" if align == ALIGN_LEFT else "center"
            style = self._cells[key] = self.book.style(
                bold=cell.role in (ROLE_HEADING, ROLE_LABEL),
                align=align,
                number_format=cell.number_format,
                size=9 if compact else 10.5,
            )
        return style


def _column_widths(grid: Grid) -> list[float]:
    total = sum(grid.widths)
    scale = SHEET_WIDTH[grid.landscape] / total
    return [round(w * scale, 2) for w in grid.widths]


def _row_heights(slots: Sequence[Sequence[Slot]], widths: Sequence[float], known: _Heights | None = None) -> list[float]:
    """Heights that show every wrapped text (Excel does not grow rows for merged cells)."""
    needed_for = (known or _Heights()).needed
    heights = [MIN_ROW_HEIGHT] * len(slots)
    tall = []
    for r, row in enumerate(slots):
        for col, cell, first in row:
            text = cell.text
            if not first or not text:
                continue
            span = cell.colspan
            width = widths[col] if span == 1 else sum(widths[col : col + span])
            if len(text) * 2 < width - 1 and "\n" not in text:
                continue  # one line fits the minimum height
            needed = needed_for(text, width)
            if cell.rowspan == 1:
                if needed > heights[r]:
                    heights[r] = needed
            else:
                tall.append((r, cell.rowspan, needed))
    for r, span, needed in tall:
        have = sum(heights[r : r + span])
        if have < needed:
            extra = (needed - have) / span
            for i in range(r, r + span):
                heights[i] += extra
    return heights


def _line_row(sheet: Sheet, styles: _Styles, line: Line, ncols: int) -> None:
    r = sheet.row_count
    parts = list(line.parts)
    if line.align == "spread" and len(parts) > 1:
        spans = [ncols // len(parts)] * len(parts)
        spans[-1] += ncols - sum(spans)
        cells, col = [], 0
        for i, (part, span) in enumerate(zip(parts, spans)):
            align = "left" if i == 0 else "right" if i == len(parts) - 1 else "center"
            cells.append((col, part, styles.line[align]))
            cells.extend((c, None, styles.line[align]) for c in range(col + 1, col + span))
            if span > 1:
                sheet.merge(r, col, r, col + span - 1)
            col += span
        sheet.row(cells, height=MIN_ROW_HEIGHT)
        return
    style = styles.line[line.align if line.align in styles.line else "left"]
    sheet.row([(0, "  ".join(parts), style)] + [(c, None, style) for c in range(1, ncols)], height=MIN_ROW_HEIGHT)
    if ncols > 1:
        sheet.merge(r, 0, r, ncols - 1)


def _title_row(sheet: Sheet, styles: _Styles, text: str, ncols: int) -> None:
    r = sheet.row([(0, text, styles.title)] + [(c, None, styles.title) for c in range(1, ncols)], height=30)
    if ncols > 1:
        sheet.merge(r, 0, r, ncols - 1)


def _table_sheet(book: Workbook, grid: Grid, styles: _Styles, name: str, heights: _Heights | None = None) -> None:
    widths = _column_widths(grid)
    ncols = grid.ncols
    sheet = book.add_sheet(name, widths=widths, landscape=grid.landscape)
    for text in (grid.heading, grid.title):
        if text:
            _title_row(sheet, styles, text, ncols)
    for line in grid.above:
        _line_row(sheet, styles, line, ncols)
    slots = grid.slots()
    heights = _row_heights(slots, widths, heights)
    first = sheet.row_count
    style_of = styles.cell
    compact = grid.compact
    merge = sheet.merge
    for row, height in zip(slots, heights):
        r = sheet.row_count
        cells = []
        append = cells.append
        for col, cell, is_first in row:
            style = style_of(cell, compact=compact)
            span = cell.colspan
            if is_first:
                number = cell.number
                append((col, cell.text if number is None else number, style))
                if span > 1 or cell.rowspan > 1:
                    merge(r, col, r + cell.rowspan - 1, col + span - 1)
            else:
                append((col, None, style))
            if span > 1:
                cells.extend((c, None, style) for c in range(col + 1, col + span))
        sheet.row(cells, height=height)
    if grid.header_rows:
        sheet.repeat_rows = (first, first + grid.header_rows - 1)
    for line in grid.below:
        _line_row(sheet, styles, line, ncols)


def _flat_sheet(book: Workbook, tables: Iterable[GoalTable]) -> None:
    sheet = book.add_sheet(FLAT_SHEET, widths=[w for _, w in FLAT_COLUMNS], landscape=True, gridlines=True,
                           freeze_rows=1, footer="")
    heading = book.style(bold=True, border=False, wrap=False)
    text = book.style(border=False, wrap=False, align="left")
    number = book.style(border=False, wrap=False, align="right")
    sheet.row([(i, title, heading) for i, (title, _) in enumerate(FLAT_COLUMNS)])
    sheet.value_rows(_flat_rows(tables), text=text, number=number)
    sheet.autofilter = f"A1:{sheet._letters[len(FLAT_COLUMNS) - 1]}{max(sheet.row_count, 1)}"
    sheet.repeat_rows = (0, 0)


def _flat_rows(tables: Iterable[GoalTable]) -> Iterator[tuple]:
    for table in tables:
        lead = (table.year, table.unit_code, table.unit_name, table.code, table.name)
        for row in table.all_indicators():
            yield lead + (row.level1, row.level2, row.name, row.description, row.comparator, row.value, row.unit,
                          row.value_text, row.basis, row.direction, row.term, row.weight, row.scoring_standard,
                          row.formula, row.data_source, row.actual_value_text,
                          row.score, row.deviation_reason)


def _subject(subject: GoalTable | DepartmentDocument | Iterable[GoalTable]) -> tuple[list[GoalTable], str, bool]:
    if isinstance(subject, DepartmentDocument):
        return department_order(subject.tables), cover_title(subject), True
    tables = [subject] if isinstance(subject, GoalTable) else list(subject)
    return tables, tables[0].name if len(tables) == 1 else "绩效目标表", False


def _note_sheet(book: Workbook, tables: Sequence[GoalTable]) -> None:
    """Why the workbook has no sheet per table, and how to get them."""
    indicators = sum(1 for table in tables for _ in table.all_indicators())
    sheet = book.add_sheet(NOTE_SHEET, widths=[100.0], fit_width=True, footer="")
    title = book.style(bold=True, size=14, border=False, align="left", wrap=False)
    text = book.style(border=False, align="left", valign="top")
    lines = [
        f"本文件共含 {len(tables):,} 张绩效目标表、{indicators:,} 条指标，超过每个文件 {MAX_TABLE_SHEETS} 张表的分表上限，"
        f"因此只生成了“{FLAT_SHEET}”工作表（每行一条指标，可筛选、排序、做数据透视表），没有为每张表各生成一页正式表样。",
        f"如需每张表一页的正式表样，请缩小导出范围，使每个文件不超过 {MAX_TABLE_SHEETS} 张表：在页面上按预算部门或预算单位"
        "分别导出、只勾选其中一部分表，或使用命令 python manage.py export_tables --year 年度 --unit 单位编码 "
        "--format xlsx -o 文件名.xlsx 按单位导出。",
        "需要打印、盖章或报送的正式文本，也可导出 Word 格式的部门文本。",
    ]
    sheet.row([(0, "说明", title)], height=28)
    for line in lines:
        sheet.row([(0, line, text)], height=_lines(line, 100.0) * LINE_HEIGHT + 8)


def render_xlsx(subject: GoalTable | Iterable[GoalTable] | DepartmentDocument, *,
                table_sheets: bool | None = None) -> bytes:
    """One table, a selection, or a department's tables as XLSX bytes: a sheet per table, then 指标明细.

    `table_sheets`: True for a sheet per table, False for 指标明细 alone, None (the default) to
    decide by size: a sheet per table for up to MAX_TABLE_SHEETS tables; above that 指标明细
    followed by a 说明 sheet that says the table sheets were left out and how to get them."""
    tables, title, numbering = _subject(subject)
    if not tables:
        raise ValueError("没有可导出的绩效目标表")
    too_many = table_sheets is None and len(tables) > MAX_TABLE_SHEETS
    if table_sheets is None:
        table_sheets = not too_many
    out = io.BytesIO()
    with gc_paused():
        book = Workbook(out, title=title)
        if table_sheets:
            styles, heights = _Styles(book), _Heights()
            # One grid at a time: built, written, dropped.
            for index, grid in enumerate(iter_grids(tables, numbering=numbering), start=1):
                _table_sheet(book, grid, styles, f"{index}.{grid.name}", heights)
        _flat_sheet(book, tables)
        if too_many:
            _note_sheet(book, tables)
        book.close()
    return out.getvalue()
