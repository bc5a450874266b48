"""The printed shape of a goal table: rows of cells with their merges, one builder per layout.

DOCX, XLSX and the HTML page all draw from the same Grid, so screen and paper cannot
disagree.  A Grid row lists only the cells that *start* in it (the HTML model, with
colspan/rowspan); `Grid.slots()` resolves every row to the positions it covers, which
is what Word (vMerge continuation cells) and Excel (merge ranges) need.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from .amounts import filed_text, money
from .goaltable import MILESTONE_PERCENT, GoalTable, IndicatorRow
from .values import comparator_word as grammar_word
from .values import half_width, printed_value_text

ROLE_LABEL = "label"  # a row label in the header block (项目编码, 预算数 …)
ROLE_HEADING = "heading"  # a column heading (一级指标, 二级指标 …)
ROLE_VALUE = "value"  # filed text
ROLE_NUMBER = "number"  # money or a plain number; XLSX writes it as a number
ROLES = (ROLE_LABEL, ROLE_HEADING, ROLE_VALUE, ROLE_NUMBER)

LINE_TITLE = "title"
LINE_TEXT = "text"

UNIT_WANYUAN = "单位：万元"
STAMP = "填报单位：（盖章）"
DEFAULT_MILESTONES = ("3月底", "6月底", "10月底", "12月底")


class Cell(NamedTuple):
    """One printed cell (a tuple: tens of thousands are made for a big department document)."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    role: str = ROLE_VALUE
    number: Decimal | None = None  # the number behind a number cell
    number_format: str = ""  # Excel number format matching `text`, e.g. "0.00"

    @property
    def align(self) -> str:
        return cell_align(self)

    @property
    def is_header(self) -> bool:
        """Printed as a header cell (th): row labels and column headings."""
        return self.role in (ROLE_LABEL, ROLE_HEADING)


@dataclass(frozen=True, slots=True)
class Line:
    """A line printed outside the table (unit line, 单位：万元, signatures).

    With several parts they are spread across the width, as on the forms."""

    parts: tuple[str, ...]
    align: str = "left"  # left / center / right / spread
    style: str = LINE_TEXT


class Slot(NamedTuple):
    """One position a cell covers in one row: `first` in the row where the cell starts."""

    col: int
    cell: Cell
    first: bool


@dataclass
class Grid:
    layout: str
    widths: tuple[float, ...]  # relative column widths
    rows: list[list[Cell]]
    header_rows: int  # leading rows repeated on every printed page
    heading: str = ""  # the numbered heading a table of contents lists ("1.xxx绩效目标表")
    title: str = ""  # the form's own title, printed centred above the table
    above: list[Line] = field(default_factory=list)
    below: list[Line] = field(default_factory=list)
    landscape: bool = False
    name: str = ""  # short name, for a sheet tab
    compact: bool = False  # many columns: printed in 小五 (9 pt) rather than 五号

    @property
    def ncols(self) -> int:
        return len(self.widths)

    @property
    def col_percents(self) -> list[str]:
        total = sum(self.widths)
        return [f"{100 * w / total:.2f}" for w in self.widths]

    @property
    def head(self) -> list[list[Cell]]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows[self.header_rows :]

    def slots(self) -> list[list[Slot]]:
        """Every row resolved to the positions its own and the vertically merged cells cover."""
        ncols = self.ncols
        make = tuple.__new__  # Slot(...) without the Python-level constructor: grids can be large
        carried: dict[int, list] = {}  # col -> [cell, rows still to cover]
        resolved: list[list[Slot]] = []
        for index, row in enumerate(self.rows):
            out: list[Slot] = []
            col = 0
            if not carried:
                for cell in row:
                    out.append(make(Slot, (col, cell, True)))
                    if cell.rowspan > 1:
                        carried[col] = [cell, cell.rowspan - 1]
                    col += cell.colspan
            else:
                starting = iter(row)
                while col < ncols:
                    held = carried.get(col)
                    if held is not None:
                        cell = held[0]
                        out.append(make(Slot, (col, cell, False)))
                        if held[1] == 1:
                            del carried[col]
                        else:
                            held[1] -= 1
                        col += cell.colspan
                        continue
                    cell = next(starting, None)
                    if cell is None:
                        raise ValueError(f"第{index + 1}行只有{col}列，应为{ncols}列")
                    out.append(make(Slot, (col, cell, True)))
                    if cell.rowspan > 1:
                        carried[col] = [cell, cell.rowspan - 1]
                    col += cell.colspan
                if next(starting, None) is not None:
                    col += 1
            if col != ncols:
                raise ValueError(f"第{index + 1}行的单元格数与{ncols}列不符")
            resolved.append(out)
        if carried:
            raise ValueError("合并单元格超出表格末行")
        return resolved


