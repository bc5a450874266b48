"""The editor pages through the real views: who reaches them, what a save does, what the page says."""
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents import goaltable as doc
from projects.editor.forms import MAX_ROWS, fields_per_row
from projects.models import GoalTable
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.services import document_with_parsed_values, goal_table_save_document
from tests.base import make_user, make_world, sample_document
from tests.projects.editorkit import add_row, edit_url, fill_document, form_fields, load_form, row_prefixes

pytestmark = pytest.mark.django_db
SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"


@pytest.fixture
def world():
    return make_world()


def _load(table):
    return goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get())


def _page(response) -> str:
    return response.content.decode()


def _messages(client, url):
    return [str(m) for m in client.get(url).context["messages"]]


# --- who reaches what --------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, world):
    for url in (reverse("table_new"), edit_url(world.table_a), reverse("table_history", args=[world.table_a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona,status", [("staff_a", 200), ("admin", 200), ("reviewer", 403), ("staff_b", 404)])
def test_edit_page_by_persona(client, world, persona, status):
    client.force_login(getattr(world, persona))
    response = client.get(edit_url(world.table_a))
    assert response.status_code == status
    if status == 403:
        assert "只能查看，不能修改" in _page(response)
        assert reverse("table_detail", args=[world.table_a.pk]) in _page(response)


@pytest.mark.parametrize("persona,status", [("reviewer", 403), ("staff_b", 404)])
def test_a_post_by_the_wrong_persona_changes_nothing(client, world, persona, status):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    data["t-name"] = "被篡改的名称"
    client.force_login(getattr(world, persona))
    assert client.post(edit_url(world.table_a), data).status_code == status
    assert GoalTable.objects.get(pk=world.table_a.pk).name == world.table_a.name


@pytest.mark.parametrize("persona,status", [("staff_a", 200), ("reviewer", 200), ("admin", 200), ("staff_b", 404)])
def test_history_page_by_persona(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("table_history", args=[world.table_a.pk])).status_code == status


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_staff_cannot_edit_a_table_under_review(client, world, status):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=status)
    client.force_login(world.staff_a)
    response = client.get(edit_url(world.table_a))
    assert response.status_code == 403
    assert "不能修改" in _page(response)


def test_a_returned_table_is_editable_again(client, world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status="returned")
    client.force_login(world.staff_a)
    assert client.get(edit_url(world.table_a)).status_code == 200


def test_new_table_page_by_persona(client, world):
    client.force_login(world.reviewer)  # no units of their own
    assert client.get(reverse("table_new")).status_code == 404
    client.force_login(world.staff_b)
    page = _page(client.get(reverse("table_new")))
    assert world.unit_b.name in page and world.unit_a.name not in page
    response = client.post(reverse("table_new"), {"fiscal_year": world.year.pk, "unit": world.unit_a.pk, "kind": "project", "name": "越权"})
    assert response.status_code == 404
    assert not GoalTable.objects.filter(name="越权").exists()


def test_staff_create_a_table_and_land_in_the_editor(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("table_new"), {"fiscal_year": world.year.pk, "unit": world.unit_a.pk, "kind": "project", "name": "新建项目", "code": "P001"}
    )
    table = GoalTable.objects.get(name="新建项目")
    assert response.status_code == 302 and response.url == edit_url(table)
    assert (table.unit, table.code, table.status, table.updated_by) == (world.unit_a, "P001", "draft", world.staff_a)
    page = _page(client.get(response.url))
    assert "3月底" in page and "12月底" in page


def test_create_form_explains_what_is_missing(client, world):
    client.force_login(world.staff_a)
    response = client.post(reverse("table_new"), {"fiscal_year": world.year.pk, "unit": world.unit_a.pk, "kind": "project"})
    assert response.status_code == 200
    assert "请填写项目名称" in _page(response)
    response = client.post(reverse("table_new"), {"fiscal_year": world.year.pk, "unit": world.unit_a.pk, "kind": "overall", "layout": "list"})
    assert "部门整体支出表不能使用" in _page(response)


def test_links_to_the_editor(client, world):
    client.force_login(world.staff_a)
    assert reverse("table_new") in _page(client.get(reverse("home")))
    assert edit_url(world.table_a) in _page(client.get(reverse("table_detail", args=[world.table_a.pk])))
    client.force_login(world.reviewer)
    assert reverse("table_new") not in _page(client.get(reverse("home")))
    detail = _page(client.get(reverse("table_detail", args=[world.table_a.pk])))
    assert edit_url(world.table_a) not in detail
    assert reverse("table_history", args=[world.table_a.pk]) in detail


# --- saving -----------------------------------------------------------------------------------


def test_saving_the_page_unchanged_keeps_the_table(client, world):
    client.force_login(world.staff_a)
    before = _load(world.table_a)
    response = client.post(edit_url(world.table_a), load_form(client, world.table_a))
    assert response.status_code == 302
    assert _load(world.table_a) == before
    assert "没有需要保存的修改" in " ".join(_messages(client, edit_url(world.table_a)))


def test_reorder_delete_and_add_rows_without_javascript(client, world):
    client.force_login(world.staff_a)
    ids = list(world.table_a.indicators.order_by("order").values_list("id", flat=True))
    data = load_form(client, world.table_a)
    first, second, third = row_prefixes(data)[:3]
    data[f"{first}-ORDER"], data[f"{third}-ORDER"] = "3", "1"  # swap the first and the last
    data[f"{second}-DELETE"] = "on"
    blank = row_prefixes(data)[3]  # the blank lines at the end take new indicators
    data.update({f"{blank}-level1": "效益指标", f"{blank}-level2": "社会效益指标", f"{blank}-name": "办事便利度",
                 f"{blank}-comparator": "≥", f"{blank}-value": "90", f"{blank}-unit": "%"})
    assert client.post(edit_url(world.table_a), data).status_code == 302

    rows = _load(world.table_a).indicators
    assert [r.name for r in rows] == ["服务对象满意度", "后勤保障预算控制数", "办事便利度"]
    assert rows[2].value_text == "≥90%"
    kept = list(world.table_a.indicators.order_by("order").values_list("id", flat=True))
    assert kept[:2] == [ids[2], ids[0]] and ids[1] not in kept
    assert "新增 1 条" in " ".join(_messages(client, edit_url(world.table_a)))


def test_a_format_error_saves_nothing_and_keeps_what_was_typed(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    data["t-budget_total"] = "七千"
    data["t-purpose"] = "新的资金用途"
    prefix = add_row(data, name="刚填的指标", value="12", unit="项")
    data["m-1-value"] = "五千"
    response = client.post(edit_url(world.table_a), data)
    assert response.status_code == 200  # the page comes back with what was typed, not an error page
    page = _page(response)
    assert "没有保存" in page
    budget = page[page.index('id="f-t-budget_total"'):page.index('id="f-t-fiscal_funds"')]
    assert "预算数：“七千”不是金额" in budget
    point = page[page.index('id="f-m-1"'):page.index('id="f-m-2"')]
    assert "资金支出计划6月底：“五千”不是金额" in point
    fields = form_fields(page)
    assert (fields["t-budget_total"], fields["t-purpose"], fields["m-1-value"]) == ("七千", "新的资金用途", "五千")
    assert fields[f"{prefix}-name"] == "刚填的指标"
    assert GoalTable.objects.get(pk=world.table_a.pk).purpose != "新的资金用途"


@pytest.mark.parametrize("typed,saved", [
    ("1,234.5", "1234.5"), ("1,000", "1000"), ("100万元", "100"), ("1234.50万元", "1234.50"),
    ("１，０３９．５", "1039.5"), (" 7151 万 ", "7151"), ("71510000元", "7151"),
])
def test_amounts_are_taken_as_people_paste_them(client, world, typed, saved):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    for name in ("t-budget_total", "t-fiscal_funds", "t-other_funds", "m-3-value"):
        data[name] = typed
    assert client.post(edit_url(world.table_a), data).status_code == 302
    table = _load(world.table_a)
    assert (table.budget_total, table.fiscal_funds, table.other_funds, table.milestones[3].value) == (Decimal(saved),) * 4


def test_a_percent_plan_takes_percent_signs_and_refuses_amounts(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    data["t-milestone_unit"] = "percent"
    data.update({"m-0-value": "２５％", "m-1-value": "50%", "m-2-value": "75", "m-3-value": "100"})
    assert client.post(edit_url(world.table_a), data).status_code == 302
    assert [m.value for m in _load(world.table_a).milestones] == [Decimal(v) for v in ("25", "50", "75", "100")]

    data = load_form(client, world.table_a)
    data["m-3-value"] = "7151万元"
    page = _page(client.post(edit_url(world.table_a), data))
    assert "资金支出计划12月底：本计划按百分比填报，“7151万元”是金额" in page


@pytest.mark.parametrize("typed,said", [
    ("1,5", "千位分隔符位置不对"), ("约100", "不是金额"), ("1e5", "不是金额"), ("100-200", "不是金额"), ("5%", "不能用在这里"),
    ("123.4567891", "最多保留6位小数"), ("0.005元", "超过6位小数"),  # 万元 to six decimals (issue 12)
])
def test_what_is_not_an_amount_is_named_and_the_rest_of_the_page_is_kept(client, world, typed, said):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    data["t-other_funds"] = typed
    data["t-purpose"] = "刚写的资金用途"
    response = client.post(edit_url(world.table_a), data)
    assert response.status_code == 200
    page = _page(response)
    field = page[page.index('id="f-t-other_funds"'):page.index('id="f-t-superior_funds"')]
    assert "其他资金：" in field and said in field
    assert form_fields(page)["t-purpose"] == "刚写的资金用途"
    assert GoalTable.objects.get(pk=world.table_a.pk).purpose != "刚写的资金用途"


def test_a_draft_saves_with_the_rules_findings_next_to_the_cells(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    rows = row_prefixes(data)
    data["t-other_funds"] = "100"  # 7151 + 100 ≠ 7151
    data["m-2-value"] = "4000.00"  # below 6月底's 5000
    data[f"{rows[1]}-level2"] = "服务对象满意度指标"  # not under 产出指标
    data[f"{rows[2]}-value"] = ""  # ≥ with no number
    assert client.post(edit_url(world.table_a), data).status_code == 302
    assert _load(world.table_a).milestones[2].value == Decimal("4000.00")

    page = _page(client.get(edit_url(world.table_a)))
    point = page[page.index('id="f-m-2"'):page.index('id="f-m-3"')]
    assert 'data-code="R-MONEY-PLAN-DECREASE"' in point and "少于6月底的5000万元" in point
    assert re.search(r'<td class="point has-issue" id="f-m-2"', page)
    sources = page[page.index('id="f-t-fiscal_funds"'):page.index("资金用途")]
    assert 'data-code="R-MONEY-SOURCES"' in sources
    lines = page.split('<tbody class="line')
    assert 'data-code="R-STRUCT-LEVEL2"' in lines[2]
    assert 'data-code="R-COMPLETE-VALUE"' in lines[3]
    # The list above the table: these four blockers and the table's missing 效益指标, each a link to
    # its cell; no rule codes in the text.
    panel = page[page.index('id="findings"'):page.index('class="sheet-head"')]
    assert re.search(r'其中 <strong class="blockers">5</strong> 处须在提交审核前改正', panel)
    for cell in ("grid-issues", "f-t-fiscal_funds", "f-m-2", f"f-{rows[1]}-level2", f"f-{rows[2]}-value"):
        assert f'href="#{cell}"' in panel
    assert "〔R-" not in page and "R-MONEY" not in re.sub(r'data-code="[^"]*"', "", page)


def _check(client, table, data):
    return client.post(reverse("table_check", args=[table.pk]), data)


@pytest.mark.parametrize("persona,status", [("staff_a", 200), ("admin", 200), ("reviewer", 403), ("staff_b", 404)])
def test_live_check_by_persona(client, world, persona, status):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    client.force_login(getattr(world, persona))
    assert _check(client, world.table_a, data).status_code == status
    assert client.get(reverse("table_check", args=[world.table_a.pk])).status_code == 405


def test_live_check_reads_the_unsaved_page_and_saves_nothing(client, world, django_assert_num_queries):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    rows = row_prefixes(data)
    data["t-budget_total"] = "7000"  # 财政资金 stays 7151
    data["m-1-value"] = "1000"  # 6月底 below 3月底
    data[f"{rows[0]}-value"] = ""
    before = _load(world.table_a)
    # session, user, the table and who may fill it (4), the table with its scheme, the scheme's categories
    with django_assert_num_queries(8):
        answer = _check(client, world.table_a, data).json()
    assert _load(world.table_a) == before
    blockers = [(m["code"], m["cell"]) for m in answer["marks"] if m["severity"] == "error"]
    assert ("R-MONEY-SOURCES", "f-t-fiscal_funds") in blockers
    assert ("R-MONEY-PLAN-DECREASE", "f-m-1") in blockers
    assert ("R-COMPLETE-VALUE", f"f-{rows[0]}-value") in blockers
    assert answer["blockers"] == len(blockers)
    assert f'其中 <strong class="blockers">{len(blockers)}</strong> 处须在提交审核前改正' in answer["html"]


def test_live_check_names_a_cell_that_does_not_read_and_checks_the_rest(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    data["t-budget_total"] = "七千"
    data["t-fiscal_funds"] = "100"
    answer = _check(client, world.table_a, data).json()
    (bad,) = [m for m in answer["marks"] if not m["code"]]
    assert bad["cell"] == "f-t-budget_total" and "预算数" in bad["message"]
    assert "格式不对" in answer["html"]
    # With no budget that reads, the sources are not compared with it; the rest is still checked.
    assert "R-MONEY-SOURCES" not in [m["code"] for m in answer["marks"]]
    assert "R-COMPLETE-LEVEL1" in [m["code"] for m in answer["marks"]]


def test_review_rule_findings_are_shown_at_their_row(client, world):
    document = sample_document(code="P-FINDINGS", indicators=[
        doc.IndicatorRow("产出指标", "数量指标", "服务人数", comparator="≥", value=Decimal("600"), unit="人", value_text="≥600人"),
        doc.IndicatorRow("产出指标", "质量指标", "设备完好率", comparator="≥", value=Decimal("100"), unit="%", value_text="≥100%"),
    ])
    table = goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a)
    client.force_login(world.staff_a)
    page = _page(client.get(edit_url(table)))
    lines = page.split('<tbody class="line')
    assert 'data-code="R-VALUE-RATE-100"' in lines[2] and "R-VALUE-RATE-100" not in lines[1]
    assert 'data-code="R-COMPLETE-LEVEL1"' in page.split('<tbody class="line')[0]  # table-level, above the grid


def test_a_stale_save_is_refused_and_the_page_keeps_what_was_typed(client, world):
    client.force_login(world.staff_a)
    mine = load_form(client, world.table_a)
    other = load_form(client, world.table_a)
    other["t-annual_goal"] = "另一个人写的目标"
    client.force_login(world.admin)
    assert client.post(edit_url(world.table_a), other).status_code == 302

    client.force_login(world.staff_a)
    mine["t-annual_goal"] = "我写的目标"
    prefix = add_row(mine, name="我新加的指标", value="5", unit="个")
    response = client.post(edit_url(world.table_a), mine)
    assert response.status_code == 409
    page = _page(response)
    saved = GoalTable.objects.get(pk=world.table_a.pk)
    assert f"本表已被 admin 于 {timezone.localtime(saved.updated_at):%H:%M} 修改" in page
    fields = form_fields(page)
    assert fields["t-annual_goal"] == "我写的目标" and fields[f"{prefix}-name"] == "我新加的指标"
    assert saved.annual_goal == "另一个人写的目标"

    # “仍然保存” posts the version the person was shown, and only that one.
    overwrite = re.search(r'name="overwrite" value="([^"]+)"', page).group(1)
    assert client.post(edit_url(world.table_a), {**fields, "overwrite": overwrite}).status_code == 302
    assert GoalTable.objects.get(pk=world.table_a.pk).annual_goal == "我写的目标"
    assert "我新加的指标" in [r.name for r in _load(world.table_a).indicators]


def test_a_typed_value_prints_canonically_and_history_keeps_what_was_typed(client, world):
    from indicators.models import Indicator

    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    row = row_prefixes(data)[0]
    data.update({f"{row}-comparator": "", f"{row}-value": "达到95％。", f"{row}-unit": ""})
    assert client.post(edit_url(world.table_a), data).status_code == 302
    detail = _page(client.get(reverse("table_detail", args=[world.table_a.pk])))
    assert "达到95%" in detail and "达到95％。" not in detail  # printed canonically
    assert _load(world.table_a).indicators[0].value_text == "达到95％。"  # the database keeps what was typed

    data = load_form(client, world.table_a)
    data[f"{row}-comparator"] = "≥"
    assert client.post(edit_url(world.table_a), data).status_code == 302
    indicator = _load(world.table_a).indicators[0]
    assert (indicator.comparator, indicator.value, indicator.value_text) == ("≥", Decimal("95"), "≥95%")
    detail = _page(client.get(reverse("table_detail", args=[world.table_a.pk])))
    assert "≥95%" in detail and "达到≥95%" not in detail and "95% 。" not in detail
    typed = Indicator.history.filter(name=indicator.name).values_list("value_text", flat=True)
    assert "达到95％。" in set(typed)


def test_history_page_shows_who_when_and_old_to_new(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    rows = row_prefixes(data)
    data[f"{rows[1]}-value"] = "650"
    data["t-budget_total"] = "7200.00"
    data[f"{rows[2]}-DELETE"] = "on"
    client.post(edit_url(world.table_a), data)

    page = _page(client.get(reverse("table_history", args=[world.table_a.pk])))
    latest = page[page.index('<section class="event">'):].split("</section>")[0]
    assert "staff_a" in latest and "在线编辑" in latest
    assert re.search(r"指标「服务人数」</td><td>修改</td><td>指标值（原文）</td><td class=\"old\">≥600人</td><td class=\"new\">≥650人", latest)
    assert re.search(r"表头</td><td>修改</td><td>预算数（万元）</td><td class=\"old\">7151</td><td class=\"new\">7200", latest)
    assert re.search(r"指标「服务对象满意度」</td><td>删除", latest)


def test_history_folds_a_mass_of_new_rows_into_one_line(client, world):
    table = _table_with(world, 20, "二十行")
    client.force_login(world.staff_a)
    page = _page(client.get(reverse("table_history", args=[table.pk])))
    assert "20 条：指标0、指标1、指标2等" in page
    assert "指标「指标7」" not in page


# --- size -------------------------------------------------------------------------------------


def _rows(n):
    names = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    return [
        doc.IndicatorRow(*names[i % 4], f"指标{i}", f"说明{i}", "≥", Decimal(i), "项", f"≥{i}项", basis="历史数据")
        for i in range(n)
    ]


def _table_with(world, n, name):
    return goal_table_save_document(document=sample_document(name=name, code=name, indicators=_rows(n)), fiscal_year=world.year, unit=world.unit_a)


def _count(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code == (302 if method == "post" else 200), response.status_code  # a save redirects
    return len(queries)


# What the editor page, a save and the history page may cost, whatever the number of rows.
EDITOR_QUERIES = {"page": 16, "save": 23, "history": 12}


def test_query_count_does_not_grow_with_rows(client, world):
    small, large = _table_with(world, 5, "小表"), _table_with(world, 120, "大表")
    client.force_login(world.staff_a)
    client.get(reverse("home"))  # the session's first request also records its activity (idle timeout)
    assert _count(client, "get", edit_url(small)) == _count(client, "get", edit_url(large)) <= EDITOR_QUERIES["page"]

    counts = []
    for table in (small, large):
        data = load_form(client, table)
        rows = row_prefixes(data)
        data[f"{rows[1]}-name"] = "改过的名称"
        data["t-purpose"] = "改过的用途"
        counts.append(_count(client, "post", edit_url(table), data))
    assert counts[0] == counts[1] <= EDITOR_QUERIES["save"]
    history = [_count(client, "get", reverse("table_history", args=[t.pk])) for t in (small, large)]
    assert history[0] == history[1] <= EDITOR_QUERIES["history"]


def test_the_form_fits_the_request_limit():
    header_and_plan = 200
    assert MAX_ROWS * fields_per_row() + header_and_plan <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert MAX_ROWS >= 300


def test_a_table_with_300_rows_loads_and_saves_through_the_page(client, world):
    table = _table_with(world, 300, "三百行")
    client.force_login(world.staff_a)
    data = load_form(client, table)
    rows = row_prefixes(data)
    assert len(rows) >= 300
    data[f"{rows[299]}-value"] = "999"
    add_row(data, level1="产出指标", level2="时效指标", name="第301行", value="3", unit="天")
    assert len(data) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert client.post(edit_url(table), data).status_code == 302
    saved = _load(table).indicators
    assert len(saved) == 301
    assert saved[299].value_text == "≥999项" and saved[300].name == "第301行"


def test_more_lines_than_the_form_takes_is_a_message_not_a_crash(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    data["r-TOTAL_FORMS"] = str(MAX_ROWS + 1)
    response = client.post(edit_url(world.table_a), data)
    assert response.status_code == 200
    assert "没有保存" in _page(response)


# --- filling in a seed table from scratch -------------------------------------------------------


def _seed(path, index):
    data = json.loads((SEEDS / path).read_text(encoding="utf-8"))
    return document_with_parsed_values(doc.GoalTable.from_dict(data["tables"][index]))


@pytest.mark.parametrize(
    "seed,index",
    [("000_qingdao.json", 0), ("001_shanhaiguan.json", 0), ("002_yuanjiang.json", 0), ("002_yuanjiang.json", 1), ("003_linyi.json", 0), ("004_fuzhou.json", 1)],
)
def test_a_new_user_fills_in_a_seed_table_and_gets_it_back(client, world, seed, index):
    expected = _seed(seed, index)
    GoalTable.objects.filter(pk=world.table_a.pk).update(code="P-OTHER")  # seed 000's code is table_a's
    newcomer = make_user("newcomer")
    world.unit_a.staff.add(newcomer)
    client.force_login(newcomer)
    response = client.post(reverse("table_new"), {
        "fiscal_year": world.year.pk, "unit": world.unit_a.pk, "kind": expected.kind, "layout": expected.layout, "name": expected.name,
    })
    table = GoalTable.objects.get(pk=int(response.url.strip("/").split("/")[-2]))
    data = load_form(client, table)
    fill_document(data, expected)
    response = client.post(edit_url(table), data)
    assert response.status_code == 302, _page(response)[:2000]

    saved = _load(table)
    for name in ("year", "department", "unit_code", "unit_name"):
        setattr(expected, name, getattr(saved, name))
    assert saved == expected


def test_giving_a_table_another_tables_code_is_refused_in_chinese_and_keeps_the_page(client, world):
    """The identity constraint (issue 16): one table per code in a year and unit, said in the page."""
    other = goal_table_save_document(document=sample_document(name="另一个项目", code="P-2"), fiscal_year=world.year,
                                     unit=world.unit_a)
    client.force_login(world.staff_a)
    data = load_form(client, other)
    data["t-code"] = world.table_a.code
    data["t-purpose"] = "刚刚输入的用途"
    response = client.post(edit_url(other), data)
    page = _page(response)
    assert response.status_code == 400
    assert f"已有项目编码为“{world.table_a.code}”" in page and "刚刚输入的用途" in page
    assert GoalTable.objects.get(pk=other.pk).code == "P-2"


def test_a_new_table_with_a_taken_code_is_refused_in_the_form(client, world):
    from projects.editor.services import goal_table_create

    names = {goal_table_create(user=world.staff_a, fiscal_year=world.year, unit=world.unit_a, kind="project").name
             for _ in range(2)}
    assert names == {"未命名项目", "未命名项目2"}  # without a code, a new table needs a name of its own
    client.force_login(world.staff_a)
    response = client.post(reverse("table_new"), {"fiscal_year": world.year.pk, "unit": world.unit_a.pk,
                                                  "kind": "project", "layout": "standard", "name": "新项目",
                                                  "code": world.table_a.code})
    assert response.status_code == 200 and "已有项目编码为" in _page(response)
    assert not GoalTable.objects.filter(name="新项目").exists()
