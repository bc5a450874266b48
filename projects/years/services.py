"""Fiscal years: which indicator scheme a new year gets, and opening one."""
from __future__ import annotations

from django.core.exceptions import ValidationError

from indicators.models import Scheme
from projects.models import FiscalYear

FIRST_YEAR, LAST_YEAR = 2000, 2100


def default_scheme_code(year: int) -> str:
    # The Ministry of Finance scheme of 2021 (财预〔2021〕101号) governs budgets from 2022 on.
    return "mof2021" if year >= 2022 else "legacy"


def scheme_for_new_year(year: int) -> Scheme:
    """The scheme a year calls for; a clear message when that taxonomy was never loaded."""
    code = default_scheme_code(year)
    scheme = Scheme.objects.filter(code=code).first()
    if scheme is None:
        raise ValidationError(f"{year}年度所需的指标体系“{code}”未载入，请先载入指标体系（manage.py demo 或后台）。")
    return scheme


def fiscal_year_open(*, year: int, scheme: Scheme, is_open: bool = True) -> FiscalYear:
    """A new fiscal year with its scheme, open for filling in.  Raises ValidationError (in Chinese)
    for a year outside 2000–2100 or one that exists already."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": f"年度应在 {FIRST_YEAR}–{LAST_YEAR} 之间。"})
    if FiscalYear.objects.filter(year=year).exists():
        raise ValidationError({"year": f"{year} 年度已经存在。"})
    fiscal_year = FiscalYear(year=year, scheme=scheme, is_open=is_open)
    fiscal_year.full_clean()
    fiscal_year.save()
    return fiscal_year
