"""The self-evaluation table (绩效自评表, MoF template of 财预〔2020〕10号) and the monitoring table
(运行监控表) as Word and Excel.  Plain data in, bytes out: no database here."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

import docx
import openpyxl
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


@dataclass
class SheetLine:
    level1: str
    level2: str
    name: str
    cells: list[str]  # the line's further columns, as printed


@dataclass
class Sheet:
    """A header block (label, value pairs), a line table, and a footer row."""

    title: str
    header: list[tuple[str, str]]
    columns: list[str]  # after 一级/二级/三级
    lines: list[SheetLine] = field(default_factory=list)
    footer: list[tuple[str, str]] = field(default_factory=list)
    # The column of `columns` the footer values stand under (得分 for the total); the default is the last.
    footer_column: str = ""

    def footer_index(self) -> int:
        """0-based index, among 一级/二级/三级 and `columns`, of the footer value."""
        if self.footer_column in self.columns:
            return 3 + self.columns.index(self.footer_column)
        return 2 + len(self.columns)


def text(value: Decimal | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _put(ws: openpyxl.worksheet.worksheet.Worksheet, row: int, column: int, value: str) -> None:
    cell = ws.cell(row, column, value)
    # Text that starts like a formula ("=HYPERLINK(…)") is kept as the text typed, never evaluated.
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def render_docx(sheet: Sheet) -> bytes:
    document = docx.Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(sheet.title)
    run.bold, run.font.size = True, Pt(16)
    header = document.add_table(rows=0, cols=4)
    header.style = "Table Grid"
    for start in range(0, len(sheet.header), 2):
        cells = header.add_row().cells
        for offset, (label, value) in enumerate(sheet.header[start:start + 2]):
            cells[offset * 2].text, cells[offset * 2 + 1].text = label, value
    columns = ["一级指标", "二级指标", "三级指标", *sheet.columns]
    grid = document.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    for cell, name in zip(grid.rows[0].cells, columns):
        cell.text = name
    for line in sheet.lines:
        for cell, value in zip(grid.add_row().cells, [line.level1, line.level2, line.name, *line.cells]):
            cell.text = value
    for label, value in sheet.footer:
        row = grid.add_row().cells
        at = sheet.footer_index()
        row[0].merge(row[at - 1]).text = label
        row[at].text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_xlsx(sheet: Sheet) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "绩效自评表" if "自评" in sheet.title else "运行监控表"
    columns = ["一级指标", "二级指标", "三级指标", *sheet.columns]
    width = len(columns)
    ws.cell(1, 1, sheet.title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    row = 2
    for label, value in sheet.header:
        _put(ws, row, 1, label)
        _put(ws, row, 2, value)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
        row += 1
    for column, name in enumerate(columns, 1):
        ws.cell(row, column, name).font = Font(bold=True)
    for line in sheet.lines:
        row += 1
        for column, value in enumerate([line.level1, line.level2, line.name, *line.cells], 1):
            _put(ws, row, column, value)
    for label, value in sheet.footer:
        row += 1
        at = sheet.footer_index() + 1
        _put(ws, row, 1, label)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=at - 1)
        _put(ws, row, at, value)
    for column in range(1, width + 1):
        ws.column_dimensions[get_column_letter(column)].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
