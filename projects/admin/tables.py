"""The Django admin for 管理员: departments, units, years, goal tables and their parts.

Staff (填报人) and reviewers (审核人) work in the app pages; the admin is for superusers and the
管理员 group (with the staff flag), who manage everything here by their role.
"""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import BINARY_FORMATS, Format
from import_export.results import Result
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator
from projects import audit
from projects.access import is_admin
from projects.models import (
    Department,
    DepartmentReport,
    Duty,
    DutyTask,
    FiscalYear,
    GoalTable,
    Milestone,
    ReportSection,
    Review,
    Snapshot,
    Transition,
    Unit,
)
from projects.transfer.resources import FORMATS, GoalTableResource
from projects.transfer.rollover import rollover_to_next_year

from .locked import LockedTableMixin


def is_admin_request(request: HttpRequest) -> bool:
    # The admin asks for permissions dozens of times per page; the group lookup is done once.
    if not hasattr(request, "_perfgoals_is_admin"):
        request._perfgoals_is_admin = is_admin(request.user)
    return request._perfgoals_is_admin


def admin_site_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and user.is_staff and is_admin_request(request)


# Ticking is_staff alone must not open the admin to a 填报人 or 审核人.
admin.site.has_permission = admin_site_has_permission


class AdminRoleMixin:
    """Permissions follow the 管理员 role, not per-model permissions that would have to be kept in sync."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin_request(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return is_admin_request(request)

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return is_admin_request(request)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return is_admin_request(request)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return is_admin_request(request)


# Small widgets so a 30-row indicator table fits on one screen.
COMPACT = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 28})},
    models.CharField: {"widget": forms.TextInput(attrs={"size": 12})},
    models.DecimalField: {"widget": forms.NumberInput(attrs={"style": "width: 7em"})},
    models.PositiveIntegerField: {"widget": forms.NumberInput(attrs={"style": "width: 4em"})},
    models.PositiveSmallIntegerField: {"widget": forms.NumberInput(attrs={"style": "width: 4em"})},
}


class ImportExportAdmin(AdminRoleMixin, ImportExportMixin, SimpleHistoryAdmin):
    """Flat CSV/XLSX import and export beside the change history."""

    formats = FORMATS
    import_template_name = "admin/import_export/import_locked.html"

    def get_export_data(self, file_format: Format, request: HttpRequest, queryset: QuerySet, **kwargs: Any) -> str | bytes:
        # As the library's, but a subclass of a typed format (our SafeXLSX) also gets numbers as numbers:
        # the library asks `type(format) in BINARY_FORMATS`, which a subclass never is.
        if not self.has_export_permission(request):
            raise PermissionDenied
        native = isinstance(file_format, tuple(BINARY_FORMATS))
        data = self.get_data_for_export(request, queryset, force_native_type=native, **kwargs)
        exported = file_format.export_data(data)
        audit.log_download(
            request, what=f"后台导出（{self.model._meta.verbose_name}）", tables=queryset.count(), fmt=file_format.get_title()
        )
        return exported

    def add_success_message(self, result: Result, request: HttpRequest) -> None:
        super().add_success_message(result, request)
        by_table: dict[int, list] = {}
        for locked in getattr(result, "locked_rows", []):
            by_table.setdefault(locked.table.pk, []).append(locked)
        for rows in by_table.values():
            numbers = "、".join(str(r.row) for r in rows)
            messages.warning(request, f"第{numbers}行《{rows[0].table.name}》{rows[0].label}，未作修改。{rows[0].way_forward}")

    def process_result(self, result: Result, request: HttpRequest) -> HttpResponse:
        totals = result.totals
        audit.log_import(
            user=request.user,
            request=request,
            what=f"后台平表导入（{self.model._meta.verbose_name}）",
            summary=f"新建 {totals.get('new', 0)} 条，更新 {totals.get('update', 0)} 条，删除 {totals.get('delete', 0)} 条",
        )
        return super().process_result(result, request)


class MilestoneInline(LockedTableMixin, AdminRoleMixin, admin.TabularInline):
    table_path = ""  # from the table the page shows
    model = Milestone
    fields = ("order", "label", "month", "value")
    ordering = ("order", "id")
    extra = 0
    formfield_overrides = COMPACT


class IndicatorInline(LockedTableMixin, AdminRoleMixin, admin.TabularInline):
    table_path = ""
    model = Indicator
    fields = (
        "order", "level1", "level2", "name", "description", "comparator", "value", "unit", "value_text",
        "direction", "basis",
    )
    ordering = ("order", "id")
    extra = 0
    show_change_link = True  # the reference values (duty layout) are edited on the indicator's own page
    formfield_overrides = COMPACT


@admin.register(GoalTable)
class GoalTableAdmin(LockedTableMixin, ImportExportAdmin):
    table_path = ""
    resource_classes = [GoalTableResource]
    inlines = [MilestoneInline, IndicatorInline]
    actions = [rollover_to_next_year]
    list_display = ("year", "unit", "seq", "code", "name", "kind", "layout", "status", "budget_total")
    list_display_links = ("code", "name")
    list_filter = ("fiscal_year", "kind", "layout", "status", "unit__department")
    search_fields = ("code", "name", "unit__name", "unit__code")
    list_select_related = ("fiscal_year", "unit")
    autocomplete_fields = ("unit",)
    # 状态 moves only through the workflow (submit, return, approve, reopen, goal adjustment), each recorded.
    readonly_fields = ("status", "created_at", "updated_at", "updated_by")
    fieldsets = (
        (None, {"fields": (("fiscal_year", "unit", "scheme"), ("kind", "layout", "status"), ("seq", "code"), "name",
                           "title", "department_label")}),
        ("资金（万元）", {"fields": (("budget_total", "fiscal_funds", "other_funds", "superior_funds"),)}),
        ("按收入/支出性质（部门整体支出表）", {
            "classes": ("collapse",),
            "fields": (("income_general", "income_gov_fund", "income_special_nontax", "income_other"),
                       ("spending_basic", "spending_project"), "functions"),
        }),
        ("绩效目标", {"fields": ("purpose", ("period", "milestone_unit"), "period_goal", "annual_goal")}),
        ("填报信息", {"fields": (("filled_by", "phone", "filled_on"), ("created_at", "updated_at", "updated_by"))}),
    )

    @admin.display(description="年度", ordering="fiscal_year__year")
    def year(self, obj: GoalTable) -> int:
        return obj.fiscal_year.year

    def get_queryset(self, request: HttpRequest) -> QuerySet[GoalTable]:
        # __str__ shows the year: keeps autocomplete and history pages from a query per row.
        return super().get_queryset(request).select_related("fiscal_year", "unit")

    def get_form(self, request: HttpRequest, obj: GoalTable | None = None, change: bool = False, **kwargs: Any) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        scheme = form.base_fields.get("scheme")
        if scheme is not None:
            scheme.required = False
            scheme.help_text = "留空则使用该年度的默认指标体系"
        return form

    def save_model(self, request: HttpRequest, obj: GoalTable, form: forms.ModelForm, change: bool) -> None:
        if obj.scheme_id is None:
            obj.scheme_id = obj.fiscal_year.scheme_id
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(FiscalYear)
class FiscalYearAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("year", "scheme", "is_open")
    list_filter = ("is_open", "scheme")
    list_select_related = ("scheme",)


class UnitInline(AdminRoleMixin, admin.TabularInline):
    model = Unit
    fields = ("code", "name")
    extra = 0
    show_change_link = True  # staff are assigned on the unit's own page


@admin.register(Department)
class DepartmentAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("name", "code", "region")
    list_filter = ("region",)
    search_fields = ("name", "code", "region")
    autocomplete_fields = ("reviewers",)
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("code", "name", "department")
    list_filter = ("department__region",)
    search_fields = ("code", "name", "department__name")
    list_select_related = ("department",)
    autocomplete_fields = ("department", "staff")


@admin.register(Milestone)
class MilestoneAdmin(LockedTableMixin, AdminRoleMixin, SimpleHistoryAdmin):
    list_display = ("table", "order", "label", "month", "value")
    list_filter = ("table__fiscal_year",)
    search_fields = ("table__name", "table__code", "label")
    list_select_related = ("table__fiscal_year",)
    autocomplete_fields = ("table",)


class DutyTaskInline(LockedTableMixin, AdminRoleMixin, admin.TabularInline):
    model = DutyTask
    fields = ("order", "name", "goal")
    ordering = ("order", "id")
    extra = 0
    show_change_link = True
    formfield_overrides = COMPACT


@admin.register(Duty)
class DutyAdmin(LockedTableMixin, AdminRoleMixin, admin.ModelAdmin):
    list_display = ("table", "seq", "name", "order")
    list_filter = ("table__fiscal_year",)
    search_fields = ("name", "table__name", "table__code")
    list_select_related = ("table__fiscal_year",)
    autocomplete_fields = ("table",)
    inlines = [DutyTaskInline]


@admin.register(DutyTask)
class DutyTaskAdmin(LockedTableMixin, AdminRoleMixin, admin.ModelAdmin):
    table_path = "duty.table"
    list_display = ("short_name", "duty", "order")
    list_filter = ("duty__table__fiscal_year",)
    search_fields = ("name", "goal", "duty__name")
    list_select_related = ("duty",)
    raw_id_fields = ("duty",)

    @admin.display(description="职责事项", ordering="name")
    def short_name(self, obj: DutyTask) -> str:
        return str(obj)


class ReportSectionInline(AdminRoleMixin, admin.StackedInline):
    model = ReportSection
    fields = (("order", "level"), "heading", "body")
    ordering = ("order", "id")
    extra = 0


@admin.register(DepartmentReport)
class DepartmentReportAdmin(AdminRoleMixin, SimpleHistoryAdmin):
    list_display = ("title", "department", "fiscal_year")
    list_filter = ("fiscal_year",)
    search_fields = ("title", "department__name")
    list_select_related = ("department", "fiscal_year")
    autocomplete_fields = ("department",)
    inlines = [ReportSectionInline]


class ReadOnlyAdmin(AdminRoleMixin, admin.ModelAdmin):
    """Records written by the workflow: admins read them, nobody edits them by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ("table", "from_status", "to_status", "user", "at", "reason")
    list_filter = ("to_status", "table__fiscal_year")
    search_fields = ("table__name", "table__code", "reason", "user__username")
    list_select_related = ("table__fiscal_year", "user")


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ("table", "version", "submitted_by", "submitted_at", "errors", "warnings")
    list_filter = ("table__fiscal_year",)
    search_fields = ("table__name", "table__code")
    list_select_related = ("table__fiscal_year", "submitted_by")
    exclude = ("document",)


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("snapshot", "reviewer", "grade", "decision")
    list_filter = ("grade", "decision")
    list_select_related = ("snapshot__table__fiscal_year", "reviewer")
