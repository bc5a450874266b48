"""A job's page (progress bar, then the outcome) and the small status the page polls."""
from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .services import get_job_for_user, job_file_path


@login_required
@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    if job.status == job.Status.DONE and job.result_url and not job.params.get("file"):
        if job.message:
            messages.success(request, job.message)
        return redirect(job.result_url)
    return render(request, "jobs/job.html", {"job": job})


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return JsonResponse({
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "step": job.step,
        "finished": job.finished,
        "url": job.result_url if job.status == job.Status.DONE else "",
    }, headers={"Cache-Control": "no-store"})


@login_required
@require_GET
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file a finished job made (an export), for the user who started it only."""
    job = get_job_for_user(request.user, pk)
    about = job.params.get("file")
    path = job_file_path(job)
    if job.status != job.Status.DONE or not about or not path.exists():
        raise Http404("这个文件不存在或已过期，请重新导出。")
    response = FileResponse(path.open("rb"), content_type=about["content_type"])
    response["Content-Disposition"] = (
        f"attachment; filename=\"{about['ascii_filename']}\"; filename*=UTF-8''{quote(about['filename'], safe='')}"
    )
    response["Cache-Control"] = "private, no-store"
    return response
