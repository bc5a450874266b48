"""Goal tables for the renderer tests, one per layout, each mirroring a table of a seed document."""
from __future__ import annotations

import datetime
from decimal import Decimal as D

from documents.goaltable import (
    DepartmentDocument,
    Duty,
    DutyTask,
    GoalTable,
    IndicatorRow,
    Milestone,
    Section,
)


def qingdao_1() -> GoalTable:
    """Seed 000, table 1: 市民中心后勤保障经费 (standard layout, milestones as amounts)."""
    rows = [
        ("成本指标", "经济成本指标", "后勤保障预算控制数", "后勤保障预算控制数", "≤7151万元"),
        ("产出指标", "数量指标", "服务人数", "服务人数", "≥600人"),
        ("产出指标", "数量指标", "采购数量", "采购数量", "≥2个"),
        ("产出指标", "时效指标", "支出进度设备维修故障响应时效", "设备维修故障响应时效", "≤0.5小时"),
        ("产出指标", "质量指标", "确保停车场正常运行", "确保停车场正常运行天数", "≥360天"),
        ("产出指标", "质量指标", "确保设备正常运行率", "确保设备正常运行率", "≥99%"),
        ("效益指标", "社会效益指标", "运维机制健全性", "运维机制健全性", "≥99%"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "服务对象满意度", "≥90%"),
    ]
    return GoalTable(
        layout="standard",
        year=2023,
        department="青岛市行政审批服务局",
        unit_code="130001",
        unit_name="青岛市行政审批服务局本级",
        seq=1,
        title="市民中心后勤保障经费绩效目标表",
        code="37020023P88002811163B",
        name="市民中心后勤保障经费",
        budget_total=D("7151"),  # filed without decimals: the form prints 7151.00
        fiscal_funds=D("7151.00"),
        purpose="为市民中心正常运转提供后勤保障服务。",
        annual_goal="通过做好设备维护、停车场管理等服务，确保市民中心正常运行。",
        milestones=[
            Milestone("3月底", 3, D("2000.00")),
            Milestone("6月底", 6, D("5000")),
            Milestone("10月底", 10, D("7000.00")),
            Milestone("12月底", 12, D("7151.00")),
        ],
        indicators=[
            IndicatorRow(level1=a, level2=b, name=c, description=d, value_text=v, basis="历史数据")
            for a, b, c, d, v in rows
        ],
    )


def shanhaiguan(seq: int, unit: tuple[str, str], name: str) -> GoalTable:
    """Seed 001: a standard table with milestones as percentages."""
    return GoalTable(
        layout="standard",
        year=2022,
        department="行政审批部门",
        unit_code=unit[0],
        unit_name=unit[1],
        seq=seq,
        title=f"{name}绩效目标表",
        code=f"13030322P0040891000{seq}D",
        name=name,
        budget_total=D("5.00"),
        fiscal_funds=D("5.00"),
        purpose="网络建设及设备费",
        annual_goal=f"1.目标内容 1 {name}",
        milestone_unit="percent",
        milestones=[Milestone(f"{m}月底", m, D(p)) for m, p in ((3, "25"), (6, "50"), (10, "75"), (12, "100"))],
        indicators=[
            IndicatorRow(level1="产出指标", level2="数量指标", name="综合事务保障率", description="保障日常事务高效运转",
                         value_text="≥95 百分比", basis="年度工作计划"),
            IndicatorRow(level1="产出指标", level2="成本指标", name="项目成本", description="项目成本",
                         value_text="≤5 万元", basis="年度工作计划"),
            IndicatorRow(level1="满意度指标", level2="服务对象满意度指标", name="活动完成率", description="工作顺利完成",
                         value_text="≥95 百分比", basis="年度工作计划"),
        ],
    )


UNIT_630001 = ("630001", "行政审批部门行政审批局本级")
UNIT_630003 = ("630003", "行政审批部门政务服务中心")


