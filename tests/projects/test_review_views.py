"""The review pages and actions over HTTP: who reaches what, and what each action does.

Out of one's departments is a 404 (nothing to learn by guessing ids); inside them, a role that
may not act gets a 403.
"""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Comment, CommentThread, GoalTable, Review, Transition
from projects.review.comments import anchor_choices
from projects.review.workflow import goal_table_approve, goal_table_return, goal_table_submit, review_save
from projects.selectors import goal_table_to_document
from tests.projects.reviewkit import review_world_once, satisfaction_at, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
S = GoalTable.Status


@pytest.fixture
def submitted(world):
    goal_table_submit(table=world.table_a, user=world.staff_a)
    goal_table_submit(table=world.table_b, user=world.staff_b)
    return world


def status_of(table):
    return GoalTable.objects.get(pk=table.pk).status


def row_anchor(table, index):
    return anchor_choices(goal_table_to_document(table))[index][0]


def open_thread(world, body="满意度目标值偏低，请对照上年实际值调整。", index=3):
    client_table = GoalTable.objects.get(pk=world.table_a.pk)
    from projects.review.comments import comment_thread_open

    return comment_thread_open(
        table=client_table, user=world.reviewer, document=goal_table_to_document(client_table),
        anchor=row_anchor(client_table, index), body=body,
    )


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- who reaches what -------------------------------------------------------


