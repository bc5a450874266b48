"""The finance bureau's review of goal tables (绩效目标审核): transitions, versions, comments, reviews.

The rules of who may do what live in projects/review/workflow.py; these are only the records.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from documents import goaltable as doc
from documents.goaltable import GoalTable as Document
from documents.limits import MAX_TEXT
from indicators.validators import text_validators

from .tables import GoalTable

__all__ = ["Comment", "CommentThread", "Review", "Snapshot", "Transition"]

USER = settings.AUTH_USER_MODEL
STATUS = GoalTable.Status


class Snapshot(models.Model):
    """The table as it was submitted: one per submission, numbered 1, 2, … per table."""

    table = models.ForeignKey(GoalTable, on_delete=models.CASCADE, related_name="snapshots", verbose_name="绩效目标表")
    version = models.PositiveIntegerField("版本")
    document = models.JSONField("表内容", help_text="提交时的绩效目标表（GoalTable.to_dict）")
    submitted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="提交人"
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    # Counts of the review rules' findings at submission; the queue filters on them.
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    infos = models.PositiveIntegerField("提示数", default=0)
    # Triage (projects.review.triage): how much attention this version needs, why, and the grade it suggests.
    risk = models.PositiveSmallIntegerField("风险分", default=0, db_index=True)
    risk_reasons = models.JSONField("风险原因", default=list, blank=True)
    suggested_grade = models.CharField("建议等级", max_length=1, blank=True)
    rule_counts = models.JSONField("各规则发现数", default=dict, blank=True, help_text="{规则编号: 条数}，总览按规则汇总")

    class Meta:
        verbose_name = "提交版本"
        verbose_name_plural = "提交版本"
        ordering = ["table", "version"]
        constraints = [models.UniqueConstraint(fields=["table", "version"], name="unique_snapshot_version")]

    def __str__(self) -> str:
        return f"{self.table_id} 第{self.version}版"

    @property
    def findings_total(self) -> int:
        return self.errors + self.warnings + self.infos

    def to_document(self) -> doc.GoalTable:
        return Document.from_dict(self.document)


class Transition(models.Model):
    """One change of a table's status: who, when, from what to what, and why."""

    table = models.ForeignKey(GoalTable, on_delete=models.CASCADE, related_name="transitions", verbose_name="绩效目标表")
    from_status = models.CharField("原状态", max_length=10, choices=STATUS.choices)
    to_status = models.CharField("新状态", max_length=10, choices=STATUS.choices)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="操作人")
    at = models.DateTimeField("时间", default=timezone.now)
    reason = models.TextField("原因/意见", blank=True, max_length=MAX_TEXT, validators=text_validators())
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.SET_NULL, null=True, blank=True, related_name="transitions", verbose_name="版本"
    )

    class Meta:
        verbose_name = "状态变更记录"
        verbose_name_plural = "状态变更记录"
        ordering = ["table", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class CommentThread(models.Model):
    """A reviewer's comment on one indicator row or one header field, with the replies below it.

    Indicator rows are rewritten when a table is saved, so a row is found again by `row_key`
    (documents.diff.row_keys); `indicator` is kept while that very row still exists.
    """

    table = models.ForeignKey(
        GoalTable, on_delete=models.CASCADE, related_name="comment_threads", verbose_name="绩效目标表"
    )
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.SET_NULL, null=True, blank=True, related_name="threads", verbose_name="批注时的版本"
    )
    row_key = models.CharField("指标行标识", max_length=64, blank=True, db_index=True)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment_threads",
        verbose_name="绩效指标",
    )
    field = models.CharField("字段", max_length=40, blank=True, help_text="表头字段名；批注指标行时为空")
    label = models.CharField("位置", max_length=300, help_text="批注时所指的位置，如“第2行 服务人数”")
    quoted = models.TextField("批注时的内容", blank=True, max_length=MAX_TEXT, validators=text_validators())
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="批注人")
    created_at = models.DateTimeField("时间", default=timezone.now)
    # The filer says the row was changed as asked; the reviewer still decides whether it is resolved.
    addressed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="标记已修改的人"
    )
    addressed_at = models.DateTimeField("标记已修改时间", null=True, blank=True)
    resolved = models.BooleanField("已解决", default=False)
    resolved_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="解决确认人"
    )
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)

    class Meta:
        verbose_name = "审核批注"
        verbose_name_plural = "审核批注"
        ordering = ["table", "created_at", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_row(self) -> bool:
        return bool(self.row_key)


class Comment(models.Model):
    """One message of a thread: the reviewer's comment first, then replies from either side."""

    thread = models.ForeignKey(CommentThread, on_delete=models.CASCADE, related_name="comments", verbose_name="批注")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="作者")
    body = models.TextField("内容", max_length=MAX_TEXT, validators=text_validators())
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "批注回复"
        verbose_name_plural = "批注回复"
        ordering = ["thread", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


class Review(models.Model):
    """The reviewer's judgement of one submitted version (绩效目标审核意见)."""

    class Grade(models.TextChoices):
        EXCELLENT = "优", "优"
        GOOD = "良", "良"
        FAIR = "中", "中"
        POOR = "差", "差"

    class Decision(models.TextChoices):
        RETURNED = "returned", "退回修改"
        APPROVED = "approved", "审核通过"

    # The four aspects of 财预〔2021〕101号 with the question each answers, in the order reviewers use.
    ASPECTS = (
        ("completeness", "完整性", "绩效目标和指标是否填写完整、要素齐全"),
        ("relevance", "相关性", "指标是否与项目内容和资金用途紧密相关"),
        ("appropriateness", "适当性", "指标值是否与预算资金量相匹配、设置适当"),
        ("feasibility", "可行性", "目标是否可实现、可衡量、可考核"),
    )

    table = models.ForeignKey(GoalTable, on_delete=models.CASCADE, related_name="reviews", verbose_name="绩效目标表")
    snapshot = models.OneToOneField(Snapshot, on_delete=models.CASCADE, related_name="review", verbose_name="审核的版本")
    reviewer = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="审核人")
    completeness = models.TextField("完整性", blank=True, max_length=MAX_TEXT, validators=text_validators())
    relevance = models.TextField("相关性", blank=True, max_length=MAX_TEXT, validators=text_validators())
    appropriateness = models.TextField("适当性", blank=True, max_length=MAX_TEXT, validators=text_validators())
    feasibility = models.TextField("可行性", blank=True, max_length=MAX_TEXT, validators=text_validators())
    grade = models.CharField("审核等级", max_length=1, choices=Grade.choices, blank=True)
    opinion = models.TextField("总体意见", blank=True, max_length=MAX_TEXT, validators=text_validators())
    decision = models.CharField("审核结论", max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField("结论时间", null=True, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["table", "id"]

    def __str__(self) -> str:
        return f"{self.table_id} 第{self.snapshot.version}版审核意见"

    def aspects(self) -> list[tuple[str, str]]:
        """[(field, label, question, note)] for the four aspects."""
        return [(name, label, question, getattr(self, name)) for name, label, question in self.ASPECTS]
