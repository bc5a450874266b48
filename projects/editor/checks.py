"""What the editor tells a draft: the review rules' findings, placed on the cells of the page.

The editor has no checks of its own.  It runs `workflow.findings_for` — the function the
review page and submission use — on the document the page holds, so the number of blockers
it shows is the number of reasons 提交审核 refuses with.  This module only says where on the
page each finding belongs and how its place reads in words.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from documents import goaltable as doc
from documents.rules import ERROR, FIELD_LABELS
from documents.rules.base import Finding

from .grid import cell_of

# A finding about the table as a whole names one of these; the editor shows it at that field.
HEADER_OF_FIELD = {"project_name": "name"}
# The input of a row field that a click on its message goes to (the 指标值 is typed in the number box).
ROW_INPUT = {"value_text": "value"}
# Table-level findings about the indicators sit above the grid.
GRID_FIELDS = {"indicators", "level1", "level2", "name", "value_text", "description", "basis", "standard", "weight"}
PLAN_ISSUES = "plan-issues"
GRID_ISSUES = "grid-issues"


@dataclass(frozen=True)
class Mark:
    """One message for one place of the page."""

    cell: str  # id of the element that shows it: a header field, a plan point, a grid cell
    where: str  # the place in words, for the list of findings
    message: str
    severity: str
    code: str = ""  # the rule's code: kept on the element for reviewers, not printed to staff
    focus: str = ""  # the name of the input a click on the message puts the cursor in

    @property
    def text(self) -> str:
        """The message for the list, where the place is already named in front of it."""
        lead = f"{self.where}："
        return self.message[len(lead):] if self.message.startswith(lead) else self.message

    def to_json(self) -> dict:
        return {
            "cell": self.cell, "where": self.where, "message": self.message,
            "severity": self.severity, "code": self.code, "focus": self.focus,
        }


def header_cell(name: str) -> str:
    return f"f-t-{name}"


def row_cell(prefix: str, key: str) -> str:
    return f"f-{prefix}-{key}"


def point_cell(prefix: str) -> str:
    return f"f-{prefix}"


def header_field(finding: Finding) -> str:
    return HEADER_OF_FIELD.get(finding.field, finding.field)


def place_findings(
    findings: Iterable[Finding], *, document: doc.GoalTable, row_prefixes: list[str], point_prefixes: list[str], columns: Iterable[str], header_shown: set[str]
) -> list[Mark]:
    """Each finding with the id of the cell that shows it (in document order of the findings)."""
    cells = cell_of(columns)
    labels = [m.label for m in document.milestones]
    marks = []
    for f in findings:
        label = FIELD_LABELS.get(f.field, f.field)
        focus = ""
        if f.row is not None:
            key = cells.get(f.field, "name")
            if f.row < len(row_prefixes):
                cell = row_cell(row_prefixes[f.row], "name" if key == "more" else key)
                focus = f"{row_prefixes[f.row]}-{ROW_INPUT.get(f.field, f.field)}"
            else:
                cell = ""
            where = f"第{f.row + 1}行“{f.indicator}” · {label}" if f.indicator else f"第{f.row + 1}行 · {label}"
        elif f.field == "milestones":
            if f.point is not None and f.point < len(point_prefixes):
                cell, where = point_cell(point_prefixes[f.point]), f"{label} · {labels[f.point]}"
                focus = f"{point_prefixes[f.point]}-value"
            else:
                cell, where = PLAN_ISSUES, label
        elif header_field(f) in header_shown:
            cell, where, focus = header_cell(header_field(f)), label, f"t-{header_field(f)}"
        elif f.field in GRID_FIELDS:
            cell, where = GRID_ISSUES, FIELD_LABELS["indicators"]
        else:
            cell, where = "", label
        marks.append(Mark(cell, where, f.message, f.severity, f.code, focus))
    return marks


def blocker_count(marks: Iterable[Mark]) -> int:
    return sum(1 for m in marks if m.severity == ERROR and m.code)
