"""Every page carries the Content-Security-Policy; pages of a signed-in user are never stored."""
import pytest
from django.urls import reverse

from tests.base import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(2023)


def policy(response) -> dict:
    parts = [p.strip().split(None, 1) for p in response["Content-Security-Policy"].split(";")]
    return {name: value for name, value in parts}


def test_the_policy_allows_no_inline_script_or_style(client, world):
    client.force_login(world.staff_a)
    csp = policy(client.get(reverse("home")))
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert "unsafe" not in client.get(reverse("home"))["Content-Security-Policy"]


def test_the_login_page_has_the_policy_too(client):
    assert policy(client.get(reverse("login")))["script-src"] == "'self'"


def test_admin_pages_may_use_the_inline_styles_of_djangos_templates_but_no_inline_script(client, world):
    client.force_login(world.admin)
    csp = policy(client.get(reverse("admin:projects_goaltable_changelist")))
    assert csp["style-src"] == "'self' 'unsafe-inline'" and csp["script-src"] == "'self'"


def page_urls(world):
    table = world.table_a
    return [
        reverse("home"),
        reverse("table_detail", args=[table.pk]),
        reverse("table_edit", args=[table.pk]),
        reverse("table_history", args=[table.pk]),
        reverse("table_versions", args=[table.pk]),
        reverse("department_detail", args=[world.dept_a.pk, 2023]),
        reverse("table_download", args=[table.pk, "xlsx"]),
        reverse("department_download", args=[world.dept_a.pk, 2023, "docx"]),
        reverse("rules"),
    ]


def test_pages_with_table_data_are_not_stored(client, world):
    client.force_login(world.staff_a)
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_review_admin_and_import_pages_are_not_stored(client, world):
    client.force_login(world.admin)
    for url in (reverse("review_queue"), reverse("review_table", args=[world.table_a.pk]), reverse("import_upload"),
                reverse("admin:projects_goaltable_changelist")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_our_templates_hold_no_inline_script_handler_or_style():
    """What the policy would block, nowhere in templates/ (the browser test checks the pages as drawn)."""
    import re
    from pathlib import Path

    from django.conf import settings

    blocked = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|\son[a-z]+=|\sstyle=|<style", re.I)
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for match in blocked.finditer(path.read_text())
    ]
    assert found == []
