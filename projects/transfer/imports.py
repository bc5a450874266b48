"""Importing goal tables from Word and Excel files: a preview first, then a confirm.

`import_preview` parses every file, decides for each table its year, its unit and whether it
creates or updates a table, runs the review rules and lists every problem with its place;
nothing is written.  `import_confirm` writes a preview in one transaction, or nothing at all
while an error-level problem remains.  The command and the upload page both go through here.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, DataError, IntegrityError, models, transaction
from django.db.models import Q

from documents import goaltable as doc
from documents.amounts import money_text
from documents.grid import printed_value
from documents.parse import reader as parsing
from documents.rules import check_tables_by_table
from indicators.models import Indicator, Scheme
from indicators.schemes import scheme_aliases, scheme_mapping
from projects.identity import AmbiguousTable, find_existing_table, identity_key
from projects.import_messages import locked_label, way_forward
from projects.models import Department, Duty, FiscalYear, GoalTable, Milestone, Unit
from projects.selectors import ROW_FIELDS, TABLE_FIELDS, goal_table_prefetch, goal_table_to_document
from projects.services import (
    FieldChecker,
    TableWrite,
    TableWriteError,
    check_fields,
    checked_save,
    document_with_parsed_values,
    goal_tables_save_documents,
)
from projects.years.services import default_scheme_code

logger = logging.getLogger(__name__)

CREATE = "新建"
UPDATE = "更新"
LOCKED = "未导入"  # the stored table is under review or approved: an import never changes it
ERROR = "error"
WARNING = "warning"


def import_limits() -> parsing.ImportLimits:
    """What one file may hold: the defaults of ImportLimits, changed by settings.PERFGOALS_IMPORT_LIMITS."""
    return parsing.ImportLimits.from_mapping(getattr(settings, "PERFGOALS_IMPORT_LIMITS", None))


def max_file_bytes() -> int:
    """The largest file the parsers take; the command and the page refuse bigger ones before reading."""
    return import_limits().file_bytes


@dataclass
class Problem:
    file: str
    place: str
    message: str
    severity: str = ERROR
    in_file: bool = False  # a fault of the file itself (unreadable, a table missing columns), not of the options

    def to_json(self) -> dict:
        prefix = "" if self.severity == ERROR else "【警告】"
        return {"file": self.file, "place": self.place, "message": prefix + self.message}


@dataclass
class NewUnit:
    """A unit named by a file but not in the database; created on confirm under the chosen department."""

    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class PreviewTable:
    file: str
    number: int  # the table's position in its file, from 1
    document: doc.GoalTable  # as it will be saved: year and unit filled in, values parsed
    year: int | None = None
    unit: Unit | None = None
    new_unit: NewUnit | None = None
    action: str = ""  # CREATE, UPDATE or LOCKED; "" while year or unit is unknown
    existing_id: int | None = None
    changed: bool = True
    locked_status: str = ""  # LOCKED: the stored table's status (submitted or approved)
    findings: list = field(default_factory=list)

    @property
    def label(self) -> str:
        """What confirming does with this table, as the preview says it."""
        if self.action == LOCKED:
            return f"未导入：{locked_label(self.locked_status)}"
        if self.action == UPDATE and not self.changed:
            return "更新（无变化）"
        return self.action or "无法导入"

    @property
    def way_forward(self) -> str:
        return way_forward(self.locked_status) if self.action == LOCKED else ""

    @property
    def place(self) -> str:
        return f"第{self.number}张表《{_short(self.document.name, 40) or '（无名称）'}》"

    @property
    def unit_label(self) -> str:
        if self.unit is not None:
            return str(self.unit)
        if self.new_unit is not None:
            return str(self.new_unit)
        return " ".join(p for p in (self.document.unit_code, self.document.unit_name) if p)

    @property
    def rows(self) -> list[doc.IndicatorRow]:
        return list(self.document.all_indicators())

    @property
    def budget_text(self) -> str:
        return money_text(self.document.budget_total) or ""

    @property
    def extra_columns(self) -> set[str]:
        """The indicator fields beyond the usual that some row of this table fills (期限, 权重, 评分, 自评)."""
        rows = self.rows
        found = set()
        if any(r.term for r in rows):
            found.add("term")
        if any(r.weight is not None for r in rows):
            found.add("weight")
        found |= {name for name in ("scoring_standard", "formula", "data_source") if any(getattr(r, name) for r in rows)}
        if any(r.actual_value_text or r.score is not None or r.deviation_reason for r in rows):
            found.add("selfeval")
        if any(r.direction for r in rows):
            found.add("direction")
        return found

    def to_json(self) -> dict:
        d = self.document
        return {
            "file": self.file,
            "layout": d.layout,
            "kind": d.kind,
            "code": d.code,
            "name": d.name,
            "unit": self._unit_key(),
            "year": self.year,
            "budget_total": money_text(d.budget_total),
            "budget_note": d.budget_note,
            "budget_executed": money_text(d.budget_executed),
            "period_goal": d.period_goal,
            "annual_goal": d.annual_goal,
            "annual_goal_actual": d.annual_goal_actual,
            "milestones": [
                {"label": m.label, "month": m.month, "value": None if m.value is None else str(m.value)}
                for m in d.milestones
            ],
            "indicators": [
                {
                    "level1": r.level1,
                    "level2": r.level2,
                    "name": r.name,
                    "description": r.description,
                    "comparator": r.comparator,
                    "value": None if r.value is None else str(r.value),
                    "unit": r.unit,
                    "value_text": r.value_text,
                    "direction": r.direction,
                    "basis": r.basis,
                    "term": r.term,
                    "weight": None if r.weight is None else str(r.weight),
                    "scoring_standard": r.scoring_standard,
                    "formula": r.formula,
                    "data_source": r.data_source,
                    "actual_value_text": r.actual_value_text,
                    "score": None if r.score is None else str(r.score),
                    "deviation_reason": r.deviation_reason,
                }
                for r in d.all_indicators()
            ],
            "findings": [f.to_json() for f in self.findings],
        }

    def _unit_key(self) -> str:
        if self.unit is not None:
            return self.unit.code or self.unit.name
        if self.new_unit is not None:
            return self.new_unit.code or self.new_unit.name
        return self.document.unit_code or self.document.unit_name


@dataclass
class Preview:
    files: list[str]
    tables: list[PreviewTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad_files: list[str] = field(default_factory=list)  # files that could not be read at all
    new_years: list[int] = field(default_factory=list)
    new_units: list[NewUnit] = field(default_factory=list)
    new_unit_department: Department | None = None
    needs_department: bool = False  # some unit is unknown and no department was chosen for it

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def file_errors(self) -> list[Problem]:
        """Errors only a corrected file can fix; the options (year, unit, department) cannot."""
        return [p for p in self.problems if p.severity == ERROR and p.in_file]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    def count(self, action: str, *, changed: bool | None = None) -> int:
        return sum(1 for t in self.tables if t.action == action and (changed is None or t.changed == changed))

    def needing_attention(self) -> list[PreviewTable]:
        """The tables an admin has to look at: those that cannot come in as they are (year or unit unknown) or
        may not be touched (under review or approved).  What the rules find is shown on every table; last
        year's filed mistakes do not stop an import."""
        return [t for t in self.tables if t.action in ("", LOCKED)]

    def totals(self) -> dict[str, int]:
        """How many tables confirming creates, updates, leaves as they are, and may not touch."""
        return {
            "created": self.count(CREATE),
            "updated": self.count(UPDATE, changed=True),
            "unchanged": self.count(UPDATE, changed=False),
            "locked": self.count(LOCKED),
        }

    def to_json(self) -> dict:
        # notes: what was read in a way the file did not spell out (元→万元, a label column dropped, numbering stripped)
        return {"tables": [t.to_json() for t in self.tables], "problems": [p.to_json() for p in self.problems],
                "notes": list(self.notes)}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    locked: int = 0  # under review or approved: left as they are
    units_created: list[Unit] = field(default_factory=list)
    years_created: list[int] = field(default_factory=list)
    tables: list[GoalTable] = field(default_factory=list)

    def summary(self) -> str:
        text = f"新建 {self.created} 张表，更新 {self.updated} 张，无变化 {self.unchanged} 张"
        if self.locked:
            text += f"，未导入 {self.locked} 张（审核中或已审核，未作修改）"
        if self.units_created:
            text += f"；新建预算单位 {len(self.units_created)} 个"
        if self.years_created:
            text += "；新建年度 " + "、".join(str(y) for y in self.years_created)
        return text + "。"


