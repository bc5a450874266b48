"""The rules on the five seed documents, read straight from the fixtures (no database).

These are the real defects a reviewer found by eye; the rules must find them, and must not
bury them under false alarms.
"""
import json
from pathlib import Path

import pytest

from documents.goaltable import GoalTable
from documents.rules import check_tables
from projects.services import document_with_parsed_values
from tests.documents.rules.rulekit import ALIASES, SCHEMES

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def seed_findings(stem):
    (path,) = SEEDS.glob(f"{stem}_*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    tables = [document_with_parsed_values(GoalTable.from_dict(t)) for t in data["tables"]]
    return tables, check_tables(tables, schemes=SCHEMES[data["scheme"]], aliases=ALIASES[data["scheme"]])


def having(found, code, **where):
    return [f for f in found if f.code == code and all(getattr(f, k) == v for k, v in where.items())]


def test_qingdao_coverage_in_days_and_the_capped_positive_measure_of_table_6():
    tables, found = seed_findings("000")
    six = tables[5].name
    unit = having(found, "R-VALUE-UNIT-KIND", table_name=six, indicator="全面拓展电子营业执照应用场景")
    assert len(unit) == 1 and "≥90天" in unit[0].message
    capped = having(found, "R-VALUE-COMPARATOR-MEANING", table_name=six, indicator="设施运维机制健全性")
    assert len(capped) == 1 and "≤90%" in capped[0].message
    # Table 5 files the same indicator as ≥90%: nothing to say there.
    assert having(found, "R-VALUE-UNIT-KIND", table_name=tables[4].name) == []


def test_qingdao_rates_of_at_least_100_percent():
    _, found = seed_findings("000")
    flagged = {f.indicator for f in having(found, "R-VALUE-RATE-100")}
    assert flagged == {"培训合格率", "采购验收合格率", "购买办公耗材合格率"}


def test_qingdao_draws_few_findings_and_no_errors():
    tables, found = seed_findings("000")
    assert [f for f in found if f.severity == "error"] == []
    assert len(found) <= len(tables) * 2
    assert having(found, "R-CROSS-COPY") == []


def test_shanhaiguan_tables_sharing_their_rows_word_for_word_are_named_as_twins():
    tables, found = seed_findings("001")
    copies = having(found, "R-CROSS-COPY")
    by_name = {t.name: t for t in tables}
    flagged = {f.table_name for f in copies}
    assert "跨省通办及省内通办网络建设及设备费" in flagged and "运行规范化经费" in flagged
    # Tables with their own rows (wages, procurement review) are not called copies.
    assert not flagged & {"行政审批服务中心专项补助", "政府采购评审费", "优化全区营商环境及放管服改革等重点工作经费"}
    first = next(f for f in copies if f.table_name == "跨省通办及省内通办网络建设及设备费")
    assert "相似度100%" in first.message and by_name["推动全区企业开办“一窗通，零成本，一日办”开办费"].code in first.message


def test_shanhaiguan_satisfaction_rows_that_measure_completion():
    _, found = seed_findings("001")
    empty = having(found, "R-MEANING-SATISFACTION-EMPTY")
    assert empty and {f.indicator for f in empty} == {"活动完成率"}
    assert {f.indicator for f in having(found, "R-MEANING-SATISFACTION-OUTSIDE")} == {"群众满意率"}


def test_fuzhou_water_consumption_set_as_positive_at_least():
    _, found = seed_findings("004")
    water = having(found, "R-VALUE-COMPARATOR-MEANING", indicator="年度用水量")
    assert len(water) == 1 and water[0].table_name == "水电费"
    assert "正向" in water[0].message and "≥2500立方米" in water[0].message
    # 节电量 (saving) and 系统故障率 (filed as 反向 ≤) are right as filed.
    assert having(found, "R-VALUE-COMPARATOR-MEANING", indicator="节电量") == []
    assert having(found, "R-VALUE-COMPARATOR-MEANING", indicator="系统故障率") == []


def test_yuanjiang_cost_indicators_in_percent():
    _, found = seed_findings("002")
    cost = {f.indicator for f in having(found, "R-MEANING-COST-NOT-MONEY")}
    assert {"减少企业群众办事成本", "日常运营维护费用", "消防设施覆盖率", "减少工作人员时间成本"} <= cost
    assert not cost & {"人员工资发放数", "业务培训费用", "水电缴费"}


def test_linyi_targets_below_their_references_and_references_in_another_unit():
    _, found = seed_findings("003")
    below = {f.indicator for f in having(found, "R-HISTORY-BELOW")}
    assert {"组织踏勘评审工作次数", "公共资源交易平台交易额", "主题集成服务事项数量"} <= below
    assert not below & {"月平均日活跃度", "为企业节省资金流数", "电子档案同步领取数量"}
    assert {f.indicator for f in having(found, "R-HISTORY-UNIT")} == {"企业登记全程网办率"}


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_no_seed_table_is_blocked_by_an_error(stem):
    # The seeds were accepted as filed: their defects are warnings, not errors.
    _, found = seed_findings(stem)
    assert [f for f in found if f.severity == "error"] == []
