"""How the pages look at 1366×768, measured in a real browser: what fits, what stays on one line,
what stays inside its table."""
import pytest
from playwright.sync_api import expect

from indicators.models import Indicator
from projects.models import GoalTable
from tests.base import PASSWORD, make_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    world = make_world()
    # the longest 二级 and a returned table with a comment column, as reviewers see them
    Indicator.objects.filter(table=world.table_a, name="服务对象满意度").update(level2="服务对象满意度指标")
    return world


def _log_in(page, username):
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.locator("input[name=password]")).to_have_count(0)


def _fits(locator) -> bool:
    return locator.evaluate("el => el.scrollWidth <= el.clientWidth")


def test_editor_at_1366x768(page, world):
    _log_in(page, "staff_a")
    page.goto(f"/tables/{world.table_a.pk}/edit/")

    # the indicator grid starts on the first screen (with the findings summary above it): its column heads are in view
    heads = page.locator("#grid thead").bounding_box()
    assert heads["y"] + heads["height"] <= 768
    # 项目编码 shows whole
    assert _fits(page.locator("input[name='t-code']"))
    # the 二级 select is wide enough for its longest name
    select = page.locator("select.l2").nth(2)
    expect(select).to_have_value("服务对象满意度指标")
    text_width, box_width = select.evaluate(
        """el => { const c = document.createElement('canvas').getContext('2d'); c.font = getComputedStyle(el).font;
                   return [c.measureText(el.value).width, el.clientWidth]; }"""
    )
    assert text_width + 24 <= box_width  # 24px: the arrow and the padding
    # a favicon, served from the app itself
    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("image/svg")

    # milestone boxes stay equal after a save, also when one of them carries a message
    page.locator("input[name='m-1-value']").fill("1000")  # 6月底 below 3月底
    page.locator(".savebar button.save").click()
    expect(page.locator(".messages")).to_contain_text("已于")
    widths = page.locator("td.point").evaluate_all("ps => ps.map(p => Math.round(p.getBoundingClientRect().width))")
    assert len(widths) == 4 and len(set(widths)) == 1


def test_review_pages_at_1366x768(page, world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.SUBMITTED)
    _log_in(page, "reviewer")

    page.goto("/review/?status=")
    badges = page.locator("table.queue .status, .status-tabs a")
    assert badges.count() >= 5
    assert all(n == 1 for n in badges.evaluate_all("bs => bs.map(b => b.getClientRects().length)"))
    heights = badges.evaluate_all("bs => bs.map(b => b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight || 20))")
    assert all(h < 2 for h in heights), heights

    page.goto(f"/tables/{world.table_a.pk}/review/")
    table = page.locator("table.printed").bounding_box()
    markers = page.locator("a.comment-marker")
    expect(markers).to_have_count(3)
    for box in markers.evaluate_all("ms => ms.map(m => m.getBoundingClientRect().toJSON())"):
        assert table["x"] <= box["x"] and box["x"] + box["width"] <= table["x"] + table["width"]
    cell = page.locator("td.note-col").last
    assert cell.evaluate("c => getComputedStyle(c).borderRightStyle") == "solid"