class ImportBlocked(Exception):
    """The preview still has errors, or a table could not be written; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("；".join(f"{p.file} {p.place}：{p.message}" for p in problems))


def keep_unprinted(document: doc.GoalTable, saved: doc.GoalTable) -> doc.GoalTable:
    """What a file does not carry keeps its stored value: a layout that prints no 序号 keeps the
    number, and a 指标值 printed in its canonical form ("≧90％" printed "≥90%") keeps the text typed."""
    if document.seq is None and saved.seq is not None:
        document = dataclasses.replace(document, seq=saved.seq)
    saved_rows = list(saved.all_indicators())
    if len(saved_rows) != sum(1 for _ in document.all_indicators()):
        return document
    stored = iter(saved_rows)

    def typed(row: doc.IndicatorRow) -> doc.IndicatorRow:
        before = next(stored)
        if row.value_text != before.value_text and row.value_text == printed_value(before, layout=saved.layout):
            # The same target as printed: keep how it was typed (its text, and the unit and comparator read from it).
            kept = dataclasses.replace(
                row, value_text=before.value_text, unit=before.unit, comparator=before.comparator
            )
            return kept if kept == before else row
        return row

    return document.map_rows(typed)


# ---------------------------------------------------------------------------
# Preview


@dataclass
class ParsedFile:
    """One file read once: its tables, or the problems that made it unreadable (result None)."""

    name: str
    result: parsing.ParseResult | None
    problems: list[Problem] = field(default_factory=list)


def parse_files(
    files: list[tuple[str, bytes]], *, layout: str | None = None, progress: Callable[..., None] | None = None
) -> list[ParsedFile]:
    """Read every file once, within the import limits; `progress(fraction, step)` follows along.

    The upload page keeps what this returns with the upload, so the preview and the confirm
    use it without reading the files again."""
    limits = import_limits()
    parsed = []
    for index, (name, data) in enumerate(files):
        def told(fraction: float, index: int = index, name: str = name) -> None:
            if progress is not None:
                progress((index + fraction) / len(files), f"正在读取《{name}》（第 {index + 1}/{len(files)} 个文件）")

        told(0.0)
        try:
            result = parsing.parse_file(name, data, layout=layout, limits=limits, progress=told)
        except parsing.ImportFileError as error:
            parsed.append(ParsedFile(name, None, [
                Problem(error.file or name, error.place or "整个文件", error.message, in_file=True)]))
            continue
        except Exception:  # noqa: BLE001  (a parser bug must not cost the admin the page; it is logged)
            logger.exception("parsing %s failed", name)
            parsed.append(ParsedFile(name, None, [
                Problem(name, "整个文件", "读取文件时出现意外错误，已记录；请检查文件或联系管理员。", in_file=True)]))
            continue
        parsed.append(ParsedFile(name, result))
    return parsed


def import_preview(
    *,
    files: list[tuple[str, bytes]] | None = None,
    parsed: list[ParsedFile] | None = None,
    year: int | None = None,
    unit_code: str | None = None,
    layout: str | None = None,
    new_unit_department: Department | None = None,
) -> Preview:
    """Say what confirming would do with `files` (or with the `parsed` result of reading them
    once); the database is only read.

    A table's year and unit are its document's own, else `year` and `unit_code`.  A unit the
    database does not know is created under `new_unit_department` when one is given, and is
    an error otherwise.
    """
    if parsed is None:
        parsed = parse_files(files or [], layout=layout)
    preview = Preview(files=[item.name for item in parsed], new_unit_department=new_unit_department)

    given_unit = None
    if unit_code:
        given_unit = _find_given_unit(unit_code, preview)

    _add_files(preview, parsed)

    schemes = _Schemes()
    years = _Years(schemes)
    units = _Units(new_unit_department)
    seen: dict[tuple, PreviewTable] = {}
    checker = FieldChecker()
    for item in preview.tables:
        _resolve(item, preview, year=year, given_unit=given_unit, years=years, units=units)
        if item.year is None or (item.unit is None and item.new_unit is None):
            continue
        key = (item.year, item.unit.pk if item.unit else ("new", item.new_unit.code, item.new_unit.name),
               identity_key(kind=item.document.kind, code=item.document.code, name=item.document.name))
        if key in seen:
            first = seen[key]
            preview.problems.append(Problem(
                item.file, item.place,
                f"与 {first.file} {first.place}是同一张表（同年度、同单位、同{'项目编码' if item.document.code else '名称'}），只能导入其中一份。",
            ))
            continue
        seen[key] = item
        preview.problems.extend(_model_problems(item, checker))
    _match(preview, list(seen.values()))

    preview.new_years = sorted(y for y, fy in years.known.items() if fy is None and y in {t.year for t in preview.tables})
    preview.new_units = list(units.new.values())
    preview.needs_department = units.unknown_without_department
    _check(preview, schemes, years)
    return preview


def _add_files(preview: Preview, parsed: list[ParsedFile]) -> None:
    for item in parsed:
        name, result = item.name, item.result
        if result is None:
            preview.bad_files.append(name)
            preview.problems.extend(item.problems)
            continue
        for p in result.problems:
            preview.problems.append(Problem(p.file or name, p.place, p.message, p.severity, in_file=True))
        preview.notes.extend(f"{name}：{note}" for note in result.notes)
        if not result.tables and not any(p.severity == ERROR for p in result.problems):
            preview.problems.append(Problem(name, "整个文件", "文件中没有找到绩效目标表。", in_file=True))
        for number, document in enumerate(result.tables, start=1):
            preview.tables.append(PreviewTable(file=name, number=number, document=document))


def file_errors(parsed: list[ParsedFile]) -> list[Problem]:
    """The errors only a corrected file can fix, known from reading alone (no database)."""
    preview = Preview(files=[item.name for item in parsed])
    _add_files(preview, parsed)
    return preview.file_errors


def _find_given_unit(unit_code: str, preview: Preview) -> Unit | None:
    found = list(Unit.objects.filter(Q(code=unit_code) | Q(name=unit_code)).select_related("department")[:2])
    if len(found) == 1:
        return found[0]
    message = (
        f"没有编码或名称为“{unit_code}”的预算单位。"
        if not found
        else f"名称为“{unit_code}”的预算单位不止一个，请改用单位编码。"
    )
    preview.problems.append(Problem("", "导入选项", message))
    return None


class _Schemes:
    """The rules' view of each scheme, read once per import."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple | None] = {}

    def for_code(self, code: str) -> Scheme:
        if code not in self.cache:
            scheme = Scheme.objects.filter(code=code).prefetch_related("categories").first()
            self.cache[code] = None if scheme is None else (scheme, scheme_mapping(scheme), scheme_aliases(scheme))
        return self.cache[code]


