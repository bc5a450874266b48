"""Editing a goal table in the browser: who may, what a save does, and what a draft is told.

`goal_table_save_document` replaces every row, which suits imports.  An edit instead updates
rows in place, so an indicator keeps its identity and its history reads old → new per field,
and a save that started from an older version of the table is refused (optimistic locking on
GoalTable.updated_at) instead of silently undoing someone else's work.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from documents import goaltable as doc
from documents.amounts import AmountError, read_amount
from documents.values import canonical_value, normalize_comparator, normalize_unit, parse_value
from indicators.models import Indicator
from projects.models import Duty, DutyTask, FiscalYear, GoalTable, Milestone, Unit
from projects.selectors import ROW_FIELDS, TABLE_FIELDS
from projects.services import FieldChecker, check_fields, check_identity, checked_save, identity_taken

CHANGE_REASON = "在线编辑"
CREATE_REASON = "新建"
DEFAULT_MILESTONES = ((3, "3月底"), (6, "6月底"), (10, "10月底"), (12, "12月底"))
LAYOUTS_BY_KIND = {
    GoalTable.Kind.PROJECT: ("standard", "hunan", "list", "rows", "term", "selfeval"),
    GoalTable.Kind.OVERALL: ("overall", "duty", "standard"),
}
# The official skeleton of a new table, in the order of the printed form: 产出 (数量/质量/时效, and 成本
# where the scheme puts it under 产出), 效益, 满意度, 成本.  Only the pairs the table's scheme has are used.
SKELETON = (
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("成本指标", "经济成本指标"),
)
SKELETON_LAYOUTS = ("standard", "hunan", "list", "overall")
# The header fields an edit may change; kind, year and unit are fixed when a table is created.
HEADER_FIELDS = tuple(name for name in TABLE_FIELDS if name != "kind")
_INDICATOR_FIELDS = ROW_FIELDS + ("order", "duty_task")


class EditConflict(Exception):
    """The table changed since the editor loaded it; saving would undo someone's work."""

    def __init__(self, *, by: User | None, at: datetime.datetime, version: str) -> None:
        self.by = by
        self.at = at
        self.version = version  # the current version, for an explicit overwrite
        super().__init__(self.message)

    @property
    def who(self) -> str:
        if self.by is None:
            return "他人"
        return self.by.get_full_name() or self.by.get_username()

    @property
    def when(self) -> str:
        local = timezone.localtime(self.at)
        if local.date() == timezone.localdate():
            return local.strftime("%H:%M")
        return f"{local.month}月{local.day}日 {local:%H:%M}"

    @property
    def message(self) -> str:
        return f"本表已被 {self.who} 于 {self.when} 修改，您这次的修改没有保存。"


class NotEditable(Exception):
    def __init__(self, table: GoalTable) -> None:
        self.table = table
        super().__init__(f"本表状态为“{table.get_status_display()}”，不能修改。")


def version_of(table: GoalTable) -> str:
    return table.updated_at.isoformat()


