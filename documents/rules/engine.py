"""Running the registered rules over one table or a set of them."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from documents.goaltable import GoalTable

from .base import RULES, Finding
from .taxonomy import Taxonomy

SchemeMapping = Mapping[str, Sequence[str]]
Shares = Mapping[str, Decimal]


def _order(rule_codes: list[str]) -> Callable[[Finding], tuple[bool, int, int]]:
    position = {code: i for i, code in enumerate(rule_codes)}
    # Table-level findings first, then by row, then in the order the rules are listed.
    return lambda f: (f.row is not None, f.row or 0, position[f.code])


def check_table(table: GoalTable, *, scheme: SchemeMapping | None, aliases: Mapping[str, str] | None = None,
                shares: Shares | None = None) -> list[Finding]:
    """Every single-table rule over `table`, with `scheme` the year's {一级: [二级, …]} and `shares`
    its 分值 per 一级 (the 10号 defaults when None)."""
    taxonomy = Taxonomy(scheme, aliases, shares)
    findings: list[Finding] = []
    for rule in RULES:
        if not rule.cross_table:
            findings.extend(rule.function(table, taxonomy=taxonomy))
    return sorted(findings, key=_order([r.code for r in RULES]))


def check_tables(
    tables: Sequence[GoalTable],
    *,
    schemes: SchemeMapping | Sequence[SchemeMapping | None] | None,
    aliases: Mapping[str, str] | Sequence[Mapping[str, str] | None] | None = None,
    context: Sequence[GoalTable] = (),
    shares: Shares | Sequence[Shares | None] | None = None,
) -> list[Finding]:
    """Each table's findings followed by its cross-table ones, table by table.

    `schemes` is one mapping for all tables or one per table (same order); so are `aliases` and `shares`.
    `context` holds more tables the cross-table rules compare with, without reporting on them
    (the rest of the department when only one unit is checked).
    """
    return [
        f
        for _, findings in check_tables_by_table(tables, schemes=schemes, aliases=aliases, context=context,
                                                 shares=shares)
        for f in findings
    ]


def check_tables_by_table(
    tables: Sequence[GoalTable],
    *,
    schemes: SchemeMapping | Sequence[SchemeMapping | None] | None,
    aliases: Mapping[str, str] | Sequence[Mapping[str, str] | None] | None = None,
    context: Sequence[GoalTable] = (),
    shares: Shares | Sequence[Shares | None] | None = None,
) -> list[tuple[GoalTable, list[Finding]]]:
    """`check_tables`, with each table paired with its own findings."""
    tables = list(tables)
    scheme_list = _per_table(schemes, len(tables), "schemes")
    alias_list = _per_table(aliases, len(tables), "aliases")
    share_list = _per_table(shares, len(tables), "shares")
    by_table: dict[int, list[Finding]] = {
        id(t): check_table(t, scheme=s, aliases=a, shares=w)
        for t, s, a, w in zip(tables, scheme_list, alias_list, share_list)
    }
    compared = tables + [t for t in context if id(t) not in by_table]
    for rule in RULES:
        if rule.cross_table:
            for owner, finding in rule.located(compared):
                if id(owner) in by_table:
                    by_table[id(owner)].append(finding)
    return [(t, by_table[id(t)]) for t in tables]


def _per_table(value: object, count: int, label: str) -> list:
    if value is None or isinstance(value, Mapping):
        return [value] * count
    value = list(value)
    if len(value) != count:
        raise ValueError(f"{label} 的个数（{len(value)}）与表的个数（{count}）不同")
    return value
