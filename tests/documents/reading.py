"""Reading rendered files back the way Word and Excel see them: cells, spans and merges."""
from __future__ import annotations

import io

import docx
import openpyxl
from docx.oxml.ns import qn
from docx.table import _Cell


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def open_xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def docx_cells(table) -> list[tuple[int, int, int, str | None, str]]:
    """(row, grid column, gridSpan, vMerge, text) for every w:tc of a Word table."""
    out = []
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            out.append((r, col, tc.grid_span, tc.vMerge, _Cell(tc, table).text))
            col += tc.grid_span
    return out


def docx_text_at(table) -> dict[tuple[int, int], str]:
    return {(r, c): text for r, c, _, vmerge, text in docx_cells(table) if vmerge != "continue"}


def docx_merges(table) -> set[tuple[int, int, int, int]]:
    """Merged ranges (first row, first col, last row, last col) as Word draws them."""
    cells = docx_cells(table)
    at = {(r, c): (span, vmerge) for r, c, span, vmerge, _ in cells}
    merges = set()
    for r, c, span, vmerge, _ in cells:
        if vmerge == "continue":
            continue
        last = r
        if vmerge == "restart":
            while at.get((last + 1, c), (0, None))[1] == "continue":
                last += 1
        if last > r or span > 1:
            merges.add((r, c, last, c + span - 1))
    return merges


def row_flags(table, flag: str) -> list[bool]:
    """Whether each row carries a w:trPr flag (tblHeader, cantSplit)."""
    out = []
    for tr in table._tbl.tr_lst:
        pr = tr.trPr
        out.append(pr is not None and pr.find(qn(f"w:{flag}")) is not None)
    return out


def xlsx_merges(ws) -> set[tuple[int, int, int, int]]:
    """Merged ranges as 0-based (first row, first col, last row, last col)."""
    return {(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges}


def find_row(ws, text: str) -> int:
    """0-based index of the first row whose first cell says `text`."""
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        if row and row[0] == text:
            return r
    raise AssertionError(f"no row starts with {text!r}")
