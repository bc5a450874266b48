"""Helpers of the review tests: the personas of tests.base with tables that can be submitted.

tests.base.sample_document has no 效益指标, which the 2021 scheme requires (an error of the
review rules), so the review tests give both tables one.
"""
import dataclasses
from decimal import Decimal

import pytest
from django.db import transaction

from documents import IndicatorRow
from projects.services import goal_table_save_document
from tests.base import World, make_world, sample_document

BENEFIT = IndicatorRow(
    "效益指标", "社会效益指标", "群众办事便利度", "群众办事便利度提升", "", None, "", "明显提升", basis="计划标准"
)


def complete_rows():
    rows = sample_document().indicators
    return rows[:2] + [BENEFIT] + rows[2:]


def complete_document(**kwargs):
    return sample_document(indicators=complete_rows(), **kwargs)


def review_world():
    world = make_world()
    for table in (world.table_a, world.table_b):
        document = complete_document(name=table.name, code=table.code)
        goal_table_save_document(document=document, fiscal_year=world.year, unit=table.unit, table=table)
    return world


def satisfaction_at(world, value: str, number: str):
    """Save table A with the 服务对象满意度 target changed, as staff fixing it would."""
    rows = complete_rows()
    rows[3].value_text, rows[3].value = value, Decimal(number)
    table = type(world.table_a).objects.get(pk=world.table_a.pk)
    return goal_table_save_document(
        document=sample_document(indicators=rows), fiscal_year=world.year, unit=world.unit_a, table=table, user=world.staff_a
    )


@pytest.fixture(scope="module")
def review_world_once(django_db_setup, django_db_blocker):
    """The review world built once per module (a few tenths of a second a test otherwise), rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield review_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(review_world_once, db):
    """Fresh instances of the module's world: each test's changes roll back, so no stale status leaks."""
    fresh = {f.name: _refetch(getattr(review_world_once, f.name)) for f in dataclasses.fields(World)}
    return World(**fresh)


def _refetch(obj):
    return type(obj).objects.get(pk=obj.pk)
