"""The order and title of a department's document, shared by its Word and Excel forms."""
from __future__ import annotations

from collections.abc import Sequence

from .goaltable import KIND_OVERALL, DepartmentDocument, GoalTable


def department_order(tables: Sequence[GoalTable]) -> list[GoalTable]:
    """Department-wide tables first, then the project tables grouped by unit (units in order of appearance)."""
    overall = [t for t in tables if t.kind == KIND_OVERALL]
    units: dict[tuple[str, str], list[GoalTable]] = {}
    for table in tables:
        if table.kind != KIND_OVERALL:
            units.setdefault((table.unit_code, table.unit_name), []).append(table)
    return overall + [t for group in units.values() for t in group]


def cover_title(document: DepartmentDocument) -> str:
    return document.title or f"{document.department}{document.year or ''}年部门预算绩效目标"
