"""Inserting many rows at once, with their history, for imports.

Django's `bulk_create` passes every value through several layers of the SQL compiler (about
5 µs a value: 20,000 indicator rows of 23 columns take two seconds), and simple_history's
`bulk_create_with_history` then builds a history model object per row and compiles it again.
Here each value is prepared by its field only when it is not already what the driver takes
(str, int, None), the rows go out in multi-row INSERT … RETURNING statements as large as the
database allows, and the history rows in one executemany.  The rows written are the same as
Django's and simple_history's; `tests/projects/test_bulk_writes.py` compares them.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

# Values of exactly these types (not bool, not subclasses) pass through a field's preparation unchanged;
# a DecimalField's Decimal too (the drivers take it as it is).
_PLAIN = frozenset((str, int))
_PLAIN_DECIMAL = frozenset((str, int, Decimal))


def _plain_types(field: models.Field) -> frozenset:
    return _PLAIN_DECIMAL if isinstance(field, models.DecimalField) else _PLAIN
_MAX_ROWS = 2000  # rows per INSERT statement at most, whatever the parameter limit


def insert_rows(objects: list, model: type[models.Model]) -> None:
    """Insert unsaved `objects` of `model` and set their primary keys, like `bulk_create` on
    PostgreSQL and SQLite; other databases get `bulk_create` itself."""
    _insert(objects, model)


def _insert(objects: list, model: type[models.Model]) -> tuple[list, list[list]] | None:
    """`insert_rows`; returns the fields and every object's values as sent to the database (None
    when `bulk_create` did the work), for the history rows to reuse."""
    if not objects:
        return None
    alias = router.db_for_write(model)
    connection = connections[alias]
    opts = model._meta
    pk = opts.pk
    if (
        connection.vendor not in ("postgresql", "sqlite")
        or not connection.features.can_return_rows_from_bulk_insert
        or not isinstance(pk, models.AutoField)
        or any(obj.pk is not None for obj in objects)
    ):
        model._default_manager.using(alias).bulk_create(objects)
        _check_pks(objects)
        return None
    connection.ensure_connection()
    fields = [f for f in opts.concrete_fields if f is not pk]
    # Fields that fill themselves in on insert (auto_now, auto_now_add) do it in pre_save.
    presaved = [f for f in fields if type(f).pre_save is not models.Field.pre_save]
    relations = [f for f in fields if f.is_relation]
    prepared = [(f, _plain_types(f)) for f in fields]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, min(_MAX_ROWS, _max_params(connection) // len(fields)))
    rows = []
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            batch = objects[start : start + per_statement]
            params = []
            for obj in batch:
                for field in relations:
                    _take_related_pk(obj, field)
                for field in presaved:
                    field.pre_save(obj, True)
                row = [
                    value if value is None or type(value) in plain else field.get_db_prep_save(value, connection)
                    for field, plain in prepared
                    for value in (getattr(obj, field.attname),)
                ]
                rows.append(row)
                params += row
            cursor.execute(f"{head}{', '.join([one] * len(batch))} RETURNING {quote(pk.column)}", params)
            ids = [row[0] for row in cursor.fetchall()]
            if len(ids) != len(batch):
                raise DatabaseError("数据库返回的主键数与插入的行数不符")
            for obj, value in zip(batch, ids):
                obj.pk = value
                obj._state.adding = False
                obj._state.db = alias
    return fields, rows


def bulk_create_recorded(objects: list, model: type[models.Model], *, user: User) -> None:
    """`insert_rows`, then the history rows simple_history's `bulk_create_with_history` would add
    ('+', one time for all, recorded as `user`'s)."""
    inserted = _insert(objects, model)
    if objects and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        record_created(objects, model, user=user, inserted=inserted)


def record_created(objects: list, model: type[models.Model], *, user: User, inserted: tuple[list, list[list]] | None = None) -> None:
    """One history row per object, in one executemany; the values already prepared for the insert
    are reused when given."""
    history = model.history.model
    connection = connections[router.db_for_write(history)]
    tracked = [(f.attname, history._meta.get_field(f.name)) for f in history.tracked_fields]
    fixed = {
        "history_date": timezone.now(),
        "history_change_reason": None,
        "history_type": "+",
        "history_user": user.pk if user is not None else None,
    }
    fixed_values = [history._meta.get_field(name).get_db_prep_save(value, connection) for name, value in fixed.items()]
    columns = [field.column for _, field in tracked] + [history._meta.get_field(name).column for name in fixed]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    pk_attname = model._meta.pk.attname
    if inserted is not None:
        fields, prepared = inserted
        position = {f.attname: i for i, f in enumerate(fields)}
        # The history keeps the row's id and a copy of each field; a field of the row the history
        # does not track is left out.
        take = [None if attname == pk_attname else position[attname] for attname, _ in tracked]
        rows = [
            [obj.pk if i is None else values[i] for i in take] + fixed_values
            for obj, values in zip(objects, prepared)
        ]
    else:
        plain_of = [(attname, field, _plain_types(field)) for attname, field in tracked]
        rows = [
            [
                value if value is None or type(value) in plain else field.get_db_prep_save(value, connection)
                for attname, field, plain in plain_of
                for value in (getattr(obj, attname),)
            ] + fixed_values
            for obj in objects
        ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _take_related_pk(obj: models.Model, field: models.Field) -> None:
    """As `bulk_create` does: a related object assigned before it was saved gives its id now."""
    if getattr(obj, field.attname) is not None or not field.is_cached(obj):
        return
    related = field.get_cached_value(obj)
    if related is None:
        return
    if related.pk is None:
        raise ValueError(f"“{field.verbose_name}”所指的记录尚未保存")
    setattr(obj, field.attname, related.pk)


def _max_params(connection: BaseDatabaseWrapper) -> int:
    if connection.vendor == "sqlite":
        raw = connection.connection
        try:
            return raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except (AttributeError, sqlite3.Error):  # Python < 3.11
            return connection.features.max_query_params
    return 65535  # PostgreSQL's limit on the parameters of one statement


def _check_pks(objects: Sequence[models.Model]) -> None:
    """Rows inserted in bulk must come back with their ids to be linked to."""
    if objects and objects[0].pk is None:
        raise DatabaseError("数据库未返回批量插入的主键，无法保存")
