"""Wording: what the filer left of the template or typed into the wrong box.

Template placeholders (`≥**株`, `(≥**%)`, `★`), numbering kept in indicator names (`指标1:`)
and targets written into the name (`村组干部230人`) are the defects reviewers most often
mark by hand.  Each pattern is narrow on purpose: names such as `12345热线接通率` or
`“7+1”类事项网办率` carry digits that are no target and must draw nothing.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from documents.goaltable import GoalTable

from . import sources
from .base import ERROR, INFO, WARNING, Hit, register, row_hit
from .measures import COUNT_UNITS, TIME_UNITS, clean, indexed_rows, names_a_measure, placeholder_in, row_label
from .taxonomy import Taxonomy

_ROW_FIELDS = (("name", "三级指标"), ("description", "指标描述"), ("value_text", "指标值"))
_TABLE_FIELDS = (("annual_goal", "本年度绩效目标"), ("period_goal", "实施期绩效目标"), ("purpose", "资金用途"))


@register(
    code="R-COMPLETE-PLACEHOLDER",
    group="完整性",
    title="留有模板占位符",
    severity=ERROR,
    reason="“≥**株”“（≥**%）”“★”“××”是表样里提示填写的位置，留在表中说明该处没有真正填写，年终无法考核。",
    example="三级指标“苗木成活率”的指标值写“≥**%”；三级指标写“★新增绿化面积”。",
    source=sources.QUANTIFIED,
)
def check_no_placeholders(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for field, label in _TABLE_FIELDS:
        mark = placeholder_in(getattr(table, field))
        if mark:
            yield Hit(field, f"{label}中留有模板占位符“{mark}”。请删去占位符，写明实际的目标内容和数值。")
    for index, row in indexed_rows(table):
        for field, label in _ROW_FIELDS:
            mark = placeholder_in(getattr(row, field))
            if mark:
                yield row_hit(
                    index, row, field,
                    f"{row_label(index, row)}的{label}“{clean(getattr(row, field))}”留有模板占位符“{mark}”。"
                    f"请把“{mark}”换成实际的{'数值（如“≥95%”）' if field == 'value_text' else '内容'}。",
                )
                break  # one placeholder is enough to send the row back


_ORDINAL = "[0-9０-９一二三四五六七八九十]{1,3}"
# 指标1: / 1. / 1、/ （1）/ 一、/ ① at the start of a name; "1.5倍" and "12345热线" are no numbering.
_NAME_NUMBERING = re.compile(
    rf"^(?:指标\s*{_ORDINAL}\s*[:：.．、]?|[0-9０-９]{{1,2}}\s*[.．、:：](?![0-9])|[（(]{_ORDINAL}[)）]|"
    rf"[一二三四五六七八九十]{{1,3}}\s*[、.．]|[①-⑳])"
)


@register(
    code="R-COMPLETE-NAME-NUMBERING",
    group="完整性",
    title="三级指标名称带有序号",
    severity=INFO,
    reason="“指标1:”“1.”“（一）”是填表时的序号，不是指标名称的一部分；留在名称里，汇总、比较和指标库匹配时会被当作不同的指标。",
    example="三级指标写“指标1:培训人次”。",
    source=sources.INDICATOR_NAME,
)
def check_name_without_numbering(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        name = clean(row.name)
        match = _NAME_NUMBERING.match(name)
        if match and len(name) > len(match.group(0)):
            yield row_hit(
                index, row, "name",
                f"三级指标“{name}”开头的“{match.group(0)}”是序号。请删去序号，只写“{name[len(match.group(0)):]}”。",
            )


_COMPARATOR_WORDS = r"(?:[≥≤＞＜><]=?|[=＝]|不低于|不少于|不超过|不高于|不大于|不小于|达到)"
_UNITS = sorted(COUNT_UNITS | TIME_UNITS | {"%", "％", "万元", "元", "亿元"}, key=len, reverse=True)
_NUMBER_UNIT_AT_END = re.compile(r"(\d+(?:\.\d+)?)\s*(" + "|".join(map(re.escape, _UNITS)) + r")$")
_COMPARATOR_NUMBER = re.compile(_COMPARATOR_WORDS + r"\s*\d")


def value_in_name(name: str) -> str | None:
    """The target written into a name (`村组干部230人`, `满意度≥95%`), or None."""
    name = clean(name)
    match = _COMPARATOR_NUMBER.search(name)
    if match:
        return name[match.start():]
    match = _NUMBER_UNIT_AT_END.search(name)
    # A leading year or a bare count of years (近3年) is part of a name, not a target.
    if match and match.start() > 0 and not name[: match.start()].endswith(("近", "第", "前", "后")):
        return match.group(0)
    return None


@register(
    code="R-VALUE-IN-NAME",
    group="指标值",
    title="指标值写进了三级指标名称",
    severity=WARNING,
    reason="名称说明考核什么，指标值说明考核到什么程度；数值写进名称后，指标值一栏或空着或重复，修改目标时两处还会对不上。",
    example="三级指标写“村组干部230人”，指标值写“230人”。",
    source=sources.INDICATOR_NAME,
)
def check_value_not_in_name(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        written = value_in_name(row.name)
        if not written:
            continue
        name = clean(row.name)
        rest = name[: name.rfind(written)].rstrip("为达") or name
        better = rest if names_a_measure(rest) else f"{rest}数量"
        yield row_hit(
            index, row, "name",
            f"三级指标“{name}”把指标值“{written}”写进了名称。"
            f"请把名称改为考核的内容（如“{better}”），把“{written}”填到指标值一栏。",
        )
