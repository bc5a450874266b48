"""Suite-wide pytest configuration.

Everything under tests/browser/ is marked ``browser`` whether or not its
author remembered to, so ``-m "not browser"`` (the PostgreSQL pass of
``make test``) really leaves the browser out. Browser tests run last: they
are the slowest, and the fast tests should fail first.
"""
from pathlib import Path

import pytest
from django.test.utils import override_settings

BROWSER_DIR = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    # PBKDF2 costs ~0.5 s a user on this machine and the demo creates seven.  Session-wide, so the
    # seed fixtures built once per package or module (before any function-scoped override) are fast too.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    # Jobs run inside the request that starts them, so a test sees their outcome at once;
    # tests/jobs/ runs them through the database queue and the real worker instead.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
