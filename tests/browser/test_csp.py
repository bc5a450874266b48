"""The main pages work under the Content-Security-Policy: no violation, no script error.

Chromium reports every blocked inline script, on* handler, style and foreign resource as a
console error, so a page that logs no error ran as written."""
import pytest
from playwright.sync_api import expect

from projects.review.workflow import goal_table_submit
from tests.base import PASSWORD
from tests.projects.reviewkit import review_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    world = review_world()
    goal_table_submit(table=world.table_b, user=world.staff_b)
    return world


def watch(page):
    """Console errors (CSP violations among them), script errors, and assets that failed to load."""
    problems = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"{msg.text} @ {page.url}"))
    page.on("pageerror", lambda error: problems.append(f"{error} @ {page.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    return problems


def log_in(page, username):
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/")


def test_main_pages_raise_no_csp_violation(page, world):
    page.set_viewport_size({"width": 1366, "height": 768})
    problems = watch(page)
    log_in(page, "admin")
    table_a, table_b = world.table_a, world.table_b
    for url in [
        "/",
        f"/tables/{table_a.pk}/",
        f"/departments/{world.dept_a.pk}/2023/",
        f"/tables/{table_a.pk}/edit/",
        "/review/",
        f"/tables/{table_b.pk}/review/",
        "/import/",
        "/indicators/rules/",
        "/years/",
        "/years/rollover/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    assert problems == []


def test_the_editor_and_the_queue_run_their_scripts_under_the_policy(page, world):
    page.set_viewport_size({"width": 1366, "height": 768})
    problems = watch(page)
    log_in(page, "admin")

    page.goto("/review/")
    select_all = page.get_by_label("全选本页")
    select_all.check()  # the handler lives in static/js/pages.js now
    boxes = page.locator("input[name=ids]")
    expect(boxes.first).to_be_checked()
    assert boxes.count() == sum(1 for i in range(boxes.count()) if boxes.nth(i).is_checked())

    page.goto(f"/tables/{world.table_a.pk}/edit/")
    line = page.locator("tbody.line").first
    line.locator("select.l1").select_option("效益指标")  # editor.js fills the 二级 choices from the 一级
    expect(line.locator("select.l2 option", has_text="社会效益指标")).to_have_count(1)
    assert problems == []
