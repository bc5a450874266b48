"""The layers of the code: documents/ knows no Django, indicators/ knows no projects/, and no import circles.

documents/ is the document and its logic (GoalTable, value grammar, diff, rules, parse/, render/); it
must work in a plain Python process, so the rules, the parsers and the renderers can be used and
tested without a database.  Layers from the bottom: documents → indicators → projects → perfgoals.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("documents", "indicators", "jobs", "projects", "perfgoals")

# What each layer may not import (its own name and anything above it).
FORBIDDEN = {
    "documents": ("django", "import_export", "simple_history", "indicators", "projects", "perfgoals"),
    "indicators": ("jobs", "projects", "perfgoals"),
    "jobs": ("documents", "indicators", "projects", "perfgoals"),  # runs any job by name, knows none of them
    "projects": ("perfgoals",),
}


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path, *, top_level_only: bool) -> list[str]:
    """The modules `name` imports (anywhere, or only at module level), resolved to absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append(module)
            # `from package import module` imports the module too.
            found += [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in MODULES]
    return found


def _under(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


def test_each_layer_imports_only_what_is_below_it():
    wrong = []
    for name, path in MODULES.items():
        forbidden = FORBIDDEN.get(name.split(".")[0], ())
        wrong += [f"{name} imports {m}" for m in _imports(name, path, top_level_only=False) if _under(m, forbidden)]
    assert wrong == []


def test_documents_import_in_a_plain_python_process_without_django():
    documents = sorted(name for name in MODULES if _under(name, ("documents",)))
    script = (
        "import importlib, sys\n"
        f"for name in {documents!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'indicators', 'projects', 'perfgoals'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_no_import_circles_between_modules():
    graph = {
        name: {m for m in _imports(name, path, top_level_only=True) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }
    # A package's __init__ importing its own submodules is how packages are made, not a circle.
    for name in graph:
        graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" → ".join(trail[trail.index(nxt):] + [nxt]) if nxt in trail else f"{node} → {nxt}")
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


# How a role is recognised in a query or a check; outside projects/access.py such a line is a
# second answer to "who may", which is how copies come to disagree.
ROLE_IDIOMS = ("groups.filter(", "unit__staff", "department__reviewers", ".staff.filter(", ".reviewers.filter(", "is_superuser or")


def test_who_may_is_decided_in_projects_access_only():
    found = []
    for name, path in MODULES.items():
        if name == "projects.access" or name.startswith("perfgoals.management"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if any(idiom in line for idiom in ROLE_IDIOMS):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
