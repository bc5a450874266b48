"""The reviewer's queue: scope, filters, counts per status, sorting, paging — and a flat query count at 3,000 tables."""
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.demo import fiscal_year_for, load_taxonomy
from projects.models import GoalTable, Review, Snapshot
from projects.review.views import PAGE_SIZE
from tests.projects.reviewkit import review_world_once, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
S = GoalTable.Status
URL = reverse("review_queue")


def add_tables(world, specs, *, unit=None, year=None):
    """Tables straight into the database (bulk), each with its latest snapshot and, if graded, a review.

    specs: (name, status, findings, grade, budget)."""
    unit = unit or world.unit_a
    year = year or world.year
    tables = GoalTable.objects.bulk_create(
        GoalTable(fiscal_year=year, unit=unit, scheme=year.scheme, name=name, status=status, budget_total=budget)
        for name, status, _, _, budget in specs
    )
    snapshots = Snapshot.objects.bulk_create(
        Snapshot(table=t, version=1, document={}, warnings=findings)
        for t, (_, status, findings, _, _) in zip(tables, specs)
        if status != S.DRAFT
    )
    by_table = {s.table_id: s for s in snapshots}
    Review.objects.bulk_create(
        Review(table=t, snapshot=by_table[t.pk], reviewer=world.reviewer, grade=grade)
        for t, (_, _, _, grade, _) in zip(tables, specs)
        if grade
    )
    return tables


@pytest.fixture
def queue(world):
    add_tables(
        world,
        [
            ("甲 待审无问题", S.SUBMITTED, 0, "", Decimal("10")),
            ("乙 待审有问题", S.SUBMITTED, 3, "", Decimal("30")),
            ("丙 待审曾评中", S.SUBMITTED, 0, "中", Decimal("20")),
            ("丁 已退回", S.RETURNED, 1, "差", Decimal("5")),
            ("戊 已通过", S.APPROVED, 0, "优", Decimal("50")),
            ("己 草稿", S.DRAFT, 0, "", None),
        ],
    )
    add_tables(world, [("庚 B部门待审", S.SUBMITTED, 0, "", Decimal("1"))], unit=world.unit_b)
    add_tables(world, [("辛 2022年待审", S.SUBMITTED, 0, "", Decimal("2"))], year=fiscal_year_for(2022, load_taxonomy()))
    return world


