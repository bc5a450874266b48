"""What the reviewer is told changed between two versions, and where it shows on the printed table."""
import copy
import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from documents import Duty, DutyTask, IndicatorRow, Milestone
from documents.diff import ADDED, CHANGED, REMOVED, diff_documents, row_keys
from documents.goaltable import GoalTable as Document
from documents.review_sheet import body_positions, build_sheet
from tests.projects.reviewkit import complete_document

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def seed_tables():
    for path in sorted(SEEDS.glob("*.json")):
        for data in json.loads(path.read_text(encoding="utf-8"))["tables"]:
            yield pytest.param(Document.from_dict(data), id=f"{path.stem}-{data.get('name', '')[:12]}")


def changed_cells(sheet):
    return [(c.text, c.old) for row in sheet.rows for c in row.cells if c.state == "changed"]


def test_identical_versions_have_no_changes():
    document = complete_document()
    diff = diff_documents(document, copy.deepcopy(document))
    assert diff.is_empty and diff.count == 0
    assert changed_cells(build_sheet(document, previous=document, diff=diff)) == []


def test_a_changed_value_is_one_cell_with_old_and_new():
    old = complete_document()
    new = copy.deepcopy(old)
    new.indicators[3].value_text, new.indicators[3].value = "≥95%", Decimal("95")

    diff = diff_documents(old, new)

    assert not diff.fields and not diff.milestones
    (row,) = diff.rows
    assert (row.kind, row.old_index, row.new_index, row.name) == (CHANGED, 3, 3, "服务对象满意度")
    # comparator and value are part of 指标值: one change, not three
    assert [(c.field, c.label, c.old, c.new) for c in row.cells] == [("value_text", "指标值", "≥90%", "≥95%")]
    sheet = build_sheet(new, previous=old, diff=diff)
    assert changed_cells(sheet) == [("≥95%", "≥90%")]
    assert [r.state for r in sheet.rows if r.index is not None] == ["", "", "", "changed"]


def test_a_number_changed_without_its_text_still_counts():
    old = complete_document()
    new = copy.deepcopy(old)
    new.indicators[1].value = Decimal("650")
    (row,) = diff_documents(old, new).rows
    assert [(c.field, c.old, c.new) for c in row.cells] == [("value", "600", "650")]


def test_added_and_removed_indicators():
    old = complete_document()
    new = copy.deepcopy(old)
    removed = new.indicators.pop(1)
    added = IndicatorRow("产出指标", "时效指标", "按时完成率", "按时完成率", "≥", Decimal("95"), "%", "≥95%")
    new.indicators.insert(2, added)

    diff = diff_documents(old, new)

    assert [(r.kind, r.name) for r in diff.removed] == [(REMOVED, removed.name)]
    assert [(r.kind, r.name, r.new_index) for r in diff.added] == [(ADDED, "按时完成率", 2)]
    assert diff.changed == []
    sheet = build_sheet(new, previous=old, diff=diff)
    added_row = next(r for r in sheet.rows if r.index == 2)
    assert added_row.state == "added"
    assert {c.text for c in added_row.cells if c.state == "added"} >= {"按时完成率", "≥95%"}
    # the rows that stayed are not marked, although they moved
    assert [r.state for r in sheet.rows if r.index is not None and r.index != 2] == ["", "", ""]


def test_a_renamed_indicator_is_a_change_of_its_name():
    old = complete_document()
    new = copy.deepcopy(old)
    new.indicators[1].name = "服务企业群众人数"
    diff = diff_documents(old, new)
    assert [(r.kind, [(c.field, c.old, c.new) for c in r.cells]) for r in diff.rows] == [
        (CHANGED, [("name", "服务人数", "服务企业群众人数")])
    ]


def test_header_fields_and_milestones_with_old_and_new():
    old = complete_document()
    new = copy.deepcopy(old)
    new.budget_total = Decimal("7200.00")
    new.annual_goal = "确保市民中心全年正常运行。"
    new.milestones[1] = Milestone("6月底", 6, Decimal("5200.00"))
    new.milestones.append(Milestone("11月底", 11, Decimal("7100.00")))

    diff = diff_documents(old, new)

    assert [(c.field, c.old, c.new) for c in diff.fields] == [
        ("budget_total", "7151.00", "7200.00"),
        ("annual_goal", old.annual_goal, "确保市民中心全年正常运行。"),
    ]
    assert [(c.label, c.old, c.new) for c in diff.milestones] == [
        ("资金支出计划·6月底", "5000.00", "5200.00"),
        ("资金支出计划·11月底", "", "7100.00"),
    ]
    assert diff.rows == []
    texts = [text for text, _ in changed_cells(build_sheet(new, previous=old, diff=diff))]
    assert "7200.00" in texts and "确保市民中心全年正常运行。" in texts and "5200.00" in texts


