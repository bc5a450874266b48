"""Goal tables from the database to a Word or Excel file: one table, a selection, or a department's document.

The views and `export_tables` both come through `export_tables_file`, so a file looks the same
whichever way it was asked for.  The caller decides *which* tables (the views scope them through
projects.access first); this module only decides how they are put together and named.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import quote

from django.db.models import QuerySet

from documents import goaltable as doc
from documents.goaltable import LAYOUTS
from documents.grid import table_title
from documents.order import cover_title
from documents.render.docx_render import render_docx
from documents.render.xlsx_render import render_xlsx
from projects.models import GoalTable
from projects.selectors import department_document as build_department_document
from projects.selectors import goal_table_prefetch, goal_table_to_document

DOCX = "docx"
XLSX = "xlsx"
FORMATS = {
    DOCX: ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    XLSX: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", render_xlsx),
}
FORMAT_NAMES = {DOCX: "Word", XLSX: "Excel"}

# Department, unit, then the table's own number: the order of the printed document.
TABLE_ORDER = (
    "fiscal_year__year",
    "unit__department__region",
    "unit__department__name",
    "unit__code",
    "unit__name",
    "seq",
    "id",
)

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 120  # characters before the extension; long enough for any filed title


class ExportError(ValueError):
    """A request the export cannot meet; the message is for the user."""


class ExportFile(NamedTuple):
    filename: str  # in Chinese, as the user sees it
    content_type: str
    content: bytes
    ascii_filename: str  # for clients that do not read filename*
    count: int = 0  # tables in the file
    department_document: bool = False


def safe_filename(name: str) -> str:
    """A title as a file name: no path separators or characters Windows refuses."""
    name = _UNSAFE.sub("_", name).strip(" ._") or "绩效目标表"
    return name[:_MAX_NAME]


def ascii_filename(name: str) -> str:
    return _ASCII_UNSAFE.sub("-", name).strip("-.") or "goal-tables"


def content_disposition(export: ExportFile) -> str:
    """RFC 6266/5987: the Chinese name in filename*, an ASCII one for older clients."""
    return f"attachment; filename=\"{export.ascii_filename}\"; filename*=UTF-8''{quote(export.filename, safe='')}"


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ExportError(f"不支持的格式“{fmt}”，可选：{'、'.join(FORMATS)}")
    return fmt


def check_layout(layout: str | None) -> str | None:
    if layout and layout not in LAYOUTS:
        raise ExportError(f"没有“{layout}”版式，可选：{'、'.join(LAYOUTS)}")
    return layout or None


def one_department(tables: Iterable[GoalTable]) -> bool:
    """Whether the tables are all of one department and one year (a department document is possible)."""
    return len({(t.unit.department_id, t.fiscal_year_id) for t in tables}) == 1


def export_tables_file(*, tables: QuerySet[GoalTable], fmt: str, layout: str | None = None, department_document: bool | None = False) -> ExportFile:
    """The tables of `tables` (a GoalTable queryset, already scoped to the user) as one file.

    `department_document`: True for the department's whole document (cover, contents, report,
    tables numbered by unit; the tables must be of one department and year); False for the
    tables alone; None to choose: a department document when more than one table of one
    department and year is selected.  `layout` prints every table in that layout instead of its own.
    """
    content_type, render = FORMATS[check_format(fmt)]
    layout = check_layout(layout)
    models = list(goal_table_prefetch(tables).order_by(*TABLE_ORDER))
    if not models:
        raise ExportError("所选范围内没有绩效目标表")
    if department_document is None:
        department_document = len(models) > 1 and one_department(models)
    elif department_document and not one_department(models):
        raise ExportError("部门文本只能包含同一部门同一年度的绩效目标表")

    first = models[0]
    year = first.fiscal_year.year
    if department_document:
        subject = build_department_document(
            department=first.unit.department, fiscal_year=first.fiscal_year, tables=models
        )
        subject.tables = [_in_layout(t, layout) for t in subject.tables]
        name = cover_title(subject)
        if str(year) not in name:
            name = f"{year}年{name}"
        fallback = f"department-{first.unit.department_id}-{year}"
    elif len(models) == 1:
        subject = _in_layout(goal_table_to_document(first), layout)
        name = f"{year}年{table_title(subject)}"
        fallback = f"goal-table-{year}-{ascii_filename(first.code) if first.code else first.pk}"
    else:
        subject = [_in_layout(goal_table_to_document(t), layout) for t in models]
        years = {t.fiscal_year.year for t in models}
        prefix = f"{year}年" if len(years) == 1 else ""
        name = f"{prefix}绩效目标表（{len(models)}张）"
        fallback = f"goal-tables-{year if len(years) == 1 else 'years'}-{len(models)}"
    try:
        content = render(subject)
    except ValueError as error:  # a table the layout cannot print (e.g. too many milestones)
        raise ExportError(f"无法生成文件：{error}") from error
    return ExportFile(
        filename=f"{safe_filename(name)}.{fmt}",
        content_type=content_type,
        content=content,
        ascii_filename=f"{ascii_filename(fallback)}.{fmt}",
        count=len(models),
        department_document=bool(department_document),
    )


def _in_layout(document: doc.GoalTable, layout: str | None) -> doc.GoalTable:
    return dataclasses.replace(document, layout=layout) if layout else document
