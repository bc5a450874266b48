"""Completeness rules: each has a table it must flag and a close one it must leave alone."""
import dataclasses

import pytest

from documents.rules import completeness as rules

from .rulekit import clean_duty_table, clean_table, codes, findings, row, taxonomy, with_row, with_rows


def only(found, code):
    return [f for f in found if f.code == code]


@pytest.mark.parametrize("table", [clean_table(), clean_duty_table()], ids=["standard", "duty"])
def test_well_formed_tables_draw_no_finding_at_all(table):
    assert findings(table) == []


def test_a_table_without_indicators_is_an_error():
    found = rules.check_has_indicators(clean_table(indicators=[]), taxonomy=taxonomy())
    assert [(f.code, f.severity, f.row) for f in found] == [("R-COMPLETE-INDICATORS", "error", None)]
    assert rules.check_has_indicators(clean_duty_table(), taxonomy=taxonomy()) == []


def test_missing_level1_of_the_scheme_is_named():
    table = clean_table(indicators=[r for r in clean_table().indicators if r.level1 != "成本指标"])
    found = rules.check_required_level1(table, taxonomy=taxonomy())
    assert len(found) == 1 and found[0].severity == "error"
    assert "成本指标" in found[0].message and "请" in found[0].message


def test_the_legacy_scheme_does_not_require_cost_as_level1():
    rows = [
        dataclasses.replace(r, level1="产出指标", level2="成本指标") if r.level1 == "成本指标" else r
        for r in clean_table().indicators
    ]
    assert rules.check_required_level1(clean_table(indicators=rows), taxonomy=taxonomy("legacy")) == []
    # …while the 2021 scheme does: once, where the rows sit (not also "成本指标 missing").
    found = findings(clean_table(indicators=rows))
    assert codes(found) == ["R-STRUCT-LEVEL2"]
    assert "“成本指标”是一级指标" in found[0].message and "经济成本指标" in found[0].message
    # Without any cost row at all the 2021 scheme asks for one.
    no_cost = [r for r in clean_table().indicators if r.level1 != "成本指标"]
    assert codes(rules.check_required_level1(clean_table(indicators=no_cost), taxonomy=taxonomy())) == ["R-COMPLETE-LEVEL1"]


def test_duty_layout_has_no_tree_to_require():
    assert rules.check_required_level1(clean_duty_table(), taxonomy=taxonomy()) == []


def test_output_without_timeliness_is_flagged_naming_the_missing_level2():
    table = clean_table(indicators=[r for r in clean_table().indicators if r.level2 != "时效指标"])
    found = rules.check_output_dimensions(table, taxonomy=taxonomy())
    assert codes(found) == ["R-COMPLETE-OUTPUT"]
    assert "时效指标" in found[0].message and "数量指标" not in found[0].message.split("（")[0]


def test_output_with_all_three_dimensions_passes_even_when_cost_sits_under_it():
    table = with_rows(clean_table(), row("产出指标", "成本指标", "运维成本", "≤497万元"))
    assert rules.check_output_dimensions(table, taxonomy=taxonomy("legacy")) == []


def test_empty_level3_is_an_error_on_its_row():
    found = rules.check_level3_present(with_row(clean_table(), 3, name=""), taxonomy=taxonomy())
    assert [(f.code, f.row, f.field, f.severity) for f in found] == [("R-COMPLETE-LEVEL3", 3, "name", "error")]


def test_a_line_with_only_its_categories_blocks_until_filled_in_or_deleted():
    # Submission refuses it (it would print as an empty row), so the editor must say so too.
    blank = row("产出指标", "数量指标", "", "", description="", basis="")
    (found,) = rules.check_level3_present(with_rows(clean_table(), blank), taxonomy=taxonomy())
    assert (found.code, found.severity, found.row) == ("R-COMPLETE-LEVEL3", "error", 8)
    assert "只有指标分类" in found.message and "删除" in found.message


def test_a_table_without_a_name_cannot_be_submitted():
    (found,) = rules.check_has_name(clean_table(name=" "), taxonomy=taxonomy())
    assert (found.code, found.severity, found.field) == ("R-COMPLETE-NAME", "error", "project_name")
    assert rules.check_has_name(clean_table(), taxonomy=taxonomy()) == []


def test_level3_repeating_its_level2_is_flagged():
    table = with_row(clean_table(), 7, name="服务对象满意度指标")
    found = rules.check_level3_not_generic(table, taxonomy=taxonomy())
    assert [(f.row, f.indicator) for f in found] == [(7, "服务对象满意度指标")]


def test_level3_that_only_shares_words_with_its_level2_passes():
    # "服务对象满意度" under "服务对象满意度指标" is the common, accepted wording.
    table = with_row(clean_table(), 7, name="服务对象满意度")
    assert rules.check_level3_not_generic(table, taxonomy=taxonomy()) == []


def test_a_level3_name_used_twice_is_reported_once_with_both_rows():
    table = with_row(clean_table(), 6, name="企业注册全程网办率", level2="社会效益指标")
    found = rules.check_duplicate_names(table, taxonomy=taxonomy())
    assert len(found) == 1
    assert found[0].row == 6 and "第6行" in found[0].message and "第7行" in found[0].message


