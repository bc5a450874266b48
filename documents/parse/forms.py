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
from documents.goaltable import (
    KIND_OVERALL,
    KIND_PROJECT,
    MILESTONE_AMOUNT,
    MILESTONE_PERCENT,
    TERM_ANNUAL,
    TERM_LONG,
    GoalTable,
    Milestone,
)
from documents.parse.rawgrid import RawCell

from .context import Before
from .headers import REQUIRED_FORM, ROLE_WORDS, clean_code, clean_prose, clean_words, form_label, key, no_space
from .rawgrid import Row, place
from .rows import Money, Tree, indicator, report_unread_columns
from .segments import Segment, is_label_row
from .types import Report

PROSE_FIELDS = {"purpose", "period_goal", "annual_goal", "functions"}
MONEY_FIELDS = {"budget_total", "fiscal_funds", "other_funds", "superior_funds", "budget_executed"}
OVERALL_FIELDS = {"budget_total", "income_general", "income_gov_fund", "income_special_nontax", "income_other",
                  "spending_basic", "spending_project"}
PROSE_FIELDS = PROSE_FIELDS | {"annual_goal_actual"}
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
SUBTOTALS = {key(w) for w in ("合计", "小计", "总计", "总额", "资金总额合计")}
OVERALL_HEADS = {key(w) for w in ("按收入性质分", "按支出性质分")}
_MONTH = re.compile(r"(\d{1,2})\s*月")


MONEY_COLUMNS = {key("年初预算数"): "planned", key("全年预算数"): "budget", key("全年执行数"): "executed",
                 key("执行数"): "executed", key("执行率"): "rate", key("得分"): "score", key("分值"): "weight"}
MONEY_COLUMN_WORDS = {"rate": "执行率", "score": "得分"}
CARRIED = {key("上年结转资金"), key("其中上年结转资金"), key("结转资金")}
BLANKS = {"", "—", "-", "/", "无", "－", "——"}  # a cell that says "nothing here" (key() drops "-" already)


