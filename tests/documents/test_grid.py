"""The printed shape of each layout: which cells exist, what they say, and which merge."""
from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string

from documents.goaltable import IndicatorRow
from documents.grid import (
    ROLE_NUMBER,
    build_grid,
    build_grids,
    build_list,
    comparator_word,
)

from . import samples


def spans(grid, col):
    """(first body row, last body row, text) of every cell that starts in column `col` of the body."""
    out = []
    for r, row in enumerate(grid.slots()[grid.header_rows:]):
        for slot in row:
            if slot.col == col and slot.first:
                out.append((r, r + slot.cell.rowspan - 1, slot.cell.text))
    return out


def by_column(grid, body_row):
    """{column: text} of the cells that start in one body row."""
    row = grid.slots()[grid.header_rows + body_row]
    return {s.col: s.cell.text for s in row if s.first}


def runs(values):
    """The consecutive runs of equal values, as (first, last, value) - what a printed table merges."""
    out = []
    for i, v in enumerate(values):
        if out and out[-1][2] == v:
            out[-1] = (out[-1][0], i, v)
        else:
            out.append((i, i, v))
    return out


@pytest.mark.parametrize(
    "grid",
    [
        build_grid(samples.qingdao_1()),
        build_grid(samples.shanhaiguan(1, samples.UNIT_630001, "项目")),
        build_grid(samples.yuanjiang_project()),
        build_grid(samples.yuanjiang_overall()),
        build_grid(samples.linyi()),
        build_list(samples.fuzhou()),
    ],
    ids=["standard", "standard-percent", "hunan", "overall", "duty", "list"],
)
def test_every_row_covers_every_column_exactly(grid):
    for row in grid.slots():
        covered = []
        for slot in row:
            covered.extend(range(slot.col, slot.col + slot.cell.colspan))
        assert covered == list(range(grid.ncols))


def test_standard_merges_level1_and_level2_down_their_rows():
    table = samples.qingdao_1()
    grid = build_grid(table)
    assert spans(grid, 0) == runs([r.level1 for r in table.indicators])
    # 二级 runs never cross a 一级 boundary and repeat exactly where the filed rows repeat
    assert spans(grid, 1) == [
        (0, 0, "经济成本指标"), (1, 2, "数量指标"), (3, 3, "时效指标"), (4, 5, "质量指标"),
        (6, 6, "社会效益指标"), (7, 7, "服务对象满意度指标"),
    ]
    assert [text for _, _, text in spans(grid, 4)] == [r.value_text for r in table.indicators]


def test_level2_with_the_same_name_under_another_level1_is_not_merged():
    table = samples.qingdao_1()
    table.indicators = [
        IndicatorRow(level1="产出指标", level2="数量指标", name="a"),
        IndicatorRow(level1="效益指标", level2="数量指标", name="b"),
    ]
    assert spans(build_grid(table), 1) == [(0, 0, "数量指标"), (1, 1, "数量指标")]


def test_standard_prints_money_with_two_decimals_and_keeps_the_number():
    grid = build_grid(samples.qingdao_1())
    budget = grid.rows[1][2]
    assert (budget.text, budget.role, budget.number) == ("7151.00", ROLE_NUMBER, D("7151"))
    assert [c.text for c in grid.rows[4]] == ["2000.00", "5000.00", "7000.00", "7151.00"]
    assert grid.heading == "1.市民中心后勤保障经费绩效目标表"
    # A table of a selection says its year (the department document says it on the cover).
    assert [line.parts for line in grid.above] == [("（2023年度）",), ("130001 青岛市行政审批服务局本级",), ("单位：万元",)]


def test_percent_milestones_print_as_percentages():
    grid = build_grid(samples.shanhaiguan(1, samples.UNIT_630001, "项目"))
    assert grid.rows[3][0].text == "资金支出计划（%）"
    assert [c.text for c in grid.rows[4]] == ["25%", "50%", "75%", "100%"]


def test_hunan_money_as_filed_and_signature_lines():
    grid = build_grid(samples.yuanjiang_project())
    assert grid.rows[1][1].text == "96"
    label = grid.rows[5][0]
    assert (label.text, label.rowspan) == ("本年度绩效指标", 1 + 7)
    assert grid.below[0].parts == ("填表人：杨迪", "联系电话：18684823990", "填报日期：2023.7.14")
    assert grid.below[1].parts == ("单位负责人签字：",)


def test_overall_budget_composition():
    texts = [c.text for row in build_grid(samples.yuanjiang_overall()).rows for c in row]
    for expected in ("资金总额：864.3万", "其中：一般公共预算：864.3万", "其中：基本支出：367.6万",
                     "项目支出：496.7万", "政府性基金拨款：", "纳入专户管理的非税收入拨款："):
        assert expected in texts


def test_duty_merges_duty_task_and_activity():
    table = samples.linyi()
    grid = build_grid(table)
    assert grid.landscape and grid.header_rows == 4
    assert spans(grid, 0) == [(0, 2, "1"), (3, 3, "2")]  # 职责序号 over all the duty's indicators
    assert [t for _, _, t in spans(grid, 2)] == [t.name for d in table.duties for t in d.tasks]
    assert spans(grid, 2)[0][:2] == (0, 1)
    online = table.duties[0].tasks[0].indicators[0].activity
    assert spans(grid, 13)[0] == (0, 1, online)  # the same 工作活动 written once for both indicators
    first = by_column(grid, 0)
    assert [first[c] for c in range(6, 13)] == ["99.70%", "100%", "99.70%", "《实施意见》", "98%", "99.70%", "内部统计"]
    assert by_column(grid, 1)[6] == "98.30%" and 13 not in by_column(grid, 1)


def test_list_holds_several_projects_each_merged_down_its_indicators():
    projects = samples.fuzhou()
    grid = build_list(projects)
    sizes = [len(p.indicators) for p in projects]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    assert spans(grid, 1) == [(s, s + n - 1, p.name) for s, n, p in zip(starts, sizes, projects)]
    assert [c.text for c in grid.rows[2][:3]] == ["1", "中心智能化项目维保费", "28.1"]
    second = by_column(grid, 1)
    assert [second[c] for c in range(6, 12)] == ["系统故障修复响应时间", "从系统故障开始至修复时间", "反向指标", "小于等于",
                                                "24.00", "小时"]
    value = next(s.cell for s in grid.slots()[grid.header_rows + 1] if s.col == 10)
    assert (value.role, value.number) == (ROLE_NUMBER, D("24.00"))


def test_consecutive_list_tables_share_one_grid():
    grids = build_grids([samples.qingdao_1(), *samples.fuzhou()], numbering=True)
    assert [g.layout for g in grids] == ["standard", "list"]
    assert grids[0].heading.startswith("1.")


@pytest.mark.parametrize("sign,word", [("≥", "大于等于"), ("≤", "小于等于"), ("=", "等于"), ("", "")])
def test_comparator_words(sign, word):
    assert comparator_word(sign) == word


def test_html_partial_draws_the_same_merges():
    grid = build_grid(samples.qingdao_1())
    html = render_to_string("documents/goal_table.html", {"grid": grid})
    assert html.count("<tr>") == len(grid.rows)
    assert 'rowspan="5">产出指标</td>' in html
    assert 'colspan="2">指标值确定依据</th>' in html
    assert "1.市民中心后勤保障经费绩效目标表" in html
