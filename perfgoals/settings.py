"""One settings module, driven by the environment.

Development defaults (DEBUG on, SQLite) need no variables; production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
# Whether the environment asked for production (DEBUG=0). Kept apart from DEBUG, which test
# runners switch off, so that `manage.py demo` refuses production databases and nothing else.
PRODUCTION = not DEBUG
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("生产环境必须设置 SECRET_KEY 环境变量")
    SECRET_KEY = "dev-only-insecure-key-perfgoals"  # noqa: S105 - development only

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "perfgoals",
    "indicators",
    "projects",
    "jobs",
]

# Long imports and exports run as jobs on a task queue kept in the database, so it needs no other
# service and a queued job survives a restart; `manage.py db_worker` runs them (`make run` starts it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "perfgoals.middleware.SecurityHeadersMiddleware",
    "perfgoals.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last, as django-axes requires: it turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "perfgoals.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "perfgoals.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "perfgoals.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded set-up of `make run`: the server and the job worker share the file.  WAL lets pages
    # read while an import writes, and a writer waits for the other instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# The only language: a browser asking for English (an English Windows, a test robot) still gets Chinese
# messages from Django and the libraries, not their English originals.
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for library texts that ship untranslated (locale/zh_Hans/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # first, as django-axes requires: refuses a locked-out username before the password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes, attempts kept in the database: SQLite and PostgreSQL alike).
# A username is locked from one address after AXES_FAILURE_LIMIT wrong passwords for
# AXES_COOLOFF_MINUTES; the pair, not the username alone, so a stranger cannot lock a colleague
# out from another machine. An admin lifts a lock early with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False  # perfgoals.audit logs logins and failures in Chinese, with the user
AXES_DISABLE_ACCESS_LOG = True  # the same: a database row per successful login would only grow
# The library's admin pages are English throughout; a lock ends by itself after the cool-off, or
# earlier with `manage.py axes_reset_username NAME`.
AXES_ENABLE_ADMIN = False
# The address is REMOTE_ADDR, which a client cannot forge; behind the TLS proxy that is the proxy's,
# so there the lock is in effect per username.

# Sessions end when the browser closes, and after SESSION_IDLE_MINUTES without a request
# (perfgoals.middleware.IdleSessionMiddleware pushes the expiry forward as the user works).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Large goal tables post one field per cell; the editor sizes forms well past
# Django's default of 1000 (see the editor issue), so the ceiling is raised here.
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "20000"))

# What one imported Word/Excel file may hold (documents.parse.limits.ImportLimits holds the
# defaults and what each means); checked while the file streams, a file past one is refused.
_MB = 1024 * 1024
PERFGOALS_IMPORT_LIMITS = {
    "file_bytes": int(os.environ.get("IMPORT_MAX_FILE_MB", "20")) * _MB,
    "unpacked_bytes": int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "400")) * _MB,
    "tables": int(os.environ.get("IMPORT_MAX_TABLES", "10000")),
    "rows": int(os.environ.get("IMPORT_MAX_ROWS", "500000")),
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Behind a TLS proxy cookies are secure; an http-only intranet sets SECURE_COOKIES=0.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a one-way commitment for a public domain; intranet hosts
        # cannot be preloaded at all, so off is a decision, not an oversight.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # logins, failed logins, lockouts, downloads and imports, each with the user (projects/audit.py)
        # (propagates to the root's handlers: INFO records pass, whatever LOG_LEVEL says of other loggers)
        "perfgoals.audit": {"level": os.environ.get("AUDIT_LOG_LEVEL", "INFO")},
    },
}
