"""The editor's forms: the header, the spending plan and the indicator grid (plain formsets).

The grid posts one form per line; lines carry their 职责/职责事项 (duty layout) and their
Indicator id, so JavaScript only moves, adds and removes lines and renumbers ORDER, and the
page saves the same way with JavaScript off.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import QuerySet
from django.forms.models import fields_for_model

from documents import goaltable as doc
from documents.amounts import PERCENT, WANYUAN, YUAN, AmountError, read_amount, read_points, read_wanyuan
from documents.limits import MAX_INTEGER
from documents.values import COMPARATORS, has_exponent
from indicators.models import Indicator
from projects.models import Duty, DutyTask, FiscalYear, GoalTable, Milestone, Unit
from projects.selectors import ROW_FIELDS

from .services import HEADER_FIELDS, LAYOUTS_BY_KIND, GridLine, lines_to_parts, read_value_cell, row_is_blank

LAYOUT_LABELS = {
    "standard": "标准版式（一级/二级/三级指标）",
    "hunan": "湖南版式（含绩效标准）",
    "list": "清单版式（指标性质、方向分列）",
    "overall": "部门整体支出（按收入、支出性质）",
    "duty": "按部门职责",
    "rows": "预算系统清单（一行一指标）",
    "term": "中期与年度指标并列",
    "selfeval": "绩效自评表（实际完成值、得分）",
}
BASIS_CHOICES = ("历史数据", "历史标准", "计划标准", "年度工作计划", "行业标准", "其他")
COMMON_UNITS = ("%", "万元", "元", "人", "人次", "户", "家", "个", "项", "件", "次", "份", "套", "台", "场", "天", "个工作日", "小时", "分钟", "年", "月", "分", "平方米")


def bound_integer(field: forms.IntegerField) -> forms.IntegerField:
    """A form field's integer kept within what both databases store (fields_for_model gives none)."""
    if field.max_value is None or field.max_value > MAX_INTEGER:
        field.max_value = MAX_INTEGER
        field.validators.append(MaxValueValidator(MAX_INTEGER))
        field.widget.attrs["max"] = MAX_INTEGER
    return field


def _money_widget(**attrs: Any) -> forms.TextInput:
    # Text, not type=number: a browser drops what it cannot read as a number, and nothing typed may be lost.
    return forms.TextInput(attrs={"inputmode": "decimal", "class": "num", "autocomplete": "off", **attrs})


def _sized(number: Decimal, *, typed: str, label: str, max_digits: int = 14, places: int = 2) -> Decimal:
    sign, digits, exponent = number.as_tuple()
    if -exponent > places:
        raise forms.ValidationError(f"{label}：“{typed.strip()}”最多保留{places}位小数。", code="places")
    if len(digits) - max(-exponent, 0) > max_digits - places:
        raise forms.ValidationError(f"{label}：“{typed.strip()}”太大，请核对（单位：万元）。", code="digits")
    return number


class AmountField(forms.Field):
    """An amount in 万元 as people paste it ("1,234.5", "100万元", "１，０３９．５"), read by the one
    normaliser of imports and editor; an error names the field and shows what was typed."""

    def __init__(self, *, max_digits: int = 14, decimal_places: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _money_widget())
        super().__init__(required=False, **kwargs)
        self.max_digits, self.decimal_places = max_digits, decimal_places

    def to_python(self, value: object) -> Decimal | None:
        try:
            number = read_wanyuan(value, places=self.decimal_places)
        except AmountError as error:
            raise forms.ValidationError(f"{self.label}：{error}。", code="amount") from None
        if number is None:
            return None
        return _sized(number, typed=value, label=self.label, max_digits=self.max_digits, places=self.decimal_places)


