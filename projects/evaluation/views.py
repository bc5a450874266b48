"""Pages of monitoring rounds (运行监控) and self-evaluations (绩效自评).

Tables are reached only through projects.access, so another department's report is a 404.
Staff of the table's unit fill; reviewers of its department and admins read."""
from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from documents.amounts import money
from documents.evaluation import QUALITATIVE_BANDS
from documents.render.evaluation import Sheet, render_docx, render_xlsx
from projects.access import get_table_for_user, is_admin, may_fill, units_filled_by
from projects.models import GoalTable, MonitoringReport, MonitoringRound, SelfEvaluation

from . import services
from .forms import (
    MonitoringForm,
    RoundOpenForm,
    SelfEvaluationForm,
    error_messages,
    read_evaluation_lines,
    read_monitoring_lines,
)
from .sheets import monitoring_sheet, self_evaluation_sheet

TABLES_PER_PAGE = 50


def _round(pk: int) -> MonitoringRound:
    return get_object_or_404(MonitoringRound.objects.select_related("fiscal_year"), pk=pk)


def _report(round_: MonitoringRound, table: GoalTable) -> MonitoringReport:
    """The table's report in the round; a table the service says is not in it is a 404 with its reason."""
    try:
        return services.monitoring_report_for(round_=round_, table=table)
    except services.NotInEvaluation as refusal:
        raise Http404(str(refusal)) from None


def _evaluation(table: GoalTable) -> SelfEvaluation:
    try:
        return services.self_evaluation_for(table)
    except services.NotInEvaluation as refusal:
        raise Http404(str(refusal)) from None


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    admin = is_admin(request.user)
    form = RoundOpenForm(request.POST or None) if admin else None
    if request.method == "POST":
        if not admin:
            raise Http404("只有管理员可以开启运行监控")
        if form.is_valid():
            try:
                round_ = services.monitoring_round_open(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error_messages(error))
            else:
                messages.success(request, f"已开启 {round_}，填报人现在可以填写运行监控。")
                return redirect("monitoring_round", pk=round_.pk)
    rounds = MonitoringRound.objects.select_related("fiscal_year")
    status = 400 if form is not None and form.errors else 200
    return render(request, "projects/monitoring_rounds.html", {"rounds": rounds, "form": form}, status=status)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    tables = services.monitoring_tables(round_, user=request.user).order_by("unit__department__name", "unit__name", "seq", "pk")
    page = Paginator(tables, TABLES_PER_PAGE).get_page(request.GET.get("page"))
    reports = {r.table_id: r for r in round_.reports.filter(table__in=[t.pk for t in page])}
    fillable = set(units_filled_by(request.user).filter(pk__in={t.unit_id for t in page}).values_list("pk", flat=True)) \
        if round_.is_open else set()
    rows = [
        {"table": table, "report": reports.get(table.pk), "fillable": table.unit_id in fillable,
         "execution": services.report_execution(round_=round_, table=table, report=reports.get(table.pk))}
        for table in page
    ]
    overview = services.monitoring_overview(round_=round_, user=request.user)
    return render(request, "projects/monitoring_round.html", {"round": round_, "rows": rows, "overview": overview, "page": page})


