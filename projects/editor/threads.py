"""Review comments answered from the editor, beside their rows: reply, and "已修改".

A thread is reached through its table (projects.access), so another department's thread is a 404.
A request from editor_aside.js gets the thread back as HTML to put in place (or the message and
a 400); a plain form post goes back to the editor, at the thread.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from projects.access import get_table_for_user, may_fill
from projects.models import CommentThread, GoalTable
from projects.review.comments import comment_reply, comment_thread_mark_addressed, place_threads, threads_of
from projects.review.workflow import WorkflowError
from projects.selectors import goal_table_prefetch, goal_table_to_document


def _answer(request: HttpRequest, table: GoalTable, thread_pk: int, done: str) -> HttpResponse:
    wants_fragment = request.headers.get("X-Requested-With") == "fetch"
    document = goal_table_to_document(goal_table_prefetch(type(table).objects.filter(pk=table.pk)).get())
    thread = next(t for t in place_threads(threads_of(table), document) if t.pk == thread_pk)
    if wants_fragment:
        html = render_to_string(
            "projects/_editor_thread.html", {"t": thread, "can_answer": True, "table": table}, request=request
        )
        return HttpResponse(html)
    messages.success(request, done)
    return redirect(reverse("table_edit", args=[table.pk]) + f"#ethread-{thread_pk}")


def _refuse(request: HttpRequest, table: GoalTable, thread_pk: int, message: str) -> HttpResponse:
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect(reverse("table_edit", args=[table.pk]) + f"#ethread-{thread_pk}")


def _thread(request: HttpRequest, pk: int, thread_pk: int) -> tuple[GoalTable, CommentThread]:
    table = get_table_for_user(request.user, pk)
    thread = get_object_or_404(CommentThread.objects.select_related("table__unit"), pk=thread_pk, table=table)
    if not may_fill(request.user, table):
        raise PermissionDenied("只有本单位的填报人可以在编辑页回复批注。")
    return table, thread


@login_required
@require_POST
def thread_reply(request: HttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    table, thread = _thread(request, pk, thread_pk)
    try:
        comment_reply(thread=thread, user=request.user, body=request.POST.get("body", ""))
    except WorkflowError as error:
        return _refuse(request, table, thread_pk, error.message)
    return _answer(request, table, thread_pk, "回复已发表。")


@login_required
@require_POST
def thread_addressed(request: HttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    table, thread = _thread(request, pk, thread_pk)
    try:
        comment_thread_mark_addressed(thread=thread, user=request.user, body=request.POST.get("body", ""))
    except WorkflowError as error:
        return _refuse(request, table, thread_pk, error.message)
    return _answer(request, table, thread_pk, "已标记为已修改，等待审核人确认。")
