"""Review comments (审核批注): threads anchored to an indicator row or a header field, with replies.

An anchor is written "row:<row key>" or "field:<field name>" (the form value of the pickers);
rows are found again in later versions by their row key (documents.diff.row_keys).
"""
from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from documents import goaltable as doc
from documents.diff import display, row_keys
from documents.goaltable import GoalTable as Document
from documents.grid import indicator_text
from documents.labels import ANCHOR_LABELS, MILESTONES_FIELD
from documents.review_sheet import body_positions
from projects.access import may_fill, may_review
from projects.models import Comment, CommentThread, GoalTable
from projects.selectors import indicators_in_document_order
from projects.services import checked_save

from .workflow import WorkflowError, latest_snapshot

S = GoalTable.Status
ROW, FIELD = "row", "field"
MAX_BODY = 2000
# Settings of the form rather than its printed contents: nothing for a reviewer to point at.
_NOT_ANCHORS = ("kind", "layout", "milestone_unit")


def row_label(index: int, row: doc.IndicatorRow) -> str:
    return f"第{index + 1}行 {row.name or '（未命名指标）'}"


def row_quote(row: doc.IndicatorRow) -> str:
    path = " / ".join(p for p in (row.level1, row.level2, row.name) if p)
    value = indicator_text(row)
    return f"{path}：{value}" if value else path


def field_quote(document: Document, name: str) -> str:
    if name == MILESTONES_FIELD:
        return "；".join(f"{m.label} {display(m.value)}" for m in document.milestones)
    return display(getattr(document, name, ""))


def anchor_choices(document: Document) -> list[tuple[str, str]]:
    """(anchor, label) for every row of `document` and every header field it fills in."""
    rows = list(document.all_indicators())
    choices = [(f"{ROW}:{key}", row_label(i, r)) for i, (key, r) in enumerate(zip(row_keys(document), rows))]
    for name, label in ANCHOR_LABELS.items():
        if name in _NOT_ANCHORS:
            continue
        filled = bool(document.milestones) if name == MILESTONES_FIELD else getattr(document, name) not in (None, "")
        if filled:
            choices.append((f"{FIELD}:{name}", f"表头 · {label}"))
    return choices


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise WorkflowError("请填写批注内容。")
    if len(body) > MAX_BODY:
        raise WorkflowError(f"批注内容不能超过{MAX_BODY}字。")
    return body


@transaction.atomic
def comment_thread_open(*, table: GoalTable, user: User, document: Document, anchor: str, body: str) -> CommentThread:
    """A reviewer comments on one row or header field of the submitted `document` of `table`."""
    if not may_review(user, table):
        raise PermissionDenied("只有本部门的审核人可以批注。")
    if table.status not in (S.SUBMITTED, S.RETURNED):
        raise WorkflowError(f"当前状态为“{table.get_status_display()}”，不能批注。")
    body = _check_body(body)
    kind, _, target = (anchor or "").partition(":")
    thread = CommentThread(table=table, snapshot=latest_snapshot(table), created_by=user)
    if kind == ROW:
        keys = row_keys(document)
        if target not in keys:
            raise WorkflowError("找不到要批注的指标行，请刷新页面后重试。")
        index = keys.index(target)
        row = list(document.all_indicators())[index]
        thread.row_key, thread.label, thread.quoted = target, row_label(index, row), row_quote(row)
        indicators = indicators_in_document_order(table)
        if len(indicators) == len(keys):
            thread.indicator = indicators[index]
    elif kind == FIELD and target in ANCHOR_LABELS:
        thread.field, thread.label, thread.quoted = target, f"表头 · {ANCHOR_LABELS[target]}", field_quote(document, target)
    else:
        raise WorkflowError("请选择批注针对的指标行或表头字段。")
    checked_save(thread)
    checked_save(Comment(thread=thread, author=user, body=body))
    return thread


