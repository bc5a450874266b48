"""The one place that decides which goal tables a user reaches.

Every view goes through these helpers, so a table of another department is a 404
whatever id is typed into the URL.
"""
from django.shortcuts import get_object_or_404

from .models import GoalTable, is_admin


def tables_for_user(user):
    return GoalTable.objects.for_user(user)


def get_table_for_user(user, pk) -> GoalTable:
    return get_object_or_404(tables_for_user(user).select_related("fiscal_year", "unit__department", "scheme"), pk=pk)


def role_names(user) -> list[str]:
    names = []
    if is_admin(user):
        names.append("管理员")
    if user.units.exists():
        names.append("填报人")
    if user.reviewed_departments.exists():
        names.append("审核人")
    return names


def may_fill(user, table) -> bool:
    """Who fills in this table: staff of its unit, and admins."""
    return is_admin(user) or is_staff_of(user, table)


def may_review(user, table) -> bool:
    """Who reviews this table: the department's reviewers, and admins."""
    return is_admin(user) or is_reviewer_of(user, table)


def is_staff_of(user, table) -> bool:
    """Department staff who fill in this table (members of its unit)."""
    return table.unit.staff.filter(pk=user.pk).exists()


def is_reviewer_of(user, table) -> bool:
    """Finance reviewers assigned to the table's department."""
    return table.unit.department.reviewers.filter(pk=user.pk).exists()
