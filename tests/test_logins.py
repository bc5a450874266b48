"""Logins: throttled by django-axes (attempts in the database), logged, sessions that end.

Every attempt goes through the real login page, as a browser's would."""
import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.base import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return make_user("zhangsan")


def attempt(client, password, username="zhangsan"):
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_thirty_wrong_passwords_then_the_right_one_is_still_refused(client, user, settings):
    for _ in range(30):
        attempt(client, "wrong-password")
    response = attempt(client, PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂时锁定" in page and f"连续 {settings.AXES_FAILURE_LIMIT} 次密码错误" in page
    assert "15 分钟后再试" in page
    assert not logged_in(client)


def test_the_lock_starts_at_the_failure_limit(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong-password").status_code == 200  # the form again, with its error
    assert attempt(client, "wrong-password").status_code == 429
    assert attempt(client, PASSWORD).status_code == 429


def test_a_success_before_the_limit_clears_the_count(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 302


def test_after_the_cool_off_the_right_password_works(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert attempt(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_locked_username_does_not_lock_a_colleague(client, user, settings):
    make_user("lisi")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD, username="lisi").status_code == 302


def test_logins_and_failures_are_logged_with_the_user_and_without_the_password(client, user, caplog):
    caplog.set_level(logging.INFO, logger="perfgoals.audit")
    attempt(client, "secret-guess-1")
    attempt(client, PASSWORD)
    client.post(reverse("logout"))

    records = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "perfgoals.audit"]
    assert records == [
        ("WARNING", "登录失败 用户名=zhangsan 地址=127.0.0.1"),
        ("INFO", "登录成功 用户=zhangsan 地址=127.0.0.1"),
        ("INFO", "退出登录 用户=zhangsan 地址=127.0.0.1"),
    ]
    assert "secret-guess-1" not in caplog.text


def test_a_lockout_is_logged(client, user, settings, caplog):
    caplog.set_level(logging.INFO, logger="perfgoals.audit")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-password")
    assert "登录已锁定 用户名=zhangsan 地址=127.0.0.1" in [r.getMessage() for r in caplog.records]


def test_a_typed_username_cannot_forge_a_log_line(client, user, caplog):
    caplog.set_level(logging.INFO, logger="perfgoals.audit")
    attempt(client, "x", username="nobody\n登录成功 用户=admin")
    [record] = [r for r in caplog.records if r.name == "perfgoals.audit"]
    assert "\n" not in record.getMessage()


def test_the_session_cookie_ends_with_the_browser(client, user):
    response = attempt(client, PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def _session():
    from django.contrib.sessions.backends.db import SessionStore

    return SessionStore(session_key=Session.objects.get().session_key)


def test_working_pushes_the_idle_limit_forward(client, user, settings):
    attempt(client, PASSWORD)
    # the user's last request was two minutes ago, and the session has seconds left
    session = _session()
    session["_seen"] -= 120
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=5))

    assert logged_in(client)
    expiry = Session.objects.get().expire_date
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(expiry - (timezone.now() + idle)) < timedelta(minutes=1)


def test_pages_within_a_minute_write_no_session(client, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    attempt(client, PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        assert logged_in(client)
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_an_idle_session_ends(client, user):
    attempt(client, PASSWORD)
    assert logged_in(client)
    # the idle time passed without a request
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_admin_index_lists_no_english_pages_of_the_lockout_library(client):
    client.force_login(make_user("guanli", superuser=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Access attempts" not in page and "Access failures" not in page and "Access logs" not in page
