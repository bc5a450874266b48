"""The admin's year pages: opening a year and rolling one over with a preview."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Scheme
from projects.models import FiscalYear, GoalTable
from tests.base import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world(2023)
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.APPROVED)
    return world


@pytest.mark.parametrize("persona", ["staff_a", "reviewer"])
@pytest.mark.parametrize("url", ["year_list", "rollover"])
def test_only_admins_reach_the_year_pages(client, world, persona, url):
    client.force_login(getattr(world, persona))
    assert client.get(reverse(url)).status_code == 404
    assert client.post(reverse(url), {"year": 2024, "scheme": world.year.scheme.pk}).status_code == 404
    assert not FiscalYear.objects.filter(year=2024).exists()


def test_admin_opens_a_new_year_with_its_scheme(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("year_list")).content.decode()
    assert 'value="2024"' in page  # the next year is suggested

    legacy = Scheme.objects.get(code="legacy")
    response = client.post(reverse("year_list"), {"year": 2025, "scheme": legacy.pk}, follow=True)

    assert "已开放 2025 年度" in response.content.decode()
    assert FiscalYear.objects.get(year=2025).scheme == legacy


def test_opening_a_year_twice_or_out_of_range_is_refused_in_chinese(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("year_list"), {"year": 2023, "scheme": world.year.scheme.pk})
    assert response.status_code == 400 and "2023 年度已经存在" in response.content.decode()
    response = client.post(reverse("year_list"), {"year": 1999, "scheme": world.year.scheme.pk})
    assert response.status_code == 400
    assert FiscalYear.objects.count() == 1


def test_year_list_costs_a_fixed_number_of_queries(client, world):
    client.force_login(world.admin)
    for year in (2020, 2021, 2022):
        FiscalYear.objects.create(year=year, scheme=world.year.scheme)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("year_list")).status_code == 200
    assert len(queries) == 7


def test_preview_lists_what_is_copied_and_why_and_writes_nothing(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("rollover"), {"from_year": 2023, "to_year": 2024})

    page = response.content.decode()
    assert response.status_code == 200
    assert "将结转 <strong>1</strong> 张，不结转 <strong>1</strong> 张" in page
    assert f'name="tables" value="{world.table_a.pk}" checked' in page
    assert f'name="tables" value="{world.table_b.pk}"' not in page
    assert "不结转：草稿，未审核通过" in page
    assert not FiscalYear.objects.filter(year=2024).exists()

    page = client.get(reverse("rollover"), {"from_year": 2023, "to_year": 2024, "include_unapproved": "on"}).content.decode()
    assert f'name="tables" value="{world.table_b.pk}" checked' in page


def test_rolling_over_the_ticked_tables(client, world):
    client.force_login(world.admin)
    data = {"from_year": 2023, "to_year": 2024, "include_unapproved": "on"}

    response = client.post(reverse("rollover"), data)  # nothing ticked
    assert response.status_code == 200 and "没有复制任何表" in response.content.decode()
    assert not FiscalYear.objects.filter(year=2024).exists()

    response = client.post(reverse("rollover"), {**data, "tables": [world.table_b.pk]}, follow=True)
    assert "复制 1 张表为草稿" in response.content.decode()
    copy = GoalTable.objects.get(fiscal_year__year=2024)
    assert (copy.name, copy.status, copy.budget_carried, copy.updated_by) == (
        world.table_b.name, GoalTable.Status.DRAFT, True, world.admin
    )


def test_rollover_backwards_is_a_clear_error(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("rollover"), {"from_year": 2023, "to_year": 2022})
    assert response.status_code == 400 and "只能向以后的年度结转" in response.content.decode()
