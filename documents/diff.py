"""What changed between two versions of a goal table: header fields, milestones, duties, indicators.

Works on the plain document GoalTable (a Snapshot's JSON or the live table), so the reviewer's
"changes since the version I reviewed" and any two versions compare the same way.
Indicator rows have no identity across saves (the rows are rewritten), so rows are matched by
their 一级/二级/三级 names in order; a renamed row shows up as a changed 三级指标.
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from itertools import zip_longest
from typing import Any

from .goaltable import GoalTable, IndicatorRow
from .grid import indicator_text
from .labels import HEADER_LABELS, MILESTONES_FIELD, ROW_LABELS

# comparator and value are printed inside 指标值; they count only when 指标值 reads the same.
_PART_OF_VALUE = ("comparator", "value")

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KIND_LABELS = {ADDED: "新增", REMOVED: "删除", CHANGED: "修改"}


def display(value: Any) -> str:
    """A value as a reviewer reads it: Decimal without exponent, dates as 2023-01-05, None as empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    kind: str  # ADDED / REMOVED / CHANGED
    key: str  # row key in the new version (in the old one for a removed row)
    old_index: int | None  # position in all_indicators() of the old version
    new_index: int | None
    name: str  # the 三级指标, new name when there is one
    cells: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def changed_fields(self) -> set[str]:
        return {c.field for c in self.cells}


@dataclass
class DocumentDiff:
    fields: list[FieldChange] = field(default_factory=list)
    milestones: list[FieldChange] = field(default_factory=list)
    duties: list[FieldChange] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    matched: dict[int, int] = field(default_factory=dict)  # new row position -> old row position

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.milestones or self.duties or self.rows)

    def _of(self, kind: str) -> list[RowChange]:
        return [r for r in self.rows if r.kind == kind]

    @property
    def added(self) -> list[RowChange]:
        return self._of(ADDED)

    @property
    def removed(self) -> list[RowChange]:
        return self._of(REMOVED)

    @property
    def changed(self) -> list[RowChange]:
        return self._of(CHANGED)

    @property
    def count(self) -> int:
        return len(self.fields) + len(self.milestones) + len(self.duties) + len(self.rows)

    def by_new_index(self) -> dict[int, RowChange]:
        return {r.new_index: r for r in self.rows if r.new_index is not None}


def _contexts(document: GoalTable) -> list[tuple[IndicatorRow, tuple[str, ...]]]:
    """Every indicator with what places it: nothing for flat tables, its duty and task for the duty layout."""
    rows = [(r, ()) for r in document.indicators]
    for duty in document.duties:
        for task in duty.tasks:
            rows += [(r, (duty.seq, task.name)) for r in task.indicators]
    return rows


def _match_key(row: IndicatorRow, context: tuple[str, ...]) -> tuple[str, ...]:
    return (*context, row.level1.strip(), row.level2.strip(), row.name.strip())


def row_keys(document: GoalTable) -> list[str]:
    """A stable key per indicator, in all_indicators() order: the same row keeps its key across versions
    as long as its 一级/二级/三级 (and, in the duty layout, its duty) stay; repeats are numbered."""
    seen: dict[tuple[str, ...], int] = {}
    keys = []
    for row, context in _contexts(document):
        match = _match_key(row, context)
        seen[match] = seen.get(match, 0) + 1
        raw = "\x1f".join((*match, str(seen[match])))
        keys.append(hashlib.sha1(raw.encode("utf-8")).hexdigest())
    return keys


def _row_cells(old: IndicatorRow, new: IndicatorRow) -> list[FieldChange]:
    changes = []
    old_text, new_text = indicator_text(old), indicator_text(new)
    for f in dataclasses.fields(IndicatorRow):
        name = f.name
        if name == "value_text":
            before, after = old_text, new_text
        elif name in _PART_OF_VALUE and old_text != new_text:
            continue
        else:
            before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(FieldChange(name, ROW_LABELS.get(name, name), display(before), display(after)))
    return changes


def _diff_rows(old: GoalTable, new: GoalTable) -> tuple[list[RowChange], dict[int, int]]:
    old_rows, new_rows = _contexts(old), _contexts(new)
    old_keys, new_keys = row_keys(old), row_keys(new)
    matcher = SequenceMatcher(
        None, [_match_key(*r) for r in old_rows], [_match_key(*r) for r in new_rows], autojunk=False
    )
    changes: list[RowChange] = []
    matched: dict[int, int] = {}

    def pair(i: int, j: int) -> None:
        matched[j] = i
        cells = _row_cells(old_rows[i][0], new_rows[j][0])
        if cells:
            changes.append(RowChange(CHANGED, new_keys[j], i, j, new_rows[j][0].name, cells))

    def added(j: int) -> None:
        changes.append(RowChange(ADDED, new_keys[j], None, j, new_rows[j][0].name))

    def removed(i: int) -> None:
        changes.append(RowChange(REMOVED, old_keys[i], i, None, old_rows[i][0].name))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                pair(i, j)
            continue
        # A row edited in place (renamed, moved to another 二级) pairs with the row it replaced.
        common = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(common):
            pair(i1 + k, j1 + k)
        for i in range(i1 + common, i2):
            removed(i)
        for j in range(j1 + common, j2):
            added(j)
    # Removed rows sit where they were, among the new rows.
    changes.sort(key=lambda c: (c.new_index if c.new_index is not None else c.old_index, c.kind != REMOVED))
    return changes, matched


def _diff_fields(old: GoalTable, new: GoalTable) -> list[FieldChange]:
    return [
        FieldChange(name, label, display(getattr(old, name)), display(getattr(new, name)))
        for name, label in HEADER_LABELS.items()
        if getattr(old, name) != getattr(new, name)
    ]


def _diff_milestones(old: GoalTable, new: GoalTable) -> list[FieldChange]:
    before = {m.label: m.value for m in old.milestones}
    after = {m.label: m.value for m in new.milestones}
    labels = [m.label for m in new.milestones] + [m.label for m in old.milestones if m.label not in after]
    return [
        FieldChange(f"{MILESTONES_FIELD}.{label}", f"资金支出计划·{label}", display(before.get(label)), display(after.get(label)))
        for label in labels
        if label not in before or label not in after or before[label] != after[label]
    ]


def _diff_duties(old: GoalTable, new: GoalTable) -> list[FieldChange]:
    changes = []
    for d, (a, b) in enumerate(zip_longest(old.duties, new.duties)):
        where = f"职责{(b or a).seq or d + 1}"
        for name, label in (("seq", "职责序号"), ("name", "部门职责")):
            before, after = getattr(a, name, ""), getattr(b, name, "")
            if before != after:
                changes.append(FieldChange(f"duties.{d}.{name}", f"{where} {label}", before, after))
        for t, (ta, tb) in enumerate(zip_longest(getattr(a, "tasks", []), getattr(b, "tasks", []))):
            for name, label in (("name", "职责事项"), ("goal", "职责目标")):
                before, after = getattr(ta, name, ""), getattr(tb, name, "")
                if before != after:
                    changes.append(FieldChange(f"duties.{d}.tasks.{t}.{name}", f"{where} 第{t + 1}项 {label}", before, after))
    return changes


def diff_documents(old: GoalTable, new: GoalTable) -> DocumentDiff:
    """Everything that differs from `old` to `new`, each change with its old → new value."""
    rows, matched = _diff_rows(old, new)
    return DocumentDiff(
        fields=_diff_fields(old, new),
        milestones=_diff_milestones(old, new),
        duties=_diff_duties(old, new),
        rows=rows,
        matched=matched,
    )
