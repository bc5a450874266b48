"""The review rules (审核规则) over the plain document GoalTable.

The same rules check a table being edited, a submitted one and a file being imported:
`check_table(table, scheme=…)` for one table, `check_tables(tables, schemes=…)` for a set
(adding the cross-table rules).  `RULES` lists every rule with its code, reason and example.
"""
from . import across, completeness, history, meaning, money, scoring, structure, targets, wording  # noqa: F401  (registers the rules)
from .base import ERROR, FIELD_LABELS, GROUPS, INFO, RULES, SEVERITY_LABELS, WARNING, Finding, Rule
from .engine import check_table, check_tables, check_tables_by_table
from .taxonomy import Taxonomy


def rule_by_code(code: str) -> Rule:
    return next(r for r in RULES if r.code == code)


def rules_by_group() -> list[tuple[str, list[Rule]]]:
    return [(group, [r for r in RULES if r.group == group]) for group in GROUPS]


__all__ = [
    "ERROR",
    "FIELD_LABELS",
    "GROUPS",
    "INFO",
    "RULES",
    "SEVERITY_LABELS",
    "WARNING",
    "Finding",
    "Rule",
    "Taxonomy",
    "check_table",
    "check_tables",
    "check_tables_by_table",
    "rule_by_code",
    "rules_by_group",
]
