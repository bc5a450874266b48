"""Monitoring rounds, monitoring reports and self-evaluations: the writes and the scoring.

The scoring itself is documents.evaluation (pure); here it is applied to the rows in the database."""
from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from documents.amounts import money_text, plain
from documents.evaluation import (
    QUALITATIVE_BANDS,
    Execution,
    Score,
    execution_against_time,
    grade_for,
    needs_reason,
    score_budget_execution,
    score_indicator,
    weight_problems,
)
from documents.goaltable import TERM_ANNUAL
from indicators.models import Indicator
from projects.access import may_fill, tables_for_user
from projects.models import (
    FiscalYear,
    GoalTable,
    MonitoringLine,
    MonitoringReport,
    MonitoringRound,
    SelfEvaluation,
    SelfEvaluationLine,
)

APPROVED = GoalTable.Status.APPROVED


def table_indicators(table: GoalTable) -> list[Indicator]:
    """The table's indicator rows of the year (not the 中期/长期 block) in order, each with its `row_key`
    set and its two heading columns (`heading1`, `heading2`): 一级/二级, or for a duty-layout row
    without them its 部门职责 and 职责事项."""
    indicators = list(
        table.indicators.filter(term=TERM_ANNUAL).select_related("duty_task__duty").order_by("order", "pk")
    )
    for indicator, key in zip(indicators, row_keys(indicators)):
        indicator.row_key = key
        indicator.heading1, indicator.heading2 = indicator.level1, indicator.level2
        task = indicator.duty_task
        if task is not None and not (indicator.level1.strip() or indicator.level2.strip()):
            indicator.heading1 = " ".join(part for part in (task.duty.seq, task.duty.name) if part)
            indicator.heading2 = task.name
    return indicators


def row_keys(indicators: Iterable[Indicator]) -> list[str]:
    """A key per row that survives the table being saved again: 一级/二级/三级, repeats numbered."""
    seen: dict[tuple[str, str, str], int] = {}
    keys = []
    for indicator in indicators:
        name = (indicator.level1.strip(), indicator.level2.strip(), indicator.name.strip())
        seen[name] = seen.get(name, 0) + 1
        keys.append(hashlib.sha1("\x1f".join((*name, str(seen[name]))).encode("utf-8")).hexdigest())
    return keys


# --- monitoring ---------------------------------------------------------------------------------


def already_open_message(fiscal_year: FiscalYear, as_of: datetime.date) -> str:
    return f"{fiscal_year.year} 年度截至 {as_of.month}月{as_of.day}日 的运行监控已经开启，不能重复开启。"


def monitoring_round_open(
    *, fiscal_year: FiscalYear, as_of: datetime.date, title: str = "", user: User | None = None,
    red_below: Decimal | None = None, yellow_below: Decimal | None = None, deviation_limit: Decimal | None = None,
) -> MonitoringRound:
    if MonitoringRound.objects.filter(fiscal_year=fiscal_year, as_of=as_of).exists():
        raise ValidationError({"as_of": already_open_message(fiscal_year, as_of)})
    options = {k: v for k, v in (("red_below", red_below), ("yellow_below", yellow_below),
                                 ("deviation_limit", deviation_limit)) if v is not None}
    round_ = MonitoringRound(
        fiscal_year=fiscal_year, as_of=as_of, title=title or f"截至{as_of.month}月{as_of.day}日", created_by=user, **options
    )
    round_.full_clean()  # the date in the year, red below yellow (MonitoringRound.clean)
    round_.save()
    return round_


def monitoring_tables(round_: MonitoringRound, *, user: User) -> QuerySet[GoalTable]:
    """The approved tables of the round's year that `user` may see, and those that reported in the round
    and are being adjusted since (their report still counts; it is filed again once they are approved)."""
    reported = MonitoringReport.objects.filter(round=round_).values("table_id")
    return (
        tables_for_user(user)
        .filter(Q(status=APPROVED) | Q(pk__in=reported), fiscal_year=round_.fiscal_year)
        .select_related("unit__department")
    )


