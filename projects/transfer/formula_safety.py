"""User text in the admin's flat CSV/XLSX exports stays text: no formula injection (issue 16, item 5).

A name like `=HYPERLINK("http://x","y")` must not become a live formula when the file is opened.

- XLSX: such a cell is written as a string with Excel's quotePrefix style (what a leading
  apostrophe typed in Excel gives), never as a formula; its text is exactly what was stored.
- CSV has no cell types, so Excel evaluates text starting with = + - @, tab or CR.  Such text is
  written with a leading apostrophe (OWASP's advice), and the apostrophe is taken off again when
  the file is imported, so export → import keeps the text.  Numbers (-5.00, +3) stay numbers.

The project's own Word/Excel export (documents.render.xlsx_writer) follows the same rule.
"""
from __future__ import annotations

import warnings
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from import_export.formats import base_formats
from tablib import Dataset

from documents.render.xlsx_writer import FORMULA_START, looks_like_formula

APOSTROPHE = "'"


def _is_number(text: str) -> bool:
    try:
        return Decimal(text.strip()).is_finite()
    except InvalidOperation:
        return False


def _needs_apostrophe(text: str) -> bool:
    if text.startswith(APOSTROPHE):
        return True  # escaped too, so that taking one apostrophe off on import is always right
    return text.startswith(FORMULA_START) and not _is_number(text)


def csv_escape(value: object) -> object:
    """A CSV cell that Excel shows as the text it is."""
    if isinstance(value, str) and _needs_apostrophe(value):
        return APOSTROPHE + value
    return value


def csv_unescape(value: object) -> object:
    """The text `csv_escape` was given; text a person typed with one leading apostrophe is left as typed."""
    if isinstance(value, str) and value.startswith(APOSTROPHE) and _needs_apostrophe(value[1:]):
        return value[1:]
    return value


def escape_dataset(dataset: Dataset) -> Dataset:
    """A copy of a tablib Dataset with every cell escaped for CSV."""
    copy = dataset.__class__(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([csv_escape(v) for v in row])
    return copy


def unescape_dataset(dataset: Dataset) -> Dataset:
    copy = dataset.__class__(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([csv_unescape(v) for v in row])
    return copy


class SafeXLSX(base_formats.XLSX):
    """The library's XLSX, with text that starts like a formula stored as text."""

    def export_data(self, dataset: Dataset, **kwargs: Any) -> bytes:
        from openpyxl import Workbook
        from openpyxl.utils.exceptions import IllegalCharacterError
        from tablib.formats._xlsx import XLSXFormat

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            book = Workbook()
            sheet = book.worksheets[0]
            sheet.title = (dataset.title or "Tablib Dataset")[:31]
            try:
                XLSXFormat.dset_sheet(dataset, sheet, freeze_panes=True)
            except IllegalCharacterError:
                raise ValueError("导出失败：有文本含 Excel 不允许的控制字符，请改用 CSV 格式导出。") from None
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and looks_like_formula(cell.value):
                        cell.data_type = "s"  # openpyxl took a leading "=" for a formula
                        cell.quotePrefix = True
            stream = BytesIO()
            book.save(stream)
            return stream.getvalue()
