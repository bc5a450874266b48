"""Word files re-opened with python-docx: every value in its cell, every merge, the official page."""
from decimal import Decimal as D

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from documents.goaltable import IndicatorRow
from documents.render.docx_render import render_docx

from . import samples
from .reading import docx_cells, docx_merges, docx_text_at, open_docx, row_flags


def runs(values, offset):
    out = []
    for i, v in enumerate(values):
        if out and out[-1][2] == v:
            out[-1] = (out[-1][0], i + offset, v)
        else:
            out.append((i + offset, i + offset, v))
    return out


def test_standard_table_values_merges_and_header_rows():
    table = samples.qingdao_1()
    doc = open_docx(render_docx(table))
    [word] = doc.tables
    text = docx_text_at(word)
    assert text[(0, 1)] == "37020023P88002811163B"
    assert text[(0, 4)] == "市民中心后勤保障经费"
    assert (text[(1, 2)], text[(1, 4)]) == ("7151.00", "7151.00")
    assert [text[(4, c)] for c in (1, 3, 4, 5)] == ["2000.00", "5000.00", "7000.00", "7151.00"]
    header = 7
    for i, row in enumerate(table.indicators):
        r = header + i
        assert [text.get((r, c)) for c in (2, 3, 4, 5)] == [row.name, row.description, row.value_text, row.basis]

    merges = docx_merges(word)
    level1 = {(a, 0, b, 0) for a, b, _ in runs([r.level1 for r in table.indicators], header) if b > a}
    assert level1 == {(8, 0, 12, 0)}  # 产出指标 over its five rows, nothing else
    assert {m for m in merges if m[1] == 0 and m[0] >= header} == level1
    assert {m for m in merges if m[1] == 1 and m[0] >= header} == {(8, 1, 9, 1), (11, 1, 12, 1)}
    assert (1, 0, 2, 0) in merges and (3, 0, 4, 0) in merges  # 预算规模及资金用途, 资金支出计划
    assert (6, 5, 6, 6) in merges  # 指标值确定依据 spans two grid columns

    assert row_flags(word, "tblHeader") == [True] * header + [False] * len(table.indicators)
    assert all(row_flags(word, "cantSplit"))


def test_standard_page_lines_and_fonts():
    doc = open_docx(render_docx(samples.qingdao_1()))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Cm(21)) < Cm(0.1) and abs(section.page_height - Cm(29.7)) < Cm(0.1)
    paragraphs = {p.text: p for p in doc.paragraphs if p.text}
    assert "1.市民中心后勤保障经费绩效目标表" in paragraphs
    assert "130001 青岛市行政审批服务局本级" in paragraphs
    assert paragraphs["单位：万元"].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    table_text = doc.styles["表格文字"]
    assert table_text.font.size == Pt(10.5)
    assert table_text.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    cell = doc.tables[0].cell(7, 2)
    assert cell.paragraphs[0].style.name == "表格文字"


def test_hunan_signature_lines_and_label_merge():
    table = samples.yuanjiang_project()
    doc = open_docx(render_docx(table))
    [word] = doc.tables
    assert (5, 0, 5 + len(table.indicators), 0) in docx_merges(word)  # 本年度绩效指标
    assert docx_text_at(word)[(1, 1)] == "96"
    lines = [p.text for p in doc.paragraphs]
    assert "填表人：杨迪\t联系电话：18684823990\t填报日期：2023.7.14" in lines
    assert "单位负责人签字：" in lines
    assert "填报单位：沅江市行政审批服务局（盖章）\t单位：万元" in lines  # the unit, so the file reads back


def test_list_layout_is_landscape_and_holds_every_project():
    projects = samples.fuzhou()
    doc = open_docx(render_docx(projects))
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    [word] = doc.tables
    text = docx_text_at(word)
    merges = docx_merges(word)
    row = 2
    for project in projects:
        n = len(project.indicators)
        assert text[(row, 1)] == project.name
        if n > 1:
            assert (row, 1, row + n - 1, 1) in merges
        for i, indicator in enumerate(project.indicators):
            assert text[(row + i, 10)] == indicator.value_text
        row += n
    assert text[(3, 8)] == "反向指标" and text[(3, 9)] == "小于等于" and text[(3, 11)] == "小时"
    assert row == len(word.rows)
    assert row_flags(word, "tblHeader")[:3] == [True, True, False]


