"""Structure: does every row sit where this year's scheme puts it?"""
from __future__ import annotations

from .base import ERROR, register, row_hit
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
    group="结构",
    title="一级指标不在本年度的指标体系中",
    severity=ERROR,
    reason="各年度使用的指标体系不同（如2021年起成本指标单列为一级指标），一级指标必须是本年度体系中的一级指标。",
    example="2022年旧版体系的表把“成本指标”填作一级指标，而该体系中成本指标是产出指标下的二级指标。",
)
def check_level1_in_scheme(table, *, taxonomy: Taxonomy):
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
    group="结构",
    title="二级指标不属于所在的一级指标",
    severity=ERROR,
    reason="二级指标必须挂在本年度指标体系规定的一级指标下，否则汇总和评价时会归错类别。",
    example="“服务对象满意度指标”被放在“效益指标”下。",
)
def check_level2_under_level1(table, *, taxonomy: Taxonomy):
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
        if not level2:
            yield row_hit(index, row, "level2", f"第{index + 1}行没有二级指标。“{level1}”下的二级指标为{allowed}。")
        else:
            yield row_hit(
                index, row, "level2",
                f"二级指标“{level2}”不属于一级指标“{level1}”。{_where(taxonomy, level2)}"
                f"请移到正确的一级指标下，或改为{allowed}之一。",
            )
