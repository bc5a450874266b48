"""The rules for what reviewers used to find by hand: placeholders, numbering and values in
names, inputs as outputs, weights, lost comparators, fractions, last year's actual."""
import dataclasses

import pytest

from documents.rules import completeness, history, meaning, structure, targets, wording
from documents.rules.wording import value_in_name

from .rulekit import clean_duty_table, clean_table, codes, findings, taxonomy, with_row


@pytest.mark.parametrize(
    "field,text,mark",
    [("value_text", "≥**株", "**"), ("value_text", "(≥**%)", "**"), ("name", "★新增绿化面积", "★"),
     ("description", "为××提供服务", "××"), ("value_text", "≥XX%", "XX")],
)
def test_placeholders_left_from_the_template_are_errors(field, text, mark):
    found = wording.check_no_placeholders(with_row(clean_table(), 3, **{field: text}), taxonomy=taxonomy())
    assert [(f.severity, f.field, f.row) for f in found] == [("error", field, 3)]
    assert f"“{mark}”" in found[0].message


def test_a_placeholder_in_the_goal_is_a_table_finding():
    found = wording.check_no_placeholders(clean_table(annual_goal="完成**台设备运维"), taxonomy=taxonomy())
    assert [(f.field, f.row) for f in found] == [("annual_goal", None)]


@pytest.mark.parametrize("name", ["7×24小时服务可用率", "二〇〇九年以来档案数字化率", "X光机运行率"])
def test_marks_that_belong_to_the_name_are_no_placeholders(name):
    assert wording.check_no_placeholders(with_row(clean_table(), 3, name=name), taxonomy=taxonomy()) == []


@pytest.mark.parametrize(
    "name,rest", [("指标1:培训人次", "培训人次"), ("1.培训人次", "培训人次"), ("（一）培训人次", "培训人次"),
                  ("二、培训人次", "培训人次"), ("①培训人次", "培训人次"), ("指标 2：培训人次", "培训人次")]
)
def test_numbering_left_in_names(name, rest):
    found = wording.check_name_without_numbering(with_row(clean_table(), 2, name=name), taxonomy=taxonomy())
    assert codes(found) == ["R-COMPLETE-NAME-NUMBERING"] and f"只写“{rest}”" in found[0].message


@pytest.mark.parametrize("name", ["12345热线接通率", "1.5级以上设备完好率", "5G基站覆盖率", "2023年培训人次"])
def test_digits_that_belong_to_the_name_are_no_numbering(name):
    assert wording.check_name_without_numbering(with_row(clean_table(), 2, name=name), taxonomy=taxonomy()) == []


@pytest.mark.parametrize(
    "name,written",
    [("村组干部230人", "230人"), ("培训满意度≥95%", "≥95%"), ("办结时限3个工作日", "3个工作日"), ("群众满意率不低于90%", "不低于90%")],
)
def test_values_written_into_names(name, written):
    assert value_in_name(name) == written


@pytest.mark.parametrize("name", ["12345热线接通率", "“7+1”类事项网办率", "近3年", "第2期培训人次", "2023年培训人次", "5G基站数量"])
def test_names_with_digits_that_are_no_target(name):
    assert value_in_name(name) is None


def test_value_in_name_suggests_a_name_and_where_the_value_goes():
    found = wording.check_value_not_in_name(with_row(clean_table(), 1, name="村组干部230人"), taxonomy=taxonomy())
    assert "“村组干部数量”" in found[0].message and "把“230人”填到指标值一栏" in found[0].message


@pytest.mark.parametrize("name", ["投入资金", "项目投入资金总额", "投入人数", "人员投入", "到位资金"])
def test_inputs_are_no_outputs(name):
    table = with_row(clean_table(), 1, name=name, description="")
    assert codes(meaning.check_input_not_output(table, taxonomy=taxonomy())) == ["R-MEANING-INPUT-AS-OUTPUT"]


def test_inputs_in_the_cost_part_are_where_they_belong():
    table = with_row(clean_table(), 0, name="投入资金")
    assert meaning.check_input_not_output(table, taxonomy=taxonomy()) == []
    # …and so is the count of people a service reaches.
    table = with_row(clean_table(), 1, name="平台使用人数")
    assert meaning.check_input_not_output(table, taxonomy=taxonomy()) == []


def _weighted(level1_weights, row_weights=None):
    rows = []
    for index, r in enumerate(clean_table().indicators):
        level1 = f"{r.level1}（{level1_weights[r.level1]}分）" if r.level1 in level1_weights else r.level1
        name = f"{r.name}（{row_weights[index]}分）" if row_weights and index in row_weights else r.name
        rows.append(dataclasses.replace(r, level1=level1, name=name))
    return clean_table(indicators=rows)


