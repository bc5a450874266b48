"""The small readers behind the import: cleaning filed text, recognising headings and the
lines around a table, and showing Excel numbers as the sheet shows them."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from documents.parse.context import department_in_title, name_from_title, read_after, read_before, read_cover
from documents.parse.headers import clean_code, clean_prose, clean_words, column_role, form_label, key, strip_score
from documents.parse.rawgrid import RawCell, Row
from documents.parse.reader import detect_layout
from documents.parse.segments import build_heading, is_main_heading
from documents.parse.xlsx_parse import number_text

from . import test_import_seedlike as seeds


@pytest.mark.parametrize(
    "filed,clean",
    [
        ("工资发放精 准性", "工资发放精准性"),
        ("年度工作计\n划", "年度工作计划"),
        ("工资保险发放 (缴纳) 标 准", "工资保险发放(缴纳)标准"),
        ("≥95 百分比", "≥95 百分比"),
        ("≥100 百分 比", "≥100 百分比"),
        ("1.目标内容 1 跨省通办", "1.目标内容 1 跨省通办"),
        ("“一窗受理” “一网通办”", "“一窗受理” “一网通办”"),
        ("\u3000≥98%\u3000\n\n\u3000", "≥98%"),
        ("产出 指标", "产出指标"),
        ("", ""),
    ],
)
def test_words_broken_by_spaces_and_line_breaks_are_joined(filed, clean):
    assert clean_words(filed) == clean


def test_prose_keeps_its_spaces_and_paragraphs_but_joins_words_broken_by_a_line_break():
    assert clean_prose("确保 市民中心正常运行") == "确保 市民中心正常运行"
    assert clean_prose("1.提升效率；\n2.降低成本。") == "1.提升效率；\n2.降低成本。"
    assert clean_prose("保障中心业务系统正常\n运行") == "保障中心业务系统正常运行"


@pytest.mark.parametrize(
    "filed,code",
    [("13030322P0040891000 1D", "13030322P00408910001D"), ("3702 0023\nP88002811163B", "37020023P88002811163B"),
     ("Ｐ００１", "P001"), ("待定 编码", "待定编码")],
)
def test_codes_broken_by_spaces_are_joined(filed, code):
    assert clean_code(filed) == code


def test_headings_match_whatever_their_spacing_width_and_script():
    assert key("指 标 值（万元）") == key("指标值(万元)")
    assert column_role("一級指標") == "level1"
    assert column_role("指標內容") == "name"
    assert column_role("計量單位") == "unit"
    assert column_role("指标值确定 依据") == "basis"
    assert column_role("产出指标") is None
    assert form_label("年预算安排资金（万元）") is None
    assert form_label("预算数（元）") == ("budget_total", "元")
    assert form_label("其中：财政    资金") == ("fiscal_funds", "")
    assert form_label("年度本级\n\n预算金额") == ("budget_total", "")


def test_scores_in_category_cells_are_found():
    assert strip_score("产出指标(50分)") == ("产出指标", True)
    assert strip_score("满意度指标（10.5 分）") == ("满意度指标", True)
    assert strip_score("产出指标") == ("产出指标", False)


def _row(*texts, number=1) -> Row:
    return Row([RawCell(t) for t in texts], [True] * len(texts), table=1, number=number)


def test_heading_row_is_found_wherever_its_columns_stand():
    shuffled = _row("指标值", "备注", "三级指标", "一级指标", "二级指标", "计量单位")
    assert is_main_heading(shuffled)
    heading = build_heading([shuffled])
    assert heading.columns == {"value": 0, "name": 2, "level1": 3, "level2": 4, "unit": 5}
    assert not is_main_heading(_row("项目名称", "一级指标", "预算数"))
    assert not is_main_heading(_row("产出指标", "数量指标", "服务人数", "≥600人"))


def test_the_lines_right_above_a_table_give_its_number_title_year_and_unit():
    before = read_before([
        "目 录",
        "1.其他项目绩效目标表..... 6",
        "第二部分",
        "3.行政审批服务中心专项补助绩效目标表",
        "630001 行政审批部门行政审批局本级",
        "单位：万元",
    ])
    assert (before.seq, before.title, before.unit_code, before.unit_name, before.money_unit) == (
        3, "行政审批服务中心专项补助绩效目标表", "630001", "行政审批部门行政审批局本级", "万元")
    listed = read_before(["财政支出项目绩效目标表", "（2020年度）", "单位名称：[112001]福州市鼓楼区行政服务中心管理委员会"])
    assert (listed.title, listed.year, listed.unit_code) == ("财政支出项目绩效目标表", 2020, "112001")
    hunan = read_before(["1.新增劳务派遣人员工资绩效目标表", "2023年项目支出绩效目标表", "填报单位：（盖章）\t单位：元"])
    assert (hunan.seq, hunan.title, hunan.year, hunan.money_unit, hunan.unit_name) == (
        1, "2023年项目支出绩效目标表", 2023, "元", "")


def test_signature_lines_give_who_filled_it_in_and_when():
    after = read_after(["填表人：杨迪          联系电话：186 8482 3990         填报日期： 2023.7.14", "单位负责人签字："])
    assert (after.filled_by, after.phone, after.filled_on) == ("杨迪", "18684823990", datetime.date(2023, 7, 14))
    assert read_after(["填报日期：2023年13月40日"]).filled_on is None


def test_cover_gives_year_and_department():
    cover = read_cover(["行政审批部门 2022 年部门预算绩效文本 (草案)", "行政审批部门编制", "山海关区财政局审核"])
    assert (cover.year, cover.department) == (2022, "行政审批部门")
    assert department_in_title("2023年临沂市行政审批服务局部门预算整体绩效目标表（2）") == "临沂市行政审批服务局"
    assert department_in_title("（2020年度）") == ""
    assert name_from_title("2023年临沂市行政审批服务局部门预算整体绩效目标表（2）") == "临沂市行政审批服务局部门预算整体绩效目标"


@pytest.mark.parametrize(
    "value,fmt,text",
    [
        (95, "0.00", "95.00"),
        (25, '0"%"', "25%"),
        (0.255, "0.0%", "25.5%"),
        (28.1, "General", "28.1"),
        (7151, "#,##0.00", "7151.00"),
        (Decimal("1E+3"), "General", "1000"),
        (1e300, "General", "1e+300"),  # beyond any form: shown, never an error
    ],
)
def test_excel_numbers_read_as_the_sheet_shows_them(value, fmt, text):
    assert number_text(value, fmt) == text


@pytest.mark.parametrize(
    "name,layout",
    [("QINGDAO", "standard"), ("SHANHAIGUAN", "standard"), ("YUANJIANG", "overall+hunan"), ("LINYI", "duty"),
     ("FUZHOU", "list"), ("UNSEEN", "standard")],
)
def test_layout_is_detected_from_the_tables(name, layout):
    assert detect_layout(f"{name}.docx", getattr(seeds, name)) == layout


def test_word_rows_honour_grid_before_spans_merges_and_deleted_rows():
    from documents.parse.docx_parse import read_body

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (
        f"<w:document {w}><w:body><w:tbl>"
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>一级</w:t>'
        "<w:br/><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:del w:id="1" w:author="x" w:date="2023-01-01T00:00:00Z"/></w:trPr>'
        "<w:tc><w:p><w:r><w:t>删掉的行</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc>'
        "<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr>'
        "</w:tbl></w:body></w:document>"
    )
    first, second, third = read_body(xml.encode()).items
    assert [c.text for c in first.cells] == ["一级\n指标", "一级\n指标", "甲"]
    assert first.cells[0] is first.cells[1] is second.cells[0] is second.cells[1]
    assert (second.first, [c.text for c in second.cells][2]) == ([False, False, True], "乙")
    assert [c.text for c in third.cells] == ["", "", "丙"]
    assert (first.number, second.number, third.number) == (1, 3, 4)
