"""The audit log (logger perfgoals.audit) names the user of every download and import."""
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from projects.models import GoalTable
from projects.transfer.resources import GoalTableResource
from tests.base import make_world
from tests.projects.importkit import doc, xlsx_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.PERFGOALS_IMPORT_DIR = str(tmp_path / "uploads")
    return make_world(2023)


@pytest.fixture
def audit(caplog):
    caplog.set_level(logging.INFO, logger="perfgoals.audit")

    def messages():  # downloads and imports (force_login logs a login too)
        texts = [r.getMessage() for r in caplog.records if r.name == "perfgoals.audit"]
        return [text for text in texts if text.startswith(("下载", "导入"))]

    return messages


def test_every_download_is_logged_with_the_user(client, world, audit):
    client.force_login(world.staff_a)
    table = world.table_a
    assert client.get(reverse("table_download", args=[table.pk, "docx"])).status_code == 200
    assert client.get(reverse("department_download", args=[world.dept_a.pk, 2023, "xlsx"])).status_code == 200
    assert client.post(reverse("export_selected"), {"ids": [table.pk], "format": "xlsx"}).status_code == 200

    assert audit() == [
        f"下载 用户=staff_a 地址=127.0.0.1 内容=绩效目标表 {table.pk}（{table.name}） 表数=1 格式=docx",
        f"下载 用户=staff_a 地址=127.0.0.1 内容=部门 {world.dept_a.pk} 2023 年度文档 表数=1 格式=xlsx",
        f"下载 用户=staff_a 地址=127.0.0.1 内容=所选绩效目标表 {table.pk} 表数=1 格式=xlsx",
    ]


def test_a_refused_download_is_not_logged_as_one(client, world, audit):
    client.force_login(world.staff_b)
    assert client.get(reverse("table_download", args=[world.table_a.pk, "docx"])).status_code == 404
    assert audit() == []


def test_a_web_import_is_logged_with_the_admin(client, world, audit):
    client.force_login(world.admin)
    response = client.post(reverse("import_upload"), {"files": [SimpleUploadedFile("青岛.xlsx", xlsx_of(doc()))]})
    token = response.url.rstrip("/").split("/")[-1]
    client.post(reverse("import_confirm", args=[token]))

    assert GoalTable.objects.filter(code="P0001").exists()
    assert audit() == ["导入 用户=admin 地址=127.0.0.1 来源=青岛.xlsx 结果=新建 1 张表，更新 0 张，无变化 0 张。"]


def test_a_command_line_import_is_logged(world, audit, tmp_path):
    path = tmp_path / "青岛.xlsx"
    path.write_bytes(xlsx_of(doc()))
    call_command("import_tables", str(path), "--year", "2023", "--unit", "130001", stdout=open("/dev/null", "w"))
    assert audit() == [f"导入 用户=命令行 地址=- 来源={path} 结果=新建 1 张表，更新 0 张，无变化 0 张。"]


def test_the_admins_flat_export_and_import_are_logged(client, world, audit):
    client.force_login(world.admin)
    fields = {f"goaltableresource_{name}": "on" for name in GoalTableResource().get_export_order()}
    assert client.post(reverse("admin:projects_goaltable_export"), {"format": "0", "resource": "0", **fields}).status_code == 200

    text = "年度,单位编码,项目编码,项目名称,预算数（万元）\n2023,130001,P-A,新项目甲,100.10\n"
    file = SimpleUploadedFile("tables.csv", text.encode("utf-8-sig"), content_type="text/csv")
    preview = client.post(reverse("admin:projects_goaltable_import"), {"resource": "0", "format": "0", "import_file": file})
    client.post(reverse("admin:projects_goaltable_process_import"), preview.context["confirm_form"].initial)

    assert GoalTable.objects.filter(code="P-A").exists()
    assert audit() == [
        "下载 用户=admin 地址=127.0.0.1 内容=后台导出（绩效目标表） 表数=2 格式=csv",
        "导入 用户=admin 地址=127.0.0.1 来源=后台平表导入（绩效目标表） 结果=新建 1 条，更新 0 条，删除 0 条",
    ]
