"""One table per identity (issue 16, item 3): a database constraint, locking in confirm, and the migration.

The concurrency test runs two confirms of the same file at once on PostgreSQL, each in its own
thread and connection; before the lock and the constraint they made every table twice.
"""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from projects.models import GoalTable
from projects.services import goal_table_save_document
from projects.transfer.imports import CREATE, import_confirm, import_preview
from tests.base import make_world, sample_document
from tests.projects.importkit import doc, xlsx_of

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections writing at once need PostgreSQL (SQLite locks the file)"
)


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [{"code": "37020023P88002811163B"}, {"code": "", "name": "无编码的表"}])
def test_the_database_refuses_a_second_table_with_the_same_identity(changes):
    world = make_world(2023)
    first = GoalTable.objects.get(pk=world.table_a.pk)
    if not changes["code"]:
        GoalTable.objects.filter(pk=first.pk).update(code="", name=changes["name"])
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalTable.objects.create(fiscal_year=first.fiscal_year, unit=first.unit, scheme=first.scheme, **changes,
                                 **({"name": "另一个名称"} if changes["code"] else {}))
    # Another kind, another unit or another year is another table.
    GoalTable.objects.create(fiscal_year=first.fiscal_year, unit=world.unit_b, scheme=first.scheme,
                             name=changes.get("name", "x"), code=changes["code"])


@pytest.mark.django_db
def test_saving_a_duplicate_through_the_services_is_a_chinese_message():
    world = make_world(2023)
    document = sample_document(name="另一个名称")  # the same code as table_a
    with pytest.raises(ValidationError, match="已有项目编码为“37020023P88002811163B”"):
        goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a)
    assert GoalTable.objects.filter(unit=world.unit_a).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_confirms_of_the_same_file_at_once_make_each_table_once():
    world = make_world(2023)
    content = xlsx_of(*[doc(f"并发项目{i}", f"P-CONC-{i}") for i in range(6)])
    previews = [import_preview(files=[("same.xlsx", content)]) for _ in range(2)]
    assert all(t.action == CREATE for p in previews for t in p.tables)  # both previews would create all six

    start = threading.Barrier(2)
    results, errors = [None, None], []

    def confirm(index):
        try:
            start.wait()
            results[index] = import_confirm(preview=previews[index], user=world.admin)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert GoalTable.objects.filter(code__startswith="P-CONC-").count() == 6
    # One import made the tables; the other waited for it and found them all unchanged.
    assert sorted((r.created, r.unchanged) for r in results) == [(0, 6), (6, 0)]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_duplicates_renamed_instead_of_failing():
    executor = MigrationExecutor(connection)
    executor.migrate([("projects", "0005_monitoring_self_evaluation_adjustment")])
    try:
        # Every other app as it is now, projects just before the identity constraint.
        before = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "projects"]
        apps = executor.loader.project_state([*before, ("projects", "0005_monitoring_self_evaluation_adjustment")]).apps
        world_apps = apps
        Scheme = world_apps.get_model("indicators", "Scheme")
        FiscalYear = world_apps.get_model("projects", "FiscalYear")
        Department = world_apps.get_model("projects", "Department")
        Unit = world_apps.get_model("projects", "Unit")
        Table = world_apps.get_model("projects", "GoalTable")
        scheme = Scheme.objects.create(code="m-test", name="体系")
        year = FiscalYear.objects.create(year=2023, scheme=scheme)
        unit = Unit.objects.create(department=Department.objects.create(name="部门"), code="9001", name="单位")
        made = [Table.objects.create(fiscal_year=year, unit=unit, scheme=scheme, code=code, name=name)
                for code, name in [("C1", "甲"), ("C1", "甲"), ("", "乙"), ("", "乙"), ("", "乙"), ("C2", "乙")]]
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        rows = sorted(GoalTable.objects.filter(pk__in=[t.pk for t in made]).values_list("pk", "code", "name"))
        assert [(code, name) for _, code, name in rows] == [
            ("C1", "甲"), ("C1-重复2", "甲"), ("", "乙"), ("", "乙（重复2）"), ("", "乙（重复3）"), ("C2", "乙"),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
