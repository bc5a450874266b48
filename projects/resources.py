"""Flat CSV/XLSX import and export of goal tables in the admin (django-import-export).

A row names its table by natural values (年度, 单位编码 or 单位名称, 项目编码, 项目名称), never by
database ids, so a file exported from one database imports into another and importing the same
file twice updates instead of duplicating. A file imports whole or not at all.
"""
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.functional import cached_property
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import Error

from .models import FiscalYear, GoalTable, Unit

YEAR = "年度"
UNIT_CODE = "单位编码"
UNIT_NAME = "单位名称"
TABLE_CODE = "项目编码"
TABLE_NAME = "项目名称"


class CellError(ValueError):
    """A bad cell; `column` says which column the user must fix when it is not the field's own."""

    def __init__(self, message, *, column=None):
        super().__init__(message)
        self.column = column


class FileError(ValueError):
    """A problem with the file as a whole (a missing column): the user needs the message, not a traceback."""


class FileErrorResult(Error):
    @cached_property
    def traceback(self):
        return "" if isinstance(self.error, FileError) else super().traceback


def cell_text(value) -> str:
    # Spreadsheets hand over 130001 as an int, or as 130001.0 when the cell is a float.
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def fiscal_year_from_cell(value) -> FiscalYear:
    text = cell_text(value).removesuffix("年")
    if not text:
        raise CellError("请填写年度，如 2023", column=YEAR)
    if not text.isdecimal():
        raise CellError(f"“{cell_text(value)}”不是年度，请填写四位数字，如 2023", column=YEAR)
    try:
        return FiscalYear.objects.get(year=int(text))
    except FiscalYear.DoesNotExist:
        raise CellError(f"{int(text)}年度不存在，请先在“预算年度”中添加", column=YEAR) from None


def unit_from_cells(code, name) -> Unit:
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


def find_table(*, fiscal_year, unit, code, name):
    """The existing table a flat row means: same year and unit, then the same 项目编码, else the same 项目名称.

    When the row has a code, a name only matches a table without a code, so two projects that
    share a name but not a code stay two tables. Raises CellError when the row fits several tables.
    """
    tables = GoalTable.objects.filter(fiscal_year=fiscal_year, unit=unit).order_by("id")
    if code:
        matches = list(tables.filter(code=code)[:2])
        if len(matches) > 1:
            raise CellError(f"该单位本年度有多张项目编码为“{code}”的表，请先在后台合并", column=TABLE_CODE)
        if matches:
            return matches[0]
        tables = tables.filter(code="")
    if not name:
        return None
    matches = list(tables.filter(name=name)[:2])
    if len(matches) > 1:
        raise CellError(f"该单位本年度有多张名为“{name}”的表，请填写项目编码以区分", column=TABLE_NAME)
    return matches[0] if matches else None


class FiscalYearWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(FiscalYear, field="year")

    def clean(self, value, row=None, **kwargs):
        return fiscal_year_from_cell(value)


class UnitWidget(widgets.ForeignKeyWidget):
    """Column 单位编码; falls back on the row's 单位名称 when the code is empty."""

    def __init__(self):
        super().__init__(Unit, field="code")

    def clean(self, value, row=None, **kwargs):
        return unit_from_cells(value, (row or {}).get(UNIT_NAME))


class TrimmedTextWidget(widgets.CharWidget):
    """Identifying text (codes, names): surrounding blanks are never meant and would break matching."""

    def __init__(self, *, empty_is_none=False):
        super().__init__()
        self.empty_is_none = empty_is_none

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return None if (self.empty_is_none and not text) else text


