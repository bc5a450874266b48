"""分值 filed with the goal (财预〔2020〕10号): the self-evaluation scores each indicator out of its 分值,
so a table that gives 分值 must give one to every row of the year, and they must add up to the
scheme's full marks.  A table without any 分值 is not asked for them here (most forms have none)."""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from documents.amounts import plain_text
from documents.evaluation import BUDGET_SHARE, share_group, share_label, weight_sums
from documents.goaltable import TERM_ANNUAL, GoalTable, IndicatorRow

from . import sources
from .base import ERROR, WARNING, Hit, register, row_hit
from .measures import clean, indexed_rows
from .taxonomy import Taxonomy


def _scored_rows(table: GoalTable) -> list[tuple[int, IndicatorRow]]:
    """The year's rows (the 中期/长期 block is not scored), when some row of the table has a 分值."""
    rows = [(i, r) for i, r in indexed_rows(table) if r.term == TERM_ANNUAL and (clean(r.name) or r.weight is not None)]
    return rows if any(r.weight is not None for _, r in rows) else []


@register(
    code="R-SCORE-TOTAL",
    group="结构",
    title="分值没有填全或合计不是满分",
    severity=ERROR,
    reason="年终自评按各指标的分值打分：填了分值的表，本年度每个指标都要有分值，"
    "各指标分值加上单列的预算执行率分值应等于满分（按本年度指标体系，默认100分），否则自评得分无从计算。",
    example="产出30分、效益30分、满意度10分，加预算执行率10分，合计80分。",
    source=sources.WEIGHTS,
)
def check_score_total(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    rows = _scored_rows(table)
    if not rows:
        return
    for index, row in rows:
        if row.weight is None:
            yield row_hit(index, row, "weight", "本表其他指标填了分值，本指标没有。请填写分值（没有分值的指标自评时无法打分）。")
    budget = taxonomy.shares.get(BUDGET_SHARE, Decimal(0))
    full = sum(taxonomy.shares.values(), Decimal(0))
    total = sum((r.weight or Decimal(0) for _, r in rows), Decimal(0)) + budget
    if total != full:
        yield Hit(
            "weight",
            f"各指标分值合计{plain_text(total - budget)}分，加预算执行率{plain_text(budget)}分共{plain_text(total)}分，应为{plain_text(full)}分。"
            f"请调整各指标的分值，使合计为{plain_text(full - budget)}分。",
        )


@register(
    code="R-SCORE-SHARES",
    group="结构",
    title="一级指标的分值与指标体系的比例不符",
    severity=WARNING,
    reason="财预〔2020〕10号规定一级指标的分值原则上为产出（含成本）50分、效益30分、满意度10分，预算执行率单列10分；"
    "本年度指标体系可另行规定。确有特殊情况调整的，请在审核时说明理由。",
    example="产出指标下各指标合计40分，效益指标下合计40分。",
    source=sources.SHARES,
)
def check_score_shares(table: GoalTable, *, taxonomy: Taxonomy) -> Iterator[Hit]:
    rows = _scored_rows(table)
    if not rows or any(True for _ in check_score_total(table, taxonomy=taxonomy)):
        return  # the shares are weighed once every row has its 分值 and they add up
    sums = weight_sums([(r.level1, r.weight) for _, r in rows])
    for group, share in taxonomy.shares.items():
        if group == BUDGET_SHARE or group not in sums or sums[group] == share:
            continue
        first = next(i for i, r in rows if share_group(r.level1) == group)
        yield Hit(
            "level1",
            f"{share_label(group)}下各指标的分值合计{plain_text(sums[group])}分，指标体系规定为{plain_text(share)}分。"
            f"请调整其下指标的分值；确需调整比例的，请在报送时说明理由。",
            row=first,
            indicator=None,
        )
