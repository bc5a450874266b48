"""The admin's import pages: upload, preview, confirm; nobody else reaches them; bad files are 4xx."""
import dataclasses
import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import GoalTable, Unit
from tests.base import make_user, make_world, sample_document
from tests.projects.importkit import FakeParser, bad_file

pytestmark = pytest.mark.django_db
parsing = importlib.import_module("perfgoals.documents.importing")


@pytest.fixture
def world():
    return make_world(2023)


@pytest.fixture
def parser(monkeypatch, settings, tmp_path):
    settings.PERFGOALS_IMPORT_DIR = str(tmp_path / "uploads")
    fake = FakeParser()
    monkeypatch.setattr(parsing, "parse_file", fake, raising=False)
    return fake


def doc(name="新项目", code="P0001", **changes):
    return dataclasses.replace(sample_document(name=name, code=code), **{"year": 2023, "unit_code": "130001", **changes})


def upload(client, *names, **options):
    files = [SimpleUploadedFile(n, b"PK\x03\x04 " + n.encode()) for n in names]
    return client.post(reverse("import_upload"), {"files": files, **options})


def stored(settings):
    from pathlib import Path

    root = Path(settings.PERFGOALS_IMPORT_DIR)
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "reviewer"])
def test_only_admins_reach_the_import_pages(client, world, parser, persona):
    parser.files["a.docx"] = [doc()]
    client.force_login(world.admin)
    token = upload(client, "a.docx").url.rstrip("/").split("/")[-1]

    client.force_login(getattr(world, persona))
    assert client.get(reverse("import_upload")).status_code == 404
    assert upload(client, "a.docx").status_code == 404
    assert client.get(reverse("import_preview", args=[token])).status_code == 404
    assert client.post(reverse("import_confirm", args=[token])).status_code == 404
    assert not GoalTable.objects.filter(code="P0001").exists()
    assert "导入</a>" not in client.get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("import_upload"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_upload_preview_confirm(client, world, parser, settings):
    parser.files["青岛.docx"] = [doc(), doc(world.table_a.name, world.table_a.code, annual_goal="新的目标")]
    client.force_login(world.admin)
    assert "导入</a>" in client.get(reverse("home")).content.decode()

    response = upload(client, "青岛.docx")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "新项目" in page and "P0001" in page and "新建" in page and "更新" in page
    assert "7151.00" in page and "≥90%" in page and "确认导入" in page
    assert not GoalTable.objects.filter(code="P0001").exists()

    token = response.url.rstrip("/").split("/")[-1]
    parser.calls.clear()
    done = client.post(reverse("import_confirm", args=[token]), {"tables": "forged"})
    assert done.status_code == 302
    assert [name for name, _, _ in parser.calls] == ["青岛.docx"]  # parsed again, not taken from the form
    assert GoalTable.objects.filter(code="P0001").count() == 1
    assert GoalTable.objects.get(pk=world.table_a.pk).annual_goal == "新的目标"
    assert "新建 1 张表，更新 1 张" in client.get(done.url).content.decode()
    assert stored(settings) == []
    # the same upload cannot be confirmed twice
    assert client.post(reverse("import_confirm", args=[token])).status_code == 404


def test_a_bad_file_is_a_400_page_and_nothing_is_kept(client, world, parser, settings):
    parser.files["好.docx"] = [doc()]
    parser.files["坏.xlsx"] = bad_file("坏.xlsx", "文件有密码保护，无法打开。")
    client.force_login(world.admin)
    before = GoalTable.objects.count()
    response = upload(client, "好.docx", "坏.xlsx")
    assert response.status_code == 400
    page = response.content.decode()
    assert "坏.xlsx" in page and "文件有密码保护，无法打开。" in page
    assert GoalTable.objects.count() == before and stored(settings) == []


def test_no_file_and_oversize_files_are_refused(client, world, parser, monkeypatch):
    client.force_login(world.admin)
    response = client.post(reverse("import_upload"), {})
    assert response.status_code == 400 and "请选择要导入的文件" in response.content.decode()
    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 4)
    parser.files["大.docx"] = [doc()]
    response = upload(client, "大.docx")
    assert response.status_code == 400 and "《大.docx》" in response.content.decode() and "超过" in response.content.decode()
    assert parser.calls == []


def test_errors_block_confirm_until_the_options_fix_them(client, world, parser):
    parser.files["新单位.docx"] = [doc(unit_code="999", unit_name="新建单位")]
    client.force_login(world.admin)
    preview_url = upload(client, "新单位.docx").url
    page = client.get(preview_url).content.decode()
    assert "999 新建单位" in page and "disabled" in page
    token = preview_url.rstrip("/").split("/")[-1]

    response = client.post(reverse("import_confirm", args=[token]))
    assert response.status_code == 400 and "数据库没有任何修改" in response.content.decode()
    assert not Unit.objects.filter(code="999").exists()

    client.post(preview_url, {"new_units_in": world.dept_b.pk})
    page = client.get(preview_url).content.decode()
    assert "将在“行政审批部门”下新建预算单位：999 新建单位" in page
    assert client.post(reverse("import_confirm", args=[token])).status_code == 302
    assert GoalTable.objects.get(code="P0001").unit.department == world.dept_b


def test_an_upload_belongs_to_its_own_session(client, world, parser):
    parser.files["a.docx"] = [doc()]
    client.force_login(world.admin)
    preview_url = upload(client, "a.docx").url
    other_admin = make_user("admin2", superuser=True)
    client.force_login(other_admin)
    assert client.get(preview_url).status_code == 404
    assert client.get(reverse("import_preview", args=["." * 40])).status_code == 404
    assert client.get(reverse("import_preview", args=["a" * 43])).status_code == 404


def test_discard_removes_the_upload(client, world, parser, settings):
    parser.files["a.docx"] = [doc()]
    client.force_login(world.admin)
    token = upload(client, "a.docx").url.rstrip("/").split("/")[-1]
    assert client.post(reverse("import_discard", args=[token])).status_code == 302
    assert stored(settings) == [] and client.get(reverse("import_preview", args=[token])).status_code == 404


def test_preview_query_count_does_not_grow_with_tables(client, world, parser):
    client.force_login(world.admin)
    parser.files["few.docx"] = [doc(f"项目{i}", f"P{i}") for i in range(2)]
    parser.files["many.docx"] = [doc(f"项目{i}", f"P{i}") for i in range(30)]
    few_url, many_url = upload(client, "few.docx").url, upload(client, "many.docx").url
    with CaptureQueriesContext(connection) as few:
        client.get(few_url)
    with CaptureQueriesContext(connection) as many:
        page = client.get(many_url).content.decode()
    assert "项目29" in page
    assert len(many) == len(few)
