"""The review workflow services: who may move a table, when, and what each move leaves behind."""
import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from documents import GoalTable as Document
from documents import IndicatorRow
from projects.access import may_edit
from projects.models import GoalTable, Review, Snapshot, Transition
from projects.review.workflow import (
    WorkflowError,
    goal_table_approve,
    goal_table_reopen,
    goal_table_return,
    goal_table_submit,
    review_save,
)
from projects.services import goal_table_save_document
from tests.base import make_user, sample_document
from tests.projects.reviewkit import complete_rows, review_world_once, satisfaction_at, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
S = GoalTable.Status


def _refetch(table):
    return GoalTable.objects.get(pk=table.pk)


def _submitted(world):
    goal_table_submit(table=world.table_a, user=world.staff_a)
    return world.table_a


def _approve(world, grade="良"):
    review = review_save(table=world.table_a, user=world.reviewer, grade=grade, opinion="同意")
    return goal_table_approve(table=world.table_a, user=world.reviewer, review=review)


# --- submit -----------------------------------------------------------------


def test_staff_submits_a_complete_table_and_a_snapshot_is_kept(world):
    snapshot = goal_table_submit(table=world.table_a, user=world.staff_a)

    assert _refetch(world.table_a).status == S.SUBMITTED
    assert snapshot.version == 1 and snapshot.submitted_by == world.staff_a
    kept = Document.from_dict(snapshot.document)
    assert kept.name == world.table_a.name
    assert [r.value_text for r in kept.indicators] == ["≤7151万元", "≥600人", "明显提升", "≥90%"]
    (transition,) = Transition.objects.filter(table=world.table_a)
    assert (transition.from_status, transition.to_status, transition.user) == (S.DRAFT, S.SUBMITTED, world.staff_a)
    assert transition.snapshot == snapshot and transition.at is not None


@pytest.mark.parametrize("persona", ["reviewer", "staff_b"])
def test_only_the_units_staff_submit(world, persona):
    with pytest.raises(PermissionDenied):
        goal_table_submit(table=world.table_a, user=getattr(world, persona))
    assert _refetch(world.table_a).status == S.DRAFT
    assert not Snapshot.objects.exists() and not Transition.objects.exists()


def test_a_submitted_table_cannot_be_submitted_again(world):
    _submitted(world)
    with pytest.raises(WorkflowError, match="已提交"):
        goal_table_submit(table=world.table_a, user=world.staff_a)
    assert Snapshot.objects.count() == 1


def test_a_table_without_indicators_cannot_be_submitted(world):
    goal_table_save_document(
        document=sample_document(indicators=[]), fiscal_year=world.year, unit=world.unit_a, table=world.table_a
    )
    with pytest.raises(WorkflowError) as raised:
        goal_table_submit(table=world.table_a, user=world.staff_a)
    assert any("没有任何绩效指标" in p for p in raised.value.problems)
    assert _refetch(world.table_a).status == S.DRAFT


def test_an_indicator_without_a_value_blocks_submission_and_names_the_row(world):
    rows = complete_rows()
    rows[1] = dataclasses.replace(rows[1], comparator="", value=None, unit="", value_text="")
    goal_table_save_document(document=sample_document(indicators=rows), fiscal_year=world.year, unit=world.unit_a, table=world.table_a)
    with pytest.raises(WorkflowError) as raised:
        goal_table_submit(table=world.table_a, user=world.staff_a)
    assert any("第2行" in p and "服务人数" in p for p in raised.value.problems)


def test_an_error_of_the_review_rules_blocks_submission(world):
    # No 满意度指标 nor 成本指标: the 2021 scheme requires both (R-COMPLETE-LEVEL1, an error).
    rows = [IndicatorRow("产出指标", "数量指标", "服务人数", "服务人数", "≥", Decimal("600"), "人", "≥600人", basis="历史数据")]
    goal_table_save_document(document=sample_document(indicators=rows), fiscal_year=world.year, unit=world.unit_a, table=world.table_a)
    with pytest.raises(WorkflowError) as raised:
        goal_table_submit(table=world.table_a, user=world.staff_a)
    assert any("满意度指标" in p for p in raised.value.problems)
    assert _refetch(world.table_a).status == S.DRAFT


