"""What the lines around a table say: its heading and number, the year, the unit, the money
unit, and who filled it in.  Also what the cover of a whole document says.

Only the run of such lines right before a table counts, so a table of contents or a
narrative paragraph that mentions another year or heading is never read as this table's.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from .headers import clean_words, no_space

_TOC = re.compile(r"(\t|\.{4,}|…{2,}|·{4,})\s*\d*\s*$")
_NUMBERED = re.compile(r"^(\d{1,3})\s*[.．、]\s*(\S.*)$")
_TITLE = re.compile(r"(绩效目标|绩效指标|目标表).*表\s*(?:[(（][^)）]{0,10}[)）])?$|绩效目标表")
_YEAR_LINE = re.compile(r"^[(（]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]?$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_MONEY_UNIT = re.compile(r"(?<!填报)(?<!报送)(?:金额|计量)?单位\s*[:：]\s*(万元|元)")
_UNIT_NAMED = re.compile(r"(?:单位名称|预算单位|填报单位)\s*[:：]\s*(?:[\[【(（]\s*([0-9A-Za-z]+)\s*[\]】)）])?\s*(.*)$")
_UNIT_CODED = re.compile(r"^([0-9]{3,12})\s*([^\d\s年月:：].*)$")
_ATTACHMENT = re.compile(r"^附件\s*[\d\-－—.、]*\s*$")
_FILLED_BY = re.compile(r"填表人\s*[:：]\s*(.*?)\s*(?=\t|\s{2,}|联系电话|填报日期|$)")
_PHONE = re.compile(r"联系电话\s*[:：]\s*([0-9０-９\-－+() ]*[0-9０-９])")
_DATE = re.compile(r"填报日期\s*[:：]\s*(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})")
_FOOTER = re.compile(r"^\s*(填表人|联系电话|填报日期|单位负责人|负责人|审核人|财务负责人|填报说明|注[:：])")
_STAMP = re.compile(r"[(（]\s*盖章\s*[)）]")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def is_toc(text: str) -> bool:
    return bool(_TOC.search(text or "")) and bool(_NUMBERED.match(fold(text)) or "表" in text)


def is_title(text: str) -> bool:
    words = clean_words(text)
    return 0 < len(words) <= 120 and not is_toc(text) and bool(_TITLE.search(words)) and "：" not in words


def is_footer(text: str) -> bool:
    return bool(_FOOTER.match(fold(text)))


def is_note(text: str) -> bool:
    """A note of a form printed beside the table: 填报单位：（盖章）, 单位：万元, 填表人：…"""
    folded = fold(text)
    return bool(is_footer(text) or money_unit_in(text) or _STAMP.search(folded) or _UNIT_NAMED.search(folded))


def money_unit_in(text: str) -> str:
    found = _MONEY_UNIT.search(fold(text).replace(" ", ""))
    return found.group(1) if found else ""


def _unit_of(text: str) -> tuple[str, str] | None:
    """(code, name) from "630001 行政审批部门行政审批局本级" or "单位名称：[112001]福州市…"."""
    folded = fold(text)
    named = _UNIT_NAMED.search(folded)
    if named:
        name = _STAMP.sub("", named.group(2))
        name = re.split(r"\s{2,}|\t|单位\s*[:：]", name)[0]
        name = clean_words(name)
        if named.group(1) or name:
            return (named.group(1) or "", name)
        return None
    coded = _UNIT_CODED.match(folded)
    if coded and "表" not in folded and len(folded) <= 60 and not _MONEY_UNIT.search(folded):
        return coded.group(1), clean_words(coded.group(2))
    return None


def is_context(text: str) -> bool:
    """A line that may stand right above a table: a heading, a unit or year line, a note."""
    folded = fold(text)
    if not folded:
        return True
    return bool(
        is_title(text)
        or _YEAR_LINE.match(folded)
        or money_unit_in(text)
        or _unit_of(text)
        or _ATTACHMENT.match(folded)
        or _STAMP.search(folded)
    )


@dataclass
class Before:
    seq: int | None = None
    title: str = ""
    year: int | None = None
    unit_code: str = ""
    unit_name: str = ""
    money_unit: str = ""
    has_title: bool = False


def read_before(lines: list[str]) -> Before:
    run: list[str] = []
    for text in reversed(lines):
        if not is_context(text):
            break
        run.append(text)
    run.reverse()
    out = Before()
    plain_title = numbered_title = ""
    for text in run:
        words = clean_words(text)
        if not words:
            continue
        if is_title(text):
            numbered = _NUMBERED.match(words)
            if numbered:
                out.seq = int(numbered.group(1))
                numbered_title = clean_words(numbered.group(2))
                plain_title = ""
            else:
                plain_title = words
        year_line = _YEAR_LINE.match(fold(text))
        if year_line:
            out.year = int(year_line.group(1))
        unit = money_unit_in(text)
        if unit:
            out.money_unit = unit
        found = _unit_of(text)
        if found:
            code, name = found
            out.unit_code = code or out.unit_code
            out.unit_name = name or out.unit_name
    out.title = plain_title or numbered_title
    out.has_title = bool(out.title)
    if out.title and out.year is None:
        year = _YEAR.search(out.title)
        if year:
            out.year = int(year.group(1))
    return out


@dataclass
class After:
    filled_by: str = ""
    phone: str = ""
    filled_on: datetime.date | None = None


def read_after(texts: list[str]) -> After:
    out = After()
    for text in texts:
        folded = unicodedata.normalize("NFKC", text or "")
        by = _FILLED_BY.search(folded)
        if by and not out.filled_by:
            out.filled_by = clean_words(by.group(1))
        phone = _PHONE.search(folded)
        if phone and not out.phone:
            out.phone = no_space(phone.group(1))
        date = _DATE.search(folded)
        if date and out.filled_on is None:
            try:
                out.filled_on = datetime.date(int(date.group(1)), int(date.group(2)), int(date.group(3)))
            except ValueError:
                pass
    return out


@dataclass
class Cover:
    year: int | None = None
    department: str = ""


_COVER_CUT = re.compile(r"(部门预算|部门整体|预算绩效|项目支出|整体支出|绩效目标|预算|转移支付|衔接资金|专项资金|绩效自评)")


def department_in_title(text: str) -> str:
    """"2023年临沂市行政审批服务局部门预算整体绩效目标表" → "临沂市行政审批服务局"."""
    words = clean_words(text)
    found = _YEAR.search(words)
    if not found:
        return ""
    head = words[: found.start()].strip(" （(【[")
    if re.search(r"[\u4e00-\u9fff]{2}", head) and not re.search(r"\d", head):
        return head
    tail = words[found.end() :].removeprefix("度")  # "2023年度项目支出…"
    cut = _COVER_CUT.search(tail)
    return tail[: cut.start()].strip() if cut else ""


def read_cover(lines: list[str]) -> Cover:
    """Year and department from the lines before the first table (a cover, a title)."""
    out = Cover()
    compiled = ""
    for text in lines:
        words = clean_words(text)
        if not words or is_toc(text):
            continue
        if out.year is None:
            found = _YEAR.search(words)
            if found and re.search(r"预算|绩效|目标|年度", words):
                out.year = int(found.group(1))
                out.department = out.department or department_in_title(words)
        if not compiled and words.endswith("编制") and len(words) <= 40 and not re.search(r"[，。、,;；]", words):
            compiled = words[: -len("编制")].strip()
    if compiled:
        out.department = compiled
    return out


def name_from_title(title: str) -> str:
    """The name a department-wide table goes by: its title without year and "表（2）"."""
    words = clean_words(title)
    words = re.sub(r"^\s*(?:19|20)\d{2}\s*年度?", "", words)
    words = re.sub(r"表\s*(?:[(（][^)）]{0,10}[)）])?\s*$", "", words)
    return words.strip()