class _Years:
    def __init__(self, schemes: _Schemes) -> None:
        self.schemes = schemes
        self.known: dict[int, FiscalYear | None] = {}

    def get(self, year: int) -> FiscalYear | None:
        if year not in self.known:
            self.known[year] = FiscalYear.objects.select_related("scheme").filter(year=year).first()
        return self.known[year]

    def scheme(self, year: int) -> Scheme:
        fiscal_year = self.get(year)
        return self.schemes.for_code(fiscal_year.scheme.code if fiscal_year else default_scheme_code(year))


class _Units:
    def __init__(self, department: Department | None) -> None:
        self.department = department
        self.by_key: dict[tuple[str, str, str], list[Unit]] = {}
        self.new: dict[tuple[str, str], NewUnit] = {}
        self.unknown_without_department = False

    def find(self, document: doc.GoalTable) -> list[Unit]:
        key = (document.unit_code, document.unit_name, document.department)
        if key not in self.by_key:
            units = Unit.objects.select_related("department")
            found = list(units.filter(code=document.unit_code)) if document.unit_code else []
            if not found and document.unit_name:
                # A unit entered without its code is the same unit; one with another code is not.
                found = list(units.filter(name=document.unit_name, code=""))
                if not document.unit_code:
                    found = list(units.filter(name=document.unit_name))
                if len(found) > 1 and document.department:
                    found = [u for u in found if u.department.name == document.department] or found
            self.by_key[key] = found
        return self.by_key[key]

    def new_unit(self, document: doc.GoalTable) -> NewUnit:
        key = (document.unit_code, document.unit_name)
        if key not in self.new:
            self.new[key] = NewUnit(document.unit_code, document.unit_name or document.unit_code)
        return self.new[key]


