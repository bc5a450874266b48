"""Cutting a stream of lines and rows into tables, and finding their heading rows.

Positions are never hard-coded: an indicator block is found by its heading row (一级指标,
二级指标, 三级指标 or 指标内容, 指标值 …), extended over the heading rows above and below it
(the two-row heading of the list layout, the four-row heading of the duty layout), and each
column gets its role from the words stacked above it.  A form (the 项目编码/项目名称 block
above the indicators) is found by its labels; a second 项目名称 starts the next table.  A
heading block met again after a page break, or in the next Word table with no new title in
between, continues the same table.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .context import is_context, is_footer, is_note, is_title
from .headers import INDICATOR_ROLES, START_FIELDS, column_role, form_label, heading_unit, key
from .rawgrid import Line, RawCell, Row, Stream

KIND_FORM = "form"
KIND_LIST = "list"
KIND_DUTY = "duty"
KIND_FLAT = "flat"


@dataclass
class Heading:
    rows: list[Row]
    columns: dict[str, int]  # role -> the first column of its heading
    extra: dict[str, list[int]]  # role -> further columns under the same heading
    units: dict[str, str]  # role -> unit stated in its heading ("年预算安排资金（万元）")
    kind: str
    signatures: set[tuple[str, ...]]

    def col(self, role: str) -> int | None:
        return self.columns.get(role)


@dataclass
class Block:
    heading: Heading
    rows: list[Row] = field(default_factory=list)
    continued: bool = False  # a heading met again: the first rows may finish a row split by a page break


@dataclass
class Segment:
    kind: str
    first_row: Row
    before: list[str] = field(default_factory=list)
    form_rows: list[Row] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)


def _roles(row: Row) -> set[str]:
    return {role for _col, cell in row.filled() if (role := column_role(cell.text))}


def is_main_heading(row: Row) -> bool:
    found = _roles(row) & INDICATOR_ROLES
    if len(found) < 3 or not ({"name", "value"} & found):
        return False
    return bool(found & {"level1", "level2", "duty_seq", "duty_name", "task_goal"}) or {"name", "value"} <= found


def is_heading_row(row: Row) -> bool:
    filled = row.filled()
    return bool(filled) and all(column_role(cell.text) for _col, cell in filled)


def signature(row: Row) -> tuple[str, ...]:
    return tuple(key(cell.text) for _col, cell in row.filled())


def build_heading(rows: list[Row]) -> Heading:
    ncols = max(len(r.cells) for r in rows)
    columns: dict[str, int] = {}
    extra: dict[str, list[int]] = {}
    units: dict[str, str] = {}
    for col in range(ncols):
        path: list[tuple[str | None, RawCell, Row]] = []
        for row in rows:
            if col >= len(row.cells):
                continue
            cell = row.cells[col]
            if cell.text.strip() and (not path or path[-1][1] is not cell):
                path.append((column_role(cell.text), cell, row))
        leaf = next(((role, cell, row) for role, cell, row in reversed(path) if role and not role.startswith("group")), None)
        if leaf is None:
            continue
        role, cell, row = leaf
        if role == "source":
            role = "ref_history_source" if any(r == "group_history" for r, _c, _r in path) else "ref_standard_source"
        starts_here = col == 0 or row.cells[col - 1] is not cell
        if starts_here and role not in columns:
            columns[role] = col
            unit = heading_unit(cell.text)
            if unit:
                units[role] = unit
        elif role in columns:
            extra.setdefault(role, []).append(col)
    # 部门职责 over two columns: the duty, then the 职责 line (task) under it
    if "duty_name" in extra and "task_name" not in columns:
        columns["task_name"] = extra["duty_name"].pop(0)
    roles = set(columns)
    if "value_text" in roles and roles & {"year", "project_code"}:
        kind = KIND_FLAT
    elif roles & {"duty_seq", "duty_name", "task_goal"}:
        kind = KIND_DUTY
    elif "project_name" in roles and roles & {"level1", "level2", "name"}:
        kind = KIND_LIST
    else:
        kind = KIND_FORM
    return Heading(rows, columns, extra, units, kind, {signature(r) for r in rows})


def heading_at(rows: list[Row], index: int) -> tuple[Heading, int, int] | None:
    """The heading block whose main row is rows[index]: (heading, first index, index after it)."""
    if not is_main_heading(rows[index]):
        return None
    start = index
    while start > 0 and rows[start - 1].same_table(rows[start]) and is_heading_row(rows[start - 1]):
        start -= 1
    end = index + 1
    while end < len(rows) and rows[end - 1].same_table(rows[end]) and is_heading_row(rows[end]):
        end += 1
    return build_heading(rows[start:end]), start, end


def _start_label(row: Row) -> str | None:
    for _col, cell in row.filled():
        found = form_label(cell.text)
        if found and found[0] in START_FIELDS:
            return found[0]
    return None


def _labels(row: Row) -> set[str]:
    return {found[0] for _col, cell in row.filled() if (found := form_label(cell.text))}


def _footer_row(row: Row) -> bool:
    filled = row.filled()
    return bool(filled) and is_footer(filled[0][1].text)


def _line_row(row: Row) -> str | None:
    """A worksheet row that is really a line of text above or below a table."""
    text = row.line_text()
    if text is None:
        filled = row.filled()
        if filled and all(is_note(cell.text) for _col, cell in filled):  # 填表人 … 联系电话 … spread over cells
            return "\t".join(cell.text for _col, cell in filled)
        return None
    if is_title(text) or is_note(text) or is_context(text):
        return text
    if len(row.cells) > 1 and all(cell is row.cells[0] for cell in row.cells) and form_label(text) is None:
        return text  # one cell across the whole width: a line printed in the sheet
    return None


def cut(stream: Stream) -> tuple[list[Segment], list[str]]:
    """The tables of a stream, and the lines before its first table (a cover, a title)."""
    segments: list[Segment] = []
    cover: list[str] = []
    pending: list[str] = []
    current: Segment | None = None
    items = stream.items
    rows_only: list[Row] = []
    row_index: dict[int, int] = {}
    for item in items:
        if isinstance(item, Row):
            row_index[id(item)] = len(rows_only)
            rows_only.append(item)

    def start(kind: str, row: Row) -> Segment:
        nonlocal current, pending
        footers = [t for t in pending if is_footer(t)]
        others = [t for t in pending if not is_footer(t)]
        if current is not None:
            current.after.extend(footers)
        elif not segments:
            cover.extend(others)
        current = Segment(kind=kind, first_row=row, before=others)
        segments.append(current)
        pending = []
        return current

    headings: dict[int, tuple[Heading, int]] = {}  # first row of a heading block -> (heading, end)
    position = 0
    while position < len(rows_only):
        found = heading_at(rows_only, position)
        if found is not None:
            heading, first, end = found
            headings[first] = (heading, end)
            position = end
        else:
            position += 1

    skip_until = -1
    for item in items:
        if isinstance(item, Line):
            if item.text.strip():
                pending.append(item.text)
            continue
        row = item
        position = row_index[id(row)]
        if position < skip_until or row.is_empty():
            continue
        found = headings.get(position)
        if found is not None:
            heading, end = found
            skip_until = end
            new_title = any(is_title(t) for t in pending)
            if current is not None and current.kind == heading.kind == KIND_FORM and not current.blocks:
                current.blocks.append(Block(heading))
            elif current is not None and current.kind == heading.kind and current.blocks and not new_title:
                current.after.extend(pending)
                pending = []
                current.blocks.append(Block(heading, continued=True))
            else:
                start(heading.kind, row).blocks.append(Block(heading))
            continue
        if current is not None and current.blocks:
            if any(signature(row) in b.heading.signatures for b in current.blocks):
                continue  # a heading row repeated after a page break
        line = _line_row(row)
        label = _start_label(row)
        if label and (current is None or current.kind != KIND_FORM or current.blocks or label in current.labels):
            segment = start(KIND_FORM, row)
            segment.form_rows.append(row)
            segment.labels |= _labels(row)
            continue
        if current is None:
            if line is not None:
                pending.append(line)
            elif _labels(row):
                segment = start(KIND_FORM, row)
                segment.form_rows.append(row)
                segment.labels |= _labels(row)
            continue
        if line is not None or _footer_row(row):
            pending.append(line if line is not None else "\t".join(c.text for _col, c in row.filled()))
            continue
        if current.blocks:
            current.blocks[-1].rows.append(row)
        else:
            current.form_rows.append(row)
            current.labels |= _labels(row)
    if current is not None:
        current.after.extend(pending)
    elif not segments:
        cover.extend(pending)
    return segments, cover
