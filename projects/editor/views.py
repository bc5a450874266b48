"""The goal-table editor: create a table, edit it on one page shaped like the official form.

Every page reaches its table through projects.access, so another department's table is a 404;
reviewers of the table's department get a 403 page that sends them to the read-only view.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from documents import goaltable as doc
from documents.grid import printed_value
from documents.rules.base import Finding
from indicators.models import LibraryIndicator
from indicators.schemes import scheme_aliases, scheme_mapping
from projects.access import get_table_for_user, may_edit, may_fill, units_for_user
from projects.converters import parse_id
from projects.editor.services import EditResult
from projects.models import CommentThread, FiscalYear, GoalTable
from projects.review.comments import place_threads, threads_of
from projects.review.workflow import findings_for
from projects.selectors import ROW_FIELDS, goal_table_prefetch, goal_table_to_document, indicators_in_document_order
from projects.transfer.rollover import RolloverError, copy_forward_candidates, goal_table_copy_forward

from .checks import GRID_FIELDS, Mark, blocker_count, header_cell, header_field, place_findings, point_cell, row_cell
from .forms import BASIS_CHOICES, COMMON_UNITS, CreateForm, HeaderForm, MilestoneFormSet, RowForm, RowFormSet
from .grid import Line, cell_of, column_headings, grid_columns, render_lines, row_views
from .history import table_history_events
from .services import (
    HEADER_FIELDS,
    EditConflict,
    NotEditable,
    document_rows,
    goal_table_create,
    goal_table_update,
    parse_version,
    value_box_text,
    version_of,
)

_ROW_NAMES = ("id", "ORDER", "DELETE") + tuple(name for name in RowForm.base_fields if name != "id")
_ROW_LABELS = {name: str(f.label) for name, f in RowForm.base_fields.items()}
COPY_OFFERS = 100  # last year's tables offered for copying on the new-table page (an admin reaches them all)
COMPOSITION_FIELDS = (
    "income_general", "income_gov_fund", "income_special_nontax", "income_other", "spending_basic", "spending_project",
)


def _value(form: forms.Form, name: str) -> str:
    value = form[name].value()
    if value is None:
        return ""
    return "on" if value is True else "" if value is False else str(value)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _posted_lines(rows: forms.BaseFormSet) -> list[Line]:
    """The posted lines in the order the page showed them, with their format errors."""
    initial = rows.initial_form_count()
    shown = [form for i, form in enumerate(rows.forms) if i < initial or form.has_changed()]

    def order(form: forms.Form) -> tuple[int, int]:
        try:
            return (0, int(form["ORDER"].value()))
        except (TypeError, ValueError):
            return (1, 0)

    return [Line(form.prefix, {n: _value(form, n) for n in _ROW_NAMES}, form.errors) for form in sorted(shown, key=order)]


def _scheme_context(table: GoalTable) -> tuple[dict[str, list[str]], dict[str, str], list]:
    prefetch_related_objects([table.scheme], "categories")
    mapping = scheme_mapping(table.scheme)
    aliases = scheme_aliases(table.scheme)
    library = [
        {"l1": i.level1, "l2": i.level2, "name": i.name, "unit": i.unit, "cmp": i.comparator, "dir": i.direction, "desc": i.description}
        for i in LibraryIndicator.objects.filter(scheme=table.scheme).order_by("level1", "level2", "name")
    ]
    return mapping, aliases, library


def _initial(document: doc.GoalTable, ids: list[int]) -> tuple[dict[str, Any], list[dict[str, Any]], list[Line], list[int]]:
    """Header and plan initial data, the grid lines, and each indicator's line index."""
    header = {name: getattr(document, name) for name in HEADER_FIELDS}
    points = [dataclasses.asdict(m) for m in document.milestones]
    lines, line_of_row = [], []
    ids = iter(ids)
    for index, (row, duty, task) in enumerate(document_rows(document)):
        values = dict.fromkeys(_ROW_NAMES, "")
        values["ORDER"] = str(index + 1)
        if duty is not None:
            values.update(duty_seq=duty.seq, duty_name=duty.name, task_name=task.name, task_goal=task.goal)
        if row is not None:
            values.update({name: _text(getattr(row, name)) for name in ROW_FIELDS})
            values.update(id=str(next(ids)), value=value_box_text(row))
            line_of_row.append(index)
        lines.append(Line(f"r-{index}", values))
    return header, points, lines, line_of_row


