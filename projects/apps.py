from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "绩效目标表"

    def ready(self) -> None:
        # Imported here: the models it uses are ready only now.
        from .access import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
