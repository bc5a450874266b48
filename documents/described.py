"""The field's forms as data: a layout is a description (form lines and indicator columns), and
one builder prints any description.

Reading needs no description at all: the parsers find every label and heading by the alias
tables in `headers.py`, wherever they stand.  A description says how a layout is *printed*,
so a table imported from such a form exports the way it came in and reads back unchanged.
The next province's form is a new entry in DESCRIPTIONS (and, for words not yet known, a line
in the alias tables of headers.py); see the README, "导入新地区的表".
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .amounts import filed_text
from .goaltable import GoalTable, IndicatorRow
from .grid import (
    ROLE_HEADING,
    ROLE_LABEL,
    UNIT_WANYUAN,
    Cell,
    Grid,
    Line,
    _indicator_rows,
    budget_cell,
    indicator_text,
    money_cell,
    number_cell,
    unit_line,
)


def _text(name: str) -> Callable[[IndicatorRow], str]:
    return lambda row: getattr(row, name) or ""


def _number(name: str) -> Callable[[IndicatorRow], str]:
    return lambda row: filed_text(getattr(row, name))


# What an indicator column prints, by the field it holds.
ROW_TEXT: dict[str, Callable[[IndicatorRow], str]] = {
    "name": _text("name"),
    "description": _text("description"),
    "value": indicator_text,
    "comparator": _text("comparator"),
    "unit": _text("unit"),
    "direction": lambda row: (row.direction + "指标") if row.direction in ("正向", "反向") else row.direction,
    "basis": _text("basis"),
    "standard": _text("standard"),
    "weight": _number("weight"),
    "actual": _text("actual_value_text"),
    "score": _number("score"),
    "deviation": _text("deviation_reason"),
    "scoring_standard": _text("scoring_standard"),
    "formula": _text("formula"),
    "data_source": _text("data_source"),
    "term": _text("term"),
}


@dataclass(frozen=True)
class Column:
    heading: str  # printed as is; any of its aliases in headers.COLUMN_ROLES reads it back
    field: str  # a key of ROW_TEXT (indicator columns) or of PROJECT_TEXT (project columns)
    width: float = 2.0
    optional: bool = False  # printed only when some table fills it


@dataclass(frozen=True)
class FormLine:
    label: str
    field: str  # a GoalTable field; money fields print as amounts
    optional: bool = False


@dataclass(frozen=True)
class Description:
    name: str  # the layout name (goaltable.LAYOUTS)
    title: str  # the form's title when the table has none of its own
    form: tuple[FormLine, ...] = ()  # label | value lines above the indicators
    columns: tuple[Column, ...] = ()  # the indicator columns after 一级/二级
    long_heading: str = ""  # side by side: the 中期/长期 block under this heading, left of the year's
    annual_heading: str = ""
    project_columns: tuple[Column, ...] = ()  # one row per indicator: the project's cells, merged down
    landscape: bool = False


# --- the descriptions ------------------------------------------------------------------------

# Filed with the goal on any form (财预〔2020〕10号): printed when some row fills them; so is the
# 指标期限 of a 中期/长期 row filed in a one-block form.
TERM_COLUMN = Column("指标期限", "term", 1.2, optional=True)
SCORING = (
    Column("评（扣）分标准", "scoring_standard", 2.8, optional=True),
    Column("计算公式", "formula", 2.2, optional=True),
    Column("数据来源", "data_source", 1.8, optional=True),
)

ROWS = Description(
    name="rows",
    title="项目支出绩效目标表",
    project_columns=(
        Column("单位名称", "unit", 2.4),
        Column("项目编码", "code", 2.2, optional=True),
        Column("项目名称", "name", 2.4),
        Column("预算数（万元）", "budget", 1.6),
        Column("总体目标", "period_goal", 3.0, optional=True),
        Column("年度目标", "annual_goal", 3.4),
    ),
    columns=(
        Column("三级指标", "name", 2.6),
        Column("指标性质", "comparator", 1.2),
        Column("指标值", "value", 1.4),
        Column("度量单位", "unit", 1.2),
        Column("权重", "weight", 1.0, optional=True),
        Column("指标方向性", "direction", 1.4),
        Column("指标解释", "description", 2.6, optional=True),
        TERM_COLUMN,
        *SCORING,
    ),
    landscape=True,
)

TERM = Description(
    name="term",
    title="项目绩效目标申报表",
    form=(
        FormLine("项目名称", "name"),
        FormLine("项目编码", "code", optional=True),
        FormLine("主管部门", "department_label", optional=True),
        FormLine("资金总额（万元）", "budget_total"),
        FormLine("实施期", "period", optional=True),
        FormLine("中期目标", "period_goal"),
        FormLine("年度目标", "annual_goal"),
    ),
    columns=(Column("三级指标", "name", 2.6), Column("指标值", "value", 1.6),
             Column("分值", "weight", 0.9, optional=True), *SCORING),
    long_heading="中期绩效指标",
    annual_heading="年度绩效指标",
    landscape=True,
)

SELFEVAL = Description(
    name="selfeval",
    title="项目支出绩效自评表",
    form=(
        FormLine("项目名称", "name"),
        FormLine("项目编码", "code", optional=True),
        FormLine("主管部门", "department_label", optional=True),
        FormLine("全年预算数（万元）", "budget_total"),
        FormLine("其中：当年财政拨款（万元）", "fiscal_funds", optional=True),
        FormLine("其他资金（万元）", "other_funds", optional=True),
        FormLine("全年执行数（万元）", "budget_executed"),
        FormLine("年度目标", "annual_goal"),
        FormLine("实际完成情况", "annual_goal_actual"),
    ),
    columns=(
        Column("三级指标", "name", 2.6),
        Column("年初目标值", "value", 1.6),
        Column("实际完成值", "actual", 1.6),
        Column("分值", "weight", 0.9),
        Column("得分", "score", 0.9),
        Column("偏差原因分析及改进措施", "deviation", 3.2),
        TERM_COLUMN,
        *SCORING,
    ),
    landscape=True,
)

DESCRIPTIONS = {d.name: d for d in (ROWS, TERM, SELFEVAL)}
GROUPED = {d.name for d in DESCRIPTIONS.values() if d.project_columns}  # many projects in one grid


# --- printing a description ---------------------------------------------------------------------

def _form_value(table: GoalTable, line: FormLine, colspan: int) -> Cell:
    if line.field == "budget_total":
        return budget_cell(table, colspan=colspan)
    value = getattr(table, line.field)
    if isinstance(value, Decimal) or (value is None and line.field.startswith("budget")):
        return money_cell(value, colspan=colspan)
    return Cell(value or "", colspan=colspan)


def _filled(column: Column, rows: Sequence[IndicatorRow]) -> bool:
    return not column.optional or any(ROW_TEXT[column.field](r) for r in rows)


def _tail(columns: Sequence[Column]) -> Callable[[IndicatorRow], list[Cell]]:
    return lambda row: [Cell(ROW_TEXT[c.field](row)) for c in columns]


def _block(rows: list[IndicatorRow], columns: Sequence[Column], height: int) -> list[list[Cell]]:
    """A block of 一级/二级 + columns, padded with blank rows to `height` (side by side)."""
    padded = rows + [IndicatorRow()] * (height - len(rows))
    return _indicator_rows(padded, _tail(columns)) if padded else []


def build_form(table: GoalTable, description: Description) -> Grid:
    """A form: label | value lines, then the indicators (one block, or 中期 and 年度 side by side)."""
    L, H = ROLE_LABEL, ROLE_HEADING
    side_by_side = bool(description.long_heading)
    annual, long = table.annual_indicators, table.long_indicators
    columns = [c for c in description.columns if _filled(c, table.indicators)]
    block_width = 2 + len(columns)
    ncols = block_width * (2 if side_by_side else 1)
    rows: list[list[Cell]] = []
    for line in description.form:
        if line.optional and not getattr(table, line.field):
            continue
        rows.append([Cell(line.label, role=L), _form_value(table, line, ncols - 1)])
    heads = [Cell("一级指标", role=H), Cell("二级指标", role=H)] + [Cell(c.heading, role=H) for c in columns]
    if side_by_side:
        rows.append([Cell(description.long_heading, colspan=block_width, role=H),
                     Cell(description.annual_heading, colspan=block_width, role=H)])
        rows.append(heads + heads)
        height = max(len(annual), len(long))
        left, right = _block(long, columns, height), _block(annual, columns, height)
        rows += [a + b for a, b in zip(left, right)]
        header_rows = len(rows) - height
    else:
        rows.append(heads)
        header_rows = len(rows)
        rows += _indicator_rows(table.indicators, _tail(columns))
    widths = (2.2, 2.4) + tuple(c.width for c in columns)
    return Grid(
        layout=description.name,
        widths=widths * (2 if side_by_side else 1),
        rows=rows,
        header_rows=header_rows,
        heading=table.title,  # the title as filed; none is made up, so the table reads back as it was
        above=[Line((unit_line(table),)), Line((UNIT_WANYUAN,), align="right")],
        landscape=description.landscape,
        name=table.name,
        compact=ncols > 8,
    )


PROJECT_TEXT: dict[str, Callable[[GoalTable], str]] = {
    "unit": lambda t: "-".join(p for p in (t.unit_code, t.unit_name) if p),
    "code": lambda t: t.code,
    "name": lambda t: t.name,
    "period_goal": lambda t: t.period_goal,
    "annual_goal": lambda t: t.annual_goal,
}


def build_rows(tables: Sequence[GoalTable], description: Description = ROWS) -> Grid:
    """One row per indicator, each project's cells merged down its rows (a budget system's export)."""
    H = ROLE_HEADING
    tables = list(tables)
    every_row = [r for t in tables for r in t.indicators]
    project_columns = [
        c for c in description.project_columns
        if not c.optional or any(PROJECT_TEXT[c.field](t) for t in tables if c.field in PROJECT_TEXT)
    ]
    columns = [c for c in description.columns if _filled(c, every_row)]
    rows: list[list[Cell]] = [
        [Cell(c.heading, role=H) for c in project_columns]
        + [Cell("一级指标", role=H), Cell("二级指标", role=H)]
        + [Cell(c.heading, role=H) for c in columns]
    ]
    for table in tables:
        indicators = table.indicators or [IndicatorRow()]
        span = len(indicators)
        lead = [
            budget_cell(table, rowspan=span) if c.field == "budget" else Cell(PROJECT_TEXT[c.field](table), rowspan=span)
            for c in project_columns
        ]
        rows += _indicator_rows(indicators, _tail(columns), lead=lead)
    first = tables[0]
    above = [Line((f"（{first.year}年度）",), align="center")] if first.year else []
    return Grid(
        layout=description.name,
        widths=tuple(c.width for c in project_columns) + (2.0, 2.2) + tuple(c.width for c in columns),
        rows=rows,
        header_rows=1,
        heading=first.title,  # none of its own: an export of such a system has a title line only when filed
        above=above,
        landscape=description.landscape,
        name=first.title or "项目清单",
        compact=True,
    )


def build_described(tables: Sequence[GoalTable]) -> Grid:
    description = DESCRIPTIONS[tables[0].layout]
    if description.project_columns:
        return build_rows(tables, description)
    return build_form(tables[0], description)


__all__ = ["Column", "Description", "DESCRIPTIONS", "FormLine", "GROUPED", "build_described", "number_cell"]
