"""Meaning: does each row measure what its place in the tree says it measures?"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from documents.amounts import plain_text
from documents.goaltable import KIND_PROJECT, GoalTable, IndicatorRow
from documents.rules.measures import Target

from . import sources
from .base import INFO, WARNING, Hit, register, row_hit
from .measures import (
    EQ,
    LE,
    SATISFACTION_WORDS,
    bare,
    clean,
    display,
    indexed_rows,
    is_cost_row,
    is_money_unit,
    is_satisfaction_name,
    is_satisfaction_row,
    target_of,
    to_wan_yuan,
)
from .taxonomy import Taxonomy

# A cost target below this share of the budget leaves most of the money unexplained.
COST_SHARE_FLOOR = Decimal("0.5")


def _satisfaction_place(taxonomy: Taxonomy) -> str:
    for level1 in taxonomy.level1_names:
        for level2 in taxonomy.children(level1):
            if "满意" in level2:
                return f"“{level1}—{level2}”"
    return "满意度指标"


@register(
    code="R-MEANING-SATISFACTION-OUTSIDE",
    source=sources.SATISFACTION,
    group="指标含义",
    title="满意度指标放错了位置",
    severity=WARNING,
    reason="满意度反映服务对象的主观感受，应放在满意度指标下，不能充当社会效益、生态效益等客观效果指标。",
    example="“群众满意率”被放在“效益指标—生态效益指标”下。",
)
def check_satisfaction_in_place(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        name = bare(row.name)
        if not clean(row.level1) or not is_satisfaction_name(name) or is_satisfaction_row(row):
            continue
        yield row_hit(
            index, row, "level2",
            f"“{name}”衡量的是满意度，却放在“{clean(row.level1)}—{clean(row.level2)}”下。"
            f"请移到{_satisfaction_place(taxonomy)}下，并在原位置改设反映实际效果的指标。",
        )


@register(
    code="R-MEANING-SATISFACTION-EMPTY",
    source=sources.SATISFACTION,
    group="指标含义",
    title="满意度指标下的指标没有衡量满意度",
    severity=WARNING,
    reason="满意度指标下应考核服务对象的满意程度（满意度、好评率等），完成率之类的内容属于产出指标。",
    example="“服务对象满意度指标”下的三级指标是“活动完成率”，描述为“工作顺利完成”。",
)
def check_satisfaction_measured(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        name = bare(row.name)
        if not name or not is_satisfaction_row(row):
            continue
        if any(w in name or w in row.description for w in SATISFACTION_WORDS):
            continue
        yield row_hit(
            index, row, "name",
            f"“{name}”放在满意度指标下，但没有衡量任何人的满意程度。"
            f"请改为具体服务对象的满意度（如“办事群众满意度≥95%”），并把“{name}”移到产出指标下。",
        )


@register(
    code="R-MEANING-COST-NOT-MONEY",
    source=sources.COST,
    group="指标含义",
    title="成本指标不是金额",
    severity=WARNING,
    reason="成本指标（经济成本指标）说明完成产出要花多少钱，应以万元、元等金额表示，并与预算数对应。",
    example="成本指标“减少企业群众办事成本”的指标值写“≥20%”。",
)
def check_cost_is_money(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    for index, row in indexed_rows(table):
        if not clean(row.name) or not is_cost_row(row):
            continue
        target = target_of(row)
        if target.number is None and not clean(target.text):
            continue  # R-COMPLETE-VALUE asks for the value
        if target.number is not None and not clean(target.unit):
            continue  # R-COMPLETE-UNIT asks for the unit
        if target.number is not None and is_money_unit(target.unit):
            continue
        yield row_hit(
            index, row, "value_text",
            f"成本指标“{bare(row.name)}”的指标值“{display(target)}”不是金额。"
            f"请写明完成产出所需的成本，如“≤{_budget_hint(table)}万元”；比率、覆盖率类内容请移到产出或效益指标下。",
        )


def _budget_hint(table: GoalTable) -> str:
    # A department's whole budget is no sensible cost target for one row.
    if table.kind == KIND_PROJECT and table.budget_total is not None:
        return plain_text(table.budget_total)
    return "××"


def _cost_amounts(table: GoalTable) -> Iterator[tuple[int, IndicatorRow, Decimal, Target]]:
    """(index, row, amount in 万元) for each cost row that states an amount of money."""
    for index, row in indexed_rows(table):
        if not is_cost_row(row):
            continue
        target = target_of(row)
        amount = None if target.number is None else to_wan_yuan(target.number, target.unit)
        if amount is not None:
            yield index, row, amount, target


@register(
    code="R-MEANING-COST-OVER-BUDGET",
    source=sources.COST,
    group="指标含义",
    title="成本指标超过预算数",
    severity=WARNING,
    reason="成本指标是花钱的上限，不能超过本表的预算数；超过多半是单位（元/万元）填错了。",
    example="预算数7151万元，成本指标写“≤71510万元”。",
)
def check_cost_within_budget(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    if table.budget_total is None:
        return
    for index, row, amount, target in _cost_amounts(table):
        if amount > table.budget_total:
            yield row_hit(
                index, row, "value_text",
                f"成本指标“{bare(row.name)}”为“{display(target)}”（{plain_text(amount)}万元），"
                f"超过了预算数{plain_text(table.budget_total)}万元。请核对金额和单位（元/万元），成本不应超过预算。",
            )


@register(
    code="R-MEANING-COST-UNDER-BUDGET",
    source=sources.MATCHED,
    group="指标含义",
    title="成本指标远低于预算数",
    severity=INFO,
    reason="项目的成本指标合计远低于预算数时，多出的资金用在哪里没有交代，预算可能偏高或指标不全。",
    example="预算数100万元，唯一的成本指标写“≤20万元”。",
)
def check_cost_covers_budget(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    # A department's whole budget is not expected to be itemised as cost indicators.
    if table.kind != KIND_PROJECT or not table.budget_total:
        return
    amounts = [(i, r, a) for i, r, a, t in _cost_amounts(table) if t.sense in (LE, EQ, None)]
    if not amounts:
        return
    total = sum((a for _, _, a in amounts), Decimal(0))
    if total >= table.budget_total * COST_SHARE_FLOOR:
        return
    share = (total / table.budget_total * 100).quantize(Decimal(1))
    message = (
        f"成本指标合计{plain_text(total)}万元，只占预算数{plain_text(table.budget_total)}万元的{share}%。"
        f"请补全其余资金的成本指标，或核实预算数是否偏高。"
    )
    if len(amounts) == 1:
        index, row, _ = amounts[0]
        yield row_hit(index, row, "value_text", message)
    else:
        yield Hit("budget_total", message)


# Money or people put in (投入资金, 投入人数) are the inputs of a project, not what it produces.
_INPUT = re.compile(r"(?:投入|到位)(?:的)?(?:资金|经费|金额|预算|财政资金|人数|人员|人力|工时)|(?:资金|经费|人员|人力)投入")


@register(
    code="R-MEANING-INPUT-AS-OUTPUT",
    group="指标含义",
    title="把投入（资金、人员）当作产出",
    severity=WARNING,
    reason="产出指标衡量项目提供了什么产品和服务；投入了多少资金、多少人是花费，不是产出。以投入为目标，钱花出去、人派出去就算完成。",
    example="产出指标—数量指标下写“投入资金≥50万元”“投入人数≥20人”。",
    source=sources.OUTPUT,
)
def check_input_not_output(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    output = taxonomy.output_level1() if taxonomy else None
    for index, row in indexed_rows(table):
        name = bare(row.name)
        in_output = (taxonomy.level1(row.level1) == output) if output else clean(row.level1).startswith("产出")
        if not in_output or is_cost_row(row) or not _INPUT.search(name):
            continue
        yield row_hit(
            index, row, "name",
            f"“{name}”是投入，不是产出。请改为这些资金或人员完成的产品和服务（如“培训人次”“处理案件数”“设备验收合格率”）；"
            f"资金数额请写在成本指标下。",
        )