ALIGN_CENTER = "center"
ALIGN_LEFT = "left"
_SHORT = 16  # longer filed texts read better left-aligned, as on the printed forms


def cell_align(cell: Cell) -> str:
    """Where a cell's text sits: headings, labels, numbers and short values centred."""
    if cell.role != ROLE_VALUE or (len(cell.text) <= _SHORT and "\n" not in cell.text):
        return ALIGN_CENTER
    return ALIGN_LEFT


# ---------------------------------------------------------------------------
# Formatting of filed values


def scale_format(value: Decimal) -> str:
    """The Excel number format that shows `value` with the decimals it was filed with."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0." + "0" * places if places else "0"


def number_cell(value: Decimal | None, *, two_places: bool = False, suffix: str = "", **kw: Any) -> Cell:
    if value is None:
        return Cell("", role=ROLE_NUMBER, **kw)
    shown = money(value) if two_places else value  # two decimals, or every decimal filed finer
    text, fmt = filed_text(shown), scale_format(shown)
    if suffix:
        fmt = f'{fmt}"{suffix}"'
    return Cell(text + suffix, role=ROLE_NUMBER, number=value, number_format=fmt, **kw)


def money_cell(value: Decimal | None, **kw: Any) -> Cell:
    return number_cell(value, two_places=True, **kw)


_NOTE_FIGURE = re.compile(r"^\D{0,4}?([-+]?\d+(?:\.\d+)?)\s*(万元|万|元)?")


def note_matches(note: str, amount: Decimal | None) -> bool:
    """The 预算数 as filed still says the amount (not changed in the editor since)."""
    found = _NOTE_FIGURE.match(note.replace(",", "").replace("，", ""))
    if not found or amount is None:
        return False
    figure = Decimal(found.group(1))
    return (figure / 10000 if found.group(2) == "元" else figure) == amount


def budget_cell(table: GoalTable, *, two_places: bool = True, **kw: Any) -> Cell:
    """预算数 as filed when it said more than the figure ("854万(其中…)"), else the amount."""
    if table.budget_note and note_matches(table.budget_note, table.budget_total):
        return Cell(table.budget_note, **kw)
    return number_cell(table.budget_total, two_places=two_places, **kw)


_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def filed_number_cell(text: str, **kw: Any) -> Cell:
    """A cell filed as text that is a plain number (绩效目标值 "95.00") becomes a number cell."""
    stripped = text.strip()
    if stripped and _PLAIN_NUMBER.fullmatch(stripped):
        return number_cell(Decimal(stripped), **kw)
    return Cell(text, **kw)


# Signs the value grammar does not read (≠) still print as a word.
_FALLBACK_WORDS = {
    "≥": "大于等于",
    ">=": "大于等于",
    "≤": "小于等于",
    "<=": "小于等于",
    "=": "等于",
    "＝": "等于",
    ">": "大于",
    "<": "小于",
    "≠": "不等于",
}


def comparator_word(comparator: str) -> str:
    """方向 as the list layout prints it (≥ → 大于等于); an unknown sign is printed as filed."""
    if not comparator:
        return ""
    try:
        word = grammar_word(comparator)
    except ValueError:  # not a comparator the value grammar knows
        word = ""
    return word or _FALLBACK_WORDS.get(comparator.strip(), comparator)


def direction_word(direction: str) -> str:
    if not direction or direction.endswith("指标"):
        return direction
    return direction + "指标"


def unit_line(table: GoalTable) -> str:
    """"130001 青岛市…本级"; a unit with no code is named as such, so it reads back as the unit."""
    if not table.unit_code and table.unit_name:
        return f"单位名称：{table.unit_name}"
    return " ".join(p for p in (table.unit_code, table.unit_name) if p)


def stamp_line(table: GoalTable) -> str:
    """填报单位：（盖章） with the unit filled in when it is known, so a file we export names its unit."""
    if not table.unit_name and not table.unit_code:
        return STAMP
    unit = f"[{table.unit_code}]{table.unit_name}" if table.unit_code else table.unit_name
    return f"填报单位：{unit}（盖章）"


def year_lines(table: GoalTable, number: int | None) -> list[Line]:
    """The year above a table of a selection: the seed prints it only on the department document's cover
    (`number` is set there), and a file we export must say which year it is to be read back."""
    return [Line((f"（{table.year}年度）",), align="center")] if table.year and number is None else []


def filled_lines(table: GoalTable) -> list[Line]:
    date = ""
    if table.filled_on:
        d = table.filled_on
        date = f"{d.year}.{d.month}.{d.day}"
    return [
        Line((f"填表人：{table.filled_by}", f"联系电话：{table.phone}", f"填报日期：{date}"), align="spread"),
        Line(("单位负责人签字：",)),
    ]


def table_title(table: GoalTable) -> str:
    return table.title or f"{table.name}绩效目标表"


def numbered(number: int | None, text: str) -> str:
    return f"{number}.{text}" if number is not None else text


# ---------------------------------------------------------------------------
# Indicator blocks shared by several layouts


def _runs(values: Sequence[str]) -> list[int]:
    """For each position, how many rows the value starting there covers (0 inside a run).

    Empty values are never merged: a blank cell stays a cell of its own."""
    spans = [0] * len(values)
    i = 0
    while i < len(values):
        j = i + 1
        if values[i]:
            while j < len(values) and values[j] == values[i]:
                j += 1
        spans[i] = j - i
        i = j
    return spans


def _tree_spans(rows: Sequence[IndicatorRow]) -> tuple[list[int], list[int]]:
    """Row spans of 一级 and of 二级 (二级 runs never cross a 一级 boundary)."""
    l1 = _runs([r.level1 for r in rows])
    keys: list[object] = []
    block = 0
    for index, row in enumerate(rows):
        if l1[index]:
            block += 1  # a 二级 run restarts where a 一级 run starts
        keys.append((block, row.level2) if row.level2 else "")
    return l1, _runs(keys)


def _indicator_rows(
    rows: Sequence[IndicatorRow], tail: Callable[[IndicatorRow], list[Cell]], *, lead: list[Cell] | None = None
) -> list[list[Cell]]:
    """一级/二级 merged down, then the layout's own columns from `tail(row)`."""
    l1, l2 = _tree_spans(rows)
    out = []
    for index, row in enumerate(rows):
        cells: list[Cell] = []
        if index == 0 and lead:
            cells.extend(lead)
        if l1[index]:
            cells.append(Cell(row.level1, rowspan=l1[index]))
        if l2[index]:
            cells.append(Cell(row.level2, rowspan=l2[index]))
        cells.extend(tail(row))
        out.append(cells)
    return out


