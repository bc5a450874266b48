"""The three roles as Django groups, present in every database after `migrate`."""
from django.contrib.auth.models import Group, Permission

STAFF = "填报人"
REVIEWER = "审核人"
ADMIN = "管理员"

# Admins manage everything of the domain and the user accounts from the admin site.
ADMIN_APPS = ("projects", "indicators", "auth")


def ensure_role_groups(**kwargs):
    for name in (STAFF, REVIEWER, ADMIN):
        Group.objects.get_or_create(name=name)
    admin = Group.objects.get(name=ADMIN)
    admin.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
