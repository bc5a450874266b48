"""The Django admin for the taxonomy, the indicator library and 三级 indicator rows (for 管理员)."""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from indicators.models import Category, Indicator, LibraryIndicator, Scheme
from projects.transfer.indicator_resources import IndicatorResource

from .locked import LockedTableMixin
from .tables import AdminRoleMixin, ImportExportAdmin


class CategoryInline(AdminRoleMixin, admin.TabularInline):
    model = Category
    fields = ("level", "parent", "name", "aliases", "order")
    ordering = ("level", "order", "id")
    extra = 0

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any) -> forms.ModelChoiceField | None:
        if db_field.name == "parent":
            # A 二级 hangs under a 一级; offering 二级 as parents only invites mistakes.
            kwargs["queryset"] = Category.objects.filter(level=1).select_related("scheme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Scheme)
class SchemeAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("name", "level", "parent", "scheme", "order", "aliases")
    list_filter = ("scheme", "level")
    search_fields = ("name", "aliases")
    list_select_related = ("scheme", "parent")


@admin.register(Indicator)
class IndicatorAdmin(LockedTableMixin, ImportExportAdmin):
    resource_classes = [IndicatorResource]
    list_display = ("name", "table", "order", "level1", "level2", "value_text", "direction")
    list_filter = ("table__fiscal_year", "level1", "direction")
    search_fields = ("name", "description", "table__name", "table__code")
    list_select_related = ("table__fiscal_year",)
    autocomplete_fields = ("table",)
    raw_id_fields = ("duty_task",)
    fieldsets = (
        (None, {"fields": ("table", "duty_task", "order")}),
        ("指标", {"fields": (("level1", "level2"), "name", "description")}),
        ("指标值", {"fields": (("comparator", "value", "unit"), "value_text", ("direction", "basis"), "standard")}),
        ("参考值（按职责版式）", {
            "classes": ("collapse",),
            "fields": ("activity", ("ref_plan", "ref_standard"), "ref_standard_source",
                       ("ref_avg3", "ref_last_year"), "ref_history_source"),
        }),
        ("评分（自评时使用）", {"fields": ("weight", "scoring_standard", "formula", "data_source")}),
    )


@admin.register(LibraryIndicator)
class LibraryIndicatorAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("name", "level1", "level2", "comparator", "unit", "direction", "scheme")
    list_filter = ("scheme", "level1", "level2")
    search_fields = ("name", "description")
    list_select_related = ("scheme",)
