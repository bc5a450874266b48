"""The import service without HTTP, on real Word and Excel files: preview says what would happen,
confirm does it all or nothing."""
import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from documents import IndicatorRow
from documents.rules import check_table
from indicators.models import Indicator
from indicators.schemes import scheme_aliases, scheme_mapping
from projects import services
from projects.models import FiscalYear, GoalTable, Milestone, Unit
from projects.transfer.imports import CREATE, UPDATE, ImportBlocked, import_confirm, import_preview
from tests.base import make_world
from tests.documents.import_build import docx_file
from tests.projects.importkit import corrupted, doc, docx_of, encrypted, xlsx_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(2023)


def preview_of(files: dict, **options):
    return import_preview(files=list(files.items()), **options)


def counts():
    return GoalTable.objects.count(), Indicator.objects.count(), Unit.objects.count(), FiscalYear.objects.count()


def same_as(table):
    return doc(table.name, table.code)


def test_preview_says_create_or_update_and_writes_nothing(world):
    before = counts()
    preview = preview_of({"青岛.xlsx": xlsx_of(same_as(world.table_a), doc())})

    assert not preview.problems
    assert [(t.action, t.changed, t.unit, t.year) for t in preview.tables] == [
        (UPDATE, False, world.unit_a, 2023),
        (CREATE, True, world.unit_a, 2023),
    ]
    assert preview.tables[0].existing_id == world.table_a.pk
    assert counts() == before


def test_confirm_writes_and_a_second_import_changes_nothing(world):
    files = {"a.docx": docx_of(doc("新项目一", "P1"), doc("新项目二", "", budget_total=Decimal("250")))}
    result = import_confirm(preview=preview_of(files, year=2023), user=world.admin)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    saved = GoalTable.objects.get(name="新项目二")
    assert saved.unit == world.unit_a and saved.budget_total == Decimal("250.00") and saved.updated_by == world.admin
    assert saved.indicators.count() == 3 and saved.milestones.count() == 4
    after_first = counts()

    again = preview_of(files, year=2023)
    assert [(t.action, t.changed) for t in again.tables] == [(UPDATE, False), (UPDATE, False)]
    result = import_confirm(preview=again, user=world.admin)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert counts() == after_first


def test_a_changed_file_updates_the_table_it_matches(world):
    changed = dataclasses.replace(
        same_as(world.table_a),
        annual_goal="新的年度目标",
        indicators=[IndicatorRow("产出指标", "数量指标", "服务人数", "服务人数", value_text="≥700人", basis="历史数据")],
    )
    result = import_confirm(preview=preview_of({"a.xlsx": xlsx_of(changed)}))
    assert (result.created, result.updated) == (0, 1)
    table = GoalTable.objects.get(pk=world.table_a.pk)
    assert table.annual_goal == "新的年度目标"
    row = table.indicators.get()
    assert (row.comparator, row.value, row.unit, row.value_text) == ("≥", Decimal("700"), "人", "≥700人")
    assert GoalTable.objects.filter(fiscal_year=world.year, unit=world.unit_a).count() == 1


def test_a_table_without_code_is_matched_by_name(world):
    world.table_a.code = ""
    world.table_a.save()
    # the file has the code now: it still finds the table entered without one
    preview = preview_of({"a.xlsx": xlsx_of(doc(world.table_a.name, "NEWCODE1"))})
    assert preview.tables[0].action == UPDATE and preview.tables[0].existing_id == world.table_a.pk
    # a table with its own, other code is another project
    other = preview_of({"b.xlsx": xlsx_of(doc(world.table_b.name, "OTHERCODE", unit_code="630001", unit_name=""))})
    assert other.tables[0].unit == world.unit_b and other.tables[0].action == CREATE


def test_year_and_unit_come_from_the_options_when_the_file_has_none(world):
    bare = docx_of(doc(year=None, unit_code="", unit_name=""))  # a file that names neither
    preview = preview_of({"无单位.docx": bare})
    assert {(p.file, p.place) for p in preview.errors} == {("无单位.docx", "第1张表《新项目》")}
    assert any("年度" in p.message for p in preview.errors) and any("预算单位" in p.message for p in preview.errors)
    with pytest.raises(ImportBlocked):
        import_confirm(preview=preview)

    preview = preview_of({"无单位.docx": bare}, year=2023, unit_code="630001")
    assert not preview.problems
    assert (preview.tables[0].year, preview.tables[0].unit, preview.tables[0].action) == (2023, world.unit_b, CREATE)

    # the file's own year and unit win over the options
    preview = preview_of({"a.xlsx": xlsx_of(doc())}, year=2030, unit_code="630001")
    assert (preview.tables[0].year, preview.tables[0].unit) == (2023, world.unit_a)


