"""The editor's services: reading the value cell, saving with row identity and history, locking."""
import dataclasses
from decimal import Decimal

import pytest
from django.utils import timezone

from documents import goaltable as doc
from indicators.models import Indicator
from projects.editor.services import (
    EditConflict,
    GridLine,
    NotEditable,
    goal_table_create,
    goal_table_update,
    lines_to_parts,
    plain_number,
    read_value_cell,
    version_of,
)
from projects.models import Duty, DutyTask, GoalTable, Milestone
from projects.selectors import goal_table_prefetch, goal_table_to_document
from projects.services import goal_table_save_document
from tests.base import make_world


def _load(table):
    return goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get())


def _fresh(table):
    return GoalTable.objects.get(pk=table.pk)


# --- the value cell --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "comparator,value,unit,previous,layout,expected",
    [
        # untouched parts keep the filed spelling
        ("≥", "95", "百分比", "≥95 百分比", "standard", ("≥", Decimal("95"), "百分比", "≥95 百分比")),
        ("", "99.7", "%", "99.70%", "duty", ("", Decimal("99.7"), "%", "99.70%")),
        # a changed number keeps the words around it
        ("", "12", "项", "本年度新增10项", "standard", ("", Decimal("12"), "项", "本年度新增12项")),
        ("≥", "100", "", "≥100 按规定时间发放", "standard", ("≥", Decimal("100"), "", "≥100 按规定时间发放")),
        ("≤", "100", "", "≥100 按规定时间发放", "standard", ("≤", Decimal("100"), "", "≤100 按规定时间发放")),
        # a new row prints the canonical form
        ("≥", "98", "%", "", "standard", ("≥", Decimal("98"), "%", "≥98%")),
        ("≥", "９８", "%", "", "standard", ("≥", Decimal("98"), "%", "≥98%")),
        # a whole value typed into the number box fills the empty parts and keeps the text
        ("", "≥95 百分比", "", "", "standard", ("≥", Decimal("95"), "百分比", "≥95 百分比")),
        ("", "本年度新增10项", "", "", "standard", ("", Decimal("10"), "项", "本年度新增10项")),
        # words are a qualitative value
        ("", "显著提升", "", "", "standard", ("", None, "", "显著提升")),
        ("", "90%-95%", "", "", "standard", ("", None, "", "90%-95%")),
        # a comparator without a number is kept for the warning
        ("≥", "", "%", "", "standard", ("≥", None, "%", "")),
        # the list layout files only the number in its 值 column
        ("=", "100", "%", "100", "list", ("=", Decimal("100"), "%", "100")),
        ("≤", "24", "小时", "24.00", "list", ("≤", Decimal("24"), "小时", "24.00")),
        ("≤", "12", "小时", "24.00", "list", ("≤", Decimal("12"), "小时", "12")),
    ],
)
def test_read_value_cell(comparator, value, unit, previous, layout, expected):
    cell = read_value_cell(comparator=comparator, value=value, unit=unit, previous_text=previous, layout=layout)
    assert (cell.comparator, cell.value, cell.unit, cell.value_text) == expected


def test_a_typed_value_then_a_chosen_comparator_prints_sensibly():
    typed = read_value_cell(comparator="", value="达到95％。", unit="", previous_text="", layout="standard")
    assert (typed.comparator, typed.value, typed.unit, typed.value_text) == ("", Decimal("95"), "%", "达到95％。")
    chosen = read_value_cell(comparator="≥", value="95", unit="%", previous_text=typed.value_text, layout="standard")
    assert (chosen.comparator, chosen.value, chosen.unit, chosen.value_text) == ("≥", Decimal("95"), "%", "≥95%")


def test_read_value_cell_rejects_an_unknown_comparator():
    with pytest.raises(ValueError, match="比较符"):
        read_value_cell(comparator="≈", value="1", unit="", previous_text="", layout="standard")


