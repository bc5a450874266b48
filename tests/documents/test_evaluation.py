"""Worked examples of the scoring rules of 财预〔2020〕10号, each with its numbers stated."""
from decimal import Decimal as D

import pytest

from documents.evaluation import (
    GREEN,
    RED,
    YELLOW,
    execution_against_time,
    grade_for,
    needs_reason,
    score_budget_execution,
    score_indicator,
)


def score(value_text, comparator, target, actual, weight, direction="", band="", share=None):
    return score_indicator(
        value_text=value_text, comparator=comparator, target=None if target is None else D(target),
        direction=direction, actual_text=actual, weight=None if weight is None else D(weight),
        band=band, band_share=share,
    )


def test_positive_target_met_earns_the_full_score():
    # ≥95% met with 97%: full 10 points.
    result = score("≥95%", "≥", "95", "97%", "10")
    assert (result.value, result.met) == (D("10.00"), True)


def test_positive_target_missed_scores_actual_over_target():
    # ≥200人次, done 150: 150 ÷ 200 × 20 = 15.
    result = score("≥200人次", "≥", "200", "150人次", "20")
    assert result.value == D("15.00")
    assert result.met is False
    assert "150 ÷ 指标值 200 × 分值 20 = 15.00" in result.explanation


def test_reverse_target_exceeded_scores_target_over_actual():
    # ≤5天, took 8 days: 5 ÷ 8 × 8 = 5.
    result = score("≤5天", "≤", "5", "8天", "8")
    assert result.value == D("5.00")
    assert result.met is False


def test_reverse_target_met_earns_the_full_score():
    result = score("≤7151万元", "≤", "7151", "7000万元", "5")
    assert (result.value, result.met) == (D("5.00"), True)


def test_reverse_by_direction_when_no_comparator():
    # 反向 without comparator: 10 ÷ 12.5 × 4 = 3.2.
    result = score("10起", "", "10", "12.5起", "4", direction="反向")
    assert result.value == D("3.20")


def test_equal_target_missed_scores_the_smaller_ratio():
    # =12 months, done 9: 9 ÷ 12 × 6 = 4.5.
    assert score("=12个月", "=", "12", "9个月", "6").value == D("4.50")


def test_qualitative_bands_with_and_without_a_share():
    assert score("好", "", None, "", "10", band="达成年度指标").value == D("10.00")
    assert score("好", "", None, "", "10", band="部分达成年度指标并具有一定效果", share=D(75)).value == D("7.50")
    out_of_band = score("好", "", None, "", "10", band="未达成年度指标且效果较差", share=D(70))
    assert out_of_band.value is None
    assert "0%–60%" in out_of_band.explanation


def test_missing_actual_or_weight_is_said_not_scored_as_zero():
    assert score("≥95%", "≥", "95", "", "10").value is None
    assert score("≥95%", "≥", "95", "90%", None).explanation == "未填写分值（权重），无法计分"


def test_budget_execution_score_is_capped_at_its_weight():
    # 执行 85 of 100 万元: 85% × 10 = 8.5; 执行 120 of 100: capped at 10.
    assert score_budget_execution(budget=D(100), executed=D(85), weight=D(10)).value == D("8.50")
    assert score_budget_execution(budget=D(100), executed=D(120), weight=D(10)).value == D("10.00")


@pytest.mark.parametrize("total, grade", [(D("95"), "优"), (D("90"), "优"), (D("89.99"), "良"), (D("80"), "良"),
                                          (D("60"), "中"), (D("59.5"), "差"), (D("0"), "差")])
def test_grade_bands(total, grade):
    assert grade_for(total) == grade


def test_execution_against_time_colours():
    # July (7/12 = 58.33%): executed 30 of 100 → 30 ÷ 58.33 = 51.43% → red.
    red = execution_against_time(budget=D(100), executed=D(30), month=7)
    assert (red.colour, red.against_time) == (RED, D("51.43"))
    # executed 40 → 68.57% → yellow; executed 50 → 85.71% → green.
    assert execution_against_time(budget=D(100), executed=D(40), month=7).colour == YELLOW
    assert execution_against_time(budget=D(100), executed=D(50), month=7).colour == GREEN
    # thresholds are configurable: with 50/60, 51.43% is yellow.
    assert execution_against_time(budget=D(100), executed=D(30), month=7, thresholds=(D(50), D(60))).colour == YELLOW


def test_deviation_over_the_limit_needs_a_reason_but_doing_better_does_not():
    # ≥100, expected 80: 20% below → reason needed; expected 90 (10%) → not; expected 130 → better, not.
    assert needs_reason(target=D(100), comparator="≥", expected_text="80", will_meet=None) is True
    assert needs_reason(target=D(100), comparator="≥", expected_text="90", will_meet=None) is False
    assert needs_reason(target=D(100), comparator="≥", expected_text="130", will_meet=None) is False
    assert needs_reason(target=D(100), comparator="≥", expected_text="90", will_meet=False) is True
    assert needs_reason(target=D(100), comparator="≥", expected_text="80", will_meet=None, limit=D(25)) is False


def test_weights_are_checked_against_the_schemes_shares():
    from documents.evaluation import DEFAULT_WEIGHTS, weight_problems

    good = [("成本指标", D(10)), ("产出指标", D(40)), ("效益指标", D(30)), ("满意度指标", D(10))]
    assert weight_problems(rows=good, shares=DEFAULT_WEIGHTS) == []
    assert weight_problems(rows=[("产出指标", None)], shares=DEFAULT_WEIGHTS) == []  # nothing filed yet
    bad = [("产出指标", D(40)), ("效益指标", D(30)), ("满意度指标", None)]
    assert weight_problems(rows=bad, shares=DEFAULT_WEIGHTS) == [
        "有 1 个指标没有填写分值。",
        "产出指标（含成本指标）的分值合计 40，应为 50。",
        "满意度指标的分值合计 0，应为 10。",
        "指标分值合计 80（含预算执行率 10 分），应为 100。",
    ]


def test_an_equal_target_with_a_negative_actual_scores_zero_not_below_zero():
    # =1 done -5: no share of the target is reached, so 0 points, never −50.
    result = score("=1", "=", "1", "-5", "10")
    assert result.value == D("0.00")
    assert result.met is False


@pytest.mark.parametrize("comparator", ["≥", "≤", "="])
def test_an_absurdly_large_actual_value_is_told_not_a_crash(comparator):
    result = score("≥1", comparator, "1", "9" * 32, "10")
    assert result.value is None
    assert "过大" in result.explanation


def test_an_absurdly_large_expected_value_needs_a_reason_without_crashing():
    assert needs_reason(target=D(1), comparator="≤", expected_text="9" * 32, will_meet=None) is True


def test_a_negative_actual_against_a_positive_target_scores_nothing_and_says_why():
    """≥30% with −5% done: −5 ÷ 30 × 15 would be −2.5; nothing achieved scores 0, and the sentence says so."""
    score = score_indicator(value_text="≥30%", comparator="≥", target=D(30), direction="", actual_text="-5%",
                            weight=D(15))
    assert (score.value, score.missed) == (D("0.00"), True)
    assert score.explanation == "正向指标：实际完成值 -5 小于0，按0计，得0分"