def _header_fields() -> dict[str, forms.Field]:
    widgets = {name: _money_widget() for name in doc.MONEY_FIELDS}
    widgets.update(
        {
            name: forms.Textarea(attrs={"rows": 1})
            for name in ("functions", "purpose", "period_goal", "annual_goal", "annual_goal_actual", "budget_note")
        }
    )
    widgets["filled_on"] = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    widgets["milestone_unit"] = forms.RadioSelect
    widgets["seq"] = forms.NumberInput(attrs={"min": 1, "class": "num short"})
    fields = fields_for_model(GoalTable, fields=HEADER_FIELDS, widgets=widgets)
    for name in doc.MONEY_FIELDS:
        model_field = GoalTable._meta.get_field(name)
        fields[name] = AmountField(
            label=model_field.verbose_name.replace("（万元）", "").replace("其中：", ""),
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
        )
    for field in fields.values():
        if isinstance(field, forms.IntegerField):
            bound_integer(field)
    fields["layout"] = forms.ChoiceField(label="版式", choices=list(LAYOUT_LABELS.items()))
    fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
    return fields


class HeaderForm(forms.BaseForm):
    base_fields = _header_fields()

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        allowed = LAYOUTS_BY_KIND[kind]
        self.fields["layout"].choices = [(k, v) for k, v in LAYOUT_LABELS.items() if k in allowed]
        self.fields["milestone_unit"].choices = GoalTable.MilestoneUnit.choices
        if kind == GoalTable.Kind.OVERALL:
            self.fields["name"].label = "部门名称"


class MilestoneForm(forms.Form):
    label = forms.CharField(
        label="时点",
        max_length=Milestone._meta.get_field("label").max_length,
        required=False,
        widget=forms.TextInput(attrs={"aria-label": "时点", "class": "label", "size": 6}),
    )
    month = forms.TypedChoiceField(
        label="月份",
        choices=[("", "月份")] + [(str(m), f"{m}月") for m in range(1, 13)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"aria-label": "月份", "class": "month"}),
    )
    # Read in clean_value, which knows the plan's unit and the point's name.
    value = forms.CharField(label="累计数", required=False, widget=_money_widget(**{"aria-label": "累计数"}))

    def __init__(self, *args: Any, plan_unit: str = doc.MILESTONE_AMOUNT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan_unit = plan_unit

    def clean_value(self) -> str:
        """A point reads in the plan's unit: 万元 (元 converted) or % — never the other one."""
        raw = self.cleaned_data["value"]
        label = "资金支出计划" + ((self.data.get(self.add_prefix("label")) or "").strip() or "该时点")
        try:
            amount = read_amount(raw, units=(WANYUAN, YUAN, PERCENT))
            if amount is None:
                return None
            if self.plan_unit == doc.MILESTONE_PERCENT:
                if amount.unit not in ("", PERCENT):
                    raise AmountError(f"本计划按百分比填报，“{raw}”是金额；请填百分数，或把口径改为金额")
                number = amount.value
            elif amount.unit == PERCENT:
                raise AmountError(f"本计划按金额（万元）填报，“{raw}”是百分数；请填金额，或把口径改为百分比")
            else:
                number = read_wanyuan(raw)
        except AmountError as error:
            raise forms.ValidationError(f"{label}：{error}。", code="amount") from None
        return _sized(number, typed=raw, label=label)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("month") and not (data.get("label") or "").strip():
            data["label"] = f"{data['month']}月底"
        return data

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("label") and data.get("month") is None and data.get("value") is None


class BaseMilestoneFormSet(forms.BaseFormSet):
    def kept_forms(self) -> list[MilestoneForm]:
        """The points to save, in order; a point that does not read is left out (its box says why)."""
        return [
            form
            for form in self.forms
            if form.is_valid() and not self._should_delete_form(form) and form.cleaned_data and not form.is_blank()
        ]

    def milestones(self) -> list[doc.Milestone]:
        return [
            doc.Milestone(label=form.cleaned_data["label"].strip(), month=form.cleaned_data["month"], value=form.cleaned_data["value"])
            for form in self.kept_forms()
        ]


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=BaseMilestoneFormSet, extra=0, can_delete=True, max_num=12, absolute_max=12, validate_max=True
)


