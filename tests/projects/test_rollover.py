"""Rolling a year over: approved tables of last year become this year's drafts, once."""
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from indicators.models import Indicator
from perfgoals.documents import Duty, DutyTask, IndicatorRow
from projects.models import FiscalYear, GoalTable
from projects.rollover import rollover
from projects.services import goal_table_prefetch, goal_table_save_document, goal_table_to_document
from tests.base import make_world, sample_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world(2023)
    world.table_a.status = GoalTable.Status.APPROVED
    world.table_a.save()
    return world


def _document(table):
    return goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get())


def test_approved_tables_become_drafts_of_the_new_year(world):
    result = rollover(from_year=2023, to_year=2024)

    assert result.year_created and len(result.copied) == 1 and result.not_approved == 1
    copy = GoalTable.objects.get(fiscal_year__year=2024)
    assert copy.status == GoalTable.Status.DRAFT
    assert (copy.unit, copy.code, copy.name) == (world.unit_a, world.table_a.code, world.table_a.name)
    assert copy.scheme.code == "mof2021"

    old, new = _document(world.table_a), _document(copy)
    assert new.annual_goal == old.annual_goal and new.purpose == old.purpose
    assert new.budget_total is None and new.fiscal_funds is None
    assert new.milestones == []
    assert [(r.level1, r.level2, r.name, r.value_text) for r in new.indicators] == [
        (r.level1, r.level2, r.name, r.value_text) for r in old.indicators
    ]
    assert [r.ref_last_year for r in new.indicators] == ["≤7151万元", "≥600人", "≥90%"]
    # last year's table is untouched
    assert world.table_a.milestones.count() == 4
    assert GoalTable.objects.get(pk=world.table_a.pk).budget_total == Decimal("7151.00")


def test_running_twice_copies_nothing_twice(world):
    rollover(from_year=2023, to_year=2024)
    world.table_b.status = GoalTable.Status.APPROVED
    world.table_b.save()

    again = rollover(from_year=2023, to_year=2024)

    assert [t.name for t in again.copied] == [world.table_b.name]
    assert again.already_there == 1 and not again.year_created
    assert GoalTable.objects.filter(fiscal_year__year=2024).count() == 2
    assert Indicator.objects.filter(table__fiscal_year__year=2024).count() == 6


def test_a_table_already_filed_for_the_new_year_is_kept(world):
    new_year = FiscalYear.objects.create(year=2024, scheme=world.year.scheme)
    mine = goal_table_save_document(
        document=sample_document(indicators=[]), fiscal_year=new_year, unit=world.unit_a
    )

    result = rollover(from_year=2023, to_year=2024)

    assert result.copied == [] and result.already_there == 1
    assert list(GoalTable.objects.filter(fiscal_year=new_year)) == [mine]
    assert mine.indicators.count() == 0


def test_target_without_filed_text_and_duty_rows_get_their_last_year_value(world):
    document = sample_document(name="部门整体", code="", indicators=[
        IndicatorRow("产出指标", "数量指标", "办件量", comparator="≥", value=Decimal("1000"), unit="件", ref_last_year="800件"),
    ])
    document.duties = [Duty(seq="1", name="审批服务", tasks=[DutyTask(name="窗口办件", goal="高效办件", indicators=[
        IndicatorRow(name="办结率", value_text="100%", comparator="=", value=Decimal("100"), unit="%", ref_last_year="98%"),
    ])])]
    table = goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a)
    GoalTable.objects.filter(pk=table.pk).update(status=GoalTable.Status.APPROVED)

    rollover(from_year=2023, to_year=2024)

    copy = _document(GoalTable.objects.get(fiscal_year__year=2024, name="部门整体"))
    assert [r.ref_last_year for r in copy.all_indicators()] == ["≥1000件", "100%"]
    assert copy.duties[0].tasks[0].goal == "高效办件"


def test_new_year_gets_its_default_scheme_and_the_past_is_refused(world):
    from indicators.models import Scheme

    old_year = FiscalYear.objects.create(year=2020, scheme=Scheme.objects.get(code="legacy"))
    table = goal_table_save_document(document=sample_document(), fiscal_year=old_year, unit=world.unit_a)
    GoalTable.objects.filter(pk=table.pk).update(status=GoalTable.Status.APPROVED)

    rollover(from_year=2020, to_year=2021)

    assert FiscalYear.objects.get(year=2021).scheme.code == "legacy"
    assert GoalTable.objects.get(fiscal_year__year=2021).scheme.code == "legacy"
    with pytest.raises(CommandError, match="以后的年度"):
        call_command("rollover", "--from", "2023", "--to", "2021")


def test_command_reports_counts_and_refuses_unknown_years(world, capsys):
    call_command("rollover", "--from", "2023", "--to", "2024")
    out = capsys.readouterr().out
    assert "复制 1 张表为草稿" in out and "未审核通过跳过 1 张" in out and "新建 2024 年度" in out

    call_command("rollover", "--from", "2023", "--to", "2024")
    assert "复制 0 张表为草稿，已存在跳过 1 张" in capsys.readouterr().out

    with pytest.raises(CommandError, match="没有 2019 年度"):
        call_command("rollover", "--from", "2019", "--to", "2020")
    assert not FiscalYear.objects.filter(year=2020).exists()


def test_admin_action_rolls_the_selected_tables_over(client, world):
    world.table_b.status = GoalTable.Status.APPROVED
    world.table_b.save()
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:projects_goaltable_changelist"),
        {"action": "rollover_to_next_year", "_selected_action": [world.table_a.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "复制 1 张表为草稿" in response.content.decode()
    assert list(GoalTable.objects.filter(fiscal_year__year=2024).values_list("name", flat=True)) == [world.table_a.name]