def test_a_unit_option_that_names_no_unit_is_an_error(world):
    preview = preview_of({"a.xlsx": xlsx_of(doc())}, unit_code="不存在的单位")
    assert [p.message for p in preview.errors] == ["没有编码或名称为“不存在的单位”的预算单位。"]


def test_unknown_unit_is_created_only_under_a_chosen_department(world):
    files = {"新单位.xlsx": xlsx_of(doc(unit_code="999001", unit_name="新建的单位"))}
    preview = preview_of(files)
    assert preview.needs_department
    assert "999001 新建的单位" in preview.errors[0].message
    before = counts()
    with pytest.raises(ImportBlocked):
        import_confirm(preview=preview)
    assert counts() == before

    preview = preview_of(files, new_unit_department=world.dept_b)
    assert not preview.problems and [str(u) for u in preview.new_units] == ["999001 新建的单位"]
    result = import_confirm(preview=preview)
    unit = Unit.objects.get(code="999001")
    assert unit.department == world.dept_b and unit.name == "新建的单位"
    assert result.units_created == [unit] and result.tables[0].unit == unit


def test_a_new_year_is_created_with_its_default_scheme(world):
    preview = preview_of({"a.xlsx": xlsx_of(doc(year=2021))})
    assert preview.new_years == [2021]
    import_confirm(preview=preview)
    assert FiscalYear.objects.get(year=2021).scheme.code == "legacy"


def _four_tables(world):
    """An update, a new table, one for a new unit and one in a new year: every kind of write."""
    files = {
        "a.xlsx": xlsx_of(doc("甲", "A1"), dataclasses.replace(same_as(world.table_a), annual_goal="改")),
        "b.xlsx": xlsx_of(doc("乙", "B1", unit_code="777", unit_name="新单位"), doc("丙", "C1", year=2030)),
    }
    preview = preview_of(files, new_unit_department=world.dept_a)
    assert not preview.has_errors and len(preview.tables) == 4
    return preview


def test_a_table_refused_while_writing_names_its_file_and_leaves_the_database_unchanged(world, monkeypatch):
    preview = _four_tables(world)
    real = services._table_for
    checked = []

    def refuse_the_third(write, user):
        checked.append(write.document.name)
        if len(checked) == 3:
            raise ValidationError({"name": "模拟的保存失败"})
        return real(write, user)

    monkeypatch.setattr(services, "_table_for", refuse_the_third)
    before = counts()
    with pytest.raises(ImportBlocked) as raised:
        import_confirm(preview=preview)
    assert checked == ["甲", world.table_a.name, "乙"]
    problem = raised.value.problems[0]
    assert problem.file == "b.xlsx" and "乙" in problem.place and "模拟的保存失败" in problem.message
    assert counts() == before  # the new unit and the new year are rolled back too
    assert GoalTable.objects.get(pk=world.table_a.pk).annual_goal != "改"


def test_a_database_failure_after_the_tables_are_in_leaves_the_database_unchanged(world, monkeypatch):
    preview = _four_tables(world)
    real = services.bulk_create_recorded

    def fail_on_indicators(objects, model, **kwargs):
        if model is Indicator:
            raise DatabaseError("模拟的数据库故障")
        return real(objects, model, **kwargs)

    monkeypatch.setattr(services, "bulk_create_recorded", fail_on_indicators)
    before = counts()
    milestones = Milestone.objects.count()
    with pytest.raises(ImportBlocked) as raised:
        import_confirm(preview=preview)
    assert "整个导入已撤销" in raised.value.problems[0].message
    assert counts() == before and Milestone.objects.count() == milestones
    assert GoalTable.objects.get(pk=world.table_a.pk).annual_goal != "改"


def test_confirm_of_many_tables_writes_in_bulk(world):
    """40 new tables cost the same reads as 4 and fewer inserts than tables: not a statement per table."""
    def statements(count, prefix):
        tables = [doc(f"{prefix}{i}", f"{prefix}{i}") for i in range(count)]
        preview = preview_of({f"{prefix}.xlsx": xlsx_of(*tables)})
        assert not preview.has_errors
        with CaptureQueriesContext(connection) as captured:
            result = import_confirm(preview=preview, user=world.admin)
        assert result.created == count
        sql = [q["sql"].lstrip().upper() for q in captured]
        return [q for q in sql if not q.startswith("INSERT")], [q for q in sql if q.startswith("INSERT")]

    small_other, small_inserts = statements(4, "小")
    large_other, large_inserts = statements(40, "大")
    assert len(large_other) == len(small_other)
    assert len(large_inserts) < 40
    assert GoalTable.history.get(name="大7").history_user == world.admin
    rows = Indicator.history.filter(table__name="大7")
    assert rows.count() == 3 and {r.history_user for r in rows} == {world.admin}