@login_required
def report_page(request: HttpRequest, pk: int, table_pk: int) -> HttpResponse:
    round_ = _round(pk)
    table = get_table_for_user(request.user, table_pk)
    report = _report(round_, table)
    closed = services.monitoring_closed_reason(round_=round_, table=table)
    editable = may_fill(request.user, table) and not closed
    form = MonitoringForm(request.POST or None, initial={"executed": money(report.executed), "note": report.note})
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if may_fill(request.user, table) and closed:  # e.g. closed, or sent back, while the page was open
            messages.error(request, closed)
            return redirect("monitoring_report", pk=round_.pk, table_pk=table.pk)
        if not editable:
            raise Http404("只有本单位填报人可以在开放期间填写")
        lines, errors = read_monitoring_lines(request.POST, services.table_indicators(table))
        if form.is_valid() and not errors:
            try:
                services.monitoring_report_save(round_=round_, table=table, user=request.user, lines=lines,
                                                seen=request.POST.get("seen"), **form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                errors = error_messages(error) if isinstance(error, ValidationError) else [str(error)]
            else:
                messages.success(request, "运行监控已保存。")
                return redirect("monitoring_report", pk=round_.pk, table_pk=table.pk)
        status = 400
        # Show what was typed, not what is stored, so nothing typed is lost.
        report.executed = form.cleaned_data.get("executed") if form.is_valid() else report.executed
        assessment = services.monitoring_assess(round_=round_, table=table, report=report)
        for view in assessment.lines:
            typed = lines.get(view.indicator.pk)
            if typed:
                for name, value in vars(typed).items():
                    setattr(view.line, name, value)
                view.needs_reason = services.needs_reason(
                    target=view.indicator.value, comparator=view.indicator.comparator, expected_text=typed.expected,
                    will_meet=typed.will_meet, limit=round_.deviation_limit,
                )
    else:
        assessment = services.monitoring_assess(round_=round_, table=table, report=report)
    seen = request.POST.get("seen", "") if request.method == "POST" else services.version_of(report)
    context = {"round": round_, "table": table, "form": form, "assessment": assessment, "editable": editable,
               "errors": errors, "seen": seen}
    return render(request, "projects/monitoring_report.html", context, status=status)


@login_required
def self_evaluation_page(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    try:
        evaluation = services.self_evaluation_for(table)
    except services.NotInEvaluation as refusal:
        if request.method == "POST" and may_fill(request.user, table):
            # e.g. an adjustment was agreed while the page was open: say so rather than a bare 404.
            messages.error(request, f"“{table.name}”当前为“{table.get_status_display()}”，不再是审核通过状态，"
                                    "绩效自评没有保存；重新审核通过后可以继续填写。")
            return redirect("table_detail", pk=table.pk)
        raise Http404(str(refusal)) from None
    editable = may_fill(request.user, table)
    form = SelfEvaluationForm(request.POST or None, initial={
        "budget_initial": money(evaluation.budget_initial), "budget_full_year": money(evaluation.budget_full_year),
        "executed": money(evaluation.executed), "outcome": evaluation.outcome,
    })
    errors: list[str] = []
    status = 200
    sheet_lines = None
    if request.method == "POST":
        if not editable:
            raise Http404("只有本单位填报人可以填写绩效自评")
        lines, errors = read_evaluation_lines(request.POST, services.table_indicators(table))
        if form.is_valid() and not errors:
            try:
                services.self_evaluation_save(table=table, user=request.user, lines=lines,
                                              seen=request.POST.get("seen"), **form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                errors = error_messages(error) if isinstance(error, ValidationError) else [str(error)]
            else:
                messages.success(request, "绩效自评已保存。")
                return redirect("self_evaluation", pk=table.pk)
        status = 400
        if form.is_valid():
            for name, value in form.cleaned_data.items():
                setattr(evaluation, name, value)
        saved = {line.row_key: line for line in evaluation.lines.all()} if evaluation.pk else {}
        keys = {indicator.pk: indicator.row_key for indicator in services.table_indicators(table)}
        sheet_lines = dict(saved)
        for indicator_id, typed in lines.items():
            key = keys[indicator_id]
            line = saved.get(key) or services.SelfEvaluationLine(indicator_id=indicator_id, row_key=key)
            for name, value in vars(typed).items():
                setattr(line, name, value)
            sheet_lines[key] = line
    sheet = services.self_evaluation_score(table=table, evaluation=evaluation, lines=sheet_lines)
    seen = request.POST.get("seen", "") if request.method == "POST" else services.version_of(evaluation)
    context = {"table": table, "form": form, "sheet": sheet, "editable": editable, "errors": errors,
               "bands": list(QUALITATIVE_BANDS), "seen": seen}
    return render(request, "projects/self_evaluation.html", context, status=status)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(sheet: Sheet, fmt: str, filename: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("不支持的下载格式")
    content = render_docx(sheet) if fmt == "docx" else render_xlsx(sheet)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename + '.' + fmt)}"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def self_evaluation_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    evaluation = _evaluation(table)
    score_sheet = services.self_evaluation_score(table=table, evaluation=evaluation)
    return _download(self_evaluation_sheet(table=table, evaluation=evaluation, sheet=score_sheet), fmt, f"{table.name}绩效自评表")


@login_required
def monitoring_download(request: HttpRequest, pk: int, table_pk: int, fmt: str) -> HttpResponse:
    round_ = _round(pk)
    table = get_table_for_user(request.user, table_pk)
    report = _report(round_, table)
    assessment = services.monitoring_assess(round_=round_, table=table, report=report)
    sheet = monitoring_sheet(round_=round_, table=table, report=report, assessment=assessment)
    return _download(sheet, fmt, f"{table.name}运行监控表")
