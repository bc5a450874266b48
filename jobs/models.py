"""A long import or export the user waits for: who started it, how far it is, how it ended.

The work itself runs on the task queue (django-tasks with its database backend, so a queued job
survives a restart of the server or the worker); this row is what the user's page shows.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models


class JobQuerySet(models.QuerySet):
    def for_user(self, user: User) -> JobQuerySet:
        """A user's own jobs only: anybody else's job is a 404 by construction."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs",
                             verbose_name="发起人")
    title = models.CharField("任务", max_length=200)
    runner = models.CharField("执行函数", max_length=200)  # dotted path of runner(job, progress)
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    step = models.CharField("当前步骤", max_length=200, blank=True)
    message = models.TextField("结果说明", blank=True)
    problems = models.JSONField("问题", default=list, blank=True)  # [{"file", "place", "message"}]
    result_url = models.CharField("结果页面", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
