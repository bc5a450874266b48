"""Export → import of our own files changes nothing (issue 16, item 2).

Every seed department's tables, downloaded as the department's whole document or as a plain
selection, in Word and in Excel, and the whole year through `export_tables`/`import_tables`:
the import finds every table, calls it 无变化 and writes nothing — no history row, no new last
editor, the same 序号.
"""
from io import StringIO

import pytest
from django.core.management import call_command

from indicators.models import Indicator
from projects.demo import load_seed, load_taxonomy, seed_paths
from projects.models import Department, GoalTable, Milestone
from projects.transfer.exports import export_tables_file
from projects.transfer.imports import import_confirm, import_preview
from tests.base import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds():
    schemes = load_taxonomy()
    for path in seed_paths():
        load_seed(path, schemes)
    return make_user("importer", superuser=True)


def written():
    """Everything an import could write: the tables' rows, editors, numbers, and every history table."""
    return (
        sorted(GoalTable.objects.values_list("pk", "seq", "updated_by", "updated_at", "status")),
        GoalTable.history.count(), Milestone.history.count(), Indicator.history.count(), Indicator.objects.count(),
    )


def department_years():
    for department in Department.objects.order_by("pk"):
        years = GoalTable.objects.filter(unit__department=department).values_list("fiscal_year__year", flat=True)
        for year in sorted(set(years)):
            yield department, year


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("department_document", [True, False], ids=["department-document", "selection"])
def test_reimporting_our_own_download_is_unchanged_for_every_table(seeds, fmt, department_document):
    before = written()
    checked = 0
    for department, year in department_years():
        tables = GoalTable.objects.filter(unit__department=department, fiscal_year__year=year)
        export = export_tables_file(tables=tables, fmt=fmt, department_document=department_document)
        preview = import_preview(files=[(export.filename, export.content)])
        assert not preview.errors, [(p.place, p.message) for p in preview.errors]
        assert preview.totals() == {"created": 0, "updated": 0, "unchanged": tables.count(), "locked": 0}, (
            department.name, [(t.document.name, t.label) for t in preview.tables]
        )
        result = import_confirm(preview=preview, user=seeds)
        assert (result.created, result.updated, result.unchanged) == (0, 0, tables.count())
        checked += tables.count()
    assert checked == GoalTable.objects.count()
    assert written() == before


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_export_tables_then_import_tables_finds_every_table(seeds, fmt, tmp_path):
    """The issue's command-line case: Yuanjiang's project tables came back as six new tables."""
    before = written()
    for year in sorted(set(GoalTable.objects.values_list("fiscal_year__year", flat=True))):
        path = tmp_path / f"{year}.{fmt}"
        call_command("export_tables", "--year", str(year), "--format", fmt, "-o", str(path), stdout=StringIO())
        out = StringIO()
        call_command("import_tables", str(path), stdout=out)
        count = GoalTable.objects.filter(fiscal_year__year=year).count()
        assert f"新建 0 张，更新 0 张，无变化 {count} 张" in out.getvalue()
    assert written() == before


def test_a_layout_without_numbers_keeps_the_stored_number(seeds):
    """The hunan project tables print no 序号 outside the department document: the number stays."""
    yuanjiang = GoalTable.objects.filter(layout="hunan")
    numbers = sorted(yuanjiang.values_list("pk", "seq"))
    assert all(seq is not None for _, seq in numbers)
    export = export_tables_file(tables=yuanjiang, fmt="docx", department_document=False)
    preview = import_preview(files=[(export.filename, export.content)])
    assert {t.document.seq for t in preview.tables} == {seq for _, seq in numbers}
    assert all(t.label == "更新（无变化）" for t in preview.tables)
