"""Admin of the stages after approval: rounds can be opened and closed here; reports, self-evaluations
and adjustment requests are read here and filled on their own pages, where their rules apply."""
from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from projects.models import Adjustment, MonitoringRound, SelfEvaluation

from .tables import AdminRoleMixin


@admin.register(MonitoringRound)
class MonitoringRoundAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ["__str__", "as_of", "is_open", "red_below", "yellow_below", "deviation_limit"]
    list_filter = ["fiscal_year", "is_open"]
    readonly_fields = ["created_by", "created_at"]


class ReadOnlyAdmin(AdminRoleMixin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(SelfEvaluation)
class SelfEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["table", "budget_full_year", "executed", "updated_by", "updated_at"]
    list_select_related = ["table", "updated_by"]


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["table", "status", "requested_by", "requested_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["table", "requested_by", "decided_by"]
