"""Structure rules: every row under the 一级/二级 this year's scheme gives it."""
from documents.rules import structure as rules
from documents.rules.taxonomy import Taxonomy

from .rulekit import clean_table, codes, findings, row, taxonomy, with_row, with_rows


def test_cost_as_level1_in_the_legacy_scheme_is_flagged_and_placed():
    found = rules.check_level1_in_scheme(clean_table(), taxonomy=taxonomy("legacy"))
    assert [(f.code, f.row, f.field, f.severity) for f in found] == [("R-STRUCT-LEVEL1", 0, "level1", "error")]
    assert "产出指标" in found[0].message  # where 成本指标 belongs in that scheme


def test_level1_names_without_the_suffix_or_with_spaces_are_the_same_category():
    table = with_row(clean_table(), 1, level1="产出 指标")
    table = with_row(table, 2, level1="产出")
    assert rules.check_level1_in_scheme(table, taxonomy=taxonomy()) == []


def test_a_level1_is_reported_once_however_many_rows_use_it():
    table = with_rows(clean_table(), row("绩效指标", "数量指标", "A数量", "≥1个"), row("绩效指标", "质量指标", "B合格率", "≥95%"))
    assert codes(rules.check_level1_in_scheme(table, taxonomy=taxonomy())) == ["R-STRUCT-LEVEL1"]


def test_level2_under_the_wrong_level1_is_flagged():
    table = with_row(clean_table(), 7, level1="效益指标")  # 服务对象满意度指标 under 效益
    found = rules.check_level2_under_level1(table, taxonomy=taxonomy())
    assert [(f.row, f.field) for f in found] == [(7, "level2")]
    assert "满意度指标" in found[0].message


def test_the_hunan_alias_of_satisfaction_is_accepted_under_benefit():
    rows = [r for r in clean_table().indicators if r.level1 not in ("成本指标", "满意度指标")] + [
        row("产出指标", "成本指标", "运维成本", "≤497万元"),
        row("效益指标", "社会公众或服务对象满意度", "办事群众满意度", "≥95%"),
    ]
    assert rules.check_level2_under_level1(clean_table(indicators=rows), taxonomy=taxonomy("hunan")) == []
    assert findings(clean_table(indicators=rows), scheme="hunan") == []


def test_an_empty_level2_is_flagged():
    found = rules.check_level2_under_level1(with_row(clean_table(), 3, level2=""), taxonomy=taxonomy())
    assert [(f.row, f.code) for f in found] == [(3, "R-STRUCT-LEVEL2")]


def test_without_a_scheme_nothing_is_judged():
    table = with_row(clean_table(), 7, level1="效益指标")
    assert rules.check_level2_under_level1(table, taxonomy=Taxonomy({})) == []
