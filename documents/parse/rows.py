"""Reading the pieces every layout shares: indicator rows, amounts and their unit."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from documents.amounts import WANYUAN, YUAN, AmountError, money, read_amount, read_points
from documents.goaltable import TERM_ANNUAL, TERM_LONG, IndicatorRow
from documents.parse.segments import Block
from documents.values import normalize_comparator, parse_split, parse_value

from .headers import LONG_WORDS, clean_prose, clean_words, key, strip_score, to_simplified
from .rawgrid import Row, place
from .segments import Heading
from .types import Report

CENT = Decimal("0.01")
# No project or department budget reaches 10亿元 = 100000 万元; a figure that large with no
# unit stated was filed in 元.
YUAN_THRESHOLD = Decimal(100000)

# "854万(其中高标准农田400万元, …)": the figure first, then what people add in words
_MONEY_WORDS = re.compile(r"^(?:合计|共计|总计|总额)?[:：]?([-+]?\d+(?:\.\d+)?)(万元|万|元)?(?=[(（,，;；:：\[【\s]|其中)(.+)$")


@dataclass
class Amount:
    value: Decimal
    unit: str  # the unit written with the figure or in its label; "" when none
    where: str
    filed: str = ""  # the cell as filed when it says more than the figure


@dataclass
class Money:
    """The amounts of one table, converted to 万元 once the table's unit is known."""

    stated: str = ""  # 单位：万元 / 单位：元 above the table or in a heading
    assumed: str = ""  # the unit the whole sheet is read in when it states none (parse_list)
    amounts: dict[str, Amount] = field(default_factory=dict)

    def read(self, field_name: str, text: str, *, unit: str = "", where: str, report: Report) -> None:
        amount = parse_amount(text, unit=unit, where=where, report=report)
        if amount is not None and field_name not in self.amounts:
            self.amounts[field_name] = amount

    def filed(self, field_name: str) -> str:
        """The cell as filed when it held words beside the figure ("854万(其中…)"), else ""."""
        found = self.amounts.get(field_name)
        return found.filed if found is not None else ""

    def resolve(self, *, label: str, report: Report) -> dict[str, Decimal]:
        """The amounts in 万元, with a note of the unit assumed when the table did not say."""
        if not self.amounts:
            return {}
        default = self.stated or self.assumed
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
                value = yuan_to_wanyuan(value)
                converted = True
            out[name] = value
        if converted and self.stated == YUAN:
            report.note("表中注明金额单位为元（表头或表上的“单位：元”），金额已换算为万元")
        elif converted and any(a.unit == YUAN for a in self.amounts.values()):
            report.note(f"{label}：金额按元填报，已换算为万元")
        return out


def yuan_to_wanyuan(value: Decimal) -> Decimal:
    """元 → 万元 exactly (1234567.89 元 = 123.456789 万元), never shown with fewer than two decimals."""
    return money(value / 10000)


# What a form writes where it has no amount to give.
_NO_AMOUNT = {key(w) for w in ("", "无", "没有", "暂无", "/", "／", "-", "—", "——", "－", "不适用")}
_REMARK_ONLY = re.compile(r"^[(（][^)）]*[)）]$")  # a form's own remark in the cell: "（分级填报）"


def parse_amount(text: str, *, unit: str = "", where: str, report: Report) -> Amount | None:
    """An amount cell through the one reader of amounts (documents.amounts); `unit` is the unit of
    its label or table when the cell states none.  A figure followed by words ("854万(其中…)") is
    the figure, and the cell as filed is kept beside it."""
    try:
        found = read_amount(text)
    except AmountError:
        worded = _MONEY_WORDS.match(re.sub(r"(?<=\d),(?=\d{3})", "", unicodedata.normalize("NFKC", text or "").strip()))
        if worded:
            written = worded.group(2)
            return Amount(Decimal(worded.group(1)), WANYUAN if written in ("万", "万元") else (written or unit), where,
                          filed=clean_prose(text))
        if key(text) not in _NO_AMOUNT and not _REMARK_ONLY.match(clean_words(text)):  # "abc", "七千": said at its cell
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


