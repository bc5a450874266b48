"""The fast bulk insert writes the same rows, ids and history as Django's bulk_create and
simple_history's bulk_create_with_history."""
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from indicators.models import Indicator
from projects.bulk_writes import bulk_create_recorded, insert_rows
from projects.models import Duty, GoalTable
from tests.base import make_world

pytestmark = pytest.mark.django_db


def _indicators(table, prefix, count):
    return [
        Indicator(table=table, order=i, level1="产出指标", level2="数量指标", name=f"{prefix}{i}",
                  description="含“引号”、换行\n和 % 符号", comparator="≥", value=Decimal("95.5") if i % 2 else None,
                  unit="%", value_text=f"≥{i}%", direction="正向" if i % 3 else "", basis="历史数据")
        for i in range(count)
    ]


def _stored(rows, fields):
    return [tuple(getattr(r, f) for f in fields) for r in rows]


def test_rows_ids_and_history_match_the_libraries():
    world = make_world()
    user = get_user_model().objects.create_user("importer")
    fields = [f.attname for f in Indicator._meta.concrete_fields if f.attname != "id"]
    history_fields = [f.attname for f in Indicator.history.model.tracked_fields if f.attname != "id"]

    ours = _indicators(world.table_a, "甲", 7)
    bulk_create_recorded(ours, Indicator, user=user)
    theirs = _indicators(world.table_b, "甲", 7)
    bulk_create_with_history(theirs, Indicator, default_user=user)

    assert all(o.pk and not o._state.adding for o in ours)
    ours_read = [Indicator.objects.get(pk=o.pk) for o in ours]
    theirs_read = [Indicator.objects.get(pk=t.pk) for t in theirs]
    strip = [f for f in fields if f != "table_id"]
    assert _stored(ours_read, strip) == _stored(theirs_read, strip)
    assert [o.name for o in ours_read] == [f"甲{i}" for i in range(7)]  # ids came back in order

    for o, t in zip(ours, theirs):
        [mine] = Indicator.history.filter(id=o.pk)
        [library] = Indicator.history.filter(id=t.pk)
        assert (mine.history_type, mine.history_user, mine.history_change_reason) == (
            library.history_type, library.history_user, library.history_change_reason)
        assert _stored([mine], [f for f in history_fields if f != "table_id"]) == _stored(
            [library], [f for f in history_fields if f != "table_id"])


def test_auto_dates_related_ids_and_many_statements(monkeypatch):
    world = make_world()
    tables = [
        GoalTable(fiscal_year=world.year, unit=world.unit_a, scheme=world.year.scheme, name=f"表{i}",
                  budget_total=Decimal("1.10"), filled_on=date(2023, 1, 5))
        for i in range(3)
    ]
    insert_rows(tables, GoalTable)
    for table in tables:
        stored = GoalTable.objects.get(pk=table.pk)
        assert stored.created_at is not None and stored.updated_at is not None
        assert (stored.name, stored.budget_total, stored.filled_on) == (table.name, Decimal("1.10"), date(2023, 1, 5))

    # A related object saved after it was assigned gives its id at insert time, as with bulk_create.
    table = GoalTable(fiscal_year=world.year, unit=world.unit_a, scheme=world.year.scheme, name="后存的表")
    duty = Duty(table=table, name="职责")
    table.save()
    insert_rows([duty], Duty)
    assert Duty.objects.get(pk=duty.pk).table_id == table.pk

    unsaved = GoalTable(fiscal_year=world.year, unit=world.unit_a, scheme=world.year.scheme, name="未保存")
    with pytest.raises(ValueError):
        insert_rows([Duty(table=unsaved, name="职责")], Duty)

    import projects.bulk_writes as bulk

    rows = _indicators(world.table_a, "乙", 25)
    monkeypatch.setattr(bulk, "_MAX_ROWS", 10)  # three statements
    insert_rows(rows, Indicator)
    assert [Indicator.objects.get(pk=r.pk).name for r in rows] == [f"乙{i}" for i in range(25)]