def _resolve(item: PreviewTable, preview: Preview, *, year: int, given_unit: Unit | None, years: _Years, units: _Units) -> None:
    document = item.document
    item.year = document.year or year
    if item.year is None:
        preview.problems.append(Problem(item.file, item.place, "文件中没有年度，请指定导入到哪个年度（--year 或页面上的“年度”）。"))
    elif years.scheme(item.year) is None:
        code = default_scheme_code(item.year)
        preview.problems.append(Problem(
            item.file, item.place, f"{item.year}年度还没有建立，所需的指标体系“{code}”也未载入，请先在后台建立年度。"
        ))
        item.year = None

    if document.unit_code or document.unit_name:
        found = units.find(document)
        if len(found) == 1:
            item.unit = found[0]
        elif len(found) > 1:
            preview.problems.append(Problem(
                item.file, item.place,
                f"名称为“{document.unit_name}”的预算单位不止一个，无法确定是哪一个；请在文件中写明单位编码。",
            ))
        elif units.department is not None:
            item.new_unit = units.new_unit(document)
        else:
            units.unknown_without_department = True
            label = " ".join(p for p in (document.unit_code, document.unit_name) if p)
            preview.problems.append(Problem(
                item.file, item.place,
                f"系统中没有预算单位“{label}”。请先在后台建立该单位，或选择把新单位建在哪个预算部门下。",
            ))
    elif given_unit is not None:
        item.unit = given_unit
    else:
        preview.problems.append(Problem(item.file, item.place, "文件中没有预算单位，请指定导入到哪个单位（--unit 或页面上的“预算单位”）。"))

    unit = item.unit
    item.document = dataclasses.replace(
        document_with_parsed_values(document),
        year=item.year,
        department=unit.department.name if unit else (units.department.name if item.new_unit else document.department),
        unit_code=unit.code if unit else (item.new_unit.code if item.new_unit else document.unit_code),
        unit_name=unit.name if unit else (item.new_unit.name if item.new_unit else document.unit_name),
    )


