"""Logging in through the real login page, in a real browser."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "Lk3-绩效-目标-2024"


@pytest.fixture
def staff_user(transactional_db):
    return get_user_model().objects.create_user(username="zhangsan", password=PASSWORD)


def _invalid_login_message():
    username_label = get_user_model()._meta.get_field("username").verbose_name
    with translation.override("zh-hans"):
        return str(AuthenticationForm.error_messages["invalid_login"]) % {"username": username_label}


def _log_in(page, *, username, password):
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")


def test_user_logs_in_and_lands_on_home_page(page, live_server, staff_user):
    _log_in(page, username="zhangsan", password=PASSWORD)

    # Home requires login, so staying on "/" (not bounced to /login/?next=/) proves the session.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("input[name=password]")).to_have_count(0)


def test_wrong_password_shows_error_and_stays_on_login(page, live_server, staff_user):
    _log_in(page, username="zhangsan", password="not-the-password")

    expect(page).to_have_url(re.compile(r"/login/(\?.*)?$"))
    expect(page.locator("body")).to_contain_text(_invalid_login_message())
    expect(page.locator("input[name=password]")).to_be_visible()
