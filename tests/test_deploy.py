"""Production settings pass Django's deployment checklist.

Runs manage.py in a subprocess because settings are read once, at import,
from the environment: the only faithful test is a fresh process.
"""
import os
import secrets
import subprocess
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"

# Variables that would let the surrounding shell change what is being checked.
PASSTHROUGH_BLOCKED = ("SECURE_", "CSRF_TRUSTED_ORIGINS", "DJANGO_ALLOW_ASYNC_UNSAFE")


def production_env(tmp_path, **overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(PASSTHROUGH_BLOCKED)}
    env.update(
        DJANGO_SETTINGS_MODULE="perfgoals.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="perfgoals.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_no_issues(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = manage("check", env=production_env(tmp_path, SECRET_KEY=None))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_demo_refuses_production_settings_unless_forced(tmp_path):
    env = production_env(tmp_path)
    refused = manage("demo", env=env)
    assert refused.returncode != 0
    assert "DEBUG=0" in refused.stderr and "--force" in refused.stderr
    assert not (tmp_path / "prod.sqlite3").exists()  # refused before touching the database
def test_production_static_files_collect_with_every_reference_resolved(tmp_path, settings):
    """The hashed, compressed storage of production refuses a CSS or JS file that points at a
    missing file (a vendored library's source map, say): collectstatic must go through."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert staticfiles_storage.stored_name("vendor/chartjs/chart.umd.min.js") != "vendor/chartjs/chart.umd.min.js"
    assert (tmp_path / "static" / "staticfiles.json").exists()
