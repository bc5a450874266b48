"""What a rule is and what it returns.

A rule is a plain function over the document GoalTable that yields `Hit`s (the cell and
the message); the `register` decorator turns those into `Finding`s carrying the rule's
stable code and severity, so each rule can be called and tested on its own.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from documents.goaltable import GoalTable, IndicatorRow
from documents.labels import FIELD_LABELS

from .sources import source_title

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}

# Groups in the order the rules page shows them.
GROUPS = ("完整性", "结构", "指标值", "指标含义", "资金", "历史对比", "跨表")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    table_code: str
    table_name: str
    indicator: str | None  # the 三级 name, None for a table-level finding
    field: str
    row: int | None  # position in GoalTable.all_indicators(), None for a table-level finding
    message: str
    point: int | None = None  # position in GoalTable.milestones, for a finding about one plan point
    source: str = ""  # the regulation the rule rests on, as a reviewer cites it

    @property
    def source_label(self) -> str:
        return source_title(self.source)

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    def to_json(self) -> dict:
        return {
            "rule": self.code,
            "severity": self.severity,
            "table_code": self.table_code,
            "table_name": self.table_name,
            "indicator": self.indicator,
            "field": self.field,
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True)
class Hit:
    """What a rule function yields: where the problem is and what to say about it."""

    field: str
    message: str
    row: int | None = None
    indicator: str | None = None
    point: int | None = None  # position in GoalTable.milestones


def row_hit(index: int, row: IndicatorRow, field: str, message: str) -> Hit:
    return Hit(field=field, message=message, row=index, indicator=row.name.strip() or None)


@dataclass(frozen=True)
class Rule:
    code: str
    group: str
    title: str
    severity: str
    reason: str
    example: str
    cross_table: bool
    function: Callable  # returns list[Finding]
    source: str = ""
    # Cross-table rules only: returns (table, Finding) pairs, so findings stay with their table.
    located: Callable | None = None

    @property
    def source_label(self) -> str:
        return source_title(self.source)

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


RULES: list[Rule] = []


def _finding(rule: Rule, table: GoalTable, hit: Hit) -> Finding:
    return Finding(
        code=rule.code,
        severity=rule.severity,
        table_code=table.code,
        table_name=table.name,
        indicator=hit.indicator,
        field=hit.field,
        row=hit.row,
        message=hit.message,
        point=hit.point,
        source=rule.source,
    )


def register(
    *, code: str, group: str, title: str, severity: str, reason: str, example: str, source: str, cross_table: bool = False
) -> Callable[[Callable[..., Iterable]], Callable[..., list[Finding]]]:
    """Add a rule to the registry; the decorated function returns a list of Findings.

    A table rule is called as `f(table, *, taxonomy)` and yields Hits; a cross-table rule
    is called as `f(tables)` and yields `(table, Hit)` pairs.
    """
    assert severity in SEVERITIES and group in GROUPS
    assert source_title(source), f"{code}: the source must name a document (财预〔…〕…号)"
    assert all(r.code != code for r in RULES), f"duplicate rule code {code}"

    def decorate(function: Callable[..., Iterable]) -> Callable[..., list[Finding]]:
        located = None
        if cross_table:

            def located(tables: Sequence[GoalTable], **kwargs: Any) -> list[tuple[GoalTable, Finding]]:
                return [(table, _finding(rule, table, hit)) for table, hit in function(tables, **kwargs)]

            def run(tables: Sequence[GoalTable], **kwargs: Any) -> list[Finding]:
                return [finding for _, finding in located(tables, **kwargs)]

        else:

            def run(table: GoalTable, **kwargs: Any) -> list[Finding]:
                return [_finding(rule, table, hit) for hit in function(table, **kwargs)]

        rule = Rule(code, group, title, severity, reason, example, cross_table, run, source, located)
        run.rule = rule
        run.__name__ = function.__name__
        run.__doc__ = function.__doc__
        RULES.append(rule)
        return run

    return decorate
