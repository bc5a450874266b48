"""Review comments answered from the editor: reply and "已修改", only by the table's filers."""
import pytest
from django.urls import reverse

from projects.models import CommentThread, GoalTable
from projects.review.comments import anchor_choices, comment_thread_open, comment_thread_resolve
from projects.review.workflow import goal_table_return
from projects.selectors import goal_table_prefetch, goal_table_to_document
from tests.base import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world()
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.SUBMITTED)
    world.table_a.refresh_from_db()
    document = goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=world.table_a.pk)).get())
    world.thread = comment_thread_open(
        table=world.table_a, user=world.reviewer, document=document, anchor=anchor_choices(document)[1][0], body="依据？"
    )
    goal_table_return(table=world.table_a, user=world.reviewer, reason="请修改")
    return world


def _urls(world):
    args = [world.table_a.pk, world.thread.pk]
    return reverse("editor_thread_reply", args=args), reverse("editor_thread_addressed", args=args)


def test_the_editor_shows_the_comment_under_its_row(client, world):
    client.force_login(world.staff_a)
    page = client.get(reverse("table_edit", args=[world.table_a.pk])).content.decode()
    row = page.index('data-prefix="r-1"')
    assert row < page.index(f'id="ethread-{world.thread.pk}"') < page.index('data-prefix="r-2"')
    assert f'id="tf-{world.thread.pk}"' in page


def test_filer_replies_and_marks_addressed_in_place(client, world):
    reply, addressed = _urls(world)
    client.force_login(world.staff_a)

    response = client.post(reply, {"body": "依据上年数据。"}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200 and "依据上年数据。" in response.content.decode()

    response = client.post(addressed, {}, headers={"X-Requested-With": "fetch"})
    assert "已修改，待审核人确认" in response.content.decode()
    thread = CommentThread.objects.get(pk=world.thread.pk)
    assert thread.addressed_by == world.staff_a and not thread.resolved

    # the reviewer opening it again clears the mark
    comment_thread_resolve(thread=thread, user=world.reviewer, resolved=True)
    comment_thread_resolve(thread=thread, user=world.reviewer, resolved=False)
    assert CommentThread.objects.get(pk=thread.pk).addressed_at is None


def test_an_empty_reply_is_refused_in_chinese_and_a_plain_post_returns_to_the_editor(client, world):
    reply, _ = _urls(world)
    client.force_login(world.staff_a)
    response = client.post(reply, {"body": " "}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 400 and response.content.decode() == "请填写批注内容。"
    response = client.post(reply, {"body": "好的"})
    assert response.status_code == 302 and response.url.endswith(f"/edit/#ethread-{world.thread.pk}")


@pytest.mark.parametrize("persona,status", [("staff_b", 404), ("reviewer", 403)])
def test_others_cannot_answer_from_the_editor(client, world, persona, status):
    client.force_login(getattr(world, persona))
    for url in _urls(world):
        assert client.post(url, {"body": "x"}).status_code == status
    thread = CommentThread.objects.get(pk=world.thread.pk)
    assert thread.comments.count() == 1 and thread.addressed_at is None
