"""The path converter of every numeric id in our URLs, and `parse_id` for ids in forms and query
strings: at most 18 ASCII digits.

A longer number cannot be one of our ids or years, and would not fit a 64-bit
integer either: SQLite refuses it with OverflowError (a 500) where PostgreSQL
says "no such row". With this converter such a URL never reaches a view, and it
is a plain 404 on both databases.
"""
from __future__ import annotations

import re

from django.urls import register_converter

MAX_DIGITS = 18
_ID = re.compile(f"[0-9]{{1,{MAX_DIGITS}}}")


class IdConverter:
    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")


def parse_id(text: str) -> int | None:
    """An id posted or put in a query string, or None when it cannot be one ("²", "-1", a 20-digit number).

    str.isdigit() is no test: "²" is a digit to it and int("²") raises."""
    text = "" if text is None else str(text).strip()
    return int(text) if _ID.fullmatch(text) else None
