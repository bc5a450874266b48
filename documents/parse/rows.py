"""Reading the pieces every layout shares: indicator rows, amounts and their unit."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from documents.amounts import WANYUAN, YUAN, AmountError, read_amount
from documents.goaltable import IndicatorRow
from documents.values import normalize_comparator, parse_split, parse_value

from .headers import clean_prose, clean_words, strip_score, to_simplified
from .rawgrid import Row, place
from .segments import Heading
from .types import Report

CENT = Decimal("0.01")
# No project or department budget reaches 10亿元 = 100000 万元; a figure that large with no
# unit stated was filed in 元.
YUAN_THRESHOLD = Decimal(100000)


@dataclass
class Amount:
    value: Decimal
    unit: str  # the unit written with the figure or in its label; "" when none
    where: str


@dataclass
class Money:
    """The amounts of one table, converted to 万元 once the table's unit is known."""

    stated: str = ""  # 单位：万元 / 单位：元 above the table or in a heading
    amounts: dict[str, Amount] = field(default_factory=dict)

    def read(self, field_name: str, text: str, *, unit: str = "", where: str, report: Report) -> None:
        amount = parse_amount(text, unit=unit, where=where, report=report)
        if amount is not None and field_name not in self.amounts:
            self.amounts[field_name] = amount

    def resolve(self, *, label: str, report: Report) -> dict[str, Decimal]:
        """The amounts in 万元, with a note of the unit assumed when the table did not say."""
        if not self.amounts:
            return {}
        default = self.stated
        if not default and all(not a.unit for a in self.amounts.values()):
            largest = max(abs(a.value) for a in self.amounts.values())
            if largest >= YUAN_THRESHOLD:
                default = YUAN
                report.note(f"{label}：未注明金额单位，金额较大（{largest}），按元填报换算为万元")
            else:
                default = WANYUAN
                report.note(f"{label}：未注明金额单位，按万元读取")
        out = {}
        converted = False
        for name, amount in self.amounts.items():
            unit = amount.unit or default or WANYUAN
            value = amount.value
            if unit == YUAN:
                value = value / 10000
                if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
                    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
                    report.note(f"{label}：按元填报的金额换算为万元时保留两位小数")
                converted = True
            out[name] = value
        if converted and self.stated == YUAN:
            report.note(f"{label}：表中注明“单位：元”，金额已换算为万元")
        elif converted and any(a.unit == YUAN for a in self.amounts.values()):
            report.note(f"{label}：金额按元填报，已换算为万元")
        return out


def parse_amount(text: str, *, unit: str = "", where: str, report: Report) -> Amount | None:
    """An amount cell through the one reader of amounts (documents.amounts); `unit` is the unit of
    its label or table when the cell states none."""
    try:
        found = read_amount(text)
    except AmountError:
        if re.search(r"\d", unicodedata.normalize("NFKC", text or "")):
            report.warning(where, f"金额“{clean_words(text)}”不是数字，未导入")
        return None
    if found is None:
        return None
    return Amount(found.value, found.unit or unit, where)


def role_text(row: Row, heading: Heading, role: str) -> str:
    """The text under a heading; a heading over several columns joins their distinct cells."""
    col = heading.col(role)
    if col is None or col >= len(row.cells):
        return ""
    seen = [row.cells[col]]
    parts = [row.cells[col].text]
    for extra in heading.extra.get(role, ()):
        if extra < len(row.cells) and all(row.cells[extra] is not c for c in seen):
            seen.append(row.cells[extra])
            if row.cells[extra].text.strip() not in {p.strip() for p in parts}:  # a merge stored as repeated text
                parts.append(row.cells[extra].text)
    return " ".join(p for p in parts if p.strip())


def role_starts(row: Row, heading: Heading, role: str) -> bool:
    return row.starts(heading.col(role))


REF_FIELDS = ("ref_plan", "ref_standard", "ref_standard_source", "ref_avg3", "ref_last_year", "ref_history_source")
_DIRECTION = re.compile(r"^(正向|反向)(指标)?$")


