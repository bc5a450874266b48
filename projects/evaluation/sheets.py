"""The monitoring and self-evaluation records as documents.render.evaluation.Sheet, for download."""
from __future__ import annotations

from decimal import Decimal

from documents.amounts import money_text, plain_text
from documents.render.evaluation import Sheet, SheetLine, text
from projects.models import GoalTable, MonitoringReport, MonitoringRound, SelfEvaluation

from .services import MonitoringAssessment, ScoreSheet

WILL_MEET = {True: "能", False: "不能", None: ""}


def points(value: Decimal | None) -> str:
    """A 分值 as people write it (30, 2.5), not the column's 30.0000."""
    return "" if value is None else plain_text(value)


def self_evaluation_sheet(*, table: GoalTable, evaluation: SelfEvaluation, sheet: ScoreSheet) -> Sheet:
    header = [
        ("项目名称", table.name), ("项目编码", table.code),
        ("主管部门", table.unit.department.name), ("实施单位", table.unit.name),
        ("年初预算数（万元）", money_text(evaluation.budget_initial) or ""), ("全年预算数（万元）", money_text(evaluation.budget_full_year) or ""),
        ("全年执行数（万元）", money_text(evaluation.executed) or ""), ("预算执行率得分", f"{text(sheet.budget.value) or '—'} / {points(sheet.budget.full)}"),
        ("年度总体目标", table.annual_goal), ("总体目标完成情况", evaluation.outcome),
    ]
    lines = [
        SheetLine(v.indicator.heading1, v.indicator.heading2, v.indicator.name, [
            v.indicator.target_text, v.line.actual_text, points(v.score.full), text(v.score.value), v.line.reason,
        ])
        for v in sheet.lines
    ]
    return Sheet(
        title=f"{table.fiscal_year.year}年度项目支出绩效自评表",
        header=header,
        columns=["年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        lines=lines,
        footer=[("总分", text(sheet.total) or "—"), ("评价等级", sheet.grade or "—")],
        footer_column="得分",
    )


def monitoring_sheet(*, round_: MonitoringRound, table: GoalTable, report: MonitoringReport, assessment: MonitoringAssessment) -> Sheet:
    execution = assessment.execution
    header = [
        ("项目名称", table.name), ("项目编码", table.code),
        ("主管部门", table.unit.department.name), ("实施单位", table.unit.name),
        ("年度预算数（万元）", money_text(table.budget_total) or ""), (f"{round_.title}执行数（万元）", money_text(report.executed) or ""),
        ("执行率", f"{execution.rate}%" if execution else ""),
        ("执行进度（执行率 ÷ 时间进度）", f"{execution.against_time}%（{'红黄绿'['red yellow green'.split().index(execution.colour)]}）" if execution else ""),
        ("执行情况说明", report.note),
    ]
    lines = [
        SheetLine(v.indicator.heading1, v.indicator.heading2, v.indicator.name, [
            v.indicator.target_text, v.line.value_so_far, v.line.expected, WILL_MEET[v.line.will_meet], v.line.reason, v.line.measure,
        ])
        for v in assessment.lines
    ]
    return Sheet(
        title=f"{round_.fiscal_year.year}年度项目绩效运行监控表（{round_.title}）",
        header=header,
        columns=["年度指标值", "截至目前完成值", "全年预计完成值", "能否完成目标", "偏差原因", "纠偏措施"],
        lines=lines,
    )
