"""Last year's table as this year's draft: the document half of a rollover (projects.transfer.rollover
decides which tables and writes them)."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from documents.goaltable import IndicatorRow

from . import goaltable as doc
from .values import format_value


def last_year_value(row: doc.IndicatorRow) -> str:
    """Last year's target as filed; built from its parts when only those were kept."""
    if row.value_text.strip() or row.value is None:
        return row.value_text.strip()
    try:
        return format_value(comparator=row.comparator, number=row.value, unit=row.unit)
    except ValueError:
        return f"{row.comparator}{row.value}{row.unit}"


def row_key(row: IndicatorRow) -> tuple[str, str, str]:
    return (row.level1, row.level2, row.name)


def next_year_row(row: doc.IndicatorRow, actual: str = "") -> doc.IndicatorRow:
    """The row for the new year: the same indicator and target; as 上年值 last year's actual value
    from its self-evaluation (or the 实际完成值 of an imported 自评表) when there is one (real
    history), else last year's target (the 上年值 filed last year is two years old now, so it is
    not carried over).  Last year's actual, score and reason stay with last year."""
    last = actual.strip() or row.actual_value_text.strip() or last_year_value(row)
    return dataclasses.replace(row, ref_last_year=last, actual_value_text="", score=None, deviation_reason="")


def next_year_document(document: doc.GoalTable, *, year: int, actuals: Mapping[tuple, str] | None = None) -> doc.GoalTable:
    """Last year's document as the new year's draft: the budget stays (to be confirmed), the spending
    plan keeps its points without amounts, the date filled in is cleared."""
    actuals = actuals or {}
    return dataclasses.replace(
        document.map_rows(lambda row: next_year_row(row, actuals.get(row_key(row), ""))),
        year=year,
        milestones=[dataclasses.replace(m, value=None) for m in document.milestones],
        filled_on=None,
        budget_executed=None,
        annual_goal_actual="",
    )