def direction_of(text: str) -> str:
    words = clean_words(text)
    found = _DIRECTION.match(words)
    return found.group(1) if found else words


def category(text: str, *, report: Report, where: str) -> str:
    """An 一级/二级 cell: the score some regions add ("产出指标(50分)") goes to a note."""
    words = clean_words(text)
    bare, had_score = strip_score(words)
    if had_score:
        report.note(f"指标类别中的分值已去掉（如“{words}”，{where}）")
    simple = to_simplified(bare)
    if simple != bare:
        report.note(f"繁体的指标类别已转为简体（如“{bare}”→“{simple}”）")
    return simple


class Tree:
    """一级/二级 filled down: a merged cell stored as empty cells below its text."""

    def __init__(self) -> None:
        self.level1 = ""
        self.level2 = ""

    def fill(self, level1: str, level2: str) -> tuple[str, str]:
        if level1 and level1 != self.level1:
            self.level1, self.level2 = level1, ""
        if level2:
            self.level2 = level2
        return self.level1, self.level2


def row_texts(row: Row, heading: Heading) -> dict[str, str]:
    return {role: role_text(row, heading, role) for role in heading.columns}


def indicator(row: Row, heading: Heading, tree: Tree, *, report: Report, text: dict[str, str] | None = None
              ) -> IndicatorRow | None:
    """One indicator row, or None for a row with no indicator in it."""
    text = row_texts(row, heading) if text is None else text
    name = clean_words(text.get("name", ""))
    value_text = clean_words(text.get("value", ""))
    description = clean_words(text.get("description", ""))
    level1 = category(text.get("level1", ""), report=report, where=place(row, heading.col("level1")))
    level2 = category(text.get("level2", ""), report=report, where=place(row, heading.col("level2")))
    level1, level2 = tree.fill(level1, level2)
    if not (name or value_text or description):
        return None
    out = IndicatorRow(
        level1=level1,
        level2=level2,
        name=name,
        description=description,
        value_text=value_text,
        direction=direction_of(text.get("direction", "")),
        basis=clean_words(text.get("basis", "")),
        standard=clean_words(text.get("standard", "")),
        activity=clean_prose(text.get("activity", "")),
        **{name: clean_words(text.get(name, "")) for name in REF_FIELDS},
    )
    fill_value(out, comparator_text=clean_words(text.get("comparator", "")), unit_text=clean_words(text.get("unit", "")),
               split="comparator" in heading.columns or "unit" in heading.columns)
    return out


def fill_value(row: IndicatorRow, *, comparator_text: str = "", unit_text: str = "", split: bool = False) -> None:
    """comparator/value/unit from the 指标值 as filed (and the 方向/单位 columns, when there are)."""
    parsed = parse_split(comparator_text, row.value_text, unit_text) if split else parse_value(row.value_text)
    if parsed.ok:
        row.comparator, row.value, row.unit = parsed.comparator, parsed.number, parsed.unit
    else:
        row.comparator = normalize_comparator(comparator_text) or ""
        row.value = None
        row.unit = unit_text


def split_rest(row: Row, heading: Heading, previous: dict[str, str]) -> dict[str, str] | None:
    """A row cut by a page break in a converted file: the next table's first row holds the rest
    of the cells' words ("预算执行" / "率") and no target of its own.  The joined texts, or None
    when the row is a row of its own."""
    value_col = heading.col("value")
    if value_col is None or (row.starts(value_col) and row.text(value_col).strip()):
        return None
    if any(row.starts(heading.col(r)) and row.text(heading.col(r)).strip() for r in ("level1", "level2")):
        return None
    rest = {role: row.text(col) if row.starts(col) else "" for role, col in heading.columns.items()}
    if not any(t.strip() for t in rest.values()):
        return None
    return {role: previous.get(role, "") + rest.get(role, "") for role in heading.columns}