def _by_place(findings: Iterable[Finding]) -> tuple[dict[str, list[Finding]], dict[int, list[Finding]], list[Finding], dict[int, list[Finding]]]:
    """The findings per place of the page, for the cells drawn on the server."""
    header, points, plan, rows = {}, {}, [], {}
    for finding in findings:
        if finding.row is not None:
            rows.setdefault(finding.row, []).append(finding)
        elif finding.field == "milestones":
            if finding.point is not None:
                points.setdefault(finding.point, []).append(finding)
            else:
                plan.append(finding)
        else:
            header.setdefault(header_field(finding), []).append(finding)
    return header, points, plan, rows


def _forbidden(request: HttpRequest, table: GoalTable, reason: str) -> HttpResponse:
    return render(request, "projects/editor_forbidden.html", {"table": table, "reason": reason}, status=403)


def _editable_table(request: HttpRequest, pk: int) -> tuple[GoalTable, HttpResponse | None]:
    """(table, None) when the user may edit it now, else (table, the 403 page)."""
    table = get_table_for_user(request.user, pk)
    if not may_fill(request.user, table):
        return table, _forbidden(request, table, "您是本表所属部门的审核人，只能查看，不能修改。")
    if not table.is_editable:
        return table, _forbidden(request, table, f"本表状态为“{table.get_status_display()}”，正在审核或已经审核通过，不能修改。")
    return table, None


@dataclasses.dataclass
class _Posted:
    """The page as posted: its forms, and the document they make (without the lines that do not read)."""

    header: HeaderForm
    plan: MilestoneFormSet
    rows: RowFormSet
    valid: bool
    layout: str
    document: doc.GoalTable | None = None
    row_ids: list = dataclasses.field(default_factory=list)
    row_prefixes: list = dataclasses.field(default_factory=list)
    point_prefixes: list = dataclasses.field(default_factory=list)


def _read_post(table: GoalTable, data: QueryDict) -> _Posted:
    header = HeaderForm(data, prefix="t", kind=table.kind)
    header_valid = header.is_valid()
    plan_unit = header.cleaned_data.get("milestone_unit") or table.milestone_unit
    plan = MilestoneFormSet(data, prefix="m", form_kwargs={"plan_unit": plan_unit})
    layout = header.cleaned_data.get("layout") or table.layout
    rows = RowFormSet(data, prefix="r", layout=layout)
    valid = header_valid and plan.is_valid() and rows.is_valid()
    posted = _Posted(header, plan, rows, valid, layout)
    if plan.management_form.is_valid() and rows.management_form.is_valid():
        top, duties, posted.row_ids, ordered = rows.document_parts()
        values = {name: header.cleaned_data[name] for name in HEADER_FIELDS if name in header.cleaned_data}
        posted.document = _document(table, {"layout": layout, **values}, plan.milestones(), top, duties)
        posted.row_prefixes = [form.prefix for form in ordered]
        posted.point_prefixes = [form.prefix for form in plan.kept_forms()]
    return posted


def _shown_header(table: GoalTable, header: forms.Form) -> set[str]:
    """The header fields the page shows: the budget composition and 部门职能 only where they apply."""
    is_overall = table.kind == GoalTable.Kind.OVERALL
    shown = set(HEADER_FIELDS) - set(COMPOSITION_FIELDS) - {"functions"}
    if is_overall or any(_value(header, name) for name in COMPOSITION_FIELDS):
        shown |= set(COMPOSITION_FIELDS)
    if is_overall or _value(header, "functions"):
        shown.add("functions")
    return shown


def _readable_findings(findings: list[Finding], posted: _Posted | None) -> list[Finding]:
    """Without what the rules say about a cell whose text does not read: its format error says it."""
    if posted is None or posted.valid:
        return findings
    forms = {form.prefix: form for form in posted.rows.forms}
    unreadable = {i: forms[p].unreadable() for i, p in enumerate(posted.row_prefixes) if forms[p].errors}
    return [f for f in findings if f.row is None or f.field not in unreadable.get(f.row, ())]


