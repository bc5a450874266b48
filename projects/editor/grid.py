"""The indicator grid as the editor template draws it: one RowView per line.

Rows are drawn from plain values, not from bound form fields: a 300-line table would otherwise
build and render 7,000 widgets for a page load.  The selects' options are built once per
request and reused for every line with the same choice.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from documents.goaltable import IndicatorRow
from documents.grid import printed_value
from documents.labels import ROW_LABELS
from documents.values import COMPARATORS, normalize_unit, parse_value

from .services import read_value_cell

# Which cells a layout shows in the grid; every other field of a line sits under “更多”.  分值 is
# filed with every goal (财预〔2020〕10号) and summed against the scheme's shares, so it is always seen.
COLUMNS = {
    "standard": ("level1", "level2", "name", "description", "value", "basis", "weight"),
    "overall": ("level1", "level2", "name", "description", "value", "basis", "weight"),
    "hunan": ("level1", "level2", "name", "description", "value", "standard", "weight"),
    "list": ("level1", "level2", "name", "description", "direction", "value", "weight"),
    "duty": ("duty", "task", "name", "description", "value", "activity", "weight"),
}
# The grid's column headings: the row fields' labels, and the two duty columns and the value cell.
COLUMN_LABELS = {
    "duty": "部门职责",
    "task": "职责事项 / 职责目标",
    **{name: ROW_LABELS[name] for name in ("level1", "level2", "name", "description", "direction", "basis", "standard", "activity")},
    "value": ROW_LABELS["value_text"],
    "weight": "分值",
}
LAYOUT_COLUMN_LABELS = {
    "duty": {"name": "绩效指标", "description": "指标解释", "value": "年度指标值"},
    "list": {"description": "指标详细说明"},
    "hunan": {"value": "指标值及单位"},
}
# The fields a cell holds.
CELL_FIELDS = {
    "duty": ("duty_seq", "duty_name"),
    "task": ("task_name", "task_goal"),
    "value": ("comparator", "value", "unit", "value_text"),
}
MORE_FIELDS = (
    "level1", "level2", "description", "direction", "basis", "standard", "weight", "scoring_standard", "formula",
    "data_source", "activity", "ref_plan", "ref_standard", "ref_standard_source", "ref_avg3", "ref_last_year",
    "ref_history_source", "term", "actual_value_text", "score", "deviation_reason",
)
AREA_FIELDS = {"duty_name", "task_name", "task_goal", "description", "standard", "activity", "deviation_reason",
               "scoring_standard", "formula"}
SELECT_FIELDS = {"level1", "level2", "direction", "term"}
TERMS = ("", "长期")
DIRECTIONS = ("", "正向", "反向")


def grid_columns(layout: str, has_duties: bool) -> tuple[str, ...]:
    columns = COLUMNS.get(layout, COLUMNS["standard"])
    if has_duties and "duty" not in columns:
        columns = ("duty", "task") + columns
    return columns


def column_headings(layout: str, columns: Iterable[str]) -> list[tuple[str, str]]:
    return [(c, LAYOUT_COLUMN_LABELS.get(layout, {}).get(c, COLUMN_LABELS[c])) for c in columns]


def cell_of(columns: Iterable[str]) -> dict[str, str]:
    """Field name -> the cell that shows it, or "more"."""
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
class Line:
    """What the grid draws a line from: its form prefix, its values as text, its format errors."""

    prefix: str
    values: dict
    errors: dict = field(default_factory=dict)


class Issues(dict):
    """Messages per cell; a cell without any reads as an empty list (cheap in templates)."""

    def __missing__(self, key: str) -> tuple:
        return ()


@dataclass
class RowView:
    prefix: str
    v: dict
    issues: Issues = field(default_factory=Issues)
    errors: list = field(default_factory=list)  # errors of no particular cell
    classes: str = ""
    deleted: bool = False
    selects: dict = field(default_factory=dict)  # field name -> <option> markup
    preview: str = ""
    value_prefix: str = ""
    value_remainder: str = ""
    parts: str = ""
    more: list = field(default_factory=list)  # (name, label, value, kind)
    more_flag: bool = False  # a message concerns a field under “更多”
    more_filled: bool = False


class _Options:
    """<option> markup for the line's selects, built once per distinct selection."""

    def __init__(self, mapping: dict[str, list[str]]) -> None:
        self.mapping = mapping
        self.pairs = {(l1, l2) for l1, children in mapping.items() for l2 in children}
        self._cache = {}

    def _memo(self, key: Hashable, build: Callable[[], str]) -> SafeString:
        if key not in self._cache:
            self._cache[key] = mark_safe(build())
        return self._cache[key]

    @staticmethod
    def _option(value: str, label: str, selected: bool, css: str = "") -> str:
        selected = " selected" if selected else ""
        css = f' class="{css}"' if css else ""
        return f'<option value="{escape(value)}"{selected}{css}>{escape(label) if label else "　"}</option>'

    def level1(self, l1: str) -> SafeString:
        def build() -> str:
            html = [self._option("", "", False)]
            html += [self._option(n, n, n == l1) for n in self.mapping]
            if l1 and l1 not in self.mapping:
                html.append(self._option(l1, f"{l1}（不在指标体系中）", True))
            return "".join(html)

        return self._memo(("l1", l1), build)

    def level2(self, l1: str, l2: str) -> SafeString:
        def build() -> str:
            html = [self._option("", "", False)]
            if l2 and (l1, l2) not in self.pairs:
                html.append(self._option(l2, f"{l2}（不属于所选一级指标）", True, "orphan"))
            for parent, children in self.mapping.items():
                html.append(f'<optgroup label="{escape(parent)}">')
                html += [self._option(n, n, parent == l1 and n == l2) for n in children]
                html.append("</optgroup>")
            return "".join(html)

        return self._memo(("l2", l1, l2), build)

    def simple(self, name: str, choices: Iterable[str], value: str) -> SafeString:
        return self._memo((name, value), lambda: "".join(self._option(c, c, c == value) for c in choices))