class _Shared:
    """A field every line's form shares instead of deep-copying: a 300-line post builds 300
    forms, and their fields are never changed per form."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Shared:
        return self


class _SharedChar(_Shared, forms.CharField):
    pass


class _SharedChoice(_Shared, forms.ChoiceField):
    pass


class _SharedInteger(_Shared, forms.IntegerField):
    pass


def _text(model: type[models.Model], name: str, *, label: str | None = None) -> forms.CharField:
    field = model._meta.get_field(name)
    return _SharedChar(label=label or field.verbose_name, max_length=field.max_length, required=False, strip=True)


class RowForm(forms.Form):
    """One grid line: an indicator, possibly under a duty task (duty layout)."""

    id = _SharedInteger(required=False, widget=forms.HiddenInput)
    duty_seq = _text(Duty, "seq")
    duty_name = _text(Duty, "name")
    task_name = _text(DutyTask, "name", label="职责事项")
    task_goal = _text(DutyTask, "goal")
    level1 = _text(Indicator, "level1")
    level2 = _text(Indicator, "level2")
    name = _text(Indicator, "name")
    description = _text(Indicator, "description")
    comparator = _SharedChoice(label="比较符", choices=[("", "")] + [(c, c) for c in COMPARATORS], required=False)
    value = _SharedChar(label="指标值", max_length=Indicator._meta.get_field("value_text").max_length, required=False)
    unit = _text(Indicator, "unit")
    value_text = _text(Indicator, "value_text")  # as filed; kept until a part changes
    direction = _SharedChoice(label="指标性质", choices=[("", ""), ("正向", "正向"), ("反向", "反向")], required=False)
    basis = _text(Indicator, "basis")
    standard = _text(Indicator, "standard")
    activity = _text(Indicator, "activity")
    ref_plan = _text(Indicator, "ref_plan")
    ref_standard = _text(Indicator, "ref_standard")
    ref_standard_source = _text(Indicator, "ref_standard_source")
    ref_avg3 = _text(Indicator, "ref_avg3")
    ref_last_year = _text(Indicator, "ref_last_year")
    ref_history_source = _text(Indicator, "ref_history_source")
    term = _SharedChoice(label="指标期限", choices=[("", "年度"), ("长期", "长期（中期）")], required=False)
    weight = _SharedChar(label="权重（分值）", max_length=30, required=False)
    scoring_standard = _text(Indicator, "scoring_standard")
    formula = _text(Indicator, "formula")
    data_source = _text(Indicator, "data_source")
    actual_value_text = _text(Indicator, "actual_value_text")
    score = _SharedChar(label="得分", max_length=30, required=False)
    deviation_reason = _text(Indicator, "deviation_reason")

    def __init__(self, *args: Any, layout: str = "standard", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout = layout

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            cell = read_value_cell(
                comparator=data["comparator"],
                value=data["value"],
                unit=data["unit"],
                previous_text=data["value_text"],
                layout=self.layout,
            )
        except ValueError as error:
            self.add_error("comparator", str(error))
            return data
        if cell.value is None and has_exponent(data["value"]):
            self.add_error("value", f"“{data['value']}”是科学计数法，请写出完整的数字（最多18位整数、6位小数）。")
            return data
        if cell.value is not None:
            sign, digits, exponent = cell.value.as_tuple()
            if -exponent > 6 or len(digits) + min(exponent, 0) > 18:
                self.add_error("value", "数值最多18位整数、6位小数。")
                return data
        data["cell"] = cell
        data["weight_number"] = self._number(data, "weight")
        data["score_number"] = self._number(data, "score")
        return data

    def _number(self, data: dict[str, Any], name: str) -> Decimal | None:
        """分值 and 得分 read as every import reads them (10, 2.5, 10分, 20%, full-width digits)."""
        try:
            return read_points(data.get(name), what="分值" if name == "weight" else "得分")
        except AmountError as error:
            self.add_error(name, f"{error}。")
            return None

    def line(self) -> GridLine:
        """The line as a document row.  On a line with a cell that does not read, the rest of the line as
        read (for the checks only: such a page is not saved): its 一级 still counts, its 三级 is still there."""
        data = self.cleaned_data
        cell = data.get("cell")
        if cell is not None:
            value = {"comparator": cell.comparator, "value": cell.value, "unit": cell.unit, "value_text": cell.value_text}
        else:
            typed = (self.data.get(self.add_prefix("value")) or "").strip()
            value = {"comparator": "", "value": None, "unit": "", "value_text": typed if "value" in self.errors else ""}
        numbers = {"weight": data.get("weight_number"), "score": data.get("score_number")}
        row = doc.IndicatorRow(
            **{name: data.get(name) or "" for name in ROW_FIELDS if name not in {*value, *numbers}},
            **numbers,
            **value,
        )
        return GridLine(
            duty_seq=data.get("duty_seq") or "",
            duty_name=data.get("duty_name") or "",
            task_name=data.get("task_name") or "",
            task_goal=data.get("task_goal") or "",
            row=None if row_is_blank(row) else row,
        )

    def unreadable(self) -> set[str]:
        """The row fields whose text does not read (the value box's parts count as 指标值)."""
        names = set(self.errors)
        if names & {"comparator", "value", "unit"}:
            names.add("value_text")
        return names


def fields_per_row() -> int:
    return len(RowForm.base_fields) + 2  # ORDER and DELETE


# The request may hold this many fields; the header, the plan and the management forms take the rest.
MAX_ROWS = max(50, (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 200) // fields_per_row())


class BaseRowFormSet(forms.BaseFormSet):
    ordering_widget = forms.NumberInput(attrs={"class": "order", "min": 1})

    def __init__(self, *args: Any, layout: str = "standard", **kwargs: Any) -> None:
        self.layout = layout
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "layout": self.layout}

    def kept_forms(self) -> list[RowForm]:
        """The lines to save, in the order the page put them (ORDER), without deleted and blank ones."""
        kept = []
        for index, form in enumerate(self.forms):
            # A line with a cell that does not read is checked with the rest of what it says (its cell says
            # why it cannot be saved); leaving it out would have the checks miss its 一级 or its 分值.
            form.is_valid()  # cleans it
            if self._should_delete_form(form) or not form.cleaned_data:
                continue
            if form.line().row is None and not form.line().in_duty:
                continue
            kept.append((form.cleaned_data.get("ORDER") is None, form.cleaned_data.get("ORDER") or 0, index, form))
        return [form for *_, form in sorted(kept, key=lambda k: k[:3])]

    def document_parts(self) -> tuple[list[doc.IndicatorRow], list[doc.Duty], list[int | None], list[RowForm]]:
        """(top-level rows, duties, row ids in all_indicators order, kept forms in all_indicators order)."""
        forms_in_order = self.kept_forms()
        top, duties, positions = lines_to_parts([form.line() for form in forms_in_order])
        ordered = [forms_in_order[i] for i in positions]
        row_ids = [form.cleaned_data.get("id") for form in ordered]
        return top, duties, row_ids, ordered


RowFormSet = forms.formset_factory(
    RowForm,
    formset=BaseRowFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


class CreateForm(forms.Form):
    fiscal_year = forms.ModelChoiceField(label="年度", queryset=FiscalYear.objects.none(), empty_label=None)
    unit = forms.ModelChoiceField(label="预算单位", queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="表类型", choices=GoalTable.Kind.choices, widget=forms.RadioSelect, initial="project")
    layout = forms.ChoiceField(label="版式", choices=[("", "按表类型默认")] + list(LAYOUT_LABELS.items()), required=False)
    name = forms.CharField(label="项目名称", max_length=300, required=False, help_text="部门整体支出表可不填，默认为部门名称。")
    code = forms.CharField(label="项目编码", max_length=60, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["fiscal_year"].queryset = FiscalYear.objects.filter(is_open=True).order_by("-year")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, layout = data.get("kind"), data.get("layout")
        if kind and layout and layout not in LAYOUTS_BY_KIND[kind]:
            self.add_error("layout", f"{GoalTable.Kind(kind).label}表不能使用“{LAYOUT_LABELS[layout]}”。")
        if kind == GoalTable.Kind.PROJECT and not data.get("name"):
            self.add_error("name", "请填写项目名称。")
        return data