_DIRECTION_WORDS = {
    **{w: "正向" for w in ("越大越好", "越高越好", "越多越好", "正", "正向型", "正指标")},
    **{w: "反向" for w in ("越小越好", "越低越好", "越少越好", "反", "反向型", "逆向", "逆向指标", "负向", "负向指标")},
}


def direction_of(text: str) -> str:
    words = clean_words(text)
    found = _DIRECTION.match(words)
    return found.group(1) if found else _DIRECTION_WORDS.get(words, words)


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


_CLOSING = {key(w) for w in ("说明", "备注", "填表说明", "填报说明", "其他说明", "注", "附注", "其他需说明的事项")}
# "指标1:", "指标一、", "1.", "1、", "(1)", "①" before a name: numbering, not part of it
_NUMBERING = re.compile(
    r"^\s*(?:指标\s*[0-9一二三四五六七八九十]{1,3}\s*[:：.．、]?|[0-9]{1,2}\s*[.．、:：](?![0-9])|"
    r"[(（]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]|[\u2460-\u2473])\s*(?=\S)"
)


def strip_numbering(name: str) -> str:
    return _NUMBERING.sub("", name, count=1)


_TOTALS = {key(w) for w in ("总分", "合计", "总计", "得分合计", "分值合计")}


def closing_row(row: Row, heading: Heading, *, report: Report) -> bool:
    """A closing "说明 | 无" row under the grid: no indicator.  What it says is noted, never lost."""
    filled = row.filled()
    if filled and key(filled[0][1].text) in _TOTALS:
        report.note(f"“{clean_words(filled[0][1].text)}”一行不是指标，未作为指标导入（{place(row)}：" +
                    " ".join(clean_words(c.text) for _c, c in filled[1:]) + "）")
        return True
    if not filled or len(filled) > 2 or key(filled[0][1].text) not in _CLOSING:
        return False
    said = clean_prose(filled[1][1].text) if len(filled) > 1 else ""
    if said and key(said) not in {"无", "没有", "暂无", "/"}:
        report.warning(place(row), f"表末“{clean_words(filled[0][1].text)}”一行不是指标，内容未导入：{said}")
    else:
        report.note(f"表末“{clean_words(filled[0][1].text)}”一行不是指标，未作为指标导入（{place(row)}）")
    return True


def _not_a_direction(words: str, row: Row, report: Report) -> None:
    said = f"指标性质“{words}”不是正向或反向，未作为指标方向导入"
    if not any(n.startswith(said) for n in report.notes):  # once per wording and file
        report.note(f"{said}（如{place(row)}）")


def nature(text: str) -> tuple[str, str]:
    """指标性质 as (comparator, direction): the budget systems put ≥ = ≤ there, others 正向/反向."""
    words = clean_words(text)
    comparator = normalize_comparator(words)
    if comparator:
        return comparator, ""
    return "", direction_of(words)


def decimal_cell(text: str, *, what: str, where: str, report: Report) -> Decimal | None:
    """A 权重/得分 cell, read as the editor reads it (documents.amounts.read_points): "20", "9.5", "20%",
    "10分"; a negative number, words or too many digits are reported at their cell and not imported."""
    try:
        return read_points(clean_words(text), what=what)
    except AmountError as error:
        report.warning(where, f"{error}，未导入")
        return None


_BUDGET_SHARE = key("预算执行率")


def _budget_share_row(row: Row, text: dict[str, str], report: Report) -> None:
    """A 一级 “预算执行率” line with its 分值 (10分): the share the self-evaluation scores from the budget
    (财预〔2020〕10号), set apart from the indicators; its 分值 is the scheme's.  Said, not imported."""
    said = "；".join(f"{clean_words(t)}" for role, t in text.items() if role != "level1" and clean_words(t))
    report.note(f"一级指标为“预算执行率”的一行是自评时按预算执行情况计分的单列分值，不是绩效指标，未作为指标导入"
                f"（{place(row)}{'：' + said if said else ''}；其分值按指标体系的规定计）")


