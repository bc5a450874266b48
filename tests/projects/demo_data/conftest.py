"""Tests on the demo data: the five seed documents, their departments and the demo users.

`manage.py demo` takes seconds, so it is loaded once for the whole package and rolled back after
the package's last test; each test runs in its own transaction inside it (pytest-django's `db`),
so what one test changes, the next does not see.
"""
import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", verbosity=0, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