def _format_marks(posted: _Posted, columns: Iterable[str]) -> list[Mark]:
    """The cells whose text does not read (an amount that is no amount, …): saving waits for them."""
    marks = []
    for name, errors in posted.header.errors.items():
        label = posted.header.fields[name].label if name in posted.header.fields else "表头"
        marks += [Mark(header_cell(name), str(label), str(e), "error", focus=f"t-{name}") for e in errors]
    for form in posted.plan.forms:
        label = form["label"].value() or "时点"
        for name, errors in form.errors.items():
            where, focus = f"资金支出计划{label}", f"{form.prefix}-{name}"
            marks += [Mark(point_cell(form.prefix), where, str(e), "error", focus=focus) for e in errors]
    cells = cell_of(columns)
    for form in posted.rows.forms:
        for name, errors in form.errors.items():
            key = cells.get(name, "name")
            where = f"第{form['ORDER'].value()}行" if form["ORDER"].value() else "指标"
            if key == "more" and name in form.fields:  # under “更多”, out of sight: name the field
                where = f"{where}“{form.fields[name].label}”"
            cell, focus = row_cell(form.prefix, "name" if key == "more" else key), f"{form.prefix}-{name}"
            marks += [Mark(cell, where, str(e), "error", focus=focus) for e in errors]
    for errors in (posted.plan.non_form_errors(), posted.rows.non_form_errors()):
        marks += [Mark("", "表格", str(e), "error") for e in errors]
    return marks


@login_required
@require_POST
def table_check(request: HttpRequest, pk: int) -> JsonResponse:
    """The review rules' findings on the page as it is now (not saved), for the editor to show
    while the person types: the list of findings, and which cell each one marks."""
    table, refused = _editable_table(request, pk)
    if refused is not None:
        return JsonResponse({"error": "本表现在不能修改。"}, status=403)
    table = GoalTable.objects.select_related("scheme", "fiscal_year", "unit__department").get(pk=table.pk)
    prefetch_related_objects([table.scheme], "categories")  # the scheme and its aliases in one query
    posted = _read_post(table, request.POST)
    has_duties = posted.layout == "duty" or bool(posted.document is not None and posted.document.duties)
    columns = grid_columns(posted.layout, has_duties)
    findings = findings_for(table=table, document=posted.document) if posted.document is not None else []
    findings = _readable_findings(findings, posted)
    marks = _format_marks(posted, columns)
    if posted.document is not None:
        marks += place_findings(
            findings,
            document=posted.document,
            row_prefixes=posted.row_prefixes,
            point_prefixes=posted.point_prefixes,
            columns=columns,
            header_shown=_shown_header(table, posted.header),
        )
    panel = render_to_string("projects/_editor_findings.html", _panel_context(marks))
    return JsonResponse(
        {
            "html": panel,
            "marks": [m.to_json() for m in marks],
            "blockers": blocker_count(marks),
            "printed": _printed(posted),
        }
    )


def _printed(posted: _Posted) -> dict[str, str]:
    """Each line's 指标值 as it will print, by line prefix."""
    if posted.document is None:
        return {}
    rows = list(posted.document.all_indicators())
    return {prefix: printed_value(row, layout=posted.layout) for prefix, row in zip(posted.row_prefixes, rows)}


def _panel_context(marks: Iterable[Mark]) -> dict:
    findings = [m for m in marks if m.code]
    return {
        "marks": marks,
        "finding_count": len(findings),
        "blocker_count": blocker_count(marks),
        "format_count": sum(1 for m in marks if not m.code),
    }


