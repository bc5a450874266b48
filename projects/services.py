"""Writing the plain document GoalTable into the database.

`goal_table_save_document` is the only way a document (a fixture, an import) becomes rows;
projects.selectors reads it back, and both keep every field, so `to_document(save(doc)) == doc`.
"""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction

from documents import goaltable as doc
from documents.values import parse_value
from indicators.models import Indicator, Scheme

from .bulk_writes import bulk_create_recorded, insert_rows
from .identity import duplicate_message, identity_key
from .models import Department, DepartmentReport, Duty, DutyTask, FiscalYear, GoalTable, Milestone, ReportSection, Unit
from .selectors import ROW_FIELDS, TABLE_FIELDS


def check_fields(instance: models.Model, *, update_fields: Sequence[str] | None = None) -> None:
    """The model's field checks (`full_clean`) before a write; ValidationError when one fails.

    Relations are set from objects already in hand and uniqueness is the database's to enforce,
    so neither is looked up again (a query each); the fields' own checks (length, digits,
    choices, blank) and the model's `clean` are what a service would otherwise skip.
    """
    relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    if update_fields is not None:
        relations += [f.name for f in instance._meta.concrete_fields if f.name not in update_fields]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def checked_save(instance: models.Model, *, update_fields: Sequence[str] | None = None) -> None:
    """Every service write of one object: `check_fields`, then `save`."""
    check_fields(instance, update_fields=update_fields)
    instance.save(update_fields=update_fields)


def with_parsed_values(row: doc.IndicatorRow) -> doc.IndicatorRow:
    """Fill comparator/value/unit from the filed text when the layout gave only the text."""
    if row.comparator or row.value is not None or row.unit or not row.value_text:
        return row
    parsed = parse_value(row.value_text)
    if not parsed.ok:
        return row
    return dataclasses.replace(row, comparator=parsed.comparator, value=parsed.number, unit=parsed.unit)


def document_with_parsed_values(document: doc.GoalTable) -> doc.GoalTable:
    return document.map_rows(with_parsed_values)


@dataclass
class TableWrite:
    """One document to write as a table's full contents; `table` is the table it replaces (None: a new one)."""

    document: doc.GoalTable
    fiscal_year: FiscalYear
    unit: Unit
    scheme: Scheme | None = None
    table: GoalTable | None = None
    marks: dict = dataclasses.field(default_factory=dict)  # model fields outside the document, e.g. budget_carried


class TableWriteError(ValidationError):
    """The document at `index` of a bulk write was refused; nothing of the bulk was written."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.index = index


def goal_table_save_document(
    *,
    document: doc.GoalTable,
    fiscal_year: FiscalYear,
    unit: Unit,
    scheme: Scheme | None = None,
    user: User | None = None,
    table: GoalTable | None = None,
) -> GoalTable:
    """Write `document` as the table's full contents: header, milestones, duties and indicators.

    With `table` given its contents are replaced; otherwise a new table is created with the
    year's scheme unless `scheme` says otherwise.  Raises ValidationError and writes nothing
    when a field does not fit its column.
    """
    write = TableWrite(document=document, fiscal_year=fiscal_year, unit=unit, scheme=scheme, table=table)
    try:
        [saved] = goal_tables_save_documents(writes=[write], user=user)
    except TableWriteError as error:
        raise ValidationError(error.error_dict if hasattr(error, "error_dict") else error.error_list) from None
    return saved


@transaction.atomic
def goal_tables_save_documents(*, writes: Sequence[TableWrite], user: User | None = None) -> list[GoalTable]:
    """Write many documents at once (an import): all of them in one transaction, or none.

    Every table is checked first (raising TableWriteError with its position), then each kind
    of row is inserted in one bulk statement per batch, with its history, recorded as `user`'s.
    Replaced tables lose their old rows first; new tables have none to delete.
    """
    checker = FieldChecker()
    tables: list[GoalTable] = []
    plans: list[_Rows] = []
    for index, write in enumerate(writes):
        try:
            tables.append(_table_for(write, user))
            plans.append(_rows_for(write.document, checker))
        except ValidationError as error:
            raise TableWriteError(index, error) from error

    _check_identities(tables)
    existing = [t for t in tables if t.pk is not None]
    for table in existing:
        table.save()  # checked in _table_for, with the rows
    if existing:
        # Cascades from duties to their tasks' indicators; deletions are recorded by the history signals.
        Milestone.objects.filter(table__in=existing).delete()
        Indicator.objects.filter(table__in=existing).delete()
        Duty.objects.filter(table__in=existing).delete()
    created = [t for t in tables if t.pk is None]
    if created:
        bulk_create_recorded(created, GoalTable, user=user)

    milestones, duties = [], []
    for table, plan in zip(tables, plans):
        for milestone in plan.milestones:
            milestone.table = table
        milestones += plan.milestones
        for duty, _ in plan.duties:
            duty.table = table
            duties.append(duty)
    if milestones:
        bulk_create_recorded(milestones, Milestone, user=user)
    if duties:
        insert_rows(duties, Duty)
        tasks = []
        for plan in plans:
            for duty, duty_tasks in plan.duties:
                for task, _ in duty_tasks:
                    task.duty = duty
                    tasks.append(task)
        if tasks:
            insert_rows(tasks, DutyTask)

    indicators = []
    for table, plan in zip(tables, plans):
        for indicator in plan.indicators:
            indicator.table = table
        indicators += plan.indicators
        for _, duty_tasks in plan.duties:
            for task, rows in duty_tasks:
                for indicator in rows:
                    indicator.table, indicator.duty_task = table, task
                indicators += rows
    if indicators:
        bulk_create_recorded(indicators, Indicator, user=user)
    return tables


def identity_taken(*, fiscal_year: FiscalYear, unit: Unit, kind: str, code: str, name: str, exclude_pk: int | None = None) -> bool:
    """Whether another table of the year and unit already has this identity (see projects.identity)."""
    tables = GoalTable.objects.filter(fiscal_year=fiscal_year, unit=unit, kind=kind)
    tables = tables.filter(code=code) if code else tables.filter(code="", name=name)
    if exclude_pk is not None:
        tables = tables.exclude(pk=exclude_pk)
    return tables.exists()


def check_identity(*, table: GoalTable) -> None:
    """ValidationError in Chinese when saving `table` would give it another table's identity."""
    if identity_taken(fiscal_year=table.fiscal_year_id, unit=table.unit_id, kind=table.kind, code=table.code,
                      name=table.name, exclude_pk=table.pk):
        raise ValidationError({"code" if table.code else "name": [duplicate_message(code=table.code)]})


