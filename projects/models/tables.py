from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from documents.goaltable import LAYOUTS
from documents.limits import MAX_TEXT
from indicators.validators import integer_validators, text_validators

# 万元 with up to six decimals: some provinces require amounts to the yuan-cent (12.345678 万元),
# and an amount filed in 元 converts to 万元 exactly.
MONEY = {"max_digits": 18, "decimal_places": 6}


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    scheme = models.ForeignKey(
        "indicators.Scheme", on_delete=models.PROTECT, related_name="years", verbose_name="默认指标体系"
    )
    is_open = models.BooleanField("开放填报", default=True)

    class Meta:
        verbose_name = "预算年度"
        verbose_name_plural = "预算年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class Department(models.Model):
    """A budget department (预算部门)."""

    name = models.CharField("部门名称", max_length=200)
    code = models.CharField("部门编码", max_length=40, blank=True)
    region = models.CharField("所属地区", max_length=100, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="reviewed_departments", verbose_name="审核人"
    )

    class Meta:
        verbose_name = "预算部门"
        verbose_name_plural = "预算部门"
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_department_in_region"),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A budget unit (预算单位) of a department, e.g. 630001 行政审批部门行政审批局本级."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="units", verbose_name="预算部门")
    code = models.CharField("单位编码", max_length=40, blank=True)
    name = models.CharField("单位名称", max_length=200)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="units", verbose_name="填报人"
    )

    class Meta:
        verbose_name = "预算单位"
        verbose_name_plural = "预算单位"
        ordering = ["department", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="unique_unit_name_in_department"),
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="unique_unit_code_when_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


# The department-wide table (no number) comes before the numbered project tables, on every database.
SEQ_ORDER = models.F("seq").asc(nulls_first=True)


class GoalTable(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", "项目支出"
        OVERALL = "overall", "部门整体支出"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        RETURNED = "returned", "退回修改"
        APPROVED = "approved", "审核通过"

    class MilestoneUnit(models.TextChoices):
        AMOUNT = "amount", "金额（万元）"
        PERCENT = "percent", "百分比（%）"

    # Submitted and approved tables belong to the review; only these change contents.
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="tables", verbose_name="年度")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tables", verbose_name="预算单位")
    scheme = models.ForeignKey(
        "indicators.Scheme", on_delete=models.PROTECT, related_name="tables", verbose_name="指标体系"
    )
    kind = models.CharField("表类型", max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    layout = models.CharField("版式", max_length=10, choices=[(x, x) for x in LAYOUTS], default="standard")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    seq = models.PositiveIntegerField("序号", null=True, blank=True, validators=integer_validators())
    title = models.CharField("表标题", max_length=300, blank=True)
    code = models.CharField("项目编码", max_length=60, blank=True)
    name = models.CharField("项目名称", max_length=300)
    department_label = models.CharField("预算部门（表内）", max_length=200, blank=True)
    budget_total = models.DecimalField("预算数（万元）", **MONEY, null=True, blank=True)
    budget_note = models.TextField("预算数（原文）", blank=True, max_length=MAX_TEXT, validators=text_validators())
    budget_executed = models.DecimalField("全年执行数（万元）", **MONEY, null=True, blank=True)
    fiscal_funds = models.DecimalField("其中：财政资金", **MONEY, null=True, blank=True)
    other_funds = models.DecimalField("其他资金", **MONEY, null=True, blank=True)
    superior_funds = models.DecimalField("上级资金", **MONEY, null=True, blank=True)
    income_general = models.DecimalField("一般公共预算", **MONEY, null=True, blank=True)
    income_gov_fund = models.DecimalField("政府性基金拨款", **MONEY, null=True, blank=True)
    income_special_nontax = models.DecimalField("纳入专户管理的非税收入拨款", **MONEY, null=True, blank=True)
    income_other = models.DecimalField("其他资金（按收入性质）", **MONEY, null=True, blank=True)
    spending_basic = models.DecimalField("基本支出", **MONEY, null=True, blank=True)
    spending_project = models.DecimalField("项目支出", **MONEY, null=True, blank=True)
    functions = models.TextField("部门职能", blank=True, max_length=MAX_TEXT, validators=text_validators())
    purpose = models.TextField("资金用途", blank=True, max_length=MAX_TEXT, validators=text_validators())
    period = models.CharField("实施期", max_length=50, blank=True)
    period_goal = models.TextField("实施期绩效目标", blank=True, max_length=MAX_TEXT, validators=text_validators())
    annual_goal = models.TextField("本年度绩效目标", blank=True, max_length=MAX_TEXT, validators=text_validators())
    budget_carried = models.BooleanField(
        "预算数沿用上年待核实",
        default=False,
        help_text="结转时预算数沿用上年的数，填报人核实（或改动）后取消",
    )
    annual_goal_actual = models.TextField("年度目标实际完成情况", blank=True, max_length=MAX_TEXT, validators=text_validators())
    milestone_unit = models.CharField(
        "支出计划口径", max_length=10, choices=MilestoneUnit.choices, default=MilestoneUnit.AMOUNT
    )
    filled_by = models.CharField("填表人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    filled_on = models.DateField("填报日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="最后修改人",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "绩效目标表"
        verbose_name_plural = "绩效目标表"
        ordering = ["fiscal_year", "unit", SEQ_ORDER, "id"]
        indexes = [models.Index(fields=["fiscal_year", "unit", "code"])]
        # A table's identity (projects.identity): its kind and code within its year and unit, or its
        # name when it has none.  Two imports of one file at once can then never make two copies.
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "unit", "kind", "code"], condition=~models.Q(code=""),
                name="one_table_per_code",
                violation_error_message="本年度该单位已有项目编码相同的同类绩效目标表。",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "unit", "kind", "name"], condition=models.Q(code=""),
                name="one_uncoded_table_per_name",
                violation_error_message="本年度该单位已有同名、未填项目编码的同类绩效目标表。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year.year}年 {self.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    def clean(self) -> None:
        if self.kind == self.Kind.OVERALL and self.layout not in {"overall", "duty", "standard"}:
            raise ValidationError({"layout": "部门整体支出表只能使用 overall、duty 或 standard 版式"})


