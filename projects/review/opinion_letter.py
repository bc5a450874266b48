"""The 审核意见书 (review opinion letter) as Word: for one table or a whole department-year.

The letter is what the finance bureau sends back: per table the grade, the 四性 opinions,
the overall opinion, the review rules' findings with the regulation each rests on, and the
reviewer's comments with their replies.  A short document built with python-docx (the
project's fast table renderer is for the goal tables themselves).
"""
from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import docx
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from documents.rules import Finding
from documents.rules.sources import source_number

CHINESE_NUMBERS = "一二三四五六七八九十"
FONT = "仿宋"
HEADING_FONT = "黑体"


@dataclass
class LetterTable:
    """What the letter says about one table; built from the database by the view's helper."""

    name: str
    code: str
    unit: str
    budget_total: str  # already formatted, 万元
    status: str
    version: int | None
    grade: str = ""
    decision: str = ""
    aspects: list[tuple[str, str]] = field(default_factory=list)  # (完整性, note) …
    opinion: str = ""
    findings: list[Finding] = field(default_factory=list)
    comments: list[tuple[str, str, list[str], bool]] = field(default_factory=list)  # (位置, 批注, 回复, 已解决)
    reviewer: str = ""


def _ordinal(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMBERS[n - 11]
    tens, ones = divmod(n, 10)
    return CHINESE_NUMBERS[tens - 1] + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")


def _font(run: docx.text.run.Run, name: str = FONT, size: float = 12, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(doc: docx.document.Document, text: str, *, size: float = 12, bold: bool = False, align: int | None = None, font: str = FONT) -> docx.text.paragraph.Paragraph:
    paragraph = doc.add_paragraph()
    _font(paragraph.add_run(text), font, size, bold)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _table(doc: docx.document.Document, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> docx.table.Table:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), FONT, 10.5)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Pt(width)
    return table


def _where(finding: Finding) -> str:
    return "全表" if finding.row is None else f"第{finding.row + 1}行“{finding.indicator or ''}”"


def opinion_letter(*, title: str, addressee: str, tables: list[LetterTable], issued_by: str, on: datetime.date) -> bytes:
    """The letter as .docx bytes."""
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Pt(72)
    _para(doc, title, size=18, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEADING_FONT)
    _para(doc, f"{addressee}：")
    _para(
        doc,
        f"    你单位报送的{len(tables)}张绩效目标表已按《中央部门预算绩效目标管理办法》（财预〔2015〕88号）"
        f"和《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）审核，意见如下。",
    )
    for number, item in enumerate(tables, start=1):
        code = f"（{item.code}）" if item.code else ""
        _para(doc, f"{_ordinal(number)}、{item.name}{code}", size=14, font=HEADING_FONT)
        _table(
            doc,
            ["预算单位", "预算数（万元）", "状态", "审核版本", "审核等级", "审核结论"],
            [[item.unit, item.budget_total, item.status, f"第{item.version}版" if item.version else "未提交",
              item.grade or "未评级", item.decision or "尚无结论"]],
        )
        _para(doc, "（一）四性审核意见", bold=True)
        _table(doc, ["方面", "审核意见"], [[label, note or "—"] for label, note in item.aspects], [80, 380])
        _para(doc, "（二）总体意见", bold=True)
        _para(doc, item.opinion or "—")
        _para(doc, f"（三）审核规则发现的问题（{len(item.findings)}条）", bold=True)
        if item.findings:
            _table(
                doc,
                ["序号", "级别", "位置", "问题及修改意见", "依据"],
                [[str(i), f.severity_label, _where(f), f.message, source_number(f.source)]
                 for i, f in enumerate(item.findings, start=1)],
                [30, 36, 90, 240, 70],
            )
        else:
            _para(doc, "审核规则未发现问题。")
        _para(doc, f"（四）审核批注（{len(item.comments)}条）", bold=True)
        if item.comments:
            _table(
                doc,
                ["位置", "批注", "回复", "状态"],
                [[where, body, "\n".join(replies) or "—", "已解决" if resolved else "待修改"]
                 for where, body, replies, resolved in item.comments],
                [90, 170, 150, 50],
            )
        else:
            _para(doc, "无。")
        if item.reviewer:
            _para(doc, f"审核人：{item.reviewer}")
    _para(doc, "")
    _para(doc, issued_by, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{on.year}年{on.month}月{on.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
