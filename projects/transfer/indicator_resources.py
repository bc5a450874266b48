"""Flat CSV/XLSX import and export of 三级 indicator rows in the admin (django-import-export).

A row names its goal table by 年度 + 单位编码/单位名称 + 项目编码/项目名称 and its place in the
table by 顺序, so re-importing a file updates the same rows. The table must exist already:
import the goal tables first.
"""
from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet
from import_export import fields, widgets
from import_export.instance_loaders import BaseInstanceLoader
from tablib import Dataset

from indicators.models import Indicator
from projects.models import GoalTable

from .resources import (
    TABLE_CODE,
    TABLE_NAME,
    UNIT_CODE,
    UNIT_NAME,
    YEAR,
    CellError,
    ChineseModelResource,
    FileError,
    cell_text,
    find_table,
    fiscal_year_from_cell,
    unit_from_cells,
)

ORDER = "顺序"
_TABLE_KEY = (YEAR, UNIT_CODE, UNIT_NAME, TABLE_CODE, TABLE_NAME)  # the columns that name a row's table


def table_from_row(row: dict[str, Any], lookups: dict[str, Any] | None = None) -> GoalTable | None:
    """The goal table a row names; `lookups` (one import's memory) makes every row after the first
    naming the same table cost a dictionary look-up."""
    if lookups is None:
        return _find_table_of(row, None)
    if lookups.row_table is not None and lookups.row_table[0] is row:
        return lookups.row_table[1]  # asked again for the same row (get_instance, then the widget)
    key = tuple(map(row.get, _TABLE_KEY))
    try:
        hash(key)
    except TypeError:  # a cell value a spreadsheet library made unhashable: looked up each time
        return _find_table_of(row, lookups)
    table = lookups.once(("table of row", key), lambda: _find_table_of(row, lookups))
    lookups.row_table = (row, table)
    return table


def _find_table_of(row: dict[str, Any], lookups: dict[str, Any]) -> GoalTable | None:
    code, name = cell_text(row.get(TABLE_CODE)), cell_text(row.get(TABLE_NAME))
    if lookups is None:
        fiscal_year = fiscal_year_from_cell(row.get(YEAR))
        unit = unit_from_cells(row.get(UNIT_CODE), row.get(UNIT_NAME))
        table = find_table(fiscal_year=fiscal_year, unit=unit, code=code, name=name)
    else:
        fiscal_year = lookups.fiscal_year(row.get(YEAR))
        unit = lookups.unit(row.get(UNIT_CODE), row.get(UNIT_NAME))
        table = lookups.table(fiscal_year=fiscal_year, unit=unit, code=code, name=name)
    if table is None:
        which = "、".join(part for part in (code and f"项目编码“{code}”", name and f"项目名称“{name}”") if part)
        raise CellError(
            f"{fiscal_year.year}年度单位“{unit}”下找不到{which or '该'}绩效目标表，请先导入绩效目标表",
            column=TABLE_NAME,
        )
    return table


class GoalTableWidget(widgets.ForeignKeyWidget):
    """Column 项目名称; the table is found with the row's 年度, 单位 and 项目编码 as well."""

    def __init__(self) -> None:
        super().__init__(GoalTable, field="name")

    def clean(self, value: Any, row: dict[str, Any] | None = None, lookups: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return table_from_row(row or {}, lookups)


class IndicatorResource(ChineseModelResource):
    year = fields.Field(attribute="table__fiscal_year__year", column_name=YEAR, readonly=True)
    unit_code = fields.Field(attribute="table__unit__code", column_name=UNIT_CODE, readonly=True)
    unit_name = fields.Field(attribute="table__unit__name", column_name=UNIT_NAME, readonly=True)
    table_code = fields.Field(attribute="table__code", column_name=TABLE_CODE, readonly=True)
    table = fields.Field(attribute="table", column_name=TABLE_NAME, widget=GoalTableWidget())

    required_columns = (YEAR, TABLE_NAME, ORDER)

    class Meta:
        model = Indicator
        name = "绩效指标（平铺，一指标一行）"
        fields = (
            "year", "unit_code", "unit_name", "table_code", "table", "order", "level1", "level2", "name",
            "description", "comparator", "value", "unit", "value_text", "direction", "basis", "standard",
            "activity", "ref_plan", "ref_standard", "ref_standard_source", "ref_avg3", "ref_last_year",
            "ref_history_source", "weight", "scoring_standard", "formula", "data_source",
        )
        widgets = {"value": {"normalize": True}}
        import_id_fields = ("table", "order")
        use_transactions = True
        use_bulk = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset: Dataset, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []
        if UNIT_CODE not in headers and UNIT_NAME not in headers:
            raise FileError(f"文件缺少列：{UNIT_CODE}或{UNIT_NAME}（至少一列）。")

    def get_instance(self, instance_loader: BaseInstanceLoader, row: dict[str, Any]) -> models.Model | None:
        try:
            table = table_from_row(row, self._lookups)
        except CellError:
            return None  # import_instance reports it on its column
        order = cell_text(row.get(ORDER))
        if not order.isdecimal():
            raise self.row_error(ORDER, "请填写指标在表内的顺序（整数），同一张表内的指标按顺序识别")
        matches = self._lookups.indicators(table).get(int(order), [])
        if len(matches) > 1:
            raise self.row_error(ORDER, f"表“{table.name}”中有多条顺序为{order}的指标，请先在后台调整顺序")
        return self.claim(matches[0] if matches else None, ORDER)

    def remember_new(self, record: models.Model) -> None:
        self._lookups.add_indicator(record)

    def locked_table(self, instance: models.Model) -> GoalTable | None:
        table = instance.table if instance.table_id is not None else None
        return table if table is not None and not table.is_editable else None

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return queryset.select_related("table__fiscal_year", "table__unit")
