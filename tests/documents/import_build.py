"""Building Word and Excel files in tests, shaped like the originals behind the seeds.

A table is given as rows of strings; "^" is the cell above merged down into this row (Word
vMerge, an Excel merge range), "<" the cell to the left merged across.  Any other string is
a cell of its own, so a merged cell "stored as empty cells" is just "".
"""
from __future__ import annotations

import io
from decimal import Decimal

import docx
import openpyxl

UP, LEFT = "^", "<"


def _regions(rows: list[list]):
    """(row, col, last row, last col, value) for every cell that is not a merge marker."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value in (UP, LEFT):
                continue
            c2 = c
            while c2 + 1 < len(row) and row[c2 + 1] == LEFT:
                c2 += 1
            r2 = r
            while r2 + 1 < len(rows) and c < len(rows[r2 + 1]) and rows[r2 + 1][c] == UP:
                r2 += 1
            yield r, c, r2, c2, value


def docx_file(*blocks) -> bytes:
    """A Word document: a str is a paragraph, a list of rows is a table."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        ncols = max(len(row) for row in block)
        table = document.add_table(rows=len(block), cols=ncols)
        for r, c, r2, c2, value in _regions(block):
            cell = table.cell(r, c)
            if (r2, c2) != (r, c):
                cell = cell.merge(table.cell(r2, c2))
            cell.text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file(*sheets) -> bytes:
    """A workbook: each sheet is (title, rows, number formats {(row, col): format}); rows may hold
    numbers, which are written as number cells."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        title, rows, *rest = sheet
        formats = rest[0] if rest else {}
        ws = book.create_sheet(title)
        for r, c, r2, c2, value in _regions(rows):
            if isinstance(value, Decimal):
                value = float(value)
            ws.cell(row=r + 1, column=c + 1, value=value if value != "" else None)
            if (r, c) in formats:
                ws.cell(row=r + 1, column=c + 1).number_format = formats[(r, c)]
            if (r2, c2) != (r, c):
                ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r2 + 1, end_column=c2 + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
