"""The flat sheet 指标明细 of our own XLSX export: one row per indicator, no merges.

A workbook that also holds the printed tables is read from those; the flat sheet then only
supplies what the printed tables do not show (the year, the unit code).  A workbook holding
only a flat sheet (edited in Excel, or from another system) comes in from it.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from documents.goaltable import KIND_PROJECT, TERM_ANNUAL, TERM_LONG, GoalTable, IndicatorRow
from documents.values import normalize_comparator, normalize_unit

from .headers import LONG_WORDS, clean_code, clean_prose, clean_words
from .rawgrid import place
from .rows import category, decimal_cell, direction_of, role_text
from .segments import Segment
from .types import Report


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")) if text.strip() else None
    except InvalidOperation:
        return None


def parse_flat(segment: Segment, report: Report) -> list[GoalTable]:
    tables: list[GoalTable] = []
    keys: list[tuple] = []
    for block in segment.blocks:
        h = block.heading
        for row in block.rows:
            year = clean_words(role_text(row, h, "year"))
            lead = (
                int(year) if re.fullmatch(r"\d{4}", year) else None,
                clean_code(role_text(row, h, "unit_code")),
                clean_words(role_text(row, h, "unit_name")),
                clean_code(role_text(row, h, "project_code")),
                clean_words(role_text(row, h, "project_name")),
            )
            if not any(lead[1:]):
                continue
            if not keys or keys[-1] != lead:
                table = GoalTable(kind=KIND_PROJECT, layout="standard", year=lead[0], unit_code=lead[1],
                                  unit_name=lead[2], code=lead[3], name=lead[4])
                tables.append(table)
                keys.append(lead)
            level1 = category(role_text(row, h, "level1"), report=report, where=place(row, h.col("level1")))
            level2 = category(role_text(row, h, "level2"), report=report, where=place(row, h.col("level2")))
            value_text = role_text(row, h, "value")
            number = _decimal(clean_words(value_text))
            if value_text.strip() and number is None:
                report.warning(place(row, h.col("value")), f"指标值“{clean_words(value_text)}”不是数字，未导入")
            tables[-1].indicators.append(
                IndicatorRow(
                    level1=level1,
                    level2=level2,
                    name=clean_words(role_text(row, h, "name")),
                    description=clean_words(role_text(row, h, "description")),
                    comparator=normalize_comparator(clean_words(role_text(row, h, "comparator"))) or "",
                    value=number,
                    unit=normalize_unit(role_text(row, h, "unit")),
                    value_text=clean_words(role_text(row, h, "value_text")),
                    basis=clean_words(role_text(row, h, "basis")),
                    direction=direction_of(role_text(row, h, "direction")),
                    term=TERM_LONG if clean_words(role_text(row, h, "term")) in LONG_WORDS else TERM_ANNUAL,
                    weight=decimal_cell(role_text(row, h, "weight"), what="权重", where=place(row, h.col("weight")),
                                        report=report),
                    actual_value_text=clean_words(role_text(row, h, "actual")),
                    score=decimal_cell(role_text(row, h, "score"), what="得分", where=place(row, h.col("score")),
                                       report=report),
                    deviation_reason=clean_prose(role_text(row, h, "deviation")),
                    scoring_standard=clean_prose(role_text(row, h, "scoring_standard")),
                    formula=clean_prose(role_text(row, h, "formula")),
                    data_source=clean_words(role_text(row, h, "data_source")),
                )
            )
    return tables