def _same(v: dict[str, Any], previous: dict[str, Any], names: Iterable[str]) -> bool:
    """Shown as one merged cell with the line above (the same test as regroup() in editor.js)."""
    return all(v[n] == previous[n] for n in names) and any(v[n] for n in names)


def _preview(layout: str, v: dict[str, Any]) -> str:
    """The 指标值 as printed (the same function the Word, Excel and HTML tables use); the list
    layout prints 方向, 值 and 单位 side by side."""
    try:
        cell = read_value_cell(
            comparator=v["comparator"], value=v["value"], unit=v["unit"], previous_text=v["value_text"], layout=layout
        )
    except ValueError:
        return v["value_text"] or v["value"]
    row = IndicatorRow(comparator=cell.comparator, value=cell.value, unit=cell.unit, value_text=cell.value_text)
    if layout == "list" and cell.value is not None:
        return f"{cell.comparator}{printed_value(row, layout=layout)}{normalize_unit(cell.unit)}"
    return printed_value(row, layout=layout)


def row_views(lines: list[Line], *, layout: str, columns: Iterable[str], mapping: dict[str, list[str]], labels: dict[str, str], problems_by_prefix: dict[str, list]) -> list[RowView]:
    """The template's view of each line, with the checks' problems placed in their cells."""
    cells = cell_of(columns)
    options = _Options(mapping)
    more_names = [name for name in MORE_FIELDS if cells[name] == "more"]
    views, previous = [], None
    for line in lines:
        v = line.values
        view = RowView(prefix=line.prefix, v=v, deleted=bool(v.get("DELETE")))
        for problem in problems_by_prefix.get(line.prefix, ()):
            cell = cells.get(problem.field, "name")
            if cell == "more":  # the “更多” popup is closed; say it where it is seen
                view.more_flag = True
                cell = "name"
            view.issues.setdefault(cell, []).append(problem)
        for name, errors in line.errors.items():
            if cells.get(name) == "more":  # the popup is closed: said beside the line, with the field's name
                view.more_flag = True
                view.errors.extend(f"{labels.get(name, name)}：{e}" for e in errors)
            elif name in cells:
                view.issues.setdefault(cells[name], []).extend(Issue(str(e)) for e in errors)
            else:
                view.errors.extend(str(e) for e in errors)
        view.selects = {
            "level1": options.level1(v["level1"]),
            "level2": options.level2(v["level1"], v["level2"]),
            "comparator": options.simple("comparator", ("",) + COMPARATORS, v["comparator"]),
            "direction": options.simple("direction", DIRECTIONS, v["direction"]),
            "term": options.simple("term", TERMS, v["term"]),
        }
        if v["value_text"]:
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
            (name, labels[name], v[name], "area" if name in AREA_FIELDS else "select" if name in SELECT_FIELDS else "text")
            for name in more_names
        ]
        view.more_filled = any(v[name] for name in more_names)
        views.append(view)
        if not view.deleted:
            previous = v
    return views