class _Existing:
    """The tables already in the database that an import may update, loaded in one go."""

    def __init__(self, pairs: set[tuple[int, int]]) -> None:
        self.by_place: dict[tuple[int, int], list[GoalTable]] = {}
        if not pairs:
            return
        years = {y for y, _ in pairs}
        unit_ids = {u for _, u in pairs}
        tables = goal_table_prefetch(
            GoalTable.objects.filter(fiscal_year__year__in=years, unit_id__in=unit_ids).order_by("pk")
        )
        for table in tables:
            self.by_place.setdefault((table.fiscal_year.year, table.unit_id), []).append(table)

    def find(self, year: int, unit_id: int, document: doc.GoalTable) -> GoalTable | None:
        """By the identity rule of every import (projects.identity); AmbiguousTable when it fits several."""
        tables = self.by_place.get((year, unit_id), [])
        return find_existing_table(tables, kind=document.kind, code=document.code, name=document.name)


def same_contents(saved: doc.GoalTable, filed: doc.GoalTable) -> bool:
    """Whether importing `filed` over `saved` would change anything a user sees.

    A table without a title is printed as "<name>绩效目标表", so that title read back from
    the file is the same table, not an update.
    """
    default = f"{filed.name}绩效目标表"
    if saved.title == "" and filed.title == default:
        filed = dataclasses.replace(filed, title="")
    return saved == filed


