"""`manage.py check_tables` on the demo data: the seeds' real defects, and silence on a clean table."""
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from projects.models import Department, FiscalYear, Unit
from projects.services import goal_table_save_document
from tests.documents.rules.rulekit import clean_table

CLEAN = clean_table(code="99000023P00000000001A", name="示范局政务服务平台运维经费", department="示范局")
KEYS = {"rule", "severity", "table_code", "table_name", "indicator", "field", "message", "source"}


@pytest.fixture(scope="module")
def demo(demo_data, django_db_blocker):
    # A clean table of its own beside the demo's, for this module only.
    with django_db_blocker.unblock(), transaction.atomic():
        department = Department.objects.create(name="示范局", region="示范市")
        unit = Unit.objects.create(department=department, code="990001", name="示范局本级")
        goal_table_save_document(document=CLEAN, fiscal_year=FiscalYear.objects.get(year=2023), unit=unit)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def db_access(demo, django_db_blocker):
    with django_db_blocker.unblock():
        yield


def run(*args):
    out = io.StringIO()
    call_command("check_tables", *args, stdout=out)
    return out.getvalue()


def run_json(*args):
    return json.loads(run("--format", "json", *args))


@pytest.fixture
def everything(db_access):
    return run_json()


def test_json_is_a_list_of_findings_with_exactly_the_documented_keys(everything):
    assert everything and all(set(f) == KEYS for f in everything)
    assert {f["severity"] for f in everything} <= {"error", "warning", "info"}


def pick(found, rule, **where):
    return [f for f in found if f["rule"] == rule and all(f[k] == v for k, v in where.items())]


def test_shanhaiguan_copies_are_found_with_their_twins(everything):
    copies = pick(everything, "R-CROSS-COPY")
    names = {f["table_name"] for f in copies}
    assert {"跨省通办及省内通办网络建设及设备费", "“好差评”专业评价系统及配套设施经费"} <= names
    assert all(f["indicator"] is None and "相似度" in f["message"] for f in copies)


def test_qingdao_defects_are_found(everything):
    assert pick(everything, "R-VALUE-UNIT-KIND", indicator="全面拓展电子营业执照应用场景", table_code="37020023P13000410227X")
    assert pick(everything, "R-VALUE-COMPARATOR-MEANING", indicator="设施运维机制健全性", table_code="37020023P13000410227X")
    assert {f["indicator"] for f in pick(everything, "R-VALUE-RATE-100", table_code="37020023P88002811156A")} == {"培训合格率"}


def test_fuzhou_water_yuanjiang_cost_and_shanhaiguan_satisfaction_are_found(everything):
    assert pick(everything, "R-VALUE-COMPARATOR-MEANING", indicator="年度用水量", table_name="水电费")
    assert pick(everything, "R-MEANING-COST-NOT-MONEY", indicator="减少企业群众办事成本", table_name="新增劳务派遣人员工资")
    assert pick(everything, "R-MEANING-SATISFACTION-EMPTY", indicator="活动完成率")


def test_the_hand_written_clean_table_draws_nothing(everything, db_access):
    assert [f for f in everything if f["table_code"] == CLEAN.code] == []
    assert run_json("--unit", "990001") == []
    assert "未发现问题" in run("--unit", "990001")


def test_filters_by_year_and_unit(db_access):
    found = run_json("--year", "2023", "--unit", "130001")
    assert found and {f["table_code"][:8] for f in found} == {"37020023"}
    assert run_json("--year", "2020", "--unit", "130001") == []


def test_a_unit_is_compared_with_the_rest_of_its_department(db_access):
    # 630003's tables copy 630001's: checking 630003 alone still names the twins in 630001.
    copies = pick(run_json("--unit", "630003"), "R-CROSS-COPY")
    assert copies and any("跨省通办及省内通办网络建设及设备费" in f["message"] for f in copies)


def test_text_is_grouped_per_table_and_readable(db_access):
    text = run("--year", "2020")
    assert "福州市鼓楼区行政服务中心管理委员会" in text
    assert "10. 水电费" in text
    assert "[警告]" in text and "R-VALUE-COMPARATOR-MEANING" in text and "年度用水量" in text
    assert text.count("10. 水电费") == 1
    assert "共检查 11 张表" in text


@pytest.mark.parametrize("args,words", [(["--year", "1999"], "1999"), (["--unit", "000000"], "000000")])
def test_unknown_year_or_unit_fails_in_chinese(db_access, args, words):
    with pytest.raises(CommandError, match=words) as error:
        run(*args)
    assert "没有" in str(error.value)
