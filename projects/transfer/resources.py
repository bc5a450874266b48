"""Flat CSV/XLSX import and export of goal tables in the admin (django-import-export).

A row names its table by natural values (年度, 单位编码 or 单位名称, 项目编码, 项目名称), never by
database ids, so a file exported from one database imports into another and importing the same
file twice updates instead of duplicating. A file imports whole or not at all.

Speed (issue 8: 20,000 indicator rows in under 3 s): rows are written in bulk at the end
(`use_bulk`), with their history; the years, units, tables and indicators a file names are
looked up once per import (`Lookups`) instead of per row; fields are checked without a query
per relation.  `force_init_instance` is not used: it would make every row a new record, and a
re-imported file must update, not duplicate.  Files longer than DIFF_ROWS rows skip the
library's per-row diff (`skip_diff`: a deep copy and an HTML diff per row, unreadable at that
length anyway); unchanged rows are still skipped, by comparing the written fields directly.
"""
from __future__ import annotations

import copy
import dataclasses
import logging
from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DataError, IntegrityError, models
from django.db.models import QuerySet, signals
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.functional import cached_property
from import_export import fields, resources, widgets
from import_export.fields import NOT_PROVIDED
from import_export.formats import base_formats
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Error, Result, RowResult
from simple_history.utils import bulk_update_with_history
from tablib import Dataset

from documents import amounts
from documents.amounts import PERCENT, AmountError, read_amount, read_wanyuan
from indicators.models import Indicator
from projects.bulk_writes import bulk_create_recorded
from projects.identity import AmbiguousTable, find_existing_table
from projects.import_messages import locked_label, way_forward
from projects.models import MONEY, FiscalYear, GoalTable, Milestone, Unit
from projects.services import FieldChecker

from .formula_safety import SafeXLSX, escape_dataset, unescape_dataset

logger = logging.getLogger(__name__)

# Longer files are previewed without the per-row diff: see the module docstring.
DIFF_ROWS = 1000

YEAR = "年度"
UNIT_CODE = "单位编码"
UNIT_NAME = "单位名称"
TABLE_CODE = "项目编码"
TABLE_NAME = "项目名称"
KIND = "表类型"


