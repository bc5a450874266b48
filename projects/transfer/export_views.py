"""Downloads (Word, Excel) of one table, a department's document, or a selection; and the department page.

Every table reaches these views through projects.access, so a file never holds a table the user
could not open on its own page: another department's table, department page or download is a 404,
and a selection with one table out of reach is refused whole.
"""
from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from documents.order import cover_title
from jobs.models import Job
from projects import audit
from projects.access import get_table_for_user, tables_for_user
from projects.converters import parse_id
from projects.models import GoalTable
from projects.selectors import department_document

from .export_jobs import inline_limit, start_export
from .exports import FORMATS, TABLE_ORDER, ExportError, ExportFile, content_disposition, export_tables_file

DEPARTMENT_PAGE_SIZE = 100


def file_response(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition(export)
    response["Cache-Control"] = "private, no-store"
    return response


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404("不支持的下载格式")
    return fmt


def department_tables(user: User, pk: int, year: int) -> QuerySet[GoalTable]:
    """The department's tables of the year that `user` may see; 404 when there are none."""
    tables = tables_for_user(user).filter(unit__department_id=pk, fiscal_year__year=year)
    if not tables.exists():
        raise Http404("没有可查看的该部门该年度绩效目标表")
    return tables


@login_required
@require_GET
def table_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    fmt = _format(fmt)
    try:
        export = export_tables_file(tables=GoalTable.objects.filter(pk=table.pk), fmt=fmt)
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("table_detail", pk=table.pk)
    audit.log_download(request, what=f"绩效目标表 {table.pk}（{table.name}）", tables=1, fmt=fmt)
    return file_response(export)


def _exported_by_job(request: HttpRequest, tables: QuerySet[GoalTable], *, fmt: str, department_document: bool, back_url: str) -> HttpResponse | None:
    """Many tables: made by a background job, the user waits on its page (None: few, made here)."""
    ids = list(tables.values_list("pk", flat=True))
    if len(ids) <= inline_limit():
        return None
    job = start_export(user=request.user, table_ids=ids, fmt=fmt, department_document=department_document,
                       back_url=back_url)
    job.refresh_from_db()
    if job.status == Job.Status.FAILED:
        messages.error(request, job.message)
        return redirect(back_url)
    return redirect("job_page", pk=job.pk)


@login_required
@require_GET
def department_download(request: HttpRequest, pk: int, year: int, fmt: str) -> HttpResponse:
    tables = department_tables(request.user, pk, year)
    fmt = _format(fmt)
    by_job = _exported_by_job(request, tables, fmt=fmt, department_document=True,
                              back_url=reverse("department_detail", kwargs={"pk": pk, "year": year}))
    if by_job is not None:
        return by_job
    try:
        export = export_tables_file(tables=tables, fmt=fmt, department_document=True)
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("department_detail", pk=pk, year=year)
    audit.log_download(request, what=f"部门 {pk} {year} 年度文档", tables=tables.count(), fmt=fmt)
    return file_response(export)


@login_required
@require_POST
def export_selected(request: HttpRequest) -> HttpResponse:
    """POST ids=<pk>&ids=<pk>…&format=docx|xlsx (&next=<url> to come back to when nothing is selected).

    All the tables or nothing: one id the user may not see (or that does not exist) is a 404."""
    fmt = request.POST.get("format", "")
    if fmt not in FORMATS:
        return HttpResponseBadRequest("请选择下载格式：Word（docx）或 Excel（xlsx）".encode())
    ids = {parse_id(value) for value in request.POST.getlist("ids")}
    if None in ids:
        return HttpResponseBadRequest("所选绩效目标表的编号有误".encode())
    if not ids:
        messages.error(request, "请先勾选要下载的绩效目标表。")
        return redirect(_back(request))
    tables = tables_for_user(request.user).filter(pk__in=ids)
    if set(tables.values_list("pk", flat=True)) != ids:
        raise Http404("所选绩效目标表中有您无权查看的表")
    by_job = _exported_by_job(request, tables, fmt=fmt, department_document=False, back_url=_back(request))
    if by_job is not None:
        return by_job
    try:
        export = export_tables_file(tables=tables, fmt=fmt)
    except ExportError as error:
        messages.error(request, str(error))
        return redirect(_back(request))
    audit.log_download(request, what="所选绩效目标表 " + ",".join(str(i) for i in sorted(ids)[:50]), tables=len(ids), fmt=fmt)
    return file_response(export)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


@login_required
@require_GET
def department_detail(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    tables = list(department_tables(request.user, pk, year).select_related("fiscal_year", "unit__department").order_by(*TABLE_ORDER))
    first = tables[0]
    department, fiscal_year = first.unit.department, first.fiscal_year
    report = department_document(department=department, fiscal_year=fiscal_year, tables=[])

    # numbered as in the printed document: department-wide tables first, then projects by unit
    overall = [t for t in tables if t.kind == GoalTable.Kind.OVERALL]
    projects = [t for t in tables if t.kind != GoalTable.Kind.OVERALL]
    for number, table in enumerate(projects, start=1):
        table.number = number
    # A large department's list is paged; the numbers stay those of the whole document.
    page = Paginator(projects, DEPARTMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    units: dict[int, dict] = {}
    for table in page.object_list:
        units.setdefault(table.unit_id, {"unit": table.unit, "tables": []})["tables"].append(table)
    unit_counts = Counter(t.unit_id for t in projects)
    for unit in units.values():
        unit["count"] = unit_counts[unit["unit"].pk]
    return render(
        request,
        "projects/department.html",
        {
            "department": department,
            "fiscal_year": fiscal_year,
            "title": cover_title(report),
            "report": report,
            "overall": overall if page.number == 1 else [],
            "units": list(units.values()),
            "page": page,
            "count": len(tables),
            "budget": sum((t.budget_total for t in tables if t.kind == GoalTable.Kind.PROJECT and t.budget_total), start=0),
        },
    )
