"""Starting a year's work in a real browser at 1366×768: an admin opens the year and rolls the old
one over from a preview; staff start a table from its skeleton or copy last year's in one click,
and answer review comments beside their rows."""
import pytest
from playwright.sync_api import expect

from indicators.models import LibraryIndicator
from projects.models import CommentThread, FiscalYear, GoalTable
from projects.review.comments import comment_thread_open
from projects.review.workflow import goal_table_return
from projects.selectors import goal_table_prefetch, goal_table_to_document
from tests.base import PASSWORD, make_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return make_world()


def _log_in(page, username):
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.locator("input[name=password]")).to_have_count(0)


def _document(table):
    return goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get())


def test_a_new_year_and_a_new_table_from_the_skeleton_with_library_suggestions(page, world):
    LibraryIndicator.objects.create(
        scheme=world.year.scheme, level1="产出指标", level2="数量指标", name="培训人次", unit="人次", comparator="≥"
    )
    _log_in(page, "admin")
    page.goto("/years/")
    page.locator("input[name=year]").fill("2024")
    page.get_by_role("button", name="开放年度").click()
    expect(page.locator(".messages")).to_contain_text("已开放 2024 年度")
    page.context.clear_cookies()

    _log_in(page, "staff_a")
    page.goto("/tables/new/")
    page.locator("#id_fiscal_year").select_option(label="2024年")
    page.locator("#id_name").fill("新项目")
    page.locator("button.save").click()

    lines = page.locator("tbody.line")
    expect(lines).to_have_count(6)
    assert lines.evaluate_all("ls => ls.map(l => l.querySelector('select.l2').value)") == [
        "数量指标", "质量指标", "时效指标", "社会效益指标", "服务对象满意度指标", "经济成本指标"
    ]
    first = lines.first
    first.locator(".row-suggest button", has_text="培训人次").click()
    expect(first.locator("textarea.lib")).to_have_value("培训人次")
    expect(first.locator("input.unit")).to_have_value("人次")
    expect(first.locator(".row-suggest")).to_have_count(0)
    first.locator("input.number").fill("300")
    page.locator(".savebar button.save").click()
    expect(page.locator(".messages")).to_contain_text("已于")

    table = GoalTable.objects.get(fiscal_year__year=2024)
    rows = _document(table).indicators
    assert (rows[0].name, rows[0].comparator, rows[0].value, rows[0].unit) == ("培训人次", "≥", 300, "人次")
    assert len(rows) == 6


def test_last_years_table_is_copied_in_one_click(page, world):
    FiscalYear.objects.create(year=2024, scheme=world.year.scheme)
    _log_in(page, "staff_a")
    page.goto("/tables/new/")

    offers = page.locator("table.copy-list tbody tr")
    expect(offers).to_have_count(1)  # only the filer's own unit's table
    offers.first.get_by_role("button", name="复制").click()

    expect(page.locator(".carried")).to_contain_text("预算数沿用上年，待核实")
    copy = GoalTable.objects.get(fiscal_year__year=2024)
    assert copy.name == world.table_a.name and copy.budget_carried
    assert [r.ref_last_year for r in _document(copy).indicators] == ["≤7151万元", "≥600人", "≥90%"]

    page.locator(".carried input[name=budget_confirmed]").check()
    page.locator(".savebar button.save").click()
    expect(page.locator(".carried")).to_have_count(0)
    assert not GoalTable.objects.get(pk=copy.pk).budget_carried


def test_rollover_preview_then_only_the_ticked_tables(page, world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.APPROVED)
    _log_in(page, "admin")
    page.goto("/years/rollover/?from_year=2023&to_year=2024")
    page.locator("input[name=include_unapproved]").check()
    page.get_by_role("button", name="预览").click()

    rows = page.locator("table.plan tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(".plan-summary")).to_contain_text("将结转 2 张")
    page.locator("table.plan thead input[type=checkbox]").uncheck()  # nothing ticked
    page.get_by_role("button", name="结转勾选的表").click()
    expect(page.locator(".messages")).to_contain_text("没有复制任何表")
    assert not FiscalYear.objects.filter(year=2024).exists()

    page.locator(f"input[name=tables][value='{world.table_b.pk}']").check()
    page.locator(f"input[name=tables][value='{world.table_a.pk}']").uncheck()
    page.get_by_role("button", name="结转勾选的表").click()
    expect(page.locator(".messages")).to_contain_text("复制 1 张表为草稿")
    assert list(GoalTable.objects.filter(fiscal_year__year=2024).values_list("name", flat=True)) == [world.table_b.name]


def test_review_comments_sit_beside_their_rows_with_reply_and_addressed(page, world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.SUBMITTED)  # as if handed in
    world.table_a.refresh_from_db()
    document = _document(world.table_a)
    thread = comment_thread_open(
        table=world.table_a, user=world.reviewer, document=document, anchor=_row_anchor(document, 1), body="服务人数的依据是什么？"
    )
    goal_table_return(table=world.table_a, user=world.reviewer, reason="请按批注修改")

    _log_in(page, "staff_a")
    page.goto(f"/tables/{world.table_a.pk}/edit/")
    page.evaluate("window.notReloaded = true")
    line = page.locator("tbody.line").nth(1)
    box = line.locator("tr.thread-row article.editor-thread")
    expect(box).to_contain_text("服务人数的依据是什么？")
    expect(box.locator(".badge")).to_have_text("待处理")
    # inside the grid, below its row, as wide as the table
    grid_box, row_box = page.locator("#grid").bounding_box(), line.locator("tr.thread-row").bounding_box()
    assert abs(row_box["width"] - grid_box["width"]) < 2

    box.locator("textarea").fill("依据上年服务人数。")
    box.get_by_role("button", name="回复").click()
    expect(line.locator("article.editor-thread")).to_contain_text("依据上年服务人数。")
    line.locator("article.editor-thread").get_by_role("button", name="已修改").click()
    expect(line.locator("article.editor-thread .badge")).to_have_text("已修改，待审核人确认")
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator(".dirty")).to_be_hidden()  # answering is not an unsaved change of the table

    thread = CommentThread.objects.get(pk=thread.pk)
    assert thread.addressed_by == world.staff_a and not thread.resolved
    assert [c.body for c in thread.comments.order_by("id")] == ["服务人数的依据是什么？", "依据上年服务人数。"]


def _row_anchor(document, index):
    from projects.review.comments import anchor_choices

    return anchor_choices(document)[index][0]