def indicator_text(row: IndicatorRow) -> str:
    """指标值 as filed; composed from comparator/value/unit only when nothing was filed."""
    if row.value_text:
        return row.value_text
    if row.value is None:
        return ""
    return f"{row.comparator}{filed_text(row.value)}{row.unit}"


def printed_value(row: IndicatorRow, *, layout: str = "standard") -> str:
    """指标值 as the printed table shows it: a target that reads in its canonical form ("≧90％" as
    "≥90%"), a qualitative value as typed.  The list layout prints 方向, 值 and 单位 in three
    columns, so its 值 cell prints as filed ("95.00"), in half-width digits.  The typed text stays
    in value_text (and its history)."""
    if layout == "list":
        return half_width(row.value_text) if row.value_text else filed_text(row.value)
    if row.value is None:
        return indicator_text(row)
    return printed_value_text(comparator=row.comparator, number=row.value, unit=row.unit, value_text=row.value_text)


# ---------------------------------------------------------------------------
# Columns of any layout: a row's 指标期限 (a 中期/长期 row filed among the year's) and the scoring
# filed with the goal (财预〔2020〕10号).  Every layout prints them right of its own columns when some
# row fills them, and reads them back by their headings.

EXTRA_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("指标期限", "term", 1.2),
    ("分值", "weight", 1.0),
    ("评（扣）分标准", "scoring_standard", 3.0),
    ("计算公式", "formula", 2.4),
    ("数据来源", "data_source", 2.0),
)


def extra_columns(rows: Iterable[IndicatorRow]) -> list[tuple[str, str, float]]:
    rows = list(rows)
    return [c for c in EXTRA_COLUMNS if any(getattr(r, c[1]) not in (None, "") for r in rows)]