def parse_version(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def default_layout(kind: str) -> str:
    return LAYOUTS_BY_KIND[kind][0]


def skeleton_rows(mapping: dict[str, list[str]]) -> list[doc.IndicatorRow]:
    """One empty row per 二级 of the official skeleton that the scheme `mapping` ({一级: [二级]}) has."""
    return [doc.IndicatorRow(level1=l1, level2=l2) for l1, l2 in SKELETON if l2 in mapping.get(l1, ())]


@transaction.atomic
def goal_table_create(*, user: User, fiscal_year: FiscalYear, unit: Unit, kind: str, layout: str | None = None, name: str = "", code: str = "") -> GoalTable:
    """A new draft with the year's scheme; a project table starts with the usual four plan points,
    and every table with a 一级/二级 grid with the official skeleton of its scheme (empty values)."""
    layout = layout or default_layout(kind)
    if layout not in LAYOUTS_BY_KIND[kind]:
        raise ValueError(f"{GoalTable.Kind(kind).label}表不能使用 {layout} 版式")
    if not name:
        name = unit.department.name if kind == GoalTable.Kind.OVERALL else _free_name(fiscal_year, unit, kind, "未命名项目")
    table = GoalTable(
        fiscal_year=fiscal_year,
        unit=unit,
        scheme=fiscal_year.scheme,
        kind=kind,
        layout=layout,
        name=name,
        code=code,
        updated_by=user,
    )
    check_identity(table=table)  # a Chinese message, not the database's refusal
    table._history_user = user
    table._change_reason = CREATE_REASON
    checked_save(table)
    if kind == GoalTable.Kind.PROJECT:
        points = [Milestone(table=table, order=i, label=label, month=month) for i, (month, label) in enumerate(DEFAULT_MILESTONES)]
        FieldChecker().check_objects(points)
        bulk_create_with_history(points, Milestone, default_user=user, default_change_reason=CREATE_REASON)
    if layout in SKELETON_LAYOUTS:
        from indicators.schemes import scheme_mapping

        rows = skeleton_rows(scheme_mapping(table.scheme))
        skeleton = [Indicator(table=table, order=i, **dataclasses.asdict(row)) for i, row in enumerate(rows)]
        FieldChecker().check_objects(skeleton)
        bulk_create_with_history(
            skeleton,
            Indicator,
            default_user=user,
            default_change_reason=CREATE_REASON,
        )
    return table


def _free_name(fiscal_year: FiscalYear, unit: Unit, kind: str, base: str) -> str:
    """`base`, or `base`2, 3 … : a new table without a code needs a name no other such table has."""
    name, number = base, 1
    while identity_taken(fiscal_year=fiscal_year, unit=unit, kind=kind, code="", name=name):
        number += 1
        name = f"{base}{number}"
    return name


@dataclass
class EditResult:
    table: GoalTable
    changed: bool
    created: int = 0
    updated: int = 0  # rows whose content changed
    deleted: int = 0
    moved: int = 0  # rows put in another order by hand (not those shifted by an insert or delete)


def _differs(old: object, new: object) -> bool:
    if old is None or new is None:
        return old is not new
    return old != new


@transaction.atomic
def goal_table_update(
    *,
    table: GoalTable,
    user: User,
    document: doc.GoalTable,
    expected_updated_at: datetime.datetime | None,
    row_ids: list[int | None] | None = None,
    reason: str = CHANGE_REASON,
    budget_confirmed: bool = False,
) -> EditResult:
    """Make the table say what `document` says, if nobody saved it since `expected_updated_at`.

    `row_ids` gives, in `document.all_indicators()` order, the id of the Indicator each row was
    loaded from (None for a new row); without it rows are matched by position.  Rows keep their
    ids, so the history shows each change as old → new.  A budget carried over from last year
    stops being marked for review once the filer confirms it or changes any amount of it.
    Raises EditConflict or NotEditable.
    """
    # Locks the row until the save ends, so two saves of one version cannot both pass the check.
    current = GoalTable.objects.select_for_update().get(pk=table.pk)
    if expected_updated_at is None or current.updated_at != expected_updated_at:
        raise EditConflict(by=current.updated_by, at=current.updated_at, version=version_of(current))
    if not current.is_editable:
        raise NotEditable(current)
    now = timezone.now()
    history = {"default_user": user, "default_change_reason": reason, "default_date": now}

    changed = False
    for name in HEADER_FIELDS:
        value = getattr(document, name)
        if _differs(getattr(current, name), value):
            setattr(current, name, value)
            changed = True
            if name in doc.MONEY_FIELDS:
                budget_confirmed = True
    if current.budget_carried and budget_confirmed:
        current.budget_carried = False
        changed = True
    check_fields(current)  # the header refused before any row is written (saved below, once rows are)

    changed |= _save_milestones(current, document.milestones, history)
    duty_plan = _save_duties(current, document.duties)
    *counts, shifted = _save_indicators(current, document, duty_plan, row_ids, history)
    changed |= duty_plan.changed or any(counts) or shifted

    if changed:
        check_identity(table=current)
        current.updated_by = user
        current._history_user = user
        current._change_reason = reason
        current._history_date = now
        current.save()  # checked above
    return EditResult(current, changed, *counts)


def _save_milestones(table: GoalTable, milestones: list[doc.Milestone], history: dict[str, Any]) -> bool:
    existing = list(Milestone.objects.filter(table=table).order_by("order", "id"))
    to_update, to_create = [], []
    for order, point in enumerate(milestones):
        wanted = {"order": order, "label": point.label, "month": point.month, "value": point.value}
        if order < len(existing):
            obj = existing[order]
            if any(_differs(getattr(obj, k), v) for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(obj, k, v)
                to_update.append(obj)
        else:
            to_create.append(Milestone(table=table, **wanted))
    surplus = existing[len(milestones):]
    FieldChecker().check_objects(to_create + to_update)
    if to_create:
        bulk_create_with_history(to_create, Milestone, **history)
    if to_update:
        bulk_update_with_history(to_update, Milestone, ["order", "label", "month", "value"], **history)
    _delete_with_history(surplus, history)
    return bool(to_create or to_update or surplus)


@dataclass
class _DutyPlan:
    tasks: list  # one DutyTask per document task, in order
    surplus_duties: list
    surplus_tasks: list
    changed: bool


def _save_duties(table: GoalTable, duties: list[doc.Duty]) -> _DutyPlan:
    """Duties and their tasks matched by position.

    Duties carry no history of their own: their text is the context of the indicators below
    them, and the table's history records that the table changed.
    """
    existing = list(Duty.objects.filter(table=table).prefetch_related("tasks").order_by("order", "id"))
    new_duties, changed_duties, plan = [], [], []
    for order, duty in enumerate(duties):
        if order < len(existing):
            obj = existing[order]
            old_tasks = sorted(obj.tasks.all(), key=lambda t: (t.order, t.id))
            if (obj.order, obj.seq, obj.name) != (order, duty.seq, duty.name):
                obj.order, obj.seq, obj.name = order, duty.seq, duty.name
                changed_duties.append(obj)
        else:
            obj, old_tasks = Duty(table=table, order=order, seq=duty.seq, name=duty.name), []
            new_duties.append(obj)
        plan.append((obj, duty, old_tasks))
    checker = FieldChecker()
    checker.check_objects(new_duties + changed_duties)
    Duty.objects.bulk_create(new_duties)
    if changed_duties:
        Duty.objects.bulk_update(changed_duties, ["order", "seq", "name"])

    tasks, new_tasks, changed_tasks, surplus_tasks = [], [], [], []
    for obj, duty, old_tasks in plan:
        for order, task in enumerate(duty.tasks):
            if order < len(old_tasks):
                task_obj = old_tasks[order]
                if (task_obj.order, task_obj.name, task_obj.goal) != (order, task.name, task.goal):
                    task_obj.order, task_obj.name, task_obj.goal = order, task.name, task.goal
                    changed_tasks.append(task_obj)
            else:
                task_obj = DutyTask(duty=obj, order=order, name=task.name, goal=task.goal)
                new_tasks.append(task_obj)
            tasks.append(task_obj)
        surplus_tasks += old_tasks[len(duty.tasks):]
    checker.check_objects(new_tasks + changed_tasks)
    DutyTask.objects.bulk_create(new_tasks)
    if changed_tasks:
        DutyTask.objects.bulk_update(changed_tasks, ["order", "name", "goal"])
    surplus_duties = existing[len(duties):]
    changed = bool(new_duties or changed_duties or new_tasks or changed_tasks or surplus_duties or surplus_tasks)
    return _DutyPlan(tasks, surplus_duties, surplus_tasks, changed)


def _save_indicators(table: GoalTable, document: doc.GoalTable, duty_plan: _DutyPlan, row_ids: list[int | None] | None, history: dict[str, Any]) -> tuple[int, int, int, int, bool]:
    existing = {i.pk: i for i in Indicator.objects.filter(table=table)}
    placed = [(row, None) for row in document.indicators]
    task_iter = iter(duty_plan.tasks)
    for duty in document.duties:
        for task in duty.tasks:
            task_obj = next(task_iter)
            placed += [(row, task_obj) for row in task.indicators]
    if row_ids is None:
        by_position = sorted(existing.values(), key=lambda i: (i.order, i.id))
        row_ids = [i.pk for i in by_position[: len(placed)]] + [None] * (len(placed) - len(by_position))
    if len(row_ids) != len(placed):
        raise ValueError("row_ids 与指标行数不一致")

    old_sequence = [i.pk for i in sorted(existing.values(), key=lambda i: (i.order, i.id))]
    to_create, to_update, order_only, kept = [], [], [], []
    for order, ((row, task_obj), row_id) in enumerate(zip(placed, row_ids)):
        wanted = {name: getattr(row, name) for name in ROW_FIELDS}
        wanted["duty_task"] = task_obj
        obj = existing.get(row_id) if row_id not in kept else None
        if obj is None:
            to_create.append(Indicator(table=table, order=order, **wanted))
            continue
        kept.append(row_id)
        if obj.duty_task_id != (task_obj.pk if task_obj else None) or any(
            _differs(getattr(obj, k), v) for k, v in wanted.items() if k != "duty_task"
        ):
            for k, v in wanted.items():
                setattr(obj, k, v)
            obj.order = order
            to_update.append(obj)
        elif obj.order != order:
            obj.order = order
            order_only.append(obj)
    removed = [obj for pk, obj in existing.items() if pk not in set(kept)]
    # Rows that only shift because another row was added or removed are not “moved”: their
    # new position is stored without a history record, so the history shows the real change.
    reordered = [pk for pk in old_sequence if pk in set(kept)] != kept

    FieldChecker().check_objects(to_create + to_update + order_only)
    if to_create:
        bulk_create_with_history(to_create, Indicator, **history)
    if to_update:
        bulk_update_with_history(to_update, Indicator, list(_INDICATOR_FIELDS), **history)
    if order_only and reordered:
        bulk_update_with_history(order_only, Indicator, ["order"], **history)
    elif order_only:
        Indicator.objects.bulk_update(order_only, ["order"])
    _delete_with_history(removed, history)
    # Only now: deleting a task cascades to the indicators still pointing at it.
    if duty_plan.surplus_tasks:
        DutyTask.objects.filter(pk__in=[t.pk for t in duty_plan.surplus_tasks]).delete()
    if duty_plan.surplus_duties:
        Duty.objects.filter(pk__in=[d.pk for d in duty_plan.surplus_duties]).delete()
    moved = len(order_only) if reordered else 0
    return len(to_create), len(to_update), len(removed), moved, bool(order_only)


def _delete_with_history(objects: Sequence[models.Model], history: dict[str, Any]) -> None:
    # One by one, so each "deleted" history record names its user, reason and save time.
    for obj in objects:
        obj._history_user = history["default_user"]
        obj._change_reason = history["default_change_reason"]
        obj._history_date = history["default_date"]
        obj.delete()


# --- reading the value cell ---------------------------------------------------------------------


@dataclass(frozen=True)
class ValueCell:
    comparator: str
    value: Decimal | None
    unit: str
    value_text: str


def plain_number(text: str) -> Decimal | None:
    """The text as a Decimal when it is only a number ("95", "７１５１", "1,000.5"), else None.

    Read by the one reader of amounts, so the number box takes what the money fields take."""
    try:
        found = read_amount(text, units=())
    except AmountError:
        return None
    return None if found is None else found.value


def read_value_cell(*, comparator: str, value: str, unit: str, previous_text: str, layout: str) -> ValueCell:
    """Comparator, number and unit as typed, and the 指标值 text as it will print.

    The number box also takes words ("显著提升") or a whole filed value ("≥95%", "本年度新增10项");
    a whole value fills the empty parts.  The printed text keeps what was filed (spelling,
    words before and after the number) until a part changes; the list layout prints only the
    number in its 值 column.
    """
    symbol = normalize_comparator(comparator)
    if symbol is None:
        raise ValueError(f"无法识别的比较符：{comparator}")
    unit = (unit or "").strip()
    raw = (value or "").strip()
    previous = parse_value(previous_text or "")
    number = plain_number(raw)
    if number is None and raw:
        parsed = parse_value(raw)
        if not parsed.ok:
            return ValueCell(symbol, None, unit, raw)
        symbol, unit, number = symbol or parsed.comparator, unit or parsed.unit, parsed.number
        previous = parsed
        previous_text = raw
    if number is None:
        return ValueCell(symbol, None, unit, "")
    if layout == "list":
        keep = previous.ok and previous.number == number
        return ValueCell(symbol, number, unit, previous_text if keep else format(number, "f"))
    same = (
        previous.ok
        and previous.number == number
        and previous.comparator == symbol
        and normalize_unit(previous.unit) == normalize_unit(unit)
    )
    if same:
        return ValueCell(symbol, number, unit, previous_text)
    # A part changed: the text is composed anew, in the printed form (the typed one stays in history).
    text = canonical_value(
        comparator=symbol,
        number=number,
        unit=unit,
        prefix=previous.prefix if previous.ok else "",
        remainder=previous.remainder if previous.ok else "",
    )
    return ValueCell(symbol, number, unit, text)


def value_box_text(row: doc.IndicatorRow) -> str:
    """What the number box shows for a row: the number, or the words when there is none."""
    if row.value is not None:
        return format(row.value, "f")
    return row.value_text


def document_rows(document: doc.GoalTable) -> list[tuple[doc.IndicatorRow, doc.Duty | None, doc.DutyTask | None]]:
    """Every grid line in order: top-level rows, then each duty's tasks with their rows.

    A task without indicators is a line of its own (row None) so it survives an edit.
    """
    lines = [(row, None, None) for row in document.indicators]
    for duty in document.duties:
        for task in duty.tasks or [doc.DutyTask()]:
            if task.indicators:
                lines += [(row, duty, task) for row in task.indicators]
            else:
                lines.append((None, duty, task))
    return lines


@dataclass
class GridLine:
    """One line of the editor's grid as plain values: the duty context and the indicator."""

    duty_seq: str = ""
    duty_name: str = ""
    task_name: str = ""
    task_goal: str = ""
    row: doc.IndicatorRow | None = None  # None: a duty task without indicators yet

    @property
    def in_duty(self) -> bool:
        return any((self.duty_seq, self.duty_name, self.task_name, self.task_goal))


def lines_to_parts(lines: list[GridLine]) -> tuple[list[doc.IndicatorRow], list[doc.Duty], list[int]]:
    """Top-level rows, duties, and for each indicator (all_indicators order) its line's index.

    Consecutive lines with the same 职责序号 and 部门职责 form one duty; within it, consecutive
    lines with the same 职责事项 and 职责目标 form one task — the grouping the printed table
    shows with merged cells.
    """
    top, duties = [], []
    top_index, duty_index = [], []
    for index, line in enumerate(lines):
        if not line.in_duty:
            if line.row is not None:
                top.append(line.row)
                top_index.append(index)
            continue
        if not duties or (duties[-1].seq, duties[-1].name) != (line.duty_seq, line.duty_name):
            duties.append(doc.Duty(seq=line.duty_seq, name=line.duty_name))
        duty = duties[-1]
        if not duty.tasks or (duty.tasks[-1].name, duty.tasks[-1].goal) != (line.task_name, line.task_goal):
            duty.tasks.append(doc.DutyTask(name=line.task_name, goal=line.task_goal))
        if line.row is not None:
            duty.tasks[-1].indicators.append(line.row)
            duty_index.append(index)
    return top, duties, top_index + duty_index


def row_is_blank(row: doc.IndicatorRow) -> bool:
    return all(getattr(row, f.name) in ("", None) for f in dataclasses.fields(row))
