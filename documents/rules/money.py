"""Money: do the budget, its sources and the spending plan agree?"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from documents.amounts import plain_text
from documents.goaltable import KIND_OVERALL, MILESTONE_PERCENT, GoalTable, Milestone

from . import sources
from .base import ERROR, WARNING, Hit, register
from .taxonomy import Taxonomy

HUNDRED = Decimal(100)

_PROJECT_SOURCES = (("fiscal_funds", "财政资金"), ("other_funds", "其他资金"), ("superior_funds", "上级资金"))
_INCOME_PARTS = (
    ("income_general", "一般公共预算"),
    ("income_gov_fund", "政府性基金拨款"),
    ("income_special_nontax", "纳入专户管理的非税收入拨款"),
    ("income_other", "其他资金"),
)
_SPENDING_PARTS = (("spending_basic", "基本支出"), ("spending_project", "项目支出"))


def fund_splits(table: GoalTable) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The groups of amounts that must add up to the budget, with their Chinese labels."""
    if table.kind == KIND_OVERALL:
        return [("按收入性质", _INCOME_PARTS), ("按支出性质", _SPENDING_PARTS)]
    sources = _PROJECT_SOURCES
    if table.layout == "hunan":
        # The Hunan form's 预算金额 is the 本级 amount; 上级资金 is filed beside it, not inside it.
        sources = sources[:2]
    return [("资金来源", sources)]


@register(
    code="R-MONEY-SOURCES",
    source=sources.MATCHED,
    group="资金",
    title="资金来源合计不等于预算数",
    severity=ERROR,
    reason="预算数应等于各资金来源之和（部门整体表：按收入性质、按支出性质分别合计），否则至少有一个数填错了。",
    example="预算数7151万元，其中财政资金5000万元、其他资金为空。",
)
def check_sources_add_up(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    total = table.budget_total
    if total is None:
        return
    for label, parts in fund_splits(table):
        given = [(field, name, getattr(table, field)) for field, name in parts if getattr(table, field) is not None]
        if not given:
            continue
        subtotal = sum((v for _, _, v in given), Decimal(0))
        if subtotal == total:
            continue
        terms = "＋".join(f"{name}{plain_text(v)}万元" for _, name, v in given)
        yield Hit(
            given[0][0],
            f"预算数{plain_text(total)}万元，但{label}合计{terms}＝{plain_text(subtotal)}万元，相差{plain_text(abs(total - subtotal))}万元。"
            f"请核对预算数和各项资金，使合计相等（没有的项目填0）。",
        )


def _plan(table: GoalTable) -> list[Milestone]:
    return [m for m in table.milestones if m.value is not None]


def _point(table: GoalTable, milestone: Milestone) -> int:
    """The milestone's position in the plan, so the editor can mark its box."""
    return next(i for i, m in enumerate(table.milestones) if m is milestone)


def _unit(table: GoalTable) -> str:
    return "%" if table.milestone_unit == MILESTONE_PERCENT else "万元"


@register(
    code="R-MONEY-PLAN-DECREASE",
    source=sources.MATCHED,
    group="资金",
    title="资金支出计划累计数减少",
    severity=ERROR,
    reason="资金支出计划填的是截至各时点的累计支出，后一时点不可能少于前一时点。",
    example="3月底3000万元、6月底2000万元。",
)
def check_plan_cumulative(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    plan = _plan(table)
    unit = _unit(table)
    for before, after in zip(plan, plan[1:]):
        if after.value < before.value:
            yield Hit(
                "milestones",
                f"资金支出计划{after.label}累计{plain_text(after.value)}{unit}，少于{before.label}的{plain_text(before.value)}{unit}。"
                f"支出计划是累计数，请填写截至该时点的累计支出，逐期不减。",
                point=_point(table, after),
            )


@register(
    code="R-MONEY-PLAN-OVER",
    source=sources.MATCHED,
    group="资金",
    title="资金支出计划超过预算数或100%",
    severity=ERROR,
    reason="累计支出不能超过预算数（按百分比填报时不能超过100%）。",
    example="预算数128万元，12月底累计支出计划写150万元。",
)
def check_plan_within_budget(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    ceiling = HUNDRED if table.milestone_unit == MILESTONE_PERCENT else table.budget_total
    if ceiling is None:
        return
    unit = _unit(table)
    limit = "100%" if unit == "%" else f"预算数{plain_text(ceiling)}万元"
    for milestone in _plan(table):
        if milestone.value > ceiling:
            yield Hit(
                "milestones",
                f"资金支出计划{milestone.label}累计{plain_text(milestone.value)}{unit}，超过了{limit}。请核对支出计划或预算数。",
                point=_point(table, milestone),
            )
            return


@register(
    code="R-MONEY-PLAN-SHORT",
    source=sources.MATCHED,
    group="资金",
    title="资金支出计划到期末未达到预算数或100%",
    severity=WARNING,
    reason="年度预算原则上应在年内支出完毕；计划末期的累计数低于预算数，说明预算可能偏高或计划没有填完。",
    example="预算数497万元，12月底累计支出计划只有480万元。",
)
def check_plan_reaches_budget(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    plan = _plan(table)
    target = HUNDRED if table.milestone_unit == MILESTONE_PERCENT else table.budget_total
    if not plan or target is None:
        return
    last = plan[-1]
    if last.value < target and not any(m.value > target for m in plan):
        unit = _unit(table)
        goal = "100%" if unit == "%" else f"预算数{plain_text(target)}万元"
        yield Hit(
            "milestones",
            f"资金支出计划到{last.label}累计{plain_text(last.value)}{unit}，低于{goal}。"
            f"请把末期累计数填到{goal}，或说明年内不能支出完毕的原因并调整预算。",
            point=_point(table, last),
        )