def _extra_cell(name: str, row: IndicatorRow) -> Cell:
    if name == "weight":
        return number_cell(row.weight)
    if name == "term":
        return Cell(row.term or "年度")
    return Cell(getattr(row, name))


def extra_cells(columns: Sequence[tuple[str, str, float]], row: IndicatorRow) -> list[Cell]:
    return [_extra_cell(name, row) for _, name, _ in columns]


def extra_headings(columns: Sequence[tuple[str, str, float]], **kw: int) -> list[Cell]:
    return [Cell(heading, role=ROLE_HEADING, **kw) for heading, _, _ in columns]


def extra_widths(columns: Sequence[tuple[str, str, float]]) -> tuple[float, ...]:
    return tuple(width for _, _, width in columns)


def widened(rows: list[list[Cell]], extra: int) -> list[list[Cell]]:
    """Rows whose last cell reaches the right edge (the form's label | value lines), `extra` columns wider."""
    if not extra:
        return rows
    return [row[:-1] + [row[-1]._replace(colspan=row[-1].colspan + extra)] if row else row for row in rows]


# ---------------------------------------------------------------------------
# Layouts


def _spread(total: int, parts: int) -> list[int]:
    """Split `total` columns into `parts` spans, widening the outer ones first (2,1,1,2)."""
    base, extra = divmod(total, parts)
    spans = [base] * parts
    order = [i for pair in zip(range(parts), range(parts - 1, -1, -1)) for i in pair]
    seen: list[int] = []
    for i in order:
        if i not in seen:
            seen.append(i)
    for i in seen[:extra]:
        spans[i] += 1
    return spans


def build_standard(table: GoalTable, *, number: int | None = None) -> Grid:
    """Seeds 000/001: 项目编码 … 资金支出计划 … 绩效目标, then six indicator columns."""
    L, H = ROLE_LABEL, ROLE_HEADING
    percent = table.milestone_unit == MILESTONE_PERCENT
    milestones = table.milestones or []
    labels = [m.label for m in milestones] or list(DEFAULT_MILESTONES)
    spans = _spread(6, len(labels)) if len(labels) <= 6 else None
    if spans is None:
        raise ValueError("资金支出计划最多6个时间点")

    def milestone_cell(i: int) -> Cell:
        value = milestones[i].value if i < len(milestones) else None
        if percent:
            return number_cell(value, suffix="%", colspan=spans[i])
        return number_cell(value, two_places=True, colspan=spans[i])

    rows = [
        [Cell("项目编码", role=L), Cell(table.code, colspan=2), Cell("项目名称", role=L), Cell(table.name, colspan=3)],
    ]
    if table.department_label:  # 主管部门, filed on the forms of other regions
        rows.append([Cell("主管部门", role=L), Cell(table.department_label, colspan=6)])
    rows += [
        [
            Cell("预算规模及资金用途", rowspan=2, role=L),
            Cell("预算数", role=L),
            budget_cell(table),
            Cell("其中：财政资金", role=L),
            number_cell(table.fiscal_funds, two_places=True),
            Cell("其他资金", role=L),
            number_cell(table.other_funds, two_places=True),
        ],
        [Cell(table.purpose, colspan=6)],
        [Cell("资金支出计划" + ("（%）" if percent else ""), rowspan=2, role=L)]
        + [Cell(label, colspan=spans[i], role=L) for i, label in enumerate(labels)],
        [milestone_cell(i) for i in range(len(labels))],
    ]
    # filed on other regions' forms; printed only when the table has them, so the seeds print as filed
    if table.superior_funds is not None:
        rows.append([Cell("上级资金", role=L), number_cell(table.superior_funds, two_places=True, colspan=6)])
    if table.period_goal:
        rows.append([Cell("实施期绩效目标", role=L), Cell(table.period_goal, colspan=6)])
    rows.append([Cell("绩效目标", role=L), Cell(table.annual_goal, colspan=6)])
    extra = extra_columns(table.indicators)
    rows = widened(rows, len(extra))
    rows.append(
        [
            Cell("一级指标", role=H),
            Cell("二级指标", role=H),
            Cell("三级指标", role=H),
            Cell("绩效指标描述", role=H),
            Cell("指标值", role=H),
            Cell("指标值确定依据", colspan=2, role=H),
        ]
        + extra_headings(extra)
    )
    header_rows = len(rows)
    rows += _indicator_rows(
        table.indicators,
        lambda r: [Cell(r.name), Cell(r.description), Cell(printed_value(r)), Cell(r.basis, colspan=2)]
        + extra_cells(extra, r),
    )
    seq = number if number is not None else table.seq
    return Grid(
        layout="standard",
        widths=(2.1, 2.2, 2.8, 3.2, 2.3, 1.9, 1.5) + extra_widths(extra),
        rows=rows,
        header_rows=header_rows,
        heading=numbered(seq, table_title(table)),
        above=[*year_lines(table, number), Line((unit_line(table),)), Line((UNIT_WANYUAN,), align="right")],
        name=table.name,
        landscape=len(extra) > 1,
        compact=len(extra) > 1,
    )