def yuanjiang_project() -> GoalTable:
    """Seed 002, project table 1: 新增劳务派遣人员工资 (hunan layout)."""
    rows = [
        ("产出指标", "数量指标", "日均政务服务办件量", "≥100件"),
        ("产出指标", "数量指标", "全年政务服务办件量", "≥30万件"),
        ("产出指标", "质量指标", "提高劳务派遣任务服务质量", "≥30%"),
        ("产出指标", "时效指标", "政务服务事项办当天结率", "≥90%"),
        ("产出指标", "成本指标", "减少企业群众办事成本", "≥20%"),
        ("效益指标", "经济效益指标", "提高行政职能运行率", "≥30%"),
        ("效益指标", "社会公众或服务对象满意度指标", "企业群众好评率", "≥98"),
    ]
    return GoalTable(
        layout="hunan",
        year=2023,
        department="沅江市行政审批服务局",
        unit_name="沅江市行政审批服务局",
        seq=1,
        title="2023年项目支出绩效目标表",
        name="新增劳务派遣人员工资",
        department_label="行政审批服务局",
        budget_total=D("96"),
        period="1年",
        period_goal="确保政务服务大厅标准化、规范化、便利化运行，提升企业、群众体验感和满意度",
        annual_goal="确保政务服务大厅标准化、规范化、便利化运行，提升企业、群众体验感和满意度",
        indicators=[IndicatorRow(level1=a, level2=b, name=c, value_text=v) for a, b, c, v in rows],
        filled_by="杨迪",
        phone="18684823990",
        filled_on=datetime.date(2023, 7, 14),
    )


def yuanjiang_overall() -> GoalTable:
    """Seed 002, the 部门整体支出绩效目标表 (overall layout)."""
    rows = [
        ("产出指标", "数量指标", "受理、办结全市政务服务事项数量", "≥30万件"),
        ("产出指标", "质量指标", "提高窗口工作人员素质", "≥30%"),
        ("产出指标", "质量指标", "审批事项提前办结率", "≥20%"),
        ("效益指标", "经济效益指标", "提高行政职能运行率", "≥60%"),
    ]
    return GoalTable(
        kind="overall",
        layout="overall",
        year=2023,
        department="沅江市行政审批服务局",
        unit_name="沅江市行政审批服务局",
        title="2023年部门整体支出绩效目标表",
        name="沅江市行政审批服务局",
        budget_total=D("864.3"),
        income_general=D("864.3"),
        spending_basic=D("367.6"),
        spending_project=D("496.7"),
        functions="贯彻落实上级关于行政审批制度改革、政务管理服务、数据资源管理工作的方针政策和决策部署",
        annual_goal="切实提升全市企业、群众政务服务的满意度，高效高效完成好各项重点工作任务",
        indicators=[IndicatorRow(level1=a, level2=b, name=c, value_text=v) for a, b, c, v in rows],
        filled_by="杨迪",
        phone="18684823990",
        filled_on=datetime.date(2023, 7, 14),
    )


def _duty_row(name, value, plan, standard, source, avg3, last, history, activity) -> IndicatorRow:
    return IndicatorRow(name=name, description=f"{name}的解释", value_text=value, ref_plan=plan, ref_standard=standard,
                        ref_standard_source=source, ref_avg3=avg3, ref_last_year=last, ref_history_source=history,
                        activity=activity)


