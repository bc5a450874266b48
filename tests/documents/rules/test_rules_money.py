"""Money rules: budget, sources and the cumulative spending plan agree."""
import dataclasses
from decimal import Decimal

from documents.goaltable import Milestone
from documents.rules import money as rules

from .rulekit import clean_table, codes, taxonomy


def check(rule, table):
    return rule(table, taxonomy=taxonomy())


def plan(*values, unit="amount"):
    labels = ("3月底", "6月底", "10月底", "12月底")
    return {
        "milestone_unit": unit,
        "milestones": [Milestone(label, int(label[:-2]), Decimal(v) if v else None) for label, v in zip(labels, values)],
    }


def test_sources_that_do_not_add_up_are_an_error_with_the_difference():
    found = check(rules.check_sources_add_up, clean_table(fiscal_funds=Decimal("400"), other_funds=Decimal("50")))
    assert [(f.code, f.severity, f.field) for f in found] == [("R-MONEY-SOURCES", "error", "fiscal_funds")]
    assert "450万元" in found[0].message and "47万元" in found[0].message


def test_sources_that_add_up_pass():
    table = clean_table(fiscal_funds=Decimal("400.00"), other_funds=Decimal("97"))
    assert check(rules.check_sources_add_up, table) == []


def test_a_budget_without_sources_is_not_judged():
    assert check(rules.check_sources_add_up, clean_table(fiscal_funds=None)) == []


def test_the_department_table_adds_up_by_income_and_by_spending():
    table = clean_table(
        kind="overall",
        layout="overall",
        fiscal_funds=None,
        budget_total=Decimal("864.3"),
        income_general=Decimal("864.3"),
        spending_basic=Decimal("367.6"),
        spending_project=Decimal("496.7"),
    )
    assert check(rules.check_sources_add_up, table) == []
    found = check(rules.check_sources_add_up, dataclasses.replace(table, spending_project=Decimal("396.7")))
    assert [f.field for f in found] == ["spending_basic"] and "按支出性质" in found[0].message


def test_hunan_superior_funds_sit_beside_the_budget_not_inside_it():
    table = clean_table(layout="hunan", fiscal_funds=None, superior_funds=Decimal("30"))
    assert check(rules.check_sources_add_up, table) == []


def test_a_decreasing_plan_is_an_error():
    found = check(rules.check_plan_cumulative, clean_table(**plan("300", "200", "400", "497")))
    assert [(f.code, f.severity, f.field) for f in found] == [("R-MONEY-PLAN-DECREASE", "error", "milestones")]
    assert "6月底" in found[0].message and "3月底" in found[0].message
    assert found[0].point == 1  # the editor marks the 6月底 box


def test_plan_findings_name_their_point_among_all_points_even_with_gaps():
    table = clean_table(**plan("300", "", "200", "600"))
    (decrease,) = check(rules.check_plan_cumulative, table)
    (over,) = check(rules.check_plan_within_budget, table)
    assert (decrease.point, over.point) == (2, 3)


def test_a_flat_plan_is_not_decreasing():
    assert check(rules.check_plan_cumulative, clean_table(**plan("100", "100", "400", "497"))) == []


def test_a_plan_above_the_budget_or_100_percent_is_an_error():
    assert codes(check(rules.check_plan_within_budget, clean_table(**plan("100", "250", "400", "550")))) == [
        "R-MONEY-PLAN-OVER"
    ]
    assert codes(check(rules.check_plan_within_budget, clean_table(**plan("25", "50", "75", "110", unit="percent")))) == [
        "R-MONEY-PLAN-OVER"
    ]


def test_a_plan_in_percent_that_ends_at_100_passes_whatever_the_budget():
    table = clean_table(**plan("25", "50", "75", "100", unit="percent"))
    assert check(rules.check_plan_within_budget, table) == []
    assert check(rules.check_plan_reaches_budget, table) == []


def test_a_plan_ending_below_the_budget_is_a_warning():
    found = check(rules.check_plan_reaches_budget, clean_table(**plan("100", "200", "400", "480")))
    assert [(f.code, f.severity) for f in found] == [("R-MONEY-PLAN-SHORT", "warning")]
    assert "480万元" in found[0].message and "497万元" in found[0].message


def test_a_plan_above_the_budget_is_not_also_called_short():
    table = clean_table(**plan("100", "600", "400", "480"))
    assert check(rules.check_plan_reaches_budget, table) == []


def test_a_table_without_a_plan_is_not_judged():
    table = clean_table(milestones=[])
    assert [r(table, taxonomy=taxonomy()) for r in (rules.check_plan_cumulative, rules.check_plan_within_budget, rules.check_plan_reaches_budget)] == [[], [], []]
