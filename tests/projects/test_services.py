import json
from pathlib import Path

import pytest

from documents import GoalTable as Document
from projects.demo import fiscal_year_for, load_taxonomy
from projects.models import Department, GoalTable, Unit
from projects.selectors import goal_table_to_document
from projects.services import document_with_parsed_values, goal_table_save_document
from tests.base import sample_document

pytestmark = pytest.mark.django_db
SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "seeds").glob("*.json"))


def _unit():
    department = Department.objects.create(name="测试部门", region="测试")
    return Unit.objects.create(department=department, code="999001", name="测试部门本级")


def test_save_then_read_gives_the_same_document():
    schemes = load_taxonomy()
    fiscal_year = fiscal_year_for(2023, schemes)
    document = sample_document()
    table = goal_table_save_document(document=document, fiscal_year=fiscal_year, unit=_unit())
    again = goal_table_to_document(GoalTable.objects.get(pk=table.pk))
    document.year, document.department, document.unit_code, document.unit_name = 2023, "测试部门", "999001", "测试部门本级"
    assert again == document


def test_saving_again_replaces_rows_instead_of_adding():
    schemes = load_taxonomy()
    fiscal_year = fiscal_year_for(2023, schemes)
    unit = _unit()
    table = goal_table_save_document(document=sample_document(), fiscal_year=fiscal_year, unit=unit)
    shorter = sample_document()
    shorter.indicators = shorter.indicators[:1]
    goal_table_save_document(document=shorter, fiscal_year=fiscal_year, unit=unit, table=table)
    assert table.indicators.count() == 1
    assert table.milestones.count() == 4


def test_bad_money_is_refused_and_nothing_is_written():
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    schemes = load_taxonomy()
    fiscal_year = fiscal_year_for(2023, schemes)
    document = sample_document()
    document.budget_total = Decimal("123456789012345.00")  # more digits than the column holds
    with pytest.raises(ValidationError):
        goal_table_save_document(document=document, fiscal_year=fiscal_year, unit=_unit())
    assert GoalTable.objects.count() == 0


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_every_seed_table_survives_the_database(path):
    """Every field of every seed table comes back exactly as it went in."""
    schemes = load_taxonomy()
    data = json.loads(path.read_text(encoding="utf-8"))
    fiscal_year = fiscal_year_for(data["year"], schemes)
    department = Department.objects.create(name=data["department"]["name"], region=data["department"]["region"])
    units = {
        (u["code"], u["name"]): Unit.objects.create(department=department, code=u["code"], name=u["name"])
        for u in data["units"]
    }
    for raw in data["tables"]:
        document = document_with_parsed_values(Document.from_dict(raw))
        table = goal_table_save_document(
            document=document, fiscal_year=fiscal_year, unit=units[(document.unit_code, document.unit_name)]
        )
        assert goal_table_to_document(GoalTable.objects.get(pk=table.pk)) == document


# --- the write path: history, no needless deletes, bulk ----------------------------------------


def _year_and_unit():
    return fiscal_year_for(2023, load_taxonomy()), _unit()


def _sql(captured):
    return [q["sql"].lstrip().upper() for q in captured]


def test_every_saved_row_has_a_history_record_with_its_values_and_the_writer():
    from django.contrib.auth import get_user_model

    from indicators.models import Indicator
    from projects.models import Milestone

    fiscal_year, unit = _year_and_unit()
    user = get_user_model().objects.create_user("writer")
    table = goal_table_save_document(document=sample_document(), fiscal_year=fiscal_year, unit=unit, user=user)

    [record] = table.history.all()
    assert (record.history_type, record.history_user, record.name) == ("+", user, table.name)
    for model, rows in ((Indicator, table.indicators.all()), (Milestone, table.milestones.all())):
        fields = [f.attname for f in model.history.model.tracked_fields]
        for row in rows:
            [record] = model.history.filter(id=row.pk)
            assert record.history_type == "+" and record.history_user == user
            assert [getattr(record, f) for f in fields] == [getattr(row, f) for f in fields]


def test_a_new_table_deletes_nothing_and_its_writes_do_not_grow_with_its_rows():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from documents import IndicatorRow

    fiscal_year, unit = _year_and_unit()

    def statements(rows):
        document = sample_document(name=f"{rows}个指标", code=f"P{rows}", indicators=[
            IndicatorRow("产出指标", "数量指标", f"指标{i}", "", "≥", i, "个", f"≥{i}个") for i in range(rows)
        ])
        with CaptureQueriesContext(connection) as captured:
            goal_table_save_document(document=document, fiscal_year=fiscal_year, unit=unit)
        return _sql(captured)

    few, many = statements(3), statements(30)
    assert not [q for q in few if q.startswith("DELETE")]
    # No check query per relation; one query checks the identity of every table of the write (issue 16).
    [select] = [q for q in few if q.startswith("SELECT")]
    assert '"PROJECTS_GOALTABLE"' in select and "JOIN" not in select
    assert len(many) == len(few)


def test_saving_over_a_table_replaces_its_rows_and_records_the_deletions():
    from indicators.models import Indicator

    fiscal_year, unit = _year_and_unit()
    table = goal_table_save_document(document=sample_document(), fiscal_year=fiscal_year, unit=unit)
    old = list(table.indicators.values_list("pk", flat=True))
    changed = sample_document()
    changed.indicators[0].name = "改过的指标"
    goal_table_save_document(document=changed, fiscal_year=fiscal_year, unit=unit, table=table)

    assert [i.name for i in table.indicators.order_by("order")][0] == "改过的指标"
    assert not Indicator.objects.filter(pk__in=old).exists()
    assert Indicator.history.filter(id__in=old, history_type="-").count() == len(old)
    assert table.history.filter(history_type="~").count() == 1


def test_many_tables_in_one_bulk_write_and_a_refused_one_names_its_position():
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from projects.services import TableWrite, TableWriteError, goal_tables_save_documents

    fiscal_year, unit = _year_and_unit()
    writes = [TableWrite(document=sample_document(name=f"项目{i}", code=f"P{i}"), fiscal_year=fiscal_year, unit=unit)
              for i in range(5)]
    tables = goal_tables_save_documents(writes=writes)
    assert [t.name for t in tables] == [f"项目{i}" for i in range(5)]
    assert all(goal_table_to_document(GoalTable.objects.get(pk=t.pk)).indicators == sample_document().indicators
               for t in tables)

    bad = sample_document(name="坏项目", code="BAD")
    bad.indicators[1].value = Decimal("1234567890123456789.5")  # more digits than the column holds
    writes = [TableWrite(document=sample_document(name="好项目", code="OK"), fiscal_year=fiscal_year, unit=unit),
              TableWrite(document=bad, fiscal_year=fiscal_year, unit=unit)]
    with pytest.raises(TableWriteError) as raised:
        goal_tables_save_documents(writes=writes)
    assert raised.value.index == 1 and "value" in raised.value.message_dict
    assert isinstance(raised.value, ValidationError)
    assert not GoalTable.objects.filter(name__in=["好项目", "坏项目"]).exists()
