"""Template tags that put the review next to a table on pages that are not the review page.

{% load review %}
{% review_panel table document %}    status, submit/reopen, the comment threads and a link to the record
{% review_threads table document %}  the comment threads alone, for the editor
Both place each thread on its row of `document` (the live table), so a thread keeps its row
after the row's value was fixed.
"""
from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import User

from documents import goaltable as doc
from projects.access import may_edit, may_fill, may_reopen, may_review
from projects.models import GoalTable
from projects.review.comments import place_threads, threads_of

register = template.Library()


def _threads_context(context: dict[str, Any], table: GoalTable, document: doc.GoalTable) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    threads = place_threads(threads_of(table), document) if document is not None else threads_of(table)
    if document is None:
        for t in threads:
            t.row_index, t.body_row, t.current, t.where = None, None, "", t.label
    staff, reviewer = may_fill(user, table), may_review(user, table)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "table": table,
        "threads": threads,
        "open_count": sum(1 for t in threads if not t.resolved),
        "can_reply": (staff or reviewer) and table.status != table.Status.APPROVED,
        "can_resolve": reviewer and table.status != table.Status.APPROVED,
        "is_reviewer": reviewer,
        "next_url": request.get_full_path(),
    }


@register.inclusion_tag("projects/review_threads.html", takes_context=True)
def review_threads(context: dict[str, Any], table: GoalTable, document: doc.GoalTable | None = None) -> dict[str, Any]:
    return _threads_context(context, table, document)


@register.inclusion_tag("projects/review_panel.html", takes_context=True)
def review_panel(context: dict[str, Any], table: GoalTable, document: doc.GoalTable | None = None) -> dict[str, Any]:
    result = _threads_context(context, table, document)
    user = context["request"].user
    latest = table.snapshots.select_related("review").order_by("-version").first()
    result.update(
        latest=latest,
        last_return=table.transitions.filter(to_status=table.Status.RETURNED).order_by("-at", "-id").first()
        if table.status == table.Status.RETURNED
        else None,
        can_submit=may_edit(user, table),
        can_reopen=may_reopen(user, table),
    )
    return result


@register.filter
def person(user: User) -> str:
    """A user's name as the review pages show it; users are kept as NULL when deleted, and a
    `default:user.username` argument on a deleted user would fail the whole page."""
    if user is None:
        return "（已删除的用户）"
    return user.get_full_name() or user.username
