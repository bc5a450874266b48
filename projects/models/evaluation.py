"""The two stages after approval, on the same indicator rows as the goals: mid-year monitoring
(运行监控, one report per table and round) and the year-end self-evaluation (绩效自评, one per table)."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from documents.evaluation import QUALITATIVE_BANDS
from documents.limits import MAX_TEXT
from indicators.validators import text_validators

from .tables import MONEY, FiscalYear, GoalTable

PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}


class MonitoringRound(models.Model):
    """A round of 运行监控 an admin opens for a year, e.g. 截至7月31日."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="monitoring_rounds", verbose_name="年度")
    title = models.CharField("名称", max_length=100)
    as_of = models.DateField("数据截至")
    is_open = models.BooleanField("开放填报", default=True)
    red_below = models.DecimalField("红色：执行进度低于（%）", default=Decimal(60), **PERCENT)
    yellow_below = models.DecimalField("黄色：执行进度低于（%）", default=Decimal(80), **PERCENT)
    deviation_limit = models.DecimalField("预计值偏离目标超过（%）须说明原因", default=Decimal(15), **PERCENT)
    created_at = models.DateTimeField("开启时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="开启人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "运行监控轮次"
        ordering = ["-as_of", "-pk"]
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "as_of"], name="monitoring_round_once_per_date")]

    def __str__(self) -> str:
        return f"{self.fiscal_year.year}年度 {self.title}"

    def clean(self) -> None:
        """The checks of opening a round hold for every write of one, the admin's too."""
        super().clean()
        errors = {}
        if self.fiscal_year_id and self.as_of and self.as_of.year != self.fiscal_year.year:
            errors["as_of"] = f"数据截至日期应在 {self.fiscal_year.year} 年内。"
        if self.red_below is not None and self.yellow_below is not None and self.red_below > self.yellow_below:
            errors["red_below"] = "红色阈值不能高于黄色阈值。"
        if errors:
            raise ValidationError(errors)

    @property
    def month(self) -> int:
        return self.as_of.month

    @property
    def thresholds(self) -> tuple[Decimal, Decimal]:
        return (self.red_below, self.yellow_below)


class MonitoringReport(models.Model):
    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="reports", verbose_name="监控轮次")
    table = models.ForeignKey(GoalTable, on_delete=models.CASCADE, related_name="monitoring_reports", verbose_name="绩效目标表")
    executed = models.DecimalField("截至目前预算执行数（万元）", **MONEY, null=True, blank=True)
    note = models.TextField("执行情况说明", blank=True, max_length=MAX_TEXT, validators=text_validators())
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="填报人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "运行监控表"
        constraints = [models.UniqueConstraint(fields=["round", "table"], name="monitoring_report_once_per_table")]

    def __str__(self) -> str:
        return f"{self.round} · {self.table.name}"


class MonitoringLine(models.Model):
    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="lines", verbose_name="运行监控表")
    # Indicator rows are rewritten when a table is saved: a line finds its row again by `row_key`
    # (一级/二级/三级 and repeat number), so a later save of the table loses nothing filed here.
    row_key = models.CharField("指标行标识", max_length=64)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="三级指标"
    )
    value_so_far = models.CharField("截至目前完成值", max_length=500, blank=True)
    expected = models.CharField("全年预计完成值", max_length=500, blank=True)
    will_meet = models.BooleanField("能否完成目标", null=True, blank=True)
    reason = models.TextField("偏差原因", blank=True, max_length=MAX_TEXT, validators=text_validators())
    measure = models.TextField("纠偏措施", blank=True, max_length=MAX_TEXT, validators=text_validators())

    class Meta:
        verbose_name = verbose_name_plural = "运行监控指标"
        constraints = [models.UniqueConstraint(fields=["report", "row_key"], name="monitoring_line_once_per_row")]


class SelfEvaluation(models.Model):
    """The year-end 绩效自评 of one goal table (财预〔2020〕10号 附件 项目支出绩效自评表)."""

    table = models.OneToOneField(GoalTable, on_delete=models.CASCADE, related_name="self_evaluation", verbose_name="绩效目标表")
    budget_initial = models.DecimalField("年初预算数（万元）", **MONEY, null=True, blank=True)
    budget_full_year = models.DecimalField("全年预算数（万元）", **MONEY, null=True, blank=True)
    executed = models.DecimalField("全年执行数（万元）", **MONEY, null=True, blank=True)
    budget_weight = models.DecimalField("预算执行率分值", max_digits=6, decimal_places=2, default=Decimal(10))
    outcome = models.TextField("总体目标完成情况", blank=True, max_length=MAX_TEXT, validators=text_validators())
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="填报人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "绩效自评表"

    def __str__(self) -> str:
        return f"{self.table.name} 绩效自评"


class SelfEvaluationLine(models.Model):
    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="lines", verbose_name="绩效自评表")
    # Indicator rows are rewritten when a table is saved: a line finds its row again by `row_key`
    # (一级/二级/三级 and repeat number), so a later save of the table loses nothing filed here.
    row_key = models.CharField("指标行标识", max_length=64)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="三级指标"
    )
    actual_text = models.CharField("实际完成值", max_length=500, blank=True)
    band = models.CharField(
        "定性指标完成档次", max_length=30, blank=True, choices=[(name, name) for name in QUALITATIVE_BANDS]
    )
    band_share = models.DecimalField("档次内得分比例（%）", null=True, blank=True, **PERCENT)
    reason = models.TextField("偏差原因分析及改进措施", blank=True, max_length=MAX_TEXT, validators=text_validators())
    # The 分值 given at the self-evaluation to a row filed without one (a 分值 filed with the goal stands).
    weight = models.DecimalField("分值（自评时填写）", max_digits=12, decimal_places=4, null=True, blank=True,
                                 validators=[MinValueValidator(0, message="分值不能小于0")])

    class Meta:
        verbose_name = verbose_name_plural = "绩效自评指标"
        constraints = [models.UniqueConstraint(fields=["evaluation", "row_key"], name="self_evaluation_line_once_per_row")]


class Adjustment(models.Model):
    """绩效目标调整: staff ask to change an approved table, saying why; the reviewer agrees or refuses.
    Agreed, the table goes back to staff (退回修改) and comes back through submission as a new version."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        AGREED = "agreed", "同意调整"
        REFUSED = "refused", "不同意"

    table = models.ForeignKey(GoalTable, on_delete=models.CASCADE, related_name="adjustments", verbose_name="绩效目标表")
    reason = models.TextField("调整原因", max_length=5000)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="审核人"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    note = models.TextField("审核意见", blank=True, max_length=5000)

    class Meta:
        verbose_name = verbose_name_plural = "绩效目标调整申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["table"], condition=models.Q(status="pending"), name="one_pending_adjustment_per_table")
        ]

    def __str__(self) -> str:
        return f"{self.table.name} 调整申请（{self.get_status_display()}）"
