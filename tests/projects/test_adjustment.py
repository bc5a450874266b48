"""绩效目标调整: an approved table changes only through a request the reviewer agrees to."""
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from projects.models import Adjustment, GoalTable, Review, Transition
from projects.review.adjustment import goal_adjustment_decide, goal_adjustment_request
from projects.review.workflow import WorkflowError, goal_table_approve, goal_table_submit, review_save
from tests.projects.reviewkit import review_world_once, satisfaction_at, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
S = GoalTable.Status


def approve(world, table):
    goal_table_submit(table=table, user=world.staff_a)
    review = review_save(table=table, user=world.reviewer, grade=Review.Grade.GOOD, opinion="同意")
    goal_table_approve(table=table, user=world.reviewer, review=review)


def test_agreed_adjustment_returns_the_table_and_the_new_version_is_reviewed_with_the_reason_in_history(world):
    table = world.table_a
    approve(world, table)
    adjustment = goal_adjustment_request(table=table, user=world.staff_a, reason="服务人数目标随政策调整为 800 人")
    table.refresh_from_db()
    assert table.status == S.APPROVED  # nothing changes before the reviewer agrees
    goal_adjustment_decide(adjustment=adjustment, user=world.reviewer, agree=True)
    table.refresh_from_db()
    assert table.status == S.RETURNED
    last = Transition.objects.filter(table=table).order_by("at", "pk").last()
    assert last.reason == "同意绩效目标调整：服务人数目标随政策调整为 800 人"
    satisfaction_at(world, "≥95%", "95")
    snapshot = goal_table_submit(table=table, user=world.staff_a)
    assert snapshot.version == 2
    assert snapshot.document["indicators"][3]["value_text"] == "≥95%"


def test_refused_adjustment_leaves_the_table_approved_and_needs_a_reason(world):
    table = world.table_a
    approve(world, table)
    adjustment = goal_adjustment_request(table=table, user=world.staff_a, reason="想改")
    with pytest.raises(WorkflowError):
        goal_adjustment_decide(adjustment=adjustment, user=world.reviewer, agree=False)
    goal_adjustment_decide(adjustment=adjustment, user=world.reviewer, agree=False, note="理由不充分")
    table.refresh_from_db()
    assert table.status == S.APPROVED
    assert Adjustment.objects.get().status == Adjustment.Status.REFUSED


def test_only_approved_tables_only_their_staff_one_pending_request(world):
    with pytest.raises(WorkflowError):
        goal_adjustment_request(table=world.table_a, user=world.staff_a, reason="草稿不用申请")
    approve(world, world.table_a)
    with pytest.raises(PermissionDenied):
        goal_adjustment_request(table=world.table_a, user=world.staff_b, reason="别人的表")
    goal_adjustment_request(table=world.table_a, user=world.staff_a, reason="第一次")
    with pytest.raises(WorkflowError):
        goal_adjustment_request(table=world.table_a, user=world.staff_a, reason="第二次")
    with pytest.raises(PermissionDenied):
        goal_adjustment_decide(adjustment=Adjustment.objects.get(), user=world.staff_a, agree=True)


def test_pages_wrong_persona_gets_404_and_the_reviewer_decides_from_the_table_page(client, world):
    approve(world, world.table_a)
    client.force_login(world.staff_b)
    assert client.post(reverse("adjustment_request", args=[world.table_a.pk]), {"reason": "x"}).status_code == 404
    client.force_login(world.staff_a)
    page = client.get(reverse("table_detail", args=[world.table_a.pk])).content.decode()
    assert "申请调整绩效目标" in page
    assert client.post(reverse("adjustment_request", args=[world.table_a.pk]), {"reason": "目标调整"}).status_code == 302
    adjustment = Adjustment.objects.get()
    assert client.post(reverse("adjustment_decide", args=[world.table_a.pk, adjustment.pk]), {"decision": "agree"}).status_code == 404
    client.force_login(world.reviewer)
    assert "同意调整" in client.get(reverse("table_detail", args=[world.table_a.pk])).content.decode()
    client.post(reverse("adjustment_decide", args=[world.table_a.pk, adjustment.pk]), {"decision": "agree"})
    assert GoalTable.objects.get(pk=world.table_a.pk).status == S.RETURNED


def test_a_reason_longer_than_the_limit_is_refused_and_said_not_cut_silently(client, world):
    approve(world, world.table_a)
    client.force_login(world.staff_a)
    response = client.post(reverse("adjustment_request", args=[world.table_a.pk]), {"reason": "调" * 5001}, follow=True)
    assert "调整原因最多 5000 个字，现有 5001 个字" in response.content.decode()
    assert not Adjustment.objects.exists()
    assert client.post(reverse("adjustment_request", args=[world.table_a.pk]), {"reason": "调" * 5000}).status_code == 302
    adjustment = Adjustment.objects.get()
    client.force_login(world.reviewer)
    response = client.post(reverse("adjustment_decide", args=[world.table_a.pk, adjustment.pk]),
                           {"decision": "refuse", "note": "否" * 5001}, follow=True)
    assert "审核意见最多 5000 个字，现有 5001 个字" in response.content.decode()
    assert Adjustment.objects.get().status == Adjustment.Status.PENDING


def test_the_reviewer_finds_a_pending_request_on_the_work_list_and_other_departments_do_not(world, client):
    table = world.table_a
    approve(world, table)
    goal_adjustment_request(table=table, user=world.staff_a, reason="服务人数目标随政策调整为 800 人")
    client.force_login(world.reviewer)
    page = client.get(reverse("review_queue")).content.decode()
    assert "待审核的绩效目标调整申请" in page and "服务人数目标随政策调整为 800 人" in page
    assert reverse("table_detail", args=[table.pk]) + "#adjustment" in page
    client.force_login(world.staff_b)
    assert client.get(reverse("review_queue")).status_code == 404  # staff have no work list