def build_hunan(table: GoalTable, *, number: int | None = None) -> Grid:
    """Seed 002 project tables: 项目支出名称 … 本年度绩效指标 with 指标值及单位 and 绩效标准."""
    L, H = ROLE_LABEL, ROLE_HEADING
    indicators = table.indicators
    extra = extra_columns(indicators)
    rows = [
        [Cell("项目支出名称", role=L), Cell(table.name, colspan=2), Cell("预算部门", role=L),
         Cell(table.department_label, colspan=2)],
        [Cell("年度本级预算金额", role=L), budget_cell(table, two_places=False, colspan=2),
         Cell("该项目支出上级资金", role=L), number_cell(table.superior_funds, colspan=2)],
        [Cell("项目支出实施期", role=L), Cell(table.period, colspan=5)],
        [Cell("实施期绩效目标", role=L), Cell(table.period_goal, colspan=5)],
        [Cell("本年度绩效目标", role=L), Cell(table.annual_goal, colspan=5)],
    ]
    rows = widened(rows, len(extra))
    rows.append(
        [
            Cell("本年度绩效指标", rowspan=1 + len(indicators), role=L),
            Cell("一级指标", role=H),
            Cell("二级指标", role=H),
            Cell("三级指标", role=H),
            Cell("指标值及单位", role=H),
            Cell("绩效标准", role=H),
        ]
        + extra_headings(extra)
    )
    rows += _indicator_rows(
        indicators, lambda r: [Cell(r.name), Cell(printed_value(r)), Cell(r.standard)] + extra_cells(extra, r)
    )
    return Grid(
        layout="hunan",
        widths=(3.0, 2.2, 2.8, 3.8, 2.2, 2.0) + extra_widths(extra),
        rows=rows,
        header_rows=6,
        heading=numbered(number, f"{table.name}绩效目标表") if number is not None else "",
        title=table.title or "项目支出绩效目标表",
        above=[Line((stamp_line(table), UNIT_WANYUAN), align="spread")],
        below=filled_lines(table),
        name=table.name,
        landscape=len(extra) > 1,
        compact=len(extra) > 1,
    )


def _money_line(label: str, value: Decimal | None) -> str:
    return f"{label}：{filed_text(value)}万" if value is not None else f"{label}："


def build_overall(table: GoalTable, *, number: int | None = None) -> Grid:
    """Seed 002 department table: 部门名称, 年度预算申请 by income and spending nature, indicators."""
    L, H = ROLE_LABEL, ROLE_HEADING
    indicators = table.indicators
    extra = extra_columns(indicators)
    rows = [
        [Cell("部门名称", role=L), Cell(table.name or table.department, colspan=4)],
        [Cell("年度预算申请（万元）", rowspan=6, role=L), Cell(_money_line("资金总额", table.budget_total), colspan=4)],
        [Cell("按收入性质分：", colspan=2, role=L), Cell("按支出性质分：", colspan=2, role=L)],
        [Cell("其中：" + _money_line("一般公共预算", table.income_general), colspan=2),
         Cell("其中：" + _money_line("基本支出", table.spending_basic), colspan=2)],
        [Cell(_money_line("政府性基金拨款", table.income_gov_fund), colspan=2),
         Cell(_money_line("项目支出", table.spending_project), colspan=2)],
        [Cell(_money_line("纳入专户管理的非税收入拨款", table.income_special_nontax), colspan=2),
         Cell("", colspan=2)],
        [Cell(_money_line("其他资金", table.income_other), colspan=2), Cell("", colspan=2)],
        [Cell("部门职能职责概述", role=L), Cell(table.functions, colspan=4)],
        [Cell("整体绩效目标", role=L), Cell(table.annual_goal, colspan=4)],
    ]
    rows = widened(rows, len(extra))
    rows.append(
        [
            Cell("部门整体支出年度绩效指标", rowspan=1 + len(indicators), role=L),
            Cell("一级指标", role=H),
            Cell("二级指标", role=H),
            Cell("三级指标", role=H),
            Cell("指标值及单位", role=H),
        ]
        + extra_headings(extra)
    )
    rows += _indicator_rows(indicators, lambda r: [Cell(r.name), Cell(printed_value(r))] + extra_cells(extra, r))
    return Grid(
        layout="overall",
        widths=(3.0, 2.6, 3.2, 4.6, 2.6) + extra_widths(extra),
        rows=rows,
        header_rows=10,
        heading=table.title or f"{table.year or ''}年部门整体支出绩效目标表",
        above=[Line((STAMP,))],
        below=filled_lines(table),
        name=table.name or "部门整体",
        landscape=len(extra) > 1,
        compact=len(extra) > 1,
    )


