"""The goal-table editor in a real browser: rows added, moved and deleted without a reload,
the review rules' findings shown while typing (the same blockers submission refuses), and a
stale save refused without losing anything."""
import re

import pytest
from playwright.sync_api import expect

from indicators.models import LibraryIndicator
from projects.models import GoalTable
from projects.selectors import goal_table_prefetch, goal_table_to_document
from tests.base import PASSWORD, make_world

pytestmark = pytest.mark.browser

# Eight indicators across the four 一级 of the 2021 scheme, as a person would type them: the first six
# into the skeleton a new table starts with (数量, 质量, 时效, 社会效益, 满意度, 经济成本), two more added.
ROWS = [
    ("产出指标", "数量指标", "培训人次", "≥", "300", "人次"),
    ("产出指标", "质量指标", "培训合格率", "≥", "95", "%"),
    ("产出指标", "时效指标", "培训按时完成率", "=", "100", "%"),
    ("效益指标", "社会效益指标", "业务办理差错率", "≤", "1", "%"),
    ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥", "90", "%"),
    ("成本指标", "经济成本指标", "项目预算控制数", "≤", "120", "万元"),
    ("效益指标", "可持续影响指标", "持续培训机制", "", "长期有效", ""),
    ("满意度指标", "服务对象满意度指标", "用人单位满意度", "≥", "85", "%"),
]
SKELETON = 6


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


def _grid(page):
    """What the grid shows: (一级, 二级, 三级, 打印为) per line, in order."""
    return page.locator("tbody.line").evaluate_all(
        """lines => lines.map(l => [
            l.querySelector('select.l1').value, l.querySelector('select.l2').value,
            l.querySelector('textarea.lib').value, l.querySelector('.printed').textContent])"""
    )


def _fill_line(line, l1, l2, name, comparator, value, unit):
    line.locator("select.l1").select_option(l1)
    line.locator("select.l2").select_option(l2)
    line.locator("textarea.lib").fill(name)
    line.locator("textarea.lib").press("Escape")
    line.locator("select.cmp").select_option(comparator)
    line.locator("input.number").fill(value)
    line.locator("input.unit").fill(unit)


def test_staff_create_a_table_with_eight_indicators_reorder_delete_and_get_it_back(page, world):
    _log_in(page, "staff_a")
    page.get_by_role("link", name="新建绩效目标表").click()
    page.locator("input[name=name]").fill("业务培训费")
    page.get_by_role("button", name="新建并开始填写").click()
    expect(page.locator("h1")).to_have_text("业务培训费")

    page.locator("#id_t-budget_total").fill("120")
    page.locator("#id_t-fiscal_funds").fill("120")
    page.locator("#id_t-annual_goal").fill("完成年度业务培训，提高窗口人员业务能力。")
    lines = page.locator("tbody.line")
    expect(lines).to_have_count(SKELETON)  # the official skeleton of the scheme, values empty
    for index, row in enumerate(ROWS):
        if index >= SKELETON:
            page.get_by_role("button", name="＋ 添加指标").click()
        _fill_line(lines.nth(index), *row)
    expect(lines).to_have_count(8)
    # 二级 offers only the 二级 of the chosen 一级
    expect(lines.nth(5).locator("select.l2 option")).to_have_text(["", "经济成本指标", "社会成本指标", "生态环境成本指标"])
    expect(lines.nth(2).locator(".printed")).to_have_text("=100%")  # the 指标值 as it will print

    lines.nth(2).get_by_role("button", name="上移").click()  # 时效 before 质量
    lines.nth(6).get_by_role("button", name="删除").click()  # 持续培训机制 goes
    expect(lines.nth(6)).to_have_class(re.compile("deleted"))
    expected = [ROWS[0], ROWS[2], ROWS[1], ROWS[3], ROWS[4], ROWS[5], ROWS[7]]

    page.get_by_role("button", name="保存", exact=True).first.click()
    expect(page.locator(".messages")).to_contain_text("新增 1 条")
    page.reload()
    shown = _grid(page)
    assert [tuple(line[:3]) for line in shown] == [row[:3] for row in expected]
    assert [line[3] for line in shown] == [f"{c}{v}{u}" for *_, c, v, u in expected]

    table = GoalTable.objects.get(name="业务培训费")
    document = _document(table)
    assert [(r.level1, r.level2, r.name, r.comparator, str(r.value), r.unit) for r in document.indicators] == [
        row for row in expected
    ]
    assert (str(document.budget_total), document.annual_goal) == ("120.00", "完成年度业务培训，提高窗口人员业务能力。")


