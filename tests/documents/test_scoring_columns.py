"""The scoring fields filed with a goal (财预〔2020〕10号: 分值/权重, 评（扣）分标准, 计算公式, 数据来源):
read from every kind of form that has such columns, kept, and printed again on every layout,
so that a table goes out and comes back with them (`parse(render(t)) == t`)."""
from __future__ import annotations

import dataclasses
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from documents import goaltable as doc
from documents.parse.reader import parse_file
from documents.render.docx_render import render_docx
from documents.render.xlsx_render import FLAT_SHEET, render_xlsx
from projects.services import document_with_parsed_values

from .import_build import LEFT, UP, docx_file, xlsx_file
from .reading import open_docx
from .test_import_field import FIELD_FILES

SEEDS = sorted((Path(settings.BASE_DIR) / "fixtures" / "seeds").glob("*.json"))


def _read(name: str, data: bytes) -> list[doc.GoalTable]:
    result = parse_file(name, data)
    assert [(p.place, p.message) for p in result.problems] == []
    return result.tables


# --- reading the columns as the field files them -------------------------------------------------

CENTRAL_ROWS = [
    ["单位名称", "项目名称", "预算数（万元）", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
     "度量单位", "分值", "指标解释", "评（扣）分标准", "计算公式", "数据来源"],
    ["820001-某某镇人民政府", "道路维护", 120, "维护道路20公里", "产出指标", "数量指标", "维护里程", "≥", 20, "公里", 30,
     "当年完成维护的道路里程", "完成20公里得满分，每少1公里扣2分", "实际维护里程之和", "交通站台账"],
    [UP, UP, UP, UP, "效益指标", "社会效益指标", "群众投诉次数", "≤", 3, "次", 20, "", "每多1次扣5分", "",
     "12345热线记录"],
]


def test_a_budget_system_export_with_scoring_columns_keeps_each_in_its_field():
    (table,) = _read("中央部门导出.xlsx", xlsx_file(("绩效目标", CENTRAL_ROWS, {})))
    road, complaints = table.indicators
    assert (road.weight, road.description, road.scoring_standard, road.formula, road.data_source) == (
        Decimal(30), "当年完成维护的道路里程", "完成20公里得满分，每少1公里扣2分", "实际维护里程之和", "交通站台账")
    assert (complaints.weight, complaints.scoring_standard, complaints.formula, complaints.data_source) == (
        Decimal(20), "每多1次扣5分", "", "12345热线记录")


