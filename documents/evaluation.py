"""Scoring of the two stages after approval: mid-year monitoring (运行监控) and the year-end
self-evaluation (绩效自评), by the rules of 财预〔2020〕10号 (项目支出绩效评价管理办法, 附件《项目支出
绩效自评表》及其说明).

Pure functions on numbers and indicator parts: no database, so the editor, the documents and
the tests score the same way.  Every result carries the sentence that says how it was computed,
because a department must be able to check a score by hand.

Rules, each with a worked example in tests/documents/test_evaluation.py:

* Quantitative, 正向 (≥, >): actual ≥ target earns the full score; below it, actual ÷ target × score.
* Quantitative, 反向 (≤, <): actual ≤ target earns the full score; above it, target ÷ actual × score.
* Quantitative, = : equal earns the full score; otherwise the smaller of the two ratios × score.
* Qualitative: the filer picks a band — 达成年度指标 (100–80 %), 部分达成年度指标并具有一定效果
  (80–60 %), 未达成年度指标且效果较差 (60–0 %) — and may give the share within it; without one the
  band's default share applies.
* Budget execution: executed ÷ budget × its weight, never above the weight.
* Grade of the total: ≥ 90 优, 80–90 良, 60–80 中, < 60 差 (thresholds per scheme).
* Monitoring: execution against time = (executed ÷ budget) ÷ (month ÷ 12); red below 60 %, yellow
  below 80 %, green otherwise.  An indicator whose expected year-end value deviates from its target by
  more than 15 % needs a reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from documents.amounts import plain, plain_text
from documents.values import EQ, GE, GT, LE, LT, parse_value

CENT = Decimal("0.01")
# A value with more integer digits than this cannot be a real 完成值 and would overflow the arithmetic.
LARGEST = Decimal(10) ** 18
HUNDRED = Decimal(100)

# The default weights of 财预〔2020〕10号: 产出 50, 效益 30, 满意度 10, 预算执行率 10.
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    "产出指标": Decimal(50),
    "效益指标": Decimal(30),
    "满意度指标": Decimal(10),
    "预算执行率": Decimal(10),
}
DEFAULT_TOTAL = sum(DEFAULT_WEIGHTS.values())

# (name, lowest share, highest share, share used when the filer gives none)
QUALITATIVE_BANDS: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    "达成年度指标": (Decimal(80), Decimal(100), Decimal(100)),
    "部分达成年度指标并具有一定效果": (Decimal(60), Decimal(80), Decimal(70)),
    "未达成年度指标且效果较差": (Decimal(0), Decimal(60), Decimal(30)),
}

DEFAULT_GRADE_THRESHOLDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal(0), "差"),
)

RED, YELLOW, GREEN = "red", "yellow", "green"
COLOUR_NAMES = {RED: "红", YELLOW: "黄", GREEN: "绿"}
DEFAULT_EXECUTION_THRESHOLDS = (Decimal(60), Decimal(80))  # percent of time progress
DEFAULT_DEVIATION_LIMIT = Decimal(15)  # percent


@dataclass(frozen=True)
class Score:
    value: Decimal | None  # None: cannot be scored yet (what is missing is in `explanation`)
    full: Decimal | None
    explanation: str
    met: bool | None = None  # None for qualitative or unscored

    @property
    def missed(self) -> bool:
        return self.met is False


def q2(number: Decimal) -> Decimal:
    return number.quantize(CENT, rounding=ROUND_HALF_UP)




def score_indicator(
    *,
    value_text: str,
    comparator: str,
    target: Decimal | None,
    direction: str,
    actual_text: str,
    weight: Decimal | None,
    band: str = "",
    band_share: Decimal | None = None,
) -> Score:
    """The self-evaluation score of one indicator (财预〔2020〕10号)."""
    if weight is None:
        return Score(None, None, "未填写分值（权重），无法计分")
    weight = plain(weight)
    if target is None:
        return _score_qualitative(weight=weight, band=band, band_share=band_share, value_text=value_text)
    if not actual_text.strip():
        return Score(None, weight, "未填写实际完成值")
    actual = parse_value(actual_text)
    if not actual.ok or actual.number is None:
        if band:
            return _score_qualitative(weight=weight, band=band, band_share=band_share, value_text=value_text)
        return Score(None, weight, f"实际完成值“{actual_text}”读不出数字；请填写数字，或选择定性档次")
    done = actual.number
    if abs(done) >= LARGEST:
        return Score(None, weight, f"实际完成值“{actual_text[:40]}”过大（超过 18 位整数），请检查后重新填写")
    reverse = comparator in (LE, LT) or (not comparator and direction == "反向")
    equal = comparator == EQ
    if equal:
        met = done == target
        if met:
            return Score(q2(weight), weight, f"实际完成值 {plain_text(done)} 等于指标值 {plain_text(target)}，得满分 {plain_text(weight)}", True)
        low, high = sorted((max(done, Decimal(0)), target))
        if high == 0:
            return Score(Decimal("0.00"), weight, "指标值为 0，无法按比例计分，得 0 分", False)
        ratio = low / high
        return Score(
            q2(ratio * weight), weight,
            f"实际完成值 {plain_text(done)} 与指标值 {plain_text(target)} 不等：{plain_text(low)} ÷ {plain_text(high)} × {plain_text(weight)} = {q2(ratio * weight)}",
            False,
        )
    if reverse:
        met = done <= target if comparator != LT else done < target
        if met:
            return Score(q2(weight), weight, f"反向指标：实际完成值 {plain_text(done)} 不高于指标值 {plain_text(target)}，得满分 {plain_text(weight)}", True)
        if done == 0:
            return Score(q2(weight), weight, "反向指标：实际完成值为 0，得满分", True)
        result = q2(min(target / done, Decimal(1)) * weight)
        return Score(
            result, weight,
            f"反向指标：指标值 {plain_text(target)} ÷ 实际完成值 {plain_text(done)} × 分值 {plain_text(weight)} = {result}",
            False,
        )
    met = done >= target if comparator != GT else done > target
    if met:
        return Score(q2(weight), weight, f"实际完成值 {plain_text(done)} 达到指标值 {plain_text(target)}，得满分 {plain_text(weight)}", True)
    if target == 0:
        return Score(q2(weight), weight, "指标值为 0，完成即得满分", True)
    if done < 0:  # below nothing achieved: the arithmetic would give a negative score
        return Score(q2(Decimal(0)), weight, f"正向指标：实际完成值 {plain_text(done)} 小于0，按0计，得0分", False)
    result = q2(done / target * weight)
    return Score(
        result, weight,
        f"正向指标：实际完成值 {plain_text(done)} ÷ 指标值 {plain_text(target)} × 分值 {plain_text(weight)} = {result}",
        False,
    )


def _score_qualitative(*, weight: Decimal, band: str, band_share: Decimal | None, value_text: str) -> Score:
    if not band:
        return Score(None, weight, "定性指标：请选择完成档次（达成 / 部分达成 / 未达成）")
    if band not in QUALITATIVE_BANDS:
        return Score(None, weight, f"定性指标的档次“{band}”不在可选范围内")
    low, high, default = QUALITATIVE_BANDS[band]
    share = default if band_share is None else band_share
    if not low <= share <= high:
        return Score(None, weight, f"“{band}”的得分比例应在 {plain_text(low)}%–{plain_text(high)}% 之间，填的是 {plain_text(share)}%")
    result = q2(share / HUNDRED * weight)
    return Score(
        result, weight,
        f"定性指标“{band}”：分值 {plain_text(weight)} × {plain_text(share)}% = {result}",
        band == "达成年度指标",
    )


def score_budget_execution(*, budget: Decimal | None, executed: Decimal | None, weight: Decimal) -> Score:
    """预算执行率得分 = 全年执行数 ÷ 全年预算数 × 分值, at most the 分值."""
    weight = plain(weight)
    if budget is None or executed is None:
        return Score(None, weight, "请填写全年预算数和全年执行数")
    if budget <= 0:
        return Score(None, weight, "全年预算数须大于 0")
    rate = executed / budget
    result = q2(min(rate, Decimal(1)) * weight)
    return Score(
        result, weight,
        f"执行率 {plain_text(executed)} ÷ {plain_text(budget)} = {q2(rate * HUNDRED)}%，× 分值 {plain_text(weight)} = {result}",
        rate >= 1,
    )


def grade_for(total: Decimal, thresholds: tuple[tuple[Decimal, str], ...] = DEFAULT_GRADE_THRESHOLDS) -> str:
    for floor, name in sorted(thresholds, reverse=True):
        if total >= floor:
            return name
    return thresholds[-1][1]


@dataclass(frozen=True)
class Execution:
    rate: Decimal  # executed ÷ budget, percent
    time_progress: Decimal  # month ÷ 12, percent
    against_time: Decimal  # rate ÷ time progress, percent
    colour: str
    explanation: str


def execution_against_time(
    *, budget: Decimal, executed: Decimal, month: int,
    thresholds: tuple[Decimal, Decimal] = DEFAULT_EXECUTION_THRESHOLDS,
) -> Execution | None:
    """Budget execution measured against the share of the year gone (运行监控)."""
    if budget is None or executed is None or budget <= 0 or not 1 <= month <= 12:
        return None
    rate = executed / budget * HUNDRED
    progress = Decimal(month) / Decimal(12) * HUNDRED
    against = rate / progress * HUNDRED
    red_below, yellow_below = thresholds
    colour = RED if against < red_below else YELLOW if against < yellow_below else GREEN
    return Execution(
        q2(rate), q2(progress), q2(against), colour,
        f"执行率 {q2(rate)}% ÷ 时间进度 {month}/12（{q2(progress)}%）= {q2(against)}%："
        f"低于 {plain_text(red_below)}% 为红，低于 {plain_text(yellow_below)}% 为黄，否则为绿",
    )


def deviation_percent(*, target: Decimal | None, expected_text: str) -> Decimal | None:
    """How far the expected year-end value lies from the target, in percent of the target."""
    if target is None or target == 0 or not expected_text.strip():
        return None
    expected = parse_value(expected_text)
    if not expected.ok or expected.number is None:
        return None
    with localcontext() as context:
        context.prec = 2 * len(expected_text) + 60  # any length typed, no overflow
        return q2(abs(expected.number - target) / abs(target) * HUNDRED)


def needs_reason(
    *, target: Decimal | None, comparator: str, expected_text: str, will_meet: bool | None,
    limit: Decimal = DEFAULT_DEVIATION_LIMIT,
) -> bool:
    """A monitored indicator needs a reason and measure when it will miss or drift from the target."""
    if will_meet is False:
        return True
    deviation = deviation_percent(target=target, expected_text=expected_text)
    if deviation is None or deviation <= limit:
        return False
    expected = parse_value(expected_text).number
    # Doing better than a one-sided target is not a deviation that needs explaining.
    if comparator in (GE, GT) and expected >= target:
        return False
    if comparator in (LE, LT) and expected <= target:
        return False
    return True


BUDGET_SHARE = "预算执行率"  # scored from the budget, not from an indicator row
_WEIGHT_NOTE = re.compile(r"[（(][^)）]*[)）]$|[\s\u3000]+")


def share_group(level1: str) -> str:
    """The share a 一级 counts in: 成本指标 with the 产出 (财预〔2020〕10号); "产出" and "产出指标（50分）"
    are 产出指标; any other 一级 as filed."""
    bare = _WEIGHT_NOTE.sub("", level1 or "")
    bare = bare if bare.endswith("指标") or not bare else bare + "指标"
    return "产出指标" if bare in ("成本指标", "产出指标") else bare


def share_label(group: str) -> str:
    return "产出指标（含成本指标）" if group == "产出指标" else group


def weight_sums(rows: list[tuple[str, Decimal | None]]) -> dict[str, Decimal]:
    """The 分值 filed per share group, from (一级, 分值) per indicator."""
    sums: dict[str, Decimal] = {}
    for level1, weight in rows:
        group = share_group(level1)
        sums[group] = sums.get(group, Decimal(0)) + (weight or 0)
    return sums


def weight_problems(*, rows: list[tuple[str, Decimal | None]], shares: dict[str, Decimal]) -> list[str]:
    """What is wrong with the 分值 of a table's indicators, given the scheme's shares
    ({"产出指标": 50, "效益指标": 30, "满意度指标": 10, "预算执行率": 10}); 成本指标 counts as 产出.
    `rows` is (一级, 分值) per indicator.  Nothing is said while no row has a 分值 yet."""
    if all(weight is None for _, weight in rows):
        return []
    problems = []
    missing = sum(1 for _, weight in rows if weight is None)
    if missing:
        problems.append(f"有 {missing} 个指标没有填写分值。")
    sums = weight_sums(rows)
    for group, share in shares.items():
        if group == BUDGET_SHARE:
            continue
        if group in sums and sums[group] != share:
            problems.append(f"{share_label(group)}的分值合计 {plain_text(sums[group])}，应为 {plain_text(share)}。")
    total = sum(sums.values(), Decimal(0)) + shares.get(BUDGET_SHARE, Decimal(0))
    expected = sum(shares.values(), Decimal(0))
    if total != expected:
        problems.append(f"指标分值合计 {plain_text(total)}（含预算执行率 {plain_text(shares.get(BUDGET_SHARE, Decimal(0)))} 分），应为 {plain_text(expected)}。")
    return problems
