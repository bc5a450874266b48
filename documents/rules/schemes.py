"""The schemes as the rules take them, {一级: [二级, …]}, read from the taxonomy file (checks without a database).

The same mapping of a scheme in the database comes from indicators.schemes.
"""
from __future__ import annotations

import json
from pathlib import Path

# The repository's fixtures folder: documents/rules/ is two levels below the repository root.
TAXONOMY_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "taxonomy.json"


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
