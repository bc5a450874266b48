"""Project and department forms: a block of labelled cells above an indicator block.

One reader serves the standard (seeds 000/001), hunan (002 projects) and overall (002
department) layouts and any other region's form: labels are looked up wherever they stand
(headers.FORM_LABELS), the value is the next cell to the right, and the layout is told by
which labels the form has.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from documents.amounts import PERCENT, AmountError, read_amount
from documents.goaltable import KIND_OVERALL, KIND_PROJECT, MILESTONE_AMOUNT, MILESTONE_PERCENT, GoalTable, Milestone

from .context import Before
from .headers import REQUIRED_FORM, ROLE_WORDS, clean_code, clean_prose, clean_words, form_label, key, no_space
from .rawgrid import Row, place
from .rows import Money, Tree, indicator
from .segments import Segment
from .types import Report

PROSE_FIELDS = {"purpose", "period_goal", "annual_goal", "functions"}
MONEY_FIELDS = {"budget_total", "fiscal_funds", "other_funds", "superior_funds"}
HUNAN_KEYS = {key(w) for w in ("项目支出名称", "年度本级预算金额", "该项目支出上级资金", "项目支出实施期")}
STANDARD_KEYS = {key(w) for w in ("项目编码", "预算规模及资金用途", "资金支出计划")}

_OVERALL_MONEY = {
    "资金总额": "budget_total",
    "一般公共预算": "income_general",
    "政府性基金拨款": "income_gov_fund",
    "政府性基金": "income_gov_fund",
    "纳入专户管理的非税收入拨款": "income_special_nontax",
    "纳入专户管理的非税收入": "income_special_nontax",
    "其他资金": "income_other",
    "基本支出": "spending_basic",
    "项目支出": "spending_project",
}
_OVERALL_LINE = re.compile(
    "(" + "|".join(sorted(_OVERALL_MONEY, key=len, reverse=True)) + r")(?:\((万元|元)\))?:([-+]?[\d.,]*)(万元|万|元)?"
)
_MONTH = re.compile(r"(\d{1,2})\s*月")


class Form:
    """The labelled cells of a form: field -> (text, unit stated in the label, row, column)."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self.fields: dict[str, tuple[str, str, Row, int]] = {}
        self.keys: set[str] = set()
        self.milestone_at: tuple[int, int] | None = None  # (row index, column of the label)
        self.purpose_at: tuple[int, int] | None = None
        for index, row in enumerate(rows):
            distinct = row.distinct()
            for i, (col, cell) in enumerate(distinct):
                found = form_label(cell.text)
                if not found or not row.starts(col):
                    continue
                name, unit = found
                self.keys.add(key(cell.text))
                if name == "milestones":
                    self.milestone_at = self.milestone_at or (index, col)
                    continue
                if name == "purpose_block":
                    self.purpose_at = self.purpose_at or (index, col)
                    continue
                following = distinct[i + 1] if i + 1 < len(distinct) else None
                value = ""
                if following is not None and not form_label(following[1].text):
                    value = following[1].text
                if name not in self.fields or (not self.fields[name][0] and value):
                    self.fields[name] = (value, unit, row, following[0] if following else col)

    def text(self, name: str) -> str:
        found = self.fields.get(name)
        if found is None:
            return ""
        return clean_prose(found[0]) if name in PROSE_FIELDS else clean_words(found[0])

    def purpose(self) -> str:
        if self.purpose_at is None:
            return ""
        index, col = self.purpose_at
        label = self.rows[index].cells[col]

        def is_label(cell) -> bool:  # the label itself, merged down or repeated as text
            return cell is label or key(cell.text) == key(label.text)

        parts: list[str] = []
        for row in self.rows[index + 1 :]:
            if any(form_label(cell.text) for _c, cell in row.filled() if not is_label(cell)):
                break
            if col < len(row.cells) and not is_label(row.cells[col]) and row.cells[col].text.strip():
                break
            for _c, cell in row.filled():
                if not is_label(cell) and cell.text.strip() not in parts:
                    parts.append(cell.text.strip())
        return clean_prose("\n".join(parts))

    def milestones(self, money: Money, report: Report) -> tuple[str, list[Milestone]]:
        if self.milestone_at is None:
            return MILESTONE_AMOUNT, []
        index, col = self.milestone_at
        row = self.rows[index]
        label_cell = row.cells[col]
        values = self.rows[index + 1] if index + 1 < len(self.rows) else None
        heads = []
        for c, cell in row.distinct():
            if c > col and cell is not label_cell and cell.text.strip():
                if heads and key(heads[-1][1]) == key(cell.text):
                    continue  # a merge stored as the same text in each cell
                heads.append((c, cell.text))
        percent = "%" in unicodedata.normalize("NFKC", label_cell.text)
        texts = [values.text(c) if values is not None else "" for c, _h in heads]
        percent = percent or any(unicodedata.normalize("NFKC", t).strip().endswith("%") for t in texts)
        out = []
        for (c, head), text in zip(heads, texts):
            label = no_space(clean_words(head))
            month = _MONTH.search(label)
            where = place(values, c) if values is not None else place(row, c)
            if percent:
                value = _percent(text, where=where, report=report)
            else:
                field = f"milestone:{len(out)}"
                money.read(field, text, where=where, report=report)
                value = None  # filled in once the table's money unit is known
            out.append(Milestone(label=label, month=int(month.group(1)) if month else None, value=value))
        if all(m.value is None for m in out) and (percent or not any(k.startswith("milestone:") for k in money.amounts)):
            return (MILESTONE_PERCENT if percent else MILESTONE_AMOUNT), []
        return (MILESTONE_PERCENT if percent else MILESTONE_AMOUNT), out


