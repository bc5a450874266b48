"""Refusals speak Chinese only, and a DOCTYPE (entity declarations) is refused, not half-read."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from documents.parse.reader import ImportFileError, parse_file

from .import_build import LEFT, docx_file, xlsx_file

TABLE = [
    ["项目名称", "测试项目", LEFT, LEFT, LEFT],
    ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"],
    ["产出指标", "数量指标", "培训人次", "≥260人次", "年度工作计划"],
]
DOCX = docx_file("2023年项目支出绩效目标表", TABLE)
XLSX = xlsx_file(("项目1", [["2023年项目支出绩效目标表", LEFT, LEFT, LEFT, LEFT], *TABLE]))
# Words a Chinese message may carry: names of formats and parts, never a library's sentence.
ALLOWED_LATIN = {"Word", "Excel", "Office", "XML", "DTD", "docx", "xlsx", "word", "document", "xml", "xl", "worksheets", "sheet"}


def _with_part(package: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == name else data)
    return out.getvalue()


def _with_entity(xml: bytes) -> bytes:
    """A DOCTYPE declaring an entity, used in the middle of the project name's cell."""
    declaration, found, rest = xml.partition(b"?>")
    head, rest = (declaration + found, rest) if found else (b"", xml)
    root = re.match(rb"\s*<([\w:]+)", rest).group(1)
    doctype = b"<!DOCTYPE " + root + b' [<!ENTITY x "X">]>'
    for spelled in ("测试项目".encode(), "测试项目".encode("ascii", "xmlcharrefreplace")):  # as is, or as &#…; (openpyxl)
        if spelled in rest:
            middle = len(spelled) // 2
            return head + doctype + rest.replace(spelled, spelled[:middle] + b"&x;" + spelled[middle:])
    raise AssertionError("the project name is not in the part")


def _refusal(name, data) -> str:
    with pytest.raises(ImportFileError) as caught:
        parse_file(name, data)
    assert caught.value.file == name
    return caught.value.message


def _latin_words(message: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", message)) - ALLOWED_LATIN


@pytest.mark.parametrize(
    "name,data,part",
    [
        ("实体.docx", _with_part(DOCX, "word/document.xml", _with_entity), "word/document.xml"),
        ("实体.xlsx", _with_part(XLSX, "xl/worksheets/sheet1.xml", _with_entity), "xl/worksheets/sheet1.xml"),
    ],
)
def test_a_part_with_entity_declarations_is_refused_not_cut_short(name, data, part):
    message = _refusal(name, data)
    assert f"“{part}”含有 DTD/实体声明" in message
    assert not _latin_words(message), message


BROKEN = [
    ("坏正文.docx", _with_part(DOCX, "word/document.xml", lambda _: b"<w:document><w:body><w:tbl>")),
    ("坏标签.docx", _with_part(DOCX, "word/document.xml", lambda x: x.replace(b"</w:body>", b"</w:bodyx>"))),
    ("坏工作表.xlsx", _with_part(XLSX, "xl/worksheets/sheet1.xml", lambda _: b"\x00\x01garbage")),
    ("截断.xlsx", XLSX[: len(XLSX) // 3]),
]


@pytest.mark.parametrize("name,data", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_refused_in_chinese_without_the_librarys_english(name, data):
    message = _refusal(name, data)
    assert "损坏" in message or "无法读取" in message
    assert not _latin_words(message), message
