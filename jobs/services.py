"""Starting a job, reporting its progress, ending it.  Runners are plain functions
`runner(job, progress)` named by dotted path; they return (result_url, message) or raise JobFailed.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Job

logger = logging.getLogger(__name__)
REPORT_EVERY = 0.5  # seconds between progress writes: a 10,000-table file must not write 10,000 times


class JobFailed(Exception):
    """The job cannot finish; `message` (Chinese) and `problems` are shown to the user."""

    def __init__(self, message: str, problems: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def get_job_for_user(user: User, pk: int) -> Job:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Job.objects.for_user(user), pk=pk)


def start_job(*, user: User, title: str, runner: str, params: dict) -> Job:
    """Save the job and put it on the queue.

    The queue is a table of the same database, so the task is committed with the job (never a
    task without its job); a backend that runs tasks at once runs it here."""
    from .tasks import run_job

    job = Job(user=user, title=title, runner=runner, params=params, step="等待开始")
    job.full_clean()
    job.save()
    run_job.enqueue(job.pk)
    return job


def _update(jobs: QuerySet[Job], **changes: object) -> int:
    """`QuerySet.update` (a job's own columns only, never the row read earlier) after the fields' own
    checks of `full_clean` (length, choices, blank), which an update would otherwise skip."""
    for name, value in changes.items():
        Job._meta.get_field(name).clean(value, None)
    return jobs.update(**changes)


class Progress:
    """What a runner calls as it goes: progress(fraction, step) — written at most every REPORT_EVERY s."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last = 0.0

    def __call__(self, fraction: float, step: str | None = None, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < REPORT_EVERY:
            return
        self.last = now
        percent = max(0, min(99, int(fraction * 100)))
        changes = {"progress": percent, "updated_at": timezone.now()}
        if step is not None:
            changes["step"] = step[:200]
        _update(Job.objects.filter(pk=self.job.pk), **changes)


def run(job_id: int) -> None:
    """Run one job to its end; whatever happens, the job is left done or failed."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    _update(Job.objects.filter(pk=job.pk), status=Job.Status.RUNNING, step="开始处理", updated_at=timezone.now())
    progress = Progress(job)
    try:
        runner: Callable = import_string(job.runner)
        url, message = runner(job, progress)
    except JobFailed as failed:
        _end(job, Job.Status.FAILED, message=failed.message, problems=failed.problems)
    except Exception:  # noqa: BLE001 - a bug must still end the job, with the trace in the log
        logger.exception("job %s (%s) failed", job.pk, job.runner)
        _end(job, Job.Status.FAILED, message="处理时出现意外错误，已记录；请稍后重试或联系管理员。")
    else:
        _end(job, Job.Status.DONE, message=message, url=url)


def fail_interrupted(*, older_than_seconds: float) -> int:
    """Jobs left "running" by a worker that was stopped or died: failed, so nobody waits on them."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return _update(
        Job.objects.filter(status=Job.Status.RUNNING, updated_at__lt=cutoff),
        status=Job.Status.FAILED, finished_at=timezone.now(), updated_at=timezone.now(), step="已停止",
        message="任务被中断（后台任务进程停止或重启），没有完成，也没有写入任何内容；请重新开始。",
    )


def _end(job: Job, status: str, *, message: str = "", problems: list[dict[str, str]] | None = None, url: str = "") -> None:
    _update(
        Job.objects.filter(pk=job.pk),
        status=status, message=message, problems=problems or [], result_url=url,
        progress=100 if status == Job.Status.DONE else job.progress, finished_at=timezone.now(),
        updated_at=timezone.now(), step="已完成" if status == Job.Status.DONE else "已停止",
    )


# ---------------------------------------------------------------------------
# A file a job made (an export), kept for its owner to download


def job_files_root() -> Path:
    import tempfile
    from pathlib import Path

    from django.conf import settings

    return Path(getattr(settings, "PERFGOALS_JOB_FILES_DIR", Path(tempfile.gettempdir()) / "perfgoals-job-files"))


KEEP_FILES_SECONDS = 24 * 3600  # an export's file is kept a day


def _prune_files(root: Path) -> None:
    import shutil

    cutoff = time.time() - KEEP_FILES_SECONDS
    for entry in root.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def save_job_file(job: Job, *, filename: str, ascii_filename: str, content_type: str, content: bytes) -> None:
    root = job_files_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    _prune_files(root)
    folder = root / str(job.pk)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    (folder / "file").write_bytes(content)
    _update(Job.objects.filter(pk=job.pk), params={
        **job.params, "file": {"filename": filename, "ascii_filename": ascii_filename, "content_type": content_type},
    })


def job_file_path(job: Job) -> Path:
    return job_files_root() / str(job.pk) / "file"