def indicator(row: Row, heading: Heading, tree: Tree, *, report: Report, text: dict[str, str] | None = None
              ) -> IndicatorRow | None:
    """One indicator row, or None for a row with no indicator in it."""
    text = row_texts(row, heading) if text is None else text
    if closing_row(row, heading, report=report):
        return None
    name = clean_words(text.get("name", ""))
    numbered = strip_numbering(name)
    if numbered != name:
        said = "指标名称前的编号已去掉"
        if not any(n.startswith(said) for n in report.notes):  # one example is enough for a whole file
            report.note(f"{said}（如“{name}”→“{numbered}”，{place(row, heading.col('name'))}）")
        name = numbered
    if key(strip_score(clean_words(text.get("level1", "")))[0]) == _BUDGET_SHARE:
        _budget_share_row(row, text, report)
        return None
    value_text = clean_words(text.get("value", ""))
    description = clean_words(text.get("description", ""))
    level1 = category(text.get("level1", ""), report=report, where=place(row, heading.col("level1")))
    level2 = category(text.get("level2", ""), report=report, where=place(row, heading.col("level2")))
    level1, level2 = tree.fill(level1, level2)
    if not (name or value_text or description):
        return None
    comparator_text = clean_words(text.get("comparator", ""))
    direction = direction_of(text.get("direction", ""))
    if "nature" in text:
        said, said_direction = nature(text["nature"])
        comparator_text = comparator_text or said
        if said_direction and direction and said_direction != direction:
            _not_a_direction(said_direction, row, report)  # 指标性质 "定量" beside a 指标方向 "正向"
        direction = direction or said_direction
    if direction not in ("", "正向", "反向"):
        _not_a_direction(direction, row, report)  # 定量/定性, 中性 …: said in the preview, not stored as one
        direction = ""
    out = IndicatorRow(
        level1=level1,
        level2=level2,
        name=name,
        description=description,
        value_text=value_text,
        direction=direction,
        weight=decimal_cell(text.get("weight", ""), what="权重（分值）", where=place(row, heading.col("weight")),
                            report=report),
        actual_value_text=clean_words(text.get("actual", "")),
        score=decimal_cell(text.get("score", ""), what="得分", where=place(row, heading.col("score")), report=report),
        deviation_reason=clean_prose(text.get("deviation", "")),
        term=TERM_LONG if clean_words(text.get("term", "")) in LONG_WORDS else TERM_ANNUAL,
        scoring_standard=clean_prose(text.get("scoring_standard", "")),
        formula=clean_prose(text.get("formula", "")),
        data_source=clean_words(text.get("data_source", "")),
        basis=clean_words(text.get("basis", "")),
        standard=clean_words(text.get("standard", "")),
        activity=clean_prose(text.get("activity", "")),
        **{name: clean_words(text.get(name, "")) for name in REF_FIELDS},
    )
    fill_value(out, comparator_text=comparator_text, unit_text=clean_words(text.get("unit", "")),
               split=bool({"comparator", "nature", "unit"} & set(heading.columns)))
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


def report_unread_columns(blocks: Iterable[Block], report: Report) -> None:
    """A column under a heading no alias names ("备注", "资金来源") is not read: each one that holds
    something is a warning naming its place, so nothing filed disappears unseen."""
    found: dict[tuple[int, str], list[tuple[Row, str]]] = {}
    for block in blocks:
        heading = block.heading
        if not heading.unknown:
            continue
        known = {c for c in heading.columns.values()} | {c for cols in heading.extra.values() for c in cols}
        heading_cells = {id(r.cells[c]) for r in heading.rows for c in range(len(r.cells))}
        for row in block.rows:
            for col, title in heading.unknown.items():
                if col >= len(row.cells) or not row.starts(col) or id(row.cells[col]) in heading_cells:
                    continue
                cell = row.cells[col]
                if not cell.text.strip() or any(k < len(row.cells) and row.cells[k] is cell for k in known):
                    continue
                found.setdefault((col, title), []).append((row, clean_words(cell.text)))
    for (col, title), rows in found.items():
        first, example = rows[0]
        report.warning(place(first, col), f"“{clean_words(title)}”列不是能识别的栏目，内容未导入（共{len(rows)}行，如“{example[:40]}”）")
