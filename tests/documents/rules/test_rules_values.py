"""Value rules: a number, in a unit that fits, on the side that fits the measure."""
import pytest

from documents.rules import targets as rules

from .rulekit import clean_table, codes, row, taxonomy, with_row, with_rows


def check(rule, table):
    return rule(table, taxonomy=taxonomy())


# --- R-VALUE-NO-NUMBER ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["明显提高", "进一步改善", "有所提升", "好", "良好。", "优秀"])
def test_only_vague_words_are_flagged(text):
    found = check(rules.check_value_has_number, with_row(clean_table(), 6, name="运维管理水平", value_text=text))
    assert [(f.code, f.row, f.field) for f in found] == [("R-VALUE-NO-NUMBER", 6, "value_text")]
    assert text in found[0].message


def test_a_rate_without_a_number_is_flagged():
    found = check(rules.check_value_has_number, with_row(clean_table(), 3, value_text="较高"))
    assert codes(found) == ["R-VALUE-NO-NUMBER"]


def test_a_range_is_asked_to_become_one_target():
    found = check(rules.check_value_has_number, with_row(clean_table(), 3, value_text="90%-95%"))
    assert codes(found) == ["R-VALUE-NO-NUMBER"] and "一个目标值" in found[0].message


@pytest.mark.parametrize("text", ["健全", "好评率高于上年", "按时完成"])
def test_a_clear_qualitative_value_for_a_qualitative_indicator_passes(text):
    table = with_row(clean_table(), 6, name="运维管理制度健全性", value_text=text)
    assert check(rules.check_value_has_number, table) == []


# --- R-VALUE-VAGUE-NAME --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["提高窗口工作人员素质", "提高效率", "降低工作人员停车成本", "提高劳务派遣任务服务质量"])
def test_a_name_that_states_an_aim_is_flagged(name):
    found = check(rules.check_name_is_measurable, with_row(clean_table(), 5, name=name, description="", value_text="≥30%"))
    assert [(f.code, f.row, f.field) for f in found] == [("R-VALUE-VAGUE-NAME", 5, "name")]


@pytest.mark.parametrize("name", ["提高行政许可即办件占比", "三公经费同比减少率", "降低后的平均办理时间"])
def test_a_name_that_starts_with_a_verb_but_names_a_measure_passes(name):
    assert check(rules.check_name_is_measurable, with_row(clean_table(), 5, name=name, description="")) == []


# --- R-VALUE-RATE-100 / R-VALUE-RATE-OVER-100 ----------------------------------------------


@pytest.mark.parametrize("text", ["≥100%", "≥100 百分比"])
def test_a_rate_of_at_least_100_percent_is_flagged(text):
    found = check(rules.check_rate_not_at_least_100, with_row(clean_table(), 3, value_text=text))
    assert [(f.code, f.row) for f in found] == [("R-VALUE-RATE-100", 3)]
    assert "=100%" in found[0].message


@pytest.mark.parametrize("text", ["=100%", "≥99%", "100%"])
def test_exactly_100_percent_or_less_passes(text):
    assert check(rules.check_rate_not_at_least_100, with_row(clean_table(), 3, value_text=text)) == []


def test_a_growth_rate_may_be_at_least_100_percent():
    table = with_row(clean_table(), 5, name="线上办件量增长率", value_text="≥100%")
    assert check(rules.check_rate_not_at_least_100, table) == []
    assert check(rules.check_rate_not_over_100, with_row(table, 5, value_text="≥120%")) == []


def test_a_rate_over_100_percent_is_flagged():
    found = check(rules.check_rate_not_over_100, with_row(clean_table(), 5, value_text="≥120%"))
    assert [(f.code, f.row) for f in found] == [("R-VALUE-RATE-OVER-100", 5)]


def test_a_count_over_100_is_not_a_rate():
    assert check(rules.check_rate_not_over_100, with_row(clean_table(), 1, value_text="≥120台")) == []


# --- R-VALUE-UNIT-KIND ---------------------------------------------------------------------


def test_coverage_in_days_is_flagged_reading_the_description_when_the_name_is_silent():
    table = with_row(
        clean_table(), 3, name="全面拓展电子营业执照应用场景", description="扩大电子营业执照的受众面和覆盖面。", value_text="≥90天"
    )
    found = check(rules.check_unit_fits_measure, table)
    assert [(f.code, f.row, f.field) for f in found] == [("R-VALUE-UNIT-KIND", 3, "unit")]
    assert "≥90天" in found[0].message and "%" in found[0].message