@login_required
def table_edit(request: HttpRequest, pk: int) -> HttpResponse:
    table, refused = _editable_table(request, pk)
    if refused is not None:
        return refused
    table = goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).select_related("scheme", "updated_by").get()
    mapping, aliases, library = _scheme_context(table)
    conflict, document, format_errors, status = None, None, [], 200

    if request.method == "POST":
        posted = _read_post(table, request.POST)
        header, plan, rows, layout, document = posted.header, posted.plan, posted.rows, posted.layout, posted.document
        if posted.valid:
            expected = parse_version(request.POST.get("overwrite") or header.cleaned_data["version"])
            try:
                result = goal_table_update(
                    table=table,
                    user=request.user,
                    document=document,
                    expected_updated_at=expected,
                    row_ids=posted.row_ids,
                    budget_confirmed=request.POST.get("budget_confirmed") == "on",
                )
            except EditConflict as error:
                conflict, status = error, 409
            except NotEditable as error:
                return _forbidden(request, table, str(error))
            except ValidationError as error:  # another table of the year and unit has this code or name
                format_errors, status = error.messages, 400
            else:
                _report_saved(request, result)
                return redirect("table_edit", pk=table.pk)
        else:
            # A formset's template lookup (rows.x) would build every form; say it all here.
            format_errors = [
                *header.non_field_errors(), *plan.non_form_errors(), *rows.non_form_errors()
            ] or [""]
        row_prefixes, point_prefixes = posted.row_prefixes, posted.point_prefixes
        lines = _posted_lines(rows)
    else:
        posted = None
        document = goal_table_to_document(table)
        header_initial, points, lines, line_of_row = _initial(document, [i.id for i in indicators_in_document_order(table)])
        header = HeaderForm(initial={**header_initial, "version": version_of(table)}, prefix="t", kind=table.kind)
        plan = MilestoneFormSet(initial=points, prefix="m")
        # Only the management form and the empty line come from the formset; lines are drawn from values.
        rows = RowFormSet(initial=[{}] * len(lines), prefix="r", layout=table.layout)
        for index in range(len(lines), rows.total_form_count()):  # blank lines take new rows without JavaScript
            lines.append(Line(f"r-{index}", {**dict.fromkeys(_ROW_NAMES, ""), "ORDER": str(index + 1)}))
        layout = table.layout
        row_prefixes = [lines[i].prefix for i in line_of_row]
        point_prefixes = [form.prefix for form in plan.forms]

    has_duties = layout == "duty" or any(line.values["duty_name"] or line.values["task_name"] for line in lines)
    columns = grid_columns(layout, has_duties)
    shown = _shown_header(table, header)
    findings = _readable_findings(findings_for(table=table, document=document) if document is not None else [], posted)
    marks = _format_marks(posted, columns) if posted is not None else []
    if document is not None:
        marks += place_findings(
            findings, document=document, row_prefixes=row_prefixes, point_prefixes=point_prefixes,
            columns=columns, header_shown=shown,
        )
    header_issues, point_issues, plan_issues, row_issues = _by_place(findings)
    form_of_point = dict(zip(point_prefixes, range(len(point_prefixes))))
    # Table-level findings about the indicators sit above the grid; the rest only in the list.
    grid_issues = [f for name, found in header_issues.items() if name not in shown and name in GRID_FIELDS for f in found]
    problems_by_prefix = {row_prefixes[i]: found for i, found in row_issues.items() if i < len(row_prefixes)}
    draw = {"layout": layout, "columns": columns, "mapping": mapping, "labels": _ROW_LABELS}
    empty = Line(rows.empty_form.prefix, dict.fromkeys(_ROW_NAMES, ""))
    headings = column_headings(layout, columns)
    asides, threads_elsewhere = _threads_beside_rows(request, table, row_prefixes)
    context = {
        "table": table,
        "document": document,
        "header": header,
        "plan": plan,
        "points": [
            (form, point_issues.get(form_of_point[form.prefix], []) if form.prefix in form_of_point else [])
            for form in plan.forms
        ],
        "plan_issues": plan_issues,
        # Not the formset itself: a template lookup rows.x tries rows["x"] first, which builds every form.
        "rows_management": rows.management_form,
        "lines_html": render_lines(row_views(lines, problems_by_prefix=problems_by_prefix, **draw), headings, asides),
        "template_line": render_lines(row_views([empty], problems_by_prefix={}, **draw), headings),
        "columns": headings,
        "layout": layout,
        "mapping": mapping,
        "shares": {group: format(share.normalize(), "f") for group, share in table.scheme.self_evaluation_weights.items()},
        "library": library,
        "units": COMMON_UNITS,
        "bases": BASIS_CHOICES,
        "hi": header_issues,
        "grid_issues": grid_issues,
        "conflict": conflict,
        "format_errors": format_errors,
        "is_overall": table.kind == GoalTable.Kind.OVERALL,
        "show_composition": "income_general" in shown,
        "show_functions": "functions" in shown,
        **_panel_context(marks),
        "threads_elsewhere": threads_elsewhere,
        "thread_forms": [t.pk for t in threads_elsewhere] + list(asides.thread_pks),
    }
    return render(request, "projects/editor.html", context, status=status)


class _Asides(dict):
    """Markup per line prefix, and the threads drawn in it (whose forms the page must draw)."""

    thread_pks: list


def _threads_beside_rows(request: HttpRequest, table: GoalTable, row_prefixes: Sequence[str]) -> tuple[_Asides, list[CommentThread]]:
    """Each review comment on a row as markup for that row's line; the others (header fields, rows
    since removed) in a list for the top of the grid.  Rows are found in the table as saved."""
    asides, elsewhere = _Asides(), []
    asides.thread_pks = []
    threads = threads_of(table)
    if not threads:
        return asides, elsewhere
    place_threads(threads, goal_table_to_document(table))
    by_prefix = {}
    for thread in threads:
        if thread.row_index is not None and thread.row_index < len(row_prefixes):
            by_prefix.setdefault(row_prefixes[thread.row_index], []).append(thread)
        else:
            elsewhere.append(thread)
    for prefix, found in by_prefix.items():
        asides[prefix] = "".join(
            render_to_string("projects/_editor_thread.html", {"t": t, "can_answer": True, "table": table}, request=request)
            for t in found
        )
        asides.thread_pks += [t.pk for t in found]
    return asides, elsewhere


