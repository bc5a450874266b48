"""`parse(render(t)) == t`: every layout's own export comes back unchanged, in Word and Excel.

The tables are the five seeds as the database gives them back (comparator/value/unit read
from the filed 指标值).  A 指标值 that reads is printed in its canonical form ("≥95 百分比" as
"≥95%"), so it comes back in that form with the same comparator and number (as_printed); the
text as typed stays in the database and its history.  A department's whole document prints everything a table holds; a
selection of tables leaves out what only the cover says, listed in NOT_PRINTED.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from django.conf import settings

from documents import goaltable as doc
from documents.parse.reader import parse_file
from documents.render.docx_render import render_docx
from documents.render.xlsx_render import render_xlsx
from projects.services import document_with_parsed_values

from .printing import as_printed

SEEDS = sorted((Path(settings.BASE_DIR) / "fixtures" / "seeds").glob("*.json"))

# What a selection of tables (no cover page) does not print, per layout.
NOT_PRINTED = {
    "standard": {"department"},  # the department is on the cover only (the year is printed above each table)
    "hunan": {"seq", "department"},  # numbered only in the department document
    "overall": set(),
    "duty": set(),
    "list": {"department"},
}


def _renderer(fmt: str):
    return render_docx if fmt == "docx" else render_xlsx


def _seed(path: Path) -> doc.DepartmentDocument:
    data = json.loads(path.read_text(encoding="utf-8"))
    tables = []
    for raw in data["tables"]:
        table = document_with_parsed_values(doc.GoalTable.from_dict(raw))
        table.year, table.department = data["year"], data["department"]["name"]
        tables.append(table)
    report = data.get("report") or {}
    return doc.DepartmentDocument(
        year=data["year"],
        department=data["department"]["name"],
        title=report.get("title", ""),
        compiled_by=report.get("compiled_by", ""),
        reviewed_by=report.get("reviewed_by", ""),
        sections=[doc.Section(**s) for s in report.get("sections", [])],
        tables=tables,
    )


def _without(table: doc.GoalTable, names: set[str]) -> doc.GoalTable:
    blank = doc.GoalTable()
    return dataclasses.replace(table, **{name: getattr(blank, name) for name in names})


@pytest.fixture(scope="module", params=SEEDS, ids=[p.stem for p in SEEDS])
def seed(request) -> doc.DepartmentDocument:
    return _seed(request.param)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_department_document_comes_back_unchanged(seed, fmt):
    render = _renderer(fmt)
    result = parse_file(f"{seed.department}.{fmt}", render(seed))
    assert result.problems == []
    assert result.layout == "+".join(dict.fromkeys(t.layout for t in seed.tables))
    assert len(result.tables) == len(seed.tables)
    for parsed, original in zip(result.tables, seed.tables):
        assert parsed == as_printed(original), original.name


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_selection_of_tables_comes_back_but_for_the_cover(seed, fmt):
    render = _renderer(fmt)
    result = parse_file(f"selection.{fmt}", render(seed.tables))
    assert result.problems == []
    assert [t.name for t in result.tables] == [t.name for t in seed.tables]
    for parsed, original in zip(result.tables, seed.tables):
        unprinted = NOT_PRINTED[original.layout]
        assert _without(parsed, unprinted) == _without(as_printed(original), unprinted), original.name


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_one_table_comes_back_with_its_numbers(seed, fmt):
    render = _renderer(fmt)
    original = seed.tables[-1]
    (parsed,) = parse_file(f"one.{fmt}", render(original)).tables
    unprinted = NOT_PRINTED[original.layout] | ({"unit_name"} if original.layout == "hunan" else set())
    assert _without(parsed, unprinted) == _without(as_printed(original), unprinted)
    assert parsed.budget_total == original.budget_total
    assert [(r.comparator, r.value) for r in parsed.all_indicators()] == [
        (r.comparator, r.value) for r in original.all_indicators()
    ]


def test_the_flat_sheet_alone_comes_in_row_by_row():
    """A workbook holding only 指标明细 (edited in Excel, or from another system)."""
    import io

    import openpyxl

    render = _renderer("xlsx")
    seed = _seed(SEEDS[0])
    book = openpyxl.load_workbook(io.BytesIO(render(seed)))
    for ws in list(book.worksheets):
        if ws.title != "指标明细":
            book.remove(ws)
    out = io.BytesIO()
    book.save(out)
    result = parse_file("明细.xlsx", out.getvalue())
    assert [(t.year, t.unit_code, t.code, t.name) for t in result.tables] == [
        (t.year, t.unit_code, t.code, t.name) for t in seed.tables
    ]
    for parsed, original in zip(result.tables, seed.tables):
        fields = ("level1", "level2", "name", "description", "comparator", "value", "unit", "value_text", "basis")
        assert [tuple(getattr(r, f) for f in fields) for r in parsed.indicators] == [
            tuple(getattr(r, f) for f in fields) for r in original.indicators
        ]
    assert any("明细" in note for note in result.notes)