def test_duty_layout_reference_columns():
    table = samples.linyi()
    doc = open_docx(render_docx(table))
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    [word] = doc.tables
    text = docx_text_at(word)
    assert text[(0, 7)] == "指标参考值"
    assert (text[(2, 7)], text[(2, 8)], text[(3, 8)], text[(3, 9)]) == ("规划值", "当年标准值", "标准值", "来源")
    assert (text[(2, 10)], text[(2, 11)], text[(2, 12)]) == ("前三年均值", "上年值", "来源")
    first = table.duties[0].tasks[0].indicators[0]
    assert [text[(4, c)] for c in range(4, 13)] == [
        first.name, first.description, first.value_text, first.ref_plan, first.ref_standard,
        first.ref_standard_source, first.ref_avg3, first.ref_last_year, first.ref_history_source,
    ]
    merges = docx_merges(word)
    assert (4, 0, 6, 0) in merges and (4, 2, 5, 2) in merges and (4, 13, 5, 13) in merges
    assert (0, 1, 3, 2) in merges  # 部门职责: two columns, four header rows
    assert row_flags(word, "tblHeader") == [True] * 4 + [False] * 4


def test_overall_table_text():
    doc = open_docx(render_docx(samples.yuanjiang_overall()))
    texts = {t for *_, t in docx_cells(doc.tables[0])}
    assert {"资金总额：864.3万", "其中：基本支出：367.6万", "部门整体支出年度绩效指标"} <= texts


def test_line_breaks_and_control_characters_survive():
    table = samples.qingdao_1()
    table.indicators = [IndicatorRow(level1="产出指标", level2="数量指标", name="第一行\n第二行",
                                     description="含\x01控制符 & <尖括号>", value_text="≥1个")]
    text = docx_text_at(open_docx(render_docx(table)).tables[0])
    assert text[(7, 2)] == "第一行\n第二行"
    assert text[(7, 3)] == "含控制符 & <尖括号>"


def test_department_document_cover_toc_sections_and_numbered_tables_by_unit():
    document = samples.shanhaiguan_document()
    doc = open_docx(render_docx(document))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    assert texts[:3] == ["行政审批部门 2022 年部门预算绩效文本 (草案)", "行政审批部门编制", "山海关区财政局审核"]
    assert texts[3] == "目  录"

    instructions = [t.text for t in doc.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    expected = [
        "第一部分 部门整体绩效目标", "一、总体绩效目标", "第二部分 预算项目绩效目标",
        "1.跨省通办及省内通办网络建设及设备费绩效目标表",
        "2.行政审批服务中心专项补助绩效目标表",
        "3.“好差评”专业评价系统及配套设施经费绩效目标表",
    ]
    toc = [p.text.split("\t")[0] for p in paragraphs if p.style.name.startswith("toc")]
    assert toc == expected

    headings = [p for p in paragraphs if p.style.name in ("Heading 1", "Heading 2", "绩效目标表标题")]
    assert [p.text for p in headings] == expected
    assert [p.style.name for p in headings[:3]] == ["Heading 1", "Heading 2", "Heading 1"]
    body = [p.text for p in paragraphs if p.style.name == "正文首行缩进"]
    assert body == ["贯彻落实党中央、省委、市委和区委的决策部署。", "坚持和加强党的集中统一领导。"]

    # each table heading is followed by its unit line and 单位：万元, units grouped together
    units = [texts[texts.index(h) + 1] for h in expected[3:]]
    assert units == ["630001 行政审批部门行政审批局本级"] * 2 + ["630003 行政审批部门政务服务中心"]
    assert len(doc.tables) == 3
    assert docx_text_at(doc.tables[2])[(0, 4)] == "“好差评”专业评价系统及配套设施经费"
    assert doc.settings.element.find(qn("w:updateFields")) is not None


def test_department_document_turns_the_page_for_landscape_tables():
    document = samples.shanhaiguan_document()
    document.tables = [samples.qingdao_1(), *samples.fuzhou(), samples.yuanjiang_overall()]
    doc = open_docx(render_docx(document))
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    # department-wide tables come before the project tables
    headings = [p.text for p in doc.paragraphs if p.style.name == "绩效目标表标题"]
    assert headings[0] == "2023年部门整体支出绩效目标表"
    assert headings[1] == "1.市民中心后勤保障经费绩效目标表"
    assert docx_text_at(doc.tables[1])[(1, 2)] == "7151.00"
    assert D(docx_text_at(doc.tables[2])[(2, 2)]) == D("28.1")
