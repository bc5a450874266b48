"""The 指标值 grammar: what the seeds and other regions file, and the canonical form."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.values import (
    COMPARATOR_WORDS,
    ParsedValue,
    comparator_word,
    format_value,
    is_percent_unit,
    parse_split,
    parse_value,
    printed_value_text,
)

REPO = Path(__file__).resolve().parents[2]
SEED_TEXTS = Path("/work/shared/seeds")


def parts(parsed: ParsedValue):
    """The parts with the number as written, so 95.00 and 95 differ."""
    number = None if parsed.number is None else str(parsed.number)
    return (parsed.comparator, number, parsed.unit, parsed.prefix, parsed.remainder, parsed.ok)


# text, comparator, number, unit, prefix, remainder
EXAMPLES = [
    # seeds
    ("≥95 百分比", "≥", "95", "百分比", "", ""),
    ("≤7151万元", "≤", "7151", "万元", "", ""),
    ("≥21.21万份", "≥", "21.21", "万份", "", ""),
    ("≤0.5小时", "≤", "0.5", "小时", "", ""),
    ("1 年", "", "1", "年", "", ""),
    ("≥100 按规定时间发放", "≥", "100", "", "", "按规定时间发放"),
    ("≥98", "≥", "98", "", "", ""),
    ("99.70%", "", "99.70", "%", "", ""),
    ("5万", "", "5", "万", "", ""),
    ("≤7 万", "≤", "7", "万", "", ""),
    ("30亿元", "", "30", "亿元", "", ""),
    ("340万平方米", "", "340", "万平方米", "", ""),
    ("18000人次", "", "18000", "人次", "", ""),
    ("本年度新增10项", "", "10", "项", "本年度新增", ""),
    ("新增20个", "", "20", "个", "新增", ""),
    ("≥30万件", "≥", "30", "万件", "", ""),
    ("≥600人", "≥", "600", "人", "", ""),
    ("≤12月", "≤", "12", "月", "", ""),
    ("0", "", "0", "", "", ""),
    ("4.09万件", "", "4.09", "万件", "", ""),
    ("≥300万人", "≥", "300", "万人", "", ""),
    ("≥260人次\u3000", "≥", "260", "人次", "", ""),
    ("\u3000≥98\u3000", "≥", "98", "", "", ""),
    ("≥90%\u3000\n\n\u3000", "≥", "90", "%", "", ""),
    # line breaks of the extraction inside a unit, or inside the remainder
    ("≥100 百分 比", "≥", "100", "百分比", "", ""),
    ("≥100 按规 定时间发放", "≥", "100", "", "", "按规 定时间发放"),
    # other regions
    ("≧90%", "≥", "90", "%", "", ""),
    ("≦30天", "≤", "30", "天", "", ""),
    (">92%", ">", "92", "%", "", ""),
    ("<5次", "<", "5", "次", "", ""),
    (">=95%", "≥", "95", "%", "", ""),
    ("<=5个工作日", "≤", "5", "个工作日", "", ""),
    ("=100.00(%)", "=", "100.00", "%", "", ""),
    ("≥90.00(%)", "≥", "90.00", "%", "", ""),
    ("≥90（%）", "≥", "90", "%", "", ""),
    ("≥ 90 %", "≥", "90", "%", "", ""),
    ("≥９５％", "≥", "95", "%", "", ""),
    ("＞92%", ">", "92", "%", "", ""),
    ("≥９５．５０％", "≥", "95.50", "%", "", ""),
    ("1,000人", "", "1000", "人", "", ""),
    ("≥12,345.6万元", "≥", "12345.6", "万元", "", ""),
    ("大于等于95%", "≥", "95", "%", "", ""),
    ("不低于95%", "≥", "95", "%", "", ""),
    ("不超过7151万元", "≤", "7151", "万元", "", ""),
    ("等于100%", "=", "100", "%", "", ""),
    ("95%以上", "≥", "95", "%", "", ""),
    ("3个工作日以内", "≤", "3", "个工作日", "", ""),
    ("≥95%以上", "≥", "95", "%", "", "以上"),
    ("年均≥95%", "≥", "95", "%", "年均", ""),
    ("比上年增长不低于5%", "≥", "5", "%", "比上年增长", ""),
    ("≥新增20个", "≥", "20", "个", "新增", ""),
    ("7+1类事项网办率≥95%", "≥", "95", "%", "7+1类事项网办率", ""),
    ("不等于0", "", "0", "", "不等于", ""),
    # negatives: a change rate can fall
    ("-5%", "", "-5", "%", "", ""),
    ("≥-5%", "≥", "-5", "%", "", ""),
    ("同比\u22125%", "", "-5", "%", "同比", ""),
    # unit forms of seed 004 and friends
    ("≥2次/天", "≥", "2", "次/天", "", ""),
    ("≥5000份、册、本等", "≥", "5000", "份、册、本等", "", ""),
    ("1000千瓦时", "", "1000", "千瓦时", "", ""),
    ("2500立方米", "", "2500", "立方米", "", ""),
    ("≤5分钟", "≤", "5", "分钟", "", ""),
    ("≥90分以上", "≥", "90", "分", "", "以上"),
    # a unit character that begins a word is no unit
    ("≥100人员到位", "≥", "100", "", "", "人员到位"),
    ("≥95% (含)", "≥", "95", "%", "", "(含)"),
]


@pytest.mark.parametrize("text, comparator, number, unit, prefix, remainder", EXAMPLES)
def test_examples_parse_into_their_parts(text, comparator, number, unit, prefix, remainder):
    parsed = parse_value(text)
    assert parts(parsed) == (comparator, number, unit, prefix, remainder, True)
    assert parsed.text == text


NOT_NUMERIC = [
    "/", "", "   ", "好", "优良", "完成", "提高", "显著提升", "百分之九十五", "≥", ".5",
    # ranges: a target is one bound, the filer restates it as ≥/≤
    "90%-95%", "≥90%-95%", "90~95%", "90%～95%", "5至10天", "3到5个", "5 - 10",
]


@pytest.mark.parametrize("text", NOT_NUMERIC)
def test_values_without_one_number_are_kept_not_guessed(text):
    parsed = parse_value(text)
    assert parts(parsed) == ("", None, "", "", "", False)
    assert parsed.text == text


def test_scale_is_kept_as_written():
    assert str(parse_value("≥95.00%").number) == "95.00"
    assert str(parse_value("≥95%").number) == "95"


# 方向, 值, 单位 -> comparator, number, unit, prefix, remainder
SPLIT_EXAMPLES = [
    ("大于等于", "95", "%", "≥", "95", "%", "", ""),
    ("小于等于", "24.00", "小时", "≤", "24.00", "小时", "", ""),
    ("等于", "100", "%", "=", "100", "%", "", ""),
    ("大于等于", "2.00", "次/天", "≥", "2.00", "次/天", "", ""),
    ("大于等于", "5000.00", "份、册、本等", "≥", "5000.00", "份、册、本等", "", ""),
    ("大于等于", "9.00", "万件", "≥", "9.00", "万件", "", ""),
    ("大于等于", "98.00", "", "≥", "98.00", "", "", ""),
    ("大于等 于", "95.00", "%", "≥", "95.00", "%", "", ""),  # 方向 broken over two lines
    ("大于等于", "95", "(%)", "≥", "95", "%", "", ""),
    ("", "≥95", "%", "≥", "95", "%", "", ""),
    ("大于等于", "≤95", "%", "≥", "95", "%", "", ""),  # the 方向 column wins
    ("大于等于", "1,000", "人", "≥", "1000", "人", "", ""),
    ("大于等于", "5万", "人", "≥", "5", "万人", "", ""),
    ("大于等于", "95%", "", "≥", "95", "%", "", ""),
    ("大于等于", "5个", "项", "≥", "5", "项", "", "个"),
    ("正向", "95", "%", "", "95", "%", "正向", ""),  # not a 方向: kept, not dropped
]


@pytest.mark.parametrize(
    "direction, value, unit, comparator, number, out_unit, prefix, remainder", SPLIT_EXAMPLES
)
def test_list_layout_columns(direction, value, unit, comparator, number, out_unit, prefix, remainder):
    parsed = parse_split(direction, value, unit)
    assert parts(parsed) == (comparator, number, out_unit, prefix, remainder, True)
    assert parsed.text == value


def test_list_layout_without_a_number_keeps_the_value():
    parsed = parse_split("大于等于", "好", "")
    assert not parsed.ok
    assert parsed.number is None
    assert parsed.text == "好"


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        (dict(comparator="≥", number=Decimal("95"), unit="%"), "≥95%"),
        (dict(comparator="≤", number=Decimal("7151"), unit="万元"), "≤7151万元"),
        (dict(comparator="", number=Decimal("10"), unit="项", prefix="本年度新增"), "本年度新增10项"),
        (dict(comparator="≥", number=Decimal("100"), unit="", remainder="按规定时间发放"), "≥100 按规定时间发放"),
        (dict(comparator="≥", number=Decimal("95.00"), unit="(%)"), "≥95.00%"),
        (dict(comparator="大于等于", number=Decimal("95"), unit="％"), "≥95%"),
        (dict(comparator="≧", number=Decimal("1E+3"), unit="人"), "≥1000人"),
        (dict(comparator="≤", number=Decimal("-5"), unit="%"), "≤-5%"),
        (dict(comparator="", number=None, unit="", remainder="好"), "好"),
    ],
)
def test_format_value_prints_the_canonical_form(kwargs, expected):
    assert format_value(**kwargs) == expected


def test_format_value_refuses_what_it_cannot_print():
    with pytest.raises(ValueError):
        format_value(comparator="约", number=Decimal("5"), unit="")
    with pytest.raises(TypeError):
        format_value(comparator="≥", number=95.0, unit="%")


def test_comparator_words_go_both_ways():
    assert COMPARATOR_WORDS == {"大于等于": "≥", "小于等于": "≤", "等于": "=", "大于": ">", "小于": "<"}
    for word, symbol in COMPARATOR_WORDS.items():
        assert comparator_word(symbol) == word
        assert parse_split(word, "1", "").comparator == symbol
    assert comparator_word("≧") == "大于等于"
    assert comparator_word(">=") == "大于等于"
    assert comparator_word("") == ""
    with pytest.raises(ValueError):
        comparator_word("≠")


@pytest.mark.parametrize("unit", ["%", "％", "百分比", "(%)", "（%）"])
def test_percent_units(unit):
    assert is_percent_unit(unit)


@pytest.mark.parametrize("unit", ["", "万元", "人", "百分点", "‰", "次/天"])
def test_not_percent_units(unit):
    assert not is_percent_unit(unit)


# --- every 指标值 of the seed documents -----------------------------------------------------

# Distinct 指标值 cells of /work/shared/seeds, as extracted (whitespace included). Seed 003
# also gives the reference columns (规划值, 标准值, 前三年均值, 上年值), which follow the
# same grammar.
SEED_VALUES = {
    "000": [
        "≤0.5小时", "≤108.51万元", "≤11万元", "≤128万元", "≤1298万元", "≤12月", "≤1天",
        "≤497万元", "≤7151万元", "≤90%", "≥100%", "≥100人", "≥1年", "≥1次", "≥200万个",
        "≥21.21万份", "≥2个", "≥300万人", "≥360天", "≥3个", "≥4个", "≥5个", "≥600人", "≥90%",
        "≥90天", "≥95%", "≥95人", "≥99%", "≥9个", "≥9项",
    ],
    "001": [
        "1 年", "≤19.68 万", "≤20 万", "≤20 万元", "≤30 万", "≤36 万", "≤4 万", "≤5 万元",
        "≤7 万", "≥100 按规 定时间发放", "≥100 百分 比", "≥23 人", "≥8 人", "≥95 百分比",
    ],
    "002": [
        "≤120万元", "≤15%\u3000", "≤156万", "≤15万元", "≤45万元\u3000", "≥10%", "≥10%\u3000",
        "≥100件\u3000", "≥10万件", "≥15%\u3000", "≥20%", "≥20%\u3000", "≥260人次\u3000",
        "≥30%", "≥30%\u3000", "≥30%\u3000\u3000", "≥30万件", "≥30万件\u3000", "≥30件\u3000",
        "≥35%\u3000", "≥60%", "≥75%", "≥75%\u3000", "≥85%\u3000", "≥90%\u3000", "≥95%",
        "≥95%\u3000", "≥97%\u3000", "≥98%", "≥98%\u3000", "≥98%\u3000\u3000", "≥99%",
        "≥99%\u3000", "\u3000≥98%", "\u3000≥98\u3000",
    ],
    "003": [
        "/", "0", "0.5万", "1.62亿元", "1.80%", "10%", "100%", "10000件", "10亿元", "13项",
        "15000人次", "150万平方米", "1550亿元", "164个", "17000人次", "178个", "18000人次",
        "1800次", "1894次", "190个", "192个", "1亿元", "2%", "2000次", "200件", "220件",
        "240件", "2490次", "25亿元", "260件", "28亿元", "30%", "305万平方米", "30个",
        "30亿元", "32个", "340万平方米", "3亿元", "4.09万件", "4.15万件", "453项", "461项",
        "46个", "47项", "5.90%", "50个", "5万", "80%", "8000件", "800亿元", "83%", "8500件",
        "8项", "9000件", "900亿元", "97.20%", "98%", "98.00%", "98.30%", "99%", "99.70%",
        "新增20个", "本年度新增10项",
    ],
}
SEED_NOT_NUMERIC = {"/"}

# Seed 004 files 方向, 值 and 单位 in three columns.
SEED_004_SPLIT = [
    ("大于等 于", "95.00", "%"), ("大于等于", "1.00", "个"), ("大于等于", "1.00", "份"),
    ("大于等于", "1.00", "家"), ("大于等于", "1.00", "次/天"), ("大于等于", "10.00", ""),
    ("大于等于", "10.00", "家"), ("大于等于", "100.00", "%"), ("大于等于", "100.00", "人"),
    ("大于等于", "100.00", "平方米"), ("大于等于", "1000.00", "千瓦时"),
    ("大于等于", "10000.00", "次"), ("大于等于", "18.94", "%"), ("大于等于", "2.00", "个"),
    ("大于等于", "2.00", "场"), ("大于等于", "2.00", "次"), ("大于等于", "2.00", "次/天"),
    ("大于等于", "20.00", "家"), ("大于等于", "200.00", "通"), ("大于等于", "25.00", "%"),
    ("大于等于", "2500.00", "立方米"), ("大于等于", "30.00", "%"), ("大于等于", "350.00", "天"),
    ("大于等于", "38.00", "%"), ("大于等于", "4.00", "个"), ("大于等于", "5000.00", "份、册、本等"),
    ("大于等于", "55.00", "人"), ("大于等于", "80.00", "项"), ("大于等于", "9.00", "万件"),
    ("大于等于", "90.00", "%"), ("大于等于", "95", "%"), ("大于等于", "95.00", "%"),
    ("大于等于", "98.00", ""), ("大于等于", "98.00", "%"), ("小于等于", "1.00", "次"),
    ("小于等于", "10.00", "%"), ("小于等于", "24.00", "小时"), ("等于", "100", "%"),
    ("等于", "98.00", "%"),
]

SEED_CASES = [(seed, text) for seed, texts in SEED_VALUES.items() for text in texts]


@pytest.mark.parametrize("seed, text", SEED_CASES)
def test_every_seed_value_parses(seed, text):
    parsed = parse_value(text)
    if text in SEED_NOT_NUMERIC:
        assert not parsed.ok
    else:
        assert parsed.ok and parsed.number is not None
        # nothing of a seed value is left over: it is all comparator, number and unit
        assert parsed.remainder in ("", "按规 定时间发放")


@pytest.mark.parametrize("direction, value, unit", SEED_004_SPLIT)
def test_every_seed_004_row_parses(direction, value, unit):
    parsed = parse_split(direction, value, unit)
    assert parsed.ok
    assert parsed.comparator in ("≥", "≤", "=")
    assert parsed.number == Decimal(value)
    assert parsed.unit == unit


@pytest.mark.skipif(not SEED_TEXTS.is_dir(), reason="the seed extractions are not on this machine")
def test_seed_value_list_is_taken_from_the_seed_texts():
    texts = {path.name[:3]: path.read_text(encoding="utf-8") for path in SEED_TEXTS.glob("*.txt")}
    for seed, values in SEED_VALUES.items():
        for value in values:
            assert value in texts[seed], (seed, value)
    for direction, value, _unit in SEED_004_SPLIT:
        assert f"{direction}\t{value}" in texts["004"], (direction, value)


# --- the demo fixtures built from the seeds ------------------------------------------------


def _fixture_rows():
    def walk(node, found):
        if isinstance(node, dict):
            if "value_text" in node:
                found.append(node)
            for child in node.values():
                walk(child, found)
        elif isinstance(node, list):
            for child in node:
                walk(child, found)

    rows = []
    for path in sorted((REPO / "fixtures" / "seeds").glob("*.json")):
        found = []
        walk(json.loads(path.read_text(encoding="utf-8")), found)
        rows += [(path.name, row) for row in found]
    return rows


def test_every_fixture_value_parses():
    rows = _fixture_rows()
    assert len({name for name, _ in rows}) == 5  # every seed fixture has indicators
    for name, row in rows:
        text = row["value_text"]
        parsed = parse_value(text)
        assert parsed.text == text
        if any(ch.isdigit() for ch in text):
            assert parsed.ok and parsed.number is not None, (name, text)
        if row.get("value") not in (None, ""):
            assert parsed.number == Decimal(str(row["value"])), (name, text, row["value"])


# --- properties ----------------------------------------------------------------------------

SAFE_PREFIX = "新增本年度全累计建设服务事项网办平均"
SAFE_REMAINDER_START = "按确完良正规"
SAFE_REMAINDER = "按规定时间发放确保正常运行完成良好质量"
UNITS = [
    "", "%", "百分比", "万元", "元", "亿元", "万", "亿", "万份", "万件", "万人", "万平方米",
    "人", "人次", "个", "项", "件", "次", "天", "小时", "年", "月", "个月", "个工作日", "分钟",
    "次/天", "元/人", "份、册、本等", "平方米", "立方米", "千瓦时", "分", "‰",
]

numbers = st.builds(
    lambda sign, whole, frac: Decimal(f"{sign}{whole}{'.' + frac if frac else ''}"),
    st.sampled_from(["", "-"]),
    st.integers(min_value=0, max_value=10**9),
    st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=4)),
)
prefixes = st.one_of(
    st.just(""),
    st.text(alphabet=SAFE_PREFIX, min_size=1, max_size=6),
    st.builds(lambda a, b: f"{a} {b}", st.text(alphabet=SAFE_PREFIX, min_size=1, max_size=3),
              st.text(alphabet=SAFE_PREFIX, min_size=1, max_size=3)),
)
remainders = st.one_of(
    st.just(""),
    st.just("(含)"),
    st.builds(
        lambda first, rest: (first + rest).strip(),
        st.sampled_from(SAFE_REMAINDER_START),
        st.text(alphabet=SAFE_REMAINDER + " ", max_size=8),
    ),
)
value_parts = st.fixed_dictionaries(
    {
        "comparator": st.sampled_from(["", "≥", "≤", "=", ">", "<"]),
        "number": numbers,
        "unit": st.sampled_from(UNITS),
        "prefix": prefixes,
        "remainder": remainders,
    }
)


@settings(deadline=None)
@given(value_parts)
def test_format_then_parse_gives_the_parts_back(value):
    parsed = parse_value(format_value(**value))
    assert parsed.ok
    assert (parsed.comparator, parsed.unit, parsed.prefix, parsed.remainder) == (
        value["comparator"], value["unit"], value["prefix"], value["remainder"],
    )
    assert str(parsed.number) == str(value["number"])


@settings(deadline=None)
@given(value_parts)
def test_a_canonical_string_prints_as_itself(value):
    canonical = format_value(**value)
    parsed = parse_value(canonical)
    assert format_value(
        comparator=parsed.comparator, number=parsed.number, unit=parsed.unit,
        prefix=parsed.prefix, remainder=parsed.remainder,
    ) == canonical


@pytest.mark.parametrize("canonical", ["≥95%", "≤7151万元", "本年度新增10项", "≥100 按规定时间发放", "≥2.00次/天", "0"])
def test_known_canonical_strings_print_as_themselves(canonical):
    parsed = parse_value(canonical)
    assert format_value(
        comparator=parsed.comparator, number=parsed.number, unit=parsed.unit,
        prefix=parsed.prefix, remainder=parsed.remainder,
    ) == canonical


TRICKY = "0123456789０１２３４５６７８９.,，．-−~～至到≥≤≧≦＞＜=>< %％()（）万亿元人次天/、等以上下内不大于小等新增 \u3000\n"


@settings(deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=TRICKY)))
def test_any_text_parses_without_raising_and_is_kept(text):
    parsed = parse_value(text)
    assert parsed.text == text
    assert parsed.ok == (parsed.number is not None)
    if not parsed.ok:
        assert (parsed.comparator, parsed.unit, parsed.prefix, parsed.remainder) == ("", "", "", "")


@settings(deadline=None)
@given(st.text(alphabet=TRICKY), st.text(alphabet=TRICKY), st.text(alphabet=TRICKY))
def test_any_split_columns_parse_without_raising(direction, value, unit):
    parsed = parse_split(direction, value, unit)
    assert parsed.text == value
    assert parsed.ok == (parsed.number is not None)


# --- the printed form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filed,printed",
    [
        ("≧90%", "≥90%"),
        (">=90", "≥90"),
        ("＞＝90％", "≥90%"),
        ("≥９５％", "≥95%"),
        ("‹=7151万元", "≤7151万元"),
        ("≤7151 万元", "≤7151万元"),
        ("95%以上", "≥95%"),
        ("≥95 百分比", "≥95%"),
        ("达到≥95% 。", "≥95%"),
        ("达到95％。", "达到95%"),
        ("本年度新增10项", "本年度新增10项"),
        ("≥100 按规定时间发放", "≥100 按规定时间发放"),
        ("不低于98.50%", "≥98.50%"),
    ],
)
def test_a_value_that_reads_prints_in_its_canonical_form(filed, printed):
    parsed = parse_value(filed)
    assert parsed.ok
    shown = printed_value_text(comparator=parsed.comparator, number=parsed.number, unit=parsed.unit, value_text=filed)
    assert shown == printed
    again = parse_value(shown)  # and the printed form reads back as the same target
    assert (again.comparator, again.number) == (parsed.comparator, parsed.number)


@pytest.mark.parametrize("filed", ["健全", "按时完成", "好", "90%-95%", "/"])
def test_a_value_that_does_not_read_prints_as_typed(filed):
    parsed = parse_value(filed)
    assert printed_value_text(comparator=parsed.comparator, number=parsed.number, unit=parsed.unit, value_text=filed) == filed


def test_the_parts_win_over_a_stale_text():
    # The number was changed in the editor: the text's words are not carried to another number.
    assert printed_value_text(comparator="≤", number=Decimal("7000"), unit="万元", value_text="≤7151万元") == "≤7000万元"
