"""The dashboard (总览): scoped to the reviewer's departments, numbers behind every chart
downloadable as CSV and Excel (re-opened with csv and openpyxl), a vendored Chart.js."""
import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import GoalTable, Snapshot
from projects.review.workflow import goal_table_approve, goal_table_submit, review_save
from tests.projects.reviewkit import review_world_once, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
URL = reverse("dashboard")


@pytest.fixture
def progressed(world):
    goal_table_submit(table=world.table_a, user=world.staff_a)
    review = review_save(table=world.table_a, user=world.reviewer, grade="良", opinion="同意。")
    goal_table_approve(table=world.table_a, user=world.reviewer, review=review)
    goal_table_submit(table=world.table_b, user=world.staff_b)
    return world


def test_the_reviewer_sees_their_departments_only(client, progressed):
    client.force_login(progressed.reviewer)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert progressed.dept_a.name in page and progressed.dept_b.name not in page
    progress = response.context["progress"]
    assert progress.rows == [[f"{progressed.dept_a.region} {progressed.dept_a.name}", 0, 0, 0, 1, 1, 100]]
    assert response.context["totals"]["budget_share"] == 100


def test_the_admin_sees_every_department(client, progressed):
    client.force_login(progressed.admin)
    rows = client.get(URL).context["progress"].rows
    assert sorted(r[0].split()[-1] for r in rows) == sorted([progressed.dept_a.name, progressed.dept_b.name])


def test_staff_and_strangers_do_not_get_the_dashboard(client, progressed):
    client.force_login(progressed.staff_a)
    assert client.get(URL).status_code == 404
    assert client.get(reverse("dashboard_data", args=["progress", "csv"])).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302


def test_findings_by_rule_come_from_the_latest_versions(client, progressed):
    counts = Snapshot.objects.get(table=progressed.table_a).rule_counts
    assert counts.get("R-VALUE-NO-NUMBER") == 1  # the vague 明显提升 of the benefit row
    client.force_login(progressed.reviewer)
    rules = client.get(URL).context["rules"]
    assert ["R-VALUE-NO-NUMBER", 1, 1] in [[r[0], r[3], r[4]] for r in rules.rows]


def test_the_numbers_behind_each_chart_download_as_csv_and_excel(client, progressed):
    client.force_login(progressed.reviewer)
    for name in ("progress", "rules", "budget"):
        response = client.get(reverse("dashboard_data", args=[name, "csv"]), {"year": 2023})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        shown = client.get(URL).context[name]
        assert rows[0] == shown.header and len(rows) == len(shown.rows) + 1

        response = client.get(reverse("dashboard_data", args=[name, "xlsx"]), {"year": 2023})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.values)
        assert list(values[0]) == shown.header and len(values) == len(shown.rows) + 1
    budget = openpyxl.load_workbook(io.BytesIO(client.get(reverse("dashboard_data", args=["budget", "xlsx"])).content)).active
    assert list(budget.values)[1][1:3] == (float(progressed.table_a.budget_total), float(progressed.table_a.budget_total))
    assert client.get(reverse("dashboard_data", args=["secrets", "csv"])).status_code == 404


def test_charts_use_the_vendored_library(client, progressed):
    client.force_login(progressed.reviewer)
    page = client.get(URL).content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in page and 'id="dashboard-data"' in page
    assert "cdn" not in page.lower()
    vendored = settings.BASE_DIR / "static" / "vendor" / "chartjs" / "chart.umd.min.js"
    assert vendored.read_text(encoding="utf-8").startswith("/*!\n * Chart.js v4")


def test_query_count_is_fixed_and_low_whatever_the_number_of_tables(client, progressed):
    client.force_login(progressed.reviewer)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    GoalTable.objects.bulk_create(
        GoalTable(fiscal_year=progressed.year, unit=progressed.unit_a, scheme=progressed.year.scheme, name=f"项目{i}",
                  status=GoalTable.Status.SUBMITTED, budget_total=Decimal(i))
        for i in range(300)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.context["totals"]["tables"] == 301
    assert len(many) == len(few) <= 12
