"""Playwright fixtures driving Debian's headless Chromium against live_server.

No browser is downloaded: Playwright's bundled builds cannot be fetched on the
intranets this app runs on, so the system chromium is launched by path.
Without it the browser tests are skipped on a developer's machine but fail
under CI=true, where a silent skip would hide a broken install.
"""
import os
from pathlib import Path

import pytest

from tests.tools import missing_tool

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def _chromium_path():
    if CHROMIUM.exists():
        return CHROMIUM
    missing_tool(f"找不到 Chromium（{CHROMIUM}）：apt-get install -y chromium")


@pytest.fixture(scope="session")
def browser(_chromium_path):
    # Playwright's sync API keeps an asyncio loop running in this thread, which
    # Django's async-safety check would mistake for async code touching the ORM.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            # launch() gives every run a fresh temporary profile (user-data dir).
            browser = playwright.chromium.launch(
                executable_path=str(_chromium_path),
                headless=True,
                args=CHROMIUM_ARGS,
                timeout=60_000,
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A page in its own context (no cookies shared between tests), on live_server."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