def test_an_invalid_spending_plan_is_told_next_to_the_plan_and_nothing_typed_is_lost(page, world):
    LibraryIndicator.objects.create(
        scheme=world.table_a.scheme, level1="产出指标", level2="质量指标", name="设备完好率", comparator="≥", unit="%"
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, "staff_a")
    page.goto(f"/tables/{world.table_a.pk}/edit/")
    page.get_by_role("button", name="＋ 添加指标").click()
    line = page.locator("tbody.line").last
    line.locator("select.l1").select_option("产出指标")
    line.locator("select.l2").select_option("质量指标")
    line.locator("textarea.lib").fill("完好")  # the library suggests, and fills comparator and unit
    page.locator("ul.suggest li", has_text="设备完好率").click()
    expect(line.locator("textarea.lib")).to_have_value("设备完好率")
    expect(line.locator("input.unit")).to_have_value("%")
    line.locator("input.number").fill("98")
    expect(line.locator(".printed")).to_have_text("≥98%")
    plan = page.locator("#plan")
    plan.locator("input[name='m-1-value']").fill("1,500.00")  # 6月底 below 3月底's 2000, pasted with a separator

    point = page.locator("#f-m-1")
    said = "资金支出计划6月底累计1500万元，少于3月底的2000万元"
    expect(point).to_contain_text(said)  # while typing, from the rules
    expect(point).to_have_class(re.compile("has-issue"))
    page.get_by_role("button", name="保存", exact=True).first.click()
    expect(page.locator(".messages")).to_contain_text("保存")
    expect(point).to_contain_text(said)  # after saving, drawn by the server
    expect(plan.locator("td.point.has-issue")).to_have_count(1)
    expect(plan.locator("input[name='m-1-value']")).to_have_value("1500.00")
    expect(page.locator("tbody.line").last.locator("textarea.lib")).to_have_value("设备完好率")
    assert [str(m.value) for m in _document(world.table_a).milestones] == ["2000.00", "1500.00", "7000.00", "7151.00"]


def test_the_editor_shows_the_blockers_that_submission_then_refuses(page, world):
    """The issue's example: budget 7000 with 财政资金 7151, a 6月底 below 3月底, an empty 指标值."""
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, "staff_a")
    page.goto(f"/tables/{world.table_a.pk}/edit/")
    page.locator("#id_t-budget_total").fill("7000")
    page.locator("input[name='m-1-value']").fill("1000")
    first = page.locator("tbody.line").first
    first.locator("select.cmp").select_option("")
    first.locator("input.number").fill("")

    findings = page.locator("#findings")
    expect(findings).to_contain_text("少于3月底")  # the last change has been checked
    blockers = findings.locator("li.sev-error[data-code]")
    codes = sorted(blockers.evaluate_all("items => items.map(i => i.dataset.code)"))
    assert codes == sorted(["R-COMPLETE-LEVEL1", "R-MONEY-SOURCES", "R-MONEY-PLAN-DECREASE", "R-MONEY-PLAN-OVER",
                            "R-COMPLETE-VALUE"])
    expect(findings.locator(".blockers")).to_have_text(str(len(codes)))
    expect(findings).not_to_contain_text("R-")  # the rule codes are not for staff
    # Each message links to its cell, and the cell is marked.
    for cell in ("f-t-fiscal_funds", "f-m-1", "f-m-3"):
        expect(page.locator(f"#{cell}")).to_have_class(re.compile("has-issue"))
    expect(first.locator("td.c-value")).to_have_class(re.compile("has-issue"))
    findings.locator("a[data-cell='f-m-1']").click()
    expect(page.locator("input[name='m-1-value']")).to_be_focused()
    messages = blockers.evaluate_all("items => items.map(i => i.textContent.split('：').slice(1).join('：'))")

    page.get_by_role("button", name="保存", exact=True).first.click()
    expect(page.locator(".messages")).to_contain_text("保存")
    expect(findings.locator(".blockers")).to_have_text(str(len(codes)))
    page.get_by_role("link", name="查看").click()
    page.get_by_role("button", name="提交审核").click()
    refused = page.locator(".messages li.error")
    expect(refused.first).to_contain_text("修改后才能提交")
    reasons = refused.all_text_contents()[1:]
    assert len(reasons) == len(messages)
    for message in messages:
        assert any(reason.endswith(message) for reason in reasons), (message, reasons)
    assert GoalTable.objects.get(pk=world.table_a.pk).status == GoalTable.Status.DRAFT


