"""Structure: does every row sit where this year's scheme puts it?"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from documents.amounts import plain_text
from documents.goaltable import GoalTable

from . import sources
from .base import ERROR, WARNING, Hit, register, row_hit
from .completeness import TREE_LAYOUTS
from .measures import clean, indexed_rows
from .taxonomy import Taxonomy


def _where(taxonomy: Taxonomy, name: str) -> str:
    parents = taxonomy.parents_of(name)
    if parents:
        return f"在本年度的指标体系中，“{clean(name)}”是“{'、'.join(parents)}”下的二级指标。"
    return ""


@register(
    code="R-STRUCT-LEVEL1",
    source=sources.FRAMEWORK,
    group="结构",
    title="一级指标不在本年度的指标体系中",
    severity=ERROR,
    reason="各年度使用的指标体系不同（如2021年起成本指标单列为一级指标），一级指标必须是本年度体系中的一级指标。",
    example="2022年旧版体系的表把“成本指标”填作一级指标，而该体系中成本指标是产出指标下的二级指标。",
)
def check_level1_in_scheme(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    if not taxonomy or table.layout not in TREE_LAYOUTS:
        return
    rows = indexed_rows(table)
    if not any(clean(r.level1) for _, r in rows):
        return  # a layout without the tree; nothing to check
    allowed = "、".join(taxonomy.level1_names)
    reported = set()
    for index, row in rows:
        level1 = clean(row.level1)
        if taxonomy.level1(level1) or level1 in reported or not clean(row.name):
            continue
        reported.add(level1)
        if not level1:
            yield row_hit(index, row, "level1", f"第{index + 1}行没有一级指标。请从{allowed}中选择。")
        else:
            yield row_hit(
                index, row, "level1",
                f"一级指标“{level1}”不在本年度的指标体系中。{_where(taxonomy, level1)}请改为{allowed}之一。",
            )


@register(
    code="R-STRUCT-LEVEL2",
    source=sources.FRAMEWORK,
    group="结构",
    title="二级指标不属于所在的一级指标",
    severity=ERROR,
    reason="二级指标必须挂在本年度指标体系规定的一级指标下，否则汇总和评价时会归错类别。",
    example="“服务对象满意度指标”被放在“效益指标”下。",
)
def check_level2_under_level1(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    if not taxonomy or table.layout not in TREE_LAYOUTS:
        return
    reported = set()
    for index, row in indexed_rows(table):
        level1 = taxonomy.level1(row.level1)
        if level1 is None or not clean(row.name):
            continue  # an unknown 一级 is R-STRUCT-LEVEL1's to report
        level2 = clean(row.level2)
        if taxonomy.level2(level1, level2) or (level1, level2) in reported:
            continue
        reported.add((level1, level2))
        allowed = "、".join(taxonomy.children(level1))
        promoted = taxonomy.level1(level2)
        if promoted:
            # The older schemes' 产出—成本指标: in this year's scheme 成本指标 is a 一级 of its own.
            yield row_hit(
                index, row, "level2",
                f"本年度的指标体系中“{promoted}”是一级指标，不再放在“{level1}”下。"
                f"请把这些行移到一级指标“{promoted}”下，二级指标选{'、'.join(taxonomy.children(promoted))}之一。",
            )
        elif not level2:
            yield row_hit(index, row, "level2", f"第{index + 1}行没有二级指标。“{level1}”下的二级指标为{allowed}。")
        else:
            yield row_hit(
                index, row, "level2",
                f"二级指标“{level2}”不属于一级指标“{level1}”。{_where(taxonomy, level2)}"
                f"请移到正确的一级指标下，或改为{allowed}之一。",
            )


# A weight as filed beside a name: 产出指标（50分）, 培训人次(权重10%), 满意度 权重：10.
# A comparator inside the brackets (得分（≥90分）) makes it a target, not a weight.
_WEIGHT = re.compile(r"[（(]\s*(?:权重|分值)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(?:分|%|％)\s*[)）]|(?:权重|分值)\s*[:：]?\s*(\d+(?:\.\d+)?)")
FULL_MARKS = Decimal(100)


def weight_of(text: str) -> Decimal | None:
    match = _WEIGHT.search(clean(text))
    return None if match is None else Decimal(match.group(1) or match.group(2))


@register(
    code="R-STRUCT-WEIGHTS",
    group="结构",
    title="指标权重（分值）合计不对",
    severity=WARNING,
    reason="标了权重的表，三级指标的权重之和应等于所属一级指标的权重，各一级指标（及单列的预算执行率）合计100分；"
    "合计不对时，年终自评和评价打分无法进行。",
    example="产出指标（50分）下的三级指标合计40分；一级指标合计95分。",
    source=sources.WEIGHTS,
)
def check_weights_add_up(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    rows = [(i, r) for i, r in indexed_rows(table) if clean(r.name)]
    level1_weights: dict[str, Decimal | None] = {}
    row_weights: dict[str, list[Decimal]] = {}
    for _, row in rows:
        level1 = clean(row.level1)
        level1_weights.setdefault(level1, weight_of(level1))
        weight = weight_of(row.name)
        if weight is not None:
            row_weights.setdefault(level1, []).append(weight)
    if not any(w is not None for w in level1_weights.values()) and not row_weights:
        return  # a table without weights: most forms have none
    for level1, weight in level1_weights.items():
        parts = row_weights.get(level1, [])
        if weight is not None and parts and sum(parts) != weight:
            yield Hit(
                "level1",
                f"一级指标“{level1}”的权重为{plain_text(weight)}分，其下三级指标的权重合计{plain_text(sum(parts))}分。"
                f"请调整各三级指标的权重，使合计等于{plain_text(weight)}分。",
            )
    # Each 一级 counts with its own weight, or with its rows' weights when it carries none.
    total = sum(
        (w if w is not None else sum(row_weights.get(level1, []), Decimal(0)) for level1, w in level1_weights.items()),
        Decimal(0),
    )
    if total != FULL_MARKS:
        yield Hit(
            "level1",
            f"各指标的权重合计{plain_text(total)}分，不是100分。请调整权重，使一级指标（及单列的预算执行率）合计100分。",
        )
