"""The results and errors of reading a file (re-exported by `importing`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from documents.goaltable import GoalTable

SEVERITY_ERROR = "error"
SEVERITY_WARNING = "warning"


class ImportFileError(Exception):
    """The whole file cannot be used: wrong type, corrupted, password-protected, empty, too large.

    The message is Chinese and names the file (and the place, when there is one)."""

    def __init__(self, message: str, *, file: str, place: str = "") -> None:
        self.message = message
        self.file = file
        self.place = place
        super().__init__(f"文件“{file}”{('（' + place + '）') if place else ''}：{message}")


@dataclass
class Problem:
    file: str
    place: str  # "第2个表格 第5行 第3列" or "工作表“项目1” 第7行 E列"
    message: str
    severity: str = SEVERITY_ERROR


@dataclass
class ParseResult:
    file: str
    layout: str  # one of LAYOUTS; several joined by "+" when a file mixes them ("overall+hunan")
    tables: list[GoalTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was assumed: "金额按元填报，已换算为万元"


@dataclass
class Report:
    """Where the parsers put problems and notes while reading one file."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def problem(self, place: str, message: str, *, severity: str = SEVERITY_ERROR) -> None:
        self.problems.append(Problem(self.file, place, message, severity))

    def warning(self, place: str, message: str) -> None:
        self.problem(place, message, severity=SEVERITY_WARNING)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)
