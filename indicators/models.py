from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from documents.amounts import plain
from documents.limits import MAX_TEXT
from documents.values import printed_value_text
from indicators.validators import text_validators

FULL_MARKS = Decimal(100)  # 财预〔2020〕10号: the self-evaluation is scored out of 100


class Scheme(models.Model):
    """An indicator taxonomy (一级 → 二级), e.g. the 2021 Ministry of Finance scheme."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    description = models.TextField("说明", blank=True, max_length=MAX_TEXT, validators=text_validators())
    # Self-evaluation scoring (财预〔2020〕10号 defaults); 成本指标 counts within the 产出 share.
    weight_output = models.DecimalField("自评分值：产出（含成本）指标", max_digits=6, decimal_places=2, default=50,
        validators=[MinValueValidator(0, message="不能小于0")])
    weight_benefit = models.DecimalField("自评分值：效益指标", max_digits=6, decimal_places=2, default=30,
        validators=[MinValueValidator(0, message="不能小于0")])
    weight_satisfaction = models.DecimalField("自评分值：满意度指标", max_digits=6, decimal_places=2, default=10,
        validators=[MinValueValidator(0, message="不能小于0")])
    weight_budget = models.DecimalField("自评分值：预算执行率", max_digits=6, decimal_places=2, default=10,
        validators=[MinValueValidator(0, message="不能小于0")])
    grade_excellent = models.DecimalField("等级“优”不低于", max_digits=6, decimal_places=2, default=90,
        validators=[MinValueValidator(0, message="不能小于0")])
    grade_good = models.DecimalField("等级“良”不低于", max_digits=6, decimal_places=2, default=80,
        validators=[MinValueValidator(0, message="不能小于0")])
    grade_fair = models.DecimalField("等级“中”不低于", max_digits=6, decimal_places=2, default=60,
        validators=[MinValueValidator(0, message="不能小于0")])

    class Meta:
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        shares = (self.weight_output, self.weight_benefit, self.weight_satisfaction, self.weight_budget)
        if all(share is not None for share in shares) and sum(shares) != FULL_MARKS:
            errors["weight_budget"] = (f"四项自评分值合计为{format(sum(shares).normalize(), 'f')}分，应为100分"
                                       "（财预〔2020〕10号：产出、效益、满意度指标与预算执行率合计100分）。")
        grades = (self.grade_fair, self.grade_good, self.grade_excellent)
        if all(g is not None for g in grades) and not (grades[0] < grades[1] < grades[2] <= FULL_MARKS):
            errors["grade_excellent"] = "等级线应为 中 < 良 < 优 ≤ 100。"
        if errors:
            raise ValidationError(errors)

    @property
    def self_evaluation_weights(self) -> dict:
        return {"产出指标": self.weight_output, "效益指标": self.weight_benefit,
                "满意度指标": self.weight_satisfaction, "预算执行率": self.weight_budget}

    @property
    def grade_thresholds(self) -> tuple:
        return ((self.grade_excellent, "优"), (self.grade_good, "良"), (self.grade_fair, "中"), (0, "差"))


class Category(models.Model):
    """A 一级 (level 1) or 二级 (level 2) indicator of a scheme."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="categories", verbose_name="指标体系")
    level = models.PositiveSmallIntegerField("级别", choices=[(1, "一级指标"), (2, "二级指标")])
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="上级指标"
    )
    name = models.CharField("名称", max_length=100)
    aliases = models.CharField("别名", max_length=300, blank=True, help_text="以“；”分隔，导入时按别名识别")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "指标分类"
        verbose_name_plural = "指标分类"
        ordering = ["scheme", "level", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "parent", "name"], name="unique_category_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split("；") if a.strip()]


