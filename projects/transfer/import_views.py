"""The admin's import pages: upload files, look at the preview, confirm.

The uploaded bytes wait between preview and confirm in a private directory named by a random
token that only the uploader's session knows; confirm parses them again, so nothing the browser
sends back is trusted for a table's contents.  A file that cannot be read is a 400 page with the
parser's Chinese message, and the database is left as it was.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.goaltable import LAYOUTS
from projects import audit
from projects.models import Department, is_admin

from .imports import CREATE, ImportBlocked, import_confirm, import_preview, max_file_bytes

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

    def __init__(self, token: str, path: Path, manifest: dict):
        self.token, self.path, self.manifest = token, path, manifest

    @property
    def options(self) -> dict:
        return self.manifest["options"]

    def files(self) -> list[tuple[str, bytes]]:
        return [(f["name"], (self.path / str(i)).read_bytes()) for i, f in enumerate(self.manifest["files"])]

    def save_manifest(self) -> None:
        (self.path / "manifest.json").write_text(json.dumps(self.manifest, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def create(cls, *, user, files: list[tuple[str, bytes]], options: dict) -> "Upload":
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
    def open(cls, request, token: str) -> "Upload":
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

    def claim(self) -> "Upload":
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


def _remember(request, token: str) -> None:
    tokens = [t for t in request.session.get(SESSION_KEY, []) if t != token] + [token]
    for old in tokens[:-SESSION_KEEP]:
        shutil.rmtree(upload_root() / old, ignore_errors=True)
    request.session[SESSION_KEY] = tokens[-SESSION_KEEP:]


def _forget(request, token: str) -> None:
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
    def initial_from(cls, options: dict) -> "OptionsForm":
        return cls(initial={**options})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked as a FileField checks one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ".docx,.xlsx"}))
        # An empty file goes on to the parser, whose message names it like every other bad file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(OptionsForm):
    files = MultipleFileField(
        label="文件", required=False,
        help_text="一个或多个 Word（.docx）或 Excel（.xlsx）文件，每个文件可含多张表",
    )

    field_order = ["files", "year", "unit", "layout", "new_units_in"]

    def clean(self):
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


def admin_only(view):
    """Admins only; everyone else signed in gets a 404, as if the page did not exist."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _preview(files, options):
    department = Department.objects.filter(pk=options.get("new_units_in")).first() if options.get("new_units_in") else None
    return import_preview(
        files=files,
        year=options.get("year"),
        unit_code=options.get("unit") or None,
        layout=options.get("layout") or None,
        new_unit_department=department,
    )


@admin_only
def import_upload(request):
    if request.method != "POST":
        return render(request, "projects/import_upload.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "projects/import_upload.html", {"form": form}, status=400)
    options = form.to_options()
    files = [(os.path.basename(f.name), f.read()) for f in form.cleaned_data["files"]]
    preview = _preview(files, options)
    if preview.file_errors:
        # Nothing of an upload with a faulty file is kept: the admin corrects the file first.
        return render(request, "projects/import_upload.html", {"form": form, "bad": preview.file_errors}, status=400)
    upload = Upload.create(user=request.user, files=files, options=options)
    _remember(request, upload.token)
    return redirect("import_preview", token=upload.token)


@admin_only
def import_preview_page(request, token):
    upload = Upload.open(request, token)
    if request.method == "POST":
        form = OptionsForm(request.POST)
        if not form.is_valid():
            return _render_preview(request, upload, form, status=400)
        upload.manifest["options"] = form.to_options()
        upload.save_manifest()
        return redirect("import_preview", token=token)
    return _render_preview(request, upload, OptionsForm.initial_from(upload.options))


def _render_preview(request, upload, form, *, status=200, preview=None, blocked=None):
    preview = preview or _preview(upload.files(), upload.options)
    context = {
        "upload": upload,
        "form": form,
        "preview": preview,
        "blocked": blocked,
        "created": preview.count(CREATE),
        "updated": sum(1 for t in preview.tables if t.action and t.action != CREATE and t.changed),
        "unchanged": sum(1 for t in preview.tables if t.action and t.action != CREATE and not t.changed),
    }
    return render(request, "projects/import_preview.html", context, status=status)


@admin_only
@require_POST
def import_confirm_view(request, token):
    upload = Upload.open(request, token).claim()
    try:
        preview = _preview(upload.files(), upload.options)
        result = import_confirm(preview=preview, user=request.user)
    except ImportBlocked as blocked:
        upload.release()
        form = OptionsForm.initial_from(upload.options)
        upload = Upload.open(request, token)
        return _render_preview(request, upload, form, status=400, preview=preview, blocked=blocked.problems)
    except BaseException:
        upload.release()
        raise
    upload.discard()
    _forget(request, token)
    audit.log_import(
        user=request.user, request=request, what="、".join(f["name"] for f in upload.manifest["files"]), summary=result.summary()
    )
    messages.success(request, "导入完成：" + result.summary())
    return redirect("import_upload")


@admin_only
@require_POST
def import_discard(request, token):
    Upload.open(request, token).discard()
    _forget(request, token)
    messages.info(request, "已放弃这次上传，没有导入任何内容。")
    return redirect("import_upload")
