"""A stand-in for the document-layer parser, so the import service is tested on its own terms."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

try:
    from perfgoals.documents.importing import ImportFileError, ParseResult, Problem
except ImportError:  # TEMPORARY until the parsers land
    import sys
    import types

    class ImportFileError(Exception):
        def __init__(self, message, file="", place=""):
            super().__init__(message)
            self.message, self.file, self.place = message, file, place

    @dataclass
    class Problem:
        file: str
        place: str
        message: str
        severity: str = "error"

    @dataclass
    class ParseResult:
        file: str
        layout: str
        tables: list
        problems: list
        notes: list

    _stub = types.ModuleType("perfgoals.documents.importing")
    _stub.ImportFileError, _stub.Problem, _stub.ParseResult = ImportFileError, Problem, ParseResult
    _stub.MAX_FILE_BYTES = 20 * 1024 * 1024
    sys.modules["perfgoals.documents.importing"] = _stub


@dataclass
class FakeParser:
    """parse_file's signature; each file name maps to its tables, or to the error it raises."""

    files: dict = field(default_factory=dict)
    problems: dict = field(default_factory=dict)
    calls: list = field(default_factory=list)

    def __call__(self, name: str, data: bytes, *, layout: str | None = None) -> ParseResult:
        self.calls.append((name, data, layout))
        found = self.files[name]
        if isinstance(found, ImportFileError):
            raise found
        return ParseResult(
            file=name,
            layout=layout or "standard",
            tables=copy.deepcopy(found),
            problems=[Problem(name, place, message) for place, message in self.problems.get(name, [])],
            notes=[],
        )


def bad_file(name: str, message: str = "文件已损坏，无法打开。") -> ImportFileError:
    return ImportFileError(message, name, "整个文件")
