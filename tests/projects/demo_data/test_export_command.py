"""`export_tables` on the demo data: the files re-opened with python-docx and openpyxl."""
import io

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q
from docx.table import _Cell

from documents.render.xlsx_render import FLAT_SHEET
from projects.models import DepartmentReport, GoalTable
from projects.selectors import goal_table_prefetch, goal_table_to_document


@pytest.fixture
def export(demo_data, db, tmp_path):
    """Run the command; return (its output, the file's bytes)."""

    def run(*args, suffix="docx"):
        target = tmp_path / f"out.{suffix}"
        out = io.StringIO()
        call_command("export_tables", *args, "-o", str(target), stdout=out)
        return out.getvalue(), target.read_bytes()

    return run


def open_docx(data):
    return docx.Document(io.BytesIO(data))


def open_xlsx(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def text_at(table) -> dict[tuple[int, int], str]:
    """(row, grid column) -> text of the cells that start there."""
    out = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            if tc.vMerge != "continue":
                out[(r, col)] = _Cell(tc, table).text
            col += tc.grid_span
    return out


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "绩效目标表标题"]


def qingdao():
    return list(goal_table_prefetch(GoalTable.objects.filter(unit__code="130001")).order_by("seq"))


def test_qingdao_tables_to_word(export):
    output, data = export("--year", "2023", "--unit", "130001", "--format", "docx")
    tables = qingdao()
    assert "已导出 6 张" in output
    document = open_docx(data)
    assert len(document.tables) == len(tables) == 6
    first, cells = tables[0], text_at(document.tables[0])
    assert (cells[(0, 0)], cells[(0, 1)]) == ("项目编码", first.code)
    assert (cells[(0, 3)], cells[(0, 4)]) == ("项目名称", first.name)
    assert (cells[(1, 1)], cells[(1, 2)]) == ("预算数", f"{first.budget_total:.2f}")
    milestones = list(first.milestones.all())
    labels = [cells[(3, c)] for c in (1, 3, 4, 5)]
    values = [cells[(4, c)] for c in (1, 3, 4, 5)]
    assert labels == [m.label for m in milestones] == ["3月底", "6月底", "10月底", "12月底"]
    assert values == [f"{m.value:.2f}" for m in milestones]
    # the six tables come in their filed order, numbered
    assert headings(document) == [f"{t.seq}.{t.title}" for t in tables]
    assert [text_at(t)[(0, 1)] for t in document.tables] == [t.code for t in tables]


def test_qingdao_tables_to_excel_with_numbers_and_the_flat_sheet(export):
    _, data = export("--year", "2023", "--unit", "130001", "--format", "xlsx", suffix="xlsx")
    tables = qingdao()
    book = open_xlsx(data)
    assert book.sheetnames == [f"{t.seq}.{t.name}" for t in tables] + [FLAT_SHEET]
    sheet = book.worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    top = next(i for i, row in enumerate(rows) if row[0] == "项目编码")
    assert rows[top][1] == tables[0].code
    assert rows[top + 1][2] == tables[0].budget_total  # a number, not text
    assert [rows[top + 4][c] for c in (1, 3, 4, 5)] == [m.value for m in tables[0].milestones.all()]
    flat = list(book[FLAT_SHEET].iter_rows(min_row=2, values_only=True))
    assert len(flat) == sum(t.indicators.count() for t in tables)
    cost = next(r for r in flat if r[3] == tables[0].code)
    assert cost[5:8] == ("成本指标", "经济成本指标", "后勤保障预算控制数")
    assert (cost[9], cost[10], cost[11]) == ("≤", 7151, "万元")


def test_shanhaiguan_department_document(export):
    _, data = export("--year", "2022", "--format", "docx")
    report = DepartmentReport.objects.get(fiscal_year__year=2022)
    tables = list(GoalTable.objects.filter(fiscal_year__year=2022).select_related("unit").order_by("unit__code", "seq"))
    document = open_docx(data)
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == report.title == "行政审批部门 2022 年部门预算绩效文本 (草案)"
    assert f"{report.compiled_by}编制" in texts and f"{report.reviewed_by}审核" in texts
    assert "目  录" in texts
    sections = [s.heading for s in report.sections.order_by("order")]
    body_headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert body_headings == sections
    assert len(document.tables) == len(tables) == 12
    numbered = headings(document)
    assert numbered == [f"{i}.{t.name}绩效目标表" for i, t in enumerate(tables, start=1)]
    # each heading is followed by its unit line: 1.–6. under 630001, 7.–12. under 630003
    units = [texts[texts.index(h, texts.index("第二部分 预算项目绩效目标")) + 1] for h in numbered]
    assert [u.split()[0] for u in units] == ["630001"] * 6 + ["630003"] * 6
    assert [text_at(t)[(0, 1)] for t in document.tables] == [t.code for t in tables]


