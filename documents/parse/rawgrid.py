"""What a reader hands the layout parsers: lines of text and table rows, in document order.

A row lists one position per grid column.  A merged cell is *one* RawCell object at every
position it covers (horizontally and vertically), so `is` tells a merged cell from two cells
that happen to hold the same text, and `Row.first` says whether the cell starts in this row
or continues from the row above (Word's vMerge, an Excel merge range).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False, slots=True)
class RawCell:
    text: str = ""


@dataclass(slots=True)
class Row:
    cells: list[RawCell]
    first: list[bool]
    table: int = 0  # Word: the table's number in the document (1-based)
    sheet: str = ""  # Excel: the worksheet's name
    number: int = 0  # the row's number in its table or worksheet (1-based)
    col0: int = 1  # Excel: the column number of position 0
    _distinct: list | None = field(default=None, repr=False, compare=False)
    _filled: list | None = field(default=None, repr=False, compare=False)

    def text(self, col: int | None) -> str:
        if col is None or col >= len(self.cells):
            return ""
        return self.cells[col].text

    def starts(self, col: int | None) -> bool:
        """True when the cell at `col` starts in this row (not continued from the row above)."""
        if col is None or col >= len(self.cells):
            return False
        return self.first[col]

    def distinct(self) -> list[tuple[int, RawCell]]:
        """Each cell of the row once, at the first column it covers (rows are read, never changed)."""
        if self._distinct is None:
            out: list[tuple[int, RawCell]] = []
            previous = None
            for col, cell in enumerate(self.cells):
                if cell is not previous:
                    out.append((col, cell))
                previous = cell
            self._distinct = out
        return self._distinct

    def filled(self) -> list[tuple[int, RawCell]]:
        if self._filled is None:
            self._filled = [(col, cell) for col, cell in self.distinct() if cell.text.strip()]
        return self._filled

    def line_text(self) -> str | None:
        """The text of a row that holds one filled cell only: a title or note line in a worksheet."""
        filled = self.filled()
        if len(filled) == 1:
            return filled[0][1].text
        return None

    def is_empty(self) -> bool:
        return not any(cell.text.strip() for cell in self.cells)

    def same_table(self, other: Row) -> bool:
        return self.table == other.table and self.sheet == other.sheet and other.number == self.number + 1


@dataclass(slots=True)
class Line:
    text: str


Item = Line | Row


@dataclass
class Stream:
    """One run of items that tables can continue across: a Word body, or one worksheet."""

    items: list[Item] = field(default_factory=list)
    sheet: str = ""


def column_letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def place(row: Row, col: int | None = None) -> str:
    """Where a cell is, as a user finds it: "第2个表格 第5行 第3列" or "工作表“项目1” 第7行 E列"."""
    if row.sheet:
        text = f"工作表“{row.sheet}” 第{row.number}行"
        if col is not None:
            text += f" {column_letter(row.col0 + col)}列"
        return text
    text = f"第{row.table}个表格 第{row.number}行"
    if col is not None:
        text += f" 第{col + 1}列"
    return text

