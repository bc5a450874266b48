import json
from pathlib import Path

import pytest

from perfgoals.documents import GoalTable as Document
from projects.demo import fiscal_year_for, load_taxonomy
from projects.models import Department, GoalTable, Unit
from projects.services import document_with_parsed_values, goal_table_save_document, goal_table_to_document
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