@pytest.mark.parametrize("text,expected", [("95", Decimal("95")), ("１,０００.５", Decimal("1000.5")), ("95%", None), ("", None), ("1.2.3", None)])
def test_plain_number(text, expected):
    assert plain_number(text) == expected


# --- grid lines become duties ----------------------------------------------------------------


def test_consecutive_lines_with_the_same_duty_and_task_form_one_group():
    row = doc.IndicatorRow
    lines = [
        GridLine(row=row(name="top")),
        GridLine("1", "推进网上办", "事项A", "目标A", row(name="a1")),
        GridLine("1", "推进网上办", "事项A", "目标A", row(name="a2")),
        GridLine("1", "推进网上办", "事项B", "目标B", None),  # a task without indicators yet
        GridLine("2", "便民服务", "", "目标C", row(name="c1")),
    ]
    top, duties, positions = lines_to_parts(lines)
    assert [r.name for r in top] == ["top"]
    assert [(d.seq, d.name) for d in duties] == [("1", "推进网上办"), ("2", "便民服务")]
    assert [(t.name, [r.name for r in t.indicators]) for t in duties[0].tasks] == [("事项A", ["a1", "a2"]), ("事项B", [])]
    assert positions == [0, 1, 2, 4]


# --- create ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_project_table_is_a_draft_with_the_usual_plan_points():
    world = make_world()
    table = goal_table_create(user=world.staff_a, fiscal_year=world.year, unit=world.unit_a, kind="project", name="新项目")
    assert (table.status, table.layout, table.scheme_id) == ("draft", "standard", world.year.scheme_id)
    assert [(m.label, m.month, m.value) for m in table.milestones.order_by("order")] == [
        ("3月底", 3, None), ("6月底", 6, None), ("10月底", 10, None), ("12月底", 12, None)
    ]
    assert table.history.get().history_user == world.staff_a


@pytest.mark.django_db
@pytest.mark.parametrize(
    "scheme,expected",
    [
        ("mof2021", [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("效益指标", "社会效益指标"),
                     ("满意度指标", "服务对象满意度指标"), ("成本指标", "经济成本指标")]),
        # the old scheme files 成本 under 产出
        ("legacy", [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
                    ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]),
    ],
)
def test_a_new_table_starts_with_the_skeleton_of_its_scheme(scheme, expected):
    from indicators.models import Scheme
    from projects.models import FiscalYear

    world = make_world()
    year = FiscalYear.objects.create(year=2030, scheme=Scheme.objects.get(code=scheme))
    table = goal_table_create(user=world.staff_a, fiscal_year=year, unit=world.unit_a, kind="project", name="新项目")

    rows = _load(table).indicators
    assert [(r.level1, r.level2) for r in rows] == expected
    assert all(r.name == "" and r.value is None and r.value_text == "" for r in rows)
    assert Indicator.history.filter(table_id=table.pk, history_change_reason="新建").count() == len(expected)


@pytest.mark.django_db
def test_a_duty_table_starts_without_rows():
    world = make_world()
    table = goal_table_create(user=world.staff_a, fiscal_year=world.year, unit=world.unit_a, kind="overall", layout="duty")
    assert table.indicators.count() == 0


@pytest.mark.django_db
def test_a_department_table_is_named_after_the_department_and_cannot_take_a_project_layout():
    world = make_world()
    table = goal_table_create(user=world.staff_a, fiscal_year=world.year, unit=world.unit_a, kind="overall")
    assert (table.name, table.layout, table.milestones.count()) == (world.dept_a.name, "overall", 0)
    with pytest.raises(ValueError):
        goal_table_create(user=world.staff_a, fiscal_year=world.year, unit=world.unit_a, kind="overall", layout="hunan")


# --- update ----------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    return make_world()


def _update(table, user, document, **kwargs):
    table = _fresh(table)
    return goal_table_update(table=table, user=user, document=document, expected_updated_at=table.updated_at, **kwargs)


