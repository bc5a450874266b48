"""The page that lists every review rule with its reason and an example."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import include, path, reverse

from documents.rules import RULES

# The rules page under the site's own URLs, whether or not perfgoals.urls includes it yet.
urlpatterns = [
    path("indicators/", include("indicators.urls")),
    path("", include("perfgoals.urls")),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("rules"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_every_rule_is_listed_with_code_severity_reason_and_example(client):
    client.force_login(get_user_model().objects.create_user("staff", password="x-pass-123"))
    response = client.get(reverse("rules"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "审核规则" in page
    for rule in RULES:
        assert f'id="{rule.code}"' in page
        for text in (rule.title, rule.reason, rule.example, rule.severity_label, rule.source):
            assert text in page, (rule.code, text)
