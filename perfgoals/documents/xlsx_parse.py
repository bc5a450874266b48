"""Reading the visible worksheets of a workbook into table rows.

A merge range becomes one RawCell at every position it covers.  A number is given back as
the sheet shows it: 95 with the format "0.00" reads "95.00", 25 with '0"%"' reads "25%", so
a target or an amount keeps the scale it was filed with.
"""
from __future__ import annotations

import datetime
import io
import re
import warnings
from decimal import Decimal, InvalidOperation

from .rawgrid import RawCell, Row, Stream

MAX_POSITIONS = 2_000_000  # cells a worksheet may spread over (merges included)


class SheetTooLarge(Exception):
    pass


def number_text(value, number_format: str | None) -> str:
    section = (number_format or "General").split(";")[0]
    literal = "".join(re.findall(r'"([^"]*)"', section))
    bare = re.sub(r'"[^"]*"|\\.', "", section)
    percent = "%" in bare
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if percent:
            number *= 100
        places = re.search(r"0\.(0+)", bare)
        if places:
            number = number.quantize(Decimal(1).scaleb(-len(places.group(1))))
        elif number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        else:
            number = number.normalize()
        text = format(number, "f")
    except (InvalidOperation, ValueError, OverflowError):
        text = str(value)
    return text + ("%" if percent else "") + literal


def cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        return number_text(value, getattr(cell, "number_format", None))
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else f"{value.year}.{value.month}.{value.day}"
    if isinstance(value, datetime.date):
        return f"{value.year}.{value.month}.{value.day}"
    return str(value)


def read_sheet(ws) -> Stream:
    cells = getattr(ws, "_cells", None)
    if cells is None:  # not the openpyxl this was written for: walk the sheet the public way
        cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
    filled = {pos: c for pos, c in cells.items() if c.value is not None and c.value != ""}
    merged: dict[tuple[int, int], tuple[RawCell, bool]] = {}
    spread = 0
    rows_used = {r for r, _ in filled}
    cols_used = {c for _, c in filled}
    for rng in ws.merged_cells.ranges:
        top = cells.get((rng.min_row, rng.min_col))
        if top is None or top.value in (None, ""):
            continue  # an empty merge holds nothing to read
        spread += (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1)
        if spread > MAX_POSITIONS:
            raise SheetTooLarge(ws.title)
        raw = RawCell(cell_text(top))
        for r in range(rng.min_row, rng.max_row + 1):
            rows_used.add(r)
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = (raw, r == rng.min_row)
        cols_used.update((rng.min_col, rng.max_col))
    stream = Stream(sheet=ws.title)
    if not rows_used:
        return stream
    min_col, max_col = min(cols_used), max(cols_used)
    width = max_col - min_col + 1
    if width * len(rows_used) > MAX_POSITIONS:
        raise SheetTooLarge(ws.title)
    for r in sorted(rows_used):
        out: list[RawCell] = []
        first: list[bool] = []
        for c in range(min_col, max_col + 1):
            found = merged.get((r, c))
            if found is not None:
                out.append(found[0])
                first.append(found[1])
                continue
            cell = filled.get((r, c))
            out.append(RawCell(cell_text(cell) if cell is not None else ""))
            first.append(True)
        stream.items.append(Row(out, first, sheet=ws.title, number=r, col0=min_col))
    return stream


def read_workbook(data: bytes) -> list[Stream]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    try:
        return [read_sheet(ws) for ws in workbook.worksheets if ws.sheet_state == "visible"]
    finally:
        workbook.close()
