"""Who may do what: the three roles, which tables and units a user reaches, and what they may do there.

Every view and every service asks here, and nowhere else.  A table is reached only through
`tables_for_user` / `get_table_for_user`, so a table of another department is a 404 whatever id is
typed into the URL; what a role may then do with a table it can see is one of the `may_*` below.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Department, GoalTable, Unit

# The roles, as Django groups present in every database after `migrate` (ensure_role_groups).
STAFF = "填报人"  # fills in the tables of their units
REVIEWER = "审核人"  # reviews the tables of the departments assigned to them
ADMIN = "管理员"  # everything, including the Django admin

# Admins manage everything of the domain and the user accounts from the admin site.
ADMIN_APPS = ("projects", "indicators", "auth")

# Who asks: a signed-in user, or nobody yet (the pages that admit anonymous visitors ask too).
AnyUser = User | AnonymousUser


def ensure_role_groups(**kwargs: Any) -> None:
    """post_migrate: the three groups exist, and the admin group holds every permission of ADMIN_APPS."""
    for name in (STAFF, REVIEWER, ADMIN):
        Group.objects.get_or_create(name=name)
    admin = Group.objects.get(name=ADMIN)
    admin.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))


# ---------------------------------------------------------------------------
# Roles


def is_admin(user: AnyUser) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=ADMIN).exists())


def is_reviewer(user: AnyUser) -> bool:
    """Reviews at least one department (admins review all)."""
    return is_admin(user) or (user.is_authenticated and user.reviewed_departments.exists())


def role_names(user: AnyUser) -> list[str]:
    names = []
    if is_admin(user):
        names.append(ADMIN)
    if user.units.exists():
        names.append(STAFF)
    if user.reviewed_departments.exists():
        names.append(REVIEWER)
    return names


def require_admin(user: AnyUser, message: str = "") -> None:
    """Anybody but an admin gets a 404, as for any page that is not theirs."""
    if not is_admin(user):
        raise Http404(message)


def admin_required(view: Callable) -> Callable:
    """A view for admins only: signed-out users go to the login page, everyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_admin(request.user)
        return view(request, *args, **kwargs)

    return wrapped


# ---------------------------------------------------------------------------
# What a user reaches


def tables_for_user(user: AnyUser) -> QuerySet[GoalTable]:
    """The tables `user` may see: their units' (staff), their departments' (reviewer), all (admin)."""
    if not user.is_authenticated or not user.is_active:
        return GoalTable.objects.none()
    if is_admin(user):
        return GoalTable.objects.all()
    return GoalTable.objects.filter(Q(unit__staff=user) | Q(unit__department__reviewers=user)).distinct()


def get_table_for_user(user: AnyUser, pk: int) -> GoalTable:
    return get_object_or_404(tables_for_user(user).select_related("fiscal_year", "unit__department", "scheme"), pk=pk)


def filled_tables(user: AnyUser) -> QuerySet[GoalTable]:
    """The tables `user` fills in as staff: those of their units (admins included only as staff)."""
    if not user.is_authenticated or not user.is_active:
        return GoalTable.objects.none()
    return GoalTable.objects.filter(unit__staff=user)


def home_tables(user: AnyUser, *, drafts: bool) -> QuerySet[GoalTable]:
    """What the home page lists: staff and admins everything they reach; a reviewer the tables of
    their units and what was submitted to them, other departments' drafts only when asked for."""
    tables = tables_for_user(user)
    if drafts or is_admin(user) or not user.reviewed_departments.exists():
        return tables
    return tables.filter(Q(unit__staff=user) | ~Q(status=GoalTable.Status.DRAFT))


def reviewable_tables(user: AnyUser) -> QuerySet[GoalTable]:
    """The tables `user` reviews: those of the departments assigned to them (all, for an admin)."""
    if not user.is_authenticated or not user.is_active:
        return GoalTable.objects.none()
    if is_admin(user):
        return GoalTable.objects.all()
    return GoalTable.objects.filter(unit__department__reviewers=user)


def reviewed_departments(user: AnyUser) -> QuerySet[Department]:
    """The departments whose tables `user` reviews (all, for an admin)."""
    return Department.objects.all() if is_admin(user) else Department.objects.filter(reviewers=user)


def units_for_user(user: AnyUser) -> QuerySet[Unit]:
    """The units `user` may create tables for: their own (staff), all (admin)."""
    if is_admin(user):
        return Unit.objects.select_related("department").order_by("department__region", "department__name", "code", "name")
    return user.units.select_related("department").order_by("department__name", "code", "name")


# ---------------------------------------------------------------------------
# What a user may do with a table they reach


def is_staff_of(user: AnyUser, table: GoalTable) -> bool:
    """Department staff who fill in this table (members of its unit)."""
    return table.unit.staff.filter(pk=user.pk).exists()


def is_reviewer_of(user: AnyUser, table: GoalTable) -> bool:
    """Finance reviewers assigned to the table's department."""
    return table.unit.department.reviewers.filter(pk=user.pk).exists()


def units_filled_by(user: AnyUser) -> QuerySet[Unit]:
    """The units whose tables `user` fills in (as may_fill says, for many tables in one query)."""
    return Unit.objects.all() if is_admin(user) else Unit.objects.filter(staff=user)


def may_fill(user: AnyUser, table: GoalTable) -> bool:
    """Who fills in this table: staff of its unit, and admins."""
    return is_admin(user) or is_staff_of(user, table)


def may_review(user: AnyUser, table: GoalTable) -> bool:
    """Who reviews this table: the department's reviewers, and admins."""
    return is_admin(user) or is_reviewer_of(user, table)


def may_edit(user: AnyUser, table: GoalTable) -> bool:
    """Change the contents, or submit them: those who fill it in, while it is a draft or returned."""
    return table.status in GoalTable.EDITABLE_STATUSES and may_fill(user, table)


def may_decide(user: AnyUser, table: GoalTable) -> bool:
    """Return or approve: the department's reviewers (and admins), on a submitted table."""
    return table.status == GoalTable.Status.SUBMITTED and may_review(user, table)


def may_reopen(user: AnyUser, table: GoalTable) -> bool:
    """Reopen an approved table for revision: admins only."""
    return table.status == GoalTable.Status.APPROVED and is_admin(user)
