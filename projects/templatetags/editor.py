"""{% editor_links table %}: the “编辑” and “修改记录” links of a table, for pages other than the editor."""
from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from projects.access import may_edit
from projects.models import GoalTable

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_links(context: dict[str, Any], table: GoalTable) -> dict[str, Any]:
    user = context["request"].user
    links = []
    if may_edit(user, table):
        links.append(format_html('<a class="button" href="{}">编辑</a>', reverse("table_edit", args=[table.pk])))
    links.append(format_html('<a class="button" href="{}">修改记录</a>', reverse("table_history", args=[table.pk])))
    return format_html(" ".join(["{}"] * len(links)), *links)