# A county's project form with its scoring columns right of the indicators, headed the way they are
# headed in the field (评分标准, 指标解释/计算公式, 数据来源及方式, 权重（分）).
COUNTY_FORM = docx_file(
    "2025年项目支出绩效目标表",
    [
        ["项目名称", "乡村公路养护", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["预算数", "50", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["绩效目标", "养护乡村公路60公里", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "权重(分)", "评分标准", "指标解释/计算公式",
         "数据来源及方式"],
        ["产出指标", "数量指标", "养护里程", "≥60公里", "养护计划", "40", "每少1公里扣1分", "养护合同里程合计", "验收单"],
        [UP, "时效指标", "完成时间", "2025年12月底前", "", "10", "逾期不得分", "", ""],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "", "10", "按问卷结果折算", "满意人数/受访人数",
         "问卷调查"],
    ],
)


def test_a_form_with_scoring_columns_reads_them_beside_the_layout_it_is():
    (table,) = _read("县级项目表.docx", COUNTY_FORM)
    assert table.layout == "standard"
    assert [(r.name, r.weight, r.scoring_standard, r.formula, r.data_source) for r in table.indicators] == [
        ("养护里程", Decimal(40), "每少1公里扣1分", "养护合同里程合计", "验收单"),
        ("完成时间", Decimal(10), "逾期不得分", "", ""),
        ("沿线群众满意度", Decimal(10), "按问卷结果折算", "满意人数/受访人数", "问卷调查"),
    ]


def test_a_weight_that_is_not_a_number_is_a_warning_at_its_cell_and_the_rest_comes_in():
    rows = [list(r) for r in CENTRAL_ROWS]
    rows[2][10] = "二十"
    result = parse_file("导出.xlsx", xlsx_file(("绩效目标", rows, {})))
    assert [(p.place, p.message, p.severity) for p in result.problems] == [
        ("工作表“绩效目标” 第3行 K列", "权重（分值）“二十”不是数字，请填写如 10 或 2.5 的数字，未导入", "warning")]
    assert [r.weight for r in result.tables[0].indicators] == [Decimal(30), None]
    assert result.tables[0].indicators[1].scoring_standard == "每多1次扣5分"


# --- every layout prints them and reads them back --------------------------------------------------

def _scored(table: doc.GoalTable) -> doc.GoalTable:
    """The table with every row's scoring filled, as staff fill it in the editor."""
    count = iter(range(1, 10_000))

    def score(row: doc.IndicatorRow) -> doc.IndicatorRow:
        n = next(count)
        return dataclasses.replace(
            row, weight=Decimal(n % 7 + 1) if n % 5 else Decimal("2.5"),
            scoring_standard=f"完成得满分，每少{n}%扣1分", formula=f"实际值÷目标值×100%（第{n}项）",
            data_source="统计台账" if n % 2 else "",
        )

    return table.map_rows(score)


def _seed_tables() -> list[doc.GoalTable]:
    tables = []
    for path in SEEDS:
        data = json.loads(path.read_text(encoding="utf-8"))
        for raw in data["tables"]:
            table = document_with_parsed_values(doc.GoalTable.from_dict(raw))
            tables.append(dataclasses.replace(table, year=data["year"]))
    return tables


def _one_per_layout() -> dict[str, doc.GoalTable]:
    found: dict[str, doc.GoalTable] = {}
    for table in _seed_tables():
        found.setdefault(table.layout, table)
    for name, data in FIELD_FILES.values():
        for table in parse_file(name, data).tables:
            found.setdefault(table.layout, dataclasses.replace(
                table, unit_code=table.unit_code or "520101", unit_name=table.unit_name or "某某县农业农村局"))
    return found


LAYOUT_TABLES = _one_per_layout()


def test_every_layout_is_exercised():
    assert set(LAYOUT_TABLES) == set(doc.LAYOUTS)


SCORING = ("weight", "scoring_standard", "formula", "data_source")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("layout", sorted(doc.LAYOUTS))
def test_every_layout_exports_its_scoring_and_reads_it_back(layout, fmt):
    table = _scored(LAYOUT_TABLES[layout])
    render = render_docx if fmt == "docx" else render_xlsx
    result = parse_file(f"scored.{fmt}", render([table]))
    assert [(p.place, p.message) for p in result.problems] == []
    (again,) = result.tables
    assert again.layout == table.layout
    assert [tuple(getattr(r, f) for f in SCORING) for r in again.all_indicators()] == [
        tuple(getattr(r, f) for f in SCORING) for r in table.all_indicators()
    ]
    # and nothing else moved for them: the same table without scoring comes back the same but for it
    (plain,) = parse_file(f"plain.{fmt}", render([LAYOUT_TABLES[layout]])).tables
    assert _unscored(again) == _unscored(plain)


def _unscored(table: doc.GoalTable) -> doc.GoalTable:
    return table.map_rows(lambda r: dataclasses.replace(r, **{f: doc.IndicatorRow().__getattribute__(f) for f in SCORING}))


def test_a_table_without_scoring_prints_no_scoring_column():
    """The seeds print as filed: the columns appear only when some row fills them."""
    table = LAYOUT_TABLES["standard"]
    words = {c.text for t in open_docx(render_docx([table])).tables for row in t.rows for c in row.cells}
    assert not words & {"分值", "评（扣）分标准", "计算公式", "数据来源"}
    words = {c.text for t in open_docx(render_docx([_scored(table)])).tables for row in t.rows for c in row.cells}
    assert {"分值", "评（扣）分标准", "计算公式", "数据来源"} <= words


def test_the_flat_sheet_carries_the_scoring_and_reads_back_alone():
    table = dataclasses.replace(_scored(LAYOUT_TABLES["standard"]), unit_code="370200", unit_name="某单位")
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx([table])))
    for ws in list(book.worksheets):
        if ws.title != FLAT_SHEET:
            book.remove(ws)
    heading = [c.value for c in book[FLAT_SHEET][1]]
    assert {"权重", "评（扣）分标准", "计算公式", "数据来源"} <= set(heading)
    out = io.BytesIO()
    book.save(out)
    (again,) = parse_file("明细.xlsx", out.getvalue()).tables
    assert [tuple(getattr(r, f) for f in SCORING) for r in again.indicators] == [
        tuple(getattr(r, f) for f in SCORING) for r in table.indicators
    ]


