"""The two actions of 绩效目标调整, posted from the table's page."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from projects.access import get_table_for_user

from .adjustment import goal_adjustment_decide, goal_adjustment_request
from .workflow import WorkflowError

TEXT_LIMIT = 5000


def _too_long(text: str, label: str) -> str:
    return f"{label}最多 {TEXT_LIMIT} 个字，现有 {len(text)} 个字，请删减后重新提交。" if len(text) > TEXT_LIMIT else ""


@login_required
@require_POST
def adjustment_request(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    reason = request.POST.get("reason", "")
    if problem := _too_long(reason.strip(), "调整原因"):
        messages.error(request, problem)
        return redirect("table_detail", pk=table.pk)
    try:
        goal_adjustment_request(table=table, user=request.user, reason=reason)
    except PermissionDenied as error:
        raise Http404(str(error)) from error
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "调整申请已提交，等待审核人审核；审核前表的内容不变。")
    return redirect("table_detail", pk=table.pk)


@login_required
@require_POST
def adjustment_decide(request: HttpRequest, pk: int, adjustment_pk: int) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    adjustment = get_object_or_404(table.adjustments, pk=adjustment_pk)
    agree = request.POST.get("decision") == "agree"
    note = request.POST.get("note", "")
    if problem := _too_long(note.strip(), "审核意见"):
        messages.error(request, problem)
        return redirect("table_detail", pk=table.pk)
    try:
        goal_adjustment_decide(adjustment=adjustment, user=request.user, agree=agree, note=note)
    except PermissionDenied as error:
        raise Http404(str(error)) from error
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已同意调整：表已退回填报人修改，重新提交后审核。" if agree else "已不同意调整，表保持审核通过的内容。")
    return redirect("table_detail", pk=table.pk)