def test_similar_but_different_names_are_not_duplicates():
    table = with_row(clean_table(), 6, name="企业注册全程网办率（新设立）")
    assert rules.check_duplicate_names(table, taxonomy=taxonomy()) == []


def test_a_measure_in_both_the_long_term_and_the_annual_block_is_no_duplicate():
    long_term = dataclasses.replace(clean_table().indicators[3], term="长期", value_text="≥99%")
    assert rules.check_duplicate_names(with_rows(clean_table(), long_term), taxonomy=taxonomy()) == []


def test_two_indicators_with_one_description_are_flagged_on_the_second():
    text = "扩大电子营业执照的受众面和覆盖面。"
    table = with_row(with_row(clean_table(), 3, description=text), 5, description=text)
    found = rules.check_duplicate_descriptions(table, taxonomy=taxonomy())
    assert [(f.row, f.field) for f in found] == [(5, "description")]
    assert "系统正常运行率" in found[0].message


def test_the_same_indicator_repeated_is_not_a_description_clash():
    table = with_rows(clean_table(), clean_table().indicators[3])
    assert rules.check_duplicate_descriptions(table, taxonomy=taxonomy()) == []


def test_an_empty_value_is_an_error():
    found = rules.check_value_present(with_row(clean_table(), 1, value_text=""), taxonomy=taxonomy())
    assert [(f.code, f.row, f.severity) for f in found] == [("R-COMPLETE-VALUE", 1, "error")]
    assert rules.check_value_present(with_row(clean_table(), 1, value_text="达标"), taxonomy=taxonomy()) == []


def test_a_number_without_unit_is_flagged():
    found = rules.check_unit_present(with_row(clean_table(), 7, value_text="≥98"), taxonomy=taxonomy())
    assert [(f.row, f.field) for f in found] == [(7, "unit")]
    assert "≥98" in found[0].message


def test_a_qualitative_value_needs_no_unit():
    table = with_row(clean_table(), 6, name="运维管理制度健全性", value_text="健全")
    assert rules.check_unit_present(table, taxonomy=taxonomy()) == []


def test_missing_basis_on_some_rows_points_at_each():
    found = rules.check_basis_present(with_row(clean_table(), 2, basis=""), taxonomy=taxonomy())
    assert [(f.row, f.field) for f in found] == [(2, "basis")]


def test_a_basis_column_empty_from_top_to_bottom_is_a_form_without_one():
    # Many provinces' forms have no 指标值确定依据 column: nothing there is no omission.
    rows = [dataclasses.replace(r, basis="") for r in clean_table().indicators]
    assert rules.check_basis_present(clean_table(indicators=rows), taxonomy=taxonomy()) == []


def test_one_row_without_the_basis_the_others_give_is_flagged():
    table = with_row(clean_table(), 2, basis="")
    found = rules.check_basis_present(table, taxonomy=taxonomy())
    assert [(f.row, f.field) for f in found] == [(2, "basis")] and "年度巡检次数" in found[0].message


def test_hunan_layout_keeps_its_basis_in_the_standard_column():
    rows = [dataclasses.replace(r, basis="", standard="计划标准") for r in clean_table().indicators]
    assert rules.check_basis_present(clean_table(layout="hunan", indicators=rows), taxonomy=taxonomy()) == []
    rows[1] = dataclasses.replace(rows[1], standard="")
    found = rules.check_basis_present(clean_table(layout="hunan", indicators=rows), taxonomy=taxonomy())
    assert [f.field for f in found] == ["standard"] and "绩效标准" in found[0].message


def test_layouts_without_a_basis_column_are_not_asked_for_one():
    rows = [dataclasses.replace(r, basis="") for r in clean_table().indicators]
    assert rules.check_basis_present(clean_table(layout="list", indicators=rows), taxonomy=taxonomy()) == []


def test_an_empty_goal_is_an_error():
    found = rules.check_goal_present(clean_table(annual_goal="", period_goal=""), taxonomy=taxonomy())
    assert [(f.code, f.field, f.severity) for f in found] == [("R-COMPLETE-GOAL", "annual_goal", "error")]


def test_a_period_goal_alone_is_a_goal():
    table = clean_table(annual_goal="", period_goal="保障中心供水供电正常稳定，全年停水停电不超过2次。")
    assert rules.check_goal_present(table, taxonomy=taxonomy()) == []


@pytest.mark.parametrize(
    "goal",
    ["1.目标内容 1 市民中心信息化平台运维经费", "保障市民中心信息化平台运维", "市民中心信息化平台运维经费"],
)
def test_a_goal_that_only_restates_the_project_name_is_flagged(goal):
    found = rules.check_goal_not_name(clean_table(annual_goal=goal), taxonomy=taxonomy())
    assert codes(found) == ["R-COMPLETE-GOAL-NAME"]


def test_a_goal_that_names_the_project_and_says_what_it_achieves_passes():
    goal = "通过市民中心信息化平台运维经费保障120台设备正常运行，系统正常运行率不低于99%。"
    assert rules.check_goal_not_name(clean_table(annual_goal=goal), taxonomy=taxonomy()) == []