def _percent(text: str, *, where: str, report: Report) -> Decimal | None:
    try:
        found = read_amount(text, units=(PERCENT,))
    except AmountError:
        report.warning(where, f"资金支出计划“{clean_words(text)}”不是百分数，未导入")
        return None
    return None if found is None else found.value


def layout_of(form: Form, segment: Segment) -> str:
    heading = segment.blocks[0].heading if segment.blocks else None
    if {"department_name", "budget_block", "functions"} & set(form.fields) or form.keys & {key("年度预算申请")}:
        return "overall"
    if form.keys & HUNAN_KEYS or (heading is not None and "standard" in heading.columns):
        return "hunan"
    return "standard"


def parse_form(segment: Segment, before: Before, report: Report) -> GoalTable | None:
    where = place(segment.first_row)
    form = Form(segment.form_rows)
    if not segment.blocks:
        report.problem(where, "未找到指标表头（一级指标、二级指标、三级指标、指标值），本表未导入")
        return None
    heading = segment.blocks[0].heading
    missing = [ROLE_WORDS[r] for r in REQUIRED_FORM if r not in heading.columns]
    if missing:
        report.problem(
            place(heading.rows[0]), f"指标表头缺少“{'”“'.join(missing)}”列，本表未导入"
        )
        return None
    layout = layout_of(form, segment)
    table = GoalTable(kind=KIND_OVERALL if layout == "overall" else KIND_PROJECT, layout=layout)
    table.seq, table.title, table.year = before.seq, before.title, before.year
    table.unit_code, table.unit_name = before.unit_code, before.unit_name
    table.code = clean_code(form.fields.get("code", ("",))[0])
    table.name = form.text("name")
    table.department_label = form.text("department_label")
    for name in ("period", "period_goal", "annual_goal", "functions", "purpose"):
        setattr(table, name, form.text(name))
    table.purpose = table.purpose or form.purpose()
    if "unit" in form.fields and not table.unit_name:
        table.unit_code, table.unit_name = _unit_cell(form.text("unit"))

    block = form.fields.get("budget_block")  # 年度预算申请（万元）
    money = Money(stated=before.money_unit or (block[1] if block else ""))
    if layout == "overall":
        name = form.text("department_name")
        table.name = name or table.name
        table.department = name
        _overall_money(form, money, report)
    else:
        for name in MONEY_FIELDS:
            if name in form.fields:
                text, unit, row, col = form.fields[name]
                money.read(name, text, unit=unit, where=place(row, col), report=report)
    table.milestone_unit, table.milestones = form.milestones(money, report)
    label = f"“{table.name or where}”"
    for name, value in money.resolve(label=label, report=report).items():
        if name.startswith("milestone:"):
            table.milestones[int(name.split(":")[1])].value = value
        else:
            setattr(table, name, value)
    if table.milestones and all(m.value is None for m in table.milestones):
        table.milestones = []

    tree = Tree()
    for block in segment.blocks:
        for row in block.rows:
            found = indicator(row, block.heading, tree, report=report)
            if found is not None:
                table.indicators.append(found)
    if not table.indicators:
        report.warning(where, f"{label}没有读到任何指标行")
    if not table.name:
        report.problem(where, "未找到项目名称")
    return table


def _overall_money(form: Form, money: Money, report: Report) -> None:
    for row in form.rows:
        for col, cell in row.filled():
            folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell.text))
            for found in _OVERALL_LINE.finditer(folded):
                field = _OVERALL_MONEY[found.group(1)]
                number = found.group(3)
                if number:
                    money.read(field, number + (found.group(4) or ""), unit=found.group(2) or "",
                               where=place(row, col), report=report)


_UNIT_CELL = re.compile(r"^[\[【(（]?\s*([0-9A-Za-z]{3,})\s*[\]】)）]?\s*(.*)$")


def _unit_cell(text: str) -> tuple[str, str]:
    found = _UNIT_CELL.match(text)
    if found and found.group(2):
        return found.group(1), clean_words(found.group(2))
    return "", text
