"""Rolling a year over: last year's approved tables become this year's drafts.

Each approved table of the old year is copied as a draft of the new one with its structure,
goals and indicators; the budget and the spending plan are left for the new year, and each
indicator's old target is kept beside the new one as its 上年值.  A table already in the new
year (same unit and kind, same code, else same name) is never copied again.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.db import transaction

from indicators.models import Scheme
from indicators.values import format_value
from perfgoals.documents import goaltable as doc

from .models import SEQ_ORDER, FiscalYear, GoalTable
from .services import TableWrite, goal_table_prefetch, goal_table_to_document, goal_tables_save_documents
from .years import default_scheme_code


class RolloverError(Exception):
    """The years given cannot be rolled over; the message says why in Chinese."""


@dataclass
class RolloverResult:
    from_year: int
    to_year: int
    copied: list[GoalTable] = field(default_factory=list)
    already_there: int = 0  # approved tables that the new year already has
    not_approved: int = 0  # drafts, submitted and returned tables, left behind
    year_created: bool = False

    def summary(self) -> str:
        text = (
            f"{self.from_year}年 → {self.to_year}年：复制 {len(self.copied)} 张表为草稿，"
            f"已存在跳过 {self.already_there} 张，未审核通过跳过 {self.not_approved} 张"
        )
        if self.year_created:
            text += f"；新建 {self.to_year} 年度"
        return text + "。"


def last_year_value(row: doc.IndicatorRow) -> str:
    """Last year's target as filed; built from its parts when only those were kept."""
    if row.value_text.strip() or row.value is None:
        return row.value_text.strip()
    try:
        return format_value(comparator=row.comparator, number=row.value, unit=row.unit)
    except ValueError:
        return f"{row.comparator}{row.value}{row.unit}"


def next_year_row(row: doc.IndicatorRow) -> doc.IndicatorRow:
    """The row for the new year: the same indicator and target, last year's target as 上年值
    (the 上年值 filed last year is two years old now, so it is not carried over)."""
    return dataclasses.replace(row, ref_last_year=last_year_value(row))


def next_year_document(document: doc.GoalTable, *, year: int) -> doc.GoalTable:
    return dataclasses.replace(
        document.map_rows(next_year_row),
        year=year,
        milestones=[],
        filled_on=None,
        **{name: None for name in doc.MONEY_FIELDS},  # the new year's money is filled in afresh
    )


def _key(table) -> tuple:
    return (table.unit_id, table.kind, "code", table.code) if table.code else (table.unit_id, table.kind, "name", table.name)


@transaction.atomic
def rollover(*, from_year: int, to_year: int, tables=None, user=None) -> RolloverResult:
    """Copy the approved tables of `from_year` (or of `tables`, a queryset within it) into `to_year`."""
    if from_year == to_year:
        raise RolloverError("结转的源年度和目标年度相同。")
    if to_year < from_year:
        raise RolloverError(f"只能向以后的年度结转（{from_year} → {to_year} 是向以前结转）。")
    source_year = FiscalYear.objects.filter(year=from_year).first()
    if source_year is None:
        raise RolloverError(f"没有 {from_year} 年度。")

    result = RolloverResult(from_year=from_year, to_year=to_year)
    target_year = FiscalYear.objects.filter(year=to_year).first()
    if target_year is None:
        code = default_scheme_code(to_year)
        scheme = Scheme.objects.filter(code=code).first()
        if scheme is None:
            raise RolloverError(f"{to_year}年度所需的指标体系“{code}”未载入，请先在后台建立指标体系或年度。")
        target_year = FiscalYear.objects.create(year=to_year, scheme=scheme)
        result.year_created = True

    selected = GoalTable.objects.filter(fiscal_year=source_year) if tables is None else tables.filter(fiscal_year=source_year)
    result.not_approved = selected.exclude(status=GoalTable.Status.APPROVED).count()
    approved = goal_table_prefetch(selected.filter(status=GoalTable.Status.APPROVED)).order_by("unit", SEQ_ORDER, "id")
    taken = {_key(t) for t in GoalTable.objects.filter(fiscal_year=target_year).only("unit", "kind", "code", "name")}
    writes = []
    for table in approved:
        key = _key(table)
        if key in taken:
            result.already_there += 1
            continue
        taken.add(key)
        document = next_year_document(goal_table_to_document(table), year=to_year)
        # No scheme given: a table moves to the taxonomy its new year is reviewed by.
        writes.append(TableWrite(document=document, fiscal_year=target_year, unit=table.unit))
    result.copied = goal_tables_save_documents(writes=writes, user=user)
    return result


@admin.action(description="结转到下一年度（审核通过的表复制为草稿）")
def rollover_to_next_year(modeladmin, request, queryset):
    """The admin action: the selected approved tables of each year go to the year after."""
    years = sorted(set(queryset.values_list("fiscal_year__year", flat=True)))
    for year in years:
        try:
            result = rollover(from_year=year, to_year=year + 1, tables=queryset, user=request.user)
        except RolloverError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            modeladmin.message_user(request, result.summary(), messages.SUCCESS)
