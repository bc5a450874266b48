"""The forms departments of other provinces really send, built with real merged cells and read
field by field; then each comes back unchanged from its own export (`parse(render(t)) == t`).

One test per kind of layout (issue 12): a label column left of the grid, a budget system's
one-row-per-indicator export, 中期/长期 and 年度 blocks side by side, label variants, budgets
written as people write them, and 自评表.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from documents.goaltable import GoalTable, IndicatorRow
from documents.parse.reader import parse_file
from documents.render.docx_render import render_docx
from documents.render.xlsx_render import render_xlsx

from .import_build import LEFT, UP, docx_file, xlsx_file


def ind(level1, level2, name, value_text, comparator="", value=None, unit="", **more) -> IndicatorRow:
    return IndicatorRow(level1=level1, level2=level2, name=name, value_text=value_text, comparator=comparator,
                        value=None if value is None else Decimal(value), unit=unit, **more)


def read(name, data, count=1):
    result = parse_file(name, data)
    assert [(p.place, p.message) for p in result.problems] == []
    assert len(result.tables) == count
    return result


# --- 1. a merged label column left of the grid; numbering inside names; a closing 说明 row ------

TRANSFER = docx_file(
    "2024年某某县转移支付资金绩效目标申报表",
    [
        ["转移支付项目名称", "高标准农田建设补助", LEFT, LEFT, LEFT],
        ["主管部门", "某某县农业农村局", LEFT, LEFT, LEFT],
        ["资金情况（万元）", "年度资金总额", "854万(其中高标准农田400万元, 配套454万元)", LEFT, LEFT],
        ["年度\n总体\n目标", "建设高标准农田1万亩，亩均增产50公斤。", LEFT, LEFT, LEFT],
        ["绩 效 指 标", "一级指标", "二级指标", "三级指标", "指标值"],
        [UP, "产 出 指 标", "数量指标", "指标1:新建高标准农田面积", "≥1万亩"],
        [UP, UP, "质量指标", "指标2：验收合格率", "100%"],
        [UP, "效益指标", "经济效益指标", "（3）亩均增产", "≥50公斤"],
        [UP, "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"],
        ["说明", "无", LEFT, LEFT, LEFT],
    ],
)


def test_label_column_numbering_and_closing_row_of_a_transfer_form():
    result = read("转移支付.docx", TRANSFER)
    table = result.tables[0]
    assert table == GoalTable(
        kind="project",
        layout="standard",
        year=2024,
        department="某某县",
        unit_name="某某县",
        title="2024年某某县转移支付资金绩效目标申报表",
        name="高标准农田建设补助",
        department_label="某某县农业农村局",
        budget_total=Decimal("854"),
        budget_note="854万(其中高标准农田400万元, 配套454万元)",
        annual_goal="建设高标准农田1万亩，亩均增产50公斤。",
        indicators=[
            ind("产出指标", "数量指标", "新建高标准农田面积", "≥1万亩", "≥", "1", "万亩"),
            ind("产出指标", "质量指标", "验收合格率", "100%", "", "100", "%"),
            ind("效益指标", "经济效益指标", "亩均增产", "≥50公斤", "≥", "50", "公斤"),
            ind("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "≥", "90", "%"),
        ],
    )
    notes = "\n".join(result.notes)
    assert "标签列“绩效指标”" in notes
    assert "“指标1:新建高标准农田面积”→“新建高标准农田面积”" in notes
    assert "表末“说明”一行不是指标" in notes
    assert "854 万元，原文保留" in notes


NATIONAL_TRANSFER = docx_file("（2024年度）", "转移支付资金绩效目标表", [
    ["转移支付（项目）名称", "耕地建设与利用资金", LEFT, LEFT, LEFT, LEFT],
    ["中央主管部门", "农业农村部", LEFT, "地方主管部门", "某某县农业农村局", LEFT],
    ["资金情况（万元）", "年度金额：", LEFT, "500", LEFT, LEFT],
    [UP, "其中：中央补助", LEFT, "400", LEFT, LEFT],
    [UP, "地方资金", LEFT, "100", LEFT, LEFT],
    ["年度总体目标", "目标1：建设高标准农田2万亩。\n目标2：新增粮食产能200万公斤。", LEFT, LEFT, LEFT, LEFT],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", LEFT],
    [UP, "产出指标", "数量指标", "建设面积", "≥2万亩", LEFT],
    [UP, "效益指标", "经济效益指标", "新增粮食产能", "≥200万公斤", LEFT],
])


def test_the_national_transfer_form():
    result = read("转移支付表.docx", NATIONAL_TRANSFER)
    table = result.tables[0]
    assert (table.year, table.name, table.department_label) == (2024, "耕地建设与利用资金", "某某县农业农村局")
    assert (table.budget_total, table.superior_funds, table.fiscal_funds) == (Decimal(500), Decimal(400), Decimal(100))
    assert table.annual_goal == "目标1：建设高标准农田2万亩。\n目标2：新增粮食产能200万公斤。"
    assert [(r.level1, r.level2, r.name, r.value_text) for r in table.indicators] == [
        ("产出指标", "数量指标", "建设面积", "≥2万亩"), ("效益指标", "经济效益指标", "新增粮食产能", "≥200万公斤")]
    assert any("“中央主管部门”农业农村部 没有对应的栏目" in n for n in result.notes)


@pytest.mark.parametrize("label", ["绩效指标", "年度绩效指标", "绩效\n指标"])
def test_label_column_in_excel_merged_down_the_grid(label):
    data = xlsx_file(("申报表", [
        ["项目名称", "村道养护", LEFT, LEFT, LEFT],
        ["年度目标", "养护村道30公里", LEFT, LEFT, LEFT],
        [label, "一级指标", "二级指标", "三级指标", "指标值"],
        [UP, "产出指标", "数量指标", "养护里程", "≥30公里"],
        [UP, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
    ]))
    table = read("养护.xlsx", data).tables[0]
    assert [(r.level1, r.level2, r.name, r.value_text) for r in table.indicators] == [
        ("产出指标", "数量指标", "养护里程", "≥30公里"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    assert table.annual_goal == "养护村道30公里"


def test_a_closing_note_that_says_something_is_a_warning_not_an_indicator():
    data = docx_file([
        ["项目名称", "村道养护", LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程", "≥30公里"],
        ["说明", "养护里程按竣工验收计", LEFT, LEFT],
    ])
    result = parse_file("说明.docx", data)
    assert [r.name for r in result.tables[0].indicators] == ["养护里程"]
    [problem] = result.problems
    assert problem.severity == "warning"
    assert problem.place == "第1个表格 第4行"
    assert "养护里程按竣工验收计" in problem.message


def test_a_column_no_alias_names_is_a_warning_at_its_place_not_a_silent_loss():
    data = docx_file([
        ["项目名称", "村道养护", LEFT, LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "指标值", "备注"],
        ["产出指标", "数量指标", "养护里程", "≥30公里", "含新建路段"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", ""],
    ])
    result = parse_file("备注.docx", data)
    assert [r.name for r in result.tables[0].indicators] == ["养护里程", "群众满意度"]
    [problem] = result.problems
    assert (problem.file, problem.place, problem.severity) == ("备注.docx", "第1个表格 第3行 第5列", "warning")
    assert "“备注”列" in problem.message and "共1行" in problem.message and "含新建路段" in problem.message


def test_a_form_cell_no_label_names_is_a_warning_at_its_place():
    data = docx_file([
        ["项目名称", "村道养护", "项目类型", "基础设施"],
        ["年度目标", "养护村道30公里", LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程", "≥30公里"],
    ])
    result = parse_file("类型.docx", data)
    assert result.tables[0].name == "村道养护" and result.tables[0].annual_goal == "养护村道30公里"
    assert [(p.place, p.message, p.severity) for p in result.problems] == [
        ("第1个表格 第1行 第3列", "表头部分的“项目类型”、“基础设施”不是能识别的栏目，未导入", "warning")]


# --- 2. a provincial budget system's export: one row per indicator -----------------------------

EXPORT_ROWS = [
    ["单位名称", "项目名称", "预算数（元）", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
     "度量单位", "权重", "指标方向性"],
    ["820-某某镇部门", "", 1284567, "", "", "", "", "", "", "", "", ""],
    ["820001-某某镇人民政府", "道路维护", 1234567, "维护道路20公里", "产出指标", "数量指标", "维护里程", "≥", 20,
     "公里", 20, "正向指标"],
    [UP, UP, UP, UP, UP, "质量指标", "验收合格率", "=", 1, "%", 20, "正向指标"],
    [UP, "环境整治", 50000, "整治村庄5个", "产出指标", "数量指标", "整治村庄数", "≥", 5, "个", 30, "正向指标"],
    [UP, UP, UP, UP, "效益指标", "社会效益指标", "群众投诉次数", "≤", 3, "次", 30, "反向指标"],
    ["820002-某某镇卫生院", "疫苗接种", 1000.5, "接种全覆盖", "产出指标", "数量指标", "接种人数", "≥", 2000, "人", 100,
     "正向指标"],
]
EXPORT = xlsx_file(("绩效目标", EXPORT_ROWS, {(3, 8): "0%"}))


def test_budget_system_export_one_row_per_indicator():
    result = read("预算系统导出.xlsx", EXPORT, count=3)
    road, village, vaccine = result.tables
    common = dict(kind="project", layout="rows", unit_code="820001", unit_name="某某镇人民政府")
    assert road == GoalTable(
        **common, name="道路维护", budget_total=Decimal("123.4567"), annual_goal="维护道路20公里",
        indicators=[
            ind("产出指标", "数量指标", "维护里程", "20", "≥", "20", "公里", direction="正向", weight=Decimal(20)),
            ind("产出指标", "质量指标", "验收合格率", "100%", "=", "100", "%", direction="正向", weight=Decimal(20)),
        ],
    )
    assert village == GoalTable(
        **common, name="环境整治", budget_total=Decimal("5.00"), annual_goal="整治村庄5个",
        indicators=[
            ind("产出指标", "数量指标", "整治村庄数", "5", "≥", "5", "个", direction="正向", weight=Decimal(30)),
            ind("效益指标", "社会效益指标", "群众投诉次数", "3", "≤", "3", "次", direction="反向", weight=Decimal(30)),
        ],
    )
    assert (vaccine.unit_code, vaccine.unit_name, vaccine.budget_total) == ("820002", "某某镇卫生院", Decimal("0.10005"))
    notes = "\n".join(result.notes)
    assert "汇总行已跳过（工作表“绩效目标” 第2行" in notes
    assert "金额已换算为万元" in notes


def test_an_export_without_a_money_unit_reads_every_project_in_the_same_unit():
    """1,500,000 can only be 元; then 50,000 on the next line is 元 too (5 万元), not 5 亿."""
    rows = [
        ["单位编码", "单位名称", "项目名称", "预算金额", "绩效目标", "一级指标", "二级指标", "绩效指标名称",
         "指标值（包含数字及计量单位）", "指标类型", "指标方向"],
        ["301001", "某某市教育局", "校舍维修", 1500000, "维修校舍3所", "产出指标", "数量指标", "维修校舍数", "≥3所", "定量",
         "越大越好"],
        ["301001", "某某市教育局", "教师培训", 50000, "培训教师200人次", "产出指标", "数量指标", "培训人次", "≥200人次",
         "定量", "越大越好"],
    ]
    result = read("导出.xlsx", xlsx_file(("Sheet1", rows)), count=2)
    repair, training = result.tables
    assert (repair.unit_code, repair.unit_name, repair.budget_total, repair.annual_goal) == (
        "301001", "某某市教育局", Decimal("150.00"), "维修校舍3所")
    assert (training.budget_total, training.annual_goal) == (Decimal("5.00"), "培训教师200人次")
    assert [(r.name, r.value_text, r.comparator, r.value, r.unit, r.direction) for r in training.indicators] == [
        ("培训人次", "≥200人次", "≥", Decimal(200), "人次", "正向")]
    notes = "\n".join(result.notes)
    assert "全部金额按元读取" in notes
    assert "指标性质“定量”不是正向或反向" in notes


# --- 3. 中期/长期 and 年度 blocks side by side ------------------------------------------------

def _term_table(rows):
    return docx_file("乡村振兴衔接资金项目绩效目标表", [
        ["项目名称", "乡村振兴衔接资金项目", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["资金总额（万元）", "300", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["中期目标", "三年内帮扶300户稳定增收", LEFT, LEFT, "年度目标", "本年帮扶100户", LEFT, LEFT],
        *rows,
    ])


TERM_EXPECTED = [
    ind("产出指标", "数量指标", "帮扶户数", "≥100户", "≥", "100", "户"),
    ind("满意度指标", "服务对象满意度指标", "帮扶对象满意度", "≥90%", "≥", "90", "%"),
    ind("产出指标", "数量指标", "帮扶户数", "≥300户", "≥", "300", "户", term="长期"),
    ind("效益指标", "社会效益指标", "脱贫成果", "稳定", term="长期"),
]
TERM_BODY = [
    ["产出指标", "数量指标", "帮扶户数", "≥300户", "产出指标", "数量指标", "帮扶户数", "≥100户"],
    ["效益指标", "社会效益指标", "脱贫成果", "稳定", "满意度指标", "服务对象满意度指标", "帮扶对象满意度", "≥90%"],
]


@pytest.mark.parametrize("heading", [
    [["一级指标", "二级指标(长期)", "三级指标(长期)", "指标值(长期)", "一级指标", "二级指标(年度)", "三级指标(年度)",
      "指标值(年度)"]],
    [["长期绩效指标", LEFT, LEFT, LEFT, "年度绩效指标", LEFT, LEFT, LEFT],
     ["一级指标", "二级指标", "三级指标", "指标值", "一级指标", "二级指标", "三级指标", "指标值"]],
    [["一级指标", "中期二级指标", "中期三级指标", "中期指标值", "一级指标", "二级指标", "三级指标", "年度指标值"]],
], ids=["qualified-headings", "group-headings", "prefixed-headings"])
def test_long_term_and_annual_blocks_side_by_side(heading):
    result = read("衔接资金.docx", _term_table(heading + TERM_BODY))
    table = result.tables[0]
    assert (table.layout, table.name, table.budget_total) == ("term", "乡村振兴衔接资金项目", Decimal("300"))
    assert (table.period_goal, table.annual_goal) == ("三年内帮扶300户稳定增收", "本年帮扶100户")
    assert table.indicators == TERM_EXPECTED
    assert [r.name for r in table.annual_indicators] == ["帮扶户数", "帮扶对象满意度"]


# --- 4. label variants: goal text under its label, 专项资金名称 ---------------------------------

LABELS_ON_TOP = docx_file([
    ["专项资金名称", "主管部门", "资金总额（万元）"],
    ["农村饮水安全专项", "某某市水利局", "12.345678"],
    ["项目总目标", LEFT, LEFT],
    ["保障农村人口饮水安全。", LEFT, LEFT],
    ["年度\n总体\n目标", LEFT, LEFT],
    ["完成20处供水工程维修。", LEFT, LEFT],
], [
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "维修供水工程", "20处"],
])


def test_labels_on_top_with_their_values_below():
    table = read("饮水.docx", LABELS_ON_TOP).tables[0]
    assert (table.name, table.department_label, table.budget_total) == (
        "农村饮水安全专项", "某某市水利局", Decimal("12.345678"))
    assert table.period_goal == "保障农村人口饮水安全。"
    assert table.annual_goal == "完成20处供水工程维修。"
    assert [(r.name, r.value, r.unit) for r in table.indicators] == [("维修供水工程", Decimal(20), "处")]


# --- 5. a department table with its money under multi-line, merged labels ------------------------

def test_department_money_under_merged_multiline_labels():
    data = docx_file("2024年某某县教育局部门整体支出绩效目标表", [
        ["部门名称", "某某县教育局", LEFT, LEFT],
        ["年度\n资金\n总额", "1200.5", "基本\n支出", "800"],
        [UP, UP, "项目\n支出", "400.5"],
        ["整体绩效目标", "保障全县义务教育正常运转。", LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "覆盖学校数", "≥45所"],
    ])
    table = read("教育局.docx", data).tables[0]
    assert (table.kind, table.layout) == ("overall", "overall")
    assert (table.budget_total, table.spending_basic, table.spending_project) == (
        Decimal("1200.5"), Decimal("800"), Decimal("400.5"))
    assert table.annual_goal == "保障全县义务教育正常运转。"


# --- 6. 自评表: targets, actual values, scores and reasons, split over two pages -----------------

SELFEVAL = docx_file(
    "2023年度项目支出绩效自评表",
    [
        ["项目名称", "农机购置补贴", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["主管部门", "某某县农业农村局", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["全年预算数（万元）", "500", LEFT, LEFT, "全年执行数（万元）", "480", LEFT, LEFT],
        ["年度总体目标", "预期目标", LEFT, LEFT, "实际完成情况", LEFT, LEFT, LEFT],
        [UP, "补贴农机1000台", LEFT, LEFT, "补贴农机980台", LEFT, LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "补贴农机数量", "≥1000台", "980台", "20", "19.6", "部分农户放弃购置"],
    ],
    "",
    [
        ["一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "95%", "10", "10", ""],
    ],
)


def test_self_evaluation_keeps_targets_actuals_scores_and_reasons():
    table = read("自评表.docx", SELFEVAL).tables[0]
    assert (table.layout, table.name, table.department_label) == ("selfeval", "农机购置补贴", "某某县农业农村局")
    assert (table.budget_total, table.budget_executed) == (Decimal("500"), Decimal("480"))
    assert (table.annual_goal, table.annual_goal_actual) == ("补贴农机1000台", "补贴农机980台")
    assert table.indicators == [
        ind("产出指标", "数量指标", "补贴农机数量", "≥1000台", "≥", "1000", "台", actual_value_text="980台",
            weight=Decimal(20), score=Decimal("19.6"), deviation_reason="部分农户放弃购置"),
        ind("满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "≥", "90", "%", actual_value_text="95%",
            weight=Decimal(10), score=Decimal(10)),
    ]


# the national 项目支出绩效自评表: a money grid, goals with labels on top, a label column, a 总分 row
NATIONAL_SELFEVAL = docx_file(
    "项目支出绩效自评表",
    "（2023年度）",
    [
        ["项目名称", "耕地地力保护补贴", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["主管部门", "某某县农业农村局", LEFT, LEFT, "实施单位", "某某县农业技术推广中心", LEFT, LEFT, LEFT],
        ["项目资金\n（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", LEFT],
        [UP, "年度资金总额", "1000", "1200.5", "1100", "10", "91.6%", "9.2", LEFT],
        [UP, "其中：当年财政拨款", "1000", "1200.5", "1100", "—", "—", "—", LEFT],
        [UP, "上年结转资金", "", "20", "20", "—", "—", "—", LEFT],
        [UP, "其他资金", "", "", "", "—", "—", "—", LEFT],
        ["年度总体目标", "预期目标", LEFT, LEFT, LEFT, "实际完成情况", LEFT, LEFT, LEFT],
        [UP, "发放补贴覆盖全部承包农户", LEFT, LEFT, LEFT, "已覆盖98%的承包农户", LEFT, LEFT, LEFT],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [UP, "产出指标", "数量指标", "补贴面积", "≥50万亩", "49万亩", "20", "18", "部分地块改为建设用地"],
        [UP, "满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "96%", "10", "10", ""],
        ["总分", LEFT, LEFT, LEFT, LEFT, LEFT, "100", "95", LEFT],
    ],
)


def test_national_self_evaluation_form_with_its_money_grid():
    result = read("自评表.docx", NATIONAL_SELFEVAL)
    table = result.tables[0]
    assert (table.layout, table.year, table.name, table.department_label, table.unit_name) == (
        "selfeval", 2023, "耕地地力保护补贴", "某某县农业农村局", "某某县农业技术推广中心")
    assert (table.budget_total, table.fiscal_funds, table.budget_executed) == (
        Decimal("1200.5"), Decimal("1200.5"), Decimal("1100"))
    assert (table.annual_goal, table.annual_goal_actual) == ("发放补贴覆盖全部承包农户", "已覆盖98%的承包农户")
    assert table.indicators == [
        ind("产出指标", "数量指标", "补贴面积", "≥50万亩", "≥", "50", "万亩", actual_value_text="49万亩",
            weight=Decimal(20), score=Decimal(18), deviation_reason="部分地块改为建设用地"),
        ind("满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "≥", "90", "%", actual_value_text="96%",
            weight=Decimal(10), score=Decimal(10)),
    ]
    notes = "\n".join(result.notes)
    assert "“上年结转资金”20 没有对应的栏目" in notes
    assert "“执行率（年度资金总额）”91.6% 没有对应的栏目" in notes
    assert "“总分”一行不是指标" in notes


# --- export -> import is a no-op for every new layout ------------------------------------------

FIELD_FILES = {
    "transfer": ("转移支付.docx", TRANSFER),
    "rows": ("预算系统导出.xlsx", EXPORT),
    "term": ("衔接资金.docx", _term_table([
        ["长期绩效指标", LEFT, LEFT, LEFT, "年度绩效指标", LEFT, LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "指标值", "一级指标", "二级指标", "三级指标", "指标值"],
    ] + TERM_BODY)),
    "selfeval": ("自评表.docx", SELFEVAL),
    "national-selfeval": ("全国自评表.docx", NATIONAL_SELFEVAL),
    "national-transfer": ("转移支付表.docx", NATIONAL_TRANSFER),
    "labels-on-top": ("饮水.docx", LABELS_ON_TOP),
}


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("kind", sorted(FIELD_FILES))
def test_field_layouts_come_back_unchanged_from_their_export(kind, fmt):
    name, data = FIELD_FILES[kind]
    # as the database gives them back: each table belongs to a unit with its code
    tables = [t if t.unit_code else dataclasses.replace(t, unit_code="520101", unit_name="某某县农业农村局")
              for t in parse_file(name, data).tables]
    render = render_docx if fmt == "docx" else render_xlsx
    again = parse_file(f"again.{fmt}", render(tables))
    assert [(p.place, p.message) for p in again.problems] == []
    # the year and department of a selection are on a cover only a department document prints
    assert [_bare(t) for t in again.tables] == [_bare(t) for t in tables]


def _bare(table: GoalTable) -> GoalTable:
    return dataclasses.replace(table, year=None, department="")


def test_a_budget_changed_since_it_was_filed_prints_the_new_amount():
    (table,) = parse_file("转移支付.docx", TRANSFER).tables
    changed = dataclasses.replace(table, budget_total=Decimal("900"))
    (again,) = parse_file("again.docx", render_docx([changed])).tables
    assert (again.budget_total, again.budget_note) == (Decimal("900.00"), "")


def test_the_flat_sheet_alone_keeps_terms_weights_and_self_evaluation():
    """Above 300 tables an export holds 指标明细 only: what the new layouts added must be in it."""
    import io

    import openpyxl

    tables = parse_file("衔接资金.docx", FIELD_FILES["term"][1]).tables + parse_file(
        "全国自评表.docx", NATIONAL_SELFEVAL).tables
    tables = [dataclasses.replace(t, year=2024, unit_code="520101", unit_name="某某县农业农村局") for t in tables]
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(tables)))
    for ws in list(book.worksheets):
        if ws.title != "指标明细":
            book.remove(ws)
    out = io.BytesIO()
    book.save(out)
    again = parse_file("明细.xlsx", out.getvalue())
    fields = ("name", "term", "weight", "actual_value_text", "score", "deviation_reason")
    assert [[tuple(getattr(r, f) for f in fields) for r in t.indicators] for t in again.tables] == [
        [tuple(getattr(r, f) for f in fields) for r in t.indicators] for t in tables
    ]


def test_a_budget_that_is_no_amount_is_a_warning_at_its_cell_not_dropped_unseen():
    rows = [list(r) for r in EXPORT_ROWS]
    rows[2][2] = "abc"
    result = parse_file("导出.xlsx", xlsx_file(("绩效目标", rows, {})))
    assert ("工作表“绩效目标” 第3行 C列", "金额“abc”不是数字，未导入") in [(p.place, p.message) for p in result.problems]
    assert result.tables[0].budget_total is None
