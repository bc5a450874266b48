"""The scheme (一级 → 二级) as the rules see it: a plain mapping, matched forgivingly.

Filed tables write the same category with or without the trailing 指标 (数量 / 数量指标,
社会公众或服务对象满意度 / …指标) and with stray spaces; those are the same category.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from documents.evaluation import DEFAULT_WEIGHTS

from .measures import clean

# A weight filed after a category, 产出指标（50分） or 产出指标(权重50%): not part of the name.
_WEIGHT_NOTE = re.compile(r"[（(]\s*(?:权重|分值)?\s*[:：]?\s*\d+(?:\.\d+)?\s*(?:分|%|％)?\s*[)）]$")


def category_key(name: str) -> str:
    key = _WEIGHT_NOTE.sub("", clean(name))
    return key[: -len("指标")] if key.endswith("指标") and len(key) > 2 else key


class Taxonomy:
    """The year's scheme: its 一级 → 二级, the other names of its categories, and the 分值 shares
    ({"产出指标": 50, "效益指标": 30, "满意度指标": 10, "预算执行率": 10} by default, 财预〔2020〕10号)."""

    def __init__(self, mapping: Mapping[str, Sequence[str]] | None = None, aliases: Mapping[str, str] | None = None,
                 shares: Mapping[str, Decimal] | None = None) -> None:
        self.shares: dict[str, Decimal] = {k: Decimal(v) for k, v in (shares or DEFAULT_WEIGHTS).items()}
        mapping = mapping or {}
        self._aliases = {category_key(a): category_key(n) for a, n in (aliases or {}).items()}
        self.level1_names = list(mapping)
        self._level1 = {category_key(n): n for n in mapping}
        self._children = {category_key(n): {category_key(c): c for c in children} for n, children in mapping.items()}

    def __bool__(self) -> bool:
        return bool(self._level1)

    def _key(self, name: str) -> str:
        key = category_key(name)
        return self._aliases.get(key, key)

    def level1(self, name: str) -> str | None:
        """The scheme's name of the 一级 `name` stands for, or None."""
        return self._level1.get(self._key(name))

    def level2(self, level1: str, name: str) -> str | None:
        """The scheme's name of the 二级 `name` under `level1`, or None when it is not there."""
        children = self._children.get(self._key(level1), {})
        return children.get(self._key(name))

    def children(self, level1: str) -> list[str]:
        return list(self._children.get(self._key(level1), {}).values())

    def parents_of(self, name: str) -> list[str]:
        """The 一级 under which a 二级 called `name` exists in this scheme."""
        key = self._key(name)
        return [self._level1[p] for p, children in self._children.items() if key in children]

    def output_level1(self) -> str | None:
        return next((n for n in self.level1_names if clean(n).startswith("产出")), None)
