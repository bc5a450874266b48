"""Imports are bounded: a file past any limit is refused while it streams, with a Chinese message naming it.

Each limit is checked on a small file with that limit turned down (ImportLimits), and the
zip bomb and deep nesting at the default limits, where they must be refused quickly.
"""
from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from documents.parse.reader import ImportFileError, ImportLimits, parse_file

from .import_build import LEFT, UP, docx_file, xlsx_file
from .samples import qingdao_1

HAN = re.compile(r"[\u4e00-\u9fff]")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def table(name: str) -> list[list[str]]:
    return [
        ["项目名称", name, LEFT, LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"],
        ["产出指标", "数量指标", "培训人次", "≥260人次", "年度工作计划"],
        [UP, "质量指标", "培训覆盖率", "≥99%", "年度工作计划"],
    ]


THREE = docx_file("2023年项目支出绩效目标表", table("甲项目"), "2023年项目支出绩效目标表", table("乙项目"),
                  "2023年项目支出绩效目标表", table("丙项目"))


def with_part(package: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return out.getvalue()


def refused(name: str, data: bytes, **limits) -> str:
    with pytest.raises(ImportFileError) as caught:
        parse_file(name, data, limits=ImportLimits(**limits))
    error = caught.value
    assert error.file == name and name in str(error)
    assert HAN.search(error.message) and not re.search(r"[A-Za-z]{6,}", error.message.replace("word/document.xml", ""))
    return error.message


def test_the_default_limits_take_a_file_of_several_tables():
    assert [t.name for t in parse_file("三表.docx", THREE).tables] == ["甲项目", "乙项目", "丙项目"]


def test_a_zip_bomb_is_refused_while_it_unpacks_and_quickly():
    body = b"<w:p/>" * (40 * 1024 * 1024 // 6)  # 40 MB of XML packed into about 40 KB
    bomb = with_part(THREE, "word/document.xml",
                     f'<w:document {W}><w:body>'.encode() + body + b"</w:body></w:document>")
    assert len(bomb) < 200 * 1024
    started = time.process_time()
    message = refused("炸弹.docx", bomb)
    assert "word/document.xml" in message and "200 倍" in message and "压缩炸弹" in message
    assert time.process_time() - started < 3


def test_unpacked_size_elements_tables_and_rows_each_have_a_limit():
    assert "超过 1 MB 的上限" in refused("大.docx", with_part(
        THREE, "word/document.xml", f"<w:document {W}><w:body>".encode() + b"<w:p/>" * 200_000 + b"</w:body></w:document>"),
        unpacked_bytes=1024 * 1024)
    assert "XML 元素超过 100 个" in refused("元素.docx", THREE, elements=100)
    assert "表格超过 2 个" in refused("三表.docx", THREE, tables=2)
    assert "表格行超过 10 行" in refused("三表.docx", THREE, rows=10)


def test_deeply_nested_xml_is_refused():
    deep = (f'<w:document {W}><w:body>' + "<w:sdt><w:sdtContent>" * 300 + "<w:p/>"
            + "</w:sdtContent></w:sdt>" * 300 + "</w:body></w:document>")
    assert "嵌套超过 256 层" in refused("嵌套.docx", with_part(THREE, "word/document.xml", deep.encode()))


def test_workbooks_limit_shared_strings_sheets_and_tables():
    book = xlsx_file(*((f"项目{i}", [["2023年项目支出绩效目标表", LEFT, LEFT, LEFT, LEFT], *table(f"项目{i}")])
                       for i in range(3)))
    assert [t.name for t in parse_file("三页.xlsx", book).tables] == ["项目0", "项目1", "项目2"]
    assert "工作表超过 2 个" in refused("三页.xlsx", book, sheets=2)
    assert "表格行超过 5 行" in refused("三页.xlsx", book, rows=5)


def test_a_workbook_of_many_texts_is_refused_at_the_shared_strings_limit():
    from documents.render.xlsx_render import render_xlsx

    from .samples import fuzhou

    book = render_xlsx(fuzhou()[:2] + [qingdao_1()])
    assert len(parse_file("三表.xlsx", book).tables) == 3
    assert "共享字符串超过 5 个" in refused("三表.xlsx", book, shared_strings=5)


def test_the_file_size_limit_comes_from_the_limits():
    assert "超过 1 MB 的上限" in refused("大.docx", THREE + b"\0" * (1024 * 1024), file_bytes=1024 * 1024)
