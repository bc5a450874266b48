"""Bad input: every broken or unsupported file gets a clear Chinese message naming the file.

Whole-file failures raise ImportFileError; a table that cannot be read is a Problem naming
file, table and row, and the rest of the file still comes in.
"""
from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

from documents.parse.reader import MAX_FILE_BYTES, ImportFileError, parse_file

from .import_build import LEFT, UP, docx_file, xlsx_file

CORPUS = Path(__file__).parent / "corpus"
HAN = re.compile(r"[\u4e00-\u9fff]")

GOOD_TABLE = [
    ["项目名称", "测试项目", LEFT, LEFT, LEFT],
    ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"],
    ["产出指标", "数量指标", "培训人次", "≥260人次", "年度工作计划"],
    [UP, "质量指标", "培训覆盖率", "≥99%", "年度工作计划"],
]
GOOD_DOCX = docx_file("2023年项目支出绩效目标表", GOOD_TABLE)
GOOD_XLSX = xlsx_file(("项目1", [["2023年项目支出绩效目标表", LEFT, LEFT, LEFT, LEFT], *GOOD_TABLE]))


def _zip(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def _replace_part(package: bytes, name: str, data: bytes | str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as src:
        files = {info.filename: src.read(info.filename) for info in src.infolist()}
    files[name] = data
    return _zip(files)


def _refused(name: str, data: bytes) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        parse_file(name, data)
    error = caught.value
    assert error.file == name
    assert name in str(error)
    assert HAN.search(error.message), error.message
    return error


CASES = [
    ("空.docx", b"", "空"),
    ("说明.txt", "这是一份说明，不是表格。\n第二行".encode(), "纯文本"),
    ("说明-gbk.docx", "绩效目标说明".encode("gb18030"), "纯文本"),
    ("扫描件.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    ("照片.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
    ("照片.xlsx", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG"),
    ("随机.xlsx", bytes(range(256)) * 4, "无法识别"),
    ("压缩包.docx", _zip({"a.txt": "hello"}), "zip"),
    ("幻灯片.docx", _zip({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}), "不是 Word 文档或 Excel 工作簿"),
    ("截断.docx", GOOD_DOCX[: len(GOOD_DOCX) // 2], "损坏"),
    ("截断.xlsx", GOOD_XLSX[: len(GOOD_XLSX) // 3], "损坏"),
    ("坏正文.docx", _replace_part(GOOD_DOCX, "word/document.xml", b"<w:document><w:body><w:tbl>"), "损坏"),
    ("坏工作表.xlsx", _replace_part(GOOD_XLSX, "xl/worksheets/sheet1.xml", b"\x00\x01garbage"), "损坏"),
    ("缺工作簿.xlsx", _replace_part(GOOD_XLSX, "xl/workbook.xml", b"not xml at all"), "损坏"),
]


@pytest.mark.parametrize("name,data,words", CASES, ids=[c[0] for c in CASES])
def test_unusable_file_is_refused_with_a_message_naming_it(name, data, words):
    error = _refused(name, data)
    assert words in error.message


@pytest.mark.parametrize(
    "name,words",
    [
        ("password-protected.xlsx", ("密码", "取消密码")),
        ("old-word.doc", ("旧版 Word", "另存为 .docx")),
        ("old-excel.xls", ("旧版 Excel", "另存为 .docx 或 .xlsx")),
    ],
)
def test_office_compound_files_say_what_they_are_and_what_to_do(name, words):
    error = _refused(name, (CORPUS / name).read_bytes())
    for word in words:
        assert word in error.message


def test_password_protected_file_renamed_docx_is_still_recognised():
    error = _refused("改名.docx", (CORPUS / "password-protected.xlsx").read_bytes())
    assert "密码" in error.message


def test_file_over_the_size_limit_is_refused_before_it_is_read():
    error = _refused("大文件.xlsx", GOOD_XLSX + b"\x00" * (MAX_FILE_BYTES + 1 - len(GOOD_XLSX)))
    assert "20 MB" in error.message


def test_document_without_tables_is_refused():
    error = _refused("无表格.docx", docx_file("2023年部门预算绩效目标", "本单位无项目支出绩效目标。"))
    assert "没有找到绩效目标表" in error.message


def test_document_with_nothing_in_it_is_refused():
    assert "没有任何内容" in _refused("空文档.docx", docx_file()).message
    assert "没有任何内容" in _refused("空工作簿.xlsx", xlsx_file(("Sheet1", []))).message


def test_tables_that_are_not_goal_tables_are_refused():
    other = docx_file([["姓名", "电话"], ["张三", "123"]])
    assert "没有找到绩效目标表" in _refused("通讯录.docx", other).message


def test_extension_decides_nothing():
    assert [t.name for t in parse_file("表格.xlsx", GOOD_DOCX).tables] == ["测试项目"]
    assert [t.name for t in parse_file("表格.docx", GOOD_XLSX).tables] == ["测试项目"]
    assert [t.name for t in parse_file("表格", GOOD_DOCX).tables] == ["测试项目"]


def test_unknown_layout_override_is_refused():
    with pytest.raises(ImportFileError) as caught:
        parse_file("表格.docx", GOOD_DOCX, layout="shanghai")
    assert "未知的版式" in caught.value.message


def test_table_with_missing_columns_is_a_problem_and_the_others_still_come_in():
    data = docx_file(
        "1.缺列项目绩效目标表",
        [
            ["项目名称", "缺列项目", LEFT, LEFT],
            ["一级指标", "二级指标", "三级指标", "备注"],
            ["产出指标", "数量指标", "培训人次", ""],
        ],
        "2.完整项目绩效目标表",
        GOOD_TABLE,
    )
    result = parse_file("两张表.docx", data)
    assert [t.name for t in result.tables] == ["测试项目"]
    (problem,) = result.problems
    assert problem.file == "两张表.docx"
    assert problem.place == "第1个表格 第2行"
    assert problem.severity == "error"
    assert "指标值" in problem.message and "未导入" in problem.message


def test_form_without_an_indicator_block_is_a_problem():
    result = parse_file("只有表头.docx", docx_file("1.某项目绩效目标表", [["项目名称", "某项目"], ["预算数", "100"]]))
    assert result.tables == []
    (problem,) = result.problems
    assert (problem.file, problem.place, problem.severity) == ("只有表头.docx", "第1个表格 第1行", "error")
    assert "未找到指标表头" in problem.message


def test_missing_columns_in_a_worksheet_name_the_sheet_and_row():
    data = xlsx_file(("项目甲", [["标题行"], [], ["一级指标", "二级指标", "三级指标", "说明"], ["产出指标", "数量指标", "x", "y"]]))
    result = parse_file("缺列.xlsx", data)
    assert result.tables == []
    (problem,) = result.problems
    assert problem.place == "工作表“项目甲” 第3行"
    assert "指标值" in problem.message


def test_amount_that_is_not_a_number_is_a_warning_at_its_cell():
    rows = [list(r) for r in GOOD_TABLE]
    rows.insert(1, ["预算数", "约50万左右", LEFT, LEFT, LEFT])
    result = parse_file("金额.docx", docx_file(rows))
    (table,) = result.tables
    assert table.budget_total is None
    (problem,) = result.problems
    assert (problem.place, problem.severity) == ("第1个表格 第2行 第2列", "warning")
    assert "约50万左右" in problem.message


def test_entities_are_never_expanded():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefg", "bcdefgh"))
        + '<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>&h;&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    started = time.process_time()
    try:
        parse_file("实体.docx", _replace_part(GOOD_DOCX, "word/document.xml", laughs))
    except ImportFileError as error:
        assert "root:" not in str(error)
    assert time.process_time() - started < 5
