"""Meaning rules: satisfaction where satisfaction belongs, money where cost belongs."""
from decimal import Decimal

import pytest

from documents.rules import meaning as rules

from .rulekit import clean_table, codes, row, taxonomy, with_row


def check(rule, table, scheme="mof2021"):
    return rule(table, taxonomy=taxonomy(scheme))


def test_satisfaction_under_social_benefit_is_flagged_and_sent_to_its_place():
    table = with_row(clean_table(), 5, name="群众满意率")
    found = check(rules.check_satisfaction_in_place, table)
    assert [(f.code, f.row, f.field) for f in found] == [("R-MEANING-SATISFACTION-OUTSIDE", 5, "level2")]
    assert "满意度指标—服务对象满意度指标" in found[0].message


def test_satisfaction_under_the_hunan_benefit_level2_for_it_is_in_place():
    table = with_row(clean_table(), 7, level1="效益指标", level2="社会公众或服务对象满意度指标")
    assert check(rules.check_satisfaction_in_place, table, "hunan") == []


def test_satisfaction_in_a_layout_without_the_tree_is_not_judged():
    table = clean_table(layout="duty", indicators=[row("", "", "咨询服务满意率", "99%")])
    assert check(rules.check_satisfaction_in_place, table) == []


def test_a_satisfaction_row_measuring_completion_is_flagged():
    table = with_row(clean_table(), 7, name="活动完成率", description="工作顺利完成")
    found = check(rules.check_satisfaction_measured, table)
    assert [(f.code, f.row, f.field) for f in found] == [("R-MEANING-SATISFACTION-EMPTY", 7, "name")]


@pytest.mark.parametrize("name", ["企业群众好评率", "受表彰人员对评优评先的满意度", "群众对窗口服务的评价"])
def test_satisfaction_rows_in_other_words_pass(name):
    assert check(rules.check_satisfaction_measured, with_row(clean_table(), 7, name=name, description="")) == []


@pytest.mark.parametrize("text", ["≥20%", "≥95 百分比", "有效控制"])
def test_a_cost_that_is_not_money_is_flagged(text):
    table = with_row(clean_table(), 0, name="减少企业群众办事成本", value_text=text)
    found = check(rules.check_cost_is_money, table)
    assert [(f.code, f.row, f.field) for f in found] == [("R-MEANING-COST-NOT-MONEY", 0, "value_text")]
    assert "万元" in found[0].message


@pytest.mark.parametrize("text", ["≤497万元", "≤7 万", "≤4970000元", "≤500元/人"])
def test_a_cost_in_money_passes(text):
    assert check(rules.check_cost_is_money, with_row(clean_table(), 0, value_text=text)) == []


def test_an_empty_cost_value_is_told_once_by_the_value_rule_not_again_here():
    table = with_row(clean_table(), 0, value_text="")
    assert check(rules.check_cost_is_money, table) == []


def test_social_cost_may_be_stated_otherwise():
    table = with_row(clean_table(), 0, level2="社会成本指标", name="施工期间对周边群众出行的影响", value_text="无重大影响")
    assert check(rules.check_cost_is_money, table) == []


def test_a_cost_above_the_budget_is_flagged_in_any_money_unit():
    for text in ("≤4970万元", "≤49700000元"):
        found = check(rules.check_cost_within_budget, with_row(clean_table(), 0, value_text=text))
        assert [(f.code, f.row) for f in found] == [("R-MEANING-COST-OVER-BUDGET", 0)]
        assert "4970万元" in found[0].message and "497万元" in found[0].message


def test_a_cost_equal_to_the_budget_passes():
    assert check(rules.check_cost_within_budget, with_row(clean_table(), 0, value_text="≤4970000元")) == []


def test_a_price_per_person_is_no_total_to_hold_against_the_budget():
    table = with_row(clean_table(), 0, name="人均培训成本", value_text="≤5000元/人")
    assert check(rules.check_cost_within_budget, table) == []
    assert check(rules.check_cost_is_money, table) == []


def test_a_cost_far_below_the_budget_is_an_info():
    found = check(rules.check_cost_covers_budget, with_row(clean_table(), 0, value_text="≤100万元"))
    assert [(f.code, f.severity, f.row) for f in found] == [("R-MEANING-COST-UNDER-BUDGET", "info", 0)]
    assert "20%" in found[0].message


def test_a_cost_covering_most_of_the_budget_passes():
    assert check(rules.check_cost_covers_budget, with_row(clean_table(), 0, value_text="≤400万元")) == []


def test_a_department_table_is_not_expected_to_itemise_its_whole_budget_as_cost():
    table = with_row(clean_table(kind="overall", budget_total=Decimal("864.3")), 0, value_text="≤156万")
    assert check(rules.check_cost_covers_budget, table) == []
    assert codes(check(rules.check_cost_covers_budget, with_row(clean_table(), 0, value_text="≤156万"))) == [
        "R-MEANING-COST-UNDER-BUDGET"
    ]
