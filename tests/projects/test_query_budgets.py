"""Every page has an absolute query budget, met with far more tables than fit on a page.

The budgets are what the pages need today plus a little room; a page that starts running a
query per table or per row fails here long before it is slow in production.
"""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import GoalTable, Snapshot
from projects.review.workflow import goal_table_submit
from projects.views import HOME_PAGE_SIZE
from tests.projects.reviewkit import review_world_once, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
MANY = HOME_PAGE_SIZE + 50


@pytest.fixture
def crowded(world):
    """Department A with more tables than a page holds, most of them submitted."""
    goal_table_submit(table=world.table_a, user=world.staff_a)
    tables = GoalTable.objects.bulk_create(
        GoalTable(fiscal_year=world.year, unit=world.unit_a, scheme=world.year.scheme, name=f"项目{i:03d}", seq=i + 2,
                  status=GoalTable.Status.SUBMITTED, budget_total=Decimal(i))
        for i in range(MANY)
    )
    Snapshot.objects.bulk_create(
        Snapshot(table=t, version=1, document={}, warnings=i % 3, risk=i % 70, risk_reasons=["警告 1 条（+4）"],
                 rule_counts={"R-VALUE-NO-NUMBER": 1})
        for i, t in enumerate(tables)
    )
    return world


def _pages(world):
    a = world.table_a.pk
    year = world.year.year
    return {
        "home": reverse("home"),
        "review_queue": reverse("review_queue"),
        "dashboard": reverse("dashboard"),
        "department": reverse("department_detail", args=[world.dept_a.pk, year]),
        "table": reverse("table_detail", args=[a]),
        "review_table": reverse("review_table", args=[a]),
        "versions": reverse("table_versions", args=[a]),
        "history": reverse("table_history", args=[a]),
        "rules": reverse("rules"),
    }


# (persona, page): the most queries that page may run.
BUDGETS = {
    ("staff_a", "home"): 20,
    ("staff_a", "department"): 9,
    ("staff_a", "table"): 20,
    ("staff_a", "history"): 12,
    ("staff_a", "rules"): 5,
    ("reviewer", "home"): 22,
    ("reviewer", "review_queue"): 15,  # with the pending goal-adjustment requests
    ("reviewer", "dashboard"): 12,
    ("reviewer", "department"): 9,
    ("reviewer", "table"): 20,
    ("reviewer", "review_table"): 20,
    ("reviewer", "versions"): 9,
    ("admin", "home"): 11,
    ("admin", "review_queue"): 9,
    ("admin", "dashboard"): 7,
}


@pytest.mark.parametrize("persona,page", sorted(BUDGETS))
def test_each_page_keeps_its_query_budget(client, crowded, persona, page):
    client.force_login(getattr(crowded, persona))
    url = _pages(crowded)[page]
    # The session's first request after login records when it was last seen (a write now and then, not the page's):
    client.get(reverse("rules"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(queries) <= BUDGETS[(persona, page)], f"{url}: {len(queries)} queries"


def test_lists_are_paged_so_a_page_stays_small(client, crowded):
    client.force_login(crowded.reviewer)
    home = client.get(reverse("home"))
    assert len(home.context["page"].object_list) == HOME_PAGE_SIZE
    assert home.context["total"] == MANY + 1  # the summary counts every table of the department, whatever the page
    assert "第 1 / 2 页" in home.content.decode()
    second = client.get(reverse("home"), {"page": 2})
    assert len(second.context["page"].object_list) == MANY + 1 - HOME_PAGE_SIZE
    department = client.get(reverse("department_detail", args=[crowded.dept_a.pk, crowded.year.year]))
    shown = sum(len(u["tables"]) for u in department.context["units"])
    assert shown == 100 and department.context["count"] == MANY + 1
    # numbers are those of the whole document on every page
    later = client.get(reverse("department_detail", args=[crowded.dept_a.pk, crowded.year.year]), {"page": 2})
    assert later.context["units"][0]["tables"][0].number == 101
