"""Rolling a year over: last year's tables become this year's drafts, once, as previewed."""
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from documents import Duty, DutyTask, IndicatorRow
from indicators.models import Indicator
from projects.models import FiscalYear, GoalTable
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.services import goal_table_save_document
from projects.transfer.rollover import RolloverError, rollover, rollover_plan
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
    # the budget stays last year's figure, marked for the filer to confirm; the plan keeps its points only
    assert (new.budget_total, new.fiscal_funds) == (Decimal("7151.00"), Decimal("7151.00"))
    assert copy.budget_carried and not GoalTable.objects.get(pk=world.table_a.pk).budget_carried
    assert [(m.label, m.month, m.value) for m in new.milestones] == [
        ("3月底", 3, None), ("6月底", 6, None), ("10月底", 10, None), ("12月底", 12, None)
    ]
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
    assert "复制 1 张表为草稿" in out and "未审核通过，跳过 1 张" in out and "新建 2024 年度" in out

    call_command("rollover", "--from", "2023", "--to", "2024")
    assert "没有复制任何表；新年度已有，跳过 1 张；未审核通过，跳过 1 张" in capsys.readouterr().out

    call_command("rollover", "--from", "2023", "--to", "2024", "--include-unapproved")
    assert "复制 1 张表为草稿" in capsys.readouterr().out
    assert GoalTable.objects.filter(fiscal_year__year=2024).count() == 2

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


def test_the_plan_says_for_each_table_whether_it_is_copied_and_why(world):
    FiscalYear.objects.create(year=2024, scheme=world.year.scheme)
    goal_table_save_document(
        document=sample_document(name="跨省通办及省内通办网络建设及设备费", code="13030322P00408910001D"),
        fiscal_year=FiscalYear.objects.get(year=2024),
        unit=world.unit_b,
    )
    extra = goal_table_save_document(document=sample_document(name="另一个项目", code="X1"), fiscal_year=world.year, unit=world.unit_a)

    plan = rollover_plan(from_year=2023, to_year=2024)

    reasons = {item.table.pk: (item.copy, item.reason) for item in plan.items}
    assert reasons[world.table_a.pk] == (True, "审核通过")
    assert reasons[world.table_b.pk][0] is False and "2024年度已有本单位编码 13030322P00408910001D" in reasons[world.table_b.pk][1]
    assert reasons[extra.pk][0] is False and "草稿，未审核通过" in reasons[extra.pk][1]

    with_drafts = rollover_plan(from_year=2023, to_year=2024, include_unapproved=True)
    assert [i.table.pk for i in with_drafts.to_copy] == [world.table_a.pk, extra.pk]
    # a preview writes nothing
    assert GoalTable.objects.filter(fiscal_year__year=2024).count() == 1


def test_only_the_chosen_tables_are_copied_and_nothing_chosen_creates_nothing(world):
    result = rollover(from_year=2023, to_year=2024, include_unapproved=True, table_ids=[])

    assert result.copied == [] and result.not_chosen == 2 and not result.year_created
    assert not FiscalYear.objects.filter(year=2024).exists()
    assert "未建立 2024 年度" in result.summary()

    result = rollover(from_year=2023, to_year=2024, include_unapproved=True, table_ids=[world.table_b.pk])
    assert [t.name for t in result.copied] == [world.table_b.name] and result.not_chosen == 1
    # a table of the new year's choice that the plan would not copy is ignored, not forced through
    again = rollover(from_year=2023, to_year=2024, table_ids=[world.table_b.pk])
    assert again.copied == [] and again.already_there == 1


def test_nothing_approved_creates_no_year(world):
    GoalTable.objects.update(status=GoalTable.Status.DRAFT)

    result = rollover(from_year=2023, to_year=2024)

    assert result.copied == [] and result.not_approved == 2
    assert not FiscalYear.objects.filter(year=2024).exists()


def test_a_missing_scheme_is_a_clear_error_and_writes_nothing(world):
    from indicators.models import Scheme

    Scheme.objects.filter(code="mof2021").update(code="other")
    with pytest.raises(RolloverError, match="指标体系“mof2021”未载入"):
        rollover(from_year=2023, to_year=2024)
    assert not FiscalYear.objects.filter(year=2024).exists()
