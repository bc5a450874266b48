"""Which stored table a filed table is: the one rule every import path uses.

A table is identified within its year and unit by its kind and its 项目编码, or by its name
when it has no code (the seeds have project tables without codes, and department-wide tables
never have one).  The database enforces the same identity (GoalTable.Meta.constraints), so an
import that found nothing can never create a second copy.

The Word/Excel import (page and `import_tables`) and the admin's flat imports of tables and of
indicator rows all call `find_existing_table` over the year's and unit's tables they loaded.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")  # a GoalTable model, or anything with kind, code and name


def identity_key(*, kind: str, code: str, name: str) -> tuple:
    """What makes a table the one it is within its year and unit (as the database constraints say)."""
    return (kind, "code", code) if code else (kind, "name", name)


def duplicate_message(*, code: str) -> str:
    if code:
        return f"本年度该单位已有项目编码为“{code}”的同类绩效目标表，不能再建一张；请修改项目编码或打开原表。"
    return "本年度该单位已有同名、未填项目编码的同类绩效目标表，不能再建一张；请填写项目编码或修改项目名称。"


class AmbiguousTable(ValueError):
    """The filed table fits several stored ones; the message says how to tell them apart.
    `by_code` tells whether the code (else the name) was ambiguous."""

    def __init__(self, message: str, *, by_code: bool) -> None:
        super().__init__(message)
        self.by_code = by_code


def find_existing_table(tables: Iterable[T], *, kind: str | None, code: str, name: str) -> T | None:
    """The table of `tables` (one year's and unit's, oldest first) that a filed table with this
    `kind`, `code` and `name` is; None when it is a new one.

    - With a code: the table with that code; else a table entered earlier without a code under
      the same name (the file now gives its code).  A table with another code is never taken
      for it: two projects may share a name.
    - Without a code: the table without a code of that name; else the one table of that name.
    `kind=None` (a flat row that does not say) matches tables of any kind.
    """
    candidates = [t for t in tables if kind is None or t.kind == kind]
    if code:
        coded = [t for t in candidates if t.code == code]
        if len(coded) > 1:
            raise AmbiguousTable(f"该单位本年度有多张项目编码为“{code}”的表，请先在后台合并。", by_code=True)
        if coded:
            return coded[0]
        candidates = [t for t in candidates if not t.code]
    if not name:
        return None
    named = [t for t in candidates if t.name == name]
    uncoded = [t for t in named if not t.code]
    if len(uncoded) == 1:
        return uncoded[0]
    if len(named) > 1:
        raise AmbiguousTable(f"该单位本年度有多张名为“{name}”的表，请在文件中填写项目编码以区分。", by_code=False)
    return named[0] if named else None
