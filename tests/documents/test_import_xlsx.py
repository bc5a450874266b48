"""Excel workbooks shaped like the forms: merge ranges, number cells and their formats, notes
spread over several cells, amounts in 元."""
from __future__ import annotations

import datetime
from decimal import Decimal

from documents.goaltable import GoalTable, Milestone
from documents.parse.reader import detect_layout, parse_file

from .import_build import LEFT, UP, xlsx_file
from .test_import_seedlike import ind

HUNAN_SHEET = [
    ["2023年项目支出绩效目标表", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["填报单位：（盖章）", LEFT, LEFT, "单位：万元", LEFT, LEFT],
    ["项目支出名称", "业务培训费", LEFT, "预算部门", "行政审批服务局", LEFT],
    ["年度本级预算金额", 20, LEFT, "该项目支出上级资金", 1.5, LEFT],
    ["项目支出实施期", "1年", LEFT, LEFT, LEFT, LEFT],
    ["实施期绩效目标", "让办事群众体验到更加人性化、标准化的服务", LEFT, LEFT, LEFT, LEFT],
    ["本年度绩效目标", "让办事群众体验到更加人性化、标准化的服务", LEFT, LEFT, LEFT, LEFT],
    ["本年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"],
    [UP, "产出指标", "数量指标", "培训人次", "≥260人次", ""],
    [UP, UP, "成本指标", "业务培训费用", "≤15万元", ""],
    [UP, "满意度指标", "服务对象满意度指标", "群众满意度", 98, "≥98%"],
    ["填表人：杨迪", LEFT, "联系电话：18684823990", LEFT, "填报日期：2023.7.14", LEFT],
]


def test_hunan_sheet_with_number_cells_and_notes_spread_over_cells():
    result = parse_file("沅江.xlsx", xlsx_file(("业务培训费", HUNAN_SHEET, {(3, 4): "0.00"})))
    assert result.problems == []
    (table,) = result.tables
    goal = "让办事群众体验到更加人性化、标准化的服务"
    assert table == GoalTable(
        kind="project",
        layout="hunan",
        year=2023,
        title="2023年项目支出绩效目标表",
        name="业务培训费",
        department_label="行政审批服务局",
        budget_total=Decimal("20"),
        superior_funds=Decimal("1.50"),
        period="1年",
        period_goal=goal,
        annual_goal=goal,
        indicators=[
            ind("产出指标", "数量指标", "培训人次", "", "≥260人次", "≥", "260", "人次"),
            ind("产出指标", "成本指标", "业务培训费用", "", "≤15万元", "≤", "15", "万元"),
            ind("满意度指标", "服务对象满意度指标", "群众满意度", "", "98", "", "98", "", standard="≥98%"),
        ],
        filled_by="杨迪",
        phone="18684823990",
        filled_on=datetime.date(2023, 7, 14),
    )
    assert result.notes == []  # 单位：万元 was stated


LIST_SHEET = [
    ["财政支出项目绩效目标表", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
    ["单位名称：[112001]福州市鼓楼区行政服务中心管理委员会", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
    ["序号", "项目名称", "年预算安排资金（元）", "项目总体绩效目标", "项目年度绩效目标", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
    [UP, UP, UP, UP, "一级指标", "二级指标", "三级指标", "指标详细说明", "指标性质", "方向", "绩效目标值", "计量单位"],
    [1, "水电费", 275400, "保障中心供水供电正常稳定。", "产出指标", "数量指标", "节电量", "比上年节省的用电量", "正向指标",
     "大于等于", 1000, "千瓦时"],
    [UP, UP, UP, UP, UP, "时效指标", "目标完成率", "", "正向指标", "等于", 100, "%"],
    [UP, UP, UP, UP, "满意度指标", "服务对象满意度指标", "受益群体满意度", "", "正向指标", "大于等于", 95, "%"],
]


def test_list_sheet_in_yuan_with_values_in_number_cells():
    data = xlsx_file(("项目清单", LIST_SHEET, {(4, 10): "0.00", (6, 10): "0.00"}))
    result = parse_file("福州.xlsx", data)
    assert result.problems == []
    (table,) = result.tables
    assert table.layout == "list"
    assert (table.seq, table.name, table.unit_code, table.unit_name) == (1, "水电费", "112001",
                                                                         "福州市鼓楼区行政服务中心管理委员会")
    assert table.budget_total == Decimal("27.54")  # 275400 元
    assert table.indicators == [
        ind("产出指标", "数量指标", "节电量", "比上年节省的用电量", "1000.00", "≥", "1000.00", "千瓦时", direction="正向"),
        ind("产出指标", "时效指标", "目标完成率", "", "100", "=", "100", "%", direction="正向"),
        ind("满意度指标", "服务对象满意度指标", "受益群体满意度", "", "95.00", "≥", "95.00", "%", direction="正向"),
    ]
    assert any("元" in note and "万元" in note for note in result.notes)


STANDARD_SHEET = [
    ["1.市民中心后勤保障经费绩效目标表", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
    ["项目编码", "37020023P88002811163B", LEFT, "项目名称", "市民中心后勤保障经费", LEFT, LEFT],
    ["预算规模及资金用途", "预算数", 71510000, "其中：财政资金", 71510000, "其他资金", ""],
    [UP, "为市民中心正常运转提供后勤保障服务。", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["资金支出计划", "3月底", LEFT, "6月底", "10月底", "12月底", LEFT],
    [UP, 20000000, LEFT, 50000000, 70000000, 71510000, LEFT],
    ["绩效目标", "确保市民中心正常运行。", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", LEFT],
    ["成本指标", "经济成本指标", "后勤保障预算控制数", "后勤保障预算控制数", "≤7151万元", "历史数据", LEFT],
]


def test_large_amounts_without_a_unit_are_read_as_yuan_and_said_so():
    result = parse_file("青岛.xlsx", xlsx_file(("1.市民中心", STANDARD_SHEET)))
    (table,) = result.tables
    assert (table.layout, table.seq, table.code) == ("standard", 1, "37020023P88002811163B")
    assert (table.budget_total, table.fiscal_funds) == (Decimal("7151"), Decimal("7151"))
    assert table.milestones == [
        Milestone("3月底", 3, Decimal("2000")),
        Milestone("6月底", 6, Decimal("5000")),
        Milestone("10月底", 10, Decimal("7000")),
        Milestone("12月底", 12, Decimal("7151")),
    ]
    (note,) = result.notes
    assert "未注明金额单位" in note and "按元" in note and "市民中心后勤保障经费" in note


def test_small_amounts_without_a_unit_are_read_as_wanyuan_and_said_so():
    rows = [list(r) for r in STANDARD_SHEET]
    rows[2] = ["预算规模及资金用途", "预算数", 7151, "其中：财政资金", 7151, "其他资金", ""]
    rows[5] = [UP, 2000, LEFT, 5000, 7000, 7151, LEFT]
    result = parse_file("青岛.xlsx", xlsx_file(("1.市民中心", rows)))
    assert result.tables[0].budget_total == Decimal("7151")
    assert [n for n in result.notes if "按万元读取" in n]


def test_each_sheet_is_a_table_and_problems_name_the_sheet():
    broken = [["一级指标", "二级指标", "三级指标", "备注"], ["产出指标", "数量指标", "x", ""]]
    data = xlsx_file(("业务培训费", HUNAN_SHEET), ("坏表", broken))
    result = parse_file("两表.xlsx", data)
    assert [t.name for t in result.tables] == ["业务培训费"]
    assert [(p.place, p.severity) for p in result.problems] == [("工作表“坏表” 第1行", "error")]
    assert detect_layout("两表.xlsx", data) == "hunan"


def test_hidden_sheets_are_left_out():
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx_file(("业务培训费", HUNAN_SHEET), ("旧表", HUNAN_SHEET))))
    book["旧表"].sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    assert [t.name for t in parse_file("隐藏.xlsx", out.getvalue()).tables] == ["业务培训费"]
