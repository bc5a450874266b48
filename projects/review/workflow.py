"""The review workflow: 草稿 → 已提交 → 退回修改 → 已提交 … → 审核通过 (→ reopened by an admin).

Every status change goes through one of the goal_table_* functions below; each checks who is
acting, locks the table row, records a Transition and (on submission) keeps a Snapshot.
A plain transition table rather than a state-machine library: four moves do not need one.
"""
from __future__ import annotations

from collections import Counter

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from documents.goaltable import GoalTable as Document
from documents.limits import MAX_TEXT
from documents.rules import ERROR, INFO, WARNING, Finding, check_table
from indicators.schemes import scheme_aliases, scheme_mapping
from projects.access import is_admin, may_fill, may_review
from projects.models import GoalTable, Review, Snapshot, Transition
from projects.review.triage_data import risk_at_submission
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.services import checked_save

S = GoalTable.Status
EDITABLE = GoalTable.EDITABLE_STATUSES


class WorkflowError(Exception):
    """A move that is not possible now; the message says why, in Chinese, for the user."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(" ".join([message, *(problems or [])]))
        self.message = message
        self.problems = problems or []


# ---------------------------------------------------------------------------
# Checks


def findings_for(*, table: GoalTable, document: Document) -> list[Finding]:
    """The review rules' findings on `document` with the table's scheme."""
    scheme = table.scheme
    return check_table(document, scheme=scheme_mapping(scheme), aliases=scheme_aliases(scheme),
                       shares=scheme.self_evaluation_weights)


def blocker_text(finding: Finding) -> str:
    """How a blocking finding reads in the list submission refuses with (and in the editor)."""
    where = f"第{finding.row + 1}行“{finding.indicator or ''}”：" if finding.row is not None else ""
    return f"{where}{finding.message}"


def submission_problems(*, table: GoalTable, document: Document) -> tuple[list[str], list[Finding]]:
    """(what blocks submission, all findings): the review rules' error-level findings, nothing else.

    The editor shows the same findings while the table is typed, so the number of blockers it
    shows is the number of reasons submission refuses with.
    """
    findings = findings_for(table=table, document=document)
    return [blocker_text(f) for f in findings if f.severity == ERROR], findings


# ---------------------------------------------------------------------------
# Transitions


def _locked(table: GoalTable) -> GoalTable:
    """The table's row locked for this transaction, so two clicks cannot both move it."""
    locked = GoalTable.objects.select_for_update().get(pk=table.pk)
    table.status = locked.status
    return locked


def _check_length(text: str, what: str) -> None:
    if len(text) > MAX_TEXT:
        raise WorkflowError(f"{what}不能超过 {MAX_TEXT} 字（一个 Excel 单元格的上限），现有 {len(text)} 字。")


def _move(*, table: GoalTable, locked: GoalTable, user: User, to_status: str, reason: str = "", snapshot: Snapshot | None = None) -> Transition:
    _check_length(reason, "原因/意见")
    record = Transition(
        table=locked, from_status=locked.status, to_status=to_status, user=user, reason=reason, snapshot=snapshot
    )
    checked_save(record)
    locked.status = to_status
    checked_save(locked, update_fields=["status"])
    table.status = to_status
    return record


def latest_snapshot(table: GoalTable) -> Snapshot | None:
    return table.snapshots.order_by("-version").first()


@transaction.atomic
def goal_table_submit(*, table: GoalTable, user: User) -> Snapshot:
    """Staff hand the table in: it must be complete and free of errors; it is then locked for them."""
    locked = _locked(table)
    if not may_fill(user, locked):
        raise PermissionDenied("只有本单位填报人可以提交绩效目标表。")
    if locked.status not in EDITABLE:
        raise WorkflowError(f"当前状态为“{locked.get_status_display()}”，不能提交。")
    document = goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=locked.pk)).get())
    problems, findings = submission_problems(table=locked, document=document)
    if problems:
        raise WorkflowError("绩效目标表还有问题，修改后才能提交：", problems)
    risk, copies = risk_at_submission(table=locked, document=document, findings=findings)
    findings = [*findings, *copies]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in (ERROR, WARNING, INFO)} if findings else {}
    version = (locked.snapshots.aggregate(v=Max("version"))["v"] or 0) + 1
    snapshot = Snapshot(
        table=locked,
        version=version,
        document=document.to_dict(),
        submitted_by=user,
        errors=counts.get("error", 0),
        warnings=counts.get("warning", 0),
        infos=counts.get("info", 0),
        risk=risk.score,
        risk_reasons=risk.reasons,
        suggested_grade=risk.grade,
        rule_counts=dict(Counter(f.code for f in findings)),
    )
    checked_save(snapshot)
    reason = "首次提交" if version == 1 else f"修改后重新提交（第{version}版）"
    _move(table=table, locked=locked, user=user, to_status=S.SUBMITTED, reason=reason, snapshot=snapshot)
    return snapshot


