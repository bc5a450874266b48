"""Scientific notation in a 指标值: kept as filed, never read as its first digit."""
import pytest

from documents.values import has_exponent, parse_split, parse_value


@pytest.mark.parametrize("text", ["1e20", "≥1e20", "1E5万元", "≤1.5e+3%", "1e309", "≥２ｅ５人", "1.e3"])
def test_a_number_in_scientific_notation_is_not_read(text):
    parsed = parse_value(text)
    assert not parsed.ok and parsed.number is None and parsed.remainder == ""
    assert parsed.text == text
    assert has_exponent(text)


def test_the_list_layout_keeps_it_too():
    parsed = parse_split("大于等于", "1e309", "万元")
    assert not parsed.ok and parsed.text == "1e309"


@pytest.mark.parametrize("text", ["≥95%", "≤7151万元", "≥100 按规定时间发放", "覆盖e政务平台10个", "3e", "kWh 5"])
def test_letters_that_are_no_exponent_are_still_read(text):
    assert not has_exponent(text)
