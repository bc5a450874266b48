"""The printed grid of a table (documents.grid, the same one the exports draw) made ready
for the review page: each body row knows its indicator, each cell whether it changed since an
earlier version (and what it read then), each row how many comments it carries.

Cells are compared as printed, position by position: header rows by their index, indicator rows
by the pairing of documents.diff, so a change shows on exactly the cell that prints differently.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from documents.grid import Slot

from .diff import ADDED, DocumentDiff, row_keys
from .goaltable import GoalTable
from .grid import ROLE_HEADING, ROLE_LABEL, Grid, build_grid, cell_align


@dataclass
class SheetCell:
    text: str
    colspan: int
    rowspan: int
    tag: str  # th for labels and headings, td for filed values
    align: str
    state: str = ""  # "" / changed / added
    old: str | None = None  # the text before, for a changed cell


@dataclass
class SheetRow:
    cells: list[SheetCell]
    index: int | None = None  # the indicator's position in all_indicators(), None for header rows
    key: str = ""
    name: str = ""
    state: str = ""  # "" / added / changed
    threads: int = 0  # open comment threads on this row


@dataclass
class Sheet:
    grid: Grid
    rows: list[SheetRow] = field(default_factory=list)

    @property
    def changed_cells(self) -> int:
        return sum(1 for r in self.rows for c in r.cells if c.state)


def body_positions(document: GoalTable) -> list[int | None]:
    """Which indicator each body row of the grid prints, mirroring the grid builders (None: a blank row)."""
    if document.layout == "duty":
        positions: list[int | None] = []
        index = len(document.indicators)  # flat rows come first in all_indicators(); duty grids omit them
        for duty in document.duties:
            for task in duty.tasks or [None]:
                rows = task.indicators if task else []
                if not rows:
                    positions.append(None)
                for _ in rows:
                    positions.append(index)
                    index += 1
        return positions
    if document.layout == "list" and not document.indicators:
        return [None]
    return list(range(len(document.indicators)))


def _texts_by_col(slots: Iterable[Slot]) -> dict[int, str]:
    return {s.col: s.cell.text for s in slots}


def build_sheet(
    document: GoalTable,
    *,
    previous: GoalTable | None = None,
    diff: DocumentDiff | None = None,
    open_threads: dict[str, int] | None = None,
) -> Sheet:
    """`document` as printed; with `previous` and their `diff`, what differs is marked on the cells."""
    grid = build_grid(document)
    slots = grid.slots()
    positions = body_positions(document)
    if len(positions) != len(grid.body):  # a layout printed differently from what is mirrored here
        positions = [None] * len(grid.body)
    keys = row_keys(document)
    rows_of = list(document.all_indicators())
    open_threads = open_threads or {}

    old_slots: list = []
    old_body_row: dict[int, int] = {}  # old indicator position -> old grid row
    old_header = 0
    if previous is not None and diff is not None:
        old_grid = build_grid(previous)
        old_slots = old_grid.slots()
        old_header = old_grid.header_rows
        old_positions = body_positions(previous)
        if len(old_positions) == len(old_grid.body):
            old_body_row = {p: old_header + b for b, p in enumerate(old_positions) if p is not None}
    added = {r.new_index for r in diff.rows if r.kind == ADDED} if diff else set()
    changed = {r.new_index for r in diff.changed} if diff else set()

    sheet = Sheet(grid=grid)
    for r, _row in enumerate(grid.rows):
        body = r - grid.header_rows
        position = positions[body] if body >= 0 else None
        compare_with: dict[int, str] | None = None
        if old_slots:
            if body < 0 and r < old_header:
                compare_with = _texts_by_col(old_slots[r])
            elif position is not None and position in diff.matched and diff.matched[position] in old_body_row:
                compare_with = _texts_by_col(old_slots[old_body_row[diff.matched[position]]])
        is_added = position is not None and position in added
        cells = []
        for slot in slots[r]:
            if not slot.first:
                continue
            cell = slot.cell
            state, old = "", None
            if is_added and cell.rowspan == 1:
                state = "added"
            elif compare_with is not None and cell.text != compare_with.get(slot.col, ""):
                state, old = "changed", compare_with.get(slot.col, "")
            cells.append(
                SheetCell(
                    text=cell.text,
                    colspan=cell.colspan,
                    rowspan=cell.rowspan,
                    tag="th" if cell.role in (ROLE_LABEL, ROLE_HEADING) else "td",
                    align=cell_align(cell),
                    state=state,
                    old=old,
                )
            )
        sheet_row = SheetRow(cells=cells)
        if position is not None:
            sheet_row.index, sheet_row.key, sheet_row.name = position, keys[position], rows_of[position].name
            sheet_row.state = "added" if is_added else ("changed" if position in changed else "")
            sheet_row.threads = open_threads.get(sheet_row.key, 0)
        sheet.rows.append(sheet_row)
    return sheet
