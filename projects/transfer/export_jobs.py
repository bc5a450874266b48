"""Exports of many tables run as background jobs (jobs app): the page shows a progress bar and
then a download link, instead of a request that renders hundreds of tables while the user waits.

The views checked the tables against the user (projects.access) before starting the job; the
job's file is downloadable by that user only (jobs.views.job_file)."""
from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from jobs.models import Job
from jobs.services import JobFailed, save_job_file, start_job
from projects.models import GoalTable

from .exports import ExportError, export_tables_file

INLINE_TABLES = 50  # up to this many tables a download is made within the request


def inline_limit() -> int:
    return getattr(settings, "PERFGOALS_EXPORT_INLINE_TABLES", INLINE_TABLES)


def start_export(*, user: User, table_ids: list[int], fmt: str, department_document: bool, back_url: str) -> Job:
    label = "Word" if fmt == "docx" else "Excel"
    return start_job(
        user=user, title=f"导出 {len(table_ids)} 张绩效目标表（{label}）", runner="projects.transfer.export_jobs.export_file",
        params={"ids": sorted(table_ids), "fmt": fmt, "department_document": department_document,
                "back_url": back_url, "back_label": "返回"},
    )


def export_file(job: Job, progress: Callable[..., None]) -> tuple[str, str]:
    params = job.params
    progress(0.05, f"读取 {len(params['ids'])} 张表", force=True)
    tables = GoalTable.objects.filter(pk__in=params["ids"])
    if tables.count() != len(params["ids"]):
        raise JobFailed("导出期间有表被删除，请重新导出。")
    progress(0.3, "生成文件", force=True)
    try:
        export = export_tables_file(tables=tables, fmt=params["fmt"], department_document=params["department_document"])
    except ExportError as error:
        raise JobFailed(str(error)) from None
    progress(0.95, "保存文件", force=True)
    save_job_file(job, filename=export.filename, ascii_filename=export.ascii_filename,
                  content_type=export.content_type, content=export.content)
    return reverse("job_page", args=[job.pk]), f"已生成《{export.filename}》，共 {export.count} 张表。"
