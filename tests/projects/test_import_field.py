"""The field's forms through the whole import: preview (what was normalised), save, and the
saved table exported and read again unchanged — every new field survives the database."""
import dataclasses
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from documents.parse.reader import parse_file
from documents.render.docx_render import render_docx
from documents.render.xlsx_render import render_xlsx
from projects.models import GoalTable
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.transfer.imports import import_confirm, import_preview
from tests.base import make_world
from tests.documents.test_import_field import EXPORT, NATIONAL_SELFEVAL, TERM_BODY, TRANSFER, _term_table

pytestmark = pytest.mark.django_db

TERM = _term_table([
    ["长期绩效指标", "<", "<", "<", "年度绩效指标", "<", "<", "<"],
    ["一级指标", "二级指标", "三级指标", "指标值", "一级指标", "二级指标", "三级指标", "指标值"],
] + TERM_BODY)


@pytest.fixture
def world():
    return make_world(2024)


def test_dry_run_json_says_what_was_normalised(world, tmp_path):
    path = tmp_path / "预算系统导出.xlsx"
    path.write_bytes(EXPORT)
    out = io.StringIO()
    call_command("import_tables", str(path), "--dry-run", "--format", "json", "--year", "2024",
                 "--new-units-in", world.dept_a.name, stdout=out, stderr=io.StringIO())
    data = json.loads(out.getvalue())
    assert data["problems"] == []
    assert [(t["unit"], t["name"], t["budget_total"], t["layout"]) for t in data["tables"]] == [
        ("820001", "道路维护", "123.4567", "rows"),
        ("820001", "环境整治", "5.00", "rows"),
        ("820002", "疫苗接种", "0.10005", "rows"),
    ]
    road = data["tables"][0]
    assert [(i["name"], i["comparator"], i["value"], i["unit"], i["direction"], i["weight"])
            for i in road["indicators"]] == [
        ("维护里程", "≥", "20", "公里", "正向", "20"),
        ("验收合格率", "=", "100", "%", "正向", "20"),
    ]
    notes = "\n".join(data["notes"])
    assert "金额已换算为万元" in notes and "汇总行已跳过" in notes
    assert GoalTable.objects.filter(name="道路维护").count() == 0


@pytest.mark.parametrize(("name", "data"), [
    ("转移支付.docx", TRANSFER), ("预算系统导出.xlsx", EXPORT), ("衔接资金.docx", TERM), ("自评表.docx", NATIONAL_SELFEVAL),
], ids=["transfer", "rows", "term", "selfeval"])
def test_saved_field_tables_export_and_read_back_unchanged(world, name, data):
    preview = import_preview(files=[(name, data)], year=2024, unit_code=world.unit_a.code,
                             new_unit_department=world.dept_a)
    assert [p.message for p in preview.errors] == []
    result = import_confirm(preview=preview)
    saved = [goal_table_to_document(t) for t in goal_table_prefetch(GoalTable.objects.filter(
        pk__in=[t.pk for t in result.tables])).order_by("pk")]
    parsed = [t.document for t in preview.tables]
    # every field the file gave is in the database: long-term rows, weights, actuals, scores, 元→万元
    assert [_content(t) for t in saved] == [_content(t) for t in parsed]
    for render in (render_docx, render_xlsx):
        again = parse_file("again", render(saved))
        assert [p.message for p in again.problems] == []
        assert [_content(t) for t in again.tables] == [_content(t) for t in saved]


def _content(table):
    """What a table's own layout prints (the year and department are on a department cover only)."""
    return dataclasses.replace(table, year=None, department="")


def test_six_decimals_of_wanyuan_are_kept(world):
    document = goal_table_to_document(world.table_a)
    document.budget_total = Decimal("12.345678")
    from projects.services import goal_table_save_document

    goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a, table=world.table_a)
    world.table_a.refresh_from_db()
    assert goal_table_to_document(world.table_a).budget_total == Decimal("12.345678")
    assert str(goal_table_to_document(world.table_a).fiscal_funds) == "7151.00"  # two decimals as before