def test_warnings_do_not_block_and_are_counted_on_the_snapshot(world):
    from projects.review.workflow import findings_for
    from projects.selectors import goal_table_to_document

    expected = findings_for(table=world.table_a, document=goal_table_to_document(world.table_a))
    snapshot = goal_table_submit(table=world.table_a, user=world.staff_a)
    assert snapshot.errors == 0
    assert snapshot.warnings == sum(1 for f in expected if f.severity == "warning")
    assert snapshot.infos == sum(1 for f in expected if f.severity == "info")


# --- return / approve -------------------------------------------------------


def test_reviewer_returns_with_a_reason_and_staff_can_edit_again(world):
    _submitted(world)
    assert not may_edit(world.staff_a, _refetch(world.table_a))
    goal_table_return(table=world.table_a, user=world.reviewer, reason="满意度指标值偏低")

    table = _refetch(world.table_a)
    assert table.status == S.RETURNED
    assert may_edit(world.staff_a, table)
    last = Transition.objects.filter(table=table).last()
    assert (last.to_status, last.user, last.reason) == (S.RETURNED, world.reviewer, "满意度指标值偏低")


def test_return_without_a_reason_is_refused(world):
    _submitted(world)
    with pytest.raises(WorkflowError, match="原因"):
        goal_table_return(table=world.table_a, user=world.reviewer, reason="  ")
    assert _refetch(world.table_a).status == S.SUBMITTED


def test_return_marks_the_review_of_that_version(world):
    _submitted(world)
    review_save(table=world.table_a, user=world.reviewer, completeness="缺少时效指标", grade="中")
    goal_table_return(table=world.table_a, user=world.reviewer, reason="请补充时效指标")
    review = Review.objects.get()
    assert review.decision == Review.Decision.RETURNED and review.decided_at is not None
    assert review.snapshot.version == 1 and review.completeness == "缺少时效指标"


@pytest.mark.parametrize("persona", ["staff_a", "staff_b"])
def test_staff_cannot_return_or_approve(world, persona):
    _submitted(world)
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        goal_table_return(table=world.table_a, user=user, reason="x")
    with pytest.raises(PermissionDenied):
        review_save(table=world.table_a, user=user, grade="优")
    review = review_save(table=world.table_a, user=world.reviewer, grade="优")
    with pytest.raises(PermissionDenied):
        goal_table_approve(table=world.table_a, user=user, review=review)
    assert _refetch(world.table_a).status == S.SUBMITTED


def test_a_reviewer_of_another_department_cannot_act(world):
    goal_table_submit(table=world.table_b, user=world.staff_b)
    with pytest.raises(PermissionDenied):
        goal_table_return(table=world.table_b, user=world.reviewer, reason="x")
    with pytest.raises(PermissionDenied):
        review_save(table=world.table_b, user=world.reviewer, grade="优")
    assert _refetch(world.table_b).status == S.SUBMITTED


def test_approval_needs_a_grade(world):
    _submitted(world)
    review = review_save(table=world.table_a, user=world.reviewer, opinion="同意")
    with pytest.raises(WorkflowError, match="等级"):
        goal_table_approve(table=world.table_a, user=world.reviewer, review=review)
    assert _refetch(world.table_a).status == S.SUBMITTED


def test_approval_needs_a_review_of_the_latest_version(world):
    _submitted(world)
    old = review_save(table=world.table_a, user=world.reviewer, grade="中")
    goal_table_return(table=world.table_a, user=world.reviewer, reason="请修改")
    goal_table_submit(table=world.table_a, user=world.staff_a)
    with pytest.raises(WorkflowError):
        goal_table_approve(table=world.table_a, user=world.reviewer, review=old)
    with pytest.raises(WorkflowError):
        goal_table_approve(table=world.table_a, user=world.reviewer, review=None)


