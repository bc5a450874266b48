"""Test personas and small builders shared by the suite.

Two departments, each with one unit and one table; staff of unit A, staff of unit B,
a reviewer assigned to department A only, and an admin.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from documents import GoalTable as Document
from documents import IndicatorRow
from projects.demo import GROUP_ADMIN, GROUP_REVIEWER, GROUP_STAFF, fiscal_year_for, load_taxonomy
from projects.models import Department, GoalTable, Unit
from projects.services import goal_table_save_document
from tests.documents.tablekit import quarterly

PASSWORD = "persona-pass-123"


def make_user(username, *, group=None, superuser=False):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if superuser:
        user.is_staff = user.is_superuser = True
        user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def sample_document(*, name="市民中心后勤保障经费", code="37020023P88002811163B", indicators=None) -> Document:
    """A small, well-formed project table in the standard layout."""
    return Document(
        kind="project",
        layout="standard",
        code=code,
        name=name,
        budget_total=Decimal("7151.00"),
        fiscal_funds=Decimal("7151.00"),
        purpose="为市民中心正常运转提供后勤保障服务。",
        annual_goal="通过做好设备维护、停车场管理等服务，确保市民中心正常运行。",
        milestone_unit="amount",
        milestones=quarterly("2000.00", "5000.00", "7000.00", "7151.00"),
        indicators=indicators
        if indicators is not None
        else [
            IndicatorRow("成本指标", "经济成本指标", "后勤保障预算控制数", "后勤保障预算控制数", "≤", Decimal("7151"), "万元", "≤7151万元", basis="历史数据"),
            IndicatorRow("产出指标", "数量指标", "服务人数", "服务人数", "≥", Decimal("600"), "人", "≥600人", basis="历史数据"),
            IndicatorRow("满意度指标", "服务对象满意度指标", "服务对象满意度", "服务对象满意度", "≥", Decimal("90"), "%", "≥90%", basis="历史数据"),
        ],
    )


@dataclass
class World:
    year: object
    dept_a: Department
    dept_b: Department
    unit_a: Unit
    unit_b: Unit
    table_a: GoalTable
    table_b: GoalTable
    staff_a: object
    staff_b: object
    reviewer: object
    admin: object


def make_world(year=2023) -> World:
    schemes = load_taxonomy()
    fiscal_year = fiscal_year_for(year, schemes)
    dept_a = Department.objects.create(name="青岛市行政审批服务局", region="青岛市")
    dept_b = Department.objects.create(name="行政审批部门", region="秦皇岛市山海关区")
    unit_a = Unit.objects.create(department=dept_a, code="130001", name="青岛市行政审批服务局本级")
    unit_b = Unit.objects.create(department=dept_b, code="630001", name="行政审批部门行政审批局本级")
    table_a = goal_table_save_document(document=sample_document(), fiscal_year=fiscal_year, unit=unit_a)
    table_b = goal_table_save_document(
        document=sample_document(name="跨省通办及省内通办网络建设及设备费", code="13030322P00408910001D"),
        fiscal_year=fiscal_year,
        unit=unit_b,
    )
    staff_a = make_user("staff_a", group=GROUP_STAFF)
    unit_a.staff.add(staff_a)
    staff_b = make_user("staff_b", group=GROUP_STAFF)
    unit_b.staff.add(staff_b)
    reviewer = make_user("reviewer", group=GROUP_REVIEWER)
    dept_a.reviewers.add(reviewer)
    admin = make_user("admin", group=GROUP_ADMIN, superuser=True)
    return World(fiscal_year, dept_a, dept_b, unit_a, unit_b, table_a, table_b, staff_a, staff_b, reviewer, admin)