def test_same_budget_written_with_more_decimals_is_no_change():
    old = complete_document()
    new = copy.deepcopy(old)
    new.budget_total = Decimal("7151.0")
    assert diff_documents(old, new).is_empty


def test_row_keys_survive_a_value_change_and_number_repeats():
    document = complete_document()
    fixed = copy.deepcopy(document)
    fixed.indicators[3].value_text = "≥95%"
    assert row_keys(fixed) == row_keys(document)
    twice = copy.deepcopy(document)
    twice.indicators.append(copy.deepcopy(document.indicators[0]))
    keys = row_keys(twice)
    assert len(set(keys)) == len(keys) == 5


def duty_document():
    def row(name, value):
        return IndicatorRow(name=name, description=f"{name}说明", value_text=value)

    return Document(
        kind="overall",
        layout="duty",
        name="临沂市行政审批服务局部门预算整体绩效目标",
        duties=[
            Duty("1", "行政审批", [DutyTask("审批服务", "提高效率", [row("办件量", "≥10万件"), row("好评率", "≥99%")])]),
            Duty("2", "政务公开", [DutyTask("公开信息", "依法公开", [row("公开条数", "≥500条")])]),
        ],
    )


def test_duty_layout_rows_and_duty_texts():
    old = duty_document()
    new = copy.deepcopy(old)
    new.duties[1].tasks[0].indicators[0].value_text = "≥600条"
    new.duties[0].tasks[0].goal = "进一步提高效率"

    diff = diff_documents(old, new)

    assert [(c.label, c.old, c.new) for c in diff.duties] == [("职责1 第1项 职责目标", "提高效率", "进一步提高效率")]
    (row,) = diff.rows
    assert (row.new_index, row.name, row.cells[0].new) == (2, "公开条数", "≥600条")
    assert sorted(changed_cells(build_sheet(new, previous=old, diff=diff))) == [("≥600条", "≥500条"), ("进一步提高效率", "提高效率")]


def test_the_same_indicator_name_under_two_duties_is_two_rows():
    document = duty_document()
    document.duties[1].tasks[0].indicators[0].name = "办件量"
    assert len(set(row_keys(document))) == 3


@pytest.mark.parametrize("document", seed_tables())
def test_every_seed_table_maps_each_printed_row_to_its_indicator(document):
    sheet = build_sheet(document, previous=document, diff=diff_documents(document, document))
    printed = [r.index for r in sheet.rows if r.index is not None]
    assert printed == [p for p in body_positions(document) if p is not None]
    assert len(printed) == len(list(document.all_indicators())) or document.layout == "duty"
    assert changed_cells(sheet) == []


@pytest.mark.parametrize("document", [p for p in seed_tables() if list(p.values[0].all_indicators())])
def test_every_seed_table_shows_one_edited_value_on_exactly_one_cell(document):
    rows = list(document.all_indicators())
    new = copy.deepcopy(document)
    target = list(new.all_indicators())[len(rows) // 2]
    target.value_text = (target.value_text or "") + "（修改）"
    diff = diff_documents(document, new)
    assert [(r.kind, r.new_index) for r in diff.rows] == [(CHANGED, len(rows) // 2)]
    assert changed_cells(build_sheet(new, previous=document, diff=diff)) == [(target.value_text, document_value(document, len(rows) // 2))]


def document_value(document, index):
    from documents.grid import indicator_text

    return indicator_text(list(document.all_indicators())[index])


def test_diff_is_the_same_through_the_snapshot_json():
    old = complete_document()
    new = dataclasses.replace(old, indicators=[*old.indicators[:3], dataclasses.replace(old.indicators[3], value_text="≥95%")])
    round_tripped = diff_documents(Document.from_dict(old.to_dict()), Document.from_dict(new.to_dict()))
    assert round_tripped == diff_documents(old, new)