def test_a_second_browsers_stale_save_is_refused(page, browser, live_server, world):
    other = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    try:
        _log_in(page, "staff_a")
        _log_in(other, "admin")
        edit = f"/tables/{world.table_a.pk}/edit/"
        page.goto(edit)
        other.goto(edit)

        other.locator("#id_t-annual_goal").fill("管理员改的目标")
        other.get_by_role("button", name="保存", exact=True).first.click()
        expect(other.locator(".messages")).to_contain_text("保存")

        page.locator("#id_t-purpose").fill("我改的资金用途")
        page.get_by_role("button", name="保存", exact=True).first.click()
        expect(page.locator(".conflict")).to_contain_text(re.compile(r"本表已被 admin 于 \d\d:\d\d 修改"))
        expect(page.locator("#id_t-purpose")).to_have_value("我改的资金用途")
        table = GoalTable.objects.get(pk=world.table_a.pk)
        assert (table.annual_goal, table.purpose) == ("管理员改的目标", world.table_a.purpose)
    finally:
        other.context.close()


def test_staff_give_each_indicator_its_score_see_the_sums_and_get_them_back(page, world):
    """分值 typed in the grid add up live against the scheme's shares; 评（扣）分标准 under 更多 is saved."""
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, "staff_a")
    page.goto(f"/tables/{world.table_a.pk}/edit/")
    sums = page.locator("#weight-sum")
    expect(sums).to_contain_text("分值未填")
    weights = page.locator("td.c-weight input")
    expect(weights).to_have_count(3)  # 成本, 产出, 满意度
    weights.nth(0).fill("20")
    weights.nth(1).fill("30")
    expect(sums).to_contain_text("产出（含成本） 50 / 50")
    expect(sums).to_contain_text("有 1 个指标未填分值")
    weights.nth(2).fill("1e3")  # the sum line reads a 分值 as the server does: no exponent, no sign
    expect(sums).to_contain_text("有 1 个分值不是数字")
    expect(page.locator("#findings")).to_contain_text("分值“1e3”不是数字")
    weights.nth(2).fill("１０分")  # full-width, with 分: 10, here and on the server
    expect(sums).to_contain_text("合计 70 / 100")  # no 效益指标 yet: 30 short
    expect(sums.locator(".off")).to_contain_text(["效益 0 / 30", "合计 70 / 100"])
    expect(page.locator("#findings")).to_contain_text("应为100分")  # the rule says it too, before saving
    first = page.locator("tbody.line").first
    first.locator("td.c-more summary").click()
    first.locator("textarea[name$='-scoring_standard']").fill("控制在预算内得满分，超支不得分")
    first.locator("input[name$='-data_source']").fill("财务决算报表")
    page.get_by_role("button", name="保存", exact=True).first.click()
    expect(page.locator(".messages")).to_contain_text("保存")

    rows = _document(world.table_a).indicators
    assert [r.weight for r in rows] == [20, 30, 10]  # "１０分" saved as 10
    assert (rows[0].scoring_standard, rows[0].data_source) == ("控制在预算内得满分，超支不得分", "财务决算报表")
    expect(page.locator("td.c-weight input").first).to_have_value("20")
    expect(page.locator("#weight-sum")).to_contain_text("合计 70 / 100")