def test_approval_locks_the_table_for_everyone(world):
    _submitted(world)
    transition = _approve(world)
    table = _refetch(world.table_a)
    assert table.status == S.APPROVED and transition.to_status == S.APPROVED
    for user in (world.staff_a, world.reviewer, world.admin):
        assert not may_edit(user, table)
    with pytest.raises(WorkflowError):
        goal_table_submit(table=table, user=world.staff_a)
    with pytest.raises(WorkflowError):
        goal_table_return(table=table, user=world.reviewer, reason="再看看")
    assert Review.objects.get().decision == Review.Decision.APPROVED


def test_deciding_is_only_possible_on_a_submitted_table(world):
    with pytest.raises(WorkflowError):
        goal_table_return(table=world.table_a, user=world.reviewer, reason="x")
    with pytest.raises(WorkflowError):
        review_save(table=world.table_a, user=world.reviewer, grade="优")


def test_invalid_grade_is_refused(world):
    _submitted(world)
    with pytest.raises(WorkflowError):
        review_save(table=world.table_a, user=world.reviewer, grade="甲")


# --- reopen -----------------------------------------------------------------


def test_admin_reopens_an_approved_table_with_a_reason(world):
    _submitted(world)
    _approve(world)
    goal_table_reopen(table=world.table_a, user=world.admin, reason="预算调整，需要修改指标")
    table = _refetch(world.table_a)
    assert table.status == S.RETURNED
    assert may_edit(world.staff_a, table)
    last = Transition.objects.filter(table=table).last()
    assert (last.from_status, last.to_status, last.user, last.reason) == (
        S.APPROVED, S.RETURNED, world.admin, "预算调整，需要修改指标"
    )


def test_reopen_demands_a_reason(world):
    _submitted(world)
    _approve(world)
    with pytest.raises(WorkflowError, match="原因"):
        goal_table_reopen(table=world.table_a, user=world.admin, reason="")
    assert _refetch(world.table_a).status == S.APPROVED


@pytest.mark.parametrize("persona", ["staff_a", "reviewer"])
def test_only_admins_reopen(world, persona):
    _submitted(world)
    _approve(world)
    with pytest.raises(PermissionDenied):
        goal_table_reopen(table=world.table_a, user=getattr(world, persona), reason="想改")
    assert _refetch(world.table_a).status == S.APPROVED


def test_only_approved_tables_are_reopened(world):
    with pytest.raises(WorkflowError):
        goal_table_reopen(table=world.table_a, user=world.admin, reason="x")


# --- the whole round --------------------------------------------------------


def test_each_submission_is_a_new_version_and_every_move_is_recorded(world):
    goal_table_submit(table=world.table_a, user=world.staff_a)
    goal_table_return(table=world.table_a, user=world.reviewer, reason="满意度目标偏低")
    satisfaction_at(world, "≥95%", "95")
    second = goal_table_submit(table=world.table_a, user=world.staff_a)
    _approve(world)

    assert second.version == 2
    versions = [Document.from_dict(s.document).indicators[3].value_text for s in Snapshot.objects.order_by("version")]
    assert versions == ["≥90%", "≥95%"]
    moves = list(Transition.objects.filter(table=world.table_a).values_list("from_status", "to_status"))
    assert moves == [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.RETURNED), (S.RETURNED, S.SUBMITTED), (S.SUBMITTED, S.APPROVED)]


def test_may_edit_by_role_and_status(world):
    outsider = make_user("outsider")
    table = world.table_a
    for status, staff_may in ((S.DRAFT, True), (S.SUBMITTED, False), (S.RETURNED, True), (S.APPROVED, False)):
        table.status = status
        assert may_edit(world.staff_a, table) is staff_may
        assert may_edit(world.admin, table) is staff_may
        for user in (world.reviewer, world.staff_b, outsider):
            assert may_edit(user, table) is False