class CellError(ValueError):
    """A bad cell; `column` says which column the user must fix when it is not the field's own."""

    def __init__(self, message: str, *, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


class FileError(ValueError):
    """A problem with the file as a whole (a missing column): the user needs the message, not a traceback."""


class FileErrorResult(Error):
    """An error as the admin's import page shows it: ours carry a Chinese message naming row and
    column; anything else (the database's or a library's exception) has English words meant for
    developers, so the page says in Chinese what happened and the exception goes to the log."""

    def __init__(self, error: Exception, row: dict[str, Any] | None = None, number: int | None = None) -> None:
        if not isinstance(error, (FileError, CellError, ValidationError)):
            logger.error("平表导入出错", exc_info=error)
            error = FileError(_unexpected(error))
        super().__init__(error, row=row, number=number)

    @cached_property
    def traceback(self) -> str:
        return "" if isinstance(self.error, FileError) else super().traceback


def _unexpected(error: Exception) -> str:
    if isinstance(error, DataError):
        return "有数值或文字超出了数据库允许的范围，整个文件未导入"
    if isinstance(error, IntegrityError):
        return "与数据库中已有的数据冲突（可能有人同时在导入），整个文件未导入，请稍后重试"
    return "导入时发生内部错误，已记录在系统日志中，整个文件未导入"


def cell_text(value: Any) -> str:
    # Spreadsheets hand over 130001 as an int, or as 130001.0 when the cell is a float.
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def fiscal_year_from_cell(value: Any) -> FiscalYear:
    text = cell_text(value).removesuffix("年")
    if not text:
        raise CellError("请填写年度，如 2023", column=YEAR)
    if not text.isdecimal():
        raise CellError(f"“{cell_text(value)}”不是年度，请填写四位数字，如 2023", column=YEAR)
    try:
        return FiscalYear.objects.get(year=int(text))
    except FiscalYear.DoesNotExist:
        raise CellError(f"{int(text)}年度不存在，请先在“预算年度”中添加", column=YEAR) from None


def unit_from_cells(code: str, name: str) -> Unit:
    """The unit by its code; by its name only when the code is left empty (names repeat across departments)."""
    code, name = cell_text(code), cell_text(name)
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CellError(f"单位编码“{code}”不存在，请核对或先在“预算单位”中添加", column=UNIT_CODE)
        return unit
    if not name:
        raise CellError("请填写单位编码或单位名称", column=UNIT_CODE)
    units = list(Unit.objects.filter(name=name)[:2])
    if not units:
        raise CellError(f"单位名称“{name}”不存在，请核对或先在“预算单位”中添加", column=UNIT_NAME)
    if len(units) > 1:
        raise CellError(f"有多个单位名为“{name}”，请填写单位编码", column=UNIT_NAME)
    return units[0]


def find_table(*, fiscal_year: FiscalYear, unit: Unit, code: str, name: str, kind: str | None = None) -> GoalTable | None:
    """The existing table a flat row means, by the one identity rule of every import
    (projects.identity); raises CellError when the row fits several tables."""
    tables = GoalTable.objects.filter(fiscal_year=fiscal_year, unit=unit).order_by("id")
    return match_table(list(tables), code=code, name=name, kind=kind)


def match_table(tables: Iterable[GoalTable], *, code: str, name: str, kind: str | None = None) -> GoalTable | None:
    """`find_table` over the year's and unit's tables already at hand (in the order they were created)."""
    try:
        return find_existing_table(tables, kind=kind, code=code, name=name)
    except AmbiguousTable as error:
        raise CellError(str(error), column=TABLE_CODE if error.by_code else TABLE_NAME) from None


class _Tables:
    """One year's and unit's tables, indexed by code and name; `match` gives what `match_table` gives
    over only the tables that share the row's code or name (the rule looks at no others)."""

    def __init__(self, tables: Iterable[GoalTable]) -> None:
        self.by_code: dict[str, list] = {}
        self.by_name: dict[str, list] = {}
        for table in tables:
            self.add(table)

    def add(self, table: GoalTable) -> None:
        if table.code:
            self.by_code.setdefault(table.code, []).append(table)
        self.by_name.setdefault(table.name, []).append(table)

    def match(self, *, code: str, name: str, kind: str | None = None) -> GoalTable | None:
        found = {id(t): t for t in (*self.by_code.get(code, []), *self.by_name.get(name, []))}
        candidates = sorted(found.values(), key=lambda t: (t.pk is None, t.pk or 0))
        return match_table(candidates, code=code, name=name, kind=kind)


class Lookups:
    """What the natural keys of one import's rows mean, each looked up in the database once.

    Records the import creates are added as their rows are read, so a later row of the same
    file finds them (and is refused as a duplicate) although they are written only at the end.
    """

    def __init__(self) -> None:
        self._years: dict[str, FiscalYear | CellError] = {}
        self._units: dict[tuple[str, str], Unit | CellError] = {}
        self._tables: dict[tuple[int, int], _Tables] = {}
        self._indicators: dict[tuple[int, int], dict[int, dict[int, list]]] = {}
        self._memo: dict = {}
        self.row_table = None  # (row, its table): the last row's answer, asked for twice per row

    @staticmethod
    def _remembered(cache: dict[Any, Any], key: Hashable, find: Callable[[], Any]) -> Any:
        if key not in cache:
            try:
                cache[key] = find()
            except CellError as error:
                cache[key] = error
        found = cache[key]
        if isinstance(found, CellError):
            raise CellError(str(found), column=found.column)
        return found

    def once(self, key: Hashable, find: Callable[[], Any]) -> Any:
        """`find()` the first time `key` is asked for (a CellError included), the same answer after."""
        return self._remembered(self._memo, key, find)

    def fiscal_year(self, value: Any) -> FiscalYear:
        return self._remembered(self._years, cell_text(value), lambda: fiscal_year_from_cell(value))

    def unit(self, code: str, name: str) -> Unit:
        key = (cell_text(code), cell_text(name))
        return self._remembered(self._units, key, lambda: unit_from_cells(code, name))

    def _place(self, fiscal_year: FiscalYear, unit: Unit) -> _Tables:
        key = (fiscal_year.pk, unit.pk)
        place = self._tables.get(key)
        if place is None:
            tables = GoalTable.objects.filter(fiscal_year=fiscal_year, unit=unit).select_related("fiscal_year", "unit")
            place = self._tables[key] = _Tables(tables.order_by("id"))
        return place

    def table(self, *, fiscal_year: FiscalYear, unit: Unit, code: str, name: str, kind: str | None = None) -> GoalTable | None:
        return self._place(fiscal_year, unit).match(code=code, name=name, kind=kind)

    def add_table(self, table: GoalTable) -> None:
        self._place(table.fiscal_year, table.unit).add(table)
        self._memo.clear()  # an answer may have been "no such table"

    def indicators(self, table: GoalTable) -> dict[int, list]:
        """The table's indicator rows by 顺序, oldest first; the rows of all the tables of its year and
        unit are read in one query."""
        key = (table.fiscal_year_id, table.unit_id)
        if key not in self._indicators:
            by_table: dict[int, dict[int, list]] = {}
            rows = Indicator.objects.filter(table__fiscal_year_id=key[0], table__unit_id=key[1]).order_by("id")
            for row in rows:
                by_table.setdefault(row.table_id, {}).setdefault(row.order, []).append(row)
            self._indicators[key] = by_table
        return self._indicators[key].setdefault(table.pk, {})

    def add_indicator(self, indicator: Indicator) -> None:
        self.indicators(indicator.table).setdefault(indicator.order, []).append(indicator)


class FiscalYearWidget(widgets.ForeignKeyWidget):
    def __init__(self) -> None:
        super().__init__(FiscalYear, field="year")

    def clean(self, value: Any, row: dict[str, Any] | None = None, lookups: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return lookups.fiscal_year(value) if lookups else fiscal_year_from_cell(value)


class UnitWidget(widgets.ForeignKeyWidget):
    """Column 单位编码; falls back on the row's 单位名称 when the code is empty."""

    def __init__(self) -> None:
        super().__init__(Unit, field="code")

    def clean(self, value: Any, row: dict[str, Any] | None = None, lookups: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        name = (row or {}).get(UNIT_NAME)
        return lookups.unit(value, name) if lookups else unit_from_cells(value, name)


class TrimmedTextWidget(widgets.CharWidget):
    """Identifying text (codes, names): surrounding blanks are never meant and would break matching."""

    def __init__(self, *, empty_is_none: bool = False) -> None:
        super().__init__()
        self.empty_is_none = empty_is_none

    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        text = cell_text(value)
        return None if (self.empty_is_none and not text) else text


class DecimalTextWidget(widgets.DecimalWidget):
    """Decimal in and out, never through float; bad input is a Chinese row error.

    Text is read by the one reader of amounts (documents.amounts): full-width digits and
    thousands separators always; a money column also takes 万元/元 ("1,234.50万元"), and the
    plan's 累计数 a percent sign.
    """

    def __init__(self, *, normalize: bool = False, money: bool = False, percent: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.normalize = normalize
        self.money, self.percent = money, percent

    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if self.is_empty(value):
            return None
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            # An XLSX number cell: repr() is the shortest text that reads back as the same float.
            number = Decimal(repr(value))
        else:
            number = self._read(str(value))
            if number is None:
                return None
        if not number.is_finite():
            raise ValueError(f"“{str(value).strip()}”不是有效的数字，请只填写数字，如 7151.00")
        return number

    def _read(self, text: str) -> Decimal | None:
        try:
            if self.money and not (self.percent and text.strip().endswith(("%", "％"))):
                return read_wanyuan(text, places=MONEY["decimal_places"])
            amount = read_amount(text, units=(PERCENT,) if self.money else ())
            return None if amount is None else amount.value
        except AmountError as error:
            if not self.money:
                raise ValueError(f"“{text.strip()}”不是有效的数字，请只填写数字，如 95") from None
            raise ValueError(str(error)) from None

    def render(self, value: Any, obj: models.Model | None = None, **kwargs: Any) -> Any:
        if value is None:
            return ""
        shown = amounts.money(value) if self.money else amounts.plain(value) if self.normalize else value
        if kwargs.get("force_native_type") and Decimal(repr(float(value))) == value:
            return shown  # a number cell in XLSX that reads back exactly
        return format(shown, "f")


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if self.is_empty(value):
            return None
        text = cell_text(value)
        if not text.isdecimal():
            raise ValueError(f"“{text}”不是整数，请填写如 1、2、3 的数字")
        return int(text)

    def render(self, value: Any, obj: models.Model | None = None, **kwargs: Any) -> Any:
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class ChineseDateWidget(widgets.DateWidget):
    INPUT_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for format_ in self.INPUT_FORMATS:
            try:
                return datetime.strptime(text, format_).date()
            except ValueError:
                continue
        raise ValueError(f"“{text}”不是日期，请写成 2023-01-31 或 2023年1月31日")

    def render(self, value: Any, obj: models.Model | None = None, **kwargs: Any) -> Any:
        if not value:
            return ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class ChoiceWidget(widgets.CharWidget):
    """Exports a choice by its Chinese label; imports the label or the stored value."""

    def __init__(self, choices: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = [(stored, str(label)) for stored, label in choices]

    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        text = cell_text(value)
        if not text:
            return ""
        for stored, label in self.choices:
            if text in (stored, label):
                return stored
        allowed = "、".join(label for _, label in self.choices)
        raise ValueError(f"“{text}”不是可选值，可选：{allowed}")

    def render(self, value: Any, obj: models.Model | None = None, **kwargs: Any) -> Any:
        return dict(self.choices).get(value, value or "")


class ChineseCSV(base_formats.CSV):
    """CSV as Chinese Excel reads and writes it: imports UTF-8 or GB18030, exports UTF-8 with a BOM,
    and text that Excel would take for a formula kept as text.

    Declared binary so the admin hands over raw bytes and leaves the decoding to us.
    """

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream: bytes | str, **kwargs: Any) -> Dataset:
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                in_stream = in_stream.decode("gb18030")
        return unescape_dataset(super().create_dataset(in_stream, **kwargs))

    def export_data(self, dataset: Dataset, **kwargs: Any) -> bytes:
        # Text that Excel would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe; see formula_safety.
        return super().export_data(escape_dataset(dataset), **kwargs).encode("utf-8-sig")


FORMATS = [ChineseCSV, SafeXLSX]


@dataclasses.dataclass
class _ValidationPlan:
    """Which checks of full_clean one import's rows need, worked out on its first row."""

    model: type
    required_relations: list
    from_file: list
    defaults: list
    unique: bool
    constraints: bool
    default_errors: dict | None = None


@dataclasses.dataclass
class LockedRow:
    """A row left out because its table is under review or approved."""

    row: int | None
    table: GoalTable

    @property
    def label(self) -> str:
        return f"未导入：{locked_label(self.table.status)}"

    @property
    def way_forward(self) -> str:
        return way_forward(self.table.status)


class ChineseModelResource(resources.ModelResource):
    """Chinese column headers from the verbose names, Chinese errors naming row and column,
    Decimal money, all-or-nothing imports."""

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "TextField": widgets.CharWidget,  # the library leaves TextField unmapped: empty XLSX cells would be None
        "DecimalField": DecimalTextWidget,
        "DateField": ChineseDateWidget,
        "PositiveIntegerField": WholeNumberWidget,
        "PositiveSmallIntegerField": WholeNumberWidget,
        "IntegerField": WholeNumberWidget,
    }
    # Columns that must be in the file; checked before any row so the message is clear.
    required_columns: tuple = ()

    @classmethod
    def field_from_django_field(cls, field_name: str, django_field: models.Field, readonly: bool) -> fields.Field:
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = str(django_field.verbose_name)
        if isinstance(django_field, models.DecimalField) and (django_field.max_digits, django_field.decimal_places) == (
            MONEY["max_digits"], MONEY["decimal_places"]
        ):  # an amount in 万元 (the plan's 累计数 may be a percentage)
            field.widget = DecimalTextWidget(money=True, percent=django_field.model is Milestone)
        if django_field.choices:
            field.widget = ChoiceWidget(django_field.choices)
        return field

    @classmethod
    def get_error_result_class(cls) -> type[Error]:
        return FileErrorResult

    # Model fields a bulk update writes besides the file's columns (GoalTable: who changed it and when).
    touched_fields: tuple = ()

    def import_data(self, dataset: Dataset, *args: Any, rollback_on_validation_errors: bool = True, **kwargs: Any) -> Result:
        # One bad row rolls back the whole file: a half-imported set of tables is worse than none.
        return super().import_data(dataset, *args, rollback_on_validation_errors=True, **kwargs)

    def before_import(self, dataset: Dataset, **kwargs: Any) -> None:
        self._row_number = None
        self._claimed = {}  # id(record) -> (row number, record): every record the file's rows landed on
        self._current = None
        self._current_new = True
        self._before = None
        self._lookups = Lookups()
        self._checker = FieldChecker()
        self.locked_rows: list[LockedRow] = []
        user = kwargs.get("user")
        self._history_user = user if user is not None and user.is_authenticated else None
        # This import's own options: the per-row diff only for files short enough to read it.
        self._meta = copy.copy(type(self)._meta)
        self._meta.skip_diff = len(dataset) > DIFF_ROWS
        self._import_fields = None
        self._filled = None  # the writable fields whose columns the file has, found on its first row
        self._plan = None
        self._template = None
        missing = [c for c in self.required_columns if c not in (dataset.headers or [])]
        if missing:
            raise FileError(f"文件缺少列：{'、'.join(missing)}。请使用导出的文件作为模板。")

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        self._row_number = kwargs.get("row_number")
        self._cell_columns = {}
        self._current = None

    def after_init_instance(self, instance: models.Model, new: bool, row: dict[str, Any], **kwargs: Any) -> None:
        self._current, self._current_new = instance, new
        self._before = None if new or not self._meta.skip_diff else self._written_values(instance)

    def init_instance(self, row: dict[str, Any] | None = None) -> models.Model:
        # A new record for each new row: copied from one built for this import, not built through
        # Model.__init__ (which sets ~25 fields from their defaults one by one).  Only when no default is
        # made by a callable (it would be shared) and nothing listens to the model's init signals.
        template = getattr(self, "_template", None)
        if template is None:
            model = self._meta.model
            if (
                signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)
                or any(f.has_default() and callable(f.default) for f in model._meta.concrete_fields)
            ):
                return super().init_instance(row)
            template = self._template = model()
        record = template.__class__.__new__(template.__class__)
        record.__dict__.update(template.__dict__)
        record._state = ModelState()
        return record

    def get_import_fields(self) -> list[fields.Field]:
        # Asked twice per row by the library; the answer does not change during an import.
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def import_instance(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        # As the library's, but remembers which column a CellError blames, hands the widgets this
        # import's lookups, and goes straight to the fields the file fills (import_field would skip the rest).
        if self._filled is None:
            self._filled = [
                (f, type(f) is fields.Field and "__" not in f.attribute)
                for f in self.get_import_fields()
                if f.attribute and not f.readonly and f.column_name in row
                and not isinstance(f.widget, widgets.ManyToManyWidget)
            ]
        kwargs["lookups"] = lookups = self._lookups
        errors = {}
        for field, plain in self._filled:
            try:
                if plain:
                    # Field.save and Field.clean for a plain attribute, without their per-call set-up
                    # (24 columns × 20,000 rows); the widgets of these resources need only the lookups.
                    value = field.widget.clean(row[field.column_name], row=row, lookups=lookups)
                    if value in field.empty_values and field.default != NOT_PROVIDED:
                        value = field.default() if callable(field.default) else field.default
                    if value is not None or field.saves_null_values:
                        setattr(instance, field.attribute, value)
                else:
                    field.save(instance, row, False, **kwargs)
            except ValueError as e:
                errors[field.attribute] = ValidationError(str(e), code="invalid")
                self._cell_columns[field.attribute] = getattr(e, "column", None) or field.column_name
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance: models.Model, original: models.Model | None, row: dict[str, Any], import_validation_errors: dict[str, Any] | None = None) -> bool:
        if self._unchanged(instance, original, row, import_validation_errors):
            return True
        if import_validation_errors:
            return False
        locked = self.locked_table(instance)
        if locked is not None:
            # A table under review or approved is never changed by an import (issue 16): the row is
            # left out, and the preview and the result say so with the way forward.
            self.locked_rows.append(LockedRow(self._row_number, locked))
            return True
        return False

    def _unchanged(self, instance: models.Model, original: models.Model | None, row: dict[str, Any], import_validation_errors: dict[str, Any] | None) -> bool:
        if not self._meta.skip_diff:
            return super().skip_row(instance, original, row, import_validation_errors)
        # Without the library's diff there is no `original`: compare the fields the import writes.
        if not self._meta.skip_unchanged or import_validation_errors or self._current_new:
            return False
        return self._written_values(instance) == self._before

    def locked_table(self, instance: models.Model) -> GoalTable | None:
        """The table under review or approved that writing `instance` would change; None when it may be written."""
        return None

    @cached_property
    def _written_fields(self) -> list:
        """The model fields the file's columns write (not the read-only ones, nor those through relations)."""
        model = self._meta.model
        found = []
        for field in self.get_import_fields():
            if field.readonly or not field.attribute or "__" in field.attribute:
                continue
            try:
                found.append(model._meta.get_field(field.attribute))
            except FieldDoesNotExist:
                continue
        return found

    def _written_values(self, instance: models.Model) -> tuple:
        return tuple(getattr(instance, f.attname) for f in self._written_fields)

    def validate_instance(self, instance: models.Model, import_validation_errors: dict[str, Any] | None = None, validate_unique: bool = True) -> None:
        """`full_clean` as the library calls it, without its query per relation: the relations were
        found by the widgets, so they exist.  Errors name their row and column."""
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            errors = self._model_errors(instance, errors, validate_unique=validate_unique)
        if errors:
            raise self.located(ValidationError(errors))

    def _model_errors(self, instance: models.Model, errors: dict, *, validate_unique: bool) -> dict:
        plan = self._validation_plan(instance)
        for field in plan.required_relations:
            if field.name not in errors and getattr(instance, field.attname) is None:
                try:
                    field.clean(None, instance)
                except ValidationError as error:
                    errors[field.name] = error
        # The file's own values; the others are the stored ones (an update) or the model's defaults
        # (a new row: checked once per import, as they are the same for every new row).
        values = {f.name: getattr(instance, f.attname) for f in plan.from_file if f.name not in errors}
        found = self._checker.errors(plan.model, values)
        if self._current_new:
            if plan.default_errors is None:
                defaults = {f.name: getattr(instance, f.attname) for f in plan.defaults}
                plan.default_errors = self._checker.errors(plan.model, defaults)
            found = {**plan.default_errors, **found}
        for name, messages in found.items():
            if name not in errors:
                errors[name] = ValidationError(messages)
        checks = [instance.clean]
        if validate_unique and plan.unique:
            checks.append(lambda: instance.validate_unique(exclude=set(errors)))
        if plan.constraints:
            checks.append(lambda: instance.validate_constraints(exclude=set(errors)))
        for check in checks:
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        return errors

    def _validation_plan(self, instance: models.Model) -> _ValidationPlan:
        if getattr(self, "_plan", None) is None or self._plan.model is not type(instance):
            opts = instance._meta
            written = {f.name for f in self._written_fields if f.name in {g.attribute for g, _ in self._filled or []}}
            plain = [f for f in opts.concrete_fields if not f.primary_key and not f.is_relation]
            self._plan = _ValidationPlan(
                model=type(instance),
                required_relations=[f for f in opts.concrete_fields if f.is_relation and not f.blank],
                from_file=[f for f in plain if f.name in written],
                defaults=[f for f in plain if f.name not in written],
                unique=bool(
                    opts.unique_together or opts.total_unique_constraints
                    or any(f.unique and not f.primary_key for f in opts.concrete_fields)
                ),
                constraints=bool(opts.constraints),
            )
        return self._plan

    def after_import(self, dataset: Dataset, result: Result, **kwargs: Any) -> None:
        super().after_import(dataset, result, **kwargs)
        result.locked_rows = list(self.locked_rows)  # shown by the admin's preview and after the import

    def after_import_row(self, row: dict[str, Any], row_result: RowResult, **kwargs: Any) -> None:
        record = self._current
        if record is None or row_result.import_type not in (
            RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_SKIP
        ):
            return
        self._claimed.setdefault(id(record), (kwargs.get("row_number"), record))
        if row_result.import_type == RowResult.IMPORT_TYPE_NEW:
            self.remember_new(record)

    def remember_new(self, record: models.Model) -> None:
        """A record this import creates (written at the end, in bulk): later rows must find it."""

    def claim(self, instance: models.Model, column: str | None) -> models.Model:
        """Refuse a second row of the file that lands on the same record: it would silently overwrite the first."""
        earlier = self._claimed.get(id(instance)) if instance is not None else None
        if earlier is not None:
            raise self.row_error(column, f"与第{earlier[0]}行指向同一条记录，请删除重复行")
        return instance

    def _rolling_back(self, result: Result) -> bool:
        """A row failed: the whole import is rolled back, so the bulk writes are not even tried."""
        if result is None:
            return False
        # The running totals, not has_errors(): that walks every row result, at every batch.
        totals = result.totals
        return bool(result.base_errors or totals[RowResult.IMPORT_TYPE_ERROR] or totals[RowResult.IMPORT_TYPE_INVALID])

    def bulk_create(self, using_transactions: bool, dry_run: bool, raise_errors: bool, batch_size: int | None = None, result: Result | None = None) -> None:
        # The library's bulk_create leaves no history; every change here is recorded, by the importing user.
        try:
            if self.create_instances and (using_transactions or not dry_run) and not self._rolling_back(result):
                bulk_create_recorded(self.create_instances, self._meta.model, user=self._history_user)
        except Exception as e:  # noqa: BLE001 - reported as the library reports a failed bulk write
            self.handle_import_error(result, e, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions: bool, dry_run: bool, raise_errors: bool, batch_size: int | None = None, result: Result | None = None) -> None:
        try:
            if self.update_instances and (using_transactions or not dry_run) and not self._rolling_back(result):
                bulk_update_with_history(
                    self.update_instances, self._meta.model, self.get_bulk_update_fields(),
                    batch_size=batch_size, default_user=self._history_user,
                )
        except Exception as e:  # noqa: BLE001
            self.handle_import_error(result, e, raise_errors)
        finally:
            self.update_instances.clear()

    def get_bulk_update_fields(self) -> list[str]:
        return [f.name for f in self._written_fields] + list(self.touched_fields)

    def row_error(self, column: str | None, message: str) -> ValidationError:
        return ValidationError({column: [f"第{self._row_number}行“{column}”：{message}"]})

    def located(self, error: Exception) -> Exception:
        messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        located = {}
        for key, texts in messages.items():
            if key == NON_FIELD_ERRORS:
                located.setdefault(key, []).extend(f"第{self._row_number}行：{t}" for t in texts)
                continue
            column = self.column_for(key)
            located.setdefault(column, []).extend(f"第{self._row_number}行“{column}”：{t}" for t in texts)
        return ValidationError(located)

    def column_for(self, attribute: str) -> str:
        if attribute in self._cell_columns:
            return self._cell_columns[attribute]
        for field in self.fields.values():
            if field.attribute == attribute and field.column_name:
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(attribute).verbose_name)
        except FieldDoesNotExist:
            return attribute


class GoalTableResource(ChineseModelResource):
    fiscal_year = fields.Field(attribute="fiscal_year", column_name=YEAR, widget=FiscalYearWidget())
    unit = fields.Field(attribute="unit", column_name=UNIT_CODE, widget=UnitWidget())
    unit_name = fields.Field(attribute="unit__name", column_name=UNIT_NAME, readonly=True)
    code = fields.Field(
        attribute="code", column_name=TABLE_CODE, widget=TrimmedTextWidget(empty_is_none=True), saves_null_values=False
    )
    name = fields.Field(attribute="name", column_name=TABLE_NAME, widget=TrimmedTextWidget())
    # The workflow owns the status: an imported table starts as 草稿 and goes through review.
    status = fields.Field(
        attribute="status", column_name="状态", widget=ChoiceWidget(GoalTable.Status.choices), readonly=True
    )

    required_columns = (YEAR, TABLE_NAME)

    class Meta:
        model = GoalTable
        name = "绩效目标表（平铺，一表一行）"
        fields = (
            "fiscal_year", "unit", "unit_name", "seq", "code", "name", "kind", "layout", "status", "title",
            "department_label", "budget_total", "fiscal_funds", "other_funds", "superior_funds",
            "income_general", "income_gov_fund", "income_special_nontax", "income_other",
            "spending_basic", "spending_project", "functions", "purpose", "period", "period_goal",
            "annual_goal", "milestone_unit", "filled_by", "phone", "filled_on",
        )
        import_id_fields = ("fiscal_year", "name")
        use_transactions = True
        use_bulk = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    touched_fields = ("updated_by", "updated_at")

    def before_import(self, dataset: Dataset, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []
        if UNIT_CODE not in headers and UNIT_NAME not in headers:
            raise FileError(f"文件缺少列：{UNIT_CODE}或{UNIT_NAME}（至少一列）。")
        if UNIT_CODE not in headers:
            # Units named only by name: an empty code column lets the unit field fall back on the name.
            dataset.append_col([""] * len(dataset), header=UNIT_CODE)

    def get_instance(self, instance_loader: BaseInstanceLoader, row: dict[str, Any]) -> models.Model | None:
        lookups = self._lookups
        try:
            fiscal_year = lookups.fiscal_year(row.get(YEAR))
            unit = lookups.unit(row.get(UNIT_CODE), row.get(UNIT_NAME))
            table = lookups.table(
                fiscal_year=fiscal_year, unit=unit, code=cell_text(row.get(TABLE_CODE)),
                name=cell_text(row.get(TABLE_NAME)), kind=self._row_kind(row),
            )
        except CellError as error:
            if error.column in (TABLE_CODE, TABLE_NAME):
                raise self.row_error(error.column, str(error)) from None
            return None  # a bad year or unit: import_instance reports it on its column
        return self.claim(table, TABLE_NAME)

    def _row_kind(self, row: dict[str, Any]) -> str | None:
        """The row's 表类型 when it gives a valid one; None (any kind) when the file has no such column."""
        try:
            return self.fields["kind"].widget.clean(row.get(KIND)) or None
        except ValueError:
            return None  # reported on its column by import_instance

    def import_instance(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # A new table follows its year's scheme; set before validation so it is not reported missing.
            if instance.scheme_id is None and instance.fiscal_year_id is not None:
                instance.scheme_id = instance.fiscal_year.scheme_id

    def before_save_instance(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance.updated_by = user
        instance.updated_at = timezone.now()  # a bulk update does not apply auto_now

    def remember_new(self, record: models.Model) -> None:
        self._lookups.add_table(record)

    def locked_table(self, instance: models.Model) -> GoalTable | None:
        return instance if instance.pk is not None and not instance.is_editable else None

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return queryset.select_related("fiscal_year", "unit")
