"""The admin's import pages: upload files, look at the preview, confirm.

The uploaded bytes wait between preview and confirm in a private directory named by a random
token that only the uploader's session knows.  Reading the files and confirming run as
background jobs (jobs app; projects.transfer.import_jobs holds the work): the files are read once, the
result is kept with the upload and used by every preview view and by the confirm, and nothing
the browser sends back is trusted for a table's contents.  A file that cannot be read is shown
with the parser's Chinese message, and the database is left as it was.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.goaltable import LAYOUTS
from jobs.models import Job
from jobs.services import start_job
from projects import audit
from projects.access import admin_required
from projects.models import Department
from projects.transfer.imports import ParsedFile, Preview, Problem

from .imports import import_preview, max_file_bytes

MAX_FILES = 50
MAX_TOTAL_BYTES = 100 * 1024 * 1024
KEEP_SECONDS = 24 * 3600  # an upload nobody confirmed is removed after a day
SESSION_KEY = "perfgoals_imports"
SESSION_KEEP = 5  # uploads a session may have waiting at once
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def upload_root() -> Path:
    return Path(getattr(settings, "PERFGOALS_IMPORT_DIR", Path(tempfile.gettempdir()) / "perfgoals-imports"))


# ---------------------------------------------------------------------------
# Waiting uploads


class Upload:
    """Files waiting for confirmation: <root>/<token>/manifest.json and the files 0, 1, …"""

    def __init__(self, token: str, path: Path, manifest: dict) -> None:
        self.token, self.path, self.manifest = token, path, manifest

    @property
    def options(self) -> dict:
        return self.manifest["options"]

    def files(self) -> list[tuple[str, bytes]]:
        return [(f["name"], (self.path / str(i)).read_bytes()) for i, f in enumerate(self.manifest["files"])]

    def save_manifest(self) -> None:
        (self.path / "manifest.json").write_text(json.dumps(self.manifest, ensure_ascii=False), encoding="utf-8")

    def save_parsed(self, parsed: list, layout: str) -> None:
        """Keep what reading the files gave (written by this server only, so safe to unpickle)."""
        (self.path / "parsed.pickle").write_bytes(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        self.manifest["parsed_layout"] = layout
        self.save_manifest()

    def parsed(self) -> list | None:
        """The files as read once, or None while they have not been read with the chosen layout."""
        if self.manifest.get("parsed_layout") != self.options.get("layout", ""):
            return None
        try:
            return pickle.loads((self.path / "parsed.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    @classmethod
    def at(cls, token: str, directory: str | None = None) -> Upload:
        """An upload by its directory, for the background jobs (which have no session)."""
        path = upload_root() / (directory or token)
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        return cls(token, path, manifest)

    @classmethod
    def create(cls, *, user: User, files: list[tuple[str, bytes]], options: dict) -> Upload:
        root = upload_root()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        _prune(root)
        token = secrets.token_urlsafe(32)
        path = root / token
        path.mkdir(mode=0o700)
        for i, (_, data) in enumerate(files):
            (path / str(i)).write_bytes(data)
        upload = cls(token, path, {"user": user.pk, "files": [{"name": n} for n, _ in files], "options": options})
        upload.save_manifest()
        return upload

    @classmethod
    def open(cls, request: HttpRequest, token: str) -> Upload:
        """The caller's own waiting upload, or 404: the token must be in this session and be theirs."""
        if not _TOKEN.fullmatch(token) or token not in request.session.get(SESSION_KEY, []):
            raise Http404("没有这次上传，或它已导入或过期。")
        path = upload_root() / token
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise Http404("没有这次上传，或它已导入或过期。") from None
        if manifest.get("user") != request.user.pk:
            raise Http404("没有这次上传。")
        return cls(token, path, manifest)

    def claim(self) -> Upload:
        """Take the upload for confirming; a second click on 确认导入 finds it gone (404)."""
        claimed = self.path.with_name(f"{self.token}.confirming-{secrets.token_hex(4)}")
        try:
            os.rename(self.path, claimed)
        except OSError:
            raise Http404("这次上传正在导入或已导入。") from None
        return Upload(self.token, claimed, self.manifest)

    def release(self) -> None:
        os.rename(self.path, self.path.with_name(self.token))

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _prune(root: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for entry in root.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def _remember(request: HttpRequest, token: str) -> None:
    tokens = [t for t in request.session.get(SESSION_KEY, []) if t != token] + [token]
    for old in tokens[:-SESSION_KEEP]:
        shutil.rmtree(upload_root() / old, ignore_errors=True)
    request.session[SESSION_KEY] = tokens[-SESSION_KEEP:]


def _forget(request: HttpRequest, token: str) -> None:
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]


