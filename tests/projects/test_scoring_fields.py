"""分值, 评（扣）分标准, 计算公式 and 数据来源 filed with the goal (财预〔2020〕10号): typed in the editor,
checked against the scheme's shares on submission, brought in from the field's files and kept
through the database into the exports."""
from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from documents.parse.reader import parse_file
from documents.render.xlsx_render import render_xlsx
from projects.models import GoalTable
from projects.review.workflow import WorkflowError, goal_table_submit
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.services import goal_table_save_document
from projects.transfer.imports import import_confirm, import_preview
from tests.documents.import_build import xlsx_file
from tests.documents.test_scoring_columns import CENTRAL_ROWS
from tests.projects.editorkit import edit_url, load_form, row_prefixes
from tests.projects.reviewkit import complete_rows, review_world_once, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
S = GoalTable.Status


def _load(table):
    return goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get())


def _with_weights(world, *weights):
    """Table A (成本, 产出, 效益, 满意度 rows) saved by its staff with these 分值."""
    rows = [dataclasses.replace(r, weight=None if w is None else Decimal(w)) for r, w in zip(complete_rows(), weights)]
    document = dataclasses.replace(_load(world.table_a), indicators=rows)
    table = GoalTable.objects.get(pk=world.table_a.pk)
    goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a, table=table,
                             user=world.staff_a)
    return GoalTable.objects.get(pk=world.table_a.pk)


# --- the editor ----------------------------------------------------------------------------------

