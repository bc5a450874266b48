"""Reading goal tables from the database as the plain document GoalTable.

`goal_table_to_document` is the only way the renderers, the rules and the exports read a table
(the services write one back, so `to_document(save(doc)) == doc`); `goal_table_prefetch` makes
N tables cost a fixed number of queries.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TypeVar

from django.db.models import QuerySet

from documents import goaltable as doc
from documents.amounts import money, plain
from indicators.models import Indicator
from projects.models import Department, FiscalYear

from .models import DepartmentReport, GoalTable

T = TypeVar("T")

# Header fields copied one to one between the model and the document.
TABLE_FIELDS = (
    "kind",
    "layout",
    "seq",
    "title",
    "code",
    "name",
    "department_label",
    "budget_total",
    "budget_note",
    "budget_executed",
    "fiscal_funds",
    "other_funds",
    "superior_funds",
    "income_general",
    "income_gov_fund",
    "income_special_nontax",
    "income_other",
    "spending_basic",
    "spending_project",
    "functions",
    "purpose",
    "period",
    "period_goal",
    "annual_goal",
    "annual_goal_actual",
    "milestone_unit",
    "filled_by",
    "phone",
    "filled_on",
)
ROW_FIELDS = tuple(f.name for f in dataclasses.fields(doc.IndicatorRow))


def _row_from_indicator(indicator: Indicator) -> doc.IndicatorRow:
    row = doc.IndicatorRow(**{name: getattr(indicator, name) for name in ROW_FIELDS})
    # Drop the zeros the database column pads with (95.000000 -> 95).
    row.value, row.weight, row.score = plain(row.value), plain(row.weight), plain(row.score)
    return row


def goal_table_prefetch(queryset: QuerySet[GoalTable]) -> QuerySet[GoalTable]:
    """The prefetches `goal_table_to_document` needs, so N tables cost a fixed number of queries."""
    return queryset.select_related("fiscal_year", "unit__department").prefetch_related(
        "milestones", "indicators", "duties__tasks"
    )


def indicators_in_document_order(table: GoalTable) -> list[Indicator]:
    """The table's Indicator rows in `all_indicators()` order: the rows outside duties, then by duty and task.

    The n-th of them is the n-th row of `goal_table_to_document(table)`; prefetched tables cost no query.
    """
    indicators = sorted(table.indicators.all(), key=lambda i: (i.order, i.id))
    ordered = [i for i in indicators if i.duty_task_id is None]
    by_task: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.duty_task_id is not None:
            by_task.setdefault(indicator.duty_task_id, []).append(indicator)
    for duty in sorted(table.duties.all(), key=lambda d: d.order):
        for task in sorted(duty.tasks.all(), key=lambda t: t.order):
            ordered += by_task.get(task.id, [])
    return ordered


def goal_table_to_document(table: GoalTable) -> doc.GoalTable:
    document = doc.GoalTable(
        year=table.fiscal_year.year,
        department=table.unit.department.name,
        unit_code=table.unit.code,
        unit_name=table.unit.name,
        **{name: getattr(table, name) for name in TABLE_FIELDS},
    )
    for name in doc.MONEY_FIELDS:
        setattr(document, name, money(getattr(document, name)))
    document.milestones = [
        doc.Milestone(label=m.label, month=m.month, value=money(m.value))
        for m in sorted(table.milestones.all(), key=lambda m: m.order)
    ]
    indicators = sorted(table.indicators.all(), key=lambda i: (i.order, i.id))
    by_task: dict[int, list[doc.IndicatorRow]] = {}
    for indicator in indicators:
        if indicator.duty_task_id is None:
            document.indicators.append(_row_from_indicator(indicator))
        else:
            by_task.setdefault(indicator.duty_task_id, []).append(_row_from_indicator(indicator))
    for duty in sorted(table.duties.all(), key=lambda d: d.order):
        document.duties.append(
            doc.Duty(
                seq=duty.seq,
                name=duty.name,
                tasks=[
                    doc.DutyTask(name=task.name, goal=task.goal, indicators=by_task.get(task.id, []))
                    for task in sorted(duty.tasks.all(), key=lambda t: t.order)
                ],
            )
        )
    return document


def department_document(*, department: Department, fiscal_year: FiscalYear, tables: Iterable[GoalTable]) -> doc.DepartmentDocument:
    """The department's document for a year: its report (if any) and the given tables, in order."""
    report = (
        DepartmentReport.objects.filter(department=department, fiscal_year=fiscal_year)
        .prefetch_related("sections")
        .first()
    )
    document = doc.DepartmentDocument(
        year=fiscal_year.year,
        department=department.name,
        region=department.region,
        tables=[goal_table_to_document(t) for t in tables],
    )
    if report is not None:
        document.title = report.title
        document.compiled_by = report.compiled_by
        document.reviewed_by = report.reviewed_by
        document.sections = [
            doc.Section(heading=s.heading, body=s.body, level=s.level)
            for s in sorted(report.sections.all(), key=lambda s: s.order)
        ]
    return document


