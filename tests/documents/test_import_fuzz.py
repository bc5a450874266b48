"""Fuzzing the parsers: no input raises anything but ImportFileError.

Mutated bytes of valid packages, mutated XML inside valid packages, and Word tables of random
shape and text (heading words, merges, numbers, odd characters).  A table the parsers cannot
read must come back as a Problem; an "内部错误" problem would mean a parser crashed, so it
fails the test too.  The quick runs take a few seconds; `-m slow` runs many more examples.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from documents.parse.reader import ImportFileError, ParseResult, parse_file

from .import_build import LEFT, UP, docx_file, xlsx_file

TABLE = [
    ["项目编码", "37020023P88002811163B", LEFT, "项目名称", "市民中心后勤保障经费", LEFT],
    ["预算数", "7151.00", "其中：财政资金", "7151.00", "其他资金", ""],
    ["资金支出计划", "3月底", "6月底", "10月底", "12月底", ""],
    ["", "2000", "5000", "7000", "7151", ""],
    ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
    ["产出指标", "数量指标", "服务人数", "服务人数", "≥600人", "历史数据"],
    [UP, "时效指标", "响应时效", "响应时效", "≤0.5小时", "历史数据"],
]
DOCX = docx_file("1.市民中心后勤保障经费绩效目标表", "130001青岛市行政审批服务局本级", "单位：万元", TABLE)
XLSX = xlsx_file(("1.市民中心", [["1.市民中心后勤保障经费绩效目标表", LEFT, LEFT, LEFT, LEFT, LEFT], *TABLE]))
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
LONG = settings(max_examples=600, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture
def long_run(request):
    """The long runs take about a minute: only when asked for with `-m slow`."""
    if "slow" not in (request.config.getoption("markexpr") or "") or "not slow" in request.config.getoption("markexpr"):
        pytest.skip("a long fuzz run (about a minute): select it with -m slow")


def parses_or_refuses(name: str, data: bytes) -> ParseResult | None:
    try:
        result = parse_file(name, data)
    except ImportFileError as error:
        assert error.file == name and error.message
        return None
    assert not [p for p in result.problems if "内部错误" in p.message], result.problems
    return result


def _parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return {info.filename: z.read(info.filename) for info in z.infolist()}


def _pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def mutate(data: bytes, edits: list[tuple[float, int, int]]) -> bytes:
    """Overwrite, insert or delete bytes at relative positions."""
    out = bytearray(data)
    for where, kind, value in edits:
        if not out:
            break
        at = min(int(where * len(out)), len(out) - 1)
        if kind == 0:
            out[at] = value
        elif kind == 1:
            out.insert(at, value)
        else:
            del out[at : at + value % 64 + 1]
    return bytes(out)


edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 2), st.integers(0, 255)), min_size=1, max_size=8)
packages = st.sampled_from([("表.docx", DOCX), ("表.xlsx", XLSX)])


def _bytes_mutated(package, changes):
    name, data = package
    parses_or_refuses(name, mutate(data, changes))


def _xml_mutated(package, part_index, changes):
    name, data = package
    parts = _parts(data)
    xml_names = sorted(n for n in parts if n.endswith(".xml") or n.endswith(".rels"))
    target = xml_names[part_index % len(xml_names)]
    parts[target] = mutate(parts[target], changes)
    parses_or_refuses(name, _pack(parts))


@FAST
@given(packages, edits)
def test_mutated_package_bytes(package, changes):
    _bytes_mutated(package, changes)


@FAST
@given(packages, st.integers(0, 100), edits)
def test_mutated_xml_inside_a_package(package, part_index, changes):
    _xml_mutated(package, part_index, changes)


WORDS = [
    "一级指标", "二级指标", "三级指标", "指标内容", "指标值", "指标值及单位", "目标值", "计量单位", "方向", "指标性质",
    "绩效指标描述", "指标值确定依据", "职责序号", "部门职责", "职责目标", "绩效指标", "年度指标值", "来源", "规划值",
    "序号", "项目名称", "项目编码", "预算数", "资金支出计划", "预算规模及资金用途", "部门名称", "年度预算申请",
    "资金总额：12万", "其中：一般公共预算：abc万", "产出指标(50分)", "数量指标", "≥95 百分比", "≧９５％", "=100.00(%)",
    "大于等于", "正向指标", "3月底", "25%", "1,200,000", "单位：元", "填表人：张三", "2023年项目支出绩效目标表", "",
    " ", "\u3000", "1", "-0", "1e999", "NaN", "9" * 40, "%", "（）", "\t", "\n\n", "\x0b", "𠀀", "\ufeff",
]
cell_text = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
cell = st.one_of(st.just(UP), st.just(LEFT), cell_text, cell_text)
grids = st.lists(st.lists(cell, min_size=1, max_size=9), min_size=1, max_size=9)

# Heading rows of every layout, so that most random tables reach the layout parsers.
D1 = ["职责序号", "部门职责", LEFT, "职责目标", "绩效指标", "指标解释", "年度指标值", "指标参考值", LEFT, LEFT, LEFT, LEFT, LEFT,
      "工作活动"]
D2 = [UP] * 7 + ["标准值（规划目标、行业标准或其他明确标准）", LEFT, LEFT, "历史值（统计年鉴/统计公报/内部统计/其他需明确的来源）", LEFT,
                 LEFT, UP]
D3 = [UP] * 7 + ["规划值", "当年标准值", LEFT, "前三年均值", "上年值", "来源", UP]
D4 = [UP] * 8 + ["标准值", "来源", UP, UP, UP, UP]
HEADINGS = [
    [["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]],
    [["本年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"]],
    [["序号", "项目名称", "年预算安排资金（万元）", "项目总体绩效目标", "项目年度绩效目标"] + [LEFT] * 7,
     [UP] * 4 + ["一级指标", "二级指标", "三级指标", "指标详细说明", "指标性质", "方向", "绩效目标值", "计量单位"]],
    [D1, D2, D3, D4],
    [["一級指標", "二級指標", "指標內容", "目標值", "計量單位"]],
]
FORM_ROWS = [
    ["项目编码", "1303 0322P 1D", LEFT, "项目名称", "某项目"],
    ["项目支出名称", "某项目", "预算部门", "某局"],
    ["部门名称", "某局"],
    ["预算数", "1,200", "其中：财政资金", "x", "其他资金"],
    ["资金支出计划（%）", "3月底", "6月底"],
    [UP, "25%", "abc"],
    ["年度预算申请（万元）", "资金总额：12万元"],
    [UP, "其中：一般公共预算：1e3万"],
    ["预算规模及资金用途", "预算数", "5"],
    [UP, "用途"],
]
form_table = st.tuples(st.lists(st.sampled_from(FORM_ROWS), max_size=5), st.sampled_from(HEADINGS),
                       st.lists(st.lists(cell, min_size=1, max_size=14), max_size=8))
goal_tables = form_table.map(lambda t: t[0] + t[1] + t[2])
blocks = st.lists(st.one_of(grids, goal_tables, goal_tables, cell_text), min_size=1, max_size=4)


def _w_text(text: str) -> str:
    clean = "".join(ch for ch in text if ch in "\t\n\r" or (ch >= " " and ch not in "\ufffe\uffff"))
    clean = "".join(ch for ch in clean if not 0xD800 <= ord(ch) <= 0xDFFF)
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(clean)}</w:t></w:r></w:p>'


def _w_table(rows: list[list[str]]) -> str:
    """A w:tbl straight from the rows: "<" widens the cell before it, "^" continues the cell above."""
    out = ["<w:tbl>"]
    for row in rows:
        out.append("<w:tr>")
        index = 0
        while index < len(row):
            value = row[index]
            span = 1
            while index + span < len(row) and row[index + span] == LEFT:
                span += 1
            props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + ('<w:vMerge/>' if value == UP else "")
            text = "" if value in (UP, LEFT) else value
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_w_text(text)}</w:tc>")
            index += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def random_docx(content) -> bytes:
    body = "".join(_w_table(b) if isinstance(b, list) else _w_text(b) for b in content)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}<w:p/></w:body></w:document>"
    )
    parts = _parts(DOCX)
    parts["word/document.xml"] = xml.encode("utf-8")
    return _pack(parts)


@FAST
@given(blocks)
def test_random_tables_of_heading_words_and_odd_text(content):
    parses_or_refuses("随机.docx", random_docx(content))


@FAST
@given(st.lists(st.lists(st.one_of(cell_text, st.integers(-10**6, 10**6), st.just(LEFT), st.just(UP)),
                         min_size=1, max_size=8), min_size=1, max_size=8))
def test_random_worksheets(rows):
    rows = [[v if not isinstance(v, str) else "".join(ch for ch in v if ch >= " " or ch in "\t\n") for v in row]
            for row in rows]
    try:
        data = xlsx_file(("表", rows))
    except AttributeError:  # openpyxl refuses to write into a merge that "<" and "^" made overlap
        assume(False)
    parses_or_refuses("随机.xlsx", data)


@pytest.mark.slow
@LONG
@given(packages, st.integers(0, 100), edits)
def test_mutated_packages_long_run(long_run, package, part_index, changes):
    _bytes_mutated(package, changes)
    _xml_mutated(package, part_index, changes)


@pytest.mark.slow
@LONG
@given(blocks)
def test_random_tables_long_run(long_run, content):
    parses_or_refuses("随机.docx", random_docx(content))