# --- drawing ---------------------------------------------------------------------------------
# Lines are drawn here rather than in a template: Django's template engine takes seconds for
# the 7,000 inputs of a 300-line table, string building takes milliseconds.  The markup is
# the contract with static/js/editor.js (tbody.line[data-prefix], td.c-*, [name=prefix-field]).


def _attr(value: object) -> str:
    return escape("" if value is None else value)


def issues_html(items: Iterable[Issue]) -> str:
    if not items:
        return ""
    parts = []
    for p in items:
        code = f' data-code="{_attr(p.code)}"' if p.code else ""
        # The rule's code stays on the element (reviewers and support read it); staff read the message.
        parts.append(f'<li class="sev-{_attr(p.severity)}"{code}>{escape(p.message)}</li>')
    return f'<ul class="issues">{"".join(parts)}</ul>'


def _textarea(p: str, name: str, value: str, label: str, css: str = "", placeholder: str = "") -> str:
    css = f' class="{css}"' if css else ""
    placeholder = f' placeholder="{_attr(placeholder)}"' if placeholder else ""
    # The newline after <textarea> is dropped by the parser, so a value starting with one survives.
    return f'<textarea name="{p}-{name}" rows="1" aria-label="{_attr(label)}"{css}{placeholder}>\n{escape(value)}</textarea>'


def _input(p: str, name: str, value: object, label: str, extra: str = "") -> str:
    return f'<input name="{p}-{name}" value="{_attr(value)}" aria-label="{_attr(label)}"{extra}>'


def _select(p: str, name: str, options: str, label: str, css: str) -> str:
    return f'<select name="{p}-{name}" aria-label="{_attr(label)}" class="{css}">{options}</select>'


_SELECT_CSS = {"level1": "l1", "level2": "l2", "direction": "dir", "term": "term"}


def _cell(view: RowView, key: str, label: str) -> str:
    p, v, issues = view.prefix, view.v, view.issues
    flag = " has-issue" if issues[key] else ""
    if key == "duty":
        body = _input(p, "duty_seq", v["duty_seq"], "职责序号", ' class="seq" placeholder="序号"') + _textarea(
            p, "duty_name", v["duty_name"], "部门职责", placeholder="部门职责"
        )
    elif key == "task":
        body = _textarea(p, "task_name", v["task_name"], "职责事项", placeholder="职责事项") + _textarea(
            p, "task_goal", v["task_goal"], "职责目标", placeholder="职责目标"
        )
    elif key in _SELECT_CSS:
        body = _select(p, key, view.selects[key], label, _SELECT_CSS[key])
    elif key == "name":
        body = _textarea(p, "name", v["name"], label, css="lib")
    elif key == "value":
        body = (
            '<div class="valuebox">'
            + _select(p, "comparator", view.selects["comparator"], "比较符", "cmp")
            + _input(p, "value", v["value"], "数值", ' class="number" autocomplete="off"')
            + _input(p, "unit", v["unit"], "计量单位", ' class="unit" list="units-list" autocomplete="off"')
            + f'</div><div class="printed" title="打印为">{escape(view.preview)}</div>'
        )
        data = (
            f' data-prefix="{_attr(view.value_prefix)}" data-remainder="{_attr(view.value_remainder)}"'
            f' data-parts="{_attr(view.parts)}" data-text="{_attr(v["value_text"])}"'
        )
        return f'<td class="c-value{flag}" id="f-{p}-value"{data}>{body}{issues_html(issues[key])}</td>'
    elif key == "basis":
        body = _input(p, "basis", v["basis"], label, ' list="basis-list" autocomplete="off"')
    elif key == "weight":
        body = _input(p, "weight", v["weight"], "分值（权重）", ' class="weight" inputmode="decimal" autocomplete="off"')
    else:  # description, standard, activity
        body = _textarea(p, key, v[key], label)
    return f'<td class="c-{key}{flag}" id="f-{p}-{key}">{body}{issues_html(issues[key])}</td>'