class Milestone(models.Model):
    """A point of the cumulative spending plan (资金支出计划)."""

    table = models.ForeignKey(GoalTable, on_delete=models.CASCADE, related_name="milestones", verbose_name="绩效目标表")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    label = models.CharField("节点", max_length=20)
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    value = models.DecimalField("累计数", **MONEY, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "资金支出计划"
        verbose_name_plural = "资金支出计划"
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return self.label


class Duty(models.Model):
    """A 部门职责 of the duty layout (seed 003), numbered by 职责序号."""

    table = models.ForeignKey(GoalTable, on_delete=models.CASCADE, related_name="duties", verbose_name="绩效目标表")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    seq = models.CharField("职责序号", max_length=10, blank=True)
    name = models.CharField("部门职责", max_length=300)

    class Meta:
        verbose_name = "部门职责"
        verbose_name_plural = "部门职责"
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return self.name


class DutyTask(models.Model):
    """A line of a duty with its 职责目标; its indicators hang below it."""

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="tasks", verbose_name="部门职责")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    # Blank allowed: a filed duty may list its indicators without naming a 职责事项, as one of the seeds does.
    name = models.TextField("职责事项", blank=True, max_length=MAX_TEXT, validators=text_validators())
    goal = models.TextField("职责目标", blank=True, max_length=MAX_TEXT, validators=text_validators())

    class Meta:
        verbose_name = "职责事项"
        verbose_name_plural = "职责事项"
        ordering = ["duty", "order"]

    def __str__(self) -> str:
        return self.name[:40]


class DepartmentReport(models.Model):
    """The department's narrative document for a year (部门预算绩效文本 / 情况说明)."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="reports", verbose_name="预算部门"
    )
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="reports", verbose_name="年度")
    title = models.CharField("标题", max_length=300)
    compiled_by = models.CharField("编制", max_length=200, blank=True)
    reviewed_by = models.CharField("审核", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "部门绩效文本"
        verbose_name_plural = "部门绩效文本"
        constraints = [
            models.UniqueConstraint(fields=["department", "fiscal_year"], name="one_report_per_department_year"),
        ]

    def __str__(self) -> str:
        return self.title


class ReportSection(models.Model):
    report = models.ForeignKey(
        DepartmentReport, on_delete=models.CASCADE, related_name="sections", verbose_name="部门绩效文本"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    level = models.PositiveSmallIntegerField("标题级别", default=1, help_text="1 为“第一部分”一级标题，2 为“一、”二级标题")
    heading = models.CharField("标题", max_length=300, blank=True)
    body = models.TextField("正文", blank=True, max_length=MAX_TEXT, validators=text_validators())

    class Meta:
        verbose_name = "文本章节"
        verbose_name_plural = "文本章节"
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return self.heading or f"第{self.order}节"