def _check_identities(tables: list[GoalTable]) -> None:
    """The identity constraint checked for the whole write in one query, so that a duplicate is a
    Chinese message naming the table (TableWriteError) rather than a database error."""
    places = {(t.fiscal_year_id, t.unit_id) for t in tables}
    taken: dict[tuple, int | None] = {}
    if places:
        written = {t.pk for t in tables if t.pk is not None}
        stored = GoalTable.objects.filter(
            fiscal_year_id__in={y for y, _ in places}, unit_id__in={u for _, u in places}
        ).order_by().values_list("pk", "fiscal_year_id", "unit_id", "kind", "code", "name")
        for pk, fiscal_year_id, unit_id, kind, code, name in stored:
            if pk not in written and (fiscal_year_id, unit_id) in places:
                taken[(fiscal_year_id, unit_id, identity_key(kind=kind, code=code, name=name))] = pk
    for index, table in enumerate(tables):
        key = (table.fiscal_year_id, table.unit_id, identity_key(kind=table.kind, code=table.code, name=table.name))
        if key in taken:
            raise TableWriteError(index, ValidationError({"code" if table.code else "name": [duplicate_message(code=table.code)]}))
        taken[key] = table.pk


_TABLE_RELATIONS = ("fiscal_year", "unit", "scheme", "updated_by")


def _table_for(write: TableWrite, user: User) -> GoalTable:
    """The table row with the document's header, checked like full_clean but without a query per relation:
    the year, unit and scheme are the objects given, already in the database."""
    table = write.table
    if table is None:
        table = GoalTable(fiscal_year=write.fiscal_year, unit=write.unit,
                          scheme=write.scheme or write.fiscal_year.scheme)
    elif write.scheme is not None:
        table.scheme = write.scheme
    for name in TABLE_FIELDS:
        setattr(table, name, getattr(write.document, name))
    for name, value in write.marks.items():
        setattr(table, name, value)
    table.updated_by = user
    if user is not None:
        table._history_user = user  # the header's history record names the writer, as the rows' do
    # The identity constraint is the database's to enforce: the import found the table (on locked units)
    # before deciding to create one, and a query per table here would slow a large import down.
    table.full_clean(exclude=_TABLE_RELATIONS, validate_unique=False, validate_constraints=False)
    missing = {name: ["这个字段是必填项。"] for name in _TABLE_RELATIONS[:3] if getattr(table, f"{name}_id") is None}
    if missing:
        raise ValidationError(missing)
    return table


@dataclass
class _Rows:
    """A document's rows as unsaved model objects, their table (and duty task) set once those exist."""

    milestones: list[Milestone]
    duties: list[tuple[Duty, list[tuple[DutyTask, list[Indicator]]]]]
    indicators: list[Indicator]  # the rows outside duties


