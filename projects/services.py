"""Moving goal tables between the database and the plain document GoalTable.

`goal_table_to_document` is the only way the renderers, the rules and the exports read
a table; `goal_table_save_document` is the only way a document (a fixture, an import)
becomes rows.  Both keep every field, so `to_document(save(doc)) == doc`.
"""
from __future__ import annotations

import dataclasses

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from indicators.models import Indicator
from indicators.values import parse_value
from perfgoals.documents import goaltable as doc

from .models import DepartmentReport, Duty, DutyTask, GoalTable, Milestone, ReportSection

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
    "milestone_unit",
    "filled_by",
    "phone",
    "filled_on",
)
ROW_FIELDS = tuple(f.name for f in dataclasses.fields(doc.IndicatorRow))


def with_parsed_values(row: doc.IndicatorRow) -> doc.IndicatorRow:
    """Fill comparator/value/unit from the filed text when the layout gave only the text."""
    if row.comparator or row.value is not None or row.unit or not row.value_text:
        return row
    parsed = parse_value(row.value_text)
    if not parsed.ok:
        return row
    return dataclasses.replace(row, comparator=parsed.comparator, value=parsed.number, unit=parsed.unit)


def document_with_parsed_values(document: doc.GoalTable) -> doc.GoalTable:
    result = dataclasses.replace(document, indicators=[with_parsed_values(r) for r in document.indicators])
    result.duties = [
        dataclasses.replace(
            duty,
            tasks=[
                dataclasses.replace(task, indicators=[with_parsed_values(r) for r in task.indicators])
                for task in duty.tasks
            ],
        )
        for duty in document.duties
    ]
    return result


def _plain_decimal(value):
    """Drop the zeros the database column pads with (95.000000 -> 95) without going to 1E+2."""
    if value is None:
        return None
    value = value.normalize()
    return value.quantize(1) if value == value.to_integral_value() else value


def _row_from_indicator(indicator: Indicator) -> doc.IndicatorRow:
    row = doc.IndicatorRow(**{name: getattr(indicator, name) for name in ROW_FIELDS})
    row.value = _plain_decimal(row.value)
    return row


def goal_table_prefetch(queryset):
    """The prefetches `goal_table_to_document` needs, so N tables cost a fixed number of queries."""
    return queryset.select_related("fiscal_year", "unit__department").prefetch_related(
        "milestones", "indicators", "duties__tasks"
    )


def goal_table_to_document(table: GoalTable) -> doc.GoalTable:
    document = doc.GoalTable(
        year=table.fiscal_year.year,
        department=table.unit.department.name,
        unit_code=table.unit.code,
        unit_name=table.unit.name,
        **{name: getattr(table, name) for name in TABLE_FIELDS},
    )
    document.milestones = [
        doc.Milestone(label=m.label, month=m.month, value=m.value)
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


@transaction.atomic
def goal_table_save_document(*, document: doc.GoalTable, fiscal_year, unit, scheme=None, user=None, table=None):
    """Write `document` as the table's full contents: header, milestones, duties and indicators.

    With `table` given its contents are replaced; otherwise a new table is created with the
    year's scheme unless `scheme` says otherwise.
    """
    if table is None:
        table = GoalTable(fiscal_year=fiscal_year, unit=unit, scheme=scheme or fiscal_year.scheme)
    elif scheme is not None:
        table.scheme = scheme
    for name in TABLE_FIELDS:
        setattr(table, name, getattr(document, name))
    table.updated_by = user
    table.full_clean()
    table.save()

    table.milestones.all().delete()
    table.indicators.all().delete()
    table.duties.all().delete()

    bulk_create_with_history(
        [
            Milestone(table=table, order=i, label=m.label, month=m.month, value=m.value)
            for i, m in enumerate(document.milestones)
        ],
        Milestone,
        default_user=user,
    )
    rows = []
    for row in document.indicators:
        rows.append(Indicator(table=table, **{n: getattr(row, n) for n in ROW_FIELDS}))
    for d_order, duty in enumerate(document.duties):
        duty_obj = Duty.objects.create(table=table, order=d_order, seq=duty.seq, name=duty.name)
        for t_order, task in enumerate(duty.tasks):
            task_obj = DutyTask.objects.create(duty=duty_obj, order=t_order, name=task.name, goal=task.goal)
            for row in task.indicators:
                rows.append(Indicator(table=table, duty_task=task_obj, **{n: getattr(row, n) for n in ROW_FIELDS}))
    for order, indicator in enumerate(rows):
        indicator.order = order
        indicator.full_clean(exclude=["table", "duty_task"])
    bulk_create_with_history(rows, Indicator, default_user=user)
    return table


def department_document(*, department, fiscal_year, tables) -> doc.DepartmentDocument:
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


@transaction.atomic
def department_report_save(*, department, fiscal_year, title, compiled_by="", reviewed_by="", sections=()):
    report, _ = DepartmentReport.objects.update_or_create(
        department=department,
        fiscal_year=fiscal_year,
        defaults={"title": title, "compiled_by": compiled_by, "reviewed_by": reviewed_by},
    )
    report.sections.all().delete()
    ReportSection.objects.bulk_create(
        ReportSection(report=report, order=i, level=s.level, heading=s.heading, body=s.body)
        for i, s in enumerate(sections)
    )
    return report
