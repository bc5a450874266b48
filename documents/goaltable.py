"""The goal table as a plain document, independent of the database.

Every path goes through this shape: file -> parser -> GoalTable -> checks -> save,
and database -> GoalTable -> renderer -> file.  Money is Decimal in 万元; every text
field keeps what was filed.  `to_dict`/`from_dict` give the JSON form used by the
demo fixtures and by `import_tables --format json`.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

KIND_PROJECT = "project"
KIND_OVERALL = "overall"
KINDS = (KIND_PROJECT, KIND_OVERALL)

# The five seed layouts, then the field's forms described as data in `described.py`:
# `rows` (a budget system's export, one row per indicator), `term` (中期/长期 and 年度 indicator
# blocks side by side), `selfeval` (自评表: targets with actual values, scores and reasons).
LAYOUTS = ("standard", "hunan", "overall", "duty", "list", "rows", "term", "selfeval")

TERM_ANNUAL = ""
TERM_LONG = "长期"  # 中期 / 长期 / 实施期 indicators filed beside the year's own

MILESTONE_AMOUNT = "amount"
MILESTONE_PERCENT = "percent"

DIRECTION_POSITIVE = "正向"
DIRECTION_NEGATIVE = "反向"


@dataclass
class Milestone:
    label: str
    month: int | None = None
    value: Decimal | None = None  # cumulative, in 万元 or % per GoalTable.milestone_unit


@dataclass
class IndicatorRow:
    level1: str = ""
    level2: str = ""
    name: str = ""
    description: str = ""
    comparator: str = ""
    value: Decimal | None = None
    unit: str = ""
    value_text: str = ""  # the 指标值 cell exactly as filed
    direction: str = ""  # 正向 / 反向 / ""
    basis: str = ""  # 指标值确定依据
    standard: str = ""  # 绩效标准 (hunan layout)
    activity: str = ""  # 工作活动 (duty layout)
    ref_plan: str = ""  # 规划值
    ref_standard: str = ""  # 当年标准值
    ref_standard_source: str = ""
    ref_avg3: str = ""  # 前三年均值
    ref_last_year: str = ""  # 上年值
    ref_history_source: str = ""
    term: str = TERM_ANNUAL  # "长期": a row of the 中期/长期 block, kept apart from the year's indicators
    weight: Decimal | None = None  # 权重 / 分值
    # How the indicator is scored at the self-evaluation, filed with the goal (财预〔2020〕10号)
    scoring_standard: str = ""  # 评（扣）分标准
    formula: str = ""  # 计算公式
    data_source: str = ""  # 数据来源
    # 自评表 (self-evaluation) columns, kept as filed for monitoring and self-evaluation
    actual_value_text: str = ""  # 实际完成值
    score: Decimal | None = None  # 得分
    deviation_reason: str = ""  # 偏差原因分析及改进措施


@dataclass
class DutyTask:
    """One 部门职责 line of a duty: its 职责目标 and the indicators that measure it."""

    name: str = ""
    goal: str = ""
    indicators: list[IndicatorRow] = field(default_factory=list)


@dataclass
class Duty:
    seq: str = ""
    name: str = ""
    tasks: list[DutyTask] = field(default_factory=list)


@dataclass
class GoalTable:
    kind: str = KIND_PROJECT
    layout: str = "standard"
    year: int | None = None
    department: str = ""
    unit_code: str = ""
    unit_name: str = ""
    seq: int | None = None  # position in the department document ("1.xxx绩效目标表")
    title: str = ""  # the heading as filed, when it is more than "<name>绩效目标表"
    code: str = ""
    name: str = ""
    department_label: str = ""  # 预算部门 as printed on the table
    budget_total: Decimal | None = None
    budget_note: str = ""  # the 预算数 cell as filed when it says more than the figure ("854万(其中…)")
    fiscal_funds: Decimal | None = None
    other_funds: Decimal | None = None
    superior_funds: Decimal | None = None
    # budget composition of the department table (overall layout)
    income_general: Decimal | None = None  # 一般公共预算
    income_gov_fund: Decimal | None = None  # 政府性基金拨款
    income_special_nontax: Decimal | None = None  # 纳入专户管理的非税收入拨款
    income_other: Decimal | None = None  # 其他资金
    spending_basic: Decimal | None = None  # 基本支出
    spending_project: Decimal | None = None  # 项目支出
    functions: str = ""  # 部门职能 / 职责概述
    purpose: str = ""
    period: str = ""
    period_goal: str = ""
    annual_goal: str = ""
    annual_goal_actual: str = ""  # 自评表: 实际完成情况 beside the 年度总体目标
    budget_executed: Decimal | None = None  # 自评表: 全年执行数
    milestone_unit: str = MILESTONE_AMOUNT
    milestones: list[Milestone] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    filled_by: str = ""
    phone: str = ""
    filled_on: datetime.date | None = None

    @property
    def annual_indicators(self) -> list[IndicatorRow]:
        return [r for r in self.indicators if r.term == TERM_ANNUAL]

    @property
    def long_indicators(self) -> list[IndicatorRow]:
        return [r for r in self.indicators if r.term != TERM_ANNUAL]

    def all_indicators(self) -> Iterator[IndicatorRow]:
        yield from self.indicators
        for duty in self.duties:
            for task in duty.tasks:
                yield from task.indicators

    def map_rows(self, change: Callable[[IndicatorRow], IndicatorRow]) -> GoalTable:
        """A copy with `change(row)` applied to every indicator row, top level and under duties."""
        return dataclasses.replace(
            self,
            indicators=[change(r) for r in self.indicators],
            duties=[
                dataclasses.replace(
                    duty,
                    tasks=[dataclasses.replace(t, indicators=[change(r) for r in t.indicators]) for t in duty.tasks],
                )
                for duty in self.duties
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        return _encode(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GoalTable:
        return _decode_table(data)


# The amounts of a table (budget, sources, composition), all Decimal in 万元.
MONEY_FIELDS = tuple(f.name for f in dataclasses.fields(GoalTable) if "Decimal" in str(f.type))


def _encode(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _encode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_encode(v) for v in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    return obj


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _only_known(klass: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(klass)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{klass.__name__} 不认识的字段：{', '.join(sorted(unknown))}")
    return dict(data)


def _decode_row(data: dict[str, Any]) -> IndicatorRow:
    data = _only_known(IndicatorRow, data)
    for name in ("value", "weight", "score"):
        data[name] = _dec(data.get(name))
    return IndicatorRow(**data)


def _decode_table(data: dict[str, Any]) -> GoalTable:
    data = _only_known(GoalTable, data)
    for name in MONEY_FIELDS:
        if name in data:
            data[name] = _dec(data[name])
    if data.get("filled_on"):
        data["filled_on"] = datetime.date.fromisoformat(data["filled_on"])
    data["milestones"] = [
        Milestone(label=m["label"], month=m.get("month"), value=_dec(m.get("value")))
        for m in data.get("milestones", [])
    ]
    data["indicators"] = [_decode_row(r) for r in data.get("indicators", [])]
    data["duties"] = [
        Duty(
            seq=d.get("seq", ""),
            name=d.get("name", ""),
            tasks=[
                DutyTask(
                    name=t.get("name", ""),
                    goal=t.get("goal", ""),
                    indicators=[_decode_row(r) for r in t.get("indicators", [])],
                )
                for t in d.get("tasks", [])
            ],
        )
        for d in data.get("duties", [])
    ]
    return GoalTable(**data)


@dataclass
class Section:
    """A heading and its paragraphs in a department's narrative (body paragraphs split on newlines)."""

    heading: str = ""
    body: str = ""
    level: int = 1


@dataclass
class DepartmentDocument:
    """A department's whole document for a year: cover, narrative sections, then its tables."""

    year: int | None = None
    department: str = ""
    region: str = ""
    title: str = ""
    compiled_by: str = ""  # 编制
    reviewed_by: str = ""  # 审核
    sections: list[Section] = field(default_factory=list)
    tables: list[GoalTable] = field(default_factory=list)
