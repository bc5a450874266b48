"""Across tables: tables of one department and year whose indicators are copies of each other."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from fractions import Fraction

from documents.goaltable import GoalTable

from . import sources
from .base import WARNING, Hit, register
from .measures import clean, is_cost_row, is_money_unit, target_of

# Two tables are near-copies when this share of their indicator rows is the same…
SIMILARITY_FLOOR = 0.8
# …and they share at least this many rows (two three-row tables proving nothing).
MIN_SHARED_ROWS = 5
# How many twins a message names before it says "等N张表".
NAMED_TWINS = 3


def row_keys(table: GoalTable) -> set[tuple[str, str]]:
    """(三级, 指标值) of each row.  A cost amount follows the project's budget, so it is
    left out: two tables differing only in it are still copies.  The 二级 is left out too,
    as copied rows are often shuffled between 经济/社会/生态效益."""
    keys = set()
    for row in table.all_indicators():
        name = clean(row.name)
        if not name:
            continue
        target = target_of(row)
        money = is_cost_row(row) or (target.number is not None and is_money_unit(target.unit))
        keys.add((name, "" if money else clean(row.value_text) or clean(str(row.value or ""))))
    return keys


def similarity(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _label(table: GoalTable) -> str:
    return f"《{table.name}》（{table.code}）" if clean(table.code) else f"《{table.name}》"


@register(
    code="R-CROSS-COPY",
    source=sources.SPECIFIC,
    group="跨表",
    title="同部门同年度的表指标雷同",
    severity=WARNING,
    reason="不同项目的用途和产出不同，指标几乎逐字相同说明是照抄的，不能反映各项目的实际目标。",
    example="山海关区“跨省通办…设备费”与“政务服务及便民利企提升经费”等表的指标行逐字相同。",
    cross_table=True,
)
def check_near_copies(tables: Sequence[GoalTable]) -> Iterator[tuple[GoalTable, Hit]]:
    groups = defaultdict(list)
    for table in tables:
        groups[(clean(table.department) or clean(table.unit_name), table.year)].append(table)
    for group in groups.values():
        keys = [row_keys(t) for t in group]
        twins_of = _twins(keys)
        for i, table in enumerate(group):
            twins = twins_of.get(i)
            if not twins:
                continue
            twins.sort(key=lambda t: (-t[0], t[2]))
            score, shared, j = twins[0]
            best = group[j]
            closest = f"{_label(best)}相似度{round(score * 100)}%（{shared}行三级指标和指标值相同）"
            if len(twins) == 1:
                message = f"本表的指标与同部门同年度的{closest}。"
            else:
                named = "".join(f"、{_label(group[k])}{round(s * 100)}%" for s, _, k in twins[1:NAMED_TWINS])
                more = "等" if len(twins) > NAMED_TWINS else ""
                message = f"本表的指标与同部门同年度的{len(twins)}张表雷同：{closest}{named}{more}。"
            message += "各项目的用途和产出不同，请按本项目的资金用途重新设置三级指标和指标值。"
            yield table, Hit("indicators", message)


def _needed(size: int) -> int:
    """The fewest rows a table of `size` rows must share with another to be its near-copy."""
    return max(MIN_SHARED_ROWS, math.ceil(Fraction(str(SIMILARITY_FLOOR)) * size))


def _twins(keys: list[set]) -> dict[int, list[tuple[float, int, int]]]:
    """For each table, the (similarity, shared rows, index) of its near-copies.

    Comparing every pair took hours for a department of 10,000 tables.  Prefix filtering finds
    the same pairs in about linear time: with the rows of every table in one order (rarest
    first), two tables sharing at least `_needed(len(a))` of a's rows must share one of the
    first `len(a) - _needed(len(a)) + 1` rows of each of them.  Only tables meeting in such a
    prefix are compared, and usually the rarest rows are a table's own.
    """
    frequency: dict[tuple, int] = defaultdict(int)
    for rows in keys:
        for key in rows:
            frequency[key] += 1
    found: dict[int, list[tuple[float, int, int]]] = defaultdict(list)
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, rows in enumerate(keys):
        prefix = len(rows) - _needed(len(rows)) + 1
        if prefix <= 0:
            continue  # too few rows to be anybody's copy
        ordered = sorted(rows, key=lambda key: (frequency[key], key))[:prefix]
        candidates = {j for key in ordered for j in index[key]}
        for j in sorted(candidates):
            shared = len(rows & keys[j])
            score = similarity(rows, keys[j])
            if shared >= MIN_SHARED_ROWS and score >= SIMILARITY_FLOOR:
                found[i].append((score, shared, j))
                found[j].append((score, shared, i))
        for key in ordered:
            index[key].append(i)
    return found
