"""The list layout (seed 004): many projects in one table, each project's cells merged down
its indicator rows, 方向 / 绩效目标值 / 计量单位 in three columns.

A project starts at a filled 序号 (or, without a 序号 column, a filled 项目名称).  When a page
break cut a project's row in a converted file, the next table's first row carries the rest
of the name and goal: it is joined to the project above.
"""
from __future__ import annotations

import re

from documents.goaltable import KIND_PROJECT, GoalTable
from documents.parse.segments import Heading

from .context import Before
from .forms import unit_cell
from .headers import REQUIRED_FORM, ROLE_WORDS, clean_code, clean_prose, clean_words
from .rawgrid import Row, place
from .rows import (
    YUAN,
    YUAN_THRESHOLD,
    Money,
    Tree,
    indicator,
    report_unread_columns,
    role_starts,
    role_text,
    row_texts,
    split_rest,
)
from .segments import Segment
from .types import Report


def list_layout(heading: Heading) -> str:
    """Seed 004's list (numbered projects, one unit) or a budget system's export (`rows`: a unit
    column, 年度目标, 权重 … one row per indicator)."""
    if "seq" in heading.columns and not {"unit_name", "project_annual_goal", "weight", "nature"} & set(heading.columns):
        return "list"
    if "seq" in heading.columns and "comparator" in heading.columns:
        return "list"
    return "rows"


def _subtotal(row: Row, h: Heading, texts: dict[str, str]) -> bool:
    """A unit's subtotal line ("820-某某镇部门" and a total): no project, no indicator."""
    return not any(texts.get(r, "").strip() for r in ("project_name", "name", "value", "level1", "level2", "description"))


def parse_list(segment: Segment, before: Before, report: Report) -> list[GoalTable]:
    heading = segment.blocks[0].heading
    layout = list_layout(heading)
    missing = [ROLE_WORDS[r] for r in REQUIRED_FORM if r not in heading.columns]
    if missing:
        report.problem(place(heading.rows[0]), f"指标表头缺少“{'”“'.join(missing)}”列，本表未导入")
        return []
    projects: list[tuple[GoalTable, Money, Tree, str, tuple[str, str] | None]] = []

    def current_key(found: list[tuple]) -> tuple | None:
        if not found:
            return None
        table, *_rest, unit = found[-1]
        return (unit, table.name)

    previous: Row | None = None
    last_texts: dict[str, str] = {}
    for block in segment.blocks:
        h = block.heading
        for index, row in enumerate(block.rows):
            # the first row of the next Word table (a page of a converted file) may finish the row above
            continued = (block.continued and index == 0) or (previous is not None and row.table != previous.table)
            previous = row
            seq = clean_words(role_text(row, h, "seq"))
            name = clean_words(role_text(row, h, "project_name"))
            unit = unit_cell(role_text(row, h, "unit_name")) if "unit_name" in h.columns else None
            if "unit_code" in h.columns:  # 单位编码 | 单位名称 in two columns
                unit = (clean_code(role_text(row, h, "unit_code")), unit[1] if unit else "")
            if layout == "rows":
                texts = row_texts(row, h)
                if _subtotal(row, h, texts):
                    if any(t.strip() for t in texts.values()):
                        report.note(f"没有项目名称和指标的汇总行已跳过（{place(row)}：{clean_words(' '.join(t for t in texts.values() if t.strip()))}）")
                    continue
            fresh_seq = role_starts(row, h, "seq") and seq
            fresh_name = role_starts(row, h, "project_name") and name
            if layout == "rows" and current_key(projects) is not None and name:
                # every row names its unit and project: a new pair is a new project, merged or not
                fresh_name = (unit, name) != current_key(projects)
            current = projects[-1][0] if projects else None
            if current is not None and continued and not fresh_seq:
                if fresh_name:
                    current.name = clean_words(current.name + name)
                goal = clean_prose(role_text(row, h, "project_goal"))
                if role_starts(row, h, "project_goal") and goal:
                    current.period_goal = clean_prose(current.period_goal + goal)
                joined = split_rest(row, h, last_texts) if current.indicators else None
                if joined is not None:
                    current.indicators[-1] = indicator(row, h, projects[-1][2], report=report, text=joined)
                    last_texts = joined
                    continue
            elif fresh_seq and current is not None and seq == str(current.seq) and (not fresh_name or name == current.name):
                pass  # the same project, its number repeated after a page break
            elif fresh_seq or (fresh_name and "seq" not in h.columns) or current is None or (
                    fresh_name and (name != current.name or layout == "rows")):
                table = GoalTable(kind=KIND_PROJECT, layout=layout, title=before.title, year=before.year)
                table.unit_code, table.unit_name = unit if unit and unit[1] else (before.unit_code, before.unit_name)
                table.seq = int(seq) if re.fullmatch(r"\d{1,6}", seq) else None
                table.name = name
                table.code = clean_code(role_text(row, h, "project_code"))
                table.period_goal = clean_prose(role_text(row, h, "project_goal"))
                table.annual_goal = clean_prose(role_text(row, h, "project_annual_goal"))
                money = Money(stated=h.units.get("project_budget") or before.money_unit)
                budget = role_text(row, h, "project_budget")
                money.read("budget_total", budget, where=place(row, h.col("project_budget")), report=report)
                projects.append((table, money, Tree(), place(row), unit))
            table, _money, tree, _where, _unit = projects[-1]
            texts = row_texts(row, h)
            found = indicator(row, h, tree, report=report, text=texts)
            if found is not None:
                table.indicators.append(found)
                last_texts = texts
    report_unread_columns(segment.blocks, report)
    # One sheet states its amounts one way: when it does not say, a figure only 元 can be (≥ 10亿)
    # in any project makes every project's figure 元, not just that project's.
    if projects and not any(m.stated for _t, m, *_r in projects):
        amounts = [a for _t, m, *_r in projects for a in m.amounts.values() if not a.unit]
        if amounts and max(abs(a.value) for a in amounts) >= YUAN_THRESHOLD:
            for _t, money, *_r in projects:
                money.assumed = YUAN
            report.note(f"清单未注明金额单位，有金额达 {max(abs(a.value) for a in amounts)}，全部金额按元读取并换算为万元")
    tables = []
    for table, money, _tree, where, _unit in projects:
        for name, value in money.resolve(label=f"“{table.name}”", report=report).items():
            setattr(table, name, value)
        table.budget_note = money.filed("budget_total")
        if not table.name:
            report.problem(where, "项目清单中这一行没有项目名称，本项目未导入")
            continue
        tables.append(table)
    return tables