# ---------------------------------------------------------------------------
# Forms


class OptionsForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=1990, max_value=2100,
                              help_text="文件中没有年度时使用")
    unit = forms.CharField(label="预算单位", required=False, max_length=200,
                           help_text="文件中没有预算单位时使用：单位编码或名称")
    layout = forms.ChoiceField(label="版式", required=False, choices=[("", "自动识别")] + [(x, x) for x in LAYOUTS])
    new_units_in = forms.ModelChoiceField(
        label="新单位建在", required=False, queryset=Department.objects.all(), empty_label="（不新建单位）",
        help_text="文件中的预算单位在系统中不存在时，建在这个预算部门下",
    )

    def to_options(self) -> dict:
        data = self.cleaned_data
        department = data.get("new_units_in")
        return {
            "year": data.get("year"),
            "unit": data.get("unit") or "",
            "layout": data.get("layout") or "",
            "new_units_in": department.pk if department else None,
        }

    @classmethod
    def initial_from(cls, options: dict) -> OptionsForm:
        return cls(initial={**options})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked as a FileField checks one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ".docx,.xlsx"}))
        # An empty file goes on to the parser, whose message names it like every other bad file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def clean(self, data: object, initial: object | None = None) -> list:
        items = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(OptionsForm):
    files = MultipleFileField(
        label="文件", required=False,
        help_text="一个或多个 Word（.docx）或 Excel（.xlsx）文件，每个文件可含多张表",
    )

    field_order = ["files", "year", "unit", "layout", "new_units_in"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        uploads = data.get("files") or []
        limit = max_file_bytes()
        if not uploads:
            raise forms.ValidationError("请选择要导入的文件。")
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(f"一次最多导入 {MAX_FILES} 个文件，这次选了 {len(uploads)} 个。")
        for f in uploads:
            if f.size > limit:
                raise forms.ValidationError(
                    f"《{f.name}》有 {f.size / 1024 / 1024:.1f} MB，超过单个文件上限 {limit // 1024 // 1024} MB。"
                )
        total = sum(f.size for f in uploads)
        if total > MAX_TOTAL_BYTES:
            raise forms.ValidationError(
                f"这些文件共 {total / 1024 / 1024:.0f} MB，超过一次上传的上限 {MAX_TOTAL_BYTES // 1024 // 1024} MB。"
            )
        return data


# ---------------------------------------------------------------------------
# Views


def _preview(parsed: list[ParsedFile], options: dict[str, Any]) -> Preview:
    department = Department.objects.filter(pk=options.get("new_units_in")).first() if options.get("new_units_in") else None
    return import_preview(
        parsed=parsed,
        year=options.get("year"),
        unit_code=options.get("unit") or None,
        layout=options.get("layout") or None,
        new_unit_department=department,
    )


def _read_job(request: HttpRequest, upload: Upload) -> Job:
    job = start_job(user=request.user, title=f"读取导入文件（{len(upload.manifest['files'])} 个）",
                    runner="projects.transfer.import_jobs.read_upload", params={"token": upload.token})
    try:  # read again: a job that already ran has written to the manifest
        upload.manifest = Upload.at(upload.token).manifest
    except (OSError, ValueError):
        pass  # the job discarded an upload with a faulty file
    else:
        upload.manifest["job"] = job.pk
        upload.save_manifest()
    job.refresh_from_db()
    return job


@admin_required
def import_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "projects/import_upload.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "projects/import_upload.html", {"form": form}, status=400)
    options = form.to_options()
    files = [(os.path.basename(f.name), f.read()) for f in form.cleaned_data["files"]]
    upload = Upload.create(user=request.user, files=files, options=options)
    _remember(request, upload.token)
    job = _read_job(request, upload)
    if job.status == Job.Status.FAILED and job.problems:
        # Read at once (a quick file, or no separate worker): the faulty files are named right here;
        # nothing of the upload is kept, the admin corrects the file first.
        return render(request, "projects/import_upload.html", {"form": form, "bad": job.problems}, status=400)
    return _follow(job)


def _follow(job: Job) -> HttpResponse:
    """To the job's result when it is already done, else to its page with the progress bar."""
    if job.status == Job.Status.DONE and job.result_url:
        return redirect(job.result_url)
    return redirect("job_page", pk=job.pk)


@admin_required
def import_preview_page(request: HttpRequest, token: str) -> HttpResponse:
    upload = Upload.open(request, token)
    if request.method == "POST":
        form = OptionsForm(request.POST)
        if not form.is_valid():
            return _render_preview(request, upload, form, status=400)
        upload.manifest["options"] = form.to_options()
        upload.save_manifest()
        if upload.parsed() is None:  # another layout: the files are read again with it
            return _follow(_read_job(request, upload))
        return redirect("import_preview", token=token)
    return _render_preview(request, upload, OptionsForm.initial_from(upload.options))


PREVIEW_TABLES_PER_PAGE = 50


def _render_preview(request: HttpRequest, upload: Upload, form: forms.Form, *, status: int = 200, blocked: list[Problem] | None = None) -> HttpResponse:
    parsed = upload.parsed()
    if parsed is None:
        job = Job.objects.for_user(request.user).filter(pk=upload.manifest.get("job")).first()
        if job is not None and not job.finished:
            return redirect("job_page", pk=job.pk)
        raise Http404("这次上传的文件还没有读取，请重新上传。")
    preview = _preview(parsed, upload.options)
    # A file of a whole province holds thousands of tables: the page shows them a page at a time, and
    # the ones needing a look can be listed alone.
    attention = preview.needing_attention()
    only_attention = request.GET.get("show") == "attention"
    page = Paginator(attention if only_attention else preview.tables, PREVIEW_TABLES_PER_PAGE).get_page(
        request.GET.get("page"))
    context = {
        "upload": upload,
        "form": form,
        "preview": preview,
        "blocked": blocked,
        "page": page,
        "attention": len(attention),
        "only_attention": only_attention,
        "pager_query": "show=attention" if only_attention else "",
        **preview.totals(),
    }
    return render(request, "projects/import_preview.html", context, status=status)


@admin_required
@require_POST
def import_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    upload = Upload.open(request, token)
    if upload.parsed() is None:
        return redirect("import_preview", token=token)
    claimed = upload.claim()
    job = start_job(user=request.user, title=f"导入 {len(upload.manifest['files'])} 个文件",
                    runner="projects.transfer.import_jobs.confirm_upload",
                    params={"token": token, "directory": claimed.path.name, "address": audit.client_address(request),
                            "back_url": reverse("import_preview", kwargs={"token": token})})
    job.refresh_from_db()
    if job.status == Job.Status.FAILED and job.problems:
        # Refused at once: the preview again, with what stopped the import (nothing was written).
        upload = Upload.open(request, token)
        return _render_preview(request, upload, OptionsForm.initial_from(upload.options), status=400,
                               blocked=job.problems)
    if job.status == Job.Status.DONE:
        _forget(request, token)
        messages.success(request, job.message)
        return redirect("import_upload")
    return redirect("job_page", pk=job.pk)


@admin_required
@require_POST
def import_discard(request: HttpRequest, token: str) -> HttpResponse:
    Upload.open(request, token).discard()
    _forget(request, token)
    messages.info(request, "已放弃这次上传，没有导入任何内容。")
    return redirect("import_upload")
