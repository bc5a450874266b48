"""Excel files re-opened with openpyxl: layouts, merges, numbers as numbers, print setup, no formulas."""
import pytest

from documents.goaltable import IndicatorRow
from documents.render.xlsx_render import FLAT_COLUMNS, FLAT_SHEET, render_xlsx

from . import samples
from .reading import find_row, open_xlsx, xlsx_merges


def test_standard_sheet_values_numbers_and_merges():
    table = samples.qingdao_1()
    wb = open_xlsx(render_xlsx(table))
    assert wb.sheetnames == ["1.市民中心后勤保障经费", FLAT_SHEET]
    ws = wb.worksheets[0]
    assert ws["A1"].value == "1.市民中心后勤保障经费绩效目标表"
    assert ws["A2"].value == "（2023年度）"
    assert ws["A3"].value == "130001 青岛市行政审批服务局本级"
    assert ws["A4"].value == "单位：万元" and ws["A4"].alignment.horizontal == "right"

    top = find_row(ws, "项目编码")
    budget = ws.cell(top + 2, 3)
    assert (budget.value, budget.data_type, budget.number_format) == (7151, "n", "0.00")
    plan = [ws.cell(top + 5, c).value for c in (2, 4, 5, 6)]
    assert plan == [2000, 5000, 7000, 7151]
    assert ws.cell(top + 1, 2).value == "37020023P88002811163B"

    header = find_row(ws, "一级指标")
    for i, row in enumerate(table.indicators):
        values = [ws.cell(header + 2 + i, c).value for c in range(3, 7)]
        assert values == [row.name, row.description, row.value_text, row.basis]
    merges = xlsx_merges(ws)
    assert (header + 2, 0, header + 6, 0) in merges  # 产出指标 over its five rows
    assert {m for m in merges if m[1] == 0 and m[0] > header} == {(header + 2, 0, header + 6, 0)}
    assert (header + 2, 1, header + 3, 1) in merges and (header + 5, 1, header + 6, 1) in merges
    assert (top, 1, top, 2) in merges  # the code spans two columns


def test_print_setup():
    wb = open_xlsx(render_xlsx([samples.qingdao_1(), *samples.fuzhou()]))
    standard, listing = wb.worksheets[:2]
    assert standard.page_setup.orientation == "portrait" and listing.page_setup.orientation == "landscape"
    assert standard.page_setup.paperSize == 9  # A4
    assert standard.sheet_properties.pageSetUpPr.fitToPage and standard.page_setup.fitToWidth == 1
    header = find_row(standard, "一级指标")
    top = find_row(standard, "项目编码")
    assert standard.print_title_rows == f"${top + 1}:${header + 1}"
    assert standard.print_area == f"'{standard.title}'!$A$1:$G${standard.max_row}"
    assert listing.print_title_rows == f"${find_row(listing, '序号') + 1}:${find_row(listing, '序号') + 2}"
    assert all(standard.column_dimensions[c].width > 5 for c in "ABCDEFG")


def test_list_sheet_holds_every_project_with_numbers():
    projects = samples.fuzhou()
    ws = open_xlsx(render_xlsx(projects)).worksheets[0]
    first = find_row(ws, "序号") + 2
    merges = xlsx_merges(ws)
    row = first
    for project in projects:
        n = len(project.indicators)
        assert ws.cell(row + 1, 1).value == project.seq
        assert ws.cell(row + 1, 2).value == project.name
        assert ws.cell(row + 1, 3).value == float(project.budget_total)
        if n > 1:
            assert (row, 1, row + n - 1, 1) in merges
        row += n
    assert [ws.cell(first + 2, c).value for c in range(9, 13)] == ["反向指标", "小于等于", 24, "小时"]
    assert ws.cell(first + 2, 11).number_format == "0.00"


def test_duty_sheet_reference_columns():
    table = samples.linyi()
    ws = open_xlsx(render_xlsx(table)).worksheets[0]
    top = find_row(ws, "职责序号")
    assert ws.cell(top + 3, 8).value == "规划值" and ws.cell(top + 4, 10).value == "来源"
    indicator = table.duties[0].tasks[0].indicators[0]
    assert [ws.cell(top + 5, c).value for c in range(5, 14)] == [
        indicator.name, indicator.description, indicator.value_text, indicator.ref_plan, indicator.ref_standard,
        indicator.ref_standard_source, indicator.ref_avg3, indicator.ref_last_year, indicator.ref_history_source,
    ]
    assert (top + 4, 0, top + 6, 0) in xlsx_merges(ws)
    assert ws.page_setup.orientation == "landscape"


def test_flat_sheet_one_row_per_indicator_for_pivoting():
    tables = [samples.qingdao_1(), *samples.fuzhou(), samples.linyi()]
    wb = open_xlsx(render_xlsx(tables))
    flat = wb[FLAT_SHEET]
    rows = list(flat.iter_rows(values_only=True))
    assert rows[0] == tuple(title for title, _ in FLAT_COLUMNS)
    expected = [(t, r) for t in tables for r in t.all_indicators()]
    assert len(rows) - 1 == len(expected)
    assert not flat.merged_cells.ranges
    assert flat.auto_filter.ref == f"A1:W{len(rows)}"
    by_name = {row[7]: row for row in rows[1:]}
    target = by_name["系统故障修复响应时间"]
    assert target == (2020, "112001", "福州市鼓楼区行政服务中心管理委员会", None, "中心智能化项目维保费", "产出指标",
                      "时效指标", "系统故障修复响应时间", "从系统故障开始至修复时间", "≤", 24, "小时", "24.00", None,
                      "反向", None, None, None, None, None, None, None, None)
    assert by_name["服务人数"][12] == "≥600人" and by_name["服务人数"][10] is None
    assert flat.cell(2, 1).data_type == "n"


