"""The scheme as the rules take it, {一级: [二级, …]}, read from a Scheme in the database."""
from __future__ import annotations

from .models import Scheme


def scheme_mapping(scheme: Scheme) -> dict[str, list[str]]:
    """{一级: [二级, …]} of an indicators.models.Scheme, in the scheme's order."""
    categories = sorted(scheme.categories.all(), key=lambda c: (c.level, c.order, c.pk))
    mapping = {c.name: [] for c in categories if c.level == 1}
    names = {c.pk: c.name for c in categories if c.level == 1}
    for category in categories:
        if category.level == 2 and category.parent_id in names:
            mapping[names[category.parent_id]].append(category.name)
    return mapping


def scheme_aliases(scheme: Scheme) -> dict[str, str]:
    """{alias: name} for the categories of a Scheme that are also filed under other names."""
    return {alias: c.name for c in scheme.categories.all() for alias in c.alias_list()}
