"""The goal-table editor: create a table, edit it on one page shaped like the official form.

Every page reaches its table through projects.access, so another department's table is a 404;
reviewers of the table's department get a 403 page that sends them to the read-only view.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from indicators.models import LibraryIndicator
from indicators.rules.schemes import scheme_aliases, scheme_mapping
from indicators.values import COMPARATORS, normalize_unit, parse_value
from perfgoals.documents import goaltable as doc

from .access import get_table_for_user
from .editing import (
    HEADER_FIELDS,
    EditConflict,
    NotEditable,
    can_edit,
    check_draft,
    document_rows,
    goal_table_create,
    goal_table_update,
    is_editable_status,
    parse_version,
    plain_number,
    review_findings,
    value_box_text,
    version_of,
)
from .editor_forms import BASIS_CHOICES, COMMON_UNITS, CreateForm, HeaderForm, MilestoneFormSet, RowForm, RowFormSet
from .models import GoalTable, Unit, is_admin
from .services import goal_table_prefetch, goal_table_to_document

# Which cells a layout shows in the grid; every other field of a line sits under “更多”.
COLUMNS = {
    "standard": ("level1", "level2", "name", "description", "value", "basis"),
    "overall": ("level1", "level2", "name", "description", "value", "basis"),
    "hunan": ("level1", "level2", "name", "description", "value", "standard"),
    "list": ("level1", "level2", "name", "description", "direction", "value"),
    "duty": ("duty", "task", "name", "description", "value", "activity"),
}
COLUMN_LABELS = {
    "duty": "部门职责",
    "task": "职责事项 / 职责目标",
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "description": "指标描述",
    "value": "指标值",
    "direction": "指标性质",
    "basis": "指标值确定依据",
    "standard": "绩效标准",
    "activity": "工作活动",
}
LAYOUT_COLUMN_LABELS = {
    "duty": {"name": "绩效指标", "description": "指标解释", "value": "年度指标值"},
    "list": {"description": "指标详细说明"},
    "hunan": {"value": "指标值及单位"},
}
# The fields a cell holds; a field in no visible cell goes under “更多”.
CELL_FIELDS = {
    "duty": ("duty_seq", "duty_name"),
    "task": ("task_name", "task_goal"),
    "value": ("comparator", "value", "unit", "value_text"),
}
MORE_FIELDS = (
    "level1", "level2", "description", "direction", "basis", "standard", "activity",
    "ref_plan", "ref_standard", "ref_standard_source", "ref_avg3", "ref_last_year", "ref_history_source",
)
COMPOSITION_FIELDS = (
    "income_general", "income_gov_fund", "income_special_nontax", "income_other", "spending_basic", "spending_project",
)
AREA_FIELDS = {"duty_name", "task_name", "task_goal", "description", "standard", "activity"}


def _columns(layout: str, has_duties: bool):
    columns = COLUMNS.get(layout, COLUMNS["standard"])
    if has_duties and "duty" not in columns:
        columns = ("duty", "task") + columns
    return columns


def _cell_of(columns):
    """Field name -> the cell that shows it (or "more"); a table-wide row finding goes to 三级."""
    cell = {name: "more" for name in MORE_FIELDS}
    for column in columns:
        for name in CELL_FIELDS.get(column, (column,)):
            cell[name] = column
    return cell


@dataclass
class Issue:
    """A format error of a cell, shown like a check's problem."""

    message: str
    severity: str = "error"
    code: str = ""


@dataclass
class RowView:
    """A grid line as the template needs it: the form, its values, messages per cell, display hints."""

    form: object
    v: dict
    issues: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    classes: str = ""
    deleted: bool = False
    level1_known: bool = True
    level2_known: bool = True
    preview: str = ""
    value_prefix: str = ""
    value_remainder: str = ""
    parts: str = ""
    more: list = field(default_factory=list)
    more_flag: bool = False  # a message concerns a field under “更多”
    more_filled: bool = False


def _value(form, name):
    value = form[name].value()
    if value is None:
        return ""
    return "on" if value is True else "" if value is False else str(value)


_ROW_NAMES = ("id", "ORDER", "DELETE") + tuple(name for name in RowForm.base_fields if name != "id")


def _same(v, previous, names) -> bool:
    """Shown as one merged cell with the line above (same as static/js/editor.js regroup)."""
    return all(v[n] == previous[n] for n in names) and any(v[n] for n in names)


def _preview(layout, v) -> str:
    """The 指标值 as printed; the list layout prints 方向, 值 and 单位 side by side."""
    text = v["value_text"] or v["value"]
    if layout == "list" and plain_number(text) is not None:
        return f"{v['comparator']}{text}{normalize_unit(v['unit'])}"
    return text