def _match(preview: Preview, items: list[PreviewTable]) -> None:
    """Say for each table (year and unit known) whether it creates one, updates which, or may not touch it."""
    existing = _Existing({(t.year, t.unit.pk) for t in items if t.unit is not None})
    for item in items:
        try:
            table = existing.find(item.year, item.unit.pk, item.document) if item.unit is not None else None
        except AmbiguousTable as error:
            preview.problems.append(Problem(item.file, item.place, str(error)))
            continue
        if table is None:
            item.action, item.existing_id, item.changed = CREATE, None, True
            continue
        saved = goal_table_to_document(table)
        item.document = keep_unprinted(item.document, saved)
        item.action, item.existing_id = UPDATE, table.pk
        item.changed = not same_contents(saved, item.document)
        if item.changed and not table.is_editable:
            item.action, item.locked_status = LOCKED, table.status


def _model_problems(item: PreviewTable, checker: FieldChecker) -> list[Problem]:
    """What the database would refuse (a name too long, a number too large), found before writing."""
    document = item.document
    problems = []

    def add(where: str, errors: dict[str, list[str]], model: type[models.Model]) -> None:
        for field_name, messages in errors.items():
            label = _verbose_name(model, field_name)
            for message in messages:
                problems.append(Problem(item.file, f"{item.place}{where}", f"{label}：{message}"))

    table = GoalTable(**{name: getattr(document, name) for name in TABLE_FIELDS})
    try:
        table.full_clean(exclude=["fiscal_year", "unit", "scheme", "status"], validate_unique=False)
    except ValidationError as error:
        add("", error.message_dict, GoalTable)
    for i, m in enumerate(document.milestones, start=1):
        add(f" 资金支出计划第{i}项", checker.errors(Milestone, {"label": m.label, "month": m.month, "value": m.value}), Milestone)
    for i, duty in enumerate(document.duties, start=1):
        add(f" 第{i}项职责", checker.errors(Duty, {"seq": duty.seq, "name": duty.name}), Duty)
    for i, row in enumerate(document.all_indicators(), start=1):
        add(f" 第{i}个指标“{_short(row.name)}”", checker.errors(Indicator, {n: getattr(row, n) for n in ROW_FIELDS}), Indicator)
    return problems


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _verbose_name(model: type[models.Model], field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:
        return field_name


def _check(preview: Preview, schemes: _Schemes, years: _Years) -> None:
    """The review rules over every table, the cross-table ones over the whole import."""
    if not preview.tables:
        return
    mappings, aliases, shares = [], [], []
    for item in preview.tables:
        found = years.scheme(item.year) if item.year else None
        mappings.append(found[1] if found else None)
        aliases.append(found[2] if found else None)
        shares.append(found[0].self_evaluation_weights if found else None)
    results = check_tables_by_table(
        [t.document for t in preview.tables], schemes=mappings, aliases=aliases, shares=shares
    )
    for item, (_, findings) in zip(preview.tables, results):
        item.findings = findings


# ---------------------------------------------------------------------------
# Confirm


def import_confirm(*, preview: Preview, user: User | None = None) -> ImportResult:
    """Write every table of `preview` in one transaction; raise ImportBlocked and write nothing
    while it has an error, or when any table cannot be written."""
    if preview.has_errors:
        raise ImportBlocked(preview.errors)
    if not preview.tables:
        raise ImportBlocked([Problem("", "整个导入", "没有可以导入的表。")])
    result = ImportResult()
    try:
        with transaction.atomic():
            # Matched again here, on locked rows: the database may have changed since the preview was shown,
            # and a second import of the same file running now must wait for this one (see _lock_places).
            _lock_places(preview)
            existing_tables = _Existing({(t.year, t.unit.pk) for t in preview.tables if t.unit is not None})
            fiscal_years: dict[int, FiscalYear] = {}
            new_units: dict[tuple[str, str], Unit] = {}
            writes: list[TableWrite] = []
            written: list[PreviewTable] = []
            for item in preview.tables:
                fiscal_year = fiscal_years.get(item.year)
                if fiscal_year is None:
                    scheme = Scheme.objects.get(code=default_scheme_code(item.year))
                    check_fields(FiscalYear(year=item.year, scheme=scheme))
                    fiscal_year, created = FiscalYear.objects.get_or_create(year=item.year, defaults={"scheme": scheme})
                    fiscal_years[item.year] = fiscal_year
                    if created:
                        result.years_created.append(item.year)
                unit = item.unit
                if unit is None:
                    key = (item.new_unit.code, item.new_unit.name)
                    if key not in new_units:
                        new_units[key] = Unit(
                            department=preview.new_unit_department, code=item.new_unit.code, name=item.new_unit.name
                        )
                        checked_save(new_units[key])
                        result.units_created.append(new_units[key])
                    unit = new_units[key]
                existing = existing_tables.find(item.year, unit.pk, item.document) if item.unit else None
                saved = goal_table_to_document(existing) if existing is not None else None
                document = keep_unprinted(item.document, saved) if saved is not None else item.document
                if saved is not None and same_contents(saved, document):
                    result.unchanged += 1
                    result.tables.append(existing)
                    continue
                if existing is not None and not existing.is_editable:
                    result.locked += 1  # under review or approved: never changed by an import
                    result.tables.append(existing)
                    continue
                if existing is None:
                    result.created += 1
                else:
                    result.updated += 1
                writes.append(TableWrite(document=document, fiscal_year=fiscal_year, unit=unit, table=existing))
                written.append(item)
                result.tables.append(None)  # filled in below, in the order of the preview
            # All tables in one bulk write: one statement per kind of row rather than one per table.
            saved = iter(goal_tables_save_documents(writes=writes, user=user) if writes else [])
            result.tables = [table if table is not None else next(saved) for table in result.tables]
    except TableWriteError as error:
        item = written[error.index]
        raise ImportBlocked([Problem(item.file, item.place, f"无法保存，整个导入已撤销：{_reason(error)}")]) from error
    except AmbiguousTable as error:
        raise ImportBlocked([Problem("", "整个导入", str(error))]) from error
    except IntegrityError as error:
        logger.warning("import refused by a constraint: %s", error)
        raise ImportBlocked([Problem(
            "", "整个导入", "另一个导入刚刚保存了同样的表或单位，整个导入已撤销；请重新预览后再确认。"
        )]) from error
    except (ValidationError, DatabaseError) as error:
        raise ImportBlocked([Problem("", "整个导入", f"无法保存，整个导入已撤销：{_reason(error)}")]) from error
    return result


def _lock_places(preview: Preview) -> None:
    """Lock the units (and the department new units go under) this import writes to, in a fixed order.

    Two imports of the same file confirmed at once then run one after the other: the second
    finds the tables the first created instead of creating them again (the identity constraint
    on GoalTable would refuse a duplicate anyway; this makes the second import succeed as 无变化).
    """
    unit_ids = sorted({t.unit.pk for t in preview.tables if t.unit is not None})
    if unit_ids:
        list(Unit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk").values_list("pk", flat=True))
    if preview.new_units and preview.new_unit_department is not None:
        list(Department.objects.select_for_update().filter(pk=preview.new_unit_department.pk).values_list("pk", flat=True))


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    # The database's own words are English (and name columns, not cells): they go to the log.
    logger.error("导入写入数据库失败", exc_info=error)
    if isinstance(error, DataError):
        return "有数值或文字超出了数据库允许的范围"
    if isinstance(error, IntegrityError):
        return "与数据库中已有的数据冲突，请刷新后重试"
    return "数据库暂时无法写入，请稍后重试；如果反复出现，请联系管理员"
