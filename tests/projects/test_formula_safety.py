"""No formula injection in any export that writes user text into a spreadsheet (issue 16, item 5).

Files are re-opened as a spreadsheet program would (openpyxl, csv): text that starts with
= + - @, tab or CR is a text cell (never a formula), numbers stay numbers, and importing the
exported file gives the same text back.
"""
import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from documents.render.xlsx_render import render_xlsx
from indicators.models import Indicator
from projects.models import GoalTable
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.transfer.exports import export_tables_file
from projects.transfer.indicator_resources import IndicatorResource
from projects.transfer.resources import GoalTableResource
from tests.base import make_world

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "'=1"]


@pytest.fixture
def world():
    world = make_world(2023)
    GoalTable.objects.filter(pk=world.table_a.pk).update(
        name=HOSTILE[0], purpose=HOSTILE[1], annual_goal=HOSTILE[2], period=HOSTILE[3][:20], filled_by=HOSTILE[4],
        phone=HOSTILE[5], title=HOSTILE[6], budget_total=Decimal("-12.50"),
    )
    rows = list(Indicator.objects.filter(table=world.table_a).order_by("order"))
    assert len(rows) == 3
    for row, text in zip(rows, HOSTILE):
        row.name = row.description = text
        row.save()
    rows[0].value = Decimal("-5")
    rows[0].save()
    return world


def admin_export(client, world, model, resource, fmt):
    client.force_login(world.admin)
    fields = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    info = (model._meta.app_label, model._meta.model_name)
    response = client.post(reverse("admin:{}_{}_export".format(*info)), {"format": fmt, "resource": "0", **fields})
    assert response.status_code == 200
    return response.content


def xlsx_cells(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_and_text_kept(cells, texts):
    assert all(cell.data_type != "f" for cell in cells)
    values = {cell.value for cell in cells}
    for text in texts:
        assert text in values, text
    for cell in cells:
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
            assert cell.data_type == "s" and cell.quotePrefix  # shown as text when the cell is edited too


@pytest.mark.parametrize("model, resource", [(GoalTable, GoalTableResource), (Indicator, IndicatorResource)])
def test_admin_xlsx_export_stores_hostile_text_as_text_and_numbers_as_numbers(client, world, model, resource):
    cells = xlsx_cells(admin_export(client, world, model, resource, "1"))
    texts = [HOSTILE[0], HOSTILE[1], HOSTILE[4], HOSTILE[6]] if model is GoalTable else HOSTILE[:3]
    assert_no_formula_and_text_kept(cells, texts)
    numbers = [c.value for c in cells if c.data_type == "n" and c.value is not None]
    assert (-12.5 if model is GoalTable else -5) in numbers


@pytest.mark.parametrize("model, resource", [(GoalTable, GoalTableResource), (Indicator, IndicatorResource)])
def test_admin_csv_export_quotes_hostile_text_and_leaves_numbers(client, world, model, resource):
    content = admin_export(client, world, model, resource, "0")
    cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for cell in row]
    assert all(not cell or cell[0] not in "=+-@\t\r" or cell in ("-12.50", "-5") for cell in cells), cells
    assert "'" + HOSTILE[0] in cells and "'" + HOSTILE[1] in cells and "'" + HOSTILE[2] in cells
    assert ("-12.50" if model is GoalTable else "-5") in cells


@pytest.mark.parametrize("fmt", ["0", "1"])
def test_the_exported_file_imports_back_with_the_same_text(client, world, fmt):
    content = admin_export(client, world, GoalTable, GoalTableResource, fmt)
    from projects.transfer.resources import FORMATS
    dataset = FORMATS[int(fmt)]().create_dataset(content)
    result = GoalTableResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    table = GoalTable.objects.get(pk=world.table_a.pk)
    assert (table.name, table.purpose, table.title, table.budget_total) == (
        HOSTILE[0], HOSTILE[1], HOSTILE[6], Decimal("-12.50")
    )
    assert result.totals["skip"] == GoalTable.objects.count()  # nothing changed


def test_our_own_excel_export_writes_no_formula(world):
    export = export_tables_file(tables=GoalTable.objects.filter(pk=world.table_a.pk), fmt="xlsx")
    assert_no_formula_and_text_kept(xlsx_cells(export.content), [HOSTILE[0], HOSTILE[1]])
    document = goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=world.table_a.pk)).get())
    assert_no_formula_and_text_kept(xlsx_cells(render_xlsx([document])), [HOSTILE[0]])