def test_department_document_sheets_are_numbered_and_grouped_by_unit():
    wb = open_xlsx(render_xlsx(samples.shanhaiguan_document()))
    assert wb.sheetnames == [
        "1.跨省通办及省内通办网络建设及设备费", "2.行政审批服务中心专项补助", "3.“好差评”专业评价系统及配套设施经费", FLAT_SHEET,
    ]
    assert wb.worksheets[2]["A2"].value == "630003 行政审批部门政务服务中心"


DANGEROUS = ["=1+1", "+1+2", "-3+4", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","点我")']


def test_no_text_cell_can_run_as_a_formula():
    table = samples.qingdao_1()
    table.name = DANGEROUS[-1]
    table.purpose = "=2*3"
    table.indicators = [
        IndicatorRow(level1="产出指标", level2="数量指标", name=text, description=text, value_text=text, basis=text,
                     comparator="=", unit="-")
        for text in DANGEROUS
    ]
    wb = open_xlsx(render_xlsx(table))
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert set(DANGEROUS) | {"=2*3", "=", "-"} <= seen
    numbers = wb.worksheets[0].cell(find_row(wb.worksheets[0], "项目编码") + 2, 3)
    assert numbers.data_type == "n" and not numbers.quotePrefix


def test_unique_valid_sheet_names():
    a = samples.qingdao_1()
    b = samples.qingdao_1()
    b.seq = 1
    a.name = b.name = "名称/含[非法]字符*而且非常非常非常非常非常非常非常长的项目名称"
    names = open_xlsx(render_xlsx([a, b])).sheetnames
    assert len(set(names)) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


@pytest.mark.parametrize(
    "text,shown",
    [("含\x01控制符", "含控制符"), ("_x0041_", "_x0041_"), (" 前后空格 ", " 前后空格 "), ("第一行\n第二行", "第一行\n第二行"),
     ("回车\r换行", "回车\r换行"), ("A&B<C>", "A&B<C>")],
)
def test_awkward_text_round_trips(text, shown):
    table = samples.qingdao_1()
    table.purpose = text
    ws = open_xlsx(render_xlsx(table)).worksheets[0]
    assert ws.cell(find_row(ws, "预算规模及资金用途") + 2, 2).value == shown


def test_flat_sheet_alone_for_very_large_exports():
    tables = [samples.qingdao_1(), *samples.fuzhou()]
    wb = open_xlsx(render_xlsx(tables, table_sheets=False))
    assert wb.sheetnames == [FLAT_SHEET]
    assert wb[FLAT_SHEET].max_row == 1 + sum(len(t.indicators) for t in tables)


def _sheet_names(data: bytes) -> list[str]:
    """The sheet names from workbook.xml: openpyxl takes seconds to open 300 sheets."""
    import io
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ElementTree.fromstring(z.read("xl/workbook.xml"))
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    return [sheet.get("name") for sheet in root.iter(f"{main}sheet")]


def _many(count):
    tables = []
    for i in range(count):
        table = samples.qingdao_1()
        table.seq, table.code, table.name = i + 1, f"P{i:04d}", f"项目{i + 1}"
        tables.append(table)
    return tables


def test_up_to_the_limit_every_table_gets_its_sheet():
    from documents.render.xlsx_render import MAX_TABLE_SHEETS

    tables = _many(MAX_TABLE_SHEETS)
    names = _sheet_names(render_xlsx(tables))
    assert len(names) == MAX_TABLE_SHEETS + 1 and names[-1] == FLAT_SHEET
    assert names[0] == "1.项目1" and names[-2] == f"{MAX_TABLE_SHEETS}.项目{MAX_TABLE_SHEETS}"


def test_above_the_limit_the_flat_sheet_and_a_note_saying_how_to_get_the_table_sheets():
    from documents.render.xlsx_render import MAX_TABLE_SHEETS, NOTE_SHEET

    tables = _many(MAX_TABLE_SHEETS + 1)
    wb = open_xlsx(render_xlsx(tables))
    assert wb.sheetnames == [FLAT_SHEET, NOTE_SHEET]
    flat = wb[FLAT_SHEET]
    rows = sum(len(t.indicators) for t in tables)
    assert flat.max_row == 1 + rows
    assert [flat.cell(flat.max_row, c).value for c in (4, 5, 8)] == [
        tables[-1].code, tables[-1].name, tables[-1].indicators[-1].name]
    note = "\n".join(str(c.value) for c in wb[NOTE_SHEET]["A"] if c.value)
    assert f"{MAX_TABLE_SHEETS + 1:,} 张绩效目标表" in note and f"{rows:,} 条指标" in note
    assert f"不超过 {MAX_TABLE_SHEETS} 张表" in note and "export_tables" in note and "--unit" in note

    # Asked for explicitly, the table sheets are still written, and 指标明细 alone has no note.
    assert len(_sheet_names(render_xlsx(tables, table_sheets=True))) == MAX_TABLE_SHEETS + 2
    assert open_xlsx(render_xlsx(tables, table_sheets=False)).sheetnames == [FLAT_SHEET]


def test_a_large_export_imports_back_from_its_flat_sheet():
    from documents.parse.reader import parse_file
    from documents.render.xlsx_render import MAX_TABLE_SHEETS

    tables = _many(MAX_TABLE_SHEETS + 1)
    for table in tables:
        table.year = 2023
    result = parse_file("大.xlsx", render_xlsx(tables))
    assert not [p for p in result.problems if p.severity == "error"]
    assert [(t.code, t.name, len(t.indicators)) for t in result.tables] == [
        (t.code, t.name, len(t.indicators)) for t in tables]
