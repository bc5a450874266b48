import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.services import goal_table_save_document
from tests.base import make_world, sample_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_anonymous_is_sent_to_login(client, world):
    for url in (reverse("home"), reverse("table_detail", args=[world.table_a.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_home_lists_exactly_the_users_tables(client, world):
    client.force_login(world.staff_a)
    page = client.get(reverse("home")).content.decode()
    assert world.table_a.name in page
    assert world.table_b.name not in page

    client.force_login(world.staff_b)
    page = client.get(reverse("home")).content.decode()
    assert world.table_b.name in page
    assert world.table_a.name not in page


def test_reviewer_sees_only_assigned_departments(client, world):
    client.force_login(world.reviewer)
    page = client.get(reverse("home"), {"drafts": "1"}).content.decode()
    assert world.table_a.name in page
    assert world.table_b.name not in page


def test_reviewers_home_shows_what_was_submitted_and_drafts_only_on_request(client, world):
    from projects.models import GoalTable

    draft = goal_table_save_document(document=sample_document(name="尚未提交的项目", code="D1"), fiscal_year=world.year, unit=world.unit_a)
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.SUBMITTED)
    client.force_login(world.reviewer)

    page = client.get(reverse("home")).content.decode()
    assert world.table_a.name in page and draft.name not in page and "显示草稿" in page

    page = client.get(reverse("home"), {"drafts": "1"}).content.decode()
    assert draft.name in page

    client.force_login(world.staff_a)  # staff always see their own drafts
    assert draft.name in client.get(reverse("home")).content.decode()


def test_admin_sees_everything(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("home")).content.decode()
    assert world.table_a.name in page and world.table_b.name in page


def test_user_without_units_sees_an_explanation(client, world):
    from tests.base import make_user

    client.force_login(make_user("newcomer"))
    page = client.get(reverse("home")).content.decode()
    assert "没有可查看的绩效目标表" in page


@pytest.mark.parametrize("persona,visible", [("staff_a", True), ("reviewer", True), ("admin", True), ("staff_b", False)])
def test_table_page_is_404_for_other_departments(client, world, persona, visible):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("table_detail", args=[world.table_a.pk]))
    assert response.status_code == (200 if visible else 404)
    if visible:
        page = response.content.decode()
        assert "37020023P88002811163B" in page
        assert "≤7151万元" in page
        assert "7151.00" in page


# What a page may cost, whatever the number of tables or rows (the checks below also hold it flat).
HOME_QUERIES = 20  # the page, the status summary, review notices and the reviewer's draft filter
TABLE_PAGE_QUERIES = 23


def test_home_query_count_does_not_grow_with_tables(client, world):
    client.force_login(world.staff_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for i in range(20):
        goal_table_save_document(
            document=sample_document(name=f"项目{i}", code=f"P{i:04d}"), fiscal_year=world.year, unit=world.unit_a
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("home")).content.decode()
    assert "项目19" in page
    assert len(many) == len(few) <= HOME_QUERIES


def test_table_page_query_count_does_not_grow_with_indicators(client, world):
    from documents import IndicatorRow

    client.force_login(world.staff_a)
    url = reverse("table_detail", args=[world.table_a.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    rows = [IndicatorRow("产出指标", "数量指标", f"指标{i}", value_text=f"≥{i}人") for i in range(60)]
    goal_table_save_document(document=sample_document(indicators=rows), fiscal_year=world.year, unit=world.unit_a, table=world.table_a)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "指标59" in page
    assert len(many) == len(few) <= TABLE_PAGE_QUERIES


def test_admin_link_shows_only_for_admins(client, world):
    client.force_login(world.staff_a)
    assert "后台管理" not in client.get(reverse("home")).content.decode()
    client.force_login(world.admin)
    assert "后台管理" in client.get(reverse("home")).content.decode()


def test_review_link_shows_only_for_reviewers_and_admins(client, world):
    for persona, shown in (("staff_a", False), ("reviewer", True), ("admin", True)):
        client.force_login(getattr(world, persona))
        assert ("审核任务" in client.get(reverse("home")).content.decode()) is shown, persona


def test_department_table_is_listed_before_numbered_projects_on_every_database(client, world):
    from documents import GoalTable as Document

    first = sample_document(name="一号项目", code="P1")
    first.seq = 1
    goal_table_save_document(document=first, fiscal_year=world.year, unit=world.unit_a, table=world.table_a)
    overall = Document(kind="overall", layout="overall", name="部门整体支出")
    goal_table_save_document(document=overall, fiscal_year=world.year, unit=world.unit_a)
    client.force_login(world.staff_a)
    page = client.get(reverse("home")).content.decode()
    assert page.index("部门整体支出") < page.index("一号项目")


def test_home_links_each_department_year_to_its_document_page(client, world):
    client.force_login(world.staff_a)
    page = client.get(reverse("home")).content.decode()
    own = reverse("department_detail", args=[world.dept_a.pk, world.year.year])
    assert own in page
    assert client.get(own).status_code == 200
    assert reverse("department_detail", args=[world.dept_b.pk, world.year.year]) not in page