@dataclass
class LineInput:
    value_so_far: str = ""
    expected: str = ""
    will_meet: bool | None = None
    reason: str = ""
    measure: str = ""


@dataclass
class LineView:
    indicator: Indicator
    line: MonitoringLine | SelfEvaluationLine
    needs_reason: bool = False
    score: Score | None = None


@dataclass
class MonitoringAssessment:
    execution: Execution | None
    lines: list[LineView]

    @property
    def flagged(self) -> list[LineView]:
        return [view for view in self.lines if view.needs_reason and not view.line.reason.strip()]


class NotInEvaluation(Exception):
    """The table has no report here: it is not approved (any more), or of another year than the round.
    The message says so in Chinese; pages turn it into their 404."""


def check_monitored(*, round_: MonitoringRound, table: GoalTable) -> None:
    """The one test of "this table is in the round": of the round's year, and approved (or reported in the
    round before a goal adjustment sent it back: its report is shown, not changed)."""
    if table.fiscal_year_id != round_.fiscal_year_id or (
        table.status != APPROVED and not MonitoringReport.objects.filter(round=round_, table=table).exists()
    ):
        raise NotInEvaluation("这张表不在本轮运行监控中")


def check_evaluable(table: GoalTable) -> None:
    """The one test of "this table has a self-evaluation": approved."""
    if table.status != APPROVED:
        raise NotInEvaluation("审核通过的表才有绩效自评")


def monitoring_report_for(*, round_: MonitoringRound, table: GoalTable) -> MonitoringReport:
    """The table's report in the round (unsaved when none yet); NotInEvaluation when the table is not in it."""
    check_monitored(round_=round_, table=table)
    return MonitoringReport.objects.filter(round=round_, table=table).first() or MonitoringReport(round=round_, table=table)


def report_execution(*, round_: MonitoringRound, table: GoalTable, report: MonitoringReport | None) -> Execution | None:
    """A table's budget execution against time in the round; None until executed and budget are both known."""
    if report is None or report.executed is None or not table.budget_total:
        return None
    return execution_against_time(
        budget=table.budget_total, executed=report.executed, month=round_.month, thresholds=round_.thresholds
    )


def monitoring_assess(*, round_: MonitoringRound, table: GoalTable, report: MonitoringReport) -> MonitoringAssessment:
    saved = {line.row_key: line for line in report.lines.all()} if report.pk else {}
    views = []
    for indicator in table_indicators(table):
        line = saved.get(indicator.row_key) or MonitoringLine(report=report, indicator=indicator, row_key=indicator.row_key)
        flag = needs_reason(
            target=indicator.value, comparator=indicator.comparator, expected_text=line.expected,
            will_meet=line.will_meet, limit=round_.deviation_limit,
        )
        views.append(LineView(indicator, line, flag))
    execution = report_execution(round_=round_, table=table, report=report)
    return MonitoringAssessment(execution, views)


RACE_LOST = "这张表的内容刚刚由另一次提交保存（可能点了两次保存），本次没有保存；请刷新页面，核对后再改。"


def _save_once(record: MonitoringReport | SelfEvaluation) -> None:
    """Saves a report or self-evaluation; the second of two simultaneous first saves is told, not a 500."""
    if record.pk is not None:
        record.save()
        return
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError(RACE_LOST) from error


def _check_fill(*, table: GoalTable, user: User, what: str) -> None:
    if not may_fill(user, table):
        raise PermissionDenied(f"只有本单位填报人可以填写{what}")
    if table.status != APPROVED:
        raise ValidationError(f"“{table.name}”尚未审核通过，审核通过后才能填写{what}。")


def version_of(record: MonitoringReport | SelfEvaluation) -> str:
    """What a page remembers of the record it shows, to tell a save from an older page (two tabs)."""
    return record.updated_at.isoformat() if record.pk and record.updated_at else ""