DUTY_HEAD_STANDARD = "标准值（规划目标、行业标准或其他明确标准）"
DUTY_HEAD_HISTORY = "历史值（统计年鉴/统计公报/内部统计/其他需明确的来源）"


def build_duty(table: GoalTable, *, number: int | None = None) -> Grid:
    """Seed 003: organised by duty, with the reference values (规划值, 当年标准值, 历史值) columns."""
    H = ROLE_HEADING
    extra = extra_columns(table.all_indicators())
    rows: list[list[Cell]] = [
        [
            Cell("职责序号", rowspan=4, role=H),
            Cell("部门职责", colspan=2, rowspan=4, role=H),
            Cell("职责目标", rowspan=4, role=H),
            Cell("绩效指标", rowspan=4, role=H),
            Cell("指标解释", rowspan=4, role=H),
            Cell("年度指标值", rowspan=4, role=H),
            Cell("指标参考值", colspan=6, role=H),
            *extra_headings(extra, rowspan=4),
            Cell("工作活动", rowspan=4, role=H),
        ],
        [Cell(DUTY_HEAD_STANDARD, colspan=3, role=H), Cell(DUTY_HEAD_HISTORY, colspan=3, role=H)],
        [
            Cell("规划值", rowspan=2, role=H),
            Cell("当年标准值", colspan=2, role=H),
            Cell("前三年均值", rowspan=2, role=H),
            Cell("上年值", rowspan=2, role=H),
            Cell("来源", rowspan=2, role=H),
        ],
        [Cell("标准值", role=H), Cell("来源", role=H)],
    ]
    empty = IndicatorRow()
    for duty in table.duties:
        tasks = duty.tasks or [None]
        duty_rows = sum(max(1, len(t.indicators)) if t else 1 for t in tasks)
        for t_index, task in enumerate(tasks):
            indicators = (task.indicators if task else []) or [empty]
            activities = _runs([r.activity for r in indicators])
            for i_index, row in enumerate(indicators):
                cells: list[Cell] = []
                if t_index == 0 and i_index == 0:
                    cells += [Cell(duty.seq, rowspan=duty_rows), Cell(duty.name, rowspan=duty_rows)]
                if i_index == 0:
                    span = len(indicators)
                    cells += [Cell(task.name if task else "", rowspan=span),
                              Cell(task.goal if task else "", rowspan=span)]
                cells += [
                    Cell(row.name),
                    Cell(row.description),
                    Cell(printed_value(row)),
                    Cell(row.ref_plan),
                    Cell(row.ref_standard),
                    Cell(row.ref_standard_source),
                    Cell(row.ref_avg3),
                    Cell(row.ref_last_year),
                    Cell(row.ref_history_source),
                    *extra_cells(extra, row),
                ]
                if activities[i_index]:
                    cells.append(Cell(row.activity, rowspan=activities[i_index]))
                rows.append(cells)
    return Grid(
        layout="duty",
        widths=(0.9, 1.5, 2.0, 3.2, 2.2, 2.6, 1.4, 1.2, 1.3, 2.4, 1.2, 1.2, 1.3) + extra_widths(extra) + (4.0,),
        rows=rows,
        header_rows=4,
        heading=table.title or f"{table.year or ''}年部门预算整体绩效目标表",
        landscape=True,
        name=table.name or "部门整体",
        compact=True,
    )


LIST_HEADINGS = ("一级指标", "二级指标", "三级指标", "指标详细说明", "指标性质", "方向", "绩效目标值", "计量单位")


