"""An import never changes a table under review or approved (issue 16, item 1).

On every import path — the Word/Excel import (service, page, command) and the admin's flat
imports of tables and of indicator rows — such a table is left as it is and listed as
"未导入：审核中/已审核" with the way forward (the reviewer returns it, or an admin reopens it).
"""
import dataclasses
from io import StringIO

import pytest
import tablib
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Indicator
from projects.models import GoalTable, Milestone
from projects.review.workflow import goal_table_reopen
from projects.transfer.imports import LOCKED, UPDATE, import_confirm, import_preview
from projects.transfer.indicator_resources import IndicatorResource
from projects.transfer.resources import GoalTableResource
from tests.base import make_world
from tests.projects.importkit import doc, xlsx_of

pytestmark = pytest.mark.django_db

S = GoalTable.Status


@pytest.fixture
def world():
    return make_world(2023)


def changed_file(table):
    return xlsx_of(dataclasses.replace(doc(table.name, table.code), annual_goal="文件里改过的目标"))


def state(table):
    table = GoalTable.objects.get(pk=table.pk)
    return (
        table.annual_goal, table.status, table.updated_by_id, table.updated_at, table.history.count(),
        Indicator.history.filter(table_id=table.pk).count(), Milestone.history.filter(table_id=table.pk).count(),
    )


@pytest.mark.parametrize("status, label, way", [
    (S.SUBMITTED, "未导入：审核中", "退回修改"),
    (S.APPROVED, "未导入：已审核", "重新打开"),
])
def test_preview_lists_the_table_as_not_imported_and_confirm_leaves_it(world, status, label, way):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=status)
    before = state(world.table_a)
    preview = import_preview(files=[("a.xlsx", changed_file(world.table_a))])
    [item] = preview.tables
    assert (item.action, item.label, item.existing_id) == (LOCKED, label, world.table_a.pk)
    assert way in item.way_forward
    assert not preview.has_errors and preview.totals()["locked"] == 1

    result = import_confirm(preview=preview, user=world.admin)
    assert (result.updated, result.locked) == (0, 1) and "未导入 1 张" in result.summary()
    assert state(world.table_a) == before


def test_a_table_submitted_after_the_preview_is_still_left_alone(world):
    preview = import_preview(files=[("a.xlsx", changed_file(world.table_a))])
    assert preview.tables[0].action == UPDATE
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=S.SUBMITTED)
    before = state(world.table_a)
    result = import_confirm(preview=preview, user=world.admin)
    assert result.locked == 1 and state(world.table_a) == before


def test_an_unchanged_table_under_review_is_simply_unchanged(world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=S.APPROVED)
    from projects.selectors import goal_table_prefetch, goal_table_to_document
    same = goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=world.table_a.pk)).get())
    preview = import_preview(files=[("a.xlsx", xlsx_of(same))])
    assert preview.tables[0].label == "更新（无变化）"


def test_after_an_admin_reopens_it_with_a_reason_the_import_updates_it(world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=S.APPROVED)
    goal_table_reopen(table=world.table_a, user=world.admin, reason="按财政局通知更新目标")
    assert world.table_a.transitions.get(to_status=S.RETURNED).reason == "按财政局通知更新目标"
    result = import_confirm(preview=import_preview(files=[("a.xlsx", changed_file(world.table_a))]), user=world.admin)
    assert result.updated == 1
    assert GoalTable.objects.get(pk=world.table_a.pk).annual_goal == "文件里改过的目标"


def test_the_command_says_not_imported_and_how_to_go_on(world, tmp_path):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=S.APPROVED)
    before = state(world.table_a)
    path = tmp_path / "a.xlsx"
    path.write_bytes(changed_file(world.table_a))
    out = StringIO()
    call_command("import_tables", str(path), stdout=out)
    text = out.getvalue()
    assert "[未导入：已审核]" in text and "重新打开" in text and "未导入（审核中/已审核）1 张" in text
    assert state(world.table_a) == before


def test_the_upload_page_shows_the_table_as_not_imported(client, world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=S.SUBMITTED)
    before = state(world.table_a)
    client.force_login(world.admin)
    from django.core.files.uploadedfile import SimpleUploadedFile
    upload = SimpleUploadedFile("a.xlsx", changed_file(world.table_a))
    response = client.post(reverse("import_upload"), {"files": [upload]}, follow=True)
    page = response.content.decode()
    assert "未导入：审核中" in page and "退回修改" in page
    assert reverse("table_detail", args=[world.table_a.pk]) in page
    token = response.context["upload"].token
    client.post(reverse("import_confirm", args=[token]))
    assert state(world.table_a) == before


def flat_tables(table, **changes):
    dataset = GoalTableResource().export(GoalTable.objects.filter(pk=table.pk))
    row = dict(zip(dataset.headers, dataset[0]))
    row.update(changes)
    return tablib.Dataset(list(row.values()), headers=list(row))


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED])
def test_the_flat_table_import_leaves_a_reviewed_table_and_says_so(world, status):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=status)
    world.table_a.refresh_from_db()
    before = state(world.table_a)
    result = GoalTableResource().import_data(flat_tables(world.table_a, **{"本年度绩效目标": "改"}), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    [locked] = result.locked_rows
    assert (locked.row, locked.table.pk) == (1, world.table_a.pk) and locked.label.startswith("未导入：")
    assert state(world.table_a) == before


def test_the_flat_indicator_import_neither_changes_nor_adds_rows_of_an_approved_table(world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=S.APPROVED)
    dataset = IndicatorResource().export(Indicator.objects.filter(table=world.table_a).order_by("order"))
    rows = [dict(zip(dataset.headers, r)) for r in dataset]
    rows[0]["三级指标"] = "改过的指标"
    rows.append({**rows[-1], "顺序": 99, "三级指标": "新加的指标"})
    before = sorted(Indicator.objects.filter(table=world.table_a).values_list("order", "name"))
    result = IndicatorResource().import_data(
        tablib.Dataset(*[list(r.values()) for r in rows], headers=list(rows[0])), dry_run=False
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert len(result.locked_rows) == 2
    assert sorted(Indicator.objects.filter(table=world.table_a).values_list("order", "name")) == before


def test_the_admin_import_page_lists_the_rows_left_out(client, world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=S.APPROVED)
    world.table_a.refresh_from_db()
    before = state(world.table_a)
    client.force_login(world.admin)
    from django.core.files.uploadedfile import SimpleUploadedFile
    text = flat_tables(world.table_a, **{"本年度绩效目标": "改"}).export("csv").encode("utf-8-sig")
    response = client.post(reverse("admin:projects_goaltable_import"), {
        "resource": "0", "format": "0", "import_file": SimpleUploadedFile("t.csv", text),
    })
    page = response.content.decode()
    assert "未导入：已审核" in page and "重新打开" in page
    done = client.post(reverse("admin:projects_goaltable_process_import"), response.context["confirm_form"].initial,
                       follow=True)
    assert any("未导入：已审核" in str(m) for m in done.context["messages"])
    assert state(world.table_a) == before
