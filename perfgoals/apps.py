from __future__ import annotations

from django.apps import AppConfig


class PerfgoalsConfig(AppConfig):
    name = "perfgoals"
    verbose_name = "绩效目标管理"

    def ready(self) -> None:
        from projects import audit  # noqa: F401 - connects the login signal receivers
        from projects.converters import register

        register()  # before any URLconf is loaded: every <id:…> in urls.py relies on it
