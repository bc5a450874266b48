"""Every service write is checked as full_clean checks it: a value its column cannot hold is refused
with the field's Chinese message, and nothing of the write is left in the database.

SQLite does not enforce a column's length, so without the check these writes would pass here."""
import dataclasses

import pytest
from django.core.exceptions import ValidationError

from documents import goaltable as doc
from projects.editor.services import goal_table_update
from projects.models import Duty, GoalTable, Milestone
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.services import goal_table_save_document
from tests.base import make_world, sample_document

pytestmark = pytest.mark.django_db


def _load(table: GoalTable) -> doc.GoalTable:
    return goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get())


def _rows(table: GoalTable) -> list:
    return [list(Milestone.objects.filter(table=table).values_list("label", "value").order_by("order")),
            list(Duty.objects.filter(table=table).values_list("name", flat=True))]


def test_the_editor_refuses_a_spending_plan_point_longer_than_its_column_and_changes_nothing():
    world = make_world()
    table = world.table_a
    before, history = _rows(table), Milestone.history.count()
    document = _load(table)
    document.milestones[0] = dataclasses.replace(document.milestones[0], label="第一季度末即三月三十一日之前的累计支出数额")
    document.name = "改过的名称"
    with pytest.raises(ValidationError) as refused:
        goal_table_update(table=table, user=world.staff_a, document=document, expected_updated_at=table.updated_at)
    assert "20" in " ".join(refused.value.messages)  # the column's limit, said to the person
    assert _rows(table) == before and Milestone.history.count() == history
    assert GoalTable.objects.get(pk=table.pk).name == table.name


def test_the_editor_refuses_an_over_long_duty_before_writing_any_row():
    world = make_world()
    table = world.table_a
    document = _load(table)
    document.duties = [doc.Duty(seq="1", name="职" * 301, tasks=[doc.DutyTask(name="事项", goal="")])]
    with pytest.raises(ValidationError):
        goal_table_update(table=table, user=world.staff_a, document=document, expected_updated_at=table.updated_at)
    assert not Duty.objects.filter(table=table).exists()


def test_saving_a_document_refuses_an_over_long_duty_number_and_writes_no_table():
    world = make_world()
    document = sample_document(name="另一个项目", code="37020023P88002811999B")
    document.duties = [doc.Duty(seq="一" * 11, name="部门职责", tasks=[])]
    count = GoalTable.objects.count()
    with pytest.raises(ValidationError):
        goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a)
    assert GoalTable.objects.count() == count


def test_saving_a_document_refuses_an_over_long_spending_plan_point():
    world = make_world()
    document = sample_document(name="另一个项目", code="37020023P88002811999B")
    document.milestones[0] = dataclasses.replace(document.milestones[0], label="三" * 21)
    with pytest.raises(ValidationError):
        goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a)
    assert not GoalTable.objects.filter(name="另一个项目").exists()
