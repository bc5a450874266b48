"""Every demo table (the five seed layouts) goes through the editor page unchanged.

Saving the page without touching it must give back exactly the table that was filed, and
change one cell must change that cell only; the demo loads once for the module.
"""
import pytest
from django.urls import reverse

from indicators.models import Indicator
from projects.models import GoalTable
from projects.selectors import goal_table_prefetch, goal_table_to_document
from tests.base import make_user
from tests.projects.editorkit import edit_url, load_form, row_prefixes


@pytest.fixture
def admin_client(demo_data, db, client):
    # The demo files some tables as submitted or approved; here every layout is edited.
    GoalTable.objects.update(status=GoalTable.Status.DRAFT)
    client.force_login(make_user("editor-admin", superuser=True))
    return client


def _load(table):
    return goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get())


def test_every_demo_table_saves_back_unchanged(admin_client):
    tables = list(GoalTable.objects.order_by("pk"))
    assert {t.layout for t in tables} == {"standard", "hunan", "overall", "duty", "list"}
    history = Indicator.history.count()
    for table in tables:
        before = _load(table)
        response = admin_client.post(edit_url(table), load_form(admin_client, table))
        assert response.status_code == 302, (table.name, response.content.decode()[:1500])
        assert _load(table) == before, table.name
    assert Indicator.history.count() == history


@pytest.mark.parametrize("layout", ["standard", "hunan", "overall", "duty", "list"])
def test_one_changed_cell_changes_that_cell_only(admin_client, layout):
    table = GoalTable.objects.filter(layout=layout).order_by("pk").first()
    before = _load(table)
    data = load_form(admin_client, table)
    prefix = row_prefixes(data)[1]
    data[f"{prefix}-description"] = "改过的说明"
    assert admin_client.post(edit_url(table), data).status_code == 302

    after = _load(table)
    changed = [(a, b) for a, b in zip(before.all_indicators(), after.all_indicators()) if a != b]
    assert len(changed) == 1
    old, new = changed[0]
    assert new.description == "改过的说明" and {**vars(old), "description": ""} == {**vars(new), "description": ""}
    after_header = {k: v for k, v in vars(after).items() if k not in ("indicators", "duties")}
    assert after_header == {k: v for k, v in vars(before).items() if k not in ("indicators", "duties")}


def test_the_editor_says_what_the_review_rules_say_on_every_demo_table(admin_client):
    """One source of checks: what the editor shows while typing is the rules' findings on the table
    (same codes, severities, messages, in the same order), and its blockers are what submission refuses."""
    from projects.review.workflow import findings_for, submission_problems

    tables = list(GoalTable.objects.select_related("scheme").order_by("pk"))
    assert len(tables) >= 30
    for table in tables:
        document = _load(table)
        expected = findings_for(table=table, document=document)
        response = admin_client.post(reverse("table_check", args=[table.pk]), load_form(admin_client, table))
        assert response.status_code == 200, table.name
        answer = response.json()
        shown = [(m["code"], m["severity"], m["message"]) for m in answer["marks"]]
        assert shown == [(f.code, f.severity, f.message) for f in expected], table.name
        assert all(m["cell"] for m in answer["marks"]), table.name  # each one links to a place on the page
        assert answer["blockers"] == len(submission_problems(table=table, document=document)[0]), table.name
