"""The goal-table editor: create a table, edit it on one page shaped like the official form.

Every page reaches its table through projects.access, so another department's table is a 404;
reviewers of the table's department get a 403 page that sends them to the read-only view.
"""
from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from documents import goaltable as doc
from indicators.models import LibraryIndicator
from indicators.schemes import scheme_aliases, scheme_mapping
from projects.access import get_table_for_user, may_fill
from projects.models import GoalTable, Unit, is_admin
from projects.selectors import ROW_FIELDS, goal_table_prefetch, goal_table_to_document

from .forms import BASIS_CHOICES, COMMON_UNITS, CreateForm, HeaderForm, MilestoneFormSet, RowForm, RowFormSet
from .grid import Line, column_headings, grid_columns, render_lines, row_views
from .services import (
    HEADER_FIELDS,
    EditConflict,
    NotEditable,
    check_draft,
    document_rows,
    goal_table_create,
    goal_table_update,
    parse_version,
    review_findings,
    value_box_text,
    version_of,
)

_ROW_NAMES = ("id", "ORDER", "DELETE") + tuple(name for name in RowForm.base_fields if name != "id")
_ROW_LABELS = {name: str(f.label) for name, f in RowForm.base_fields.items()}
COMPOSITION_FIELDS = (
    "income_general", "income_gov_fund", "income_special_nontax", "income_other", "spending_basic", "spending_project",
)


def _value(form, name) -> str:
    value = form[name].value()
    if value is None:
        return ""
    return "on" if value is True else "" if value is False else str(value)


def _text(value) -> str:
    return "" if value is None else str(value)


def _posted_lines(rows) -> list[Line]:
    """The posted lines in the order the page showed them, with their format errors."""
    initial = rows.initial_form_count()
    shown = [form for i, form in enumerate(rows.forms) if i < initial or form.has_changed()]

    def order(form):
        try:
            return (0, int(form["ORDER"].value()))
        except (TypeError, ValueError):
            return (1, 0)

    return [Line(form.prefix, {n: _value(form, n) for n in _ROW_NAMES}, form.errors) for form in sorted(shown, key=order)]


def _scheme_context(table):
    prefetch_related_objects([table.scheme], "categories")
    mapping = scheme_mapping(table.scheme)
    aliases = scheme_aliases(table.scheme)
    library = [
        {"l1": i.level1, "l2": i.level2, "name": i.name, "unit": i.unit, "cmp": i.comparator, "dir": i.direction, "desc": i.description}
        for i in LibraryIndicator.objects.filter(scheme=table.scheme).order_by("level1", "level2", "name")
    ]
    return mapping, aliases, library


def _indicator_ids(table) -> list[int]:
    """Indicator ids in document.all_indicators() order (the order goal_table_to_document uses)."""
    indicators = sorted(table.indicators.all(), key=lambda i: (i.order, i.id))
    ids = [i.id for i in indicators if i.duty_task_id is None]
    by_task = {}
    for indicator in indicators:
        if indicator.duty_task_id is not None:
            by_task.setdefault(indicator.duty_task_id, []).append(indicator.id)
    for duty in sorted(table.duties.all(), key=lambda d: d.order):
        for task in sorted(duty.tasks.all(), key=lambda t: t.order):
            ids += by_task.get(task.id, [])
    return ids


def _initial(document: doc.GoalTable, ids: list[int]):
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


def _by_place(problems):
    header, points, plan, rows = {}, {}, [], {}
    for problem in problems:
        if problem.row is not None:
            rows.setdefault(problem.row, []).append(problem)
        elif problem.field == "milestones":
            plan.append(problem)
            if problem.point is not None:
                points.setdefault(problem.point, []).append(problem)
        else:
            header.setdefault(problem.field, []).append(problem)
    return header, points, plan, rows


def _forbidden(request, table, reason):
    return render(request, "projects/editor_forbidden.html", {"table": table, "reason": reason}, status=403)