def _with_long_row(table: doc.GoalTable) -> doc.GoalTable:
    """A 中期/长期 row added among the year's rows, as the editor's 指标期限 makes one."""
    first = next(table.all_indicators())
    long_row = dataclasses.replace(first, name="三年内累计完成", term=doc.TERM_LONG, weight=None)
    if table.duties:
        task = table.duties[0].tasks[0]
        task = dataclasses.replace(task, indicators=[*task.indicators, long_row])
        duty = dataclasses.replace(table.duties[0], tasks=[task, *table.duties[0].tasks[1:]])
        return dataclasses.replace(table, duties=[duty, *table.duties[1:]])
    return dataclasses.replace(table, indicators=[*table.indicators, long_row])


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("layout", sorted(set(doc.LAYOUTS) - {"term"}))  # `term` prints its blocks side by side
def test_a_long_term_row_filed_among_the_years_keeps_its_term_through_export(layout, fmt):
    table = _with_long_row(_scored(LAYOUT_TABLES[layout]))
    render = render_docx if fmt == "docx" else render_xlsx
    (again,) = parse_file(f"long.{fmt}", render([table])).tables
    assert [(r.name, r.term, r.weight) for r in again.all_indicators()] == [
        (r.name, r.term, r.weight) for r in table.all_indicators()
    ]


@pytest.mark.parametrize(("filed", "read", "said"), [
    ("１０", Decimal(10), None),
    ("10分", Decimal(10), None),
    ("20%", Decimal(20), None),
    ("-5", None, "权重（分值）“-5”是负数，权重（分值）不能小于0，未导入"),
    ("1e3", None, "权重（分值）“1e3”不是数字，请填写如 10 或 2.5 的数字，未导入"),
    ("123456789", None, "权重（分值）“123456789”超出范围：最多8位整数、4位小数，未导入"),
])
def test_a_weight_is_read_as_the_editor_reads_it(filed, read, said):
    rows = [list(r) for r in CENTRAL_ROWS]
    rows[1][10] = filed
    result = parse_file("导出.xlsx", xlsx_file(("绩效目标", rows, {})))
    assert result.tables[0].indicators[0].weight == read
    assert [p.message for p in result.problems] == ([said] if said else [])


def test_a_budget_execution_line_with_its_share_is_said_not_imported_as_an_indicator():
    """Counties list 预算执行率 (10分) in the grid as a 一级 of its own: it is the share the self-evaluation
    scores from the budget, not an indicator; a 三级 called 预算执行率 under 产出指标 is one."""
    rows = [
        ["单位名称", "项目名称", "预算数（万元）", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
         "度量单位", "分值"],
        ["820001-某某镇人民政府", "道路维护", 120, "维护道路20公里", "产出指标", "数量指标", "维护里程", "≥", 20, "公里", 50],
        [UP, UP, UP, UP, UP, "时效指标", "预算执行率", "≥", 90, "%", 0],
        [UP, UP, UP, UP, "效益指标", "社会效益指标", "群众投诉次数", "≤", 3, "次", 30],
        [UP, UP, UP, UP, "满意度指标", "服务对象满意度指标", "群众满意度", "≥", 90, "%", 10],
        [UP, UP, UP, UP, "预算执行率（10分）", "", "预算执行率", "", "", "", 10],
    ]
    result = parse_file("县级导出.xlsx", xlsx_file(("绩效目标", rows, {})))
    assert [(p.place, p.message) for p in result.problems] == []
    (table,) = result.tables
    assert [(r.level1, r.name, r.weight) for r in table.indicators] == [
        ("产出指标", "维护里程", Decimal(50)), ("产出指标", "预算执行率", Decimal(0)),
        ("效益指标", "群众投诉次数", Decimal(30)), ("满意度指标", "群众满意度", Decimal(10)),
    ]
    assert any("一级指标为“预算执行率”的一行" in n and "第6行" in n for n in result.notes)
