"""The new year's draft made from last year's document, without a database."""
from decimal import Decimal

from documents.goaltable import Duty, DutyTask, GoalTable, IndicatorRow, Milestone
from documents.rollover import last_year_value, next_year_document


def test_last_years_target_becomes_the_new_rows_last_year_value():
    filed = IndicatorRow("产出指标", "数量指标", "服务人数", value_text="≥600人", ref_last_year="550人")
    parts_only = IndicatorRow("产出指标", "数量指标", "办件量", comparator="≥", value=Decimal("1000"), unit="件")
    document = GoalTable(
        year=2023,
        name="项目",
        budget_total=Decimal("128.00"),
        milestones=[Milestone("6月底", 6, Decimal("68.00")), Milestone("12月底", 12, Decimal("128.00"))],
        indicators=[filed],
        duties=[Duty("1", "职责", [DutyTask("事项", "目标", [parts_only])])],
        filled_on=None,
    )
    new = next_year_document(document, year=2024)
    rows = list(new.all_indicators())
    assert [r.ref_last_year for r in rows] == ["≥600人", "≥1000件"]
    assert [r.value_text for r in rows] == ["≥600人", ""]  # the target itself stays, to be revised
    assert new.year == 2024 and new.budget_total == Decimal("128.00")
    assert [(m.label, m.month, m.value) for m in new.milestones] == [("6月底", 6, None), ("12月底", 12, None)]
    assert list(document.all_indicators())[0].ref_last_year == "550人"  # last year's document is untouched


def test_a_row_without_a_target_has_no_last_year_value():
    assert last_year_value(IndicatorRow("产出指标", "数量指标", "服务人数")) == ""