@login_required
def table_edit(request, pk):
    table = get_table_for_user(request.user, pk)
    if not may_fill(request.user, table):
        return _forbidden(request, table, "您是本表所属部门的审核人，只能查看，不能修改。")
    if not table.is_editable:
        return _forbidden(request, table, f"本表状态为“{table.get_status_display()}”，正在审核或已经审核通过，不能修改。")
    table = goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).select_related("scheme", "updated_by").get()
    mapping, aliases, library = _scheme_context(table)
    conflict, document, status, format_errors = None, None, 200, []

    if request.method == "POST":
        header = HeaderForm(request.POST, prefix="t", kind=table.kind)
        plan = MilestoneFormSet(request.POST, prefix="m")
        layout = header.cleaned_data["layout"] if header.is_valid() else table.layout
        rows = RowFormSet(request.POST, prefix="r", layout=layout)
        row_prefixes = []
        if header.is_valid() and plan.is_valid() and rows.is_valid():
            top, duties, row_ids, ordered = rows.document_parts()
            document = _document(table, header.cleaned_data, plan.milestones(), top, duties)
            expected = parse_version(request.POST.get("overwrite") or header.cleaned_data["version"])
            try:
                result = goal_table_update(
                    table=table,
                    user=request.user,
                    document=document,
                    expected_updated_at=expected,
                    row_ids=row_ids,
                    budget_confirmed=request.POST.get("budget_confirmed") == "on",
                )
            except EditConflict as error:
                conflict, status = error, 409
            except NotEditable as error:
                return _forbidden(request, table, str(error))
            else:
                _report_saved(request, result)
                return redirect("table_edit", pk=table.pk)
            row_prefixes = [form.prefix for form in ordered]
        else:
            status = 400
            # A formset's template lookup (rows.x) would build every form; say it all here.
            format_errors = [
                *header.non_field_errors(), *plan.non_form_errors(), *rows.non_form_errors()
            ] or [""]
        lines = _posted_lines(rows)
    else:
        document = goal_table_to_document(table)
        header_initial, points, lines, line_of_row = _initial(document, _indicator_ids(table))
        header = HeaderForm(initial={**header_initial, "version": version_of(table)}, prefix="t", kind=table.kind)
        plan = MilestoneFormSet(initial=points, prefix="m")
        # Only the management form and the empty line come from the formset; lines are drawn from values.
        rows = RowFormSet(initial=[{}] * len(lines), prefix="r", layout=table.layout)
        for index in range(len(lines), rows.total_form_count()):  # blank lines take new rows without JavaScript
            lines.append(Line(f"r-{index}", {**dict.fromkeys(_ROW_NAMES, ""), "ORDER": str(index + 1)}))
        layout = table.layout
        row_prefixes = [lines[i].prefix for i in line_of_row]

    problems = []
    if document is not None:
        problems = check_draft(document, scheme=mapping, aliases=aliases) + review_findings(
            document, scheme=mapping, aliases=aliases
        )
    header_issues, point_issues, plan_issues, row_issues = _by_place(problems)
    is_overall = table.kind == GoalTable.Kind.OVERALL
    shown = set(HEADER_FIELDS) - set(COMPOSITION_FIELDS) - {"functions"}
    show_composition = is_overall or any(_value(header, name) for name in COMPOSITION_FIELDS)
    show_functions = is_overall or bool(_value(header, "functions"))
    shown |= (set(COMPOSITION_FIELDS) if show_composition else set()) | ({"functions"} if show_functions else set())
    other_issues = [p for name, found in header_issues.items() if name not in shown | {"indicators"} for p in found]
    problems_by_prefix = {row_prefixes[i]: found for i, found in row_issues.items() if i < len(row_prefixes)}
    has_duties = layout == "duty" or any(line.values["duty_name"] or line.values["task_name"] for line in lines)
    columns = grid_columns(layout, has_duties)
    draw = {"layout": layout, "columns": columns, "mapping": mapping, "labels": _ROW_LABELS}
    empty = Line(rows.empty_form.prefix, dict.fromkeys(_ROW_NAMES, ""))
    headings = column_headings(layout, columns)
    context = {
        "table": table,
        "document": document,
        "header": header,
        "plan": plan,
        "points": [(form, point_issues.get(i, [])) for i, form in enumerate(plan.forms)],
        "plan_issues": plan_issues,
        # Not the formset itself: a template lookup rows.x tries rows["x"] first, which builds every form.
        "rows_management": rows.management_form,
        "lines_html": render_lines(row_views(lines, problems_by_prefix=problems_by_prefix, **draw), headings),
        "template_line": render_lines(row_views([empty], problems_by_prefix={}, **draw), headings),
        "columns": headings,
        "layout": layout,
        "mapping": mapping,
        "library": library,
        "units": COMMON_UNITS,
        "bases": BASIS_CHOICES,
        "hi": header_issues,
        "problem_count": len(problems),
        "error_count": sum(1 for p in problems if p.severity == "error"),
        "conflict": conflict,
        "format_errors": format_errors,
        "is_overall": is_overall,
        "show_composition": show_composition,
        "show_functions": show_functions,
        "other_issues": other_issues,
    }
    return render(request, "projects/editor.html", context, status=status)


def _document(table, header: dict, milestones, top, duties) -> doc.GoalTable:
    return doc.GoalTable(
        kind=table.kind,
        year=table.fiscal_year.year,
        department=table.unit.department.name,
        unit_code=table.unit.code,
        unit_name=table.unit.name,
        **{name: header[name] for name in HEADER_FIELDS},
        milestones=milestones,
        indicators=top,
        duties=duties,
    )


def _report_saved(request, result):
    at = timezone.localtime(result.table.updated_at).strftime("%H:%M")
    if not result.changed:
        messages.info(request, "没有需要保存的修改。")
        return
    counts = (("新增", result.created), ("修改", result.updated), ("删除", result.deleted), ("调整顺序", result.moved))
    parts = [f"{label} {n} 条" for label, n in counts if n]
    detail = f"（指标{'，'.join(parts)}）" if parts else ""
    messages.success(request, f"已于 {at} 保存{detail}。")


def _units_for(user):
    if is_admin(user):
        return Unit.objects.select_related("department").order_by("department__region", "department__name", "code", "name")
    return user.units.select_related("department").order_by("department__name", "code", "name")


@login_required
def table_new(request):
    units = _units_for(request.user)
    if not units.exists():
        raise Http404("只有预算单位的填报人可以新建绩效目标表")
    data = request.POST if request.method == "POST" else None
    if data is not None and data.get("unit"):
        # A unit that is not the user's is as unknown as another department's table.
        if not data["unit"].isdigit() or not units.filter(pk=data["unit"]).exists():
            raise Http404("没有这个预算单位")
    form = CreateForm(data, units=units, initial={"unit": request.GET.get("unit") or units.first().pk})
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        table = goal_table_create(
            user=request.user,
            fiscal_year=cleaned["fiscal_year"],
            unit=cleaned["unit"],
            kind=cleaned["kind"],
            layout=cleaned["layout"] or None,
            name=cleaned["name"],
            code=cleaned["code"],
        )
        messages.success(request, "已新建，请填写表内容后保存。")
        return redirect("table_edit", pk=table.pk)
    return render(request, "projects/editor_new.html", {"form": form})


@login_required
def table_history(request, pk):
    from .history import table_history_events

    table = get_table_for_user(request.user, pk)
    events = table_history_events(table)
    return render(
        request,
        "projects/editor_history.html",
        {"table": table, "events": events, "can_edit": may_fill(request.user, table) and table.is_editable},
    )