def test_saving_the_same_document_changes_nothing(world):
    before_history = Indicator.history.count() + GoalTable.history.count()
    version = version_of(_fresh(world.table_a))
    result = _update(world.table_a, world.staff_a, _load(world.table_a))
    assert not result.changed
    assert version_of(_fresh(world.table_a)) == version
    assert Indicator.history.count() + GoalTable.history.count() == before_history


def test_a_changed_row_keeps_its_id_and_its_history_says_old_and_new(world):
    ids = list(world.table_a.indicators.order_by("order").values_list("id", flat=True))
    document = _load(world.table_a)
    document.indicators[1] = dataclasses.replace(document.indicators[1], value=Decimal("650"), value_text="≥650人")
    result = _update(world.table_a, world.staff_a, document, row_ids=ids)

    assert (result.changed, result.created, result.updated, result.deleted) == (True, 0, 1, 0)
    assert list(world.table_a.indicators.order_by("order").values_list("id", flat=True)) == ids
    latest, previous = Indicator.history.filter(id=ids[1]).order_by("-history_date")[:2]
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == ("~", world.staff_a, "在线编辑")
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes["value_text"] == ("≥600人", "≥650人")
    table = _fresh(world.table_a)
    assert table.updated_by == world.staff_a
    assert table.history.latest().history_user == world.staff_a
    assert _load(world.table_a) == document


def test_moved_added_and_deleted_rows(world):
    ids = list(world.table_a.indicators.order_by("order").values_list("id", flat=True))
    document = _load(world.table_a)
    first, second, third = document.indicators
    new = doc.IndicatorRow("效益指标", "社会效益指标", "群众办事便利度", comparator="≥", value=Decimal("90"), unit="%", value_text="≥90%")
    document.indicators = [third, new, first]
    result = _update(world.table_a, world.staff_a, document, row_ids=[ids[2], None, ids[0]])

    assert (result.created, result.updated, result.deleted, result.moved) == (1, 0, 1, 2)
    assert _load(world.table_a).indicators == [third, new, first]
    kept = list(world.table_a.indicators.order_by("order").values_list("id", flat=True))
    assert kept[0] == ids[2] and kept[2] == ids[0] and ids[1] not in kept
    deleted = Indicator.history.get(id=ids[1], history_type="-")
    assert deleted.history_user == world.staff_a


def test_rows_that_only_shift_after_a_delete_get_no_history_record(world):
    ids = list(world.table_a.indicators.order_by("order").values_list("id", flat=True))
    document = _load(world.table_a)
    document.indicators.pop(0)
    result = _update(world.table_a, world.staff_a, document, row_ids=ids[1:])

    assert (result.changed, result.updated, result.deleted, result.moved) == (True, 0, 1, 0)
    assert list(world.table_a.indicators.order_by("order").values_list("id", "order")) == [(ids[1], 0), (ids[2], 1)]
    assert not Indicator.history.filter(id__in=ids[1:], history_type="~").exists()


def test_a_stale_save_is_refused_with_who_and_when(world):
    stale = _fresh(world.table_a)
    expected = stale.updated_at
    document = _load(world.table_a)
    document.name = "第一个人的修改"
    _update(world.table_a, world.staff_a, document)

    mine = dataclasses.replace(document, name="第二个人的修改")
    with pytest.raises(EditConflict) as caught:
        goal_table_update(table=stale, user=world.admin, document=mine, expected_updated_at=expected)
    saved_at = _fresh(world.table_a).updated_at
    assert caught.value.message.startswith(f"本表已被 staff_a 于 {timezone.localtime(saved_at):%H:%M} 修改")
    assert _fresh(world.table_a).name == "第一个人的修改"

    # Knowing the newer version, the person may still choose to save theirs.
    goal_table_update(table=stale, user=world.admin, document=mine, expected_updated_at=saved_at)
    assert _fresh(world.table_a).name == "第二个人的修改"