def _check_not_stale(record: MonitoringReport | SelfEvaluation, seen: str | None, what: str) -> None:
    if seen is None or seen == version_of(record):
        return
    who = (record.updated_by.get_full_name() or record.updated_by.username) if record.updated_by else "有人"
    when = timezone.localtime(record.updated_at).strftime("%Y-%m-%d %H:%M")
    raise ValidationError(f"这一页打开之后，{who} 已于 {when} 保存过{what}，本次没有保存，以免覆盖。"
                          "请先复制您填写的内容，刷新页面后再改。")


def monitoring_closed_reason(*, round_: MonitoringRound, table: GoalTable) -> str:
    """Why the table's report in the round cannot be changed now ("" when it can): the round is closed, or
    a goal adjustment sent the table back since it reported.  The page shows it read-only and says so."""
    if not round_.is_open:
        return f"“{round_.title}”的运行监控已关闭，不能再修改；如需补报请联系管理员重新开放。"
    if table.status != APPROVED:
        return (f"“{table.name}”当前为“{table.get_status_display()}”，正在调整绩效目标，运行监控没有保存；"
                "重新审核通过后可以继续填写。")
    return ""


@transaction.atomic
def monitoring_report_save(
    *, round_: MonitoringRound, table: GoalTable, user: User, executed: Decimal | None, note: str = "",
    lines: dict[int, LineInput], seen: str | None = None,
) -> MonitoringReport:
    """Saves a table's report in the round; `seen` is the version the page showed (None: not checked)."""
    if not may_fill(user, table):
        raise PermissionDenied("只有本单位填报人可以填写运行监控")
    closed = monitoring_closed_reason(round_=round_, table=table)
    if closed:
        raise ValidationError(closed)
    if table.fiscal_year_id != round_.fiscal_year_id:
        raise ValidationError("这张表不属于本轮监控的年度。")
    if executed is not None and table.budget_total is not None and executed > table.budget_total:
        raise ValidationError(f"执行数 {money_text(executed)} 万元超过年度预算数 {money_text(table.budget_total)} 万元："
                              "请核对金额和单位（万元）；预算调整了的，请先申请调整绩效目标。")
    report = monitoring_report_for(round_=round_, table=table)
    _check_not_stale(report, seen, "本表的运行监控")
    report.executed, report.note, report.updated_by = executed, note, user
    report.full_clean(validate_unique=False, validate_constraints=False)
    _save_once(report)
    indicators = {indicator.pk: indicator for indicator in table_indicators(table)}
    existing = {line.row_key: line for line in report.lines.all()}
    for indicator_id, data in lines.items():
        if indicator_id not in indicators:
            raise ValidationError("提交的指标不属于这张表，请刷新页面后重试。")
        indicator = indicators[indicator_id]
        line = existing.get(indicator.row_key) or MonitoringLine(report=report, row_key=indicator.row_key)
        line.indicator = indicator
        for name in ("value_so_far", "expected", "will_meet", "reason", "measure"):
            setattr(line, name, getattr(data, name))
        line.full_clean()
        line.save()
    return report


@dataclass
class OverviewRow:
    department: str
    tables: int = 0
    filled: int = 0
    budget: Decimal = Decimal(0)  # of every table in the round
    executed: Decimal = Decimal(0)
    reported_budget: Decimal = Decimal(0)  # of the tables that reported what they executed
    reported: int = 0
    colours: dict[str, int] = field(default_factory=lambda: {"red": 0, "yellow": 0, "green": 0})
    flagged: int = 0
    execution: Execution | None = None


