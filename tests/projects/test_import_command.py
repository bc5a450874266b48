"""manage.py import_tables: preview as text or JSON, --dry-run writes nothing, bad files exit non-zero."""
import dataclasses
import importlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from projects.models import GoalTable, Unit
from tests.base import make_world, sample_document
from tests.projects.importkit import FakeParser, bad_file

pytestmark = pytest.mark.django_db
parsing = importlib.import_module("perfgoals.documents.importing")


@pytest.fixture
def world():
    return make_world(2023)


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Files on disk whose parsing the test decides: {name: tables or error}."""
    parser = FakeParser()
    monkeypatch.setattr(parsing, "parse_file", parser, raising=False)

    def make(name, tables, data=b"PK\x03\x04 stand-in"):
        path = tmp_path / name
        path.write_bytes(data)
        parser.files[name] = tables
        return str(path)

    return make


def doc(name="新项目", code="P0001", **changes):
    return dataclasses.replace(sample_document(name=name, code=code), **{"year": 2023, "unit_code": "130001", **changes})


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_tables", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_preview_and_writes_nothing(world, files):
    path = files("青岛.docx", [doc(), doc(world.table_a.name, world.table_a.code)])
    before = GoalTable.objects.count()
    out, _ = run(path, "--dry-run")
    assert "青岛.docx" in out and "[新建] 新项目（P0001）" in out and "[更新（无变化）]" in out
    assert "新建 1 张，更新 0 张，无变化 1 张" in out and "--dry-run" in out
    assert GoalTable.objects.count() == before


def test_json_is_one_object_with_the_documented_keys(world, files):
    path = files("a.docx", [doc()])
    out, _ = run(path, "--dry-run", "--format", "json")
    data = json.loads(out)
    assert set(data) == {"tables", "problems"} and data["problems"] == []
    table = data["tables"][0]
    assert set(table) == {
        "file", "layout", "kind", "code", "name", "unit", "year", "budget_total", "milestones", "indicators", "findings",
    }
    assert (table["file"], table["code"], table["unit"], table["year"], table["budget_total"]) == (
        "a.docx", "P0001", "130001", 2023, "7151.00",
    )
    assert [set(i) for i in table["indicators"]] == [{
        "level1", "level2", "name", "description", "comparator", "value", "unit", "value_text", "direction", "basis",
    }] * 3
    assert table["indicators"][2]["value_text"] == "≥90%"


def test_import_writes_once_and_again_changes_nothing(world, files):
    path = files("a.docx", [doc()])
    out, _ = run(path)
    assert "导入完成：新建 1 张表" in out
    assert GoalTable.objects.filter(code="P0001").count() == 1
    out, _ = run(path)
    assert "新建 0 张表，更新 0 张，无变化 1 张" in out
    assert GoalTable.objects.filter(code="P0001").count() == 1


def test_json_import_keeps_stdout_a_single_object(world, files):
    out, err = run(files("a.docx", [doc()]), "--format", "json")
    assert json.loads(out)["tables"][0]["code"] == "P0001"
    assert "导入完成" in err and GoalTable.objects.filter(code="P0001").exists()


def test_a_bad_file_exits_non_zero_naming_it_and_nothing_is_written(world, files):
    good = files("好.docx", [doc()])
    bad = files("坏.docx", bad_file("坏.docx", "文件已损坏，无法打开。"))
    before = GoalTable.objects.count()
    with pytest.raises(CommandError) as raised:
        run(good, bad)
    assert "坏.docx" in str(raised.value) and "文件已损坏" in str(raised.value)
    assert GoalTable.objects.count() == before


def test_missing_or_oversize_files_are_refused_before_parsing(world, files, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="没有这个.docx|不存在"):
        run(str(tmp_path / "没有这个.docx"))
    monkeypatch.setattr(parsing, "MAX_FILE_BYTES", 10)
    path = files("大.docx", [doc()], data=b"x" * 11)
    with pytest.raises(CommandError, match="大.docx.*超过上限"):
        run(path)
    assert not GoalTable.objects.filter(code="P0001").exists()


def test_year_unit_and_new_units_from_the_options(world, files):
    bare = dataclasses.replace(doc(), year=None, unit_code="")
    path = files("a.docx", [bare])
    with pytest.raises(CommandError, match="年度"):
        run(path)
    out, _ = run(path, "--year", "2023", "--unit", "630001")
    assert GoalTable.objects.get(code="P0001").unit == world.unit_b

    unknown = files("b.docx", [doc(code="P0002", unit_code="888", unit_name="新单位")])
    with pytest.raises(CommandError, match="888 新单位"):
        run(unknown)
    run(unknown, "--new-units-in", world.dept_a.name)
    assert Unit.objects.get(code="888").department == world.dept_a
    with pytest.raises(CommandError, match="没有名称或编码为“不存在”的预算部门"):
        run(unknown, "--new-units-in", "不存在")