def _document(table: GoalTable, header: dict, milestones: list[doc.Milestone], top: list[doc.IndicatorRow], duties: list[doc.Duty]) -> doc.GoalTable:
    return doc.GoalTable(
        kind=table.kind,
        year=table.fiscal_year.year,
        department=table.unit.department.name,
        unit_code=table.unit.code,
        unit_name=table.unit.name,
        **{name: header[name] for name in HEADER_FIELDS if name in header},  # a field that does not read: left empty
        milestones=milestones,
        indicators=top,
        duties=duties,
    )


def _report_saved(request: HttpRequest, result: EditResult) -> None:
    at = timezone.localtime(result.table.updated_at).strftime("%H:%M")
    if not result.changed:
        messages.info(request, "没有需要保存的修改。")
        return
    counts = (("新增", result.created), ("修改", result.updated), ("删除", result.deleted), ("调整顺序", result.moved))
    parts = [f"{label} {n} 条" for label, n in counts if n]
    detail = f"（指标{'，'.join(parts)}）" if parts else ""
    messages.success(request, f"已于 {at} 保存{detail}。")


@login_required
def table_new(request: HttpRequest) -> HttpResponse:
    units = units_for_user(request.user)
    if not units.exists():
        raise Http404("只有预算单位的填报人可以新建绩效目标表")
    data = request.POST if request.method == "POST" else None
    if data is not None and data.get("unit"):
        # A unit that is not the user's is as unknown as another department's table.
        unit_id = parse_id(data["unit"])
        if unit_id is None or not units.filter(pk=unit_id).exists():
            raise Http404("没有这个预算单位")
    form = CreateForm(data, units=units, initial={"unit": request.GET.get("unit") or units.first().pk})
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            table = goal_table_create(
                user=request.user,
                fiscal_year=cleaned["fiscal_year"],
                unit=cleaned["unit"],
                kind=cleaned["kind"],
                layout=cleaned["layout"] or None,
                name=cleaned["name"],
                code=cleaned["code"],
            )
        except ValidationError as error:  # the unit already has this table this year
            form.add_error(None, error.messages)
        else:
            messages.success(request, "已新建，请填写表内容后保存。")
            return redirect("table_edit", pk=table.pk)
    years = form.fields["fiscal_year"].queryset
    asked = request.GET.get("year", "")
    target = (years.filter(pk=asked).first() if asked.isdigit() else None) or years.first()
    mine = GoalTable.objects.filter(unit__in=units.values("pk"))
    candidates = copy_forward_candidates(tables=mine, fiscal_year=target)[:COPY_OFFERS] if target else []
    context = {"form": form, "target": target, "candidates": candidates, "years": years}
    return render(request, "projects/editor_new.html", context)


@login_required
@require_POST
def table_copy_forward(request: HttpRequest, pk: int) -> HttpResponse:
    """"复制上年的表": one click makes last year's table a draft of the chosen year and opens it."""
    table = get_table_for_user(request.user, pk)
    if not may_fill(request.user, table):
        return _forbidden(request, table, "您是本表所属部门的审核人，不能复制本表。")
    year = request.POST.get("year", "")
    fiscal_year = FiscalYear.objects.filter(pk=year).first() if year.isdigit() else None
    if fiscal_year is None:
        messages.error(request, "请选择要复制到的年度。")
        return redirect("table_new")
    try:
        copy = goal_table_copy_forward(table=table, fiscal_year=fiscal_year, user=request.user)
    except RolloverError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('table_new')}?year={fiscal_year.pk}")
    messages.success(
        request,
        f"已把 {table.fiscal_year.year} 年度的“{table.name}”复制为 {fiscal_year.year} 年度的草稿：原指标值记为上年值，预算数沿用上年，请核实。",
    )
    return redirect("table_edit", pk=copy.pk)


@login_required
def table_history(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_table_for_user(request.user, pk)
    events = table_history_events(table)
    return render(
        request,
        "projects/editor_history.html",
        {"table": table, "events": events, "can_edit": may_edit(request.user, table)},
    )