def test_one_project_is_one_table_without_cover(export):
    output, data = export("--year", "2022", "--project", "13030322P004094100018", "--format", "docx")
    assert "已导出 1 张" in output
    document = open_docx(data)
    assert len(document.tables) == 1
    assert "目  录" not in [p.text for p in document.paragraphs]
    assert text_at(document.tables[0])[(0, 4)] == "行政审批服务中心专项补助"


def test_layout_option_prints_every_table_in_that_layout(export):
    _, data = export("--year", "2023", "--unit", "130001", "--layout", "hunan", "--format", "docx")
    document = open_docx(data)
    assert len(document.tables) == 6
    for table, model in zip(document.tables, qingdao()):
        cells = text_at(table)
        assert (cells[(0, 0)], cells[(0, 1)]) == ("项目支出名称", model.name)


def test_a_year_of_several_departments_is_one_file_of_all_their_tables(export):
    output, data = export("--year", "2023", suffix="xlsx")  # the format from the file name
    count = GoalTable.objects.filter(fiscal_year__year=2023).count()
    assert f"已导出 {count} 张" in output and "部门整本" not in output
    book = open_xlsx(data)
    assert len(book.sheetnames) == count + 1
    names = {row[4] for row in book[FLAT_SHEET].iter_rows(min_row=2, values_only=True)}
    assert {t.name for t in GoalTable.objects.filter(fiscal_year__year=2023, kind="project")} <= names


@pytest.mark.parametrize("year,unit", [("2023", "130001"), ("2022", "630001"), ("2023", "沅江市行政审批服务局"),
                                       ("2023", "临沂市行政审批服务局"), ("2020", "112001")])
def test_every_seed_comes_out_in_word_and_excel(export, year, unit):
    selected = GoalTable.objects.filter(fiscal_year__year=year).filter(Q(unit__code=unit) | Q(unit__name=unit))
    documents = [goal_table_to_document(t) for t in goal_table_prefetch(selected)]
    assert documents
    _, word = export("--year", year, "--unit", unit, "--format", "docx")
    opened = open_docx(word)
    text = "\n".join([p.text for p in opened.paragraphs] + [c.text for t in opened.tables for r in t.rows for c in r.cells])
    for document in documents:
        assert document.name in text
        for row in document.all_indicators():
            assert row.name in text
    _, excel = export("--year", year, "--unit", unit, "--format", "xlsx", suffix="xlsx")
    flat = list(open_xlsx(excel)[FLAT_SHEET].iter_rows(min_row=2, values_only=True))
    expected = [(d.name, r.name) for d in documents for r in d.all_indicators()]
    assert sorted((row[4], row[7]) for row in flat) == sorted(expected)


@pytest.mark.parametrize(
    "args,message",
    [
        (["--year", "1999"], "没有 1999 年度"),
        (["--year", "2023", "--unit", "999999"], "没有编码或名称为“999999”的预算单位"),
        (["--year", "2023", "--project", "NOPE"], "没有项目编码或名称为“NOPE”的绩效目标表"),
        (["--year", "2020", "--unit", "130001"], "所选范围内没有绩效目标表"),
        (["--year", "2023", "--layout", "fancy"], "没有“fancy”版式"),
        (["--unit", "130001"], "请用 --year 指定预算年度"),
    ],
)
def test_refusals_in_chinese_with_a_non_zero_exit(demo_data, db, tmp_path, args, message):
    target = tmp_path / "out.docx"
    with pytest.raises(CommandError, match=message) as refusal:
        call_command("export_tables", *args, "-o", str(target))
    assert refusal.value.returncode != 0  # manage.py exits with it
    assert not target.exists()


def test_format_needed_when_the_file_name_does_not_say(demo_data, db, tmp_path):
    with pytest.raises(CommandError, match="docx 或 xlsx"):
        call_command("export_tables", "--year", "2023", "-o", str(tmp_path / "out.pdf"))