def monitoring_overview(*, round_: MonitoringRound, user: User) -> list[OverviewRow]:
    """Per department: tables, filled reports, budget executed against time, colours, unexplained deviations."""
    tables = list(monitoring_tables(round_, user=user).prefetch_related("indicators"))
    reports = {
        report.table_id: report
        for report in MonitoringReport.objects.filter(round=round_, table__in=tables).prefetch_related("lines")
    }
    rows: dict[int, OverviewRow] = {}
    for table in tables:
        row = rows.setdefault(table.unit.department_id, OverviewRow(table.unit.department.name))
        row.tables += 1
        row.budget += table.budget_total or 0
        report = reports.get(table.pk)
        if report is None:
            continue
        row.filled += 1
        if report.executed is not None:
            # Execution is weighed against the budget of the tables that said what they executed:
            # a table not yet reported is not 0 % executed.
            row.executed += report.executed
            row.reported_budget += table.budget_total or 0
            row.reported += 1
        in_order = sorted((i for i in table.indicators.all() if i.term == TERM_ANNUAL), key=lambda i: (i.order, i.pk))
        targets = dict(zip(row_keys(in_order), in_order))
        for line in report.lines.all():
            indicator = targets.get(line.row_key)
            if indicator and not line.reason.strip() and needs_reason(
                target=indicator.value, comparator=indicator.comparator, expected_text=line.expected,
                will_meet=line.will_meet, limit=round_.deviation_limit,
            ):
                row.flagged += 1
        execution = report_execution(round_=round_, table=table, report=report)
        if execution is not None:
            row.colours[execution.colour] += 1
    for row in rows.values():
        if row.reported_budget > 0:
            row.execution = execution_against_time(
                budget=row.reported_budget, executed=row.executed, month=round_.month, thresholds=round_.thresholds
            )
    return sorted(rows.values(), key=lambda r: r.department)


# --- self-evaluation ----------------------------------------------------------------------------


@dataclass
class EvaluationInput:
    actual_text: str = ""
    band: str = ""
    band_share: Decimal | None = None
    reason: str = ""
    band_share_text: str = ""  # the share as typed, shown again when it could not be read
    weight: Decimal | None = None  # for a row filed without a 分值
    weight_text: str = ""


@dataclass
class ScoreSheet:
    lines: list[LineView]
    budget: Score
    total: Decimal | None
    full: Decimal
    grade: str
    weight_problems: list[str] = field(default_factory=list)

    @property
    def missing_reasons(self) -> list[LineView]:
        return [view for view in self.lines if view.score.missed and not view.line.reason.strip()]


def self_evaluation_for(table: GoalTable) -> SelfEvaluation:
    """The table's self-evaluation (unsaved when none yet); NotInEvaluation when the table has none."""
    check_evaluable(table)
    evaluation = SelfEvaluation.objects.filter(table=table).first()
    if evaluation is None:
        # What an imported 自评表 brought (全年执行数, 实际完成情况) is where the filer starts.
        evaluation = SelfEvaluation(
            table=table, budget_initial=table.budget_total, budget_full_year=table.budget_total,
            executed=table.budget_executed, outcome=table.annual_goal_actual, budget_weight=table.scheme.weight_budget,
        )
    return evaluation


def weight_of(indicator: Indicator, line: SelfEvaluationLine) -> Decimal | None:
    """The 分值 a row is scored out of: the one filed with the goal, else the one given at the self-evaluation."""
    return indicator.weight if indicator.weight is not None else line.weight