def test_staff_type_the_scoring_in_the_editor_and_it_is_saved_and_shown(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    first = row_prefixes(data)[0]
    data.update({
        f"{first}-weight": "20", f"{first}-scoring_standard": "控制在预算内得满分，超支不得分",
        f"{first}-formula": "实际支出÷预算数×100%", f"{first}-data_source": "财务决算报表",
    })
    assert client.post(edit_url(world.table_a), data).status_code == 302
    row = _load(world.table_a).indicators[0]
    assert (row.weight, row.scoring_standard, row.formula, row.data_source) == (
        Decimal(20), "控制在预算内得满分，超支不得分", "实际支出÷预算数×100%", "财务决算报表")
    page = client.get(edit_url(world.table_a)).content.decode()
    assert '<th class="c-weight" scope="col">分值</th>' in page
    assert f'name="{first}-weight" value="20"' in page
    assert "控制在预算内得满分，超支不得分</textarea>" in page


def test_a_weight_that_is_not_a_number_is_named_at_its_cell_and_nothing_is_saved(client, world):
    client.force_login(world.staff_a)
    before = _load(world.table_a)
    data = load_form(client, world.table_a)
    first = row_prefixes(data)[0]
    data[f"{first}-weight"] = "二十分"
    response = client.post(edit_url(world.table_a), data)
    assert response.status_code == 200
    page = response.content.decode()
    cell = page[page.index(f'id="f-{first}-weight"'):]
    assert "分值“二十分”不是数字" in cell[: cell.index("</td>")]
    assert 'value="二十分"' in cell[: cell.index("</td>")]  # what was typed stays on the page
    assert _load(world.table_a) == before


# --- submission ----------------------------------------------------------------------------------

def test_weights_that_add_up_to_the_schemes_full_marks_submit(world):
    table = _with_weights(world, 20, 30, 30, 10)  # 产出（含成本）50, 效益 30, 满意度 10, +预算执行率 10
    goal_table_submit(table=table, user=world.staff_a)
    assert GoalTable.objects.get(pk=table.pk).status == S.SUBMITTED


def test_a_row_without_weight_or_a_wrong_total_is_refused_with_what_to_do(world):
    table = _with_weights(world, 20, 30, 30, None)
    with pytest.raises(WorkflowError) as refused:
        goal_table_submit(table=table, user=world.staff_a)
    said = " ".join(refused.value.problems)
    assert "本指标没有。请填写分值" in said
    assert "各指标分值合计80分，加预算执行率10分共90分，应为100分" in said
    assert GoalTable.objects.get(pk=table.pk).status == S.DRAFT


def test_the_shares_are_the_schemes_own(world):
    """A scheme that sets 产出 60, 效益 20, 满意度 10 and 预算执行率 10: 20/40/20/10 is right there."""
    scheme = world.table_a.scheme
    scheme.weight_output, scheme.weight_benefit = Decimal(60), Decimal(20)
    scheme.save()
    table = _with_weights(world, 20, 40, 20, 10)
    goal_table_submit(table=table, user=world.staff_a)
    assert GoalTable.objects.get(pk=table.pk).status == S.SUBMITTED


def test_shares_off_the_scheme_are_a_warning_the_reviewer_sees_not_a_refusal(world, client):
    table = _with_weights(world, 10, 30, 40, 10)  # adds up to 100, but 产出 40 and 效益 40
    goal_table_submit(table=table, user=world.staff_a)
    client.force_login(world.reviewer)
    page = client.get(reverse("review_table", args=[table.pk])).content.decode()
    assert 'data-code="R-SCORE-SHARES"' in page
    assert "产出指标（含成本指标）下各指标的分值合计40分，指标体系规定为50分" in page


# --- import and export -------------------------------------------------------------------------------

def test_scoring_columns_of_a_field_file_come_in_and_go_out_again(world):
    preview = import_preview(files=[("中央部门导出.xlsx", xlsx_file(("绩效目标", CENTRAL_ROWS, {})))], year=world.year.year,
                             unit_code=world.unit_a.code, new_unit_department=world.dept_a)
    assert [p.message for p in preview.errors] == []
    assert {"weight", "scoring_standard", "formula", "data_source"} <= preview.tables[0].extra_columns
    result = import_confirm(preview=preview)
    (saved,) = [goal_table_to_document(t) for t in goal_table_prefetch(GoalTable.objects.filter(
        pk__in=[t.pk for t in result.tables]))]
    fields = ("weight", "scoring_standard", "formula", "data_source")
    expected = [(Decimal(30), "完成20公里得满分，每少1公里扣2分", "实际维护里程之和", "交通站台账"),
                (Decimal(20), "每多1次扣5分", "", "12345热线记录")]
    assert [tuple(getattr(r, f) for f in fields) for r in saved.indicators] == expected
    (again,) = parse_file("导出.xlsx", render_xlsx([saved])).tables
    assert [tuple(getattr(r, f) for f in fields) for r in again.indicators] == expected


def test_a_negative_weight_is_refused_at_its_cell(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    first = row_prefixes(data)[0]
    data[f"{first}-weight"] = "-5"
    page = client.post(edit_url(world.table_a), data).content.decode()
    cell = page[page.index(f'id="f-{first}-weight"'):]
    assert "分值“-5”是负数，分值不能小于0" in cell[: cell.index("</td>")]
    assert _load(world.table_a).indicators[0].weight is None


def test_a_line_with_a_cell_that_does_not_read_is_still_checked_for_the_rest(client, world):
    """A bad 分值 on the 成本 row: its format error, not a made-up “缺少成本指标”."""
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    first = row_prefixes(data)[0]
    data[f"{first}-weight"] = "二十分"
    response = client.post(reverse("table_check", args=[world.table_a.pk]), data)
    found = response.json()
    text = json.dumps(found, ensure_ascii=False)
    assert "分值“二十分”不是数字" in text
    assert "R-COMPLETE-LEVEL1" not in text and "缺少一级指标" not in text


def test_django_speaks_chinese_to_a_browser_that_asks_for_english(client, world):
    """An English Windows (or a test robot) sends Accept-Language: en; the messages stay Chinese and a field
    under “更多” is named."""
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    first = row_prefixes(data)[0]
    data[f"{first}-scoring_standard"] = "扣" * 32768
    page = client.post(edit_url(world.table_a), data, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Ensure this value" not in page
    assert "“评（扣）分标准”" in page and "32767" in page
