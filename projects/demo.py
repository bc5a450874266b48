"""Loading the taxonomy, the five seed documents and the demo users.

Every step compares before it writes, so running `manage.py demo` twice changes nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from documents import goaltable as doc
from indicators.models import Category, Indicator, LibraryIndicator, Scheme

from .access import ADMIN as GROUP_ADMIN
from .access import REVIEWER as GROUP_REVIEWER
from .access import STAFF as GROUP_STAFF
from .identity import find_existing_table
from .models import SEQ_ORDER, Department, DepartmentReport, FiscalYear, GoalTable, Unit
from .review.workflow import goal_table_submit
from .selectors import goal_table_prefetch, goal_table_to_document
from .services import (
    check_fields,
    checked_save,
    department_report_save,
    document_with_parsed_values,
    goal_table_save_document,
)
from .years.services import default_scheme_code

FIXTURES = Path(settings.BASE_DIR) / "fixtures"



@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    scope: str
    created: bool


def _kept(model: type[models.Model], *, defaults: dict | None = None, update: bool = False, **lookup: object) -> models.Model:
    """The object the fixture describes: found by `lookup` (its `defaults` brought up to date when
    `update`), or made; checked like every other write (`checked_save`) before it is written."""
    defaults = defaults or {}
    found = model.objects.filter(**lookup).first()
    if found is None:
        made = model(**lookup, **defaults)
        checked_save(made)
        return made
    changed = {name: value for name, value in defaults.items() if getattr(found, name) != value}
    if update and changed:
        for name, value in changed.items():
            setattr(found, name, value)
        checked_save(found)
    return found


def load_taxonomy(path: Path = FIXTURES / "taxonomy.json") -> dict[str, Scheme]:
    data = json.loads(path.read_text(encoding="utf-8"))
    schemes = {}
    for s in data["schemes"]:
        scheme = _kept(Scheme, code=s["code"], update=True,
                       defaults={"name": s["name"], "description": s.get("description", "")})
        for order1, level1 in enumerate(s["categories"]):
            parent = _kept(Category, scheme=scheme, parent=None, name=level1["name"], update=True,
                           defaults={"level": 1, "order": order1})
            for order2, child in enumerate(level1["children"]):
                child = child if isinstance(child, dict) else {"name": child}
                _kept(Category, scheme=scheme, parent=parent, name=child["name"], update=True,
                      defaults={"level": 2, "order": order2, "aliases": child.get("aliases", "")})
        schemes[scheme.code] = scheme
    return schemes


def fiscal_year_for(year: int, schemes: dict[str, Scheme]) -> FiscalYear:
    return _kept(FiscalYear, year=year, defaults={"scheme": schemes[default_scheme_code(year)]})


def _same_table(table: GoalTable, document: doc.GoalTable, scheme: Scheme) -> bool:
    return table.scheme_id == scheme.id and goal_table_to_document(table) == document


def _find_table(fiscal_year: FiscalYear, unit: Unit, document: doc.GoalTable) -> GoalTable | None:
    tables = goal_table_prefetch(GoalTable.objects.filter(fiscal_year=fiscal_year, unit=unit).order_by("pk"))
    return find_existing_table(tables, kind=document.kind, code=document.code, name=document.name)


def load_seed(path: Path, schemes: dict[str, Scheme]) -> dict[str, int]:
    """Load one seed fixture; return counts of tables created, updated and unchanged."""
    data = json.loads(path.read_text(encoding="utf-8"))
    fiscal_year = fiscal_year_for(data["year"], schemes)
    scheme = schemes[data["scheme"]]
    dept = data["department"]
    department = _kept(Department, region=dept.get("region", ""), name=dept["name"], defaults={"code": dept.get("code", "")})
    units = {}
    for u in data["units"]:
        unit = _kept(Unit, department=department, name=u["name"], defaults={"code": u["code"]})
        units[(u["code"], u["name"])] = unit

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for raw in data["tables"]:
        document = document_with_parsed_values(doc.GoalTable.from_dict(raw))
        unit = units[(document.unit_code, document.unit_name)]
        document.year = fiscal_year.year
        document.department = department.name
        table = _find_table(fiscal_year, unit, document)
        if table is not None and _same_table(table, document, scheme):
            counts["unchanged"] += 1
            continue
        counts["created" if table is None else "updated"] += 1
        goal_table_save_document(document=document, fiscal_year=fiscal_year, unit=unit, scheme=scheme, table=table)

    report = data.get("report")
    if report:
        sections = [doc.Section(**s) for s in report.get("sections", [])]
        existing = (
            DepartmentReport.objects.filter(department=department, fiscal_year=fiscal_year)
            .prefetch_related("sections")
            .first()
        )
        wanted = (report["title"], report.get("compiled_by", ""), report.get("reviewed_by", ""), sections)
        if existing is None or wanted != (
            existing.title,
            existing.compiled_by,
            existing.reviewed_by,
            [doc.Section(heading=s.heading, body=s.body, level=s.level) for s in existing.sections.all()],
        ):
            department_report_save(
                department=department,
                fiscal_year=fiscal_year,
                title=report["title"],
                compiled_by=report.get("compiled_by", ""),
                reviewed_by=report.get("reviewed_by", ""),
                sections=sections,
            )
    return counts


def load_library(schemes: dict[str, Scheme], path: Path = FIXTURES / "library.json") -> int:
    """The common indicators of the 2021 scheme, then every 三级 filed in the demo tables.

    Returns the number of library entries added; existing entries are left as they are.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    scheme = schemes[data["scheme"]]
    wanted = {}
    for level1, level2, name, description, comparator, unit, direction in data["indicators"]:
        wanted[(scheme.id, level1, level2, name)] = LibraryIndicator(
            scheme=scheme, level1=level1, level2=level2, name=name, description=description,
            comparator=comparator, unit=unit, direction=direction,
        )
    filed = (
        Indicator.objects.exclude(level1="").exclude(level2="").exclude(name="")
        .values("table__scheme_id", "level1", "level2", "name", "description", "comparator", "unit", "direction")
        .order_by("table__scheme_id", "level1", "level2", "name", "id")
    )
    for row in filed:
        key = (row["table__scheme_id"], row["level1"], row["level2"], row["name"])
        wanted.setdefault(
            key,
            LibraryIndicator(
                scheme_id=key[0], level1=key[1], level2=key[2], name=key[3], description=row["description"],
                comparator=row["comparator"], unit=row["unit"], direction=row["direction"],
            ),
        )
    existing = set(LibraryIndicator.objects.values_list("scheme_id", "level1", "level2", "name"))
    missing = [entry for key, entry in wanted.items() if key not in existing]
    for entry in missing:
        check_fields(entry)
    LibraryIndicator.objects.bulk_create(missing)
    return len(missing)