class Form:
    """The labelled cells of a form: field -> (text, unit stated in the label, row, column)."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self.fields: dict[str, tuple[str, str, Row, int]] = {}
        self.keys: set[str] = set()
        self.milestone_at: tuple[int, int] | None = None  # (row index, column of the label)
        self.purpose_at: tuple[int, int] | None = None
        self.used: set[int] = set()  # ids of the cells read (labels and values): the rest is reported
        for index, row in enumerate(rows):
            distinct = row.distinct()
            below = rows[index + 1] if index + 1 < len(rows) else None
            label_row = below is not None and is_label_row(row) and not any(
                form_label(c.text) for c_, c in below.filled() if below.starts(c_)
            )
            for i, (col, cell) in enumerate(distinct):
                found = form_label(cell.text)
                if not found or not row.starts(col):
                    continue
                name, unit = found
                self.keys.add(key(cell.text))
                self.used.add(id(cell))
                if name == "milestones":
                    self.milestone_at = self.milestone_at or (index, col)
                    continue
                if name == "purpose_block":
                    self.purpose_at = self.purpose_at or (index, col)
                    continue
                following = distinct[i + 1] if i + 1 < len(distinct) else None
                value = ""
                if label_row:
                    # a block with its labels on top ("年度总体目标" over the goal text): the value is below
                    under = below.cells[col] if col < len(below.cells) else None
                    if under is not None and under is not cell and below.starts(col):
                        value = under.text
                    following = (col, under) if under is not None else None
                    row_of_value = below
                elif following is not None and key(following[1].text) in SUBTOTALS and below is not None \
                        and following[0] < len(below.cells) and below.starts(following[0]):
                    # "资金规模（万元） | 合计 | 中央资金 …" with the figures in the row below
                    self.used.add(id(following[1]))
                    following = (following[0], below.cells[following[0]])
                    value = following[1].text
                    row_of_value = below
                elif following is not None and not form_label(following[1].text):
                    value = following[1].text
                    row_of_value = row
                else:
                    row_of_value = row
                if name not in self.fields or (not self.fields[name][0] and value):
                    self.fields[name] = (value, unit, row_of_value, following[0] if following else col)
                    if value and following is not None:
                        self.used.add(id(following[1]))
        self.unread: list[tuple[str, str, str]] = []  # (what, text, place) read but with no field for it
        self._money_grid()
        if self.fields.get("upper_department", ("",))[0]:
            text, _unit, row, col = self.fields["upper_department"]
            label = next((c.text for _c, c in row.filled() if form_label(c.text) == ("upper_department", "")), "上级主管部门")
            self.unread.append((clean_words(label), clean_words(text), place(row, col)))

    def _money_grid(self) -> None:
        """The money block of a 自评表: 年初预算数 / 全年预算数 / 全年执行数 … across, 年度资金总额 /
        其中：当年财政拨款 / 其他资金 … down; each amount is where its row and column meet."""
        for index, row in enumerate(self.rows):
            heads = {MONEY_COLUMNS[key(cell.text)]: col for col, cell in row.distinct()
                     if key(cell.text) in MONEY_COLUMNS and row.starts(col)}
            if len(heads) < 2 or not ({"budget", "planned"} & set(heads)):
                continue
            self.used.update(id(cell) for _c, cell in row.distinct())
            budget_col = heads.get("budget", heads.get("planned"))
            for below in self.rows[index + 1:]:
                label = next(((c, cell) for c, cell in below.filled()
                              if below.starts(c) and c < budget_col and (form_label(cell.text) or key(cell.text) in CARRIED)),
                             None)
                if label is None:
                    break
                col, cell = label
                self.used.update(id(c) for _c, c in below.distinct())
                found = form_label(cell.text)
                name = found[0] if found else ""
                unit = found[1] if found else ""
                if name not in MONEY_FIELDS:
                    if key(cell.text) not in CARRIED:
                        break  # the money block is over ("年度总体目标" below it)
                    amount = below.text(budget_col).strip()
                    if amount and key(amount) not in BLANKS:
                        self.unread.append((clean_words(cell.text), amount, place(below, budget_col)))
                    continue
                self.fields[name] = (below.text(budget_col), unit, below, budget_col)
                if name == "budget_total" and "executed" in heads:
                    self.fields["budget_executed"] = (below.text(heads["executed"]), unit, below, heads["executed"])
                for what in ("rate", "score"):
                    if what in heads and key(below.text(heads[what])) not in BLANKS:
                        self.unread.append((MONEY_COLUMN_WORDS[what] + "（" + clean_words(cell.text) + "）",
                                            below.text(heads[what]).strip(), place(below, heads[what])))
            return

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

        def is_label(cell: RawCell) -> bool:  # the label itself, merged down or repeated as text
            return cell is label or key(cell.text) == key(label.text)

        parts: list[str] = []
        for row in self.rows[index + 1 :]:
            if any(form_label(cell.text) for _c, cell in row.filled() if not is_label(cell)):
                break
            if col < len(row.cells) and not is_label(row.cells[col]) and row.cells[col].text.strip():
                break
            for _c, cell in row.filled():
                self.used.add(id(cell))
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
                self.used.add(id(cell))
        percent = "%" in unicodedata.normalize("NFKC", label_cell.text)
        texts = [values.text(c) if values is not None else "" for c, _h in heads]
        if values is not None:
            self.used.update(id(cell) for _c, cell in values.distinct())
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
    if heading is not None and heading.has_long:
        return "term"
    if heading is not None and {"actual", "score", "deviation"} & set(heading.columns):
        return "selfeval"
    if {"department_name", "budget_block", "functions"} & set(form.fields) or form.keys & {key("年度预算申请")}:
        return "overall"
    if {"spending_basic", "spending_project"} <= set(form.fields):
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
    heading = segment.blocks[0].heading.for_term(False)
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
    for name in ("period", "period_goal", "annual_goal", "annual_goal_actual", "functions", "purpose"):
        setattr(table, name, form.text(name))
    table.purpose = table.purpose or form.purpose()
    if "unit" in form.fields and not table.unit_name:
        table.unit_code, table.unit_name = unit_cell(form.text("unit"))

    block = form.fields.get("budget_block") or form.fields.get("money_block")  # 年度预算申请（万元）, 资金情况（万元）
    money = Money(stated=before.money_unit or (block[1] if block else ""))
    if layout == "overall":
        name = form.text("department_name")
        table.name = name or table.name
        table.department = name
        _overall_money(form, money, report)
        for name in OVERALL_FIELDS & set(form.fields):
            text, unit, row, col = form.fields[name]
            if not _OVERALL_LINE.search(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))):
                money.read(name, text, unit=unit, where=place(row, col), report=report)  # "资金总额 | 1200"
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
    for what, text, at in form.unread:
        report.note(f"{label}：表中的“{what}”{text} 没有对应的栏目，未导入（{at}）")
    table.budget_note = money.filed("budget_total")
    if table.budget_note:
        report.note(f"{label}：预算数“{table.budget_note}”读作 {table.budget_total} 万元，原文保留")
    if table.milestones and all(m.value is None for m in table.milestones):
        table.milestones = []

    table.indicators = read_indicators(segment, report)
    _report_unread_cells(form, report)
    if not table.indicators:
        report.warning(where, f"{label}没有读到任何指标行")
    if not table.name:
        report.problem(where, "未找到项目名称")
    elif layout == "standard" and not table.title and len(table.name) <= 200:
        # the title the standard layout prints, so the table reads back the same (an overlong name is
        # refused for itself, not again for a title made from it)
        table.title = f"{table.name}绩效目标表"
    return table


def _report_unread_cells(form: Form, report: Report) -> None:
    """Form cells that are neither a known label nor its value ("项目类型 | 基础设施"): a warning each
    row, naming the place, so nothing filed disappears unseen."""
    for row in form.rows:
        read = {key(cell.text) for _c, cell in row.filled() if id(cell) in form.used}
        # a merge stored as the same text in each cell is read once
        left = [(col, cell) for col, cell in row.filled()
                if row.starts(col) and id(cell) not in form.used and key(cell.text) not in BLANKS | read]
        if left:
            col = left[0][0]
            words = "、".join(f"“{clean_words(cell.text)[:30]}”" for _c, cell in left[:4])
            report.warning(place(row, col), f"表头部分的{words}不是能识别的栏目，未导入")


def read_indicators(segment: Segment, report: Report) -> list:
    """The indicator rows of every block; with side-by-side 中期/长期 and 年度 blocks, the year's rows
    first, then the long-term rows marked with their term."""
    annual, long = [], []
    trees = (Tree(), Tree())
    for block in segment.blocks:
        for dropped in block.heading.dropped:
            report.note(f"指标表左侧的标签列“{clean_words(dropped)}”不是数据，已去掉（{place(block.heading.rows[0])}）")
        views = [(block.heading.for_term(False), annual, trees[0], TERM_ANNUAL)]
        if block.heading.has_long:
            views.append((block.heading.for_term(True), long, trees[1], TERM_LONG))
            report.note(f"中期（长期）指标与年度指标并列：年度指标作为本表指标，中期指标另行保存（{place(block.heading.rows[0])}）")
        for row in block.rows:
            for heading, out, tree, term in views:
                found = indicator(row, heading, tree, report=report)
                if found is not None:
                    if block.heading.has_long:  # side by side: the block says the term
                        found.term = term
                    out.append(found)
    report_unread_columns(segment.blocks, report)
    return annual + long


def _overall_money(form: Form, money: Money, report: Report) -> None:
    for row in form.rows:
        for col, cell in row.filled():
            folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell.text))
            if _OVERALL_LINE.search(folded) or key(folded) in OVERALL_HEADS:
                form.used.add(id(cell))
            for found in _OVERALL_LINE.finditer(folded):
                field = _OVERALL_MONEY[found.group(1)]
                number = found.group(3)
                if number:
                    money.read(field, number + (found.group(4) or ""), unit=found.group(2) or "",
                               where=place(row, col), report=report)


_UNIT_CELL = re.compile(r"^[\[【(（]?\s*([0-9A-Za-z]{3,})\s*[\]】)）]?\s*[-－—_:：]?\s*(.*)$")


def unit_cell(text: str) -> tuple[str, str]:
    """(code, name) of a unit cell: "820001-某某镇人民政府", "[112001]福州市…", "630001 行政审批局"."""
    text = clean_words(text)
    found = _UNIT_CELL.match(text)
    if found and found.group(2) and re.search(r"\d", found.group(1)):
        return found.group(1), clean_words(found.group(2))
    return "", text