def names(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return sorted(t.name for t in response.context["page"].object_list)


def test_by_default_the_submitted_tables_of_assigned_departments(client, queue):
    client.force_login(queue.reviewer)
    assert names(client) == sorted(["甲 待审无问题", "乙 待审有问题", "丙 待审曾评中", "辛 2022年待审"])


def test_counts_per_status_follow_the_other_filters(client, queue):
    client.force_login(queue.reviewer)
    response = client.get(URL)
    counts = {value: n for value, _, n in response.context["status_counts"]}
    # table_a of the world is a draft of department A as well
    assert counts == {S.DRAFT: 2, S.SUBMITTED: 4, S.RETURNED: 1, S.APPROVED: 1}
    counts = {value: n for value, _, n in client.get(URL, {"year": 2022}).context["status_counts"]}
    assert counts == {S.DRAFT: 0, S.SUBMITTED: 1, S.RETURNED: 0, S.APPROVED: 0}


def test_filters(client, queue):
    client.force_login(queue.reviewer)
    assert names(client, status="") == sorted(
        ["甲 待审无问题", "乙 待审有问题", "丙 待审曾评中", "丁 已退回", "戊 已通过", "己 草稿", "辛 2022年待审", queue.table_a.name]
    )
    assert names(client, status=S.APPROVED) == ["戊 已通过"]
    assert names(client, year=2023) == sorted(["甲 待审无问题", "乙 待审有问题", "丙 待审曾评中"])
    assert names(client, department=queue.dept_a.pk, year=2023, status=S.RETURNED) == ["丁 已退回"]
    assert names(client, findings="yes", status="") == sorted(["乙 待审有问题", "丁 已退回"])
    assert names(client, findings="no") == sorted(["甲 待审无问题", "丙 待审曾评中", "辛 2022年待审"])
    assert names(client, grade="中") == ["丙 待审曾评中"]
    assert names(client, grade="none", year=2023) == sorted(["甲 待审无问题", "乙 待审有问题"])
    assert names(client, q="曾评") == ["丙 待审曾评中"]


def test_another_departments_id_does_not_open_its_tables(client, queue):
    client.force_login(queue.reviewer)
    response = client.get(URL, {"department": queue.dept_b.pk, "status": ""})
    assert "庚 B部门待审" not in [t.name for t in response.context["page"].object_list]
    assert "庚 B部门待审" not in response.content.decode()


def test_admin_sees_every_department(client, queue):
    client.force_login(queue.admin)
    assert "庚 B部门待审" in names(client)


def test_sorting(client, queue):
    client.force_login(queue.reviewer)
    by_budget = client.get(URL, {"sort": "-budget", "year": 2023}).context["page"].object_list
    assert [t.name for t in by_budget] == ["乙 待审有问题", "丙 待审曾评中", "甲 待审无问题"]
    by_findings = client.get(URL, {"sort": "-findings", "status": "", "year": 2023}).context["page"].object_list
    assert [t.name for t in by_findings][:2] == ["乙 待审有问题", "丁 已退回"]


def test_paging_keeps_the_filters(client, world):
    add_tables(world, [(f"项目{i:03d}", S.SUBMITTED, 0, "", Decimal(i)) for i in range(PAGE_SIZE + 5)])
    client.force_login(world.reviewer)
    first = client.get(URL, {"sort": "budget"})
    assert [t.name for t in first.context["page"].object_list][:2] == ["项目000", "项目001"]
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert "sort=budget&amp;page=2" in first.content.decode()
    second = client.get(URL, {"sort": "budget", "page": 2})
    assert [t.name for t in second.context["page"].object_list] == [f"项目{i:03d}" for i in range(PAGE_SIZE, PAGE_SIZE + 5)]


QUEUE_QUERIES = 15  # (one for the pending goal-adjustment requests) what the queue page may cost, whatever the number of tables


def test_query_count_is_flat_and_the_page_fast_at_3000_tables(client, world):
    client.force_login(world.reviewer)
    add_tables(world, [(f"少量{i}", S.SUBMITTED, 1, "良", Decimal("1")) for i in range(3)])
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"findings": "yes", "sort": "-submitted"})

    specs = [
        (f"项目{i:04d}", (S.SUBMITTED, S.RETURNED, S.APPROVED)[i % 3], i % 4, ("", "优", "良", "中", "差")[i % 5], Decimal(i))
        for i in range(3000)
    ]
    add_tables(world, specs)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"findings": "yes", "sort": "-submitted"})
    elapsed = time.perf_counter() - started

    assert len(response.context["page"].object_list) == PAGE_SIZE
    assert response.context["page"].paginator.count == 3 + sum(
        1 for _, status, findings, _, _ in specs if status == S.SUBMITTED and findings
    )
    assert len(many) == len(few) <= QUEUE_QUERIES
    assert elapsed < 3, f"审核任务页在 3000 张表时用了 {elapsed:.2f} 秒"


def test_reviewer_downloads_the_selected_tables_from_the_queue(client, world):
    from projects.review.workflow import goal_table_submit

    goal_table_submit(table=world.table_a, user=world.staff_a)
    client.force_login(world.reviewer)
    page = client.get(URL).content.decode()
    assert f'name="ids" value="{world.table_a.pk}"' in page
    assert f'action="{reverse("export_selected")}"' in page

    response = client.post(reverse("export_selected"), {"ids": [world.table_a.pk], "format": "docx", "next": URL})
    assert response.status_code == 200
    assert "wordprocessingml" in response["Content-Type"]
    # a table of a department not assigned to the reviewer cannot be slipped into the batch
    response = client.post(reverse("export_selected"), {"ids": [world.table_a.pk, world.table_b.pk], "format": "docx"})
    assert response.status_code == 404
