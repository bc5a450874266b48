"""History: is the target at least as ambitious as the references filed beside it?

The duty layout (seed 003) files, next to each target, a 规划值, a 当年标准值, the
前三年均值 and the 上年值.  Any layout that carries those fields is checked the same way.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from documents.goaltable import DIRECTION_NEGATIVE, DIRECTION_POSITIVE, GoalTable, IndicatorRow
from documents.rules.base import Hit
from documents.rules.measures import Target

from . import sources
from .base import WARNING, register, row_hit
from .measures import (
    GE,
    LE,
    bare,
    clean,
    comparable,
    direction_of,
    display,
    indexed_rows,
    is_count_name,
    is_negative_measure,
    is_positive_measure,
    parse,
    target_of,
)
from .taxonomy import Taxonomy

REFERENCES = (
    ("ref_plan", "规划值"),
    ("ref_standard", "当年标准值"),
    ("ref_avg3", "前三年均值"),
    ("ref_last_year", "上年值"),
)
_NOTHING = {"", "/", "-", "—", "——", "无", "暂无", "不适用"}


def _references(row: IndicatorRow, fields: Sequence[tuple[str, str]] = REFERENCES) -> Iterator[tuple[str, str, str, Target]]:
    """(field, label, text, Target) for each reference that states a plain number."""
    for field, label in fields:
        text = clean(getattr(row, field))
        if text in _NOTHING:
            continue
        ref = parse(text)
        # 新增20个 is an increment, not a level the target can be compared with.
        if ref.number is None or ref.prefix:
            continue
        yield field, label, text, ref


def _more_is_better(row: IndicatorRow, target: Target) -> bool:
    direction = direction_of(row)
    if direction:
        return direction == DIRECTION_POSITIVE
    if target.sense in (GE, LE):
        return target.sense == GE
    name = bare(row.name)
    return is_positive_measure(name) or (is_count_name(name) and not is_negative_measure(name) and not _bad(name))


def _bad(name: str) -> bool:
    # A count of bad things (投诉件数, 事故次数) is not better when higher, reversed or not.
    return any(w in name for w in ("投诉", "事故", "故障", "差错", "违规", "逾期"))


def _units_differ(target_unit: str, ref_unit: str) -> bool:
    return bool(target_unit) and bool(ref_unit) and target_unit != ref_unit


@register(
    code="R-HISTORY-BELOW",
    source=sources.HISTORY,
    group="历史对比",
    title="正向指标的目标低于参考值",
    severity=WARNING,
    reason="正向指标的年度目标一般不应低于上年值、前三年均值、规划值或当年标准值；确需降低的，应说明理由。",
    example="“组织踏勘评审工作次数”目标1800次，当年标准值2000次、上年值2490次。",
)
def check_target_not_below_references(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        if target.number is None or direction_of(row) == DIRECTION_NEGATIVE:
            continue
        refs = list(_references(row))
        if not refs or not _more_is_better(row, target):
            continue
        value, unit = comparable(target.number, target.unit)
        above = []
        for _field, label, text, ref in refs:
            ref_value, ref_unit = comparable(ref.number, ref.unit)
            if not _units_differ(unit, ref_unit) and ref_value > value:
                above.append(f"{label}{text}")
        if above:
            yield row_hit(
                index, row, "value_text",
                f"“{bare(row.name)}”是越高越好的指标，年度指标值{display(target)}低于{'、'.join(above)}。"
                f"请把目标提高到不低于参考值，或在指标解释中说明目标降低的原因。",
            )


@register(
    code="R-HISTORY-UNIT",
    source=sources.HISTORY,
    group="历史对比",
    title="参考值与指标值单位不一致",
    severity=WARNING,
    reason="参考值（规划值、标准值、前三年均值、上年值）与年度指标值口径不同时无法比较，说明至少有一处填错了指标。",
    example="“企业登记全程网办率”目标99%，前三年均值却填“4.09万件”。",
)
def check_reference_units(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        if target.number is None:
            continue
        _, unit = comparable(target.number, target.unit)
        odd = [
            (field, label, text)
            for field, label, text, ref in _references(row)
            if _units_differ(unit, comparable(ref.number, ref.unit)[1])
        ]
        if odd:
            listed = "、".join(f"{label}“{text}”" for _, label, text in odd)
            yield row_hit(
                index, row, odd[0][0],
                f"“{bare(row.name)}”的年度指标值为“{display(target)}”，而{listed}的单位与之不同，无法比较。"
                f"请按与指标值相同的口径和单位填写参考值。",
            )



# 上年实际完成96% / 上年完成值：96% / 上年值96% written into the basis or the description.
_LAST_YEAR_TEXT = re.compile(r"上年(?:度)?(?:实际)?(?:完成)?(?:值|数|水平)?(?:为|是|:|：)?\s*(\d+(?:\.\d+)?\s*[^\d\s，,。；;、）)]{0,4})")


def last_year_actual(row: IndicatorRow) -> tuple[str, str, Target] | None:
    """(field, text, Target) of last year's actual value as written in the basis or the
    description ("历史标准：上年实际完成96%"); None when not stated.  A filled 上年值 column
    is R-HISTORY-BELOW's, which compares it with the other references at once."""
    if any(True for _ in _references(row, REFERENCES[3:])):
        return None
    for field in ("basis", "standard", "description"):
        match = _LAST_YEAR_TEXT.search(clean(getattr(row, field)))
        if match:
            ref = parse(match.group(1))
            if ref.number is not None and not ref.prefix:
                return field, f"上年实际{clean(match.group(1))}", ref
    return None


@register(
    code="R-HISTORY-LAST-YEAR",
    group="历史对比",
    title="目标比上年实际完成值还低",
    severity=WARNING,
    reason="指标值确定依据或指标解释中写明了上年实际完成值，本年目标却比它更低（反向指标更高），等于不用努力就能完成；"
    "确需降低的（如任务量减少），应在指标解释中说明。有“上年值”一栏的表由“正向指标的目标低于参考值”一并检查。",
    example="“办事群众满意度”上年实际96%，本年目标“≥90%”；“投诉件数”上年实际12件，本年目标“≤20件”。",
    source=sources.HISTORY,
)
def check_target_not_below_last_year(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        target = target_of(row)
        found = None if target.number is None else last_year_actual(row)
        if not found:
            continue
        _, said, ref = found
        value, unit = comparable(target.number, target.unit)
        last, last_unit = comparable(ref.number, ref.unit)
        if _units_differ(unit, last_unit):
            continue  # R-HISTORY-UNIT asks for comparable references
        more_is_better = direction_of(row) != DIRECTION_NEGATIVE and _more_is_better(row, target)
        if more_is_better and value < last:
            yield row_hit(
                index, row, "value_text",
                f"“{bare(row.name)}”越高越好，本年目标{display(target)}低于{said}。"
                f"请把目标提高到不低于上年实际水平，或在指标解释中说明降低的原因。",
            )
        elif not more_is_better and (direction_of(row) == DIRECTION_NEGATIVE or target.sense == LE) and value > last:
            yield row_hit(
                index, row, "value_text",
                f"“{bare(row.name)}”越低越好，本年目标{display(target)}高于（宽于）{said}。"
                f"请把控制目标收紧到不高于上年实际水平，或在指标解释中说明放宽的原因。",
            )
