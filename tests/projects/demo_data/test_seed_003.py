"""Seed 003: 临沂市行政审批服务局 2023, one department table organised by duty (duty layout).

The extraction repeats the header on every page and shifts cells where merged cells were;
the fixture rebuilds every row.  These tests pin the rebuilt table as it reaches the database.
"""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from documents.goaltable import GoalTable as GoalTableDoc
from indicators.models import Indicator
from projects.models import GoalTable, Unit

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "seeds" / "003_linyi.json"
DEPT = "临沂市行政审批服务局"
PLAN_SOURCE = "临沂市行政审批服务局年度工作要点"


@pytest.fixture
def table(demo_data, db):
    unit = Unit.objects.get(department__name=DEPT, name=DEPT)
    (table,) = GoalTable.objects.filter(unit=unit, fiscal_year__year=2023)
    return table


def _duties(table):
    return list(table.duties.order_by("order"))


def _rows(task):
    return list(task.indicators.order_by("order"))


def test_fixture_tables_survive_the_document_model():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert [GoalTableDoc.from_dict(t).to_dict() for t in data["tables"]] == data["tables"]


def test_one_department_table_by_duty(table):
    assert (table.unit.code, table.unit.department.region) == ("", "山东省临沂市")
    assert (table.kind, table.layout, table.scheme.code, table.seq) == ("overall", "duty", "mof2021", None)
    assert table.title == "2023年临沂市行政审批服务局部门预算整体绩效目标表（2）"
    assert table.name == "临沂市行政审批服务局部门预算整体绩效目标"
    assert table.budget_total is None
    # every indicator belongs to a duty; the layout has no 一级/二级 columns
    assert table.indicators.count() == 26
    assert not table.indicators.filter(duty_task__isnull=True).exists()
    assert set(table.indicators.values_list("level1", "level2")) == {("", "")}


def test_duties_and_their_tasks(table):
    duties = _duties(table)
    assert [(d.seq, d.name) for d in duties] == [
        ("1", "“一窗受理” “一网通办”"),
        ("2", "深入推进重点领域改革"),
        ("3", "积极探索改革创新"),
        ("4", "便民服务工作"),
    ]
    assert [d.tasks.count() for d in duties] == [2, 9, 4, 4]
    assert [Indicator.objects.filter(duty_task__duty=d).count() for d in duties] == [4, 14, 4, 4]


def test_duty_two_is_one_duty_across_pages(table):
    duty = table.duties.get(seq="2")
    assert [t.name for t in duty.tasks.order_by("order")] == [
        "创新推出“四减一送”改革措施",
        "构建“电子营业执照+N”融合应用服务体系",
        "完善公共资源交易服务系统",
        "受托实施公共资源交易目录范围内的相关公共资源交易、政府采购和农村产权交易活动",
        "集中办理市场准入、投资建设、自然资源规划、生态环境、城市管理、关联事项、收费事项",
        "政府投资项目可行性研究报告评审",
        "负责农业、林业、畜牧、农机、渔业、粮食等涉农领域的审批服务工作",
        "社会组织注销清算审计和法定代表人离任审计",
        "组织特种设备作业人员考试",
    ]


def test_first_indicator_exact(table):
    task = table.duties.get(seq="1").tasks.order_by("order").first()
    assert task.name == "负责组织推进政务服务事项“网上办”"
    assert task.goal.startswith("组织各部门单位将“7+1”类政务服务事项进驻政务服务平台")
    first, second = _rows(task)
    assert first.name == "行政备案、行政确认、行政裁决、公共服务等“7+1”类政务服务事项网上可办率"
    assert first.description == "“7+1”类政务服务事项在网上可办项数/进驻网上平台项数"
    assert first.value_text == "99.70%"
    assert (first.comparator, first.value, first.unit) == ("", Decimal("99.7"), "%")
    assert (first.ref_plan, first.ref_standard, first.ref_avg3, first.ref_last_year, first.ref_history_source) == (
        "100%", "99.70%", "98%", "99.70%", "内部统计")
    assert first.ref_standard_source == "《山东省人民政府关于塑强“爱山东”政务服务品牌全面推进政务服务体系建设的实施意见》"
    assert first.activity.startswith("组织市级政务服务部门依托山东省政务服务事项管理系统")
    assert (first.direction, first.basis, first.standard) == ("", "", "")
    # the merged 工作活动 cell covers the second row too
    assert second.name.endswith("全程网办率")
    assert (second.value_text, second.ref_avg3, second.ref_last_year) == ("98.30%", "97.20%", "98.00%")
    assert second.activity == first.activity


def test_shifted_row_is_rebuilt(table):
    # "“拳头应用”上线项数" lost its task, goal and activity cells in the extraction
    row = Indicator.objects.get(table=table, name="“拳头应用”上线项数")
    assert row.duty_task.name == "负责组织推进政务服务事项“掌上办”"
    assert row.description == "我市在“爱山东”APP上线的拳头应用数量。"
    assert (row.value_text, row.ref_plan, row.ref_standard, row.ref_standard_source) == (
        "47项", "/", "本年度新增10项", PLAN_SOURCE)
    assert (row.ref_avg3, row.ref_last_year, row.ref_history_source) == ("8项", "13项", "内部统计")
    daily = Indicator.objects.get(table=table, name="月平均日活跃度")
    assert daily.duty_task_id == row.duty_task_id
    assert row.activity == daily.activity and row.activity.startswith("完善市县一体化运营体系")


def test_duties_without_task_names_keep_one_goal_per_row(table):
    # duty 3's 部门职责 cell spans the 职责事项 column: its rows carry only a 职责目标
    tasks = list(table.duties.get(seq="3").tasks.order_by("order"))
    assert [t.name for t in tasks] == ["", "", "", ""]
    assert tasks[0].goal.startswith("全面落实国家、省、市关于“跨省通办”")
    assert [_rows(t)[0].name for t in tasks] == [
        "“跨区域通办”事项数量", "主题集成服务事项数量", "“免证办”事项占比", "组织踏勘评审工作次数"]
    # duty 4's task cell is merged over four rows, each with its own goal
    tasks = list(table.duties.get(seq="4").tasks.order_by("order"))
    assert {t.name for t in tasks} == {"负责提供行政审批服务工作所需场所、设施和服务"}
    assert len({t.goal for t in tasks}) == 4
    assert {r.ref_avg3 for t in tasks for r in t.indicators.all()} == {"/"}


def test_mistakes_are_kept_as_filed(table):
    # a target below this year's standard value and below last year's result
    survey = Indicator.objects.get(table=table, name="组织踏勘评审工作次数")
    assert (survey.value_text, survey.ref_standard, survey.ref_last_year) == ("1800次", "2000次", "2490次")
    # a trading volume target far below the three-year average
    volume = Indicator.objects.get(table=table, name="公共资源交易平台交易额")
    assert (volume.value_text, volume.ref_plan, volume.ref_standard, volume.ref_avg3) == (
        "900亿元", "900亿元", "800亿元", "1550亿元")
    # the same plan cited under two names
    assert Indicator.objects.get(table=table, name="事务所出具相关审计报告数量").ref_standard_source == (
        "临沂市行政审批服务局工作要点")
