"""Builders for the review-rule tests: a well-formed table per layout, and small edits of it.

Rows are built the way the demo loads them: comparator, value and unit read from the filed
text by the value grammar, so a test row looks exactly like a seed row.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from documents.goaltable import Duty, DutyTask, GoalTable, IndicatorRow
from documents.rules import check_table
from documents.rules.schemes import file_aliases, file_schemes
from documents.rules.taxonomy import Taxonomy
from documents.values import parse_value
from tests.documents import tablekit
from tests.documents.tablekit import quarterly

SCHEMES = file_schemes()
ALIASES = file_aliases()
MOF2021 = SCHEMES["mof2021"]
LEGACY = SCHEMES["legacy"]
HUNAN = SCHEMES["hunan"]


def taxonomy(code="mof2021") -> Taxonomy:
    return Taxonomy(SCHEMES[code], ALIASES[code])


def row(level1: str, level2: str, name: str, value_text: str, *, basis: str = "历史数据", **more: object) -> IndicatorRow:
    """A row as the demo holds it (parts read from the value text), stating its 依据 as a well-formed row does;
    `comparator` overrides the parsed one (the list layout's 方向)."""
    return tablekit.row(level1, level2, name, value_text, basis=basis, **more)


def clean_rows() -> list[IndicatorRow]:
    return [
        row("成本指标", "经济成本指标", "信息化平台运维服务采购成本", "≤497万元"),
        row("产出指标", "数量指标", "运维设备数量", "≥120台"),
        row("产出指标", "数量指标", "年度巡检次数", "≥24次"),
        row("产出指标", "质量指标", "系统正常运行率", "≥99%"),
        row("产出指标", "时效指标", "故障响应时间", "≤0.5小时"),
        row("效益指标", "社会效益指标", "企业注册全程网办率", "≥95%"),
        row("效益指标", "可持续影响指标", "运维服务连续保障年限", "≥3年"),
        row("满意度指标", "服务对象满意度指标", "办事企业群众满意度", "≥95%"),
    ]


def clean_table(**changes) -> GoalTable:
    """A well-formed 2023 project table in the standard layout (2021 scheme); no rule may flag it."""
    table = GoalTable(
        kind="project",
        layout="standard",
        year=2023,
        department="青岛市行政审批服务局",
        unit_code="130001",
        unit_name="青岛市行政审批服务局本级",
        code="37020023P13000410227X",
        name="市民中心信息化平台运维经费",
        budget_total=Decimal("497.00"),
        fiscal_funds=Decimal("497.00"),
        purpose="保障市民中心信息化平台正常运行。",
        annual_goal="完成市民中心120台信息化设备和业务系统的运行维护，系统正常运行率不低于99%，为企业群众提供便捷高效的审批服务。",
        milestone_unit="amount",
        milestones=quarterly("100.00", "250.00", "400.00", "497.00"),
        indicators=clean_rows(),
    )
    return dataclasses.replace(table, **changes)


def clean_duty_table() -> GoalTable:
    """A well-formed department table in the duty layout, with reference values below each target."""
    rows = [
        row("", "", "政务服务事项网上可办率", "99.70%", basis="", ref_plan="99%", ref_standard="99.70%",
            ref_avg3="98%", ref_last_year="99.70%"),
        row("", "", "公共资源交易平台交易量", "9000件", basis="", ref_plan="9000件", ref_standard="8500件",
            ref_avg3="8000件", ref_last_year="8000件"),
        row("", "", "主题集成服务事项数量", "52个", basis="", ref_plan="新增20个", ref_standard="新增20个",
            ref_avg3="30个", ref_last_year="50个"),
    ]
    return GoalTable(
        kind="overall",
        layout="duty",
        year=2023,
        department="临沂市行政审批服务局",
        name="临沂市行政审批服务局部门预算整体绩效目标",
        duties=[Duty(seq="1", name="“一窗受理”“一网通办”", tasks=[DutyTask(name="推进政务服务事项网上办", goal="持续提高网办深度。", indicators=rows)])],
    )


def with_row(table: GoalTable, index: int, **changes) -> GoalTable:
    """`table` with row `index` changed; a new value_text is parsed again as the demo would."""
    rows = list(table.indicators)
    current = rows[index]
    if "value_text" in changes:
        parsed = parse_value(changes["value_text"])
        changes = {"comparator": parsed.comparator, "value": parsed.number, "unit": parsed.unit, **changes}
    rows[index] = dataclasses.replace(current, **changes)
    return dataclasses.replace(table, indicators=rows)


def with_rows(table: GoalTable, *extra: IndicatorRow) -> GoalTable:
    return dataclasses.replace(table, indicators=[*table.indicators, *extra])


def findings(table: GoalTable, scheme="mof2021"):
    return check_table(table, scheme=SCHEMES[scheme], aliases=ALIASES[scheme])


def codes(found) -> list[str]:
    return [f.code for f in found]
