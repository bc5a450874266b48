"""Forms of the admin's year pages: open a year, roll one over."""
from __future__ import annotations

from django import forms

from indicators.models import Scheme
from projects.models import FiscalYear

from .services import FIRST_YEAR, LAST_YEAR


class YearOpenForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    scheme = forms.ModelChoiceField(label="指标体系", queryset=Scheme.objects.order_by("-code"), empty_label=None)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if FiscalYear.objects.filter(year=year).exists():
            raise forms.ValidationError(f"{year} 年度已经存在。")
        return year


class RolloverForm(forms.Form):
    from_year = forms.ModelChoiceField(
        label="从", queryset=FiscalYear.objects.order_by("-year"), empty_label=None, to_field_name="year"
    )
    to_year = forms.IntegerField(label="结转到", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    include_unapproved = forms.BooleanField(label="包括未审核通过的表（草稿、已提交、退回修改）", required=False)
    scheme = forms.ModelChoiceField(
        label="新年度的指标体系",
        queryset=Scheme.objects.order_by("-code"),
        required=False,
        empty_label="按年度默认",
        help_text="只在目标年度尚未建立时使用。",
    )
