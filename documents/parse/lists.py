"""The list layout (seed 004): many projects in one table, each project's cells merged down
its indicator rows, 方向 / 绩效目标值 / 计量单位 in three columns.

A project starts at a filled 序号 (or, without a 序号 column, a filled 项目名称).  When a page
break cut a project's row in a converted file, the next table's first row carries the rest
of the name and goal: it is joined to the project above.
"""
from __future__ import annotations

import re

from documents.goaltable import KIND_PROJECT, GoalTable

from .context import Before
from .headers import REQUIRED_FORM, ROLE_WORDS, clean_prose, clean_words
from .rawgrid import Row, place
from .rows import Money, Tree, indicator, role_starts, role_text, row_texts, split_rest
from .segments import Segment
from .types import Report


def parse_list(segment: Segment, before: Before, report: Report) -> list[GoalTable]:
    heading = segment.blocks[0].heading
    missing = [ROLE_WORDS[r] for r in REQUIRED_FORM if r not in heading.columns]
    if missing:
        report.problem(place(heading.rows[0]), f"指标表头缺少“{'”“'.join(missing)}”列，本表未导入")
        return []
    projects: list[tuple[GoalTable, Money, Tree, str]] = []
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
            fresh_seq = role_starts(row, h, "seq") and seq
            fresh_name = role_starts(row, h, "project_name") and name
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
            elif fresh_seq or (fresh_name and "seq" not in h.columns) or current is None or (fresh_name and name != current.name):
                table = GoalTable(kind=KIND_PROJECT, layout="list", title=before.title, year=before.year)
                table.unit_code, table.unit_name = before.unit_code, before.unit_name
                table.seq = int(seq) if re.fullmatch(r"\d{1,6}", seq) else None
                table.name = name
                table.period_goal = clean_prose(role_text(row, h, "project_goal"))
                money = Money(stated=h.units.get("project_budget") or before.money_unit)
                budget = role_text(row, h, "project_budget")
                money.read("budget_total", budget, where=place(row, h.col("project_budget")), report=report)
                projects.append((table, money, Tree(), place(row)))
            table, _money, tree, _where = projects[-1]
            texts = row_texts(row, h)
            found = indicator(row, h, tree, report=report, text=texts)
            if found is not None:
                table.indicators.append(found)
                last_texts = texts
    tables = []
    for table, money, _tree, where in projects:
        for name, value in money.resolve(label=f"“{table.name}”", report=report).items():
            setattr(table, name, value)
        if not table.name:
            report.problem(where, "项目清单中这一行没有项目名称，本项目未导入")
            continue
        tables.append(table)
    return tables
