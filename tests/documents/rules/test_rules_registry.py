"""The registry and the engine: stable codes, documented rules, tables of every layout left alone when well formed."""
import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from documents.rules import GROUPS, RULES, SEVERITY_LABELS, check_table, check_tables, rules_by_group

from .rulekit import ALIASES, HUNAN, LEGACY, MOF2021, clean_duty_table, clean_table, codes, findings, row

HERE = Path(__file__).parent


def test_codes_are_unique_and_stable_looking():
    all_codes = [r.code for r in RULES]
    assert len(all_codes) == len(set(all_codes))
    assert all(re.fullmatch(r"R-[A-Z]+(-[A-Z0-9]+)+", c) for c in all_codes)


def test_every_rule_is_documented_for_the_rules_page():
    for rule in RULES:
        assert rule.severity in SEVERITY_LABELS and rule.group in GROUPS
        assert rule.title and rule.reason and rule.example, rule.code
    assert sum(len(rules) for _, rules in rules_by_group()) == len(RULES)


def test_every_rule_has_its_own_tests():
    text = "".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_rules_*.py") if p.name != Path(__file__).name)
    # A rule's tests call its function by name or assert its code.
    untested = [r.code for r in RULES if r.code not in text and f"rules.{r.function.__name__}" not in text]
    assert untested == []


def test_the_rule_set_covers_what_the_issue_asks_for():
    groups = {group for group, rules in rules_by_group() if rules}
    assert groups == set(GROUPS)


def _legacy_rows():
    return [
        dataclasses.replace(r, level1="产出指标", level2="成本指标") if r.level1 == "成本指标" else r
        for r in clean_table().indicators
    ]


def _hunan_rows():
    rows = [dataclasses.replace(r, basis="", standard="计划标准") for r in _legacy_rows() if r.level1 != "满意度指标"]
    return rows + [row("效益指标", "社会公众或服务对象满意度指标", "办事群众满意度", "≥95%", basis="", standard="行业标准")]


def _list_rows():
    # The list layout: a bare number, the comparator from 方向, the direction from 指标性质.
    out = []
    for r in _legacy_rows():
        positive = r.comparator != "≤"
        out.append(
            dataclasses.replace(r, basis="", value_text=str(r.value), direction="正向" if positive else "反向")
        )
    return out


@pytest.mark.parametrize(
    "table,scheme",
    [
        (clean_table(), MOF2021),
        (clean_table(indicators=_legacy_rows(), year=2022), LEGACY),
        (clean_table(layout="hunan", fiscal_funds=None, indicators=_hunan_rows()), HUNAN),
        (clean_table(layout="list", code="", milestones=[], indicators=_list_rows(), year=2020), LEGACY),
        (
            clean_table(
                kind="overall",
                layout="overall",
                fiscal_funds=None,
                budget_total=Decimal("864.3"),
                income_general=Decimal("864.3"),
                spending_basic=Decimal("367.6"),
                spending_project=Decimal("496.7"),
                milestones=[],
                indicators=_hunan_rows(),
            ),
            HUNAN,
        ),
        (clean_duty_table(), MOF2021),
    ],
    ids=["standard-2021", "standard-legacy", "hunan", "list", "overall", "duty"],
)
def test_a_well_formed_table_of_each_layout_draws_no_finding(table, scheme):
    assert check_table(table, scheme=scheme) == []
    # …nor as part of a department's set, where the cross-table rules run too.
    assert check_tables([table, clean_duty_table()], schemes=scheme) == []


def test_findings_come_table_level_first_then_by_row():
    table = clean_table(annual_goal="", period_goal="")
    table = dataclasses.replace(table, indicators=[*table.indicators[:2], row("产出指标", "质量指标", "证件合格率", "≥100%"), *table.indicators[2:]])
    found = findings(table)
    assert codes(found) == ["R-COMPLETE-GOAL", "R-VALUE-RATE-100"]
    assert [f.row for f in found] == [None, 2]


def test_finding_json_has_exactly_the_documented_keys():
    found = findings(clean_table(annual_goal="", period_goal=""))
    assert set(found[0].to_json()) == {"rule", "severity", "table_code", "table_name", "indicator", "field", "message", "source"}
    assert found[0].to_json()["indicator"] is None


def test_schemes_per_table_must_match_the_tables():
    with pytest.raises(ValueError):
        check_tables([clean_table(), clean_table()], schemes=[MOF2021])
    assert check_tables([clean_table()], schemes=[MOF2021], aliases=[ALIASES["mof2021"]]) == []
