"""History rules: targets against the 规划值, 当年标准值, 前三年均值 and 上年值 filed beside them."""
import dataclasses

import pytest

from documents.rules import history as rules

from .rulekit import clean_duty_table, row, taxonomy


def duty_with(*rows):
    table = clean_duty_table()
    task = dataclasses.replace(table.duties[0].tasks[0], indicators=list(rows))
    return dataclasses.replace(table, duties=[dataclasses.replace(table.duties[0], tasks=[task])])


def check(rule, table):
    return rule(table, taxonomy=taxonomy())


def test_a_count_below_last_year_and_the_standard_is_flagged_naming_each_reference():
    table = duty_with(
        row("", "", "组织踏勘评审工作次数", "1800次", basis="", ref_plan="/", ref_standard="2000次", ref_avg3="1894次", ref_last_year="2490次")
    )
    found = check(rules.check_target_not_below_references, table)
    assert [(f.code, f.row, f.field) for f in found] == [("R-HISTORY-BELOW", 0, "value_text")]
    for part in ("当年标准值2000次", "前三年均值1894次", "上年值2490次"):
        assert part in found[0].message
    assert "规划值" not in found[0].message


def test_references_in_other_magnitudes_are_compared_at_scale():
    table = duty_with(row("", "", "公共资源交易平台交易额", "900亿元", basis="", ref_avg3="1550亿元", ref_last_year="9000000万元"))
    found = check(rules.check_target_not_below_references, table)
    assert "前三年均值1550亿元" in found[0].message and "上年值" not in found[0].message


def test_a_target_at_or_above_its_references_passes():
    assert check(rules.check_target_not_below_references, clean_duty_table()) == []


def test_an_increment_is_not_a_level_to_compare_with():
    table = duty_with(row("", "", "主题集成服务事项数量", "32个", basis="", ref_plan="新增20个", ref_standard="新增40个"))
    assert check(rules.check_target_not_below_references, table) == []


@pytest.mark.parametrize(
    "target,direction",
    [("≤1800次", ""), ("1800次", "反向")],
)
def test_a_measure_where_less_is_better_may_go_below_last_year(target, direction):
    table = duty_with(row("", "", "群众投诉件数", target, basis="", direction=direction, ref_last_year="2490次"))
    assert check(rules.check_target_not_below_references, table) == []


def test_a_complaint_count_without_comparator_is_not_assumed_positive():
    table = duty_with(row("", "", "群众投诉件数", "1800件", basis="", ref_last_year="2490件"))
    assert check(rules.check_target_not_below_references, table) == []


def test_references_in_another_unit_are_flagged():
    table = duty_with(
        row("", "", "企业登记全程网办率", "99%", basis="", ref_plan="99%", ref_avg3="4.09万件", ref_last_year="4.15万件")
    )
    found = check(rules.check_reference_units, table)
    assert [(f.code, f.field) for f in found] == [("R-HISTORY-UNIT", "ref_avg3")]
    assert "4.09万件" in found[0].message and "4.15万件" in found[0].message and "规划值" not in found[0].message
    # …and are not compared as if they were percentages.
    assert check(rules.check_target_not_below_references, table) == []


def test_percent_spellings_and_bare_numbers_count_as_the_same_unit():
    table = duty_with(row("", "", "电子档案同步领取数量", "5万", basis="", ref_standard="5万", ref_avg3="0", ref_last_year="0"))
    table2 = duty_with(row("", "", "免证办事项占比", "83%", basis="", ref_plan="80 百分比", ref_last_year="30%"))
    assert check(rules.check_reference_units, table) == [] and check(rules.check_reference_units, table2) == []
