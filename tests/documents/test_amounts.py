"""The one reader and printer of amounts: what people paste is an amount, what is not is refused by name;
an amount prints the same on every page, download and message."""
from decimal import Decimal
from decimal import Decimal as D

import pytest

from documents.amounts import (
    PERCENT,
    WANYUAN,
    YUAN,
    Amount,
    AmountError,
    filed_text,
    money,
    money_text,
    plain,
    plain_text,
    read_amount,
    read_wanyuan,
)


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


# --- printing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("7151", "7151.00"),  # a whole amount gets its two decimals
        ("7151.000000", "7151.00"),  # the column's padding goes
        ("12.5", "12.50"),
        ("12.345678", "12.345678"),  # filed finer than cents: every digit kept, never rounded
        ("12.3456780000", "12.345678"),
        ("1E+3", "1000.00"),  # never an exponent
        ("0.0000001", "0.0000001"),
        ("-3.1", "-3.10"),
    ],
)
def test_an_amount_prints_with_two_decimals_or_every_decimal_filed(stored, shown):
    assert money_text(D(stored)) == shown
    assert money(D(stored)) == D(stored) and format(money(D(stored)), "f") == shown


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("95.000000", "95"), ("7.50", "7.5"), ("1E+2", "100"), ("0.5", "0.5"), ("7151", "7151"), ("0", "0")],
)
def test_a_plain_number_drops_its_padding_zeros_and_never_reads_as_an_exponent(stored, shown):
    assert plain_text(D(stored)) == shown
    assert str(plain(D(stored))) == shown


@pytest.mark.parametrize(("stored", "shown"), [("864.3", "864.3"), ("7.00", "7.00"), ("96", "96"), ("1E+2", "100")])
def test_a_number_as_filed_keeps_its_scale(stored, shown):
    assert filed_text(D(stored)) == shown


def test_nothing_filed_prints_as_nothing():
    assert (money(None), money_text(None), plain(None), filed_text(None)) == (None, None, None, "")
