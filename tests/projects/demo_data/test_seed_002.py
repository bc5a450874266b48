"""Seed 002: 沅江市行政审批服务局 2023, a department table and six hunan-layout project tables.

The facts below are read off the printed document; the demo must bring every one of them into
the database unchanged, including the mistakes a reviewer is meant to catch.
"""
import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

from documents.goaltable import GoalTable as GoalTableDoc
from projects.models import DepartmentReport, GoalTable, Unit

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "seeds" / "002_yuanjiang.json"
DEPT = "沅江市行政审批服务局"

# (项目支出名称, 年度本级预算金额 as filed, number of 三级 rows), 附件2-1 … 2-6
PROJECTS = [
    ("新增劳务派遣人员工资", "96", 7),
    ("新增大厅营运维护费用", "70", 8),
    ("物业管理费", "64", 7),
    ("地下停车位租金", "25", 6),
    ("业务培训费", "20", 7),
    ("电费及水费", "120", 7),
]


@pytest.fixture
def unit(demo_data, db):
    return Unit.objects.get(department__name=DEPT, name=DEPT)


@pytest.fixture
def overall(unit):
    return GoalTable.objects.get(unit=unit, fiscal_year__year=2023, kind="overall")


@pytest.fixture
def projects(unit):
    return list(GoalTable.objects.filter(unit=unit, fiscal_year__year=2023, kind="project").order_by("seq"))


def test_fixture_tables_survive_the_document_model():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert [GoalTableDoc.from_dict(t).to_dict() for t in data["tables"]] == data["tables"]


def test_department_unit_and_tables(unit, overall, projects):
    assert (unit.code, unit.department.region, unit.department.code) == ("", "湖南省沅江市", "")
    assert GoalTable.objects.filter(unit=unit).count() == 7
    assert {t.scheme.code for t in [overall, *projects]} == {"hunan"}
    assert (overall.layout, overall.seq, overall.title, overall.name) == (
        "overall", None, "2023年部门整体支出绩效目标表", DEPT)
    assert {(t.layout, t.title, t.department_label) for t in projects} == {
        ("hunan", "2023年项目支出绩效目标表", "行政审批服务局")}
    assert not DepartmentReport.objects.filter(department=unit.department).exists()


def test_department_budget_by_income_and_spending(overall):
    assert overall.budget_total == Decimal("864.3")
    assert overall.income_general == Decimal("864.3")
    assert (overall.spending_basic, overall.spending_project) == (Decimal("367.6"), Decimal("496.7"))
    assert overall.spending_basic + overall.spending_project == overall.budget_total
    # the empty composition cells stay blank, never 0
    assert (overall.income_gov_fund, overall.income_special_nontax, overall.income_other) == (None, None, None)
    assert overall.functions.startswith("贯彻落实上级关于行政审批制度改革")
    assert overall.functions.endswith("数据资源管理工作的部署要求")
    assert (overall.filled_by, overall.phone, overall.filled_on) == ("杨迪", "18684823990", datetime.date(2023, 7, 14))


def test_department_indicators_follow_the_hunan_scheme(overall):
    rows = list(overall.indicators.order_by("order"))
    assert [(r.level1, r.level2) for r in rows] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "成本指标"),
        ("产出指标", "成本指标"),
        ("产出指标", "时效指标"),
        ("效益指标", "经济效益指标"),
        ("效益指标", "社会效益指标"),
        ("效益指标", "社会公众或服务对象满意度"),
    ]
    first = rows[0]
    assert (first.name, first.value_text, first.description, first.basis, first.standard, first.direction) == (
        "受理、办结全市政务服务事项数量", "≥30万件", "", "", "", "")
    assert [r.value_text for r in rows[1:]] == ["≥30%", "≥20%", "≥10%", "≤156万", "≥95%", "≥60%", "≥95%", "≥95%"]


def test_projects_with_their_budgets(projects):
    assert [t.seq for t in projects] == [1, 2, 3, 4, 5, 6]
    assert [(t.name, t.budget_total) for t in projects] == [(n, Decimal(b)) for n, b, _ in PROJECTS]
    assert [t.indicators.count() for t in projects] == [n for _, _, n in PROJECTS]
    # blank and "（分级填报）" template hints alike: no 上级资金 was filed
    assert all(t.superior_funds is None and t.fiscal_funds is None for t in projects)
    assert all(t.milestones.count() == 0 for t in projects)
    assert {(t.period, t.filled_by, t.phone, t.filled_on) for t in projects} == {
        ("1年", "杨迪", "18684823990", datetime.date(2023, 7, 14))}


def test_goals_as_filed(projects):
    first = projects[0]
    goal = "确保政务服务大厅标准化、规范化、便利化运行，提升企业、群众体验感和满意度"
    assert (first.period_goal, first.annual_goal) == (goal, goal)
    assert projects[3].annual_goal == "为办公大厅的工作人员提供便利，也能够将地上停车场的位置提供给办事群众，让办事群众不再担心停车难的问题"


def test_project_rows_exact(projects):
    cost = projects[5].indicators.get(level2="成本指标")
    assert (cost.level1, cost.name, cost.value_text, cost.standard, cost.description, cost.basis) == (
        "产出指标", "水电缴费", "≤120万元", "", "", "")
    assert (cost.comparator, cost.value, cost.unit) == ("≤", Decimal("120"), "万元")
    # the cell split over lines and padded with full-width spaces comes back whole
    parking = projects[3].indicators.get(name="提高地面停车场办事群众的停车率")
    assert (parking.level1, parking.level2, parking.value_text) == ("效益指标", "社会效益指标", "≥90%")
    assert (parking.comparator, parking.value, parking.unit) == ("≥", Decimal("90"), "%")
    satisfaction = list(projects[2].indicators.order_by("order"))[-1]
    assert (satisfaction.level1, satisfaction.level2, satisfaction.name, satisfaction.value_text) == (
        "效益指标", "社会公众或服务对象满意度指标", "群众满意度", "≥98%")
    assert all(r.standard == "" for t in projects for r in t.indicators.all())


def test_mistakes_are_kept_as_filed(overall, projects):
    # a satisfaction rate without its unit
    praise = projects[0].indicators.get(name="企业群众好评率")
    assert (praise.value_text, praise.comparator, praise.value, praise.unit) == ("≥98", "≥", Decimal("98"), "")
    # a coverage rate filed as a cost indicator
    fire = projects[2].indicators.get(name="消防设施覆盖率")
    assert (fire.level2, fire.value_text) == ("成本指标", "≥30%")
    # typos of the original
    assert overall.indicators.filter(name="提很企业、群众政务服务满意度").exists()
    assert "高效高效" in overall.annual_goal
    # the six projects do not add up to the 项目支出 of the department table
    assert sum(t.budget_total for t in projects) == Decimal("395")
    assert sum(t.budget_total for t in projects) != overall.spending_project