def seed_paths() -> list[Path]:
    return sorted((FIXTURES / "seeds").glob("*.json"))


def staff_username(path: Path) -> str:
    """`000_qingdao.json` -> `qingdao`."""
    return path.stem.split("_", 1)[1]


def _ensure_user(username: str, password: str, *, group: str, superuser: bool = False) -> tuple:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.is_staff = superuser
        user.is_superuser = superuser
        user.save()
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user, created


def ensure_users(paths: list[Path]) -> list[DemoLogin]:
    logins = []
    _, created = _ensure_user("admin", "perfgoals-admin", group=GROUP_ADMIN, superuser=True)
    logins.append(DemoLogin("admin", "perfgoals-admin", "管理员", "全部部门", created))

    reviewer, created = _ensure_user("shenhe", "perfgoals-shenhe", group=GROUP_REVIEWER)
    departments = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        department = Department.objects.get(region=data["department"].get("region", ""), name=data["department"]["name"])
        departments.append(department)
        username = staff_username(path)
        staff, staff_created = _ensure_user(username, f"perfgoals-{username}", group=GROUP_STAFF)
        staff.units.add(*department.units.all())
        logins.append(
            DemoLogin(username, f"perfgoals-{username}", "填报人", f"{department.region} {department.name}", staff_created)
        )
    reviewer.reviewed_departments.add(*departments)
    logins.insert(1, DemoLogin("shenhe", "perfgoals-shenhe", "审核人", "全部演示部门", created))
    return logins


# The reviewer's queue should not start empty: one seed department hands its tables in.
SUBMITTED_SEED = "004_fuzhou"


def submit_demo_tables(paths: list[Path]) -> int:
    """Submit the tables of SUBMITTED_SEED that have never been through the workflow."""
    path = next((p for p in paths if p.stem == SUBMITTED_SEED), None)
    if path is None:
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    staff = get_user_model().objects.get(username=staff_username(path))
    tables = GoalTable.objects.filter(
        unit__department__name=data["department"]["name"],
        unit__department__region=data["department"].get("region", ""),
        status=GoalTable.Status.DRAFT,
        transitions__isnull=True,
    ).order_by(SEQ_ORDER, "id")
    count = 0
    for table in tables:
        goal_table_submit(table=table, user=staff)
        count += 1
    return count


@transaction.atomic
def load_demo() -> tuple[dict[str, int], list[DemoLogin]]:
    schemes = load_taxonomy()
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    paths = seed_paths()
    for path in paths:
        for key, value in load_seed(path, schemes).items():
            totals[key] += value
    totals["library"] = load_library(schemes)
    logins = ensure_users(paths)
    totals["submitted"] = submit_demo_tables(paths)
    return totals, logins