class Indicator(models.Model):
    """A 三级 indicator row of a goal table."""

    table = models.ForeignKey(
        "projects.GoalTable", on_delete=models.CASCADE, related_name="indicators", verbose_name="绩效目标表"
    )
    duty_task = models.ForeignKey(
        "projects.DutyTask",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="部门职责",
    )
    order = models.PositiveIntegerField("顺序", default=0)
    # 一级/二级 keep the text as filed; the scheme is checked by the review rules.
    level1 = models.CharField("一级指标", max_length=100, blank=True)
    level2 = models.CharField("二级指标", max_length=100, blank=True)
    name = models.CharField("三级指标", max_length=500, blank=True)
    description = models.TextField("指标描述", blank=True, max_length=MAX_TEXT, validators=text_validators())
    comparator = models.CharField("比较符", max_length=8, blank=True)
    value = models.DecimalField("指标数值", max_digits=24, decimal_places=6, null=True, blank=True)
    unit = models.CharField("计量单位", max_length=50, blank=True)
    value_text = models.CharField("指标值（原文）", max_length=500, blank=True)
    direction = models.CharField(
        "指标性质", max_length=4, blank=True, choices=[("正向", "正向"), ("反向", "反向")]
    )
    basis = models.CharField("指标值确定依据", max_length=300, blank=True)
    standard = models.TextField("绩效标准", blank=True, max_length=MAX_TEXT, validators=text_validators())
    activity = models.TextField("工作活动", blank=True, max_length=MAX_TEXT, validators=text_validators())
    ref_plan = models.CharField("规划值", max_length=200, blank=True)
    ref_standard = models.CharField("当年标准值", max_length=200, blank=True)
    ref_standard_source = models.CharField("标准值来源", max_length=300, blank=True)
    ref_avg3 = models.CharField("前三年均值", max_length=200, blank=True)
    ref_last_year = models.CharField("上年值", max_length=200, blank=True)
    ref_history_source = models.CharField("历史值来源", max_length=300, blank=True)
    weight = models.DecimalField("权重（分值）", max_digits=12, decimal_places=4, null=True, blank=True,
                                 validators=[MinValueValidator(0, message="分值不能小于0")])
    # Filed with the goal and used at the self-evaluation (财预〔2020〕10号).
    scoring_standard = models.TextField("评（扣）分标准", blank=True, max_length=MAX_TEXT, validators=text_validators())
    formula = models.TextField("计算公式", blank=True, max_length=MAX_TEXT, validators=text_validators())
    data_source = models.CharField("数据来源", max_length=300, blank=True)
    # "长期": a row of the 中期/长期 block filed beside the year's indicators
    term = models.CharField("指标期限", max_length=4, blank=True, choices=[("长期", "长期（中期）")])
    # 自评表 columns as filed (imports), for monitoring and self-evaluation
    actual_value_text = models.CharField("实际完成值", max_length=500, blank=True)
    score = models.DecimalField("得分", max_digits=12, decimal_places=4, null=True, blank=True,
                                validators=[MinValueValidator(0, message="得分不能小于0")])
    deviation_reason = models.TextField("偏差原因分析及改进措施", blank=True, max_length=MAX_TEXT, validators=text_validators())

    history = HistoricalRecords()

    class Meta:
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        ordering = ["table", "order", "id"]
        indexes = [models.Index(fields=["table", "order"])]

    def __str__(self) -> str:
        return self.name or "（未命名指标）"

    @property
    def target_text(self) -> str:
        """The 指标值 as the printed goal table shows it ("≤12小时", not the list layout's bare "12")."""
        return printed_value_text(comparator=self.comparator, number=plain(self.value), unit=self.unit,
                                  value_text=self.value_text)


class LibraryIndicator(models.Model):
    """A suggestion in the indicator library: a common 三级 with its usual unit and comparator."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="library", verbose_name="指标体系")
    level1 = models.CharField("一级指标", max_length=100)
    level2 = models.CharField("二级指标", max_length=100)
    name = models.CharField("三级指标", max_length=500)
    description = models.TextField("指标描述", blank=True, max_length=MAX_TEXT, validators=text_validators())
    comparator = models.CharField("常用比较符", max_length=8, blank=True)
    unit = models.CharField("常用单位", max_length=50, blank=True)
    direction = models.CharField("指标性质", max_length=4, blank=True)

    class Meta:
        verbose_name = "指标库指标"
        verbose_name_plural = "指标库"
        ordering = ["scheme", "level1", "level2", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "level1", "level2", "name"], name="unique_library_indicator"),
        ]

    def __str__(self) -> str:
        return self.name
