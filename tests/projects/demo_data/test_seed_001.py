"""Seed 001: 山海关区 行政审批部门 2022, a whole department document.

Cover and narrative become the DepartmentReport; twelve project tables of two units follow, in
the legacy scheme (成本指标 under 产出指标) with the spending plan in percent.
"""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from documents.goaltable import GoalTable as GoalTableDoc
from projects.models import DepartmentReport, GoalTable, Unit

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "seeds" / "001_shanhaiguan.json"

CODES = [
    "13030322P00408910001D",
    "13030322P004091100017",
    "13030322P004094100018",
    "13030322P00409210001W",
    "13030322P00409310001J",
    "13030322P00431110001L",
    "13030322P00431510001B",
    "13030322P00431410001M",
    "13030322P004097100019",
    "13030322P004313100010",
    "13030322P00431210001A",
    "13030322P00409610001K",
]
BUDGETS = ["5.00", "7.00", "263.00", "7.00", "20.00", "30.00", "30.00", "19.68", "40.00", "20.00", "36.00", "4.00"]


@pytest.fixture
def tables(demo_data, db):
    return list(
        GoalTable.objects.filter(unit__code__in=["630001", "630003"], fiscal_year__year=2022).order_by("seq")
    )


def test_fixture_tables_survive_the_document_model():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert [GoalTableDoc.from_dict(t).to_dict() for t in data["tables"]] == data["tables"]


def test_two_units_split_the_twelve_tables(tables):
    first, second = Unit.objects.get(code="630001"), Unit.objects.get(code="630003")
    assert first.name == "行政审批部门行政审批局本级"
    assert second.name == "秦皇岛市山海关区人民政府政务服务中心"
    assert first.department == second.department
    assert (first.department.name, first.department.region) == ("行政审批部门", "秦皇岛市山海关区")
    assert [t.seq for t in tables] == list(range(1, 13))
    assert [t.unit.code for t in tables] == ["630001"] * 6 + ["630003"] * 6
    assert {t.scheme.code for t in tables} == {"legacy"}
    assert {(t.kind, t.layout, t.milestone_unit) for t in tables} == {("project", "standard", "percent")}


def test_codes_are_rejoined_and_names_kept(tables):
    assert [t.code for t in tables] == CODES
    assert tables[1].name == "推动全区企业开办“一窗通，零成本，一日办”开办费"
    assert tables[6].title == "“好差评”专业评价系统及配套设施经费绩效目标表"
    assert tables[7].name == "村（社区）政务外网安装使用费"


def test_budgets(tables):
    assert [t.budget_total for t in tables] == [Decimal(b) for b in BUDGETS]
    assert [t.fiscal_funds for t in tables] == [Decimal(b) for b in BUDGETS]
    assert all(t.other_funds is None for t in tables)
    assert sum(t.budget_total for t in tables) == Decimal("481.68")


def test_milestones_are_percentages(tables):
    for table in tables:
        ms = list(table.milestones.order_by("order"))
        assert [(m.label, m.month, m.value) for m in ms] == [
            ("3月底", 3, Decimal("25")),
            ("6月底", 6, Decimal("50")),
            ("10月底", 10, Decimal("75")),
            ("12月底", 12, Decimal("100")),
        ]


def test_every_table_has_nine_rows_with_cost_under_output(tables):
    assert [t.indicators.count() for t in tables] == [9] * 12
    for table in tables:
        assert table.indicators.filter(level1="产出指标", level2="成本指标").count() == 1
        assert not table.indicators.filter(level1="成本指标").exists()


def test_purpose_and_goal(tables):
    assert tables[2].purpose == "保障服务中心人员工资福利等经费"
    assert tables[2].annual_goal == "1.目标内容 1 保障落实审批服务中心人员工资待遇"


def test_wrapped_cells_are_mended(tables):
    rows = list(tables[2].indicators.order_by("order"))
    cost = rows[3]
    assert (cost.level1, cost.level2, cost.name, cost.description) == (
        "产出指标", "成本指标", "工资保险发放(缴纳)标准", "工资保险发放(缴纳)标准"
    )
    assert (cost.value_text, cost.basis, cost.direction) == ("≥100 百分比", "年度工作计划", "")
    assert (cost.comparator, cost.value) == ("≥", Decimal("100"))
    assert rows[2].value_text == "≥100 按规定时间发放"
    assert rows[8].level2 == "服务对象满意度指标"


def test_exact_first_row(tables):
    row = tables[0].indicators.order_by("order").first()
    assert (row.level1, row.level2, row.name, row.description, row.value_text, row.basis) == (
        "产出指标", "数量指标", "综合事务保障率", "保障日常事务高效运转", "≥95 百分比", "年度工作计划"
    )
    assert (row.comparator, row.value) == ("≥", Decimal("95"))


def test_copied_indicators_are_kept_as_filed(tables):
    # the 开办费 table copied the network project's rows: the review rules must see that
    opening = tables[1]
    assert opening.indicators.get(level2="时效指标").name == "网络安全建设正式运行时间"
    assert opening.indicators.get(level2="成本指标").value_text == "≤7 万"
    late = tables[10].indicators.get(level2="时效指标")
    assert (late.description, late.value_text) == ("正式运行截止时间", "≥95 百分比")


def test_report_cover_and_sections(tables):
    report = DepartmentReport.objects.get(department=tables[0].unit.department, fiscal_year__year=2022)
    assert report.title == "行政审批部门 2022 年部门预算绩效文本 (草案)"
    assert (report.compiled_by, report.reviewed_by) == ("行政审批部门", "山海关区财政局")
    sections = list(report.sections.order_by("order"))
    assert [(s.level, s.heading) for s in sections] == [
        (1, "第一部分 部门整体绩效目标"),
        (2, "一、总体绩效目标"),
        (2, "二、分项绩效目标"),
        (2, "一、指导思想"),
        (2, "三、考核内容"),
        (2, "三、工作保障措施"),
        (1, "第二部分 预算项目绩效目标"),
    ]
    assert sections[0].body == "" and sections[-1].body == ""
    assert sections[1].body == (
        "贯彻落实党中央、省委、市委和区委关于行政审批、政务服务管理工作的方针政策和决策部署，"
        "坚持和加强党对行政审批、政务服务管理工作的集中统一领导。"
    )


def test_report_paragraphs_broken_by_the_pdf_are_joined(tables):
    report = DepartmentReport.objects.get(department=tables[0].unit.department, fiscal_year__year=2022)
    content = report.sections.get(heading="三、考核内容").body.split("\n")
    assert len(content) == 9
    assert content[0].endswith("具体内容为：")
    assert content[1].startswith("（一）政务服务标准化建设（10分）")
    # a page break fell inside 《…的通知》 and a line break inside 提升
    assert "的通知》(冀办字〔2018〕55号)" in content[1]
    assert "进一步提升审批服务效能" in content[1]
    assert content[7].startswith("(七)市长热线承办(10分)")
    assert "被市行政审批制度改革等五个领导小组通报批评的" in content[8]
    measures = report.sections.get(heading="三、工作保障措施").body.split("\n")
    assert measures[0] == "（一）提升实体大厅服务功能。"
    assert measures[4] == "（三）切实加强作风建设。"
    assert "擦亮政府窗口" in measures[5]
