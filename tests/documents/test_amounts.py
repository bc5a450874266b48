"""The one reader of amounts: what people paste is an amount, what is not is refused by name."""
from decimal import Decimal

import pytest

from documents.amounts import PERCENT, WANYUAN, YUAN, Amount, AmountError, read_amount, read_wanyuan


@pytest.mark.parametrize("text,value,unit", [
    ("1,234.5", "1234.5", ""),
    ("1,000", "1000", ""),
    ("100万元", "100", WANYUAN),
    ("1234.50万元", "1234.50", WANYUAN),
    ("１，０３９．５", "1039.5", ""),
    ("７１５１万", "7151", WANYUAN),
    (" 7 151.00 ", "7151.00", ""),
    ("-12.5", "-12.5", ""),
    ("1,234,567.89元", "1234567.89", YUAN),
    (".5", "0.5", ""),
])
def test_pasted_amounts_read(text, value, unit):
    assert read_amount(text) == Amount(Decimal(value), unit)


def test_the_scale_typed_is_kept():
    assert str(read_amount("1234.50").value) == "1234.50"


@pytest.mark.parametrize("text", ["", "  ", "\u3000", None])
def test_nothing_typed_is_no_amount(text):
    assert read_amount(text) is None and read_wanyuan(text) is None


@pytest.mark.parametrize("text,said", [
    ("七千", "不是金额"), ("约100", "不是金额"), ("1e20", "不是金额"), ("100-200", "不是金额"), ("NaN", "不是金额"),
    ("1,5", "千位分隔符位置不对"), ("12,34.5", "千位分隔符位置不对"), ("1.2.3", "不是金额"), ("100亿元", "不是金额"),
])
def test_what_is_not_an_amount_is_refused_showing_what_was_typed(text, said):
    with pytest.raises(AmountError) as raised:
        read_amount(text)
    assert said in str(raised.value) and f"“{text}”" in str(raised.value)


def test_a_unit_the_field_does_not_take_is_refused():
    assert read_amount("25%", units=(WANYUAN, YUAN, PERCENT)) == Amount(Decimal(25), PERCENT)
    with pytest.raises(AmountError, match="单位“%”不能用在这里"):
        read_amount("25%")


@pytest.mark.parametrize("text,value", [("7151", "7151"), ("7151万元", "7151"), ("71510000元", "7151.00"), ("5000元", "0.50")])
def test_money_fields_hold_wanyuan(text, value):
    assert read_wanyuan(text) == Decimal(value)


def test_yuan_that_do_not_make_whole_cents_of_wanyuan_are_refused_not_rounded():
    with pytest.raises(AmountError, match="超过2位小数"):
        read_wanyuan("1234元")
