from django.apps import AppConfig


class PerfgoalsConfig(AppConfig):
    name = "perfgoals"
    verbose_name = "绩效目标管理"
