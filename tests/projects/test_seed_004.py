"""Seed 004: 福州市鼓楼区行政服务中心管理委员会 2020, one flat list of 11 projects (list layout)."""
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from documents.goaltable import GoalTable as GoalTableDoc
from indicators.models import Indicator
from projects.models import DepartmentReport, GoalTable, Unit

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "004_fuzhou.json"
DEPT = "福州市鼓楼区行政服务中心管理委员会"

# (name, 年预算安排资金 as filed, number of 三级 rows), in the order of the list
PROJECTS = [
    ("中心智能化项目维保费", "28.1", 8),
    ("商务吧购买服务专项经费", "21", 6),
    ("“一窗一网”设备改造升级专项经费", "4.83", 6),
    ("区营商办（企业服务中心）工作经费", "25", 8),
    ("窗口奖励费", "2.76", 6),
    ("通讯费", "10.3", 7),
    ("午餐费", "28", 5),
    ("效能网上行政审批年运营费", "20", 6),
    ("日常服务经费", "50", 8),
    ("水电费", "27.54", 6),
    ("保安服务费", "42", 6),
]


def _fixture():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _row(seq, name):
    return Indicator.objects.get(table__unit__code="112001", table__seq=seq, name=name)


def test_fixture_keeps_filed_scale_of_split_values():
    tables = [GoalTableDoc.from_dict(t) for t in _fixture()["tables"]]
    rows = {(t.seq, r.name): r for t in tables for r in t.indicators}
    # 绩效目标值 as filed: "100"/"95" for the two standard rows, two decimals elsewhere
    assert rows[(1, "目标完成率")].value.as_tuple().exponent == 0
    assert rows[(1, "系统故障修复响应时间")].value.as_tuple().exponent == -2
    assert rows[(4, "印制宣传品数量")].value == Decimal("5000.00")
    assert str(rows[(4, "印制宣传品数量")].value) == "5000.00"
    assert [t.to_dict() for t in tables] == _fixture()["tables"]


@pytest.mark.django_db
def test_eleven_projects_with_filed_budgets():
    call_command("demo", verbosity=0)
    unit = Unit.objects.get(code="112001")
    assert unit.name == DEPT
    assert unit.department.name == DEPT
    assert unit.department.region == "福建省福州市鼓楼区"

    tables = list(GoalTable.objects.filter(unit=unit).order_by("seq"))
    assert [(t.name, t.budget_total) for t in tables] == [(n, Decimal(b)) for n, b, _ in PROJECTS]
    assert [t.seq for t in tables] == list(range(1, 12))
    # the 情况说明 says the projects involve 259.53万元 of 财政拨款
    assert sum(t.budget_total for t in tables) == Decimal("259.53")
    assert [t.indicators.count() for t in tables] == [n for _, _, n in PROJECTS]
    for t in tables:
        assert (t.fiscal_year.year, t.kind, t.layout, t.title) == (2020, "project", "list", "财政支出项目绩效目标表")
        assert t.scheme.code == "legacy"
        assert t.code == "" and t.annual_goal == ""
        assert t.fiscal_funds is None and t.milestones.count() == 0
        # every project carries the same two standard rows, 目标完成率 first
        first = t.indicators.order_by("order").first()
        assert (first.level1, first.level2, first.name, first.comparator, first.value, first.unit) == (
            "产出指标", "时效指标", "目标完成率", "=", Decimal("100"), "%")
        cost = t.indicators.get(name="预算执行率")
        assert (cost.level1, cost.level2, cost.comparator, cost.value, cost.unit, cost.value_text) == (
            "产出指标", "成本指标", "≥", Decimal("95"), "%", "95")
    # project 1 files a second 时效指标 row before its 成本指标 row
    assert list(tables[0].indicators.order_by("order").values_list("name", flat=True)[:3]) == [
        "目标完成率", "系统故障修复响应时间", "预算执行率"]
    assert tables[5].period_goal == "保障中心管委会及窗口网络正常运行，审批工作正常、高效开展。"
    assert tables[8].period_goal == (
        "保证中心办公设备齐全、卫生舒适整洁、环境绿化良好、服装统一规范，为中心提供良好的工作环境和后勤保障。"
    )


@pytest.mark.django_db
def test_reconstructed_rows_kept_defects_and_the_report():
    call_command("demo", verbosity=0)
    row = _row(1, "系统故障修复响应时间")
    assert (row.level1, row.level2, row.description) == ("产出指标", "时效指标", "从系统故障开始至修复时间")
    assert (row.direction, row.comparator, row.value, row.unit, row.value_text) == (
        "反向", "≤", Decimal("24.00"), "小时", "24.00")

    # 一级/二级 shifted one column right in the extraction
    row = _row(1, "电子档案查阅率")
    assert (row.level1, row.level2, row.description, row.value, row.unit) == (
        "效益指标", "可持续影响指标", "电子证照应用率", Decimal("30.00"), "%")

    # 数量指标 landed in the 一级 column: it is a 二级 under 产出指标
    row = _row(5, "日常巡查次数")
    assert (row.level1, row.level2, row.unit) == ("产出指标", "数量指标", "次")

    # split over two lines ("预算执行 … 率", "大于等 … 于")
    row = _row(9, "预算执行率")
    assert (row.comparator, row.value, row.unit, row.direction) == ("≥", Decimal("95"), "%", "正向")

    row = _row(11, "用人单位满意度")
    assert (row.level1, row.level2, row.description, row.comparator) == (
        "满意度指标", "服务对象满意度指标", "受益单位对保安服务的满意度", "≥")

    # the extraction lost these units; they stay empty rather than guessed
    for seq, name, filed in ((6, "办事群众满意率", "98.00"), (9, "参观人数", "10.00")):
        row = _row(seq, name)
        assert (row.comparator, row.value, row.unit, row.value_text) == ("≥", Decimal(filed), "", filed)

    # real defects stay as filed for the review rules to flag
    water = _row(10, "年度用水量")
    assert (water.direction, water.comparator, water.value, water.unit) == (
        "正向", "≥", Decimal("2500.00"), "立方米")
    award = _row(5, "受表彰奖励对象满意度")
    assert (award.direction, award.comparator, award.value, award.unit) == ("正向", "=", Decimal("98.00"), "%")
    # 效能网上行政审批“雄”运行维护 is a typo in the original
    assert "雄运行维护" in GoalTable.objects.get(unit__code="112001", seq=8).period_goal

    report = DepartmentReport.objects.get(department__name=DEPT, fiscal_year__year=2020)
    assert report.title == "2020年福州市鼓楼区行政服务中心管理委员会预算绩效目标情况说明"
    assert (report.compiled_by, report.reviewed_by) == ("", "")
    sections = list(report.sections.order_by("order").values_list("level", "heading", "body"))
    assert [s[:2] for s in sections] == [
        (1, "（一）绩效目标设置情况"),
        (1, "（二）绩效目标表及说明"),
        (2, "1. 部门业务费绩效目标表"),
        (2, "2. 部门专项资金绩效目标表"),
    ]
    assert "共设置11个项目绩效目标" in sections[0][2]
    assert sections[0][2].endswith("共涉及财政拨款资金259.53万元。")
    assert sections[2][2] == "本单位无部门业务费绩效目标。"
    assert sections[3][2] == ""
