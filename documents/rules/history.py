"""History: is the target at least as ambitious as the references filed beside it?

The duty layout (seed 003) files, next to each target, a 规划值, a 当年标准值, the
前三年均值 and the 上年值.  Any layout that carries those fields is checked the same way.
"""
from __future__ import annotations

from documents.goaltable import DIRECTION_NEGATIVE, DIRECTION_POSITIVE

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


def _references(row):
    """(field, label, text, Target) for each reference that states a plain number."""
    for field, label in REFERENCES:
        text = clean(getattr(row, field))
        if text in _NOTHING:
            continue
        ref = parse(text)
        # 新增20个 is an increment, not a level the target can be compared with.
        if ref.number is None or ref.prefix:
            continue
        yield field, label, text, ref


def _more_is_better(row, target) -> bool:
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
    group="历史对比",
    title="正向指标的目标低于参考值",
    severity=WARNING,
    reason="正向指标的年度目标一般不应低于上年值、前三年均值、规划值或当年标准值；确需降低的，应说明理由。",
    example="“组织踏勘评审工作次数”目标1800次，当年标准值2000次、上年值2490次。",
)
def check_target_not_below_references(table, *, taxonomy: Taxonomy):
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
    group="历史对比",
    title="参考值与指标值单位不一致",
    severity=WARNING,
    reason="参考值（规划值、标准值、前三年均值、上年值）与年度指标值口径不同时无法比较，说明至少有一处填错了指标。",
    example="“企业登记全程网办率”目标99%，前三年均值却填“4.09万件”。",
)
def check_reference_units(table, *, taxonomy: Taxonomy):
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