@pytest.mark.parametrize("data,message", [
    (b"", "空的"),
    (encrypted(), "密码"),
    (b"%PDF-1.4 ...", "PDF"),
    ("docx", "损坏"),
])
def test_a_file_that_cannot_be_read_blocks_the_import(world, data, message):
    if data == "docx":
        data = corrupted(docx_of(doc()))
    preview = preview_of({"好.xlsx": xlsx_of(doc("甲", "A1")), "坏.docx": data})
    assert preview.bad_files == ["坏.docx"]
    assert [p.file for p in preview.errors] == ["坏.docx"] and message in preview.errors[0].message
    assert [t.document.name for t in preview.tables] == ["甲"]  # the good file is still previewed
    with pytest.raises(ImportBlocked):
        import_confirm(preview=preview)
    assert not GoalTable.objects.filter(name="甲").exists()


def test_a_table_missing_columns_is_an_error_with_its_place(world):
    rows = [
        ["项目编码", "P9", "<", "项目名称", "测试项目", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值确定依据", "<", "<"],
        ["产出指标", "数量指标", "服务人数", "服务人数", "历史数据", "<", "<"],
    ]
    preview = preview_of({"缺列.docx": docx_file(rows)}, year=2023, unit_code="130001")
    assert [(p.file, p.place) for p in preview.file_errors] == [("缺列.docx", "第1个表格 第2行")]
    assert "指标值" in preview.file_errors[0].message
    with pytest.raises(ImportBlocked):
        import_confirm(preview=preview)


def test_the_same_table_twice_in_one_import_is_an_error(world):
    data = xlsx_of(doc("甲", "A1"))
    preview = preview_of({"a.xlsx": data, "a-副本.xlsx": data})
    assert len(preview.errors) == 1
    assert preview.errors[0].file == "a-副本.xlsx" and "a.xlsx" in preview.errors[0].message


def test_what_the_database_would_refuse_is_a_problem_in_the_preview(world):
    preview = preview_of({"a.xlsx": xlsx_of(doc("长" * 301, "A1"))})
    assert preview.has_errors and "项目名称" in preview.errors[0].message
    assert "第1张表" in preview.errors[0].place
    with pytest.raises(ImportBlocked):
        import_confirm(preview=preview)


def test_rule_findings_are_those_of_the_review_rules(world):
    flawed = doc("甲", "A1", indicators=[IndicatorRow("产出指标", "不存在的二级", "服务人数", value_text="较好")])
    preview = preview_of({"a.xlsx": xlsx_of(flawed)})
    scheme = world.year.scheme
    expected = check_table(preview.tables[0].document, scheme=scheme_mapping(scheme), aliases=scheme_aliases(scheme))
    assert expected and preview.tables[0].findings == expected
    assert any(f.indicator == "服务人数" for f in expected)
    assert not preview.has_errors  # a filed mistake is shown; it does not block the import


def test_json_has_exactly_the_documented_keys(world):
    data = preview_of({"a.xlsx": xlsx_of(doc(budget_total=Decimal("250")))}).to_json()
    assert set(data) == {"tables", "problems", "notes"}
    table = data["tables"][0]
    assert set(table) == {
        "file", "layout", "kind", "code", "name", "unit", "year", "budget_total", "budget_note", "budget_executed",
        "period_goal", "annual_goal", "annual_goal_actual", "milestones", "indicators", "findings",
    }
    assert (table["file"], table["unit"], table["year"], table["budget_total"]) == ("a.xlsx", "130001", 2023, "250.00")
    assert set(table["indicators"][0]) == {
        "level1", "level2", "name", "description", "comparator", "value", "unit", "value_text", "direction", "basis",
        "term", "weight", "scoring_standard", "formula", "data_source", "actual_value_text", "score", "deviation_reason",
    }
    assert (table["indicators"][0]["value"], table["indicators"][0]["value_text"]) == ("7151", "≤7151万元")
    assert table["milestones"][0] == {"label": "3月底", "month": 3, "value": "2000.00"}


def test_rows_the_database_would_refuse_are_named_with_their_place(world):
    too_long = doc("甲", "A1", indicators=[
        IndicatorRow("产出指标", "数量指标", "服务人数", value_text="≥600人"),
        IndicatorRow("产出指标", "数量指标", "长" * 501, value_text="≥600人"),
    ])
    preview = preview_of({"a.xlsx": xlsx_of(too_long)})
    assert [(p.place, p.message.split("：")[0]) for p in preview.errors] == [
        ("第1张表《甲》 第2个指标“" + "长" * 20 + "…”", "三级指标"),
    ]
    assert "500" in preview.errors[0].message
