"""The admin's import pages on real files: upload, preview, confirm; nobody else reaches them;
bad files are 4xx and leave the database as it was."""
import dataclasses
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.parse import reader as parsing
from projects.models import GoalTable, Unit
from tests.base import make_user, make_world
from tests.projects.importkit import corrupted, doc, docx_of, encrypted, xlsx_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.PERFGOALS_IMPORT_DIR = str(tmp_path / "uploads")
    return make_world(2023)


def upload(client, files: dict, **options):
    return client.post(
        reverse("import_upload"), {"files": [SimpleUploadedFile(n, data) for n, data in files.items()], **options}
    )


def token_of(response):
    return response.url.rstrip("/").split("/")[-1]


def stored(settings):
    root = Path(settings.PERFGOALS_IMPORT_DIR)
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "reviewer"])
def test_only_admins_reach_the_import_pages(client, world, persona):
    files = {"a.xlsx": xlsx_of(doc())}
    client.force_login(world.admin)
    token = token_of(upload(client, files))

    client.force_login(getattr(world, persona))
    assert client.get(reverse("import_upload")).status_code == 404
    assert upload(client, files).status_code == 404
    assert client.get(reverse("import_preview", args=[token])).status_code == 404
    assert client.post(reverse("import_confirm", args=[token])).status_code == 404
    assert client.post(reverse("import_discard", args=[token])).status_code == 404
    assert not GoalTable.objects.filter(code="P0001").exists()
    assert reverse("import_upload") not in client.get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("import_upload"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_upload_preview_confirm(client, world, settings, monkeypatch):
    changed = dataclasses.replace(doc(world.table_a.name, world.table_a.code), annual_goal="新的目标")
    client.force_login(world.admin)
    assert reverse("import_upload") in client.get(reverse("home")).content.decode()
    assert client.get(reverse("import_upload")).status_code == 200

    parsed = []
    real = parsing.parse_file
    monkeypatch.setattr(parsing, "parse_file", lambda name, data, **kw: parsed.append(name) or real(name, data, **kw))
    response = upload(client, {"青岛.xlsx": xlsx_of(doc(), changed)})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "新项目" in page and "P0001" in page and "新建" in page and "更新" in page
    assert "7151.00" in page and "≥90%" in page and "确认导入" in page and "指标 3 个" in page
    assert client.get(response.url).status_code == 200
    assert not GoalTable.objects.filter(code="P0001").exists()

    done = client.post(reverse("import_confirm", args=[token_of(response)]), {"tables": "forged", "name": "伪造"})
    assert done.status_code == 302
    # Read once on upload; the preview views and the confirm use what was read, nothing from the form.
    assert parsed == ["青岛.xlsx"]
    assert GoalTable.objects.filter(code="P0001").count() == 1 and not GoalTable.objects.filter(name="伪造").exists()
    assert GoalTable.objects.get(pk=world.table_a.pk).annual_goal == "新的目标"
    assert "新建 1 张表，更新 1 张" in client.get(done.url).content.decode()
    assert stored(settings) == []
    # the same upload cannot be confirmed twice
    assert client.post(reverse("import_confirm", args=[token_of(response)])).status_code == 404


@pytest.mark.parametrize("name,data,message", [
    ("坏.docx", corrupted(docx_of(doc())), "损坏"),
    ("加密.xlsx", encrypted(), "密码"),
    ("空.docx", b"", "空"),
    ("图.docx", b"\x89PNG\r\n\x1a\n....", "PNG 图片"),
])
def test_a_bad_file_is_a_400_page_and_nothing_is_kept(client, world, settings, name, data, message):
    client.force_login(world.admin)
    before = GoalTable.objects.count()
    response = upload(client, {"好.xlsx": xlsx_of(doc()), name: data})
    assert response.status_code == 400
    page = response.content.decode()
    assert name in page and message in page
    assert GoalTable.objects.count() == before and stored(settings) == []


def test_a_table_missing_columns_is_a_400_page(client, world):
    from tests.documents.import_build import docx_file

    rows = [
        ["项目编码", "P9", "<", "项目名称", "测试项目", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值确定依据", "<", "<"],
        ["产出指标", "数量指标", "服务人数", "服务人数", "历史数据", "<", "<"],
    ]
    client.force_login(world.admin)
    response = upload(client, {"缺列.docx": docx_file(rows)}, year=2023, unit="130001")
    assert response.status_code == 400
    page = response.content.decode()
    assert "缺列.docx" in page and "第1个表格 第2行" in page and "指标值" in page


def test_no_file_and_oversize_files_are_refused(client, world, settings):
    client.force_login(world.admin)
    response = client.post(reverse("import_upload"), {})
    assert response.status_code == 400 and "请选择要导入的文件" in response.content.decode()
    settings.PERFGOALS_IMPORT_LIMITS = {**settings.PERFGOALS_IMPORT_LIMITS, "file_bytes": 100}
    response = upload(client, {"大.xlsx": xlsx_of(doc())})
    assert response.status_code == 400
    assert "《大.xlsx》" in response.content.decode() and "超过" in response.content.decode()


def test_errors_block_confirm_until_the_options_fix_them(client, world):
    client.force_login(world.admin)
    preview_url = upload(client, {"新单位.xlsx": xlsx_of(doc(unit_code="999", unit_name="新建单位"))}).url
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


def test_year_and_unit_options_at_upload(client, world):
    client.force_login(world.admin)
    response = upload(client, {"a.docx": docx_of(doc(unit_code="", unit_name=""))}, year=2023, unit="630001")
    assert client.post(reverse("import_confirm", args=[token_of(response)])).status_code == 302
    assert GoalTable.objects.get(code="P0001").unit == world.unit_b


def test_an_upload_belongs_to_its_own_session(client, world):
    client.force_login(world.admin)
    preview_url = upload(client, {"a.xlsx": xlsx_of(doc())}).url
    client.force_login(make_user("admin2", superuser=True))
    assert client.get(preview_url).status_code == 404
    assert client.get(reverse("import_preview", args=["." * 40])).status_code == 404
    assert client.get(reverse("import_preview", args=["a" * 43])).status_code == 404


def test_discard_removes_the_upload(client, world, settings):
    client.force_login(world.admin)
    token = token_of(upload(client, {"a.xlsx": xlsx_of(doc())}))
    assert stored(settings) == [token]
    assert client.post(reverse("import_discard", args=[token])).status_code == 302
    assert stored(settings) == [] and client.get(reverse("import_preview", args=[token])).status_code == 404


PREVIEW_QUERIES = 11  # what the preview page may cost, whatever the number of tables in the files


def test_preview_query_count_does_not_grow_with_tables(client, world):
    client.force_login(world.admin)
    few_url = upload(client, {"few.xlsx": xlsx_of(*[doc(f"项目{i}", f"P{i}") for i in range(2)])}).url
    many_url = upload(client, {"many.xlsx": xlsx_of(*[doc(f"项目{i}", f"P{i}") for i in range(30)])}).url
    with CaptureQueriesContext(connection) as few:
        client.get(few_url)
    with CaptureQueriesContext(connection) as many:
        page = client.get(many_url).content.decode()
    assert "项目29" in page
    assert len(many) == len(few) <= PREVIEW_QUERIES


def test_a_parser_failure_is_a_400_page_not_a_500(client, world, monkeypatch, caplog):
    def broken(name, data, **kwargs):
        raise KeyError("a bug in a parser")

    monkeypatch.setattr(parsing, "parse_file", broken)
    client.force_login(world.admin)
    response = upload(client, {"a.xlsx": xlsx_of(doc())})
    assert response.status_code == 400 and "a.xlsx" in response.content.decode()
    assert "parsing a.xlsx failed" in caplog.text


def test_the_limits_of_a_file_come_from_the_settings(client, world, settings):
    settings.PERFGOALS_IMPORT_LIMITS = {**settings.PERFGOALS_IMPORT_LIMITS, "tables": 1}
    client.force_login(world.admin)
    response = upload(client, {"两表.docx": docx_of(doc(name="甲", code="P1"), doc(name="乙", code="P2"))})
    assert response.status_code == 400
    page = response.content.decode()
    assert "两表.docx" in page and "表格超过 1 个的上限" in page
    assert not GoalTable.objects.filter(code__in=["P1", "P2"]).exists()


def test_a_big_file_is_previewed_a_page_at_a_time_and_the_tables_needing_a_look_listed_alone(client, world):
    client.force_login(world.admin)
    tables = [doc(f"项目{i:03}", f"P{i:03}") for i in range(120)]
    tables[75] = dataclasses.replace(tables[75], unit_code="999999", unit_name="系统中没有的单位")  # cannot come in
    url = upload(client, {"全省.xlsx": xlsx_of(*tables)}).url
    first = client.get(url).content.decode()
    assert "项目000" in first and "项目049" in first and "项目050" not in first
    assert "第 1 / 3 页（第 1–50 张，共 120 张）" in first
    assert "其中 1 张需要处理" in first
    second = client.get(url + "?page=2").content.decode()
    assert "项目050" in second and "项目099" in second and "项目049" not in second
    alone = client.get(url + "?show=attention").content.decode()
    assert "项目075" in alone and "项目074" not in alone and "只列出需要处理的 1 张表" in alone
    assert client.get(url + "?page=abc").status_code == 200  # a page that is not a number is the first
