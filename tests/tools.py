"""Tests that need a program outside Python (Chromium, LibreOffice).

On a developer's machine without the program such a test is skipped with the reason; under CI
(CI=true, where .ci/run installs both) it fails, so a broken install never passes as a skip.
"""
import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def missing_tool(reason: str) -> None:
    """Skip the test for `reason`, or fail it under CI."""
    if in_ci():
        pytest.fail(f"CI 中不能跳过：{reason}", pytrace=False)
    pytest.skip(reason)