def test_anonymous_users_are_sent_to_login(client, submitted):
    pk = submitted.table_a.pk
    for url in (reverse("review_queue"), reverse("review_table", args=[pk]), reverse("table_versions", args=[pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    for url in (reverse("table_submit", args=[pk]), reverse("comment_create", args=[pk])):
        assert client.post(url).status_code == 302
    assert status_of(submitted.table_a) == S.SUBMITTED


@pytest.mark.parametrize(
    "persona,table,status",
    [
        ("reviewer", "table_a", 200),
        ("admin", "table_a", 200),
        ("admin", "table_b", 200),
        ("staff_a", "table_a", 403),  # their own table, but the review page is the reviewer's
        ("staff_b", "table_a", 404),
        ("reviewer", "table_b", 404),  # department B is not assigned to this reviewer
    ],
)
def test_review_page_access(client, submitted, persona, table, status):
    client.force_login(getattr(submitted, persona))
    assert client.get(reverse("review_table", args=[getattr(submitted, table).pk])).status_code == status


@pytest.mark.parametrize("persona,status", [("staff_a", 200), ("reviewer", 200), ("admin", 200), ("staff_b", 404)])
def test_versions_page_access(client, submitted, persona, status):
    client.force_login(getattr(submitted, persona))
    response = client.get(reverse("table_versions", args=[submitted.table_a.pk]))
    assert response.status_code == status
    if status == 200:
        assert "第1版" in text(response)


@pytest.mark.parametrize("persona", ["staff_a", "staff_b"])
def test_staff_have_no_queue(client, submitted, persona):
    client.force_login(getattr(submitted, persona))
    assert client.get(reverse("review_queue")).status_code == 404


def test_actions_refuse_get(client, submitted):
    client.force_login(submitted.staff_a)
    assert client.get(reverse("table_submit", args=[submitted.table_a.pk])).status_code == 405


# --- submit / return / approve / reopen over HTTP ---------------------------


def test_staff_submit_from_the_table_page(client, world):
    client.force_login(world.staff_a)
    page = text(client.get(reverse("table_detail", args=[world.table_a.pk])))
    assert "提交审核" in page
    response = client.post(reverse("table_submit", args=[world.table_a.pk]), follow=True)
    assert status_of(world.table_a) == S.SUBMITTED
    page = text(response)
    assert "已提交审核（第1版）" in page and "审核期间不能修改" in page
    assert 'id="submit-table"' not in page


@pytest.mark.parametrize("persona,status", [("reviewer", 403), ("staff_b", 404)])
def test_others_cannot_submit(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.post(reverse("table_submit", args=[world.table_a.pk])).status_code == status
    assert status_of(world.table_a) == S.DRAFT


def test_an_incomplete_table_is_not_submitted_and_the_page_says_why(client, world):
    from projects.services import goal_table_save_document
    from tests.base import sample_document

    goal_table_save_document(document=sample_document(indicators=[]), fiscal_year=world.year, unit=world.unit_a, table=world.table_a)
    client.force_login(world.staff_a)
    page = text(client.post(reverse("table_submit", args=[world.table_a.pk]), follow=True))
    assert "修改后才能提交" in page and "没有任何绩效指标" in page
    assert status_of(world.table_a) == S.DRAFT


def test_reviewer_returns_with_the_opinion_as_reason(client, submitted):
    client.force_login(submitted.reviewer)
    url = reverse("review_table", args=[submitted.table_a.pk])
    response = client.post(url, {"action": "return", "completeness": "缺少时效指标", "grade": "中", "opinion": "请补充时效指标"})
    assert response.status_code == 302
    assert status_of(submitted.table_a) == S.RETURNED
    review = Review.objects.get(table=submitted.table_a)
    assert (review.decision, review.grade, review.completeness, review.reviewer) == ("returned", "中", "缺少时效指标", submitted.reviewer)
    assert Transition.objects.filter(table=submitted.table_a).last().reason == "请补充时效指标"


def test_return_without_opinion_keeps_the_table_submitted_but_saves_notes(client, submitted):
    client.force_login(submitted.reviewer)
    url = reverse("review_table", args=[submitted.table_a.pk])
    page = text(client.post(url, {"action": "return", "relevance": "指标与用途相关"}, follow=True))
    assert "退回原因" in page
    assert status_of(submitted.table_a) == S.SUBMITTED
    assert Review.objects.get().relevance == "指标与用途相关"


def test_reviewer_approves_with_a_grade(client, submitted):
    client.force_login(submitted.reviewer)
    url = reverse("review_table", args=[submitted.table_a.pk])
    client.post(url, {"action": "approve", "opinion": "同意"})
    assert status_of(submitted.table_a) == S.SUBMITTED  # no grade yet
    client.post(url, {"action": "approve", "grade": "良", "opinion": "同意"})
    assert status_of(submitted.table_a) == S.APPROVED
    assert Review.objects.get().decision == "approved"


@pytest.mark.parametrize("persona,status", [("staff_a", 403), ("staff_b", 404)])
def test_staff_cannot_post_a_decision(client, submitted, persona, status):
    client.force_login(getattr(submitted, persona))
    response = client.post(reverse("review_table", args=[submitted.table_a.pk]), {"action": "approve", "grade": "优"})
    assert response.status_code == status
    assert status_of(submitted.table_a) == S.SUBMITTED and not Review.objects.exists()


def test_reviewer_cannot_decide_for_another_department(client, submitted):
    client.force_login(submitted.reviewer)
    response = client.post(reverse("review_table", args=[submitted.table_b.pk]), {"action": "approve", "grade": "优"})
    assert response.status_code == 404
    assert status_of(submitted.table_b) == S.SUBMITTED


def _approved(world):
    goal_table_submit(table=world.table_a, user=world.staff_a)
    review = review_save(table=world.table_a, user=world.reviewer, grade="优")
    goal_table_approve(table=world.table_a, user=world.reviewer, review=review)


def test_admin_reopens_with_a_reason_only(client, world):
    _approved(world)
    client.force_login(world.admin)
    url = reverse("table_reopen", args=[world.table_a.pk])
    page = text(client.post(url, {"reason": ""}, follow=True))
    assert "必须写明原因" in page and status_of(world.table_a) == S.APPROVED
    client.post(url, {"reason": "预算调减"})
    assert status_of(world.table_a) == S.RETURNED


@pytest.mark.parametrize("persona,status", [("staff_a", 403), ("reviewer", 403), ("staff_b", 404)])
def test_only_admins_reopen_over_http(client, world, persona, status):
    _approved(world)
    client.force_login(getattr(world, persona))
    assert client.post(reverse("table_reopen", args=[world.table_a.pk]), {"reason": "想改"}).status_code == status
    assert status_of(world.table_a) == S.APPROVED


def test_the_reopen_form_shows_only_to_admins_on_approved_tables(client, world):
    _approved(world)
    client.force_login(world.staff_a)
    page = text(client.get(reverse("table_detail", args=[world.table_a.pk])))
    assert "已审核通过" in page and "不能再修改" in page and "重新打开" not in page
    client.force_login(world.admin)
    assert "重新打开的原因" in text(client.get(reverse("table_detail", args=[world.table_a.pk])))


def test_the_editor_refuses_reviewers_and_locked_tables(client, world):
    url = reverse("table_edit", args=[world.table_a.pk])
    client.force_login(world.reviewer)  # sees the table, may not change it: a 403 page, not a 404
    assert client.get(url).status_code == 403
    client.force_login(world.staff_a)
    assert client.get(url).status_code == 200
    goal_table_submit(table=world.table_a, user=world.staff_a)
    assert client.get(url).status_code == 403
    _review = review_save(table=world.table_a, user=world.reviewer, grade="良")
    goal_table_approve(table=world.table_a, user=world.reviewer, review=_review)
    assert client.get(url).status_code == 403


# --- comments ---------------------------------------------------------------


def test_reviewer_comments_on_a_row_and_staff_see_it_by_the_row(client, submitted):
    client.force_login(submitted.reviewer)
    anchor = row_anchor(submitted.table_a, 3)
    response = client.post(
        reverse("comment_create", args=[submitted.table_a.pk]), {"anchor": anchor, "body": "满意度目标值偏低"}
    )
    assert response.status_code == 302
    thread = CommentThread.objects.get()
    assert (thread.label, thread.row_key, thread.snapshot.version) == ("第4行 服务对象满意度", anchor[4:], 1)
    assert thread.indicator.name == "服务对象满意度"
    assert Comment.objects.get().body == "满意度目标值偏低"

    client.force_login(submitted.staff_a)
    page = text(client.get(reverse("table_detail", args=[submitted.table_a.pk])))
    assert "满意度目标值偏低" in page
    assert 'data-row-index="3"' in page and 'data-body-row="3"' in page and "第4行 服务对象满意度" in page and "≥90%" in page


def test_a_header_field_can_be_commented(client, submitted):
    client.force_login(submitted.reviewer)
    client.post(reverse("comment_create", args=[submitted.table_a.pk]), {"anchor": "field:annual_goal", "body": "目标过于笼统"})
    thread = CommentThread.objects.get()
    assert (thread.field, thread.label, thread.row_key) == ("annual_goal", "表头 · 本年度绩效目标", "")
    assert "确保市民中心正常运行" in thread.quoted


@pytest.mark.parametrize("anchor", ["", "row:nonexistent", "field:not_a_field", "field:"])
def test_a_comment_must_point_somewhere_real(client, submitted, anchor):
    client.force_login(submitted.reviewer)
    client.post(reverse("comment_create", args=[submitted.table_a.pk]), {"anchor": anchor, "body": "x"})
    assert not CommentThread.objects.exists()


def test_an_empty_comment_is_refused(client, submitted):
    client.force_login(submitted.reviewer)
    client.post(reverse("comment_create", args=[submitted.table_a.pk]), {"anchor": row_anchor(submitted.table_a, 0), "body": "  "})
    assert not CommentThread.objects.exists()


@pytest.mark.parametrize("persona,table,status", [("staff_a", "table_a", 403), ("staff_b", "table_a", 404), ("reviewer", "table_b", 404)])
def test_only_the_departments_reviewer_opens_threads(client, submitted, persona, table, status):
    client.force_login(getattr(submitted, persona))
    target = getattr(submitted, table)
    response = client.post(reverse("comment_create", args=[target.pk]), {"anchor": row_anchor(target, 0), "body": "x"})
    assert response.status_code == status
    assert not CommentThread.objects.exists()


def test_staff_reply_and_reviewer_resolves(client, submitted):
    thread = open_thread(submitted)
    client.force_login(submitted.staff_a)
    detail = reverse("table_detail", args=[submitted.table_a.pk])
    response = client.post(reverse("comment_reply", args=[thread.pk]), {"body": "已按上年实际调整为95%", "next": detail})
    assert response.status_code == 302 and response.url.startswith(detail)
    assert client.post(reverse("comment_resolve", args=[thread.pk])).status_code == 403

    client.force_login(submitted.reviewer)
    client.post(reverse("comment_resolve", args=[thread.pk]), {"resolved": "1"})
    thread.refresh_from_db()
    assert thread.resolved and thread.resolved_by == submitted.reviewer
    assert [c.body for c in thread.comments.order_by("id")] == ["满意度目标值偏低，请对照上年实际值调整。", "已按上年实际调整为95%"]


def test_reply_does_not_redirect_off_site(client, submitted):
    thread = open_thread(submitted)
    client.force_login(submitted.staff_a)
    response = client.post(reverse("comment_reply", args=[thread.pk]), {"body": "好", "next": "https://evil.example/"})
    assert response.url.startswith(reverse("table_detail", args=[submitted.table_a.pk]))


def test_outsiders_cannot_reply_or_resolve(client, submitted):
    thread = open_thread(submitted)
    client.force_login(submitted.staff_b)
    assert client.post(reverse("comment_reply", args=[thread.pk]), {"body": "x"}).status_code == 404
    assert client.post(reverse("comment_resolve", args=[thread.pk])).status_code == 404
    assert thread.comments.count() == 1 and not CommentThread.objects.get().resolved


def test_no_replies_once_approved(client, submitted):
    thread = open_thread(submitted)
    review = review_save(table=submitted.table_a, user=submitted.reviewer, grade="良")
    goal_table_approve(table=submitted.table_a, user=submitted.reviewer, review=review)
    client.force_login(submitted.staff_a)
    client.post(reverse("comment_reply", args=[thread.pk]), {"body": "还想说一句"})
    assert thread.comments.count() == 1


def test_a_thread_follows_its_row_after_the_value_is_fixed(client, submitted):
    open_thread(submitted)
    goal_table_return(table=submitted.table_a, user=submitted.reviewer, reason="请修改满意度")
    satisfaction_at(submitted, "≥95%", "95")
    client.force_login(submitted.staff_a)
    page = text(client.get(reverse("table_detail", args=[submitted.table_a.pk])))
    assert "现为：满意度指标 / 服务对象满意度指标 / 服务对象满意度：≥95%" in page
    assert "批注时：满意度指标 / 服务对象满意度指标 / 服务对象满意度：≥90%" in page


# --- the review page: printed table, changes, threads -----------------------


def test_review_page_shows_the_printed_table_with_row_markers(client, submitted):
    client.force_login(submitted.reviewer)
    page = text(client.get(reverse("review_table", args=[submitted.table_a.pk])))
    assert "37020023P88002811163B" in page and "预算规模及资金用途" in page  # the standard form's labels
    assert page.count('class="comment-marker') == 4
    assert "首次提交" in page
    for label in ("完整性", "相关性", "适当性", "可行性", "审核等级", "总体意见", "退回修改", "审核通过"):
        assert label in page


def test_review_page_highlights_exactly_what_changed_since_the_last_review(client, submitted):
    goal_table_return(table=submitted.table_a, user=submitted.reviewer, reason="请修改满意度")
    Review.objects.create(table=submitted.table_a, snapshot=submitted.table_a.snapshots.get(), reviewer=submitted.reviewer, decision="returned")
    satisfaction_at(submitted, "≥95%", "95")
    goal_table_submit(table=submitted.table_a, user=submitted.staff_a)

    client.force_login(submitted.reviewer)
    page = text(client.get(reverse("review_table", args=[submitted.table_a.pk])))
    assert "自第1版以来的修改" in page
    assert page.count("cell-changed") == 1
    cell = re.search(r'<td[^>]*cell-changed[^>]*>(.*?)</td>', page).group(1)
    assert "≥95%" in cell and "原：≥90%" in cell
    assert "<del>≥90%</del> → <ins>≥95%</ins>" in page
    assert "第1版的审核意见（退回修改）" in page  # the earlier verdict stays at hand


def test_review_page_compares_with_a_chosen_version(client, submitted):
    goal_table_return(table=submitted.table_a, user=submitted.reviewer, reason="改")
    satisfaction_at(submitted, "≥95%", "95")
    goal_table_submit(table=submitted.table_a, user=submitted.staff_a)
    client.force_login(submitted.reviewer)
    url = reverse("review_table", args=[submitted.table_a.pk])
    # no decided review by anyone yet: nothing is compared unless asked for
    assert "cell-changed" not in text(client.get(url))
    assert text(client.get(url + "?base=1")).count("cell-changed") == 1


def test_review_page_preselects_the_row_to_comment(client, submitted):
    client.force_login(submitted.reviewer)
    anchor = row_anchor(submitted.table_a, 1)
    page = client.get(reverse("review_table", args=[submitted.table_a.pk]) + f"?anchor={anchor}").content.decode()
    assert f'<option value="{anchor}" selected>第2行 服务人数</option>' in page


# What a page may cost, whatever the number of rows and comment threads.
REVIEW_PAGE_QUERIES = 21
TABLE_PAGE_QUERIES = 20


def test_review_page_query_count_does_not_grow_with_rows_and_threads(client, submitted):
    client.force_login(submitted.reviewer)
    url = reverse("review_table", args=[submitted.table_a.pk])
    open_thread(submitted)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        open_thread(submitted, body=f"第{i}条批注", index=i % 4)
    with CaptureQueriesContext(connection) as many:
        page = text(client.get(url))
    assert "第7条批注" in page
    assert len(many) == len(few) <= REVIEW_PAGE_QUERIES


def test_table_page_query_count_does_not_grow_with_threads(client, submitted):
    client.force_login(submitted.staff_a)
    url = reverse("table_detail", args=[submitted.table_a.pk])
    open_thread(submitted)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        open_thread(submitted, body=f"第{i}条批注", index=i % 4)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= TABLE_PAGE_QUERIES


# --- home notices -----------------------------------------------------------


def test_home_tells_staff_which_tables_were_returned(client, submitted):
    goal_table_return(table=submitted.table_a, user=submitted.reviewer, reason="请修改")
    client.force_login(submitted.staff_a)
    page = text(client.get(reverse("home")))
    assert "退回修改：<b class=\"n\">1</b> 张" in page
    assert reverse("table_detail", args=[submitted.table_a.pk]) in page
    client.force_login(submitted.staff_b)
    assert "退回修改：" not in text(client.get(reverse("home")))


def test_home_tells_reviewers_what_is_waiting(client, submitted):
    client.force_login(submitted.reviewer)
    page = text(client.get(reverse("home")))
    assert "待审核：<b class=\"n\">1</b> 张" in page  # table B's department is not theirs
    client.force_login(submitted.admin)
    assert "待审核：<b class=\"n\">2</b> 张" in text(client.get(reverse("home")))
    client.force_login(submitted.staff_a)
    assert "待审核" not in text(client.get(reverse("home")))


def test_reviewers_read_each_findings_rule_code_on_hover(client, submitted):
    client.force_login(submitted.reviewer)
    page = text(client.get(reverse("review_table", args=[submitted.table_a.pk])))
    items = re.findall(r'<li class="finding finding-\w+" title="审核规则 (R-[A-Z0-9-]+)"[^>]*>(.*?)</li>', page)
    assert items  # the fixture's 群众办事便利度 is “明显提升”
    # on hover, not in the message (the text shown, not the link's address to the rules page)
    assert all(code not in re.sub(r"<[^>]+>", "", shown) for code, shown in items)