def _check_thread_party(*, thread: CommentThread, user: User) -> None:
    table = thread.table
    if not (may_review(user, table) or may_fill(user, table)):
        raise PermissionDenied("只有本单位填报人和本部门审核人可以参与批注讨论。")
    if table.status == S.APPROVED:
        raise WorkflowError("这张表已审核通过，批注讨论已关闭。")


@transaction.atomic
def comment_reply(*, thread: CommentThread, user: User, body: str) -> Comment:
    """Staff answer a comment (or the reviewer follows up) in the same thread."""
    _check_thread_party(thread=thread, user=user)
    comment = Comment(thread=thread, author=user, body=_check_body(body))
    checked_save(comment)
    return comment


@transaction.atomic
def comment_thread_mark_addressed(*, thread: CommentThread, user: User, body: str = "") -> CommentThread:
    """The filer says "已修改": the row was changed as the comment asked (with an optional note).
    The thread stays open until the reviewer confirms it."""
    if not may_fill(user, thread.table):
        raise PermissionDenied("只有本单位的填报人可以标记已修改。")
    _check_thread_party(thread=thread, user=user)
    if thread.resolved:
        raise WorkflowError("这条批注已确认解决，不需要再标记。")
    if (body or "").strip():
        checked_save(Comment(thread=thread, author=user, body=_check_body(body)))
    thread.addressed_by = user
    thread.addressed_at = timezone.now()
    checked_save(thread, update_fields=["addressed_by", "addressed_at"])
    return thread


@transaction.atomic
def comment_thread_resolve(*, thread: CommentThread, user: User, resolved: bool = True) -> CommentThread:
    """The reviewer closes a thread whose point was fixed (or opens it again)."""
    if not may_review(user, thread.table):
        raise PermissionDenied("只有本部门的审核人可以确认批注已解决。")
    _check_thread_party(thread=thread, user=user)
    thread.resolved = resolved
    thread.resolved_by = user if resolved else None
    thread.resolved_at = timezone.now() if resolved else None
    fields = ["resolved", "resolved_by", "resolved_at"]
    if not resolved:  # opened again: the earlier "已修改" no longer answers it
        thread.addressed_by, thread.addressed_at = None, None
        fields += ["addressed_by", "addressed_at"]
    checked_save(thread, update_fields=fields)
    return thread


def threads_of(table: GoalTable) -> list[CommentThread]:
    """The table's threads with their messages and authors, in a fixed number of queries."""
    return list(
        CommentThread.objects.filter(table=table)
        .select_related("created_by", "resolved_by", "addressed_by", "snapshot")
        .prefetch_related(Prefetch("comments", queryset=Comment.objects.select_related("author")))
        .order_by("resolved", "created_at", "id")
    )


def place_threads(threads: list[CommentThread], document: Document) -> list:
    """Give each thread `.row_index` (its row in `document`, None if gone or a header field), `.body_row`
    (the printed grid's body row showing it) and `.current` (what the anchored cell reads now), so a page
    can put it next to the row it concerns."""
    keys = {key: i for i, key in enumerate(row_keys(document))}
    rows = list(document.all_indicators())
    printed = {position: b for b, position in enumerate(body_positions(document)) if position is not None}
    for thread in threads:
        thread.row_index = keys.get(thread.row_key) if thread.row_key else None
        thread.body_row = printed.get(thread.row_index)
        if thread.row_index is not None:
            thread.current = row_quote(rows[thread.row_index])
            thread.where = row_label(thread.row_index, rows[thread.row_index])
        elif thread.field:
            thread.current = field_quote(document, thread.field)
            thread.where = thread.label
        else:
            thread.current = ""
            thread.where = f"{thread.label}（该指标行已删除或改名）"
    return threads


def threads_by_row_key(threads: Iterable[CommentThread]) -> dict[str, list]:
    """{row key: [threads]} for editors that show comments on their rows."""
    result: dict[str, list] = {}
    for thread in threads:
        if thread.row_key:
            result.setdefault(thread.row_key, []).append(thread)
    return result
