"""Amounts read as people type or paste them, and printed as people write them: the one
normaliser and the one printer of every money field and number (pure: no Django).

The editor's 预算数, fund fields and plan points, and every import (Word, text, Excel, the
import sheets) read amounts here, so "1,234.5", "1,000", "100万元", "1234.50万元" and the
full-width "１，０３９．５" mean the same everywhere.

* Full-width digits and signs are folded (NFKC), whitespace is dropped.
* Commas are thousands separators only where they group by three ("1,234.5", not "1,5":
  that could be a decimal comma, and guessing would change the amount a thousandfold).
* A unit may follow: 万元 / 万, 元, or % (plan points filed as percentages); the caller says
  which it takes.  Nothing else is an amount: "七千", "约100", "1e5", "100-200".
* The number keeps the scale typed ("1234.50" stays 1234.50).

Printing (pages, downloads, the import preview, history, messages) never shows an exponent:
* `money` / `money_text`: 万元 with two decimals, every decimal when filed finer (12.345678);
* `plain` / `plain_text`: padding zeros dropped (95.000000 → 95, 7.50 → 7.5), as people write a weight;
* `filed_text`: the scale as filed (864.3, 96, 7.00), what a printed form shows.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

WANYUAN = "万元"
YUAN = "元"
PERCENT = "%"
CENT = Decimal("0.01")

_UNIT_SPELLINGS = {"万元": WANYUAN, "万": WANYUAN, "元": YUAN, "%": PERCENT}
_AMOUNT = re.compile(
    r"^(?P<sign>[-+]?)(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?P<unit>万元|万|元|%)?$"
)


class AmountError(ValueError):
    """Text that is not an amount; the message says so in Chinese (the caller adds the field)."""


@dataclass(frozen=True)
class Amount:
    value: Decimal
    unit: str  # WANYUAN, YUAN, PERCENT, or "" when none was written


def fold_amount(text: str) -> str:
    """Full-width forms folded and all whitespace dropped: what the pattern reads."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def read_amount(text: str | None, *, units: tuple[str, ...] = (WANYUAN, YUAN)) -> Amount | None:
    """The amount in `text`, None when it is empty; AmountError when it is not an amount or
    carries a unit not in `units`."""
    folded = fold_amount(text if text is None or isinstance(text, str) else str(text))
    if not folded:
        return None
    found = _AMOUNT.match(folded)
    shown = (text or "").strip()
    if not found:
        if re.fullmatch(r"[-+]?[\d,]+(?:\.\d*)?(?:万元|万|元|%)?", folded) and "," in folded:
            raise AmountError(f"“{shown}”的千位分隔符位置不对，请写成如 1,234.50 或 1234.50")
        raise AmountError(f"“{shown}”不是金额，请只填写数字，如 1234.50")
    unit = _UNIT_SPELLINGS.get(found.group("unit") or "", "")
    if unit and unit not in units:
        allowed = "、".join(u for u in units if u)
        raise AmountError(f"“{shown}”的单位“{found.group('unit')}”不能用在这里" + (f"，请填写{allowed}" if allowed else "，请只填写数字"))
    try:
        value = Decimal(found.group("sign") + found.group("number").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        raise AmountError(f"“{shown}”不是金额，请只填写数字，如 1234.50") from None
    return Amount(value, unit)


def read_wanyuan(text: str | None, *, places: int = 2) -> Decimal | None:
    """An amount in 万元 (the unit of every money field): 万元/万 or no unit as typed, 元 converted.

    An amount in 元 that does not come out in whole cents of 万元 is refused rather than rounded:
    the person sees which figure to restate instead of a changed amount.
    """
    amount = read_amount(text)
    if amount is None:
        return None
    value = amount.value
    if amount.unit == YUAN:
        value = (value / 10000).normalize()
        if value.as_tuple().exponent < -places:
            raise AmountError(f"“{(text or '').strip()}”换算为万元后超过{places}位小数，请直接按万元填写")
        value = value.quantize(CENT) if value.as_tuple().exponent > -places else value
    return value


_POINTS = re.compile(r"^(?P<number>\d+(?:\.\d*)?|\.\d+)(?:分|%)?$")
POINTS_DIGITS, POINTS_PLACES = 8, 4  # the database's 分值 and 得分: 8 integer digits, 4 decimals


def read_points(text: str | None, *, what: str = "分值") -> Decimal | None:
    """A 分值 (weight) or 得分 as typed or filed: "10", "2.5", "10分", "20%" (a weight of 20 on 100
    points), full-width "１０"; None when empty.  AmountError, in Chinese, for anything else: a negative
    number, an exponent ("1e3"), words ("十分"), or more digits than the database keeps.

    The editor, every import and the editor's live sum (static/js/editor_weights.js) read alike."""
    folded = fold_amount(text if text is None or isinstance(text, str) else str(text))
    if not folded:
        return None
    shown = (text or "").strip() if isinstance(text, str) else folded
    if folded.startswith("-") and _POINTS.match(folded[1:]):
        raise AmountError(f"{what}“{shown}”是负数，{what}不能小于0")
    found = _POINTS.match(folded)
    if not found:
        raise AmountError(f"{what}“{shown}”不是数字，请填写如 10 或 2.5 的数字")
    value = Decimal(found.group("number"))
    if value.adjusted() >= POINTS_DIGITS or -value.as_tuple().exponent > POINTS_PLACES:
        raise AmountError(f"{what}“{shown}”超出范围：最多{POINTS_DIGITS}位整数、{POINTS_PLACES}位小数")
    return value


# ---------------------------------------------------------------------------
# Printing


def money(value: Decimal | None) -> Decimal | None:
    """An amount as the forms show it: two decimals, more only when filed with more (12.345678); 1E+3 → 1000.00."""
    if value is None:
        return None
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(CENT) if isinstance(exponent, int) and exponent > -2 else value


def money_text(value: Decimal | None) -> str | None:
    """`money` as text ("7151.00", "12.345678"); None stays None."""
    return None if value is None else format(money(value), "f")


def plain(value: Decimal | None) -> Decimal | None:
    """A number as people write it: the zeros a column pads with dropped (95.000000 → 95, 7.50 → 7.5), never 1E+2."""
    if value is None:
        return None
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def plain_text(value: Decimal) -> str:
    """`plain` as text: "95", "0.5", "7151"."""
    return format(plain(value), "f")


def filed_text(value: Decimal | None) -> str:
    """A number as filed: its scale kept (864.3, 96, 7.00), never an exponent; "" when there is none."""
    return "" if value is None else format(value, "f")
