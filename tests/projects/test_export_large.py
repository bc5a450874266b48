"""An export of more tables than a workbook gets sheets for: the file a user downloads."""
import io
import zipfile

import openpyxl
import pytest

from documents.render.xlsx_render import FLAT_SHEET, MAX_TABLE_SHEETS, NOTE_SHEET
from projects.models import GoalTable
from projects.services import TableWrite, goal_tables_save_documents
from projects.transfer.exports import export_tables_file
from tests.base import make_world, sample_document

pytestmark = pytest.mark.django_db


def _sheet_count(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return sum(1 for name in z.namelist() if name.startswith("xl/worksheets/sheet"))


def test_an_export_over_the_limit_has_the_flat_sheet_and_the_note_and_at_the_limit_a_sheet_each():
    world = make_world()
    goal_tables_save_documents(writes=[
        TableWrite(document=sample_document(name=f"项目{i}", code=f"P{i:04d}"), fiscal_year=world.year, unit=world.unit_a)
        for i in range(MAX_TABLE_SHEETS)  # with table_a: one over the limit
    ])
    tables = GoalTable.objects.filter(unit=world.unit_a)
    assert tables.count() == MAX_TABLE_SHEETS + 1

    over = export_tables_file(tables=tables, fmt="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(over.content), read_only=True)
    assert book.sheetnames == [FLAT_SHEET, NOTE_SHEET]
    assert sum(1 for _ in book[FLAT_SHEET].iter_rows()) == 1 + 3 * (MAX_TABLE_SHEETS + 1)
    note = " ".join(str(row[0]) for row in book[NOTE_SHEET].iter_rows(values_only=True) if row[0])
    assert f"{MAX_TABLE_SHEETS + 1:,} 张绩效目标表" in note and "export_tables" in note

    at_limit = export_tables_file(tables=tables.exclude(pk=world.table_a.pk), fmt="xlsx")
    assert _sheet_count(at_limit.content) == MAX_TABLE_SHEETS + 1  # a sheet per table, then 指标明细
