"""The cross-table rule: tables of one department and year that copy each other's indicators."""
import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from documents.rules import across as rules
from documents.rules import check_tables

from .rulekit import MOF2021, clean_table, row, with_row


def twin(table, *, code, name, budget):
    """A second project whose rows were copied from `table`, cost and plan adjusted to its budget."""
    copied = with_row(table, 0, value_text=f"≤{budget}万元")
    plan = [dataclasses.replace(m, value=min(m.value, Decimal(budget))) for m in table.milestones]
    return dataclasses.replace(
        copied, code=code, name=name, budget_total=Decimal(budget), fiscal_funds=Decimal(budget), milestones=plan
    )


def test_copied_tables_of_one_department_name_each_other_with_the_similarity():
    a = clean_table()
    b = twin(a, code="37020023P88002811163B", name="市民中心后勤保障经费", budget="7151")
    found = rules.check_near_copies([a, b])
    assert [(f.code, f.table_name, f.field, f.row) for f in found] == [
        ("R-CROSS-COPY", a.name, "indicators", None),
        ("R-CROSS-COPY", b.name, "indicators", None),
    ]
    assert "《市民中心后勤保障经费》（37020023P88002811163B）" in found[0].message
    assert "相似度100%" in found[0].message


def test_rows_shuffled_between_benefit_level2s_are_still_copies():
    a = clean_table()
    b = twin(a, code="B1", name="另一项目", budget="100")
    b = with_row(b, 5, level2="经济效益指标")
    assert len(rules.check_near_copies([a, b])) == 2


def test_tables_sharing_a_few_common_rows_are_not_copies():
    a = clean_table()
    b = twin(a, code="B1", name="另一项目", budget="100")
    b = dataclasses.replace(
        b,
        indicators=[
            *b.indicators[:1],
            row("产出指标", "数量指标", "培训人次", "≥260人次"),
            row("产出指标", "质量指标", "培训合格率", "≥95%"),
            row("产出指标", "时效指标", "培训按期完成率", "≥95%"),
            *b.indicators[5:],
        ],
    )
    assert rules.check_near_copies([a, b]) == []


def test_copies_in_different_departments_or_years_are_not_compared():
    a = clean_table()
    other_department = dataclasses.replace(twin(a, code="B1", name="另一项目", budget="100"), department="沅江市行政审批服务局")
    other_year = dataclasses.replace(twin(a, code="C1", name="第三项目", budget="100"), year=2022)
    assert rules.check_near_copies([a, other_department, other_year]) == []


def test_check_tables_adds_cross_findings_to_the_right_table_and_context_is_not_reported():
    a = clean_table()
    b = twin(a, code="B1", name="另一项目", budget="100")
    assert [f.table_name for f in check_tables([a, b], schemes=MOF2021)] == [a.name, b.name]
    # Checking only `a`, with `b` as context: `a` is told about `b`, `b` is not reported.
    found = check_tables([a], schemes=[MOF2021], context=[b])
    assert [(f.code, f.table_name) for f in found] == [("R-CROSS-COPY", a.name)]


def _brute_twins(keys):
    """Every pair compared, as the rule did before it used prefix filtering."""
    found = {}
    for i, a in enumerate(keys):
        for j, b in enumerate(keys):
            shared = len(a & b)
            if i != j and shared >= rules.MIN_SHARED_ROWS and rules.similarity(a, b) >= rules.SIMILARITY_FLOOR:
                found.setdefault(i, []).append((rules.similarity(a, b), shared, j))
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sets(st.tuples(st.sampled_from("abcdefghijkl"), st.sampled_from("12")), max_size=14), max_size=12))
def test_prefix_filtering_finds_exactly_the_pairs_that_comparing_every_pair_finds(keys):
    found = {i: sorted(t, key=lambda x: x[2]) for i, t in rules._twins(keys).items()}
    assert found == _brute_twins(keys)


def test_many_distinct_tables_are_compared_in_about_linear_steps(monkeypatch):
    calls = []
    real = rules.similarity
    monkeypatch.setattr(rules, "similarity", lambda a, b: calls.append(1) or real(a, b))
    keys = [{(f"表{i}指标{k}", "≥95%") for k in range(12)} | {("满意度", "≥95%")} for i in range(2000)]
    assert rules._twins(keys) == {}
    assert len(calls) < 2000  # comparing every pair would be 2,000,000