def _check_decider(*, user: User, locked: GoalTable, action: str) -> None:
    if not may_review(user, locked):
        raise PermissionDenied(f"只有本部门的审核人可以{action}。")
    if locked.status != S.SUBMITTED:
        raise WorkflowError(f"当前状态为“{locked.get_status_display()}”，不能{action}。")


def _decide(review: Review | None, *, decision: str, user: User) -> None:
    if review is None:
        return
    review.decision = decision
    review.decided_at = timezone.now()
    review.reviewer = user
    checked_save(review)


@transaction.atomic
def goal_table_return(*, table: GoalTable, user: User, reason: str) -> Transition:
    """The reviewer sends the table back for revision, saying why."""
    locked = _locked(table)
    _check_decider(user=user, locked=locked, action="退回")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("退回修改时请写明退回原因（总体意见）。")
    snapshot = latest_snapshot(locked)
    _decide(getattr(snapshot, "review", None) if snapshot else None, decision=Review.Decision.RETURNED, user=user)
    return _move(table=table, locked=locked, user=user, to_status=S.RETURNED, reason=reason, snapshot=snapshot)


@transaction.atomic
def goal_table_approve(*, table: GoalTable, user: User, review: Review | None) -> Transition:
    """The reviewer approves the submitted version with a grade; the table is locked for good."""
    locked = _locked(table)
    _check_decider(user=user, locked=locked, action="审核通过")
    snapshot = latest_snapshot(locked)
    if review is None or snapshot is None or review.snapshot_id != snapshot.pk:
        raise WorkflowError("请先对最新提交的版本填写审核意见。")
    if not review.grade:
        raise WorkflowError("审核通过前请评定审核等级（优、良、中、差）。")
    _decide(review, decision=Review.Decision.APPROVED, user=user)
    return _move(
        table=table, locked=locked, user=user, to_status=S.APPROVED,
        reason=review.opinion or f"审核通过，等级：{review.grade}", snapshot=snapshot,
    )


@transaction.atomic
def goal_table_reopen(*, table: GoalTable, user: User, reason: str) -> Transition:
    """An admin reopens an approved table for revision; the reason is kept with the transition."""
    locked = _locked(table)
    if not is_admin(user):
        raise PermissionDenied("只有管理员可以重新打开已审核通过的表。")
    if locked.status != S.APPROVED:
        raise WorkflowError(f"当前状态为“{locked.get_status_display()}”，只有审核通过的表需要重新打开。")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("重新打开已审核通过的表必须写明原因。")
    return _move(table=table, locked=locked, user=user, to_status=S.RETURNED, reason=reason, snapshot=latest_snapshot(locked))


# ---------------------------------------------------------------------------
# Review form


REVIEW_FIELDS = ("completeness", "relevance", "appropriateness", "feasibility", "grade", "opinion")


@transaction.atomic
def review_save(*, table: GoalTable, user: User, **values: str) -> Review:
    """Keep the reviewer's notes, grade and opinion on the latest submitted version (a draft until decided)."""
    unknown = set(values) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"unknown review fields: {sorted(unknown)}")
    locked = _locked(table)
    _check_decider(user=user, locked=locked, action="填写审核意见")
    snapshot = latest_snapshot(locked)
    if snapshot is None:
        raise WorkflowError("这张表还没有提交过，没有可以审核的版本。")
    # The table row is locked: nobody else creates this review meanwhile; it is written once checked, below.
    review = Review.objects.filter(snapshot=snapshot).first() or Review(snapshot=snapshot, table=locked)
    for name, value in values.items():
        value = (value or "").strip()
        _check_length(value, Review._meta.get_field(name).verbose_name)
        setattr(review, name, value)
    if review.grade and review.grade not in Review.Grade.values:
        raise WorkflowError("审核等级只能是优、良、中、差之一。")
    review.reviewer = user
    checked_save(review)
    return review


def last_reviewed_snapshot(*, table: GoalTable, user: User, before: Snapshot | None = None) -> Snapshot | None:
    """The latest version with a decision by `user` (else by anyone), older than `before`."""
    decided = Snapshot.objects.filter(table=table).exclude(review__decision="").filter(review__isnull=False)
    if before is not None:
        decided = decided.filter(version__lt=before.version)
    return decided.filter(review__reviewer=user).order_by("-version").first() or decided.order_by("-version").first()
