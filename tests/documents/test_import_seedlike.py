"""Word files built to look like the originals behind each seed, read back field by field.

Each file has the mess its seed shows: merged cells as Word stores them (vMerge) and as
converted files store them (empty cells, repeated text), heading rows repeated after a page
break, words and codes broken by spaces and line breaks, a table cut across pages.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from documents.goaltable import Duty, DutyTask, GoalTable, IndicatorRow
from documents.parse.reader import parse_file

from .import_build import LEFT, UP, docx_file
from .tablekit import quarterly, row


def ind(level1, level2, name, description, value_text, comparator, value, unit, **more) -> IndicatorRow:
    """A row as the parser must read it: every part stated, none derived from the value text."""
    return row(level1, level2, name, value_text, description=description, comparator=comparator, value=value,
               unit=unit, **more)


def only(result, count=1):
    assert [p.message for p in result.problems] == []
    assert len(result.tables) == count
    return result.tables if count > 1 else result.tables[0]


# --- seed 000: 青岛, the form and the indicators in two Word tables ----------------------------

QINGDAO = docx_file(
    "青岛市行政审批服务局2023年部门预算绩效目标",
    "1.市民中心后勤保障经费绩效目标表",
    "130001青岛市行政审批服务局本级",
    "单位：万元",
    QINGDAO_FORM := [
        ["项目编码", "37020023P88002811163B", LEFT, "项目名称", "市民中心后勤保障经费", LEFT, LEFT],
        ["预算规模及资金用途", "预算数", "7151.00", "其中：财政    资金", "7151.00", "其他资金", " "],
        ["", "为市民中心正常运转提供后勤保障服务。", LEFT, LEFT, LEFT, LEFT, LEFT],  # the merge stored as an empty cell
        ["资金支出计划", "3月底", LEFT, "6月底", "10月底", "12月底", LEFT],
        ["", "2000.00", LEFT, "5000.00", "7000.00", "7151.00", LEFT],
        ["绩效目标", "通过做好设备维护、停车场管理等服务，确保市民中心正常运行。", LEFT, LEFT, LEFT, LEFT, LEFT],
    ],
    "",
    " ",
    QINGDAO_INDICATORS := [
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
        ["成本指标", "经济成本指标", "后勤保障预算控制数", "后勤保障预算控制数", "≤7151万元", "历史数据"],
        ["产出指标", "数量指标", "服务人数", "服务人数", "≥600人", "历史数据"],
        [UP, "数量指标", "采购数量", "采购数量", "≥2个", "历史数据"],
        ["", "时效指标", "支出进度设备维修故障响应时效", "设备维修故障响应时效", "≤0.5小时", "历史数据"],
        ["", "质量指标", "确保停车场正常运行", "确保停车场正常运行天数", "≥360天", "历史数据"],
        ["效益指标", "社会效益指标", "运维机制健全性", "运维机制健全性", "≥99%", "历史数据"],
        ["满意度指标", "服务对象满意度指标", "服务对象满意度", "服务对象满意度", "≥90%", "历史数据"],
    ],
)


def test_standard_form_and_indicators_in_two_word_tables():
    table = only(parse_file("青岛.docx", QINGDAO))
    assert table == GoalTable(
        kind="project",
        layout="standard",
        year=2023,
        department="青岛市行政审批服务局",
        unit_code="130001",
        unit_name="青岛市行政审批服务局本级",
        seq=1,
        title="市民中心后勤保障经费绩效目标表",
        code="37020023P88002811163B",
        name="市民中心后勤保障经费",
        budget_total=Decimal("7151.00"),
        fiscal_funds=Decimal("7151.00"),
        purpose="为市民中心正常运转提供后勤保障服务。",
        annual_goal="通过做好设备维护、停车场管理等服务，确保市民中心正常运行。",
        milestone_unit="amount",
        milestones=quarterly("2000.00", "5000.00", "7000.00", "7151.00"),
        indicators=[
            ind("成本指标", "经济成本指标", "后勤保障预算控制数", "后勤保障预算控制数", "≤7151万元", "≤", "7151", "万元", basis="历史数据"),
            ind("产出指标", "数量指标", "服务人数", "服务人数", "≥600人", "≥", "600", "人", basis="历史数据"),
            ind("产出指标", "数量指标", "采购数量", "采购数量", "≥2个", "≥", "2", "个", basis="历史数据"),
            ind("产出指标", "时效指标", "支出进度设备维修故障响应时效", "设备维修故障响应时效", "≤0.5小时", "≤", "0.5", "小时",
                basis="历史数据"),
            ind("产出指标", "质量指标", "确保停车场正常运行", "确保停车场正常运行天数", "≥360天", "≥", "360", "天", basis="历史数据"),
            ind("效益指标", "社会效益指标", "运维机制健全性", "运维机制健全性", "≥99%", "≥", "99", "%", basis="历史数据"),
            ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "服务对象满意度", "≥90%", "≥", "90", "%", basis="历史数据"),
        ],
    )


def test_word_amounts_as_people_type_them_read_like_the_editor_reads_them():
    """Imports and the editor share one reader of amounts: separators, 万元 and full-width digits."""
    rows = [list(r) for r in QINGDAO_FORM]
    rows[1] = ["预算规模及资金用途", "预算数", "7,151.00", "其中：财政    资金", "７１５１万元", "其他资金", " "]
    rows[4] = ["", "2,000", LEFT, "5000.00万元", "７，０００．００", "7151万", LEFT]
    file = docx_file("1.市民中心后勤保障经费绩效目标表", "单位：万元", rows, "", QINGDAO_INDICATORS)
    table = only(parse_file("青岛.docx", file))
    assert (table.budget_total, table.fiscal_funds) == (Decimal("7151.00"), Decimal("7151"))
    assert [m.value for m in table.milestones] == [Decimal("2000"), Decimal("5000.00"), Decimal("7000.00"), Decimal("7151")]


# --- seed 001: 山海关, a whole department text with cover, contents and broken words -----------

SHANHAIGUAN = docx_file(
    "行政审批部门 2022 年部门预算绩效文本 (草案)",
    "行政审批部门编制",
    "山海关区财政局审核",
    "目 录",
    "1.跨省通办及省内通办网络建设及设备费绩效目标表..... 6",
    "3.行政审批服务中心专项补助绩效目标表..... 8",
    "一、总体绩效目标",
    "（一）政务服务标准化建设（10分）。主要包括贯彻落实《河北省委办公厅……》(冀办字〔2018〕55号)有关情况。",
    "第二部分",
    "预算项目绩效目标",
    "3.行政审批服务中心专项补助绩效目标表",
    "630001 行政审批部门行政审批局本级",
    "单位：万元",
    [
        ["项目编码", "13030322P0040941000 18", LEFT, "项目名称", "行政审批服务中心专项补助", LEFT, LEFT],
        ["预算规模及 资金用途", "预算数", "263.00", "其中：财政 资金", "263.00", "其他资金", ""],
        [UP, "保障服务中心人员工资福利等经费", LEFT, LEFT, LEFT, LEFT, LEFT],
        ["资金支出计 划 (%)", "3 月底", LEFT, "6 月底", "10 月底", "12 月底", LEFT],
        [UP, "25%", LEFT, "50%", "75%", "100%", LEFT],
        ["绩效目标", "1.目标内容 1 保障落实审批服务中心人员工资待遇", LEFT, LEFT, LEFT, LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定 依据", LEFT],
        ["产出指标", "数量指标", "保障人数", "保障人数", "≥23 人", "年度工作计 划", LEFT],
        [UP, "质量指标", "工资发放精 准性", "工资发放精准性", "≥100 百分 比", "年度工作计 划", LEFT],
        # the heading row again: a page break in the converted file
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定 依据", LEFT],
        ["", "时效指标", "工资发放及 时性", "工资发放及时性", "≥100 按规 定时间发放", "年度工作计 划", LEFT],
        ["", "成本指标", "工资保险发 放(缴纳) 标准", "工资保险发放 (缴纳) 标 准", "≥100 百分 比", "年度工作计\n划", LEFT],
        ["效益指标", "经济效益指 标", "工资保险发\n放(缴纳)标准", "工资保险发放(缴纳)标准", "≥100 百分 比", "年度工作计 划", LEFT],
        ["满意度指标", "服务对象满 意度指标", "满意度", "满意度", "≥100 百分 比", "年度工作计 划", LEFT],
    ],
)


def test_standard_in_a_department_text_with_broken_words_and_a_repeated_heading():
    table = only(parse_file("山海关.docx", SHANHAIGUAN))
    plan = "年度工作计划"
    assert table == GoalTable(
        kind="project",
        layout="standard",
        year=2022,
        department="行政审批部门",
        unit_code="630001",
        unit_name="行政审批部门行政审批局本级",
        seq=3,
        title="行政审批服务中心专项补助绩效目标表",
        code="13030322P004094100018",
        name="行政审批服务中心专项补助",
        budget_total=Decimal("263.00"),
        fiscal_funds=Decimal("263.00"),
        purpose="保障服务中心人员工资福利等经费",
        annual_goal="1.目标内容 1 保障落实审批服务中心人员工资待遇",
        milestone_unit="percent",
        milestones=quarterly(25, 50, 75, 100),
        indicators=[
            ind("产出指标", "数量指标", "保障人数", "保障人数", "≥23 人", "≥", "23", "人", basis=plan),
            ind("产出指标", "质量指标", "工资发放精准性", "工资发放精准性", "≥100 百分比", "≥", "100", "百分比", basis=plan),
            ind("产出指标", "时效指标", "工资发放及时性", "工资发放及时性", "≥100 按规定时间发放", "≥", "100", "", basis=plan),
            ind("产出指标", "成本指标", "工资保险发放(缴纳)标准", "工资保险发放(缴纳)标准", "≥100 百分比", "≥", "100", "百分比",
                basis=plan),
            ind("效益指标", "经济效益指标", "工资保险发放(缴纳)标准", "工资保险发放(缴纳)标准", "≥100 百分比", "≥", "100",
                "百分比", basis=plan),
            ind("满意度指标", "服务对象满意度指标", "满意度", "满意度", "≥100 百分比", "≥", "100", "百分比", basis=plan),
        ],
    )


# --- seed 002: 沅江, the department table then a project table, both with signatures ----------

YUANJIANG = docx_file(
    "附件1-1",
    "2023年部门整体支出绩效目标表",
    " 填报单位：（盖章）",
    [
        ["部门名称", "沅江市行政审批服务局\u3000", LEFT, LEFT, LEFT],
        ["年度预算申请\n（万元）", "资金总额：864.3万", LEFT, LEFT, LEFT],
        [UP, "按收入性质分： ", LEFT, "按支出性质分：", LEFT],
        [UP, "其中：  一般公共预算：864.3万", LEFT, "其中： 基本支出：367.6万", LEFT],
        [UP, "       政府性基金拨款：", LEFT, "       项目支出：496.7万", LEFT],
        [UP, "纳入专户管理的非税收入拨款：", LEFT, "", LEFT],
        [UP, "             其他资金：", LEFT, "", LEFT],
        ["部门职能\n\n职责概述", "贯彻落实上级关于行政审批制度改革的方针政策和决策部署", LEFT, LEFT, LEFT],
        ["整体绩效目标", "切实提升全市企业、群众政务服务的满意度", LEFT, LEFT, LEFT],
        ["部门整体支出\n\n年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位"],
        [UP, "产出指标", "数量指标", "受理、办结全市政务服务事项数量", "≥30万件\u3000"],
        [UP, UP, "质量指标", "提高窗口工作人员素质", "≥30%"],
        [UP, "", "", "审批事项提前办结率", "≥20%"],
        [UP, "效益指标", "社会公众或服务对象满意度", "提很企业、群众政务服务满意度", "≥95%"],
    ],
    "填表人：杨迪          联系电话：18684823990         填报日期： 2023.7.14          ",
    "单位负责人签字：",
    "附件2-2",
    "2023年项目支出绩效目标表",
    "\t填报单位：（盖章）                                            单位：万元",
    [
        ["项目支出名称", "新增大厅营运维护费用\u3000", LEFT, "预算部门", "行政审批服务局\u3000", LEFT],
        ["年度本级\n\n预算金额", "\u300070", LEFT, "该项目支出上级资金", "（分级填报）", LEFT],
        ["项目支出实施期", "1年", LEFT, LEFT, LEFT, LEFT],
        ["实施期绩效目标", "及时维护检修相关设备以保证办事大厅的相关设备日常正常运行", LEFT, LEFT, LEFT, LEFT],
        ["本年度绩效目标", "及时维护检修相关设备以保证办事大厅的相关设备日常正常运行\u3000", LEFT, LEFT, LEFT, LEFT],
        ["本年度\n\n绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"],
        [UP, "产出指标", "数量指标", "行政审批收件数量", "≥30件\u3000", ""],
        [UP, UP, UP, "行政审批外网预审收件数量", "≥10万件", ""],
        [UP, UP, "成本指标", "日常运营维护费用\u3000", "≥10%\u3000", ""],
        [UP, "效益指标", "社会公众或服务对象满意度指标", "群众满意度\u3000", "\u3000≥98%", "较上年提高"],
    ],
    "填表人：杨迪          联系电话：18684823990          填报日期：2023.7.14           ",
    "单位负责人签字：",
)


def test_overall_and_hunan_tables_with_their_signature_lines():
    result = parse_file("沅江.docx", YUANJIANG)
    assert result.layout == "overall+hunan"
    overall, project = only(result, 2)
    signed = dict(filled_by="杨迪", phone="18684823990", filled_on=datetime.date(2023, 7, 14))
    department = "沅江市行政审批服务局"
    assert overall == GoalTable(
        kind="overall",
        layout="overall",
        year=2023,
        department=department,
        unit_name=department,
        title="2023年部门整体支出绩效目标表",
        name=department,
        budget_total=Decimal("864.3"),
        income_general=Decimal("864.3"),
        spending_basic=Decimal("367.6"),
        spending_project=Decimal("496.7"),
        functions="贯彻落实上级关于行政审批制度改革的方针政策和决策部署",
        annual_goal="切实提升全市企业、群众政务服务的满意度",
        indicators=[
            ind("产出指标", "数量指标", "受理、办结全市政务服务事项数量", "", "≥30万件", "≥", "30", "万件"),
            ind("产出指标", "质量指标", "提高窗口工作人员素质", "", "≥30%", "≥", "30", "%"),
            ind("产出指标", "质量指标", "审批事项提前办结率", "", "≥20%", "≥", "20", "%"),
            ind("效益指标", "社会公众或服务对象满意度", "提很企业、群众政务服务满意度", "", "≥95%", "≥", "95", "%"),
        ],
        **signed,
    )
    goal = "及时维护检修相关设备以保证办事大厅的相关设备日常正常运行"
    assert project == GoalTable(
        kind="project",
        layout="hunan",
        year=2023,
        department=department,
        unit_name=department,
        title="2023年项目支出绩效目标表",
        name="新增大厅营运维护费用",
        department_label="行政审批服务局",
        budget_total=Decimal("70"),
        period="1年",
        period_goal=goal,
        annual_goal=goal,
        indicators=[
            ind("产出指标", "数量指标", "行政审批收件数量", "", "≥30件", "≥", "30", "件"),
            ind("产出指标", "数量指标", "行政审批外网预审收件数量", "", "≥10万件", "≥", "10", "万件"),
            ind("产出指标", "成本指标", "日常运营维护费用", "", "≥10%", "≥", "10", "%"),
            ind("效益指标", "社会公众或服务对象满意度指标", "群众满意度", "", "≥98%", "≥", "98", "%", standard="较上年提高"),
        ],
        **signed,
    )
    # "（分级填报）" is a note to the filer, not an amount: nothing to warn about
    assert result.problems == []


# --- seed 003: 临沂, by duty, over three Word tables (pages) with their own headings -----------

H1 = ["职责序号", "部门职责", LEFT, "职责目标", "绩效指标", "指标解释", "年度指标值", "指标参考值", LEFT, LEFT, LEFT, LEFT, LEFT,
      "工作活动"]
H2 = [UP, UP, UP, UP, UP, UP, UP, "标准值 (规划目标、行业标准或其他明确标准)", LEFT, LEFT,
      "历史值 (统计年鉴/统计公报/内部统计/其他需明确的来源)", LEFT, LEFT, UP]
H3 = [UP, UP, UP, UP, UP, UP, UP, "规划值", "当年标准值", LEFT, "前三年均值", "上年值", "来源", UP]
H4 = [UP, UP, UP, UP, UP, UP, UP, UP, "标准值", "来源", UP, UP, UP, UP]
# the third page prints 部门职责 in one column, as the seed does
N1 = ["职责序号", "部门职责", "职责目标", "绩效指标", "指标解释", "年度指标值", "指标参考值", LEFT, LEFT, LEFT, LEFT, LEFT, "工作活动"]
N2 = [UP, UP, UP, UP, UP, UP, "标准值 (规划目标、行业标准或其他明确标准)", LEFT, LEFT, "历史值 (统计年鉴/统计公报/内部统计/其他需明确的来源)",
      LEFT, LEFT, UP]
N3 = [UP, UP, UP, UP, UP, UP, "规划值", "当年标准值", LEFT, "前三年均值", "上年值", "来源", UP]
N4 = [UP, UP, UP, UP, UP, UP, UP, "标准值", "来源", UP, UP, UP, UP]
SRC = "临沂市行政审批服务局年度工作要点"

LINYI = docx_file(
    "2023年临沂市行政审批服务局部门预算整体绩效目标表（2）",
    [
        H1, H2, H3, H4,
        ["1", "“一窗受理” “一网通办”", "负责组织推进政务服务事项“网上办”", "推动实现“网上办”“零跑动”办理。", "全程网办率",
         "可全程网办事项数/进驻网上平台项数", "98.30%", "100%", "98.30%", "《实施意见》", "97.20%", "98.00%", "内部统计",
         "提升网办深度"],
        [UP, UP, "负责组织推进政务服务事项“掌上办”", "为企业群众提供高效便捷掌上服务。", "月平均日活跃度", "日均活跃人数/常住人口",
         "5.90%", "2%", "2%", SRC, "1.80%", "2%", "内部统计", "持续提升日活跃度。"],
        [UP, UP, "", "", "“拳头应用”上线项数", "上线的拳头应用数量。", "47项", "/", "本年度新增10项", SRC, "8项", "13项", "内部统计", ""],
        ["2", "深入推进重点领域 改革", "创新推出“四减一送”改革措施", "全流程0.5个工作日办结。", "企业登记全程网办率", "全程网办数量/登记总数量",
         "99%", "99%", "99%", SRC, "4.09万件", "4.15万件", "系统数据统计", "公章刻制由政府买单。"],
    ],
    [
        H1, H2, H3, H4,
        ["2", "深入推进重点领域改革", "构建“电子营业执照+N”融合应用服务体系", "让数据多跑路、让企业少跑腿。", "电子档案同步领取数量",
         "同步领取电子档案的市场主体数量。", "5万", "/", "5万", SRC, "0", "0", "系统数据统计", "维护融合应用系统。"],
        [UP, UP, UP, UP, "电子印章同步领取数量", "同步领取电子印章的市场主体数量。", "0.5万", "/", "0.5万", SRC, "0", "0",
         "系统数据统计", UP],
    ],
    [
        N1, N2, N3, N4,
        ["3", "积极探索改革创新", "完成140项“跨省通办”、321项“全省通办”任务。", "“跨区域通办”事项数量", "落地实施事项数量。", "461项",
         "453项", "453项", SRC, "453项", "453项", "内部统计", "推动事项异地可办。"],
        [UP, UP, "实现“一次办好”。", "主题集成服务事项数量", "主题集成服务事项运行数量。", "32个", "新增20个", "新增20个", SRC, "30个",
         "50个", "内部统计", "推出更多主题集成服务事项。"],
    ],
)


def duty_row(name, description, value_text, comparator, value, unit, refs, activity):
    plan, standard, source, avg3, last, history = refs
    return ind("", "", name, description, value_text, comparator, value, unit, activity=activity, ref_plan=plan,
               ref_standard=standard, ref_standard_source=source, ref_avg3=avg3, ref_last_year=last,
               ref_history_source=history)


def test_duty_table_over_three_pages_with_merged_and_empty_cells():
    table = only(parse_file("临沂.docx", LINYI))
    assert (table.kind, table.layout, table.year, table.title) == (
        "overall", "duty", 2023, "2023年临沂市行政审批服务局部门预算整体绩效目标表（2）")
    assert (table.department, table.unit_name, table.name) == (
        "临沂市行政审批服务局", "临沂市行政审批服务局", "临沂市行政审批服务局部门预算整体绩效目标")
    assert table.indicators == []
    assert table.duties == [
        Duty("1", "“一窗受理” “一网通办”", [
            DutyTask("负责组织推进政务服务事项“网上办”", "推动实现“网上办”“零跑动”办理。", [
                duty_row("全程网办率", "可全程网办事项数/进驻网上平台项数", "98.30%", "", "98.30", "%",
                         ("100%", "98.30%", "《实施意见》", "97.20%", "98.00%", "内部统计"), "提升网办深度"),
            ]),
            DutyTask("负责组织推进政务服务事项“掌上办”", "为企业群众提供高效便捷掌上服务。", [
                duty_row("月平均日活跃度", "日均活跃人数/常住人口", "5.90%", "", "5.90", "%",
                         ("2%", "2%", SRC, "1.80%", "2%", "内部统计"), "持续提升日活跃度。"),
                duty_row("“拳头应用”上线项数", "上线的拳头应用数量。", "47项", "", "47", "项",
                         ("/", "本年度新增10项", SRC, "8项", "13项", "内部统计"), "持续提升日活跃度。"),
            ]),
        ]),
        Duty("2", "深入推进重点领域改革", [
            DutyTask("创新推出“四减一送”改革措施", "全流程0.5个工作日办结。", [
                duty_row("企业登记全程网办率", "全程网办数量/登记总数量", "99%", "", "99", "%",
                         ("99%", "99%", SRC, "4.09万件", "4.15万件", "系统数据统计"), "公章刻制由政府买单。"),
            ]),
            DutyTask("构建“电子营业执照+N”融合应用服务体系", "让数据多跑路、让企业少跑腿。", [
                duty_row("电子档案同步领取数量", "同步领取电子档案的市场主体数量。", "5万", "", "5", "万",
                         ("/", "5万", SRC, "0", "0", "系统数据统计"), "维护融合应用系统。"),
                duty_row("电子印章同步领取数量", "同步领取电子印章的市场主体数量。", "0.5万", "", "0.5", "万",
                         ("/", "0.5万", SRC, "0", "0", "系统数据统计"), "维护融合应用系统。"),
            ]),
        ]),
        Duty("3", "积极探索改革创新", [
            DutyTask("", "完成140项“跨省通办”、321项“全省通办”任务。", [
                duty_row("“跨区域通办”事项数量", "落地实施事项数量。", "461项", "", "461", "项",
                         ("453项", "453项", SRC, "453项", "453项", "内部统计"), "推动事项异地可办。"),
            ]),
            DutyTask("", "实现“一次办好”。", [
                duty_row("主题集成服务事项数量", "主题集成服务事项运行数量。", "32个", "", "32", "个",
                         ("新增20个", "新增20个", SRC, "30个", "50个", "内部统计"), "推出更多主题集成服务事项。"),
            ]),
        ]),
    ]


# --- seed 004: 福州, a flat list of projects, cut by page breaks -------------------------------

FUZHOU = docx_file(
    "2. 部门专项资金绩效目标表",
    "财政支出项目绩效目标表",
    "（2020年度）",
    "单位名称：[112001]福州市鼓楼区行政服务中心管理委员会",
    [
        ["序号", "项目名称", "年预算安排资金（万元）", "项目总体绩效目标", "项目年度绩效目标", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        [UP, UP, UP, UP, "一级指标", "二级指标", "三级指标", "指标详细说明", "指标性质", "方向", "绩效目标值", "计量单位"],
        ["1", "中心智能化项", "28.1", "信息化设备和业务系统", "产出指标", "时效指标", "目标完成率", "", "正向指标", "等于", "100", "%"],
    ],
    # the next page: the rest of project 1's cells, then its other rows
    [
        ["", "目维保 费", "", "运行维护服务，保障中心业务系统正常运行。", "", "", "系统故障修复响应时间", "从系统故障开始至修复时间",
         "反向指标", "小于等于", "24.00", "小时"],
        [UP, UP, UP, UP, "", "成本指标", "预算执行率", "", "正向指标", "大于等于", "95", "%"],
        [UP, UP, UP, UP, "效益指标", "可持续影响指标", "电子档案查阅率", "电子证照应用率", "正向指标", "大于等于", "30.00", "%"],
        ["2", "商务吧 购买服务 专项经费", "21", "为市民提供免费复印打印等服务。", "产出 指标", "时效指标", "目标完成率", "", "正向指标",
         "等于", "100", "%"],
        [UP, UP, UP, UP, UP, "成本指标", "预算执行", "", "正向指标", "大于等", "95", "%"],
    ],
    # a page break inside a row: "预算执行|率", "大于等|于"
    [
        ["", "", "", "", "", "", "率", "", "", "于", "", ""],
        [UP, UP, UP, UP, "满意度指标", "服务对象满意度指标", "办事群众满意率", "办事群众对服务的满意度", "正向指标", "大于等于", "95.00", ""],
    ],
)


def test_list_of_projects_cut_by_page_breaks():
    first, second = only(parse_file("福州.docx", FUZHOU), 2)
    common = dict(kind="project", layout="list", year=2020, title="财政支出项目绩效目标表", unit_code="112001",
                  unit_name="福州市鼓楼区行政服务中心管理委员会")
    assert first == GoalTable(
        **common, seq=1, name="中心智能化项目维保费", budget_total=Decimal("28.1"),
        period_goal="信息化设备和业务系统运行维护服务，保障中心业务系统正常运行。",
        indicators=[
            ind("产出指标", "时效指标", "目标完成率", "", "100", "=", "100", "%", direction="正向"),
            ind("产出指标", "时效指标", "系统故障修复响应时间", "从系统故障开始至修复时间", "24.00", "≤", "24.00", "小时",
                direction="反向"),
            ind("产出指标", "成本指标", "预算执行率", "", "95", "≥", "95", "%", direction="正向"),
            ind("效益指标", "可持续影响指标", "电子档案查阅率", "电子证照应用率", "30.00", "≥", "30.00", "%", direction="正向"),
        ],
    )
    assert second == GoalTable(
        **common, seq=2, name="商务吧购买服务专项经费", budget_total=Decimal("21"),
        period_goal="为市民提供免费复印打印等服务。",
        indicators=[
            ind("产出指标", "时效指标", "目标完成率", "", "100", "=", "100", "%", direction="正向"),
            ind("产出指标", "成本指标", "预算执行率", "", "95", "≥", "95", "%", direction="正向"),
            ind("满意度指标", "服务对象满意度指标", "办事群众满意率", "办事群众对服务的满意度", "95.00", "≥", "95.00", "",
                direction="正向"),
        ],
    )


# --- a region never seen: traditional headings, scores, 元, ≧ and full-width digits -----------

UNSEEN = docx_file(
    "2024年某市数据局项目支出绩效目标申报表",
    "金额单位：元",
    [
        ["项目名称", "智慧政务平台运维", LEFT, "项目预算", "1,200,000", LEFT],
        ["年度目标", "保障平台全年稳定运行", LEFT, LEFT, LEFT, LEFT],
        ["一級指標", "二級指標", "指標內容", "目標值", "計量單位", "分值"],
        ["产出指标(50分)", "数量指标", "运维系统数量", "≧５", "个", "20"],
        [UP, "质量指标", "系统可用率", "=100.00(%)", "", "30"],
        ["满意度指标（10分）", "服务对象满意度指标", "用户满意度", "≥90", "%", "10"],
    ],
)


def test_unseen_region_found_by_its_headings():
    result = parse_file("某市.docx", UNSEEN)
    table = only(result)
    assert table == GoalTable(
        kind="project",
        layout="standard",
        year=2024,
        department="某市数据局",  # the title names who files it
        unit_name="某市数据局",
        title="2024年某市数据局项目支出绩效目标申报表",
        name="智慧政务平台运维",
        budget_total=Decimal("120"),
        annual_goal="保障平台全年稳定运行",
        indicators=[
            ind("产出指标", "数量指标", "运维系统数量", "", "≧５", "≥", "5", "个", weight=Decimal(20)),
            ind("产出指标", "质量指标", "系统可用率", "", "=100.00(%)", "=", "100.00", "%", weight=Decimal(30)),
            ind("满意度指标", "服务对象满意度指标", "用户满意度", "", "≥90", "≥", "90", "%", weight=Decimal(10)),
        ],
    )
    assert any("元" in note and "万元" in note for note in result.notes)
    assert any("产出指标(50分)" in note for note in result.notes)


# --- a converted file that stores every merge as the same text in each cell ------------------

REPEATED = docx_file(
    "2.市优化营商环境专班工作经费绩效目标表",
    "130001青岛市行政审批服务局本级",
    [
        ["项目编码", "37020023P88002811156A", "37020023P88002811156A", "项目名称", "市优化营商环境专班工作经费",
         "市优化营商环境专班工作经费", "市优化营商环境专班工作经费"],
        ["预算规模及资金用途", "预算数", "128.00", "其中：财政资金", "128.00", "其他资金", ""],
        ["预算规模及资金用途", "用于市优化营商环境工作专班开展工作支出。", "用于市优化营商环境工作专班开展工作支出。",
         "用于市优化营商环境工作专班开展工作支出。", "用于市优化营商环境工作专班开展工作支出。",
         "用于市优化营商环境工作专班开展工作支出。", "用于市优化营商环境工作专班开展工作支出。"],
        ["资金支出计划", "3月底", "3月底", "6月底", "10月底", "12月底", "12月底"],
        ["资金支出计划", "20.00", "20.00", "68.00", "120.00", "128.00", "128.00"],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "指标值确定依据"],
        ["产出指标", "数量指标", "督导考核次数", "督导考核次数", "≥4次", "计划标准", "计划标准"],
        ["产出指标", "时效指标", "完成及时率", "完成及时率", "=100%", "计划标准", "计划标准"],
    ],
)


def test_merges_stored_as_repeated_text_are_read_once():
    table = only(parse_file("重复.docx", REPEATED))
    assert (table.seq, table.code, table.name, table.budget_total) == (
        2, "37020023P88002811156A", "市优化营商环境专班工作经费", Decimal("128.00"))
    assert table.purpose == "用于市优化营商环境工作专班开展工作支出。"
    assert table.milestones == quarterly("20.00", "68.00", "120.00", "128.00")
    assert table.indicators == [
        ind("产出指标", "数量指标", "督导考核次数", "督导考核次数", "≥4次", "≥", "4", "次", basis="计划标准"),
        ind("产出指标", "时效指标", "完成及时率", "完成及时率", "=100%", "=", "100", "%", basis="计划标准"),
    ]
