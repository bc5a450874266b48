"""Forms of the monitoring and self-evaluation pages.  The indicator lines are read by
`read_lines`, one set of fields per indicator row, so the page is one form as in Excel."""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.http import QueryDict

from documents.amounts import AmountError, money_text, read_points
from documents.evaluation import QUALITATIVE_BANDS
from indicators.models import Indicator
from projects.editor.forms import AmountField
from projects.models import FiscalYear, MonitoringRound

from .services import EvaluationInput, LineInput, already_open_message

TEXT_LIMIT = 500
LONG_TEXT_LIMIT = 5000


class RoundOpenForm(forms.ModelForm):
    fiscal_year = forms.ModelChoiceField(FiscalYear.objects.order_by("-year"), label="年度", empty_label=None)

    class Meta:
        model = MonitoringRound
        fields = ["fiscal_year", "as_of", "title", "red_below", "yellow_below", "deviation_limit"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}
        labels = {"title": "名称（可空，默认“截至X月X日”）"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean_as_of(self) -> datetime.date:
        """A second round on the same date is told here, naming the date; Django's own message for
        the constraint is generic (and English in an English browser)."""
        as_of, year = self.cleaned_data["as_of"], self.cleaned_data.get("fiscal_year")
        if year and MonitoringRound.objects.filter(fiscal_year=year, as_of=as_of).exists():
            raise ValidationError(already_open_message(year, as_of))
        return as_of


def _amount(label: str) -> AmountField:
    """An amount as the editor reads it ("1,000", "１０３９．５", "100万元"; no exponent), never negative."""
    return AmountField(label=label, max_digits=18, decimal_places=6, validators=[MinValueValidator(0, "不能为负数。")])


class MonitoringForm(forms.Form):
    executed = _amount("截至目前预算执行数（万元）")
    note = forms.CharField(label="执行情况说明", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=LONG_TEXT_LIMIT)


class SelfEvaluationForm(forms.Form):
    budget_initial = _amount("年初预算数（万元）")
    budget_full_year = _amount("全年预算数（万元）")
    executed = _amount("全年执行数（万元）")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        budget, executed = data.get("budget_full_year"), data.get("executed")
        if budget is not None and executed is not None and executed > budget:
            self.add_error("executed", f"全年执行数 {money_text(executed)} 万元超过全年预算数 {money_text(budget)} 万元："
                                       "请核对金额和单位（万元）。")
        return data
    outcome = forms.CharField(label="总体目标完成情况", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG_TEXT_LIMIT)


def _text(data: QueryDict, key: str, label: str, limit: int, errors: list[str]) -> str:
    value = data.get(key, "")
    if len(value) > limit:
        errors.append(f"{label}最多 {limit} 个字，现有 {len(value)} 个字。")
        return value[:limit]
    return value


def read_monitoring_lines(data: QueryDict, indicators: Iterable[Indicator]) -> tuple[dict[int, LineInput], list[str]]:
    lines, errors = {}, []
    for number, indicator in enumerate(indicators, 1):
        prefix = f"line-{indicator.pk}-"
        if prefix + "expected" not in data:
            continue
        where = f"第 {number} 行指标“{indicator.name}”的"
        meet = data.get(prefix + "will_meet", "")
        lines[indicator.pk] = LineInput(
            value_so_far=_text(data, prefix + "value_so_far", where + "截至目前完成值", TEXT_LIMIT, errors),
            expected=_text(data, prefix + "expected", where + "全年预计完成值", TEXT_LIMIT, errors),
            will_meet={"yes": True, "no": False}.get(meet),
            reason=_text(data, prefix + "reason", where + "偏差原因", LONG_TEXT_LIMIT, errors),
            measure=_text(data, prefix + "measure", where + "纠偏措施", LONG_TEXT_LIMIT, errors),
        )
    return lines, errors


def read_evaluation_lines(data: QueryDict, indicators: Iterable[Indicator]) -> tuple[dict[int, EvaluationInput], list[str]]:
    lines, errors = {}, []
    for number, indicator in enumerate(indicators, 1):
        prefix = f"line-{indicator.pk}-"
        if prefix + "actual_text" not in data:
            continue
        where = f"第 {number} 行指标“{indicator.name}”的"
        band = data.get(prefix + "band", "")
        if band and band not in QUALITATIVE_BANDS:
            errors.append(where + "完成档次不在可选范围内。")
            band = ""
        share_text = data.get(prefix + "band_share", "").strip().rstrip("%％")
        share = None
        if share_text:
            try:
                share = Decimal(share_text)
                if not share.is_finite() or not Decimal(0) <= share <= Decimal(100):
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(where + f"得分比例“{share_text}”应是 0–100 之间的数。")
                share = None
        weight_text = data.get(prefix + "weight", "")[:30]
        try:
            weight = read_points(weight_text)
        except AmountError as error:
            errors.append(where + f"{error}。")
            weight = None
        lines[indicator.pk] = EvaluationInput(
            weight=weight,
            weight_text=weight_text,
            actual_text=_text(data, prefix + "actual_text", where + "实际完成值", TEXT_LIMIT, errors),
            band=band,
            band_share=share,
            band_share_text=data.get(prefix + "band_share", "")[:20],
            reason=_text(data, prefix + "reason", where + "偏差原因分析及改进措施", LONG_TEXT_LIMIT, errors),
        )
    return lines, errors


def error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)
