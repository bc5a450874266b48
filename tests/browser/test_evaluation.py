"""After approval, in a real browser at 1366×768: an admin opens a monitoring round, staff fill it
and the reviewer sees the colours; staff fill a self-evaluation and see each score explained."""
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from projects.models import GoalTable, MonitoringReport, SelfEvaluation
from tests.base import PASSWORD, make_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    world = make_world()
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.APPROVED)
    for indicator, weight in zip(world.table_a.indicators.order_by("order"), (20, 30, 40)):
        indicator.weight = Decimal(weight)
        indicator.save()
    return world


def log_in(page, username):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.locator("input[name=password]")).to_have_count(0)


def test_a_monitoring_round_from_opening_to_the_reviewers_colours(page, browser, live_server, world):
    log_in(page, "admin")
    page.get_by_role("link", name="运行监控").click()
    page.locator("input[name=as_of]").fill("2023-07-31")
    page.get_by_role("button", name="开启").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("截至7月31日")

    staff = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    log_in(staff, "staff_a")
    staff.get_by_role("link", name="运行监控").click()
    staff.get_by_role("link", name="截至7月31日").click()
    staff.get_by_role("link", name="填写").click()
    staff.locator("input[name=executed]").fill("2000")
    row = staff.locator("tr", has_text="服务人数")
    row.get_by_label("截至目前完成值").fill("300人")
    row.get_by_label("全年预计完成值").fill("450人")
    staff.get_by_role("button", name="保存").click()
    expect(staff.locator(".messages")).to_contain_text("运行监控已保存")
    # 450 of ≥600 is 25% off: the row asks for a reason; execution 47.95% of time is red.
    expect(staff.locator("tr", has_text="服务人数")).to_contain_text("预计偏离目标，请写明原因")
    expect(staff.locator(".light.red").first).to_contain_text("47.95%")
    staff.locator("tr", has_text="服务人数").get_by_label("偏差原因").fill("上半年窗口改造")
    staff.get_by_role("button", name="保存").click()
    expect(staff.locator("tr", has_text="服务人数")).not_to_contain_text("预计偏离目标")
    assert MonitoringReport.objects.get().lines.get(indicator__name="服务人数").reason == "上半年窗口改造"

    reviewer = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    log_in(reviewer, "reviewer")
    reviewer.get_by_role("link", name="运行监控").click()
    reviewer.get_by_role("link", name="截至7月31日").click()
    overview = reviewer.locator("table.overview tr", has_text="青岛市行政审批服务局")
    expect(overview.locator(".light.red").first).to_contain_text("47.95%")
    expect(reviewer.locator("table.overview")).not_to_contain_text("行政审批部门")


def test_staff_fill_a_self_evaluation_and_see_each_score_explained(page, world):
    log_in(page, "staff_a")
    page.goto(f"/tables/{world.table_a.pk}/")
    page.get_by_role("link", name="绩效自评").click()
    page.locator("input[name=budget_full_year]").fill("7151")
    page.locator("input[name=executed]").fill("6435.9")
    for name, actual in (("后勤保障预算控制数", "7000万元"), ("服务人数", "540人"), ("服务对象满意度", "95%")):
        page.locator("tr", has_text=name).get_by_label("实际完成值").fill(actual)
    page.get_by_role("button", name="保存").click()
    # A missed target without a reason is refused, and the typed values stay on the page.
    expect(page.locator(".error")).to_contain_text("“服务人数”未完成目标")
    expect(page.locator("tr", has_text="服务人数").get_by_label("实际完成值")).to_have_value("540人")
    page.locator("tr", has_text="服务人数").get_by_label("偏差原因分析及改进措施").fill("部分服务延至次年")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("绩效自评已保存")
    expect(page.locator("tr", has_text="服务人数")).to_contain_text("540 ÷ 指标值 600 × 分值 30 = 27.00")
    expect(page.locator(".score.total")).to_have_text("96.00")
    expect(page.locator(".grade")).to_have_text("优")
    assert SelfEvaluation.objects.get().executed == Decimal("6435.9")
