"""绩效目标调整: the one way an approved table changes.

Staff ask with a reason; the table stays approved and unchanged meanwhile.  The department's
reviewer agrees — the table goes back to staff as 退回修改 with the reason in its history, and
returns through submission and review as a new version, its changes shown in the diff — or refuses."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from projects.access import may_fill, may_review
from projects.models import Adjustment, GoalTable

from .workflow import WorkflowError, _locked, _move, latest_snapshot

S = GoalTable.Status


@transaction.atomic
def goal_adjustment_request(*, table: GoalTable, user: User, reason: str) -> Adjustment:
    locked = _locked(table)
    if not may_fill(user, locked):
        raise PermissionDenied("只有本单位填报人可以申请调整绩效目标。")
    if locked.status != S.APPROVED:
        raise WorkflowError(f"当前状态为“{locked.get_status_display()}”；只有审核通过的表需要申请调整，其他状态可以直接修改。")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("申请调整绩效目标时请写明调整原因。")
    if locked.adjustments.filter(status=Adjustment.Status.PENDING).exists():
        raise WorkflowError("这张表已有一份待审核的调整申请。")
    adjustment = Adjustment(table=locked, reason=reason, requested_by=user)
    adjustment.full_clean()
    adjustment.save()
    return adjustment


@transaction.atomic
def goal_adjustment_decide(*, adjustment: Adjustment, user: User, agree: bool, note: str = "") -> Adjustment:
    locked = _locked(adjustment.table)
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if not may_review(user, locked):
        raise PermissionDenied("只有本部门的审核人可以审核调整申请。")
    if adjustment.status != Adjustment.Status.PENDING:
        raise WorkflowError(f"这份调整申请已经{adjustment.get_status_display()}。")
    note = (note or "").strip()
    if not agree and not note:
        raise WorkflowError("不同意调整时请写明理由。")
    adjustment.status = Adjustment.Status.AGREED if agree else Adjustment.Status.REFUSED
    adjustment.decided_by, adjustment.decided_at, adjustment.note = user, timezone.now(), note
    adjustment.full_clean()
    adjustment.save()
    if agree:
        if locked.status != S.APPROVED:
            raise WorkflowError(f"表的当前状态为“{locked.get_status_display()}”，不能调整。")
        reason = f"同意绩效目标调整：{adjustment.reason}" + (f"（审核意见：{note}）" if note else "")
        _move(table=adjustment.table, locked=locked, user=user, to_status=S.RETURNED, reason=reason,
              snapshot=latest_snapshot(locked))
    return adjustment
