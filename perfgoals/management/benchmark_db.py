"""The import measurements of `manage.py benchmark`, on a throwaway database.

`throwaway_database()` points Django's default database at a fresh in-memory SQLite, migrated
once, with the indicator taxonomy, a fiscal year, a department of `units` units and an
importing user; the real database is never opened.  Each measurement runs in a child process
forked from there (benchmark.measure), so every one starts from the same state, and every
timed run is rolled back, so a repeated run imports into the same empty tables again.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from documents.goaltable import GoalTable

YEAR = 2024
DEPARTMENT = "示范市行政审批服务局"
USERNAME = "benchmark"
FLAT_HEADERS = (
    "年度", "单位编码", "单位名称", "项目编码", "项目名称", "顺序", "一级指标", "二级指标", "三级指标", "指标描述",
    "比较符", "指标数值", "计量单位", "指标值（原文）", "指标性质", "指标值确定依据",
)



@contextmanager
def throwaway_database(*, units: int) -> Iterator[None]:
    """The default database, for the duration, is an in-memory SQLite with the benchmark's world.

    The previous connection object is kept (not closed: under a test it holds the test's
    transaction) and put back afterwards, with the settings and the caches that name rows."""
    from django.contrib.contenttypes.models import ContentType

    alias = DEFAULT_DB_ALIAS
    saved_settings = connections.settings[alias]
    saved_connection = connections[alias]
    saved_debug = settings.DEBUG
    fresh = connections.configure_settings({alias: {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
    connections.settings[alias] = fresh[alias]
    connections[alias] = connections.create_connection(alias)
    settings.DEBUG = False  # as in production: no query log
    ContentType.objects.clear_cache()
    try:
        call_command("migrate", database=alias, verbosity=0, interactive=False)
        _world(units)
        yield
    finally:
        connections[alias].close()
        connections[alias] = saved_connection
        connections.settings[alias] = saved_settings
        settings.DEBUG = saved_debug
        ContentType.objects.clear_cache()


def _world(units: int) -> None:
    from django.contrib.auth import get_user_model

    from projects.demo import fiscal_year_for, load_taxonomy
    from projects.models import Department, Unit

    fiscal_year_for(YEAR, load_taxonomy())
    department = Department.objects.create(name=DEPARTMENT, region="示范市")
    for u in range(1, units + 1):
        Unit.objects.create(department=department, code=f"{630000 + u}", name=f"{DEPARTMENT}第{u}分局")
    user = get_user_model()(username=USERNAME, is_superuser=True, is_staff=True)
    user.set_unusable_password()
    user.save()


def _user() -> User:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=USERNAME)


def _rolled_back(run: Callable[[], None], result: bytes) -> Callable[[], bytes]:
    """A writer for benchmark.measure: `run` inside a transaction opened before the timing starts and
    rolled back after it stops, so every run imports into the same tables and the rollback is not timed."""
    block = transaction.atomic()

    def write() -> bytes:
        run()
        return result

    def after() -> None:
        transaction.set_rollback(True)
        block.__exit__(None, None, None)

    write.before = block.__enter__
    write.after = after
    return write


# ---------------------------------------------------------------------------
# Word import: preview, then confirm


def prepare_docx_import(document_of: Callable[[int], object], tables: int, *,
                        confirm: bool = True) -> Callable[[], bytes]:
    """Preview (and confirm) one department document of `tables` project tables, as the upload page does."""
    from documents.render.docx_render import render_docx
    from projects.transfer.imports import import_confirm, import_preview

    data = render_docx(document_of(tables))
    user = _user()
    files = [("部门预算绩效文本.docx", data)]

    def run() -> None:
        preview = import_preview(files=files)
        if preview.has_errors or len(preview.tables) != tables:
            found = "；".join(p.message for p in preview.errors[:3])
            raise CommandError(f"导入预览不符合预期（{len(preview.tables)} 张表）：{found}")
        if confirm:
            result = import_confirm(preview=preview, user=user)
            if result.created != tables:
                raise CommandError(f"导入确认只新建了 {result.created} 张表")

    return _rolled_back(run, data)


# ---------------------------------------------------------------------------
# Flat import of indicator rows through django-import-export


def _tables_for_rows(table_of: Callable[..., object], rows: int, per_table: int) -> list[GoalTable]:
    """The goal tables the rows belong to, saved without indicators (the flat file brings them)."""
    from projects.models import FiscalYear, Unit
    from projects.services import TableWrite, goal_tables_save_documents

    fiscal_year = FiscalYear.objects.get(year=YEAR)
    units = {u.code: u for u in Unit.objects.all()}
    documents = [table_of(i) for i in range(math.ceil(rows / per_table))]
    goal_tables_save_documents(writes=[
        TableWrite(document=dataclasses.replace(d, indicators=[]), fiscal_year=fiscal_year, unit=units[d.unit_code])
        for d in documents
    ])
    return documents


def _flat_rows(documents: Iterable[GoalTable], rows: int) -> list[tuple]:
    out = []
    for d in documents:
        for order, r in enumerate(d.indicators, start=1):
            if len(out) == rows:
                return out
            out.append((d.year, d.unit_code, d.unit_name, d.code, d.name, order, r.level1, r.level2, r.name,
                        r.description, r.comparator, format(r.value, "f"), r.unit, r.value_text, "正向", r.basis))
    return out


def prepare_flat_import(table_of: Callable[..., object], rows: int, per_table: int) -> Callable[[], bytes]:
    """`rows` indicator rows as a CSV an admin uploads, imported into their (existing) tables."""
    import tablib

    from projects.transfer.indicator_resources import IndicatorResource

    data = _flat_rows(_tables_for_rows(table_of, rows, per_table), rows)
    dataset = tablib.Dataset(*data, headers=list(FLAT_HEADERS))
    csv = dataset.export("csv").encode("utf-8-sig")
    user = _user()

    def run() -> None:
        result = IndicatorResource().import_data(dataset, dry_run=False, user=user)
        if result.has_errors() or result.has_validation_errors() or result.totals["new"] != rows:
            raise CommandError(f"平铺导入不符合预期：{dict(result.totals)}")

    return _rolled_back(run, csv)


def prepare_bulk_create(table_of: Callable[..., object], rows: int, per_table: int) -> Callable[[], bytes]:
    """The floor: the same rows as model objects handed to Django's bulk_create (no checks, no history)."""
    from decimal import Decimal

    import tablib

    from indicators.models import Indicator
    from projects.models import GoalTable

    data = _flat_rows(_tables_for_rows(table_of, rows, per_table), rows)
    csv = tablib.Dataset(*data, headers=list(FLAT_HEADERS)).export("csv").encode("utf-8-sig")
    table_ids = dict(GoalTable.objects.values_list("code", "id"))

    def run() -> None:
        Indicator.objects.bulk_create([
            Indicator(table_id=table_ids[r[3]], order=r[5], level1=r[6], level2=r[7], name=r[8], description=r[9],
                      comparator=r[10], value=Decimal(r[11]), unit=r[12], value_text=r[13], direction=r[14],
                      basis=r[15])
            for r in data
        ])

    return _rolled_back(run, csv)
