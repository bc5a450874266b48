from __future__ import annotations

from typing import Any

from django import template

from projects.access import may_fill, may_review
from projects.models import GoalTable

register = template.Library()


@register.inclusion_tag("projects/adjustment_panel.html", takes_context=True)
def adjustment_panel(context: dict[str, Any], table: GoalTable) -> dict[str, Any]:
    user = context["user"]
    adjustments = list(table.adjustments.select_related("requested_by", "decided_by")[:10])
    pending = next((a for a in adjustments if a.status == "pending"), None)
    approved = table.status == GoalTable.Status.APPROVED
    return {
        "table": table,
        "adjustments": adjustments,
        "pending": pending,
        "may_request": approved and pending is None and may_fill(user, table),
        "may_decide": pending is not None and may_review(user, table),
        "csrf_token": context.get("csrf_token"),
    }
