"""The grammar of an indicator target (指标值).

A target cell reads, left to right::

    [prefix words] [comparator] number [unit] [remainder words]

    "≥95 百分比"          comparator ≥, number 95, unit 百分比
    "≤7151万元"           comparator ≤, number 7151, unit 万元
    "本年度新增10项"       prefix 本年度新增, number 10, unit 项
    "≥100 按规定时间发放"  comparator ≥, number 100, remainder 按规定时间发放

The list layout (seed 004) files the same parts in three columns: 方向 "大于等于", 值 "95",
单位 "%"; `parse_split` reads that form.  `format_value` prints the canonical form, and
`parse_value(format_value(...))` gives the parts back.

Decisions, each tested in tests/documents/test_values.py:

* Full-width forms of ASCII characters and the ideographic space are folded before reading
  ("≥９５％" reads as "≥95%", "＞" as ">", "（%）" as "(%)").  Prefix and remainder are sliced
  from the text as filed; the unit is given in its folded, canonical spelling.
* The number is ASCII digits with an optional decimal part, kept at the scale written
  ("95.00" stays Decimal("95.00")).  Comma thousands separators are dropped ("1,000" → 1000).
  A minus sign directly before the digits makes it negative ("同比-5%"): a change rate can fall.
  Chinese numerals ("百分之九十五", "一年") are not read: the value is kept, not guessed.
* When the text holds several numbers, the first one that follows a comparator is the target
  ("7+1类事项网办率≥95%" → 95); without a comparator the first number is.
* A range ("90%-95%", "5~10天", "3至5个") is not ok: a target is one bound, so the filer
  is asked to restate it as ≥/≤ instead of the software picking one end.
* The unit is the longest entry of the vocabulary below that starts right after the number
  (spaces allowed before it), optionally scaled by a magnitude (万份, 亿元, 万平方米), a rate
  ("次/天"), a list ("份、册、本等") or in brackets ("(%)" → "%").  It must end at a word
  boundary, so "≥100人员到位" has no unit and the remainder "人员到位".  Whitespace inside a
  unit comes from line breaks in the source document and is dropped ("百分 比" → "百分比").
* Everything after the unit is the remainder.  When there is no comparator and the remainder
  is only 以上/以下/以内/… ("95%以上"), it is read as the comparator.
* When no number can be read, ok is False, all parts are empty and only `text` holds the
  value ("/", "好", "显著提升").
* Scientific notation ("1e20", "1.5E+3") is not read: no budget table writes numbers so, and
  reading its "1" with the words "e20" after it stored 1 for 1e20.  Such a value is not ok.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

GE, LE, EQ, GT, LT = "≥", "≤", "=", ">", "<"
COMPARATORS = (GE, LE, EQ, GT, LT)

# The words of the list layout's 方向 column, one per comparator.
COMPARATOR_WORDS: dict[str, str] = {
    "大于等于": GE,
    "小于等于": LE,
    "等于": EQ,
    "大于": GT,
    "小于": LT,
}

# Every other way a comparator is written in front of a number.
_COMPARATOR_ALIASES: dict[str, str] = {
    **{symbol: symbol for symbol in COMPARATORS},
    **COMPARATOR_WORDS,
    ">=": GE, "=>": GE, "≧": GE, "⩾": GE, "≮": GE,
    "<=": LE, "=<": LE, "≦": LE, "⩽": LE, "≯": LE,
    "==": EQ,
    # Angle quotation marks that look like < and > (a font or an input method put them in).
    "‹=": LE, "›=": GE, "‹": LT, "›": GT,
    "大于或等于": GE, "不小于": GE, "不低于": GE, "不少于": GE, "至少": GE,
    "小于或等于": LE, "不大于": LE, "不高于": LE, "不超过": LE, "不多于": LE, "至多": LE, "最多": LE,
    "高于": GT, "超过": GT, "多于": GT,
    "低于": LT, "少于": LT, "不足": LT,
}
_ALIASES_LONGEST_FIRST = sorted(_COMPARATOR_ALIASES, key=len, reverse=True)

# Words after the number that state the comparator ("95%以上", "3个工作日以内").
SUFFIX_COMPARATORS: dict[str, str] = {
    "及以上": GE, "以上": GE,
    "及以下": LE, "以下": LE, "以内": LE, "之内": LE, "内": LE,
}
# A unit may run straight into these words without a space ("90分以上", "3天内").
_UNIT_FOLLOWERS = tuple(SUFFIX_COMPARATORS) + ("左右",)

# --- unit vocabulary -------------------------------------------------------------------------
# Units of things counted, money and physical measures: these take a magnitude (万人次, 亿元).
COUNT_UNITS = (
    "人", "人次", "户", "户次", "家", "家次", "个", "项", "项次", "件", "件次", "次", "份", "册",
    "本", "套", "台", "台次", "辆", "场", "场次", "期", "批", "批次", "条", "篇", "部", "张", "处",
    "所", "座", "间", "栋", "幢", "名", "位", "例", "宗", "起", "笔", "单", "类", "种", "棵", "株",
    "只", "头", "块", "门", "节", "通", "支", "队", "组", "片", "根", "盏", "把", "架次", "车次",
    "班次", "趟", "轮", "届", "字", "页", "包", "箱", "袋", "瓶",
)
MONEY_UNITS = ("元", "美元")
MEASURE_UNITS = (
    "平方米", "平方公里", "平方千米", "公顷", "亩", "米", "公里", "千米", "立方米", "吨", "千克",
    "公斤", "克", "升", "度", "瓦", "千瓦", "兆瓦", "千瓦时", "㎡", "m²", "m³", "km", "kg", "kWh",
    "MB", "GB", "TB", "Mbps",
)
# Time, shares and grades: never scaled.
TIME_UNITS = (
    "年", "月", "个月", "季度", "个季度", "周", "天", "日", "工作日", "个工作日", "小时",
    "个小时", "分钟", "秒", "学时", "课时",
)
PERCENT_UNITS = ("%", "百分比")
RATIO_UNITS = PERCENT_UNITS + ("‰", "百分点", "个百分点")
GRADE_UNITS = ("分", "级", "星", "星级", "倍")

MAGNITUDES = ("万亿", "千万", "百万", "十万", "亿", "万", "千", "百")
# Magnitudes that are a unit on their own ("5万", "≤7 万").
STANDALONE_MAGNITUDES = ("万亿", "千万", "百万", "十万", "亿", "万", "千")

_SCALED_UNITS = COUNT_UNITS + MONEY_UNITS + MEASURE_UNITS
_PLAIN_UNITS = _SCALED_UNITS + TIME_UNITS + RATIO_UNITS + GRADE_UNITS

# Full-width ASCII (！…～) to ASCII, and odd spaces and signs to their plain form; one
# character for one, so positions in the folded text are positions in the text as filed.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2212: ord("-"), 0xFE6A: ord("%"), 0x301C: ord("~")})

_NUMBER = re.compile(r"(?<![0-9.])-?(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?")
_RANGE_TAIL = re.compile(r"\s*[-~—–至到]\s*-?[0-9]")
_EXPONENT = re.compile(r"[0-9]\.?[eE][+-]?[0-9]")


@dataclass(frozen=True)
class ParsedValue:
    comparator: str  # one of COMPARATORS, or ""
    number: Decimal | None  # at the scale written
    unit: str  # canonical spelling, e.g. "%", "百分比", "万元", "次/天"
    prefix: str  # words before the number (and its comparator)
    remainder: str  # words after number and unit
    ok: bool  # False when no number could be read
    text: str  # the value exactly as filed


def parse_value(text: str) -> ParsedValue:
    """Read one 指标值 cell. Never raises; an unreadable value comes back with ok=False."""
    text = "" if text is None else str(text)
    folded = _fold(text)
    if has_exponent(folded):
        return _not_ok(text)
    match = _pick_number(folded)
    if match is None:
        return _not_ok(text)

    comparator, prefix = _split_head(text, folded, match.start())
    number = Decimal(match.group().replace(",", ""))

    unit, unit_end = _read_unit(folded, match.end())
    if _RANGE_TAIL.match(folded, unit_end):
        return _not_ok(text)
    remainder = text[unit_end:].strip()
    if not comparator and remainder in SUFFIX_COMPARATORS:
        comparator, remainder = SUFFIX_COMPARATORS[remainder], ""

    return ParsedValue(comparator, number, unit, prefix, remainder, True, text)


def parse_split(direction: str, value: str, unit: str) -> ParsedValue:
    """Read the list layout's three columns: 方向 ("大于等于"), 值 ("95"), 单位 ("%").

    `text` is the 值 cell as filed.  A recognised 方向 wins over a comparator written in the
    值 cell; an unrecognised one is kept as the prefix, so nothing filed is lost.
    """
    direction, value, unit = (direction or "", value or "", unit or "")
    inner = parse_value(value)
    if not inner.ok:
        return inner

    comparator, prefix = normalize_comparator(direction), inner.prefix
    if comparator is None:
        comparator, prefix = inner.comparator, direction.strip() + prefix
    elif not comparator:
        comparator = inner.comparator

    column_unit, remainder = normalize_unit(unit), inner.remainder
    if not column_unit:
        unit_out = inner.unit
    elif inner.unit in STANDALONE_MAGNITUDES:  # 值 "5万" + 单位 "人" is 5万人
        unit_out = inner.unit + column_unit
    else:
        unit_out = column_unit
        if inner.unit and inner.unit != column_unit:
            remainder = " ".join(part for part in (inner.unit, remainder) if part)
    return ParsedValue(comparator, inner.number, unit_out, prefix, remainder, True, value)


def format_value(
    *,
    comparator: str,
    number: Decimal | None,
    unit: str,
    prefix: str = "",
    remainder: str = "",
) -> str:
    """The canonical printed form: prefix, comparator, number, unit, then a space and the
    remainder ("≥95%", "本年度新增10项", "≥100 按规定时间发放").  Without a number only the
    words are printed, which parse_value reads back as not ok."""
    symbol = normalize_comparator(comparator)
    if symbol is None:
        raise ValueError(f"无法识别的比较符：{comparator!r}")
    body = f"{(prefix or '').strip()}{symbol}"
    if number is not None:
        body += _number_text(number)
    body += normalize_unit(unit)
    rest = (remainder or "").strip()
    if rest:
        body = f"{body} {rest}" if body else rest
    return body


# Words before a comparator that only say "reach" ("达到≥95%"): the comparator says it already.
_REACH_WORDS = ("达到", "达", "实现", "为", "是", "要求")
# Punctuation a cell ends with that a printed value does not carry ("达到95％。").
_END_PUNCTUATION = "。．.，,；;、：: "


def canonical_value(*, comparator: str, number: Decimal | None, unit: str, prefix: str = "", remainder: str = "") -> str:
    """How a target that reads is printed: the standard comparator, half-width digits and signs,
    the unit's canonical spelling (“百分比” as %), no "达到" in front of a comparator and no
    punctuation at the end — "达到95％。" with ≥ prints "≥95%"."""
    symbol = normalize_comparator(comparator)
    if symbol is None:
        raise ValueError(f"无法识别的比较符：{comparator!r}")
    words = half_width(prefix).strip()
    if symbol:
        for reach in _REACH_WORDS:
            if words.endswith(reach):
                words = words[: -len(reach)].rstrip()
                break
    rest = half_width(remainder).strip().rstrip(_END_PUNCTUATION).strip()
    unit = normalize_unit(unit)
    if unit == "百分比":
        unit = "%"
    return format_value(comparator=symbol, number=number, unit=unit, prefix=words, remainder=rest)


# Full-width digits and the signs of a number; words keep their Chinese punctuation (（）、。).
_DIGITS_HALF = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), 0xFF0E, 0xFF05, 0xFF0B, 0xFF0D)}


def half_width(text: str) -> str:
    """Full-width digits and number signs in their half-width forms ("９５．５％" → "95.5%")."""
    return (text or "").translate(_DIGITS_HALF)


def printed_value_text(*, comparator: str, number: Decimal | None, unit: str, value_text: str) -> str:
    """The 指标值 as the official table prints it: canonical when it reads as a target, the text as
    typed when it does not (a qualitative value: "健全", "按时完成")."""
    if number is None:
        return value_text
    parsed = parse_value(value_text)
    same = parsed.ok and parsed.number == number
    try:
        return canonical_value(
            comparator=comparator,
            number=number,
            unit=unit,
            prefix=parsed.prefix if same else "",
            remainder=parsed.remainder if same else "",
        )
    except ValueError:  # a comparator the grammar does not know: print what was filed
        return value_text


def has_exponent(text: str) -> bool:
    """True when the text writes a number in scientific notation ("1e20", "２Ｅ５")."""
    return bool(_EXPONENT.search(_fold(text or "")))


def normalize_comparator(text: str) -> str | None:
    """"≧", ">=", "大于等于", "不低于" … → "≥"; "" → ""; None when it is no comparator."""
    key = re.sub(r"\s+", "", _fold(text or ""))
    if not key:
        return ""
    return _COMPARATOR_ALIASES.get(key)


def comparator_word(symbol: str) -> str:
    """The 方向 word of a comparator: "≥" → "大于等于"; "" → ""."""
    normal = normalize_comparator(symbol)
    if normal is None:
        raise ValueError(f"无法识别的比较符：{symbol!r}")
    if not normal:
        return ""
    return next(word for word, sym in COMPARATOR_WORDS.items() if sym == normal)


def normalize_unit(unit: str) -> str:
    """A unit in its canonical spelling: folded, no whitespace, brackets dropped ("（%）" → "%")."""
    text = re.sub(r"\s+", "", _fold(unit or ""))
    if len(text) > 2 and text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return text


def is_percent_unit(unit: str) -> bool:
    """True for a share in percent ("%", "％", "百分比", "(%)"); 百分点 is a difference, not a share."""
    return normalize_unit(unit) in PERCENT_UNITS


# --- reading helpers -------------------------------------------------------------------------


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _not_ok(text: str) -> ParsedValue:
    return ParsedValue("", None, "", "", "", False, text)


def _pick_number(folded: str) -> re.Match[str] | None:
    first = None
    for match in _NUMBER.finditer(folded):
        if _trailing_comparator(folded[: match.start()]) is not None:
            return match
        first = first or match
    return first


def _trailing_comparator(head: str) -> tuple[str, int] | None:
    """The comparator the text before the number ends with, and where it starts."""
    head = head.rstrip()
    for alias in _ALIASES_LONGEST_FIRST:
        if head.endswith(alias):
            start = len(head) - len(alias)
            # "不等于" is no comparator of ours; do not read its "等于".
            if alias[0].isalnum() and alias[0] != "不" and head[:start].endswith("不"):
                return None
            return _COMPARATOR_ALIASES[alias], start
    return None


def _split_head(text: str, folded: str, number_start: int) -> tuple[str, str]:
    """Comparator and prefix from the text before the number."""
    found = _trailing_comparator(folded[:number_start])
    if found is not None:
        symbol, start = found
        return symbol, text[:start].strip()
    # A symbol at the very start, before the words: "≥新增20个".
    head = folded[:number_start]
    stripped = head.lstrip()
    offset = len(head) - len(stripped)
    for alias in _ALIASES_LONGEST_FIRST:
        if not alias[0].isalnum() and stripped.startswith(alias):
            return _COMPARATOR_ALIASES[alias], text[offset + len(alias) : number_start].strip()
    return "", text[:number_start].strip()


def _read_unit(folded: str, number_end: int) -> tuple[str, int]:
    """The unit after the number, and where the remainder begins."""
    start = _skip_space(folded, number_end)
    candidates = sorted(_unit_candidates(folded, start), key=lambda c: c[0], reverse=True)
    for end, unit in candidates:
        if _ends_at_boundary(folded, end):
            return unit, end
    return "", number_end


def _unit_candidates(s: str, pos: int) -> list[tuple[int, str]]:
    found = _plain_candidates(s, pos)
    if s.startswith("(", pos):
        for end, unit in _plain_candidates(s, _skip_space(s, pos + 1)):
            close = _skip_space(s, end)
            if s.startswith(")", close):
                found.append((close + 1, unit))
    return found


def _plain_candidates(s: str, pos: int) -> list[tuple[int, str]]:
    simple = _simple_candidates(s, pos)
    found = list(simple)
    for end, unit in simple:
        if s.startswith("/", end):  # a rate: 次/天
            found += [(end2, f"{unit}/{unit2}") for end2, unit2 in _simple_candidates(s, end + 1)]
        items, cursor = [unit], end
        while s.startswith("、", cursor):  # a list: 份、册、本等
            following = _simple_candidates(s, cursor + 1)
            if not following:
                break
            cursor, item = max(following)
            items.append(item)
        if len(items) > 1:
            found.append((cursor, "、".join(items)))
            if s.startswith("等", cursor):
                found.append((cursor + 1, "、".join(items) + "等"))
    return found


def _by_first_char(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[0], []).append(word)
    return {first: tuple(group) for first, group in index.items()}


_PLAIN_INDEX = _by_first_char(_PLAIN_UNITS)
_SCALED_INDEX = _by_first_char(_SCALED_UNITS)
_MAGNITUDE_INDEX = _by_first_char(MAGNITUDES)


def _simple_candidates(s: str, pos: int) -> list[tuple[int, str]]:
    if pos >= len(s):
        return []
    found = []
    for word in _PLAIN_INDEX.get(s[pos], ()):
        end = _consume(s, pos, word)
        if end is not None:
            found.append((end, word))
    for magnitude in _MAGNITUDE_INDEX.get(s[pos], ()):
        end = _consume(s, pos, magnitude)
        if end is None:
            continue
        if magnitude in STANDALONE_MAGNITUDES:
            found.append((end, magnitude))
        base_start = _skip_space(s, end)
        if base_start >= len(s):
            continue
        for word in _SCALED_INDEX.get(s[base_start], ()):
            base_end = _consume(s, base_start, word)
            if base_end is not None:
                found.append((base_end, magnitude + word))
    return found


def _consume(s: str, pos: int, word: str) -> int | None:
    """Match `word` at `pos`, allowing whitespace between its characters (a line break
    in the source can fall inside a unit: "百分 比")."""
    if not s.startswith(word[0], pos):
        return None
    i = pos + 1
    for ch in word[1:]:
        i = _skip_space(s, i)
        if not s.startswith(ch, i):
            return None
        i += 1
    return i


def _skip_space(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def _ends_at_boundary(s: str, end: int) -> bool:
    if end >= len(s) or s[end].isspace():
        return True
    if not (s[end - 1].isalnum() and s[end].isalnum()):
        return True
    return s.startswith(_UNIT_FOLLOWERS, end)


def _number_text(number: Decimal | int | str) -> str:
    if isinstance(number, float):
        raise TypeError("指标值数字须为 Decimal，不能是浮点数")
    value = number if isinstance(number, Decimal) else Decimal(str(number))
    if not value.is_finite():
        raise ValueError(f"指标值数字无效：{number!r}")
    return format(value, "f")