def _row_views(forms, *, layout, columns, mapping, problems_by_form):
    cell_of = _cell_of(columns)
    pairs = {(l1, l2) for l1, children in mapping.items() for l2 in children}
    views, previous = [], None
    for form in forms:
        v = {name: _value(form, name) for name in _ROW_NAMES}
        view = RowView(form=form, v=v, deleted=bool(v["DELETE"]))
        for problem in problems_by_form.get(id(form), ()):
            cell = cell_of.get(problem.field, "name")
            if cell == "more":  # the “更多” popup is closed; say it where it is seen
                view.more_flag = True
                cell = "name"
            view.issues.setdefault(cell, []).append(problem)
        for name, errors in form.errors.items():
            if name in cell_of:
                view.issues.setdefault(cell_of[name], []).extend(Issue(str(e)) for e in errors)
            else:
                view.errors.extend(str(e) for e in errors)
        view.level1_known = not v["level1"] or v["level1"] in mapping
        view.level2_known = not v["level2"] or (v["level1"], v["level2"]) in pairs
        parsed = parse_value(v["value_text"])
        if parsed.ok:
            view.value_prefix, view.value_remainder = parsed.prefix, parsed.remainder
        view.parts = "|".join((v["comparator"], v["value"], v["unit"]))
        view.preview = _preview(layout, v)
        classes = []
        if previous is not None and not view.deleted:
            if _same(v, previous, ("duty_seq", "duty_name")):
                classes.append("same-duty")
                if _same(v, previous, ("task_name", "task_goal")):
                    classes.append("same-task")
            if _same(v, previous, ("level1",)):
                classes.append("same-l1")
                if _same(v, previous, ("level2",)):
                    classes.append("same-l2")
        view.classes = " ".join(classes)
        view.more = [
            (form[name], "area" if name in AREA_FIELDS else "select" if name in ("level1", "level2", "direction") else "text")
            for name in MORE_FIELDS
            if cell_of[name] == "more"
        ]
        view.more_filled = any(v[bf.name] for bf, _ in view.more)
        views.append(view)
        if not view.deleted:
            previous = v
    return views


def _order_key(form):
    try:
        return (0, int(form["ORDER"].value()))
    except (TypeError, ValueError):
        return (1, 0)


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
    header = {name: getattr(document, name) for name in HEADER_FIELDS}
    points = [dataclasses.asdict(m) for m in document.milestones]
    lines, line_of_row = [], []
    ids = iter(ids)
    for row, duty, task in document_rows(document):
        line = {}
        if duty is not None:
            line.update(duty_seq=duty.seq, duty_name=duty.name, task_name=task.name, task_goal=task.goal)
        if row is not None:
            line.update(dataclasses.asdict(row), id=next(ids), value=value_box_text(row))
            line_of_row.append(len(lines))
        lines.append(line)
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
    if not can_edit(request.user, table):
        return _forbidden(request, table, "您是本表所属部门的审核人，只能查看，不能修改。")
    if not is_editable_status(table):
        return _forbidden(request, table, f"本表状态为“{table.get_status_display()}”，正在审核或已经审核通过，不能修改。")
    table = goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).select_related("scheme", "updated_by").get()
    mapping, aliases, library = _scheme_context(table)
    conflict, document, status = None, None, 200

    if request.method == "POST":
        header = HeaderForm(request.POST, prefix="t", kind=table.kind)
        plan = MilestoneFormSet(request.POST, prefix="m")
        layout = header.cleaned_data["layout"] if header.is_valid() else table.layout
        rows = RowFormSet(request.POST, prefix="r", layout=layout)
        if header.is_valid() and plan.is_valid() and rows.is_valid():
            top, duties, row_ids, ordered = rows.document_parts()
            document = _document(table, header.cleaned_data, plan.milestones(), top, duties)
            expected = parse_version(request.POST.get("overwrite") or header.cleaned_data["version"])
            try:
                result = goal_table_update(
                    table=table, user=request.user, document=document, expected_updated_at=expected, row_ids=row_ids
                )
            except EditConflict as error:
                conflict, status = error, 409
            except NotEditable as error:
                return _forbidden(request, table, str(error))
            else:
                _report_saved(request, result)
                return redirect("table_edit", pk=table.pk)
            row_forms = ordered
        else:
            status = 400
            row_forms = []
        display_forms = sorted(rows.forms, key=_order_key)
    else:
        document = goal_table_to_document(table)
        header_initial, points, lines, line_of_row = _initial(document, _indicator_ids(table))
        header = HeaderForm(initial={**header_initial, "version": version_of(table)}, prefix="t", kind=table.kind)
        plan = MilestoneFormSet(initial=points, prefix="m")
        rows = RowFormSet(initial=lines, prefix="r", layout=table.layout)
        layout = table.layout
        display_forms = rows.forms
        row_forms = [rows.forms[i] for i in line_of_row]

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
    problems_by_form = {id(row_forms[i]): found for i, found in row_issues.items() if i < len(row_forms)}
    has_duties = layout == "duty" or any(_value(f, "duty_name") or _value(f, "task_name") for f in display_forms)
    columns = _columns(layout, has_duties)
    context = {
        "table": table,
        "header": header,
        "plan": plan,
        "points": [(form, point_issues.get(i, [])) for i, form in enumerate(plan.forms)],
        "plan_issues": plan_issues,
        "rows": rows,
        "row_views": _row_views(display_forms, layout=layout, columns=columns, mapping=mapping, problems_by_form=problems_by_form),
        "template_row": _row_views([rows.empty_form], layout=layout, columns=columns, mapping=mapping, problems_by_form={})[0],
        "columns": [(c, LAYOUT_COLUMN_LABELS.get(layout, {}).get(c, COLUMN_LABELS[c])) for c in columns],
        "layout": layout,
        "mapping": mapping,
        "library": library,
        "mapping_items": list(mapping.items()),
        "level1_options": list(mapping),
        "comparators": ("",) + COMPARATORS,
        "directions": ("", "正向", "反向"),
        "units": COMMON_UNITS,
        "bases": BASIS_CHOICES,
        "hi": header_issues,
        "problem_count": len(problems),
        "error_count": sum(1 for p in problems if p.severity == "error"),
        "conflict": conflict,
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
    parts = [f"{label} {n} 条" for label, n in (("新增", result.created), ("修改", result.updated), ("删除", result.deleted)) if n]
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
    from .editor_history import table_history_events

    table = get_table_for_user(request.user, pk)
    events = table_history_events(table)
    return render(
        request,
        "projects/editor_history.html",
        {"table": table, "events": events, "can_edit": can_edit(request.user, table) and is_editable_status(table)},
    )


def edit_url(table) -> str:
    return reverse("table_edit", args=[table.pk])
