"""A table's change history as the people who filled it in read it: who, when, old → new.

Every save writes historical records (django-simple-history) for the table, its indicators and
its plan points with one shared time and user; records with the same time and user are one
event.  Field changes come from `diff_against` the object's previous record.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

from documents.amounts import plain_text
from indicators.models import Indicator
from projects.models import GoalTable, Milestone

# Bookkeeping, not content: never shown as a change.
_TABLE_SKIP = ["created_at", "updated_at", "updated_by", "fiscal_year", "unit", "scheme"]
_INDICATOR_SKIP = ["table", "duty_task", "order"]
_MILESTONE_SKIP = ["table", "order"]


@dataclass
class Change:
    subject: str  # 表头, 指标「服务人数」, 资金支出计划「6月底」
    action: str  # 修改, 新增, 删除, 调整顺序
    field: str = ""
    old: str = ""
    new: str = ""


@dataclass
class Event:
    at: object
    user: object
    reason: str
    changes: list[Change] = field(default_factory=list)
    user_id: int | None = None

    @property
    def who(self) -> str:
        if self.user is None:
            return "系统"
        return self.user.get_full_name() or self.user.get_username()


def _show(model: type[models.Model], name: str, value: object) -> str:
    if value is None or value == "":
        return "（空）"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return plain_text(value)
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _chains(records: Iterable[models.Model]) -> Iterator[tuple[models.Model, models.Model | None]]:
    """Each record paired with the previous record of the same object."""
    last = {}
    for record in records:
        yield record, last.get(record.id)
        last[record.id] = record


def _indicator_subject(record: models.Model) -> str:
    return f"指标「{record.name or '未命名'}」"


def _milestone_subject(record: models.Model) -> str:
    return f"资金支出计划「{record.label or '时点'}」"


def _changes(model: type[models.Model], record: models.Model, previous: models.Model | None, subject: Callable[[models.Model], str], skip: Collection[str], summary: Callable[[models.Model], str]) -> list[Change]:
    if record.history_type == "+" or previous is None:
        return [Change(subject, "新增", new=summary(record))]
    if record.history_type == "-":
        return [Change(subject, "删除", old=summary(record))]
    delta = record.diff_against(previous, excluded_fields=skip)
    changes = [
        Change(subject, "修改", _label(model, c.field), _show(model, c.field, c.old), _show(model, c.field, c.new))
        for c in delta.changes
    ]
    if not changes and model is Indicator and previous.order != record.order:
        changes.append(Change(subject, "调整顺序"))
    return changes


def _indicator_summary(record: models.Model) -> str:
    return " ".join(part for part in (record.level1, record.level2, record.value_text) if part)


def _milestone_summary(record: models.Model) -> str:
    return _show(Milestone, "value", record.value)


# Records written by one save share a time (the editor passes one); other writers (imports,
# the demo) stamp each record a moment apart, so records this close together are one event.
_SAME_EVENT = datetime.timedelta(seconds=2)


def table_history_events(table: GoalTable, *, limit: int = 200) -> list[Event]:
    """The table's events, newest first; three queries whatever the number of rows."""
    sources = (
        (GoalTable, GoalTable.history.filter(id=table.pk), lambda r: "表头", _TABLE_SKIP, lambda r: "新建本表"),
        (Indicator, Indicator.history.filter(table_id=table.pk), _indicator_subject, _INDICATOR_SKIP, _indicator_summary),
        (Milestone, Milestone.history.filter(table_id=table.pk), _milestone_subject, _MILESTONE_SKIP, _milestone_summary),
    )
    found = []  # (record, its changes)
    for model, queryset, subject, skip, summary in sources:
        records = queryset.select_related("history_user").order_by("history_date", "history_id")
        for record, previous in _chains(records):
            changes = _changes(model, record, previous, subject(record), skip, summary)
            if changes:
                found.append((record, changes))
    found.sort(key=lambda item: item[0].history_date)

    events: list[Event] = []
    last_at = None
    for record, changes in found:
        reason = record.history_change_reason or ""
        event = events[-1] if events else None
        if (
            event is None
            or event.user_id != record.history_user_id
            or event.reason != reason
            or record.history_date - last_at > _SAME_EVENT
        ):
            event = Event(record.history_date, record.history_user, reason, user_id=record.history_user_id)
            events.append(event)
        event.changes += changes
        last_at = record.history_date
    events.reverse()
    for event in events:
        _fold(event)
    return events[:limit]


# An import or a new table adds dozens of rows at once; past this many they are one line.
_MANY = 12


def _fold(event: Event) -> None:
    """Reorders as one line; a mass of new or deleted rows as one line each."""
    moved = [c for c in event.changes if c.action == "调整顺序"]
    if len(moved) > 1:
        event.changes = [c for c in event.changes if c.action != "调整顺序"] + [
            Change("指标", "调整顺序", new=f"{len(moved)} 条指标的位置变了")
        ]
    for action in ("新增", "删除"):
        rows = [c for c in event.changes if c.action == action and c.subject.startswith("指标「")]
        if len(rows) > _MANY:
            names = "、".join(c.subject[3:-1] for c in rows[:3])
            summary = Change("指标", action, **{"new" if action == "新增" else "old": f"{len(rows)} 条：{names}等"})
            event.changes = [c for c in event.changes if c not in rows] + [summary]
