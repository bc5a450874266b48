"""The scheme as the rules take it, {一级: [二级, …]}, from the database or from the taxonomy file."""
from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

TAXONOMY_FILE = Path(settings.BASE_DIR) / "fixtures" / "taxonomy.json"


def scheme_mapping(scheme) -> dict[str, list[str]]:
    """{一级: [二级, …]} of an indicators.models.Scheme, in the scheme's order."""
    categories = sorted(scheme.categories.all(), key=lambda c: (c.level, c.order, c.pk))
    mapping = {c.name: [] for c in categories if c.level == 1}
    names = {c.pk: c.name for c in categories if c.level == 1}
    for category in categories:
        if category.level == 2 and category.parent_id in names:
            mapping[names[category.parent_id]].append(category.name)
    return mapping


def scheme_aliases(scheme) -> dict[str, str]:
    """{alias: name} for the categories of a Scheme that are also filed under other names."""
    return {alias: c.name for c in scheme.categories.all() for alias in c.alias_list()}


def file_schemes(path: Path | str = TAXONOMY_FILE) -> dict[str, dict[str, list[str]]]:
    """{scheme code: {一级: [二级, …]}} from fixtures/taxonomy.json, for checks without a database."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        scheme["code"]: {
            level1["name"]: [c if isinstance(c, str) else c["name"] for c in level1.get("children", [])]
            for level1 in scheme["categories"]
        }
        for scheme in data["schemes"]
    }


def file_aliases(path: Path | str = TAXONOMY_FILE) -> dict[str, dict[str, str]]:
    """{scheme code: {alias: name}} from fixtures/taxonomy.json."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = {}
    for scheme in data["schemes"]:
        aliases = {}
        for level1 in scheme["categories"]:
            for item in [level1, *level1.get("children", [])]:
                if isinstance(item, dict):
                    for alias in str(item.get("aliases", "")).split("；"):
                        if alias.strip():
                            aliases[alias.strip()] = item["name"]
        result[scheme["code"]] = aliases
    return result
