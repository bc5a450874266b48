"""Rolling a year over: last year's tables become this year's drafts.

`rollover_plan` says, table by table, what a rollover would do and why; `rollover` does it for
the tables chosen, through the same plan, so the preview page, the `rollover` command and the
admin action cannot disagree.  A copy keeps the structure, goals and indicators; each indicator's
old target becomes its 上年值; the budget stays last year's figure, marked for the filer to
confirm (`GoalTable.budget_carried`); the spending plan keeps its points but not its amounts.
A table already in the new year (the same table by projects.identity) is never copied
again, and when nothing is copied nothing is created, not even the new year.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from documents.rollover import next_year_document, row_key
from indicators.models import Scheme
from projects.evaluation.services import table_indicators
from projects.identity import AmbiguousTable, find_existing_table, identity_key
from projects.models import SEQ_ORDER, FiscalYear, GoalTable, SelfEvaluationLine
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.services import TableWrite, goal_tables_save_documents
from projects.years.services import fiscal_year_open, scheme_for_new_year

S = GoalTable.Status


class RolloverError(Exception):
    """The years given cannot be rolled over; the message says why in Chinese."""


@dataclass
class PlanItem:
    """One table of the source year: whether the rollover copies it, and why (not)."""

    table: GoalTable
    copy: bool
    reason: str
    taken: bool = False  # the new year already has this table


@dataclass
class RolloverPlan:
    from_year: FiscalYear
    to_year: int
    target: FiscalYear | None  # None: the new year does not exist yet
    include_unapproved: bool
    items: list[PlanItem] = field(default_factory=list)

    @property
    def to_copy(self) -> list[PlanItem]:
        return [item for item in self.items if item.copy]

    @property
    def left(self) -> list[PlanItem]:
        return [item for item in self.items if not item.copy]

    @property
    def unapproved_left(self) -> int:
        return sum(1 for item in self.left if not item.taken)


@dataclass
class RolloverResult:
    from_year: int
    to_year: int
    copied: list[GoalTable] = field(default_factory=list)
    already_there: int = 0  # tables that the new year already has
    not_approved: int = 0  # drafts, submitted and returned tables left behind
    not_chosen: int = 0  # copyable tables left out of the choice
    year_created: bool = False

    def summary(self) -> str:
        if not self.copied:
            text = f"{self.from_year}年 → {self.to_year}年：没有复制任何表"
        else:
            text = f"{self.from_year}年 → {self.to_year}年：复制 {len(self.copied)} 张表为草稿（预算数沿用上年，待填报人核实）"
        skipped = [
            (self.already_there, "新年度已有，跳过"),
            (self.not_approved, "未审核通过，跳过"),
            (self.not_chosen, "未选择"),
        ]
        text += "".join(f"；{label} {n} 张" for n, label in skipped if n)
        if self.year_created:
            text += f"；新建 {self.to_year} 年度"
        elif not self.copied and not FiscalYear.objects.filter(year=self.to_year).exists():
            text += f"；未建立 {self.to_year} 年度"
        return text + "。"


def last_year_actuals(tables_by_pk: Mapping[int, GoalTable]) -> dict[int, dict[tuple, str]]:
    """Per table, the 实际完成值 of its self-evaluation by indicator (一级, 二级, 三级)."""
    actuals: dict[int, dict[tuple, str]] = {}
    lines = SelfEvaluationLine.objects.filter(evaluation__table__in=list(tables_by_pk)).exclude(actual_text="")
    by_table: dict[int, dict[str, str]] = {}
    for line in lines.select_related("evaluation"):
        by_table.setdefault(line.evaluation.table_id, {})[line.row_key] = line.actual_text
    for table_pk, by_key in by_table.items():
        for indicator in table_indicators(tables_by_pk[table_pk]):
            if indicator.row_key in by_key:
                actuals.setdefault(table_pk, {})[row_key(indicator)] = by_key[indicator.row_key]
    return actuals


def _key(table: GoalTable) -> tuple:
    return (table.unit_id, identity_key(kind=table.kind, code=table.code, name=table.name))


def _check_years(from_year: int, to_year: int) -> FiscalYear:
    if from_year == to_year:
        raise RolloverError("结转的源年度和目标年度相同。")
    if to_year < from_year:
        raise RolloverError(f"只能向以后的年度结转（{from_year} → {to_year} 是向以前结转）。")
    source = FiscalYear.objects.filter(year=from_year).first()
    if source is None:
        raise RolloverError(f"没有 {from_year} 年度。")
    return source


def rollover_plan(*, from_year: int, to_year: int, include_unapproved: bool = False) -> RolloverPlan:
    """What rolling `from_year` over to `to_year` would copy, table by table, with the reason."""
    source = _check_years(from_year, to_year)
    target = FiscalYear.objects.filter(year=to_year).first()
    plan = RolloverPlan(from_year=source, to_year=to_year, target=target, include_unapproved=include_unapproved)
    taken: dict[int, list[GoalTable]] = {}  # by unit: the new year's tables, and those this plan copies
    if target is not None:
        for new in GoalTable.objects.filter(fiscal_year=target).only("unit", "kind", "code", "name").order_by("pk"):
            taken.setdefault(new.unit_id, []).append(new)
    tables = (
        GoalTable.objects.filter(fiscal_year=source)
        .select_related("unit__department")
        .order_by("unit__department__region", "unit__department__name", "unit__code", "unit", SEQ_ORDER, "id")
    )
    for table in tables:
        status = table.get_status_display()
        same = _same_table(taken.get(table.unit_id, []), table)
        if same:
            label = f"编码 {table.code}" if table.code and same.code == table.code else f"名称“{table.name}”"
            plan.items.append(PlanItem(table, False, f"{to_year}年度已有本单位{label}的表，不再复制", taken=True))
        elif table.status == S.APPROVED:
            plan.items.append(PlanItem(table, True, "审核通过"))
            taken.setdefault(table.unit_id, []).append(table)
        elif include_unapproved:
            plan.items.append(PlanItem(table, True, f"{status}（已选择包括未审核通过的表）"))
            taken.setdefault(table.unit_id, []).append(table)
        else:
            plan.items.append(PlanItem(table, False, f"{status}，未审核通过；勾选“包括未审核通过的表”可一并结转"))
    return plan


@transaction.atomic
def rollover(
    *,
    from_year: int,
    to_year: int,
    include_unapproved: bool = False,
    table_ids: Iterable[int] | None = None,
    scheme: Scheme | None = None,
    user: User | None = None,
) -> RolloverResult:
    """Copy the tables the plan would copy (only those in `table_ids`, when given) into `to_year`.

    The new year is opened with `scheme` (default: the scheme its year calls for) only when at
    least one table is copied.  Raises RolloverError when the years cannot be rolled over.
    """
    plan = rollover_plan(from_year=from_year, to_year=to_year, include_unapproved=include_unapproved)
    chosen = None if table_ids is None else set(table_ids)
    result = RolloverResult(from_year=from_year, to_year=to_year)
    result.already_there = sum(1 for item in plan.items if item.taken)
    result.not_approved = plan.unapproved_left
    items = [item for item in plan.to_copy if chosen is None or item.table.pk in chosen]
    result.not_chosen = len(plan.to_copy) - len(items)
    if not items:
        return result

    target = plan.target
    if target is None:
        try:
            target = fiscal_year_open(year=to_year, scheme=scheme or scheme_for_new_year(to_year))
        except ValidationError as error:
            raise RolloverError("；".join(error.messages)) from error
        result.year_created = True
    tables = goal_table_prefetch(GoalTable.objects.filter(pk__in=[item.table.pk for item in items]))
    by_pk = {table.pk: table for table in tables}
    actuals = last_year_actuals(by_pk)
    writes = [
        # No scheme given: a table moves to the taxonomy its new year is reviewed by.
        TableWrite(
            document=next_year_document(
                goal_table_to_document(by_pk[item.table.pk]), year=to_year, actuals=actuals.get(item.table.pk)
            ),
            fiscal_year=target,
            unit=item.table.unit,
            marks={"budget_carried": item.table.budget_total is not None},
        )
        for item in items
    ]
    result.copied = goal_tables_save_documents(writes=writes, user=user)
    return result


def _same_table(tables: Iterable[GoalTable], table: GoalTable) -> GoalTable | None:
    """The one of `tables` (one unit's) that `table` is, by the one identity rule (projects.identity);
    a table matching several is taken as there already."""
    try:
        return find_existing_table(tables, kind=table.kind, code=table.code, name=table.name)
    except AmbiguousTable:
        return tables[0]


def counterpart_in(table: GoalTable, fiscal_year: FiscalYear) -> GoalTable | None:
    """The table of `fiscal_year` that stands for `table`."""
    return _same_table(list(GoalTable.objects.filter(fiscal_year=fiscal_year, unit_id=table.unit_id).order_by("pk")), table)


def copy_forward_candidates(*, tables: QuerySet[GoalTable], fiscal_year: FiscalYear) -> list[GoalTable]:
    """Of `tables` (a queryset, e.g. a filer's units'), those of the latest year before `fiscal_year`
    that `fiscal_year` does not have yet: what "copy last year's table" offers."""
    earlier = tables.filter(fiscal_year__year__lt=fiscal_year.year)
    last = earlier.order_by("-fiscal_year__year").values_list("fiscal_year__year", flat=True).first()
    if last is None:
        return []
    taken: dict[int, list[GoalTable]] = {}
    for t in GoalTable.objects.filter(fiscal_year=fiscal_year).only("unit", "kind", "code", "name"):
        taken.setdefault(t.unit_id, []).append(t)
    candidates = earlier.filter(fiscal_year__year=last).select_related("fiscal_year", "unit").order_by("unit", SEQ_ORDER, "id")
    return [t for t in candidates
            if _same_table(taken.get(t.unit_id, []), t) is None]


@transaction.atomic
def goal_table_copy_forward(*, table: GoalTable, fiscal_year: FiscalYear, user: User) -> GoalTable:
    """One table of an earlier year as a draft of `fiscal_year`, made as the rollover makes it
    (whatever its status: the filer chose it).  Raises RolloverError when the year is not later,
    not open, or already has this table."""
    if fiscal_year.year <= table.fiscal_year.year:
        raise RolloverError(f"只能复制到以后的年度（{table.fiscal_year.year} → {fiscal_year.year}）。")
    if not fiscal_year.is_open:
        raise RolloverError(f"{fiscal_year.year} 年度未开放填报。")
    existing = counterpart_in(table, fiscal_year)
    if existing is not None:
        raise RolloverError(f"{fiscal_year.year} 年度已有“{existing.name}”，没有再复制。")
    source = goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get()
    write = TableWrite(
        document=next_year_document(goal_table_to_document(source), year=fiscal_year.year),
        fiscal_year=fiscal_year,
        unit=source.unit,
        marks={"budget_carried": source.budget_total is not None},
    )
    [copy] = goal_tables_save_documents(writes=[write], user=user)
    return copy


@admin.action(description="结转到下一年度（审核通过的表复制为草稿）")
def rollover_to_next_year(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """The admin action: the selected approved tables of each year go to the year after."""
    years = sorted(set(queryset.values_list("fiscal_year__year", flat=True)))
    ids = list(queryset.values_list("pk", flat=True))
    for year in years:
        try:
            result = rollover(from_year=year, to_year=year + 1, table_ids=ids, user=request.user)
        except RolloverError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            modeladmin.message_user(request, result.summary(), messages.SUCCESS)
