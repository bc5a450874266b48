"""Precision: every rule fires on its defect and stays silent on the nearest well-formed case.

Each rule has exactly one case here: a table with the defect (the rule must report it, and
say where it comes from and how to fix it) and a near miss without it (the rule must say
nothing).  A rule added without a case fails `test_every_rule_has_a_case`.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from documents.goaltable import Milestone
from documents.rules import RULES, check_tables, rule_by_code
from documents.rules.sources import DOCUMENTS

from .rulekit import ALIASES, SCHEMES, clean_duty_table, clean_table, with_row

T = clean_table


def _rows(table, **changes_by_index):
    for index, changes in changes_by_index.items():
        table = with_row(table, int(index.lstrip("r")), **changes)
    return table


def _copy(name, code):
    return T(name=name, code=code, annual_goal=f"完成{name}相关工作，保障设备正常运行。")


def _duty_row(**changes):
    table = clean_duty_table()
    task = table.duties[0].tasks[0]
    task.indicators[0] = dataclasses.replace(task.indicators[0], **changes)
    return table


def _legacy(table):
    rows = [
        dataclasses.replace(r, level1="产出指标", level2="成本指标") if r.level1 == "成本指标" else r
        for r in table.indicators
    ]
    return dataclasses.replace(table, indicators=rows, year=2022)


# 分值 by 财预〔2020〕10号: 产出（含成本）50, 效益 30, 满意度 10, with 预算执行率 10 set apart: 100.
FULL_MARKS = (10, 10, 10, 10, 10, 15, 15, 10)


def _scored(*weights):
    table = T()
    for index, weight in enumerate(weights):
        table = with_row(table, index, weight=None if weight is None else Decimal(weight))
    return table


# code: (scheme, table with the defect, near miss without it); a list of tables is checked as a set.
CASES = {
    "R-SCORE-TOTAL": ("mof2021", _scored(10, 10, 10, 10, 10, 15, 15, None), _scored(*FULL_MARKS)),
    "R-SCORE-SHARES": ("mof2021", _scored(10, 5, 5, 10, 10, 20, 20, 10), _scored(*FULL_MARKS)),
    "R-CROSS-COPY": (
        "mof2021",
        [_copy("设备运维经费", "P1"), _copy("平台运维经费", "P2")],
        [_copy("设备运维经费", "P1"), _rows(_copy("平台运维经费", "P2"), r1=dict(name="平台接入单位数量", value_text="≥40个"),
                                                  r2=dict(name="平台巡检次数", value_text="≥12次"))],
    ),
    "R-COMPLETE-INDICATORS": ("mof2021", T(indicators=[]), T()),
    "R-COMPLETE-NAME": ("mof2021", T(name=""), T(name="市民中心设备运维")),
    "R-COMPLETE-LEVEL1": ("mof2021", T(indicators=[r for r in T().indicators if r.level1 != "满意度指标"]), T()),
    "R-COMPLETE-OUTPUT": ("mof2021", T(indicators=[r for r in T().indicators if r.level2 != "时效指标"]), T()),
    "R-COMPLETE-LEVEL3": ("mof2021", _rows(T(), r2=dict(name="")), T()),
    "R-COMPLETE-LEVEL3-GENERIC": ("mof2021", _rows(T(), r7=dict(name="服务对象满意度指标")), T()),
    "R-COMPLETE-DUPLICATE-NAME": ("mof2021", _rows(T(), r2=dict(name="运维设备数量")), T()),
    "R-COMPLETE-DUPLICATE-DESCRIPTION": (
        "mof2021",
        _rows(T(), r2=dict(description="运维设备数量")),
        _rows(T(), r2=dict(description="全年对机房设备的巡检次数")),
    ),
    "R-COMPLETE-VALUE": ("mof2021", _rows(T(), r2=dict(value_text="")), T()),
    "R-COMPLETE-UNIT": ("mof2021", _rows(T(), r2=dict(value_text="≥24")), T()),
    "R-COMPLETE-BASIS": ("mof2021", _rows(T(), r2=dict(basis="")), T(indicators=[dataclasses.replace(r, basis="") for r in T().indicators])),
    "R-COMPLETE-GOAL": ("mof2021", T(annual_goal="", period_goal=""), T(annual_goal="", period_goal="三年内完成平台升级，系统正常运行率不低于99%。")),
    "R-COMPLETE-GOAL-NAME": ("mof2021", T(annual_goal="1.目标内容1 市民中心信息化平台运维经费"), T()),
    "R-HISTORY-BELOW": ("mof2021", _duty_row(value_text="98%", value=Decimal(98), unit="%"), clean_duty_table()),
    "R-HISTORY-UNIT": ("mof2021", _duty_row(ref_avg3="4.09万件"), clean_duty_table()),
    "R-HISTORY-LAST-YEAR": (
        "mof2021",
        _rows(T(), r7=dict(value_text="≥90%", basis="历史标准：上年实际完成96%")),
        _rows(T(), r7=dict(value_text="≥96%", basis="历史标准：上年实际完成96%")),
    ),
    "R-MEANING-SATISFACTION-OUTSIDE": ("mof2021", _rows(T(), r5=dict(name="群众满意率")), T()),
    "R-MEANING-SATISFACTION-EMPTY": ("mof2021", _rows(T(), r7=dict(name="活动完成率", description="工作顺利完成")), T()),
    "R-MEANING-COST-NOT-MONEY": ("mof2021", _rows(T(), r0=dict(value_text="≥95%")), T()),
    "R-MEANING-COST-OVER-BUDGET": ("mof2021", _rows(T(), r0=dict(value_text="≤4970万元")), T()),
    "R-MEANING-COST-UNDER-BUDGET": ("mof2021", _rows(T(), r0=dict(value_text="≤100万元")), _rows(T(), r0=dict(value_text="≤400万元"))),
    "R-MEANING-INPUT-AS-OUTPUT": (
        "mof2021",
        _rows(T(), r2=dict(name="投入人数", description="投入人数", value_text="≥20人")),
        _rows(T(), r2=dict(name="培训人数", description="参加培训的人数", value_text="≥20人")),
    ),
    "R-MONEY-SOURCES": ("mof2021", T(fiscal_funds=Decimal("400.00")), T(fiscal_funds=Decimal("397.00"), other_funds=Decimal("100.00"))),
    "R-MONEY-PLAN-DECREASE": (
        "mof2021",
        T(milestones=[Milestone("3月底", 3, Decimal(300)), Milestone("6月底", 6, Decimal(200)), Milestone("12月底", 12, Decimal(497))]),
        T(),
    ),
    "R-MONEY-PLAN-OVER": ("mof2021", T(milestones=[Milestone("12月底", 12, Decimal(600))]), T()),
    "R-MONEY-PLAN-SHORT": ("mof2021", T(milestones=[Milestone("12月底", 12, Decimal(400))]), T()),
    "R-STRUCT-LEVEL1": ("mof2021", _rows(T(), r6=dict(level1="影响指标")), T()),
    "R-STRUCT-LEVEL2": ("mof2021", _rows(T(), r7=dict(level2="社会效益指标")), T()),
    "R-STRUCT-WEIGHTS": (
        "mof2021",
        T(indicators=[dataclasses.replace(r, level1=f"{r.level1}（{w}分）") for r, w in zip(T().indicators, (20, 50, 50, 50, 50, 20, 20, 5))]),
        T(indicators=[dataclasses.replace(r, level1=f"{r.level1}（{w}分）") for r, w in zip(T().indicators, (10, 50, 50, 50, 50, 30, 30, 10))]),
    ),
    "R-VALUE-NO-NUMBER": ("mof2021", _rows(T(), r3=dict(value_text="明显提高")), _rows(T(), r6=dict(value_text="长期"))),
    "R-VALUE-VAGUE-NAME": ("mof2021", _rows(T(), r3=dict(name="提高窗口工作人员素质", description="")), T()),
    "R-VALUE-RATE-100": ("mof2021", _rows(T(), r3=dict(value_text="≥100%")), _rows(T(), r3=dict(value_text="=100%"))),
    "R-VALUE-RATE-OVER-100": ("mof2021", _rows(T(), r3=dict(value_text="≥120%")), _rows(T(), r5=dict(name="企业注册同比增长率", value_text="≥120%"))),
    "R-VALUE-UNIT-KIND": (
        "mof2021",
        _rows(T(), r2=dict(name="补贴按时发放", description="补贴按时发放到人", value_text="≥1人/年")),
        _rows(T(), r2=dict(name="补贴按时发放率", description="补贴按时发放到人", value_text="=100%")),
    ),
    "R-VALUE-LOST-COMPARATOR": ("mof2021", _rows(T(), r3=dict(value_text="290%")), _rows(T(), r3=dict(value_text="90%"))),
    "R-VALUE-FRACTION": ("mof2021", _rows(T(), r3=dict(value_text="≥0.98")), _rows(T(), r3=dict(value_text="≥98%"))),
    "R-VALUE-DIRECTION": ("mof2021", _rows(T(), r3=dict(direction="反向")), _rows(T(), r3=dict(direction="正向"))),
    "R-VALUE-COMPARATOR-MEANING": ("mof2021", _rows(T(), r3=dict(value_text="≤99%")), T()),
    "R-COMPLETE-PLACEHOLDER": (
        "mof2021",
        _rows(T(), r3=dict(value_text="≥**%")),
        _rows(T(), r3=dict(name="7×24小时系统正常运行率", value_text="≥99%")),
    ),
    "R-COMPLETE-NAME-NUMBERING": (
        "mof2021",
        _rows(T(), r2=dict(name="指标1:年度巡检次数")),
        _rows(T(), r2=dict(name="12345热线巡检次数")),
    ),
    "R-VALUE-IN-NAME": (
        "mof2021",
        _rows(T(), r1=dict(name="村组干部230人", description="培训村组干部", value_text="230人")),
        _rows(T(), r1=dict(name="“7+1”类事项网办数量", description="", value_text="≥230件")),
    ),
}


def _check(scheme, tables):
    tables = tables if isinstance(tables, list) else [tables]
    return check_tables(tables, schemes=SCHEMES[scheme], aliases=ALIASES[scheme])


def test_every_rule_has_a_case():
    assert sorted(CASES) == sorted(r.code for r in RULES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_reports_its_defect_citing_its_source_and_the_fix(code):
    scheme, bad, _ = CASES[code]
    found = [f for f in _check(scheme, bad) if f.code == code]
    assert found, f"{code} said nothing about its defect"
    for finding in found:
        assert finding.source == rule_by_code(code).source and finding.source_label in DOCUMENTS
        assert "请" in finding.message  # every message says what to do


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_is_silent_on_the_near_miss(code):
    scheme, _, good = CASES[code]
    assert [f.message for f in _check(scheme, good) if f.code == code] == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_defect_draws_no_other_warning(code):
    # A defect is reported once, by its rule: no second rule piles on with the same complaint.
    scheme, bad, _ = CASES[code]
    others = {f.code for f in _check(scheme, bad) if f.code != code and f.severity != "info"}
    allowed = _ALSO.get(code, set())
    assert others <= allowed, f"{code} also drew {others - allowed}"


# Defects that honestly break two things at once.
_ALSO = {
    "R-COMPLETE-INDICATORS": {"R-COMPLETE-LEVEL1"},  # nothing at all, so no 一级 either
    "R-MONEY-SOURCES": set(),
    "R-COMPLETE-LEVEL3": set(),
    "R-STRUCT-WEIGHTS": set(),
}


def test_legacy_cost_under_output_is_reported_once():
    found = _check("mof2021", _legacy(T()))
    assert [f.code for f in found] == ["R-STRUCT-LEVEL2"]
