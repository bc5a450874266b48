"""Database → export file → empty database: the Qingdao tables (and every seed) come back field by field.

The files are made by `manage.py export_tables` from the demo data, loaded once for this module
and rolled back; each test then imports them into an empty database with `manage.py import_tables`.
"""
import dataclasses
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from projects.demo import load_taxonomy
from projects.models import Department, FiscalYear, GoalTable, Unit
from projects.selectors import goal_table_prefetch, goal_table_to_document
from tests.documents.printing import as_printed


def _documents(queryset):
    return [goal_table_to_document(t) for t in goal_table_prefetch(queryset.order_by("unit__code", "seq", "id"))]


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker, tmp_path_factory):
    """{(department, format): (paths, documents as the demo database holds them, (region, name), year)}."""
    folder = tmp_path_factory.mktemp("exports")
    files = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", verbosity=0, stdout=io.StringIO())
        for department in Department.objects.all():
            tables = GoalTable.objects.filter(unit__department=department)
            year = tables.values_list("fiscal_year__year", flat=True).first()
            units = sorted({u.code or u.name for u in Unit.objects.filter(department=department)})
            for fmt in ("docx", "xlsx"):
                paths = []
                for i, unit in enumerate(units):  # one file per unit, as units file them
                    path = folder / f"{department.name}-{i}.{fmt}"
                    call_command("export_tables", "--year", str(year), "--unit", unit, "-o", str(path), stdout=io.StringIO())
                    paths.append(str(path))
                files[(department.name, fmt)] = (paths, _documents(tables), (department.region, department.name), year)
        transaction.set_rollback(True)
    return files


def _import_into_empty_database(paths, department, year):
    load_taxonomy()
    region, name = department
    dept = Department.objects.create(region=region, name=name)
    out = io.StringIO()
    call_command("import_tables", *paths, "--year", str(year), "--new-units-in", name, stdout=out)
    return dept, out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_qingdao_comes_back_field_by_field(exported, fmt):
    paths, documents, department, year = exported[("青岛市行政审批服务局", fmt)]
    assert GoalTable.objects.count() == 0
    dept, out = _import_into_empty_database(paths, department, year)
    assert "导入完成：新建 6 张表" in out and "新建预算单位 1 个" in out

    unit = Unit.objects.get()
    assert (unit.code, unit.name, unit.department) == ("130001", "青岛市行政审批服务局本级", dept)
    assert FiscalYear.objects.get().year == 2023
    imported = _documents(GoalTable.objects.all())
    assert len(imported) == len(documents) == 6
    for got, want in zip(imported, documents):
        for field in want.__dataclass_fields__:
            assert getattr(got, field) == getattr(want, field), (want.name, field)
    # the figures a reader checks first, spelled out
    first = imported[0]
    assert (first.code, first.name, first.budget_total) == ("37020023P88002811163B", "市民中心后勤保障经费", Decimal("7151.00"))
    assert [m.value for m in first.milestones] == [Decimal("2000.00"), Decimal("5000.00"), Decimal("7000.00"), Decimal("7151.00")]
    assert [t.budget_total for t in imported] == [Decimal(x) for x in ("7151.00", "128.00", "1298.00", "11.00", "108.51", "497.00")]
    assert sum(len(t.indicators) for t in imported) == sum(len(t.indicators) for t in documents)

    # importing the same file again changes nothing
    again = io.StringIO()
    call_command("import_tables", *paths, "--year", str(year), stdout=again)
    assert "新建 0 张表，更新 0 张，无变化 6 张" in again.getvalue()
    assert GoalTable.objects.count() == 6


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("department", ["行政审批部门", "沅江市行政审批服务局", "临沂市行政审批服务局", "福州市鼓楼区行政服务中心管理委员会"])
def test_every_other_seed_comes_back(exported, department, fmt):
    paths, documents, dept, year = exported[(department, fmt)]
    assert GoalTable.objects.count() == 0
    _import_into_empty_database(paths, dept, year)
    imported = _documents(GoalTable.objects.all())
    assert [(t.code, t.name) for t in imported] == [(t.code, t.name) for t in documents]
    if len(paths) > 1:
        # A unit's own file numbers its tables from 1; the department document numbered them across units.
        assert [t.seq for t in imported] == [i + 1 for p in _per_unit(documents) for i in range(len(p))]
        imported = [dataclasses.replace(t, seq=None) for t in imported]
        documents = [dataclasses.replace(t, seq=None) for t in documents]
    for got, want in zip(imported, documents):
        assert got == as_printed(want), want.name  # each 指标值 that reads comes back as printed


def _per_unit(documents):
    groups = {}
    for document in documents:
        groups.setdefault((document.unit_code, document.unit_name), []).append(document)
    return list(groups.values())