class DecimalTextWidget(widgets.DecimalWidget):
    """Decimal in and out, never through float; bad input is a Chinese row error."""

    def __init__(self, *, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.normalize = normalize

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            # An XLSX number cell: repr() is the shortest text that reads back as the same float.
            number = Decimal(repr(value))
        else:
            text = str(value).strip().replace(",", "").replace("，", "")
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValueError(f"“{str(value).strip()}”不是有效的数字，请只填写数字，如 7151.00") from None
        if not number.is_finite():
            raise ValueError(f"“{str(value).strip()}”不是有效的数字，请只填写数字，如 7151.00")
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        shown = value.normalize() if self.normalize else value
        if kwargs.get("force_native_type") and Decimal(repr(float(value))) == value:
            return shown  # a number cell in XLSX that reads back exactly
        return format(shown, "f")


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        text = cell_text(value)
        if not text.isdecimal():
            raise ValueError(f"“{text}”不是整数，请填写如 1、2、3 的数字")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class ChineseDateWidget(widgets.DateWidget):
    INPUT_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
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

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class ChoiceWidget(widgets.CharWidget):
    """Exports a choice by its Chinese label; imports the label or the stored value."""

    def __init__(self, choices):
        super().__init__()
        self.choices = [(stored, str(label)) for stored, label in choices]

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        for stored, label in self.choices:
            if text in (stored, label):
                return stored
        allowed = "、".join(label for _, label in self.choices)
        raise ValueError(f"“{text}”不是可选值，可选：{allowed}")

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


class ChineseCSV(base_formats.CSV):
    """CSV as Chinese Excel reads and writes it: imports UTF-8 or GB18030, exports UTF-8 with a BOM.

    Declared binary so the admin hands over raw bytes and leaves the decoding to us.
    """

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                in_stream = in_stream.decode("gb18030")
        return super().create_dataset(in_stream, **kwargs)

    def export_data(self, dataset, **kwargs):
        return super().export_data(dataset, **kwargs).encode("utf-8-sig")


FORMATS = [ChineseCSV, base_formats.XLSX]


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
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = str(django_field.verbose_name)
        if django_field.choices:
            field.widget = ChoiceWidget(django_field.choices)
        return field

    @classmethod
    def get_error_result_class(cls):
        return FileErrorResult

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        # One bad row rolls back the whole file: a half-imported set of tables is worse than none.
        return super().import_data(dataset, *args, rollback_on_validation_errors=True, **kwargs)

    def before_import(self, dataset, **kwargs):
        self._row_number = None
        self._rows_by_pk = {}
        missing = [c for c in self.required_columns if c not in (dataset.headers or [])]
        if missing:
            raise FileError(f"文件缺少列：{'、'.join(missing)}。请使用导出的文件作为模板。")

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number")
        self._cell_columns = {}

    def import_instance(self, instance, row, **kwargs):
        # As the library's, but remembers which column a CellError blames.
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as e:
                errors[field.attribute] = ValidationError(str(e), code="invalid")
                self._cell_columns[field.attribute] = getattr(e, "column", None) or field.column_name
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise self.located(error) from None

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.object_id is not None:
            self._rows_by_pk.setdefault(row_result.object_id, kwargs.get("row_number"))

    def claim(self, instance, column):
        """Refuse a second row of the file that lands on the same record: it would silently overwrite the first."""
        earlier = self._rows_by_pk.get(instance.pk) if instance is not None else None
        if earlier is not None:
            raise self.row_error(column, f"与第{earlier}行指向同一条记录，请删除重复行")
        return instance

    def row_error(self, column, message):
        return ValidationError({column: [f"第{self._row_number}行“{column}”：{message}"]})

    def located(self, error):
        messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        located = {}
        for key, texts in messages.items():
            if key == NON_FIELD_ERRORS:
                located.setdefault(key, []).extend(f"第{self._row_number}行：{t}" for t in texts)
                continue
            column = self.column_for(key)
            located.setdefault(column, []).extend(f"第{self._row_number}行“{column}”：{t}" for t in texts)
        return ValidationError(located)

    def column_for(self, attribute):
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
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []
        if UNIT_CODE not in headers and UNIT_NAME not in headers:
            raise FileError(f"文件缺少列：{UNIT_CODE}或{UNIT_NAME}（至少一列）。")
        if UNIT_CODE not in headers:
            # Units named only by name: an empty code column lets the unit field fall back on the name.
            dataset.append_col([""] * len(dataset), header=UNIT_CODE)

    def get_instance(self, instance_loader, row):
        try:
            fiscal_year = fiscal_year_from_cell(row.get(YEAR))
            unit = unit_from_cells(row.get(UNIT_CODE), row.get(UNIT_NAME))
            table = find_table(
                fiscal_year=fiscal_year, unit=unit, code=cell_text(row.get(TABLE_CODE)), name=cell_text(row.get(TABLE_NAME))
            )
        except CellError as error:
            if error.column in (TABLE_CODE, TABLE_NAME):
                raise self.row_error(error.column, str(error)) from None
            return None  # a bad year or unit: import_instance reports it on its column
        return self.claim(table, TABLE_NAME)

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # A new table follows its year's scheme; set before validation so it is not reported missing.
            if instance.scheme_id is None and instance.fiscal_year_id is not None:
                instance.scheme_id = instance.fiscal_year.scheme_id

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance.updated_by = user

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("fiscal_year", "unit")