def test_coverage_in_percent_passes():
    table = with_row(
        clean_table(), 3, name="全面拓展电子营业执照应用场景", description="扩大电子营业执照的受众面和覆盖面。", value_text="≥90%"
    )
    assert check(rules.check_unit_fits_measure, table) == []


def test_a_duration_in_percent_is_flagged():
    table = with_row(clean_table(), 4, name="网络安全建设正式运行时间", value_text="≥95 百分比")
    assert codes(check(rules.check_unit_fits_measure, table)) == ["R-VALUE-UNIT-KIND"]


@pytest.mark.parametrize(
    "name,text", [("设备正常运行天数", "≥350天"), ("系统巡检频率", "≥2次"), ("审批效率", "≤3天"), ("平均日维护数", "≥2次/天")]
)
def test_counts_frequencies_and_speeds_are_not_shares(name, text):
    assert check(rules.check_unit_fits_measure, with_row(clean_table(), 6, name=name, value_text=text)) == []


# --- R-VALUE-DIRECTION ---------------------------------------------------------------------


def test_positive_with_at_most_is_flagged_on_the_direction():
    table = with_row(clean_table(), 3, direction="正向", comparator="≤")
    found = check(rules.check_direction_matches_comparator, table)
    assert [(f.code, f.row, f.field) for f in found] == [("R-VALUE-DIRECTION", 3, "direction")]


def test_negative_with_at_least_is_flagged():
    table = with_row(clean_table(), 4, direction="反向", comparator="≥")
    assert codes(check(rules.check_direction_matches_comparator, table)) == ["R-VALUE-DIRECTION"]


def test_matching_direction_and_comparator_pass():
    table = with_row(with_row(clean_table(), 3, direction="正向"), 4, direction="反向")
    assert check(rules.check_direction_matches_comparator, table) == []


# --- R-VALUE-COMPARATOR-MEANING ------------------------------------------------------------


@pytest.mark.parametrize(
    "name,text",
    [("设施运维机制健全性", "≤90%"), ("办事企业群众满意度", "≤95%"), ("培训对象覆盖率", "≤99%")],
)
def test_a_rate_or_satisfaction_capped_from_above_is_flagged(name, text):
    found = check(rules.check_comparator_fits_meaning, with_row(clean_table(), 5, name=name, value_text=text))
    assert [(f.code, f.row) for f in found] == [("R-VALUE-COMPARATOR-MEANING", 5)]


@pytest.mark.parametrize(
    "name,text", [("年度用水量", "≥2500立方米"), ("年度用电量", "≥10000千瓦时"), ("系统故障率", "≥1%"), ("投诉件数", "≥3件")]
)
def test_consumption_failure_or_complaint_with_at_least_is_flagged(name, text):
    found = check(rules.check_comparator_fits_meaning, with_row(clean_table(), 2, name=name, value_text=text))
    assert codes(found) == ["R-VALUE-COMPARATOR-MEANING"]


def test_consumption_filed_as_positive_and_at_least_is_flagged_like_fuzhou():
    # The list layout files 正向 and 大于等于 in their own columns beside a bare number.
    water = row("产出指标", "数量指标", "年度用水量", "2500.00", description="年度用水总量", direction="正向", comparator="≥")
    water.unit = "立方米"
    found = check(rules.check_comparator_fits_meaning, with_rows(clean_table(), water))
    assert [(f.row, f.indicator) for f in found] == [(8, "年度用水量")]
    assert "正向" in found[0].message and "≥2500立方米" in found[0].message and "反向" in found[0].message


@pytest.mark.parametrize(
    "name,text",
    [
        ("年度用水量", "≤2500立方米"),
        ("节电量", "≥1000千瓦时"),
        ("故障排除率", "≥98%"),
        ("水电费用资金到位率", "≥90%"),
        ("投诉办结率", "≥99%"),
        ("系统故障率", "≤1%"),
        ("支出进度", "≤12月"),
        ("机房温度", "≤25℃"),
        ("窗口人员离职率", "≤5%"),
        ("审批事项驳回率", "≤3%"),
    ],
)
def test_measures_on_their_natural_side_pass(name, text):
    assert check(rules.check_comparator_fits_meaning, with_row(clean_table(), 2, name=name, value_text=text)) == []


def test_a_contradiction_already_reported_by_the_direction_rule_is_not_repeated():
    table = with_row(clean_table(), 7, direction="正向", comparator="≤")
    assert check(rules.check_comparator_fits_meaning, table) == []
    assert codes(check(rules.check_direction_matches_comparator, table)) == ["R-VALUE-DIRECTION"]
