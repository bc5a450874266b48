"""A table under review or approved is changed through the workflow only (submission, return, goal
adjustment), never in the Django admin: there its parts are shown read-only and cannot be added to or
deleted, and a 状态 is never set by hand.  Otherwise an approved table could change with no new version,
no reason and no review, and its self-evaluation and next year's rollover would follow the change."""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from projects.models import GoalTable

LOCKED_MESSAGE = "这张表正在审核或已审核通过，不能在后台修改；请走“申请调整绩效目标”或由审核人退回修改。"


def table_of(obj: models.Model | None, path: str) -> GoalTable | None:
    """The goal table `obj` belongs to, following `path` ("" for a table itself, "table", "duty.table")."""
    for name in filter(None, path.split(".")):
        obj = getattr(obj, name, None) if obj is not None else None
    return obj if isinstance(obj, GoalTable) else None


def is_locked(table: GoalTable | None) -> bool:
    return table is not None and table.pk is not None and not table.is_editable


class LockedTableMixin:
    """For the admin of a goal table (table_path "") or of a part of one ("table", "duty.table").
    For an inline, the path goes from the parent object the admin page shows."""

    table_path = "table"

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and not is_locked(table_of(obj, self.table_path))

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and not is_locked(table_of(obj, self.table_path))

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_add_permission(request, obj) and not is_locked(table_of(obj, self.table_path))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        locked = [obj for obj in queryset if is_locked(table_of(obj, self.table_path))]
        if locked:
            messages.error(request, f"{len(locked)} 条属于正在审核或已审核通过的表，未删除。{LOCKED_MESSAGE}")
            queryset = queryset.exclude(pk__in=[obj.pk for obj in locked])
        super().delete_queryset(request, queryset)

    def get_form(self, request: HttpRequest, obj: models.Model | None = None, change: bool = False,
                 **kwargs: Any) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        path = self.table_path

        class NotIntoALockedTable(form):
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                if not path:
                    return data
                # A part added to (or moved into) a locked table: the table the form names.
                first, _, rest = path.partition(".")
                owner = data.get(first) if first in data else getattr(self.instance, first, None)
                if is_locked(table_of(owner, rest)):
                    raise forms.ValidationError(LOCKED_MESSAGE)
                return data

        return NotIntoALockedTable
