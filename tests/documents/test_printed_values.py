"""指标值 in the official Word and Excel tables: a target that reads prints in its canonical form,
a qualitative value as typed; checked by re-opening the files."""
import dataclasses

import pytest

from documents.parse.rows import fill_value
from documents.render.docx_render import render_docx
from documents.render.xlsx_render import render_xlsx

from . import samples
from .reading import docx_text_at, find_row, open_docx, open_xlsx

# As typed by people (and as filed in the seeds), and as the table prints it.
TYPED = [
    ("≧90%", "≥90%"),
    (">=90", "≥90"),
    ("＞＝90％", "≥90%"),
    ("９５％", "95%"),
    ("‹=7151万元", "≤7151万元"),
    ("≥95 百分比", "≥95%"),
    ("达到≥95% 。", "≥95%"),
    ("运行机制健全", "运行机制健全"),
]


def _typed_table():
    table = samples.qingdao_1()
    rows = []
    for row, (typed, _) in zip(table.indicators, TYPED):
        row = dataclasses.replace(row, value_text=typed)
        fill_value(row)  # comparator, number and unit as the importer and the database read them
        rows.append(row)
    return dataclasses.replace(table, indicators=rows)


def test_word_prints_each_value_in_its_canonical_form():
    table = _typed_table()
    word = open_docx(render_docx(table))
    texts = [text for t in word.tables for text in docx_text_at(t).values()]
    for typed, printed in TYPED:
        assert printed in texts, (typed, printed)
    assert not {typed for typed, printed in TYPED if typed != printed} & set(texts)


def test_excel_prints_each_value_in_its_canonical_form_and_keeps_the_typed_text_in_the_flat_sheet():
    table = _typed_table()
    book = open_xlsx(render_xlsx(table))
    sheet = book.worksheets[0]
    header = find_row(sheet, "一级指标")
    shown = [sheet.cell(header + 2 + i, 5).value for i in range(len(TYPED))]
    assert shown == [printed for _, printed in TYPED]
    flat = book["指标明细"]
    heads = [c.value for c in flat[1]]
    typed_column = heads.index("指标值（原文）") + 1
    assert [flat.cell(2 + i, typed_column).value for i in range(len(TYPED))] == [typed for typed, _ in TYPED]


@pytest.mark.parametrize("layout", ["hunan", "overall"])
def test_other_layouts_print_the_same_form(layout):
    table = dataclasses.replace(_typed_table(), layout=layout, kind="overall" if layout == "overall" else "project")
    texts = [text for t in open_docx(render_docx(table)).tables for text in docx_text_at(t).values()]
    assert "≥90%" in texts and "≧90%" not in texts and "运行机制健全" in texts
