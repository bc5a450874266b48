"""Amounts on the pages print as in the documents (documents.amounts): two decimals, every decimal
filed finer, never the database column's padding (7151.000000)."""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.evaluation import services
from projects.models import GoalTable
from projects.services import goal_table_save_document
from tests.base import make_world, sample_document

pytestmark = pytest.mark.django_db
PADDED = re.compile(r"\d\.\d{3,}0\b")  # 7151.000000, 12.500000


@pytest.fixture
def world():
    world = make_world()
    document = sample_document(name="精确到元的项目", code="37020023P88002811999B")
    document.budget_total = Decimal("12.345678")
    goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a)
    return world


def test_the_lists_show_budgets_with_two_decimals_or_as_finely_as_filed(client, world):
    client.force_login(world.staff_a)
    page = client.get(reverse("home")).content.decode()
    assert ">7151.00<" in page and ">12.345678<" in page
    assert not PADDED.search(page)
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.SUBMITTED)
    client.force_login(world.reviewer)
    page = client.get(reverse("review_queue")).content.decode()
    assert ">7151.00<" in page and not PADDED.search(page)


def test_the_monitoring_and_self_evaluation_pages_show_the_budget_as_filed(client, world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.APPROVED)
    round_ = services.monitoring_round_open(fiscal_year=world.year, as_of=datetime.date(2023, 7, 31), user=world.admin)
    client.force_login(world.staff_a)
    page = client.get(reverse("self_evaluation", args=[world.table_a.pk])).content.decode()
    assert 'value="7151.00"' in page and not PADDED.search(page)
    page = client.get(reverse("monitoring_report", args=[round_.pk, world.table_a.pk])).content.decode()
    assert ">7151.00<" in page and not PADDED.search(page)
    page = client.get(reverse("monitoring_round", args=[round_.pk])).content.decode()
    assert ">7151.00<" in page and not PADDED.search(page)