def self_evaluation_score(*, table: GoalTable, evaluation: SelfEvaluation, lines: dict[str, SelfEvaluationLine] | None = None) -> ScoreSheet:
    saved = lines if lines is not None else ({line.row_key: line for line in evaluation.lines.all()} if evaluation.pk else {})
    views = []
    for indicator in table_indicators(table):
        line = saved.get(indicator.row_key) or SelfEvaluationLine(
            evaluation=evaluation, indicator=indicator, row_key=indicator.row_key,
            actual_text=indicator.actual_value_text, reason=indicator.deviation_reason,
        )
        score = score_indicator(
            value_text=indicator.value_text, comparator=indicator.comparator, target=indicator.value,
            direction=indicator.direction, actual_text=line.actual_text, weight=weight_of(indicator, line),
            band=line.band, band_share=line.band_share,
        )
        views.append(LineView(indicator, line, score.missed, score))
    budget = score_budget_execution(
        budget=evaluation.budget_full_year, executed=evaluation.executed, weight=evaluation.budget_weight
    )
    scores = [view.score.value for view in views] + [budget.value]
    full = sum((view.score.full or 0 for view in views), Decimal(0)) + evaluation.budget_weight
    total = None if any(value is None for value in scores) else sum(scores, Decimal(0))
    scheme = table.scheme
    grade = grade_for(total, scheme.grade_thresholds) if total is not None else ""
    shares = {**scheme.self_evaluation_weights, "预算执行率": evaluation.budget_weight}
    problems = weight_problems(rows=[(v.indicator.level1, weight_of(v.indicator, v.line)) for v in views], shares=shares)
    if not views:
        # The budget score alone is not a total: graded against 100 points it would read 差.
        total, grade = None, ""
        problems.append("这张表没有绩效指标，只能计算预算执行率得分，无法计算总分和评价等级。")
    return ScoreSheet(views, budget, total, full, grade, problems)


@transaction.atomic
def self_evaluation_save(
    *, table: GoalTable, user: User, budget_initial: Decimal | None, budget_full_year: Decimal | None,
    executed: Decimal | None, outcome: str = "", lines: dict[int, EvaluationInput], seen: str | None = None,
) -> SelfEvaluation:
    """Saves the self-evaluation; refuses (ValidationError naming the indicator) a missed target without a reason,
    and a page older than the last save (`seen`, the version the page showed; None: not checked)."""
    _check_fill(table=table, user=user, what="绩效自评")
    evaluation = self_evaluation_for(table)
    _check_not_stale(evaluation, seen, "本表的绩效自评")
    evaluation.budget_initial, evaluation.budget_full_year = budget_initial, budget_full_year
    evaluation.executed, evaluation.outcome, evaluation.updated_by = executed, outcome, user
    evaluation.full_clean(validate_unique=False, validate_constraints=False)
    indicators = {indicator.pk: indicator for indicator in table_indicators(table)}
    existing = {line.row_key: line for line in evaluation.lines.all()} if evaluation.pk else {}
    pending = dict(existing)
    for indicator_id, data in lines.items():
        if indicator_id not in indicators:
            raise ValidationError("提交的指标不属于这张表，请刷新页面后重试。")
        indicator = indicators[indicator_id]
        line = existing.get(indicator.row_key) or SelfEvaluationLine(row_key=indicator.row_key)
        line.indicator = indicator
        line.actual_text, line.band, line.band_share, line.reason = data.actual_text, data.band, data.band_share, data.reason
        line.weight = data.weight if indicator.weight is None else None
        pending[indicator.row_key] = line
    sheet = self_evaluation_score(table=table, evaluation=evaluation, lines=pending)
    missing = []
    for view in sheet.lines:
        band, share = view.line.band, view.line.band_share
        if band in QUALITATIVE_BANDS and share is not None:
            low, high, _ = QUALITATIVE_BANDS[band]
            if not low <= share <= high:
                missing.append(f"“{view.indicator.name or view.indicator.level2}”选的是“{band}”，得分比例应在 "
                               f"{plain(low)}%–{plain(high)}% 之间，填的是 {plain(share)}%；请改比例或改档次。")
    missing += [f"“{view.indicator.name or view.indicator.level2}”未完成目标，请填写偏差原因分析及改进措施。"
                for view in sheet.missing_reasons]
    if missing:
        raise ValidationError(missing)
    _save_once(evaluation)
    for line in pending.values():
        line.evaluation = evaluation
        line.full_clean()
        line.save()
    return evaluation