def test_a_missing_version_counts_as_stale(world):
    with pytest.raises(EditConflict):
        goal_table_update(table=world.table_a, user=world.staff_a, document=_load(world.table_a), expected_updated_at=None)


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_submitted_and_approved_tables_are_not_edited(world, status):
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=status)
    document = _load(world.table_a)
    document.name = "改名"
    with pytest.raises(NotEditable):
        _update(world.table_a, world.staff_a, document)
    assert _fresh(world.table_a).name != "改名"


def test_plan_points_are_updated_in_place(world):
    ids = list(Milestone.objects.filter(table=world.table_a).order_by("order").values_list("id", flat=True))
    document = _load(world.table_a)
    document.milestones[1] = doc.Milestone("6月底", 6, Decimal("5200.00"))
    document.milestones.pop()
    _update(world.table_a, world.staff_a, document)
    assert list(Milestone.objects.filter(table=world.table_a).order_by("order").values_list("id", "value")) == [
        (ids[0], Decimal("2000.00")), (ids[1], Decimal("5200.00")), (ids[2], Decimal("7000.00"))
    ]
    assert Milestone.history.get(id=ids[3], history_type="-").history_user == world.staff_a


def _duty_document():
    row = doc.IndicatorRow
    return doc.GoalTable(
        kind="overall",
        layout="duty",
        name="临沂市行政审批服务局部门预算整体绩效目标",
        duties=[
            doc.Duty("1", "一窗受理", [
                doc.DutyTask("网上办", "可办率提升", [row(name="网上可办率", value_text="99.70%"), row(name="全程网办率", value_text="98.30%")]),
                doc.DutyTask("掌上办", "上线爱山东", [row(name="日活跃度", value_text="5.90%")]),
            ]),
            doc.Duty("2", "便民服务", [doc.DutyTask("", "导服", [row(name="满意度", value_text="≥95%")])]),
        ],
    )


def test_duties_are_edited_in_place_and_their_indicators_follow(world):
    table = goal_table_save_document(document=_duty_document(), fiscal_year=world.year, unit=world.unit_a)
    task_ids = list(DutyTask.objects.filter(duty__table=table).order_by("duty__order", "order").values_list("id", flat=True))
    document = _load(table)
    document.duties[0].tasks[0].goal = "可办率达到99.7%"
    moved = document.duties[0].tasks[1].indicators.pop()  # 日活跃度 moves to 便民服务, 掌上办 stays empty
    document.duties[1].tasks[0].indicators.append(moved)
    document.duties.append(doc.Duty("3", "改革创新", [doc.DutyTask("跨省通办", "", [doc.IndicatorRow(name="跨省通办事项数", value_text="≥100项")])]))
    _update(table, world.staff_a, document)

    assert _load(table) == document
    assert list(DutyTask.objects.filter(duty__table=table).order_by("duty__order", "order").values_list("id", flat=True))[:3] == task_ids
    assert Duty.objects.filter(table=table).count() == 3

    document.duties = document.duties[:1]
    document.duties[0].tasks = document.duties[0].tasks[:1]
    _update(table, world.staff_a, document)
    assert _load(table) == document
    assert DutyTask.objects.filter(duty__table=table).count() == 1
    assert Indicator.objects.filter(table=table).count() == 2


def test_a_carried_budget_stays_marked_until_confirmed_or_changed(world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(budget_carried=True)

    _update(world.table_a, world.staff_a, dataclasses.replace(_load(world.table_a), purpose="新的用途"))
    assert _fresh(world.table_a).budget_carried  # other edits leave the mark

    result = _update(world.table_a, world.staff_a, _load(world.table_a), budget_confirmed=True)
    assert result.changed and not _fresh(world.table_a).budget_carried

    GoalTable.objects.filter(pk=world.table_a.pk).update(budget_carried=True)
    _update(world.table_a, world.staff_a, dataclasses.replace(_load(world.table_a), budget_total=Decimal("7200.00")))
    assert not _fresh(world.table_a).budget_carried
