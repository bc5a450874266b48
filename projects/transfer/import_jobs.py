"""The import work that runs on the task queue (jobs.services.run calls these by name).

`read_upload` reads an upload's files once and keeps the result with the upload; the preview
page and the confirm use it from then on.  `confirm_upload` matches and writes it.  Both take
the upload by its directory, as a job has no session; the views checked the user's right to it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from django.urls import reverse

from jobs.models import Job
from jobs.services import JobFailed
from projects import audit

from .import_views import Upload, _preview
from .imports import ImportBlocked, Problem, file_errors, import_confirm, parse_files


def _problems(problems: Iterable[Problem]) -> list[dict]:
    return [{"file": p.file, "place": p.place, "message": p.message} for p in problems]


def read_upload(job: Job, progress: Callable[..., None]) -> tuple[str, str]:
    token = job.params["token"]
    try:
        upload = Upload.at(token)
    except (OSError, ValueError):
        raise JobFailed("这次上传已不存在（已导入、已放弃或已过期），请重新上传。") from None
    layout = upload.options.get("layout", "")
    parsed = parse_files(upload.files(), layout=layout or None, progress=progress)
    errors = file_errors(parsed)
    if errors:
        upload.discard()  # nothing of an upload with a faulty file is kept: the file is corrected first
        raise JobFailed("以下文件有错误，本次上传没有保存，也没有导入任何内容；请改正文件后重新上传。",
                        _problems(errors))
    progress(0.99, "保存读取结果", force=True)
    upload.save_parsed(parsed, layout)
    return reverse("import_preview", kwargs={"token": token}), ""


def confirm_upload(job: Job, progress: Callable[..., None]) -> tuple[str, str]:
    try:
        upload = Upload.at(job.params["token"], job.params["directory"])
    except (OSError, ValueError):
        raise JobFailed("这次上传已不存在（已导入或已过期）。") from None
    try:
        progress(0.05, "核对系统中已有的表和审核规则", force=True)
        preview = _preview(upload.parsed(), upload.options)
        progress(0.5, f"写入数据库（{len(preview.tables)} 张表）", force=True)
        result = import_confirm(preview=preview, user=job.user)
    except ImportBlocked as blocked:
        upload.release()
        raise JobFailed("导入没有完成，没有写入任何内容：", _problems(blocked.problems)) from None
    except BaseException:
        upload.release()
        raise
    upload.discard()
    audit.log_import(user=job.user, address=job.params.get("address", ""), what="、".join(f["name"] for f in upload.manifest["files"]), summary=result.summary())
    return reverse("import_upload"), "导入完成：" + result.summary()