def linyi() -> GoalTable:
    """Seed 003: the department table organised by duty (duty layout)."""
    plan = "临沂市行政审批服务局年度工作要点"
    online = "组织市级政务服务部门依托山东省政务服务事项管理系统，动态管理维护事项"
    return GoalTable(
        kind="overall",
        layout="duty",
        year=2023,
        department="临沂市行政审批服务局",
        unit_name="临沂市行政审批服务局",
        title="2023年临沂市行政审批服务局部门预算整体绩效目标表（2）",
        name="临沂市行政审批服务局部门预算整体绩效目标",
        duties=[
            Duty(seq="1", name="“一窗受理” “一网通办”", tasks=[
                DutyTask(name="负责组织推进政务服务事项“网上办”", goal="推动实现“网上办”“零跑动”办理。", indicators=[
                    _duty_row("7+1类事项网上可办率", "99.70%", "100%", "99.70%", "《实施意见》", "98%", "99.70%",
                              "内部统计", online),
                    _duty_row("7+1类事项全程网办率", "98.30%", "100%", "98.30%", "《实施意见》", "97.20%", "98.00%",
                              "内部统计", online),
                ]),
                DutyTask(name="负责组织推进政务服务事项“掌上办”", goal="提供高效便捷掌上服务。", indicators=[
                    _duty_row("月平均日活跃度", "5.90%", "2%", "2%", plan, "1.80%", "2%", "内部统计", "加大运营推广"),
                ]),
            ]),
            Duty(seq="2", name="深入推进重点领域改革", tasks=[
                DutyTask(name="创新推出“四减一送”改革措施", goal="全流程0.5个工作日办结。", indicators=[
                    _duty_row("企业登记全程网办率", "99%", "99%", "99%", plan, "4.09万件", "4.15万件", "系统数据统计",
                              "企业登记、公章刻制同步进行"),
                ]),
            ]),
        ],
    )


def fuzhou() -> list[GoalTable]:
    """Seed 004: three projects of the one flat list (list layout)."""

    def project(seq, name, budget, goal, rows):
        return GoalTable(
            layout="list",
            year=2020,
            department="福州市鼓楼区行政服务中心管理委员会",
            unit_code="112001",
            unit_name="福州市鼓楼区行政服务中心管理委员会",
            seq=seq,
            title="财政支出项目绩效目标表",
            name=name,
            budget_total=D(budget),
            period_goal=goal,
            indicators=[
                IndicatorRow(level1=a, level2=b, name=c, description=d, direction=e, comparator=f, value=D(v),
                             value_text=v, unit=u)
                for a, b, c, d, e, f, v, u in rows
            ],
        )

    return [
        project(1, "中心智能化项目维保费", "28.1", "信息化设备和业务系统运行维护服务。", [
            ("产出指标", "时效指标", "目标完成率", "", "正向", "=", "100", "%"),
            ("产出指标", "时效指标", "系统故障修复响应时间", "从系统故障开始至修复时间", "反向", "≤", "24.00", "小时"),
            ("产出指标", "成本指标", "预算执行率", "", "正向", "≥", "95", "%"),
            ("满意度指标", "服务对象满意度指标", "服务群体满意度", "对运维服务的满意度", "正向", "≥", "95.00", "%"),
        ]),
        project(2, "商务吧购买服务专项经费", "21", "为市民提供免费复印打印、免费茶水等服务。", [
            ("产出指标", "时效指标", "目标完成率", "", "正向", "=", "100", "%"),
            ("效益指标", "社会效益指标", "提供就业岗位数", "商务吧提供就业岗位数", "正向", "≥", "2.00", "个"),
        ]),
        project(3, "窗口奖励费", "2.76", "提高窗口工作人员积极性、主动性。", [
            ("满意度指标", "服务对象满意度指标", "受表彰奖励对象满意度", "对评优评先的满意度", "正向", "=", "98.00", "%"),
        ]),
    ]


def shanhaiguan_document() -> DepartmentDocument:
    """Seed 001 as a department document; the tables are given interleaved across two units."""
    return DepartmentDocument(
        year=2022,
        department="行政审批部门",
        title="行政审批部门 2022 年部门预算绩效文本 (草案)",
        compiled_by="行政审批部门",
        reviewed_by="山海关区财政局",
        sections=[
            Section("第一部分 部门整体绩效目标", "", 1),
            Section("一、总体绩效目标", "贯彻落实党中央、省委、市委和区委的决策部署。\n坚持和加强党的集中统一领导。", 2),
            Section("第二部分 预算项目绩效目标", "", 1),
        ],
        tables=[
            shanhaiguan(1, UNIT_630001, "跨省通办及省内通办网络建设及设备费"),
            shanhaiguan(7, UNIT_630003, "“好差评”专业评价系统及配套设施经费"),
            shanhaiguan(2, UNIT_630001, "行政审批服务中心专项补助"),
        ],
    )
