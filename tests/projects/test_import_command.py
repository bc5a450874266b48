"""manage.py import_tables on real files: preview as text or JSON, --dry-run writes nothing,
bad files exit non-zero naming the file."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from projects.models import GoalTable, Unit
from tests.base import make_world
from tests.projects.importkit import corrupted, doc, docx_of, encrypted, xlsx_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(2023)


@pytest.fixture
def write(tmp_path):
    def make(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return make


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_tables", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_preview_and_writes_nothing(world, write):
    path = write("青岛.xlsx", xlsx_of(doc(), doc(world.table_a.name, world.table_a.code)))
    before = GoalTable.objects.count()
    out, _ = run(path, "--dry-run")
    assert "青岛.xlsx" in out and "[新建] 新项目（P0001）" in out and "[更新（无变化）]" in out
    assert "预算数 7151.00 万元" in out
    assert "新建 1 张，更新 0 张，无变化 1 张" in out and "--dry-run" in out
    assert GoalTable.objects.count() == before


def test_json_is_one_object_with_the_documented_keys(world, write):
    path = write("a.docx", docx_of(doc()))
    out, _ = run(path, "--dry-run", "--format", "json", "--year", "2023")
    data = json.loads(out)
    assert set(data) == {"tables", "problems", "notes"} and data["problems"] == []
    table = data["tables"][0]
    assert set(table) == {
        "file", "layout", "kind", "code", "name", "unit", "year", "budget_total", "budget_note", "budget_executed",
        "period_goal", "annual_goal", "annual_goal_actual", "milestones", "indicators", "findings",
    }
    assert (table["file"], table["layout"], table["kind"], table["code"], table["unit"], table["year"]) == (
        "a.docx", "standard", "project", "P0001", "130001", 2023,
    )
    assert table["budget_total"] == "7151.00"
    assert [m["value"] for m in table["milestones"]] == ["2000.00", "5000.00", "7000.00", "7151.00"]
    assert [set(i) for i in table["indicators"]] == [{
        "level1", "level2", "name", "description", "comparator", "value", "unit", "value_text", "direction", "basis",
        "term", "weight", "scoring_standard", "formula", "data_source", "actual_value_text", "score", "deviation_reason",
    }] * 3
    assert [(i["comparator"], i["value"], i["unit"]) for i in table["indicators"]] == [
        ("≤", "7151", "万元"), ("≥", "600", "人"), ("≥", "90", "%"),
    ]


def test_import_writes_once_and_again_changes_nothing(world, write):
    path = write("a.xlsx", xlsx_of(doc()))
    out, _ = run(path)
    assert "导入完成：新建 1 张表" in out
    assert GoalTable.objects.filter(code="P0001").count() == 1
    out, _ = run(path)
    assert "新建 0 张表，更新 0 张，无变化 1 张" in out
    assert GoalTable.objects.filter(code="P0001").count() == 1


def test_json_import_keeps_stdout_a_single_object(world, write):
    out, err = run(write("a.xlsx", xlsx_of(doc())), "--format", "json")
    assert json.loads(out)["tables"][0]["code"] == "P0001"
    assert "导入完成" in err and GoalTable.objects.filter(code="P0001").exists()


@pytest.mark.parametrize("name,data,message", [
    ("坏.docx", corrupted(docx_of(doc())), "损坏"),
    ("加密.xlsx", encrypted(), "密码"),
    ("空.docx", b"", "空的"),
    ("说明.docx", "这不是 Word 文件".encode(), "纯文本"),
])
def test_a_bad_file_exits_non_zero_naming_it_and_nothing_is_written(world, write, name, data, message):
    good = write("好.xlsx", xlsx_of(doc()))
    bad = write(name, data)
    before = GoalTable.objects.count()
    with pytest.raises(CommandError) as raised:
        run(good, bad)
    assert name in str(raised.value) and message in str(raised.value)
    assert GoalTable.objects.count() == before


def test_missing_or_oversize_files_are_refused_before_parsing(world, write, tmp_path, settings):
    with pytest.raises(CommandError, match="没有这个.docx：文件不存在"):
        run(str(tmp_path / "没有这个.docx"))
    settings.PERFGOALS_IMPORT_LIMITS = {**settings.PERFGOALS_IMPORT_LIMITS, "file_bytes": 10}
    path = write("大.xlsx", xlsx_of(doc()))
    with pytest.raises(CommandError, match="大.xlsx.*超过上限"):
        run(path)
    assert not GoalTable.objects.filter(code="P0001").exists()


def test_year_unit_and_new_units_from_the_options(world, write):
    path = write("a.docx", docx_of(doc(year=None, unit_code="", unit_name="")))
    with pytest.raises(CommandError, match="没有年度"):
        run(path)
    run(path, "--year", "2023", "--unit", "630001")
    assert GoalTable.objects.get(code="P0001").unit == world.unit_b

    unknown = write("b.xlsx", xlsx_of(doc(code="P0002", unit_code="888", unit_name="新单位")))
    with pytest.raises(CommandError, match="888 新单位"):
        run(unknown)
    with pytest.raises(CommandError, match="没有名称或编码为“不存在”的预算部门"):
        run(unknown, "--new-units-in", "不存在")
    run(unknown, "--new-units-in", world.dept_a.name)
    assert Unit.objects.get(code="888").department == world.dept_a


def test_layout_option_is_passed_to_the_parser(world, write):
    out, _ = run(write("a.xlsx", xlsx_of(doc())), "--dry-run", "--format", "json", "--layout", "hunan")
    assert json.loads(out)["tables"][0]["layout"] == "hunan"
