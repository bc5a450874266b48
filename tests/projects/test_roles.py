import pytest
from django.contrib.auth.models import Group

from projects.access import is_admin, tables_for_user
from projects.models import GoalTable
from tests.base import make_user, make_world

pytestmark = pytest.mark.django_db


def test_the_three_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {"填报人", "审核人", "管理员"}


def test_admin_group_members_manage_goal_tables_in_the_admin():
    user = make_user("bureau_admin", group="管理员")
    user.is_staff = True
    user.save()
    assert is_admin(user)
    assert user.has_perm("projects.change_goaltable") and user.has_perm("indicators.add_category")
    make_world()
    assert set(tables_for_user(user)) == set(GoalTable.objects.all())
    assert GoalTable.objects.count() == 2


def test_staff_and_reviewer_groups_grant_no_admin_rights():
    for group in ("填报人", "审核人"):
        user = make_user(f"u_{group}", group=group)
        assert not is_admin(user)
        assert not user.has_perm("projects.change_goaltable")