def build_list(tables: Sequence[GoalTable], *, number: int | None = None) -> Grid:
    """Seed 004: one flat list of many projects, each project's cells merged down its indicators."""
    H = ROLE_HEADING
    tables = list(tables)
    if not tables:
        raise ValueError("清单表至少需要一个项目")
    first = tables[0]
    extra = extra_columns(r for t in tables for r in t.indicators)
    rows: list[list[Cell]] = [
        [Cell("序号", rowspan=2, role=H), Cell("项目名称", rowspan=2, role=H),
         Cell("年预算安排资金（万元）", rowspan=2, role=H), Cell("项目总体绩效目标", rowspan=2, role=H),
         Cell("项目年度绩效目标", colspan=8 + len(extra), role=H)],
        [Cell(text, role=H) for text in LIST_HEADINGS] + extra_headings(extra),
    ]
    for index, table in enumerate(tables, start=1):
        indicators = table.indicators or [IndicatorRow()]
        span = len(indicators)
        lead = [
            number_cell(Decimal(table.seq if table.seq is not None else index), rowspan=span),
            Cell(table.name, rowspan=span),
            budget_cell(table, two_places=False, rowspan=span),
            Cell(table.period_goal or table.annual_goal, rowspan=span),
        ]
        rows += _indicator_rows(
            indicators,
            lambda r: [
                Cell(r.name),
                Cell(r.description),
                Cell(direction_word(r.direction)),
                Cell(comparator_word(r.comparator)),
                filed_number_cell(printed_value(r, layout="list")),
                Cell(r.unit),
                *extra_cells(extra, r),
            ],
            lead=lead,
        )
    above = []
    if first.year:
        above.append(Line((f"（{first.year}年度）",), align="center"))
    unit = f"[{first.unit_code}]{first.unit_name}" if first.unit_code else first.unit_name
    if unit:
        above.append(Line((f"单位名称：{unit}",)))
    return Grid(
        layout="list",
        widths=(0.9, 2.2, 1.5, 3.4, 1.5, 1.9, 2.4, 3.8, 1.9, 1.9, 1.5, 1.4) + extra_widths(extra),
        rows=rows,
        header_rows=2,
        heading=first.title or "项目支出绩效目标表",
        above=above,
        landscape=True,
        name=first.title or "项目清单",
    )


_SINGLE = {"standard": build_standard, "hunan": build_hunan, "overall": build_overall, "duty": build_duty}


def build_grid(table: GoalTable, *, number: int | None = None) -> Grid:
    """The grid of one table in its own layout (a list-layout table becomes a one-project list)."""
    if table.layout == "list":
        return build_list([table])
    from .described import DESCRIPTIONS, build_described

    if table.layout in DESCRIPTIONS:
        return build_described([table])
    try:
        builder = _SINGLE[table.layout]
    except KeyError:
        raise ValueError(f"未知的版式：{table.layout}") from None
    return builder(table, number=number)


def list_group_key(table: GoalTable) -> tuple:
    return (table.year, table.unit_code, table.unit_name, table.title)


def group_key(table: GoalTable) -> tuple:
    """Tables printed in one grid: a unit's list; a budget system export's rows of many units."""
    if table.layout == "list":
        return ("list",) + list_group_key(table)
    return (table.layout, table.year, table.title)


def iter_grids(tables: Iterable[GoalTable], *, numbering: bool = False) -> Iterator[Grid]:
    """Grids for a run of tables, one at a time: consecutive list-layout tables of one unit share
    one list grid.  With `numbering`, project tables are numbered 1, 2, … (the department document)."""
    from .described import GROUPED, build_described

    def flush(group: list[GoalTable]) -> Grid:
        return build_list(group) if group[0].layout == "list" else build_described(group)

    grouped = GROUPED | {"list"}
    pending: list[GoalTable] = []
    number = 0
    for table in tables:
        if table.layout in grouped:
            if pending and group_key(pending[0]) != group_key(table):
                yield flush(pending)
                pending = []
            pending.append(table)
            continue
        if pending:
            yield flush(pending)
            pending = []
        if numbering and table.kind == "project":
            number += 1
            yield build_grid(table, number=number)
        else:
            yield build_grid(table)
    if pending:
        yield flush(pending)


def build_grids(tables: Iterable[GoalTable], *, numbering: bool = False) -> list[Grid]:
    return list(iter_grids(tables, numbering=numbering))
