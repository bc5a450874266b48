"""Seed 000: 青岛市行政审批服务局本级 2023, six project tables with milestones in 万元.

The facts below are read off the printed document; the demo must bring every one of them into
the database unchanged, including the mistakes a reviewer is meant to catch.
"""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from documents.goaltable import GoalTable as GoalTableDoc
from indicators.models import Indicator
from projects.models import DepartmentReport, GoalTable, Unit

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "seeds" / "000_qingdao.json"

CODES_AND_NAMES = [
    ("37020023P88002811163B", "市民中心后勤保障经费"),
    ("37020023P88002811156A", "市优化营商环境专班工作经费"),
    ("37020023P88002811164Y", "行政审批专项业务费"),
    ("37020023P100002100204", "财源建设工作经费"),
    ("37020023P13000410226A", "市民中心企业注册登记平台运维经费"),
    ("37020023P13000410227X", "市民中心信息化平台运维经费"),
]
BUDGETS = ["7151.00", "128.00", "1298.00", "11.00", "108.51", "497.00"]
MILESTONES = [
    ["2000.00", "5000.00", "7000.00", "7151.00"],
    ["20.00", "68.00", "120.00", "128.00"],
    ["324.50", "649.00", "973.50", "1298.00"],
    ["3.00", "9.00", "10.90", "11.00"],
    ["20.00", "60.00", "100.00", "108.51"],
    ["100.00", "200.00", "480.00", "497.00"],
]


@pytest.fixture
def tables(demo_data, db):
    return list(GoalTable.objects.filter(unit__code="130001", fiscal_year__year=2023).order_by("seq"))


def test_fixture_tables_survive_the_document_model():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert [GoalTableDoc.from_dict(t).to_dict() for t in data["tables"]] == data["tables"]


def test_unit_department_and_year(tables):
    unit = Unit.objects.get(code="130001")
    assert unit.name == "青岛市行政审批服务局本级"
    assert (unit.department.name, unit.department.region) == ("青岛市行政审批服务局", "青岛市")
    assert [t.seq for t in tables] == [1, 2, 3, 4, 5, 6]
    assert {t.scheme.code for t in tables} == {"mof2021"}
    assert {(t.kind, t.layout, t.milestone_unit) for t in tables} == {("project", "standard", "amount")}
    # Qingdao filed tables only, no narrative
    assert not DepartmentReport.objects.filter(department=unit.department).exists()


def test_codes_names_and_titles(tables):
    assert [(t.code, t.name) for t in tables] == CODES_AND_NAMES
    assert tables[0].title == "市民中心后勤保障经费绩效目标表"


def test_budgets_are_exact_decimals_and_other_funds_blank(tables):
    assert [t.budget_total for t in tables] == [Decimal(b) for b in BUDGETS]
    assert [t.fiscal_funds for t in tables] == [Decimal(b) for b in BUDGETS]
    assert all(t.other_funds is None for t in tables)
    assert sum(t.budget_total for t in tables) == Decimal("9193.51")


def test_milestones_are_cumulative_amounts(tables):
    for table, expected in zip(tables, MILESTONES):
        ms = list(table.milestones.order_by("order"))
        assert [(m.label, m.month) for m in ms] == [("3月底", 3), ("6月底", 6), ("10月底", 10), ("12月底", 12)]
        assert [m.value for m in ms] == [Decimal(v) for v in expected]
        assert ms[-1].value == table.budget_total


def test_every_indicator_row_is_loaded_with_its_levels(tables):
    assert [t.indicators.count() for t in tables] == [8] * 6
    first = list(tables[0].indicators.order_by("order"))
    assert [(r.level1, r.level2) for r in first] == [
        ("成本指标", "经济成本指标"),
        ("产出指标", "数量指标"),
        ("产出指标", "数量指标"),
        ("产出指标", "时效指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]


def test_cost_row_exact(tables):
    row = tables[0].indicators.order_by("order").first()
    assert (row.level1, row.level2, row.name, row.description) == (
        "成本指标", "经济成本指标", "后勤保障预算控制数", "后勤保障预算控制数"
    )
    assert (row.value_text, row.basis, row.direction, row.standard) == ("≤7151万元", "历史数据", "", "")
    assert (row.comparator, row.value, row.unit) == ("≤", Decimal("7151"), "万元")


def test_purpose_and_goal_as_filed(tables):
    assert tables[0].purpose == "为市民中心正常运转提供后勤保障服务。"
    assert tables[0].annual_goal == "通过做好设备维护、停车场管理等服务，确保市民中心正常运行。"
    assert tables[0].period == "" and tables[0].period_goal == ""


def test_mistakes_are_kept_as_filed(tables):
    last = tables[5]
    coverage = last.indicators.get(level2="质量指标", name="全面拓展电子营业执照应用场景")
    # a coverage measured in days: the review rules must see it
    assert coverage.value_text == "≥90天"
    mechanism = last.indicators.get(name="设施运维机制健全性")
    assert mechanism.value_text == "≤90%"
    assert mechanism.description == "扩大电子营业执照的受众面和覆盖面。"
    assert Indicator.objects.filter(table=tables[1], name="优化营商环境丧专班预算控制数").exists()
    assert tables[0].indicators.filter(name="支出进度设备维修故障响应时效").exists()