def _rows_for(document: doc.GoalTable, checker: FieldChecker) -> _Rows:
    milestones = [
        Milestone(order=i, label=m.label, month=m.month, value=m.value) for i, m in enumerate(document.milestones)
    ]
    checker.check_objects(milestones)
    order = 0

    def indicator(row: doc.IndicatorRow) -> Indicator:
        nonlocal order
        values = {n: getattr(row, n) for n in ROW_FIELDS}
        values["order"] = order
        checker.check(Indicator, values)
        order += 1
        return Indicator(**values)

    indicators = [indicator(row) for row in document.indicators]
    duties = [
        (
            Duty(order=d_order, seq=duty.seq, name=duty.name),
            [
                (DutyTask(order=t_order, name=task.name, goal=task.goal), [indicator(r) for r in task.indicators])
                for t_order, task in enumerate(duty.tasks)
            ],
        )
        for d_order, duty in enumerate(document.duties)
    ]
    for duty, tasks in duties:
        checker.check_objects([duty, *(task for task, _ in tasks)])
    return _Rows(milestones=milestones, duties=duties, indicators=indicators)


class FieldChecker:
    """The field checks of `full_clean` (length, digits, choices, blank) without building model objects,
    each distinct value of a field checked once: an import repeats the same 一级, 二级, units and bases
    thousands of times.  Relations are not checked (the caller supplies saved objects)."""

    def __init__(self) -> None:
        self._seen: dict[tuple, list[str] | None] = {}

    def errors(self, model: type[models.Model], values: dict) -> dict[str, list[str]]:
        """Messages by field name, for the fields named in `values`."""
        errors = {}
        seen = self._seen
        for field, short_text in _plain_fields(model):
            if field.name not in values:
                continue
            value = values[field.name]
            if short_text is not None and type(value) is str:
                # Free text (names, descriptions) rarely repeats: its only check is the length, done here.
                if short_text and len(value) > short_text:
                    errors[field.name] = _field_messages(field, value)
                elif not value and not field.blank:
                    errors[field.name] = _field_messages(field, value)
                continue
            # Decimals equal in value may differ in digits (95 and 95.0000000): key them by their text.
            key = (model, field.name, str(value) if isinstance(value, Decimal) else value)
            try:
                messages = seen[key]
            except KeyError:
                messages = seen[key] = _field_messages(field, value)
            except TypeError:  # an unhashable value: checked every time
                messages = _field_messages(field, value)
            if messages:
                errors[field.name] = messages
        return errors

    def check(self, model: type[models.Model], values: dict) -> None:
        errors = self.errors(model, values)
        if errors:
            raise ValidationError(errors)

    def check_objects(self, objects: Sequence[models.Model], fields: Sequence[str] | None = None) -> None:
        """The field checks of unsaved or changed objects before a bulk write (of `fields` only, if given)."""
        for obj in objects:
            model = type(obj)
            names = fields if fields is not None else [f.name for f, _ in _plain_fields(model)]
            self.check(model, {name: getattr(obj, name) for name in names})


@functools.cache
def _plain_fields(model: type[models.Model]) -> tuple:
    """The fields checked, each with its length limit when a length is all there is to check for text
    (0: no limit; None: the field needs its full clean)."""
    return tuple((f, _text_limit(f)) for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key)


def _text_limit(field: models.Field) -> int | None:
    if type(field) not in (models.CharField, models.TextField) or field.choices:
        return None
    validators = field.validators
    if len(validators) == 1 and type(validators[0]) is MaxLengthValidator:
        return validators[0].limit_value  # a CharField's max_length, or a TextField's one cell of Excel
    if isinstance(field, models.CharField) and field.max_length is not None:
        return None
    return 0 if not validators else None


def _field_messages(field: models.Field, value: object) -> list[str] | None:
    if value in field.empty_values:
        return None if field.blank else [str(field.error_messages["blank"])]
    try:
        field.clean(value, None)
    except ValidationError as error:
        return error.messages
    return None


@transaction.atomic
def department_report_save(
    *,
    department: Department,
    fiscal_year: FiscalYear,
    title: str,
    compiled_by: str = "",
    reviewed_by: str = "",
    sections: Sequence[doc.Section] = (),
) -> DepartmentReport:
    report = DepartmentReport.objects.filter(department=department, fiscal_year=fiscal_year).first()
    report = report or DepartmentReport(department=department, fiscal_year=fiscal_year)
    report.title, report.compiled_by, report.reviewed_by = title, compiled_by, reviewed_by
    checked_save(report)
    report.sections.all().delete()
    rows = [
        ReportSection(report=report, order=i, level=s.level, heading=s.heading, body=s.body) for i, s in enumerate(sections)
    ]
    for row in rows:
        row.full_clean(exclude=["report"], validate_unique=False, validate_constraints=False)
    ReportSection.objects.bulk_create(rows)
    return report
