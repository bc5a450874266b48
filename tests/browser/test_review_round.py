"""A full review round in a real browser, on seed 000's first table (市民中心后勤保障经费):

staff submits → the reviewer comments on one indicator and returns → staff sees the comment,
fixes the value in the editor, replies and resubmits → the reviewer sees exactly that change
highlighted, grades 良 and approves → the table can no longer be edited.
"""
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.goaltable import GoalTable as Document
from projects.demo import fiscal_year_for, load_taxonomy
from projects.models import Department, GoalTable, Review, Snapshot, Unit
from projects.services import document_with_parsed_values, goal_table_save_document
from tests.base import make_user

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "000_qingdao.json"
PASSWORD = "Rv-绩效-审核-2024"
INDICATOR = "服务对象满意度"
COMMENT = "满意度目标值低于上年实际（96%），请调整。"


@pytest.fixture
def seed_table(transactional_db):
    data = json.loads(SEED.read_text(encoding="utf-8"))
    document = document_with_parsed_values(Document.from_dict(data["tables"][0]))
    year = fiscal_year_for(data["year"], load_taxonomy())
    department = Department.objects.create(name=data["department"]["name"], region=data["department"]["region"])
    unit = Unit.objects.create(department=department, **data["units"][0])
    table = goal_table_save_document(document=document, fiscal_year=year, unit=unit)
    staff = make_user("qingdao")
    staff.set_password(PASSWORD)
    staff.save()
    unit.staff.add(staff)
    reviewer = make_user("shenhe")
    reviewer.set_password(PASSWORD)
    reviewer.save()
    department.reviewers.add(reviewer)
    return table


@pytest.fixture
def as_user(browser, live_server):
    """A fresh logged-in page per persona (no shared cookies)."""
    contexts = []

    def log_in(username):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("input[name=password]").press("Enter")
        expect(page).to_have_url(f"{live_server.url}/")
        return page

    yield log_in
    for context in contexts:
        context.close()


def status(table):
    return GoalTable.objects.get(pk=table.pk).status


def test_full_review_round(as_user, seed_table):
    table = seed_table
    detail, review, edit = f"/tables/{table.pk}/", f"/tables/{table.pk}/review/", f"/tables/{table.pk}/edit/"

    # 1. staff submits
    staff = as_user("qingdao")
    staff.goto(detail)
    staff.locator("#submit-table").click()
    expect(staff.locator(".messages")).to_contain_text("已提交审核（第1版）")
    expect(staff.locator("#submit-table")).to_have_count(0)
    assert status(table) == "submitted"

    # 2. the reviewer finds it waiting, comments on one indicator and returns the table
    reviewer = as_user("shenhe")
    expect(reviewer.locator(".notice-waiting")).to_contain_text("待审核：1 张")
    reviewer.locator(".notice-waiting a").click()
    reviewer.get_by_role("link", name=table.name).click()
    expect(reviewer).to_have_url(re.compile(re.escape(review) + "$"))
    row = reviewer.locator("tr[data-row-index]", has_text=INDICATOR)
    expect(row).to_contain_text("≥90%")
    row.locator("a.comment-marker").click()
    expect(reviewer.locator("#anchor option:checked")).to_have_text(f"第8行 {INDICATOR}")
    reviewer.locator("#comment-body").fill(COMMENT)
    reviewer.get_by_role("button", name="添加批注").click()
    expect(reviewer.locator(".review-thread")).to_contain_text(COMMENT)
    expect(row.locator("a.comment-marker")).to_have_text("批注 1")
    reviewer.locator("#id_opinion").fill("满意度指标值偏低，请按批注修改后重新提交。")
    reviewer.get_by_role("button", name="退回修改").click()
    expect(reviewer.locator(".meta .status")).to_have_text("退回修改")
    assert status(table) == "returned"

    # 3. staff see the returned table, the comment by its row, fix the value, reply and resubmit
    staff.goto("/")
    expect(staff.locator(".notice-returned")).to_contain_text("退回修改：1 张")
    staff.locator(".notice-returned").get_by_role("link", name=re.compile(table.name)).click()
    expect(staff.locator(".review-panel")).to_contain_text("满意度指标值偏低")
    thread = staff.locator(".review-thread", has_text=COMMENT)
    expect(thread).to_contain_text(f"第8行 {INDICATOR}")
    printed_row = staff.locator(".sheet table.gt > tbody > tr", has_text=INDICATOR)
    expect(printed_row.locator("a.comment-marker")).to_be_visible()

    staff.goto(edit)
    line = staff.locator("tbody.line", has=staff.locator("textarea[name$='-name']", has_text=INDICATOR))
    line.locator("input[name$='-value']").fill("95")
    staff.get_by_role("button", name="保存", exact=True).first.click()
    expect(staff.locator(".messages")).to_contain_text("保存")

    staff.goto(detail)
    expect(staff.locator(".sheet table.gt > tbody > tr", has_text=INDICATOR)).to_contain_text("≥95%")
    thread = staff.locator(".review-thread", has_text=COMMENT)
    expect(thread).to_contain_text("现为：")
    thread.locator("textarea[name=body]").fill("已按上年实际调整为≥95%。")
    thread.get_by_role("button", name="回复").click()
    expect(staff.locator(".review-thread", has_text=COMMENT)).to_contain_text("已按上年实际调整为≥95%。")
    staff.locator("#submit-table").click()
    expect(staff.locator(".messages")).to_contain_text("已提交审核（第2版）")
    assert status(table) == "submitted"

    # 4. the reviewer sees exactly that change, grades 良 and approves
    reviewer.goto(review)
    expect(reviewer.locator(".changes h2")).to_contain_text("自第1版以来的修改")
    changed = reviewer.locator(".cell-changed")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("≥95%")
    expect(changed.locator(".was")).to_have_text("原：≥90%")
    expect(reviewer.locator("tr.row-changed")).to_have_count(1)
    expect(reviewer.locator("tr.row-changed")).to_contain_text(INDICATOR)
    expect(reviewer.locator(".diff-list > li")).to_have_count(1)
    expect(reviewer.locator(".review-thread", has_text=COMMENT)).to_contain_text("已按上年实际调整为≥95%。")
    reviewer.locator("input[name=grade][value='良']").check()
    reviewer.locator("#id_opinion").fill("同意。")
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator(".meta .status")).to_have_text("审核通过")
    expect(reviewer.locator(".decided")).to_contain_text("等级：良")
    assert status(table) == "approved"
    assert Review.objects.get(snapshot__version=2).grade == "良"
    assert Snapshot.objects.filter(table=table).count() == 2

    # 5. the table can no longer be edited
    staff.goto(detail)
    expect(staff.locator(".review-panel")).to_contain_text("不能再修改")
    expect(staff.locator("#submit-table")).to_have_count(0)
    expect(staff.get_by_role("link", name="编辑", exact=True)).to_have_count(0)
    response = staff.goto(edit)
    assert response.status == 403
    expect(staff.locator("body")).to_contain_text("不能修改")