def test_weights_of_the_level1_must_make_100():
    table = _weighted({"成本指标": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 5})
    found = structure.check_weights_add_up(table, taxonomy=taxonomy())
    assert [f.message.split("，")[0] for f in found] == ["各指标的权重合计95分"]
    assert structure.check_weights_add_up(_weighted({"成本指标": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}), taxonomy=taxonomy()) == []


def test_weights_of_the_rows_must_make_their_level1():
    weights = {"成本指标": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    table = _weighted(weights, {1: 10, 2: 10, 3: 10, 4: 10})
    found = structure.check_weights_add_up(table, taxonomy=taxonomy())
    assert len(found) == 1 and "“产出指标（50分）”的权重为50分，其下三级指标的权重合计40分" in found[0].message
    assert structure.check_weights_add_up(_weighted(weights, {1: 20, 2: 10, 3: 10, 4: 10}), taxonomy=taxonomy()) == []


def test_a_score_target_is_no_weight():
    table = with_row(clean_table(), 7, name="满意度测评得分（≥90分）", value_text="≥90分")
    assert structure.check_weights_add_up(table, taxonomy=taxonomy()) == []


@pytest.mark.parametrize("text,meant", [("290%", "≥90%"), ("295.5%", "≥95.5%"), ("2100%", "≥100%")])
def test_a_comparator_turned_into_a_2(text, meant):
    found = findings(with_row(clean_table(), 3, value_text=text))
    assert codes(found) == ["R-VALUE-LOST-COMPARATOR"] and f"请改为“{meant}”" in found[0].message


@pytest.mark.parametrize("text", ["≥290%", "205%", "300%"])
def test_percent_over_100_that_is_no_lost_comparator(text):
    found = targets.check_comparator_not_lost(with_row(clean_table(), 3, value_text=text), taxonomy=taxonomy())
    assert found == []


@pytest.mark.parametrize("text,meant", [("≥0.98", "≥98%"), ("0.95", "≥95%"), ("≥0.9%", "≥90%")])
def test_fractions_meant_as_percent(text, meant):
    found = findings(with_row(clean_table(), 3, value_text=text))
    assert codes(found) == ["R-VALUE-FRACTION"] and f"请改为“{meant}”" in found[0].message


def test_a_small_percent_of_a_bad_thing_is_no_fraction():
    table = with_row(clean_table(), 3, name="系统故障率", value_text="≤0.5%")
    assert targets.check_rate_not_fraction(table, taxonomy=taxonomy()) == []


def test_timeliness_counted_in_people_and_satisfaction_in_people():
    table = with_row(clean_table(), 2, name="补贴按时发放", value_text="≥1人/年")
    table = with_row(table, 7, name="群众满意度", value_text="≥90人")
    found = targets.check_unit_fits_measure(table, taxonomy=taxonomy())
    assert [(f.row, f.field) for f in found] == [(2, "unit"), (7, "unit")]
    assert "按时完成的比例" in found[0].message and "百分比" in found[1].message


def test_a_target_below_last_years_actual_written_in_the_basis():
    table = with_row(clean_table(), 7, value_text="≥90%", basis="历史标准：上年实际完成96%")
    found = history.check_target_not_below_last_year(table, taxonomy=taxonomy())
    assert codes(found) == ["R-HISTORY-LAST-YEAR"] and "低于上年实际96%" in found[0].message


def test_a_cap_looser_than_last_years_actual():
    table = with_row(clean_table(), 4, value_text="≤1小时", description="上年实际0.5小时")
    found = history.check_target_not_below_last_year(table, taxonomy=taxonomy())
    assert codes(found) == ["R-HISTORY-LAST-YEAR"] and "高于（宽于）上年实际0.5小时" in found[0].message


def test_last_years_column_is_left_to_the_reference_rule():
    # The duty layout's 上年值 column: R-HISTORY-BELOW compares it with the other references.
    assert history.check_target_not_below_last_year(clean_duty_table(), taxonomy=taxonomy()) == []


def test_goals_filed_per_duty_or_with_the_purpose_are_goals():
    table = clean_duty_table()
    overall = dataclasses.replace(table, layout="overall", annual_goal="")
    assert completeness.check_goal_present(overall, taxonomy=taxonomy()) == []
    table = clean_table(annual_goal="", period_goal="", purpose="资金用途及绩效目标：保障120台设备正常运行，系统正常运行率不低于99%。")
    assert completeness.check_goal_present(table, taxonomy=taxonomy()) == []


def test_new_rules_leave_the_rows_they_do_not_concern_alone():
    table = with_row(clean_table(), 1, name="村组干部230人")
    assert [(f.code, f.row) for f in findings(table)] == [("R-VALUE-IN-NAME", 1)]