def _more(view: RowView) -> str:
    p = view.prefix
    fields = []
    for name, label, value, kind in view.more:
        if kind == "area":
            control = f'<textarea name="{p}-{name}" rows="1">\n{escape(value)}</textarea>'
        elif kind == "select":
            control = f'<select name="{p}-{name}" class="{_SELECT_CSS[name]}">{view.selects[name]}</select>'
        else:
            extra = ' list="basis-list"' if name == "basis" else ""
            control = f'<input name="{p}-{name}" value="{_attr(value)}"{extra}>'
        fields.append(f"<label>{escape(label)}{control}</label>")
    dot = '<span class="dot" title="有内容">•</span>' if view.more_filled else ""
    flag = '<span class="flag" title="有需要注意的内容">!</span>' if view.more_flag else ""
    return (
        f'<td class="c-more"><details><summary title="其他栏目">更多{dot}{flag}</summary>'
        f'<div class="more">{"".join(fields)}</div></details></td>'
    )


_TOOLS = (
    '<span class="js-only tools">'
    '<button type="button" data-act="up" title="上移（Alt+↑）" aria-label="上移">↑</button>'
    '<button type="button" data-act="down" title="下移（Alt+↓）" aria-label="下移">↓</button>'
    '<button type="button" data-act="dup" title="复制本行到下方" aria-label="复制">复制</button>'
    '<button type="button" data-act="add" title="在下方插入一行（同一指标分类）" aria-label="插入">插入</button>'
    '<button type="button" data-act="del" title="删除本行" aria-label="删除" class="danger">✕</button></span>'
)


def render_line(view: RowView, columns: Sequence[tuple[str, str]], aside: str = "") -> str:
    """One line; `aside` (markup, e.g. the review comments on the row) goes in a full-width row below it."""
    p, v = view.prefix, view.v
    checked = " checked" if view.deleted else ""
    errors = "".join(f'<li class="sev-error">{escape(e)}</li>' for e in view.errors)
    handle = (
        '<td class="c-handle"><span class="lineno" aria-hidden="true"></span>'
        f'<label class="nojs">序 <input type="number" name="{p}-ORDER" value="{_attr(v["ORDER"])}" class="order" min="1"></label>'
        f'<input type="hidden" name="{p}-id" value="{_attr(v["id"])}">'
        f'<input type="hidden" name="{p}-value_text" value="{_attr(v["value_text"])}"></td>'
    )
    actions = (
        f'<td class="c-actions">{_TOOLS}'
        f'<label class="nojs"><input type="checkbox" name="{p}-DELETE"{checked}> 删除</label>'
        '<span class="deleted-note">已删除 <button type="button" data-act="undo">撤销</button></span>'
        f'{f"<ul class=issues>{errors}</ul>" if errors else ""}</td>'
    )
    cells = "".join(_cell(view, key, label) for key, label in columns)
    deleted = " deleted" if view.deleted else ""
    below = f'<tr class="thread-row"><td colspan="{len(columns) + 3}">{aside}</td></tr>\n' if aside else ""
    return (
        f'<tbody class="line {view.classes}{deleted}" data-prefix="{p}">\n'
        f'<tr class="main">{handle}{cells}{_more(view)}{actions}</tr>\n{below}</tbody>\n'
    )


def render_lines(views: Iterable[RowView], columns: Sequence[tuple[str, str]], asides: dict[str, str] | None = None) -> str:
    """The grid's lines; `columns` are (key, heading) pairs as the header shows them; `asides` maps a
    line's prefix to markup shown below it."""
    asides = asides or {}
    return mark_safe("".join(render_line(view, columns, asides.get(view.prefix, "")) for view in views))
