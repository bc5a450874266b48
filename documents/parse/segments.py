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
from .headers import (
    INDICATOR_ROLES,
    LABEL_COLUMN_WORDS,
    START_FIELDS,
    column_role,
    column_term,
    form_label,
    heading_unit,
    key,
)
from .rawgrid import Line, RawCell, Row, Stream


def is_label_row(row: Row) -> bool:
    """A row of labels only ("年度总体目标", or "专项资金名称 | 主管部门 | 资金总额"): values are below."""
    filled = row.filled()
    return bool(filled) and all(form_label(cell.text) for _col, cell in filled)

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
    dropped: list[str] = field(default_factory=list)  # label columns left of the grid ("绩效指标")
    unknown: dict[int, str] = field(default_factory=dict)  # column -> a heading no alias names ("备注")

    def col(self, role: str) -> int | None:
        return self.columns.get(role)

    @property
    def has_long(self) -> bool:
        """A 中期/长期 block beside the year's (a long-term block alone is read as the table's own)."""
        return any(role.endswith(LONG) for role in self.columns) and self._has_annual()

    def _has_annual(self) -> bool:
        return any(role.removesuffix(YEAR) in ("name", "value") for role in self.columns if not role.endswith(LONG))

    def for_term(self, long: bool) -> Heading:
        """The columns of one block of a side-by-side 中期/长期 + 年度 heading, under plain role names.
        A column that names no term serves the annual block; the long-term block borrows only the
        shared 一级/二级 columns from it."""
        if not long and not self._has_annual():
            long = True  # only a long-term block: it is the table's indicators
        own = LONG if long else YEAR
        columns: dict[str, int] = {}
        extra: dict[str, list[int]] = {}
        units: dict[str, str] = {}
        for role, col in sorted(self.columns.items(), key=lambda item: item[0].endswith(own)):
            if role.endswith(own):
                bare = role.removesuffix(own)
            elif "@" in role or (long and role not in SHARED):
                continue
            else:
                bare = role
            columns[bare] = col
            extra[bare] = self.extra.get(role, [])
            if role in self.units:
                units[bare] = self.units[role]
        return Heading(self.rows, columns, extra, units, self.kind, self.signatures, self.dropped, self.unknown)


LONG = "@long"  # role suffix of a column in the 中期/长期 block
YEAR = "@year"  # role suffix of a column that says it is the year's ("指标值（年度）")
SHARED = ("level1", "level2")


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


GROUP_AS_COLUMN = {key(w): "project_annual_goal" for w in ("年度绩效目标", "项目年度绩效目标")}


def _single_column(cell: RawCell, col: int, row: Row) -> bool:
    return (col == 0 or row.cells[col - 1] is not cell) and (col + 1 >= len(row.cells) or row.cells[col + 1] is not cell)


def _label_column(cell: RawCell, col: int, below: Row | None) -> bool:
    """A heading cell merged on down into the indicator rows only labels them ("绩效指标")."""
    return below is not None and col < len(below.cells) and below.cells[col] is cell


def _split_shared(columns: dict[str, int], extra: dict[str, list[int]]) -> None:
    """"一级指标" once in each of two side-by-side blocks, said by neither: each belongs to the block
    of the nearest other column (a block's 一级 is its left edge, so a tie goes to the right)."""
    shared = [role for role in columns if "@" not in role and extra.get(role)]
    others = {col: (role[role.index("@"):] if "@" in role else "") for role, col in columns.items() if role not in shared}
    if not others:
        return
    for role in shared:
        occurrences = [columns.pop(role), *extra.pop(role)]
        for col in occurrences:
            nearest = min(others, key=lambda c: (abs(c - col), -c))
            columns.setdefault(role + others[nearest], col)


def build_heading(rows: list[Row], below: Row | None = None) -> Heading:
    ncols = max(len(r.cells) for r in rows)
    columns: dict[str, int] = {}
    extra: dict[str, list[int]] = {}
    units: dict[str, str] = {}
    dropped: list[str] = []
    unknown: dict[int, str] = {}
    labels: dict[str, str] = {}  # role -> the heading of its first column when that is a label word ("绩效指标")
    for col in range(ncols):
        path: list[tuple[str | None, RawCell, Row]] = []
        for row in rows:
            if col >= len(row.cells):
                continue
            cell = row.cells[col]
            if cell.text.strip() and (not path or path[-1][1] is not cell):
                path.append((column_role(cell.text), cell, row))
        leaf = next(((role, cell, row) for role, cell, row in reversed(path) if role and not role.startswith("group")), None)
        if leaf is None and len(path) == 1 and _single_column(path[0][1], col, path[0][2]):
            # "年度绩效目标" over one column only is no group: it holds each project's goal
            role = GROUP_AS_COLUMN.get(key(path[0][1].text))
            leaf = (role, path[0][1], path[0][2]) if role else None
        if leaf is None:
            if path:
                unknown[col] = path[-1][1].text.strip()
            continue
        role, cell, row = leaf
        if _label_column(cell, col, below):
            if cell.text.strip() not in dropped:
                dropped.append(cell.text.strip())
            continue
        if role == "source":
            role = "ref_history_source" if any(r == "group_history" for r, _c, _r in path) else "ref_standard_source"
        said = [t for _r, c, _row in path if (t := column_term(c.text)) is not None]
        if said:
            role += LONG if said[-1] else YEAR
        elif any(r == "group_long" for r, _c, _r in path):
            role += LONG
        starts_here = col == 0 or row.cells[col - 1] is not cell
        if starts_here and role in labels and role in columns:
            # "绩效指标" then "三级指标": the first only labelled the grid, the second holds the names
            dropped.append(labels.pop(role))
            del columns[role]
            extra.pop(role, None)
        if starts_here and role not in columns:
            columns[role] = col
            if key(cell.text) in LABEL_COLUMN_WORDS:
                labels[role] = cell.text.strip()
            unit = heading_unit(cell.text)
            if unit:
                units[role] = unit
        elif role in columns:
            extra.setdefault(role, []).append(col)
    if any("@" in role for role in columns):
        _split_shared(columns, extra)
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
    return Heading(rows, columns, extra, units, kind, {signature(r) for r in rows}, [d for d in dropped if d], unknown)


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
    below = rows[end] if end < len(rows) and rows[end - 1].same_table(rows[end]) else None
    return build_heading(rows[start:end], below), start, end


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
        if line is not None and not current.blocks and current.form_rows and current.form_rows[-1].same_table(row) \
                and is_label_row(current.form_rows[-1]):
            line = None  # the text under a label on top ("年度总体目标" over its goal), across the width
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
