"""Flat import/export of goal tables and indicators through the django-import-export resources."""
from datetime import date
from decimal import Decimal

import pytest
import tablib
from import_export.formats import base_formats

from indicators.models import Indicator, Scheme
from projects.models import Department, FiscalYear, GoalTable, Unit
from projects.transfer.indicator_resources import IndicatorResource
from projects.transfer.resources import ChineseCSV, GoalTableResource

pytestmark = pytest.mark.django_db

TABLE_FIELDS = [
    "seq", "code", "name", "kind", "layout", "title", "department_label", "budget_total", "fiscal_funds",
    "other_funds", "superior_funds", "income_general", "income_gov_fund", "income_special_nontax", "income_other",
    "spending_basic", "spending_project", "functions", "purpose", "period", "period_goal", "annual_goal",
    "milestone_unit", "filled_by", "phone", "filled_on",
]
INDICATOR_FIELDS = [
    "order", "level1", "level2", "name", "description", "comparator", "value", "unit", "value_text", "direction",
    "basis", "standard", "activity", "ref_plan", "ref_standard", "ref_standard_source", "ref_avg3", "ref_last_year",
    "ref_history_source",
]


# --- small builders -------------------------------------------------------------------------

def make_year(year=2023, scheme_code="mof2021"):
    scheme, _ = Scheme.objects.get_or_create(code=scheme_code, defaults={"name": f"体系{scheme_code}"})
    return FiscalYear.objects.create(year=year, scheme=scheme)


def make_unit(code="130001", name="青岛市行政审批服务局本级", department="青岛市行政审批服务局"):
    dept, _ = Department.objects.get_or_create(name=department, region="青岛市")
    return Unit.objects.create(department=dept, code=code, name=name)


def make_table(fiscal_year, unit, **values):
    defaults = {
        "scheme": fiscal_year.scheme,
        "code": "37020023P88002811163B",
        "name": "市民中心后勤保障经费",
        "seq": 1,
        "budget_total": Decimal("7151.00"),
        "fiscal_funds": Decimal("7151.00"),
        "purpose": "为市民中心正常运转提供后勤保障服务。",
        "annual_goal": "通过做好设备维护、停车场管理等服务，\n确保市民中心正常运行。",
    }
    defaults.update(values)
    return GoalTable.objects.create(fiscal_year=fiscal_year, unit=unit, **defaults)


def make_indicator(table, order, **values):
    defaults = {
        "level1": "产出指标", "level2": "数量指标", "name": f"指标{order}", "comparator": "≥",
        "value": Decimal("95"), "unit": "%", "value_text": "≥95%", "direction": "正向", "basis": "历史数据",
    }
    defaults.update(values)
    return Indicator.objects.create(table=table, order=order, **defaults)


def snapshot(queryset, names):
    """The named values of every row, in an order that does not depend on ids."""
    return sorted((tuple(getattr(obj, n) for n in names) for obj in queryset), key=repr)


def as_csv(dataset):
    return dataset.export("csv")


def from_csv(text):
    return tablib.Dataset().load(text, format="csv")


def run_import(resource_class, dataset, **kwargs):
    return resource_class().import_data(dataset, dry_run=False, **kwargs)


def error_texts(result):
    texts = [str(e.error) for e in result.base_errors]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            texts.extend(f"{column}|{m}" for m in messages)
    for _, errors in result.row_errors():
        texts.extend(str(e.error) for e in errors)
    return texts


@pytest.fixture
def world():
    year = make_year(2023)
    unit = make_unit()
    other_unit = make_unit("630001", "行政审批部门行政审批局本级", "山海关区行政审批部门")
    tables = [
        make_table(year, unit, seq=1, filled_on=date(2023, 1, 5), filled_by="张三", phone="0532-1234567"),
        make_table(
            year, unit, seq=2, code="", name="政务服务“一网通办”平台运维", budget_total=Decimal("0.01"),
            fiscal_funds=None, other_funds=Decimal("123456789012.34"), kind="overall", layout="overall",
            income_general=Decimal("1.10"), functions="负责行政审批；\r\n统筹政务服务。",
        ),
        make_table(year, other_unit, seq=1, code="13030322P00408910001D", name="市民中心后勤保障经费",
                   milestone_unit="percent", period="1年"),
    ]
    make_indicator(tables[0], 1, value=Decimal("7151"), comparator="≤", unit="万元", value_text="≤7151万元",
                   level1="成本指标", level2="经济成本指标", description="控制在预算内，含“引号”与,逗号")
    make_indicator(tables[0], 2, value=Decimal("0.123456"), comparator="≤", unit="小时", direction="反向")
    make_indicator(tables[0], 3, value=None, comparator="", unit="", value_text="稳步提升", direction="",
                   level1="效益指标", level2="社会效益指标", standard="好", activity="窗口服务",
                   ref_plan="95%", ref_standard="90%", ref_standard_source="省标准", ref_avg3="92%",
                   ref_last_year="93%", ref_history_source="年报")
    make_indicator(tables[1], 1, value=Decimal("98765432.123456"))
    make_indicator(tables[2], 1)
    return {"year": year, "unit": unit, "other_unit": other_unit, "tables": tables}


# --- goal tables ----------------------------------------------------------------------------

def test_goal_table_export_uses_natural_keys_and_chinese_headers(world):
    dataset = GoalTableResource().export()
    assert dataset.headers[:6] == ["年度", "单位编码", "单位名称", "序号", "项目编码", "项目名称"]
    assert {"预算数（万元）", "其中：财政资金", "表类型", "状态", "填报日期"} <= set(dataset.headers)
    first = next(r for r in (dict(zip(dataset.headers, row)) for row in dataset) if r["项目编码"] == "37020023P88002811163B")
    assert first["年度"] == 2023
    assert first["单位编码"] == "130001"
    assert first["单位名称"] == "青岛市行政审批服务局本级"
    assert first["预算数（万元）"] == "7151.00"
    assert first["表类型"] == "项目支出"
    assert first["状态"] == "草稿"


def test_goal_table_reimport_of_an_export_changes_nothing(world):
    before = snapshot(GoalTable.objects.all(), ["id", *TABLE_FIELDS, "status", "scheme_id"])
    history_before = GoalTable.history.count()

    result = run_import(GoalTableResource, from_csv(as_csv(GoalTableResource().export())))

    assert not result.has_errors() and not result.has_validation_errors(), error_texts(result)
    assert result.totals["new"] == 0 and result.totals["skip"] == 3
    assert snapshot(GoalTable.objects.all(), ["id", *TABLE_FIELDS, "status", "scheme_id"]) == before
    assert GoalTable.history.count() == history_before  # unchanged rows are skipped, not re-saved


def test_goal_table_csv_round_trip_into_an_empty_database_keeps_every_value(world):
    before = snapshot(GoalTable.objects.all(), TABLE_FIELDS)
    text = as_csv(GoalTableResource().export())
    Indicator.objects.all().delete()
    GoalTable.objects.all().delete()

    result = run_import(GoalTableResource, from_csv(text))

    assert not result.has_errors() and not result.has_validation_errors(), error_texts(result)
    after = snapshot(GoalTable.objects.all(), TABLE_FIELDS)
    assert after == before
    for row in after:
        for value in row:
            assert not isinstance(value, float)
    money = GoalTable.objects.get(name="政务服务“一网通办”平台运维")
    assert money.other_funds == Decimal("123456789012.34") and isinstance(money.other_funds, Decimal)
    assert money.functions == "负责行政审批；\r\n统筹政务服务。"


def test_goal_table_xlsx_round_trip_keeps_decimals_exact(world):
    before = snapshot(GoalTable.objects.all(), TABLE_FIELDS)
    xlsx = base_formats.XLSX()
    data = xlsx.export_data(GoalTableResource().export(force_native_type=True))
    GoalTable.objects.all().delete()

    result = run_import(GoalTableResource, xlsx.create_dataset(data))

    assert not result.has_errors() and not result.has_validation_errors(), error_texts(result)
    assert snapshot(GoalTable.objects.all(), TABLE_FIELDS) == before


def test_new_tables_are_drafts_of_the_years_scheme(world):
    other_scheme = Scheme.objects.create(code="old2019", name="旧体系")
    year = FiscalYear.objects.create(year=2022, scheme=other_scheme)
    dataset = tablib.Dataset(headers=["年度", "单位编码", "项目编码", "项目名称", "状态"])
    dataset.append(["2022年", "130001", "P1", "新项目", "审核通过"])

    result = run_import(GoalTableResource, dataset)

    assert not result.has_validation_errors(), error_texts(result)
    table = GoalTable.objects.get(name="新项目")
    assert table.fiscal_year == year and table.scheme == other_scheme
    assert table.status == GoalTable.Status.DRAFT  # the review workflow is not bypassed by an import


def test_goal_table_matches_by_code_then_by_name(world):
    unit = world["unit"]
    dataset = tablib.Dataset(headers=["年度", "单位编码", "项目编码", "项目名称", "预算数（万元）"])
    # Renamed project, same code: updates the table found by code.
    dataset.append(["2023", "130001", "37020023P88002811163B", "市民中心后勤保障经费（更名）", "8000.50"])
    # The table without a code is found by name and gets the code.
    dataset.append(["2023", "130001", "37020023P00000000001A", "政务服务“一网通办”平台运维", "1.00"])

    result = run_import(GoalTableResource, dataset)

    assert not result.has_validation_errors(), error_texts(result)
    assert result.totals["new"] == 0 and result.totals["update"] == 2
    assert GoalTable.objects.filter(unit=unit).count() == 2
    renamed = GoalTable.objects.get(code="37020023P88002811163B")
    assert renamed.name == "市民中心后勤保障经费（更名）" and renamed.budget_total == Decimal("8000.50")
    assert GoalTable.objects.get(name="政务服务“一网通办”平台运维").code == "37020023P00000000001A"


def test_same_name_with_a_different_code_is_another_project(world):
    dataset = tablib.Dataset(headers=["年度", "单位编码", "项目编码", "项目名称"])
    dataset.append(["2023", "130001", "OTHER-CODE", "市民中心后勤保障经费"])

    result = run_import(GoalTableResource, dataset)

    assert result.totals["new"] == 1, error_texts(result)
    assert GoalTable.objects.filter(unit=world["unit"], name="市民中心后勤保障经费").count() == 2


def test_unit_can_be_given_by_name_only(world):
    dataset = tablib.Dataset(headers=["年度", "单位名称", "项目名称", "预算数（万元）"])
    dataset.append(["2023", "行政审批部门行政审批局本级", "市民中心后勤保障经费", "1.00"])

    result = run_import(GoalTableResource, dataset)

    assert result.totals["update"] == 1, error_texts(result)
    table = GoalTable.objects.get(unit=world["other_unit"])
    assert table.budget_total == Decimal("1.00")
    assert table.code == "13030322P00408910001D"  # no code column: the code is kept


@pytest.mark.parametrize("typed,saved", [("1,234.5", "1234.5"), ("1234.50万元", "1234.50"), ("１，０３９．５", "1039.5"), ("12345600元", "1234.56")])
def test_money_columns_take_amounts_as_people_paste_them(world, typed, saved):
    dataset = tablib.Dataset(headers=["年度", "单位名称", "项目名称", "预算数（万元）", "其中：财政资金"])
    dataset.append(["2023", "行政审批部门行政审批局本级", "市民中心后勤保障经费", typed, typed])

    result = run_import(GoalTableResource, dataset)

    assert result.totals["update"] == 1, error_texts(result)
    table = GoalTable.objects.get(unit=world["other_unit"])
    assert (table.budget_total, table.fiscal_funds) == (Decimal(saved), Decimal(saved))


def test_bad_money_is_a_chinese_error_naming_row_and_column_and_nothing_is_written(world):
    before = snapshot(GoalTable.objects.all(), ["id", *TABLE_FIELDS])
    dataset = tablib.Dataset(headers=["年度", "单位编码", "项目编码", "项目名称", "预算数（万元）"])
    dataset.append(["2023", "130001", "NEW-1", "一个好项目", "10.00"])
    dataset.append(["2023", "130001", "37020023P88002811163B", "市民中心后勤保障经费", "abc"])

    result = run_import(GoalTableResource, dataset)

    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert list(invalid.field_specific_errors) == ["预算数（万元）"]
    [message] = invalid.field_specific_errors["预算数（万元）"]
    assert "第2行" in message and "预算数（万元）" in message and "“abc”不是金额" in message
    assert snapshot(GoalTable.objects.all(), ["id", *TABLE_FIELDS]) == before  # the good row was rolled back too


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("年度", "2031", "2031年度不存在"),
        ("年度", "二〇二三", "不是年度"),
        ("单位编码", "999999", "单位编码“999999”不存在"),
        ("表类型", "专项", "可选：项目支出、部门整体支出"),
        ("序号", "第一", "不是整数"),
        ("填报日期", "去年", "不是日期"),
        ("其他资金", "NaN", "不是金额"),
        ("其他资金", "1,5", "千位分隔符"),
        ("其中：财政资金", "1.2345678", "小数"),  # 万元 keeps six decimals (12.345678), no more
    ],
)
def test_bad_cells_are_reported_on_their_column(world, column, value, expected):
    row = {"年度": "2023", "单位编码": "130001", "项目编码": "X1", "项目名称": "新项目"}
    row[column] = value
    dataset = tablib.Dataset(headers=list(row))
    dataset.append(list(row.values()))

    result = run_import(GoalTableResource, dataset)

    assert result.has_validation_errors()
    errors = result.invalid_rows[0].field_specific_errors
    assert column in errors, errors
    assert any(expected in m and "第1行" in m for m in errors[column]), errors
    assert not GoalTable.objects.filter(name="新项目").exists()


def test_duplicate_rows_in_one_file_are_refused(world):
    dataset = tablib.Dataset(headers=["年度", "单位编码", "项目编码", "项目名称"])
    dataset.append(["2023", "130001", "D-1", "重复项目"])
    dataset.append(["2023", "130001", "D-1", "重复项目"])

    result = run_import(GoalTableResource, dataset)

    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert any("与第1行指向同一条记录" in m for ms in invalid.error_dict.values() for m in ms)
    assert not GoalTable.objects.filter(name="重复项目").exists()


def test_missing_columns_are_named_in_chinese(world):
    dataset = tablib.Dataset(headers=["单位编码", "项目编码"])
    dataset.append(["130001", "X"])

    result = run_import(GoalTableResource, dataset)

    assert result.has_errors()
    assert any("文件缺少列：年度、项目名称" in t for t in error_texts(result))
    assert GoalTable.objects.count() == 3


def test_gbk_csv_from_excel_imports(world):
    text = "年度,单位编码,项目编码,项目名称,预算数（万元）\r\n2023,130001,G-1,国产表格软件另存的项目,12.30\r\n"
    dataset = ChineseCSV().create_dataset(text.encode("gb18030"))

    result = run_import(GoalTableResource, dataset)

    assert result.totals["new"] == 1, error_texts(result)
    assert GoalTable.objects.get(code="G-1").budget_total == Decimal("12.30")


def test_csv_export_opens_in_excel_with_chinese(world):
    data = ChineseCSV().export_data(GoalTableResource().export())
    assert data.startswith("\ufeff".encode())
    assert "市民中心后勤保障经费" in data.decode("utf-8-sig")


# --- indicators -----------------------------------------------------------------------------

def test_indicator_export_names_its_table_and_has_the_columns(world):
    dataset = IndicatorResource().export()
    assert dataset.headers[:6] == ["年度", "单位编码", "单位名称", "项目编码", "项目名称", "顺序"]
    for column in ["一级指标", "二级指标", "三级指标", "指标描述", "比较符", "指标数值", "计量单位",
                   "指标值（原文）", "指标性质", "指标值确定依据"]:
        assert column in dataset.headers
    rows = [dict(zip(dataset.headers, r)) for r in dataset]
    big = next(r for r in rows if r["项目名称"] == "政务服务“一网通办”平台运维")
    assert big["指标数值"] == "98765432.123456" and big["项目编码"] == ""
    assert next(r for r in rows if r["三级指标"] == "指标1" and r["单位编码"] == "130001")["指标数值"] == "7151"


def test_indicator_reimport_of_an_export_changes_nothing(world):
    before = snapshot(Indicator.objects.all(), ["id", "table_id", *INDICATOR_FIELDS])

    result = run_import(IndicatorResource, from_csv(as_csv(IndicatorResource().export())))

    assert not result.has_errors() and not result.has_validation_errors(), error_texts(result)
    assert result.totals["new"] == 0 and result.totals["skip"] == 5
    assert snapshot(Indicator.objects.all(), ["id", "table_id", *INDICATOR_FIELDS]) == before


def test_indicator_csv_round_trip_into_empty_tables_keeps_every_value(world):
    before = snapshot(Indicator.objects.all(), ["table_id", *INDICATOR_FIELDS])
    text = as_csv(IndicatorResource().export())
    Indicator.objects.all().delete()

    result = run_import(IndicatorResource, from_csv(text))

    assert not result.has_errors() and not result.has_validation_errors(), error_texts(result)
    after = snapshot(Indicator.objects.all(), ["table_id", *INDICATOR_FIELDS])
    assert after == before
    values = [row[INDICATOR_FIELDS.index("value") + 1] for row in after]
    assert Decimal("0.123456") in values and Decimal("98765432.123456") in values
    assert all(v is None or isinstance(v, Decimal) for v in values)


def test_indicator_rows_update_by_table_and_order(world):
    table = world["tables"][0]
    dataset = tablib.Dataset(headers=["年度", "单位编码", "项目编码", "项目名称", "顺序", "三级指标", "指标数值"])
    dataset.append(["2023", "130001", table.code, table.name, "2", "平均办理时长", "0.5"])
    dataset.append(["2023", "130001", table.code, table.name, "4", "新增指标", "1"])

    result = run_import(IndicatorResource, dataset)

    assert result.totals["update"] == 1 and result.totals["new"] == 1, error_texts(result)
    assert table.indicators.count() == 4
    changed = table.indicators.get(order=2)
    assert changed.name == "平均办理时长" and changed.value == Decimal("0.5")
    assert changed.direction == "反向"  # columns not in the file are kept


def test_indicator_for_a_missing_table_or_bad_value_writes_nothing(world):
    before = snapshot(Indicator.objects.all(), ["id", "table_id", *INDICATOR_FIELDS])
    table = world["tables"][0]
    dataset = tablib.Dataset(headers=["年度", "单位编码", "项目编码", "项目名称", "顺序", "指标数值", "指标性质"])
    dataset.append(["2023", "130001", table.code, table.name, "9", "1", "正向"])
    dataset.append(["2023", "130001", "", "不存在的项目", "1", "1", "正向"])
    dataset.append(["2023", "130001", table.code, table.name, "10", "九十", "正向"])
    dataset.append(["2023", "130001", table.code, table.name, "11", "1", "向上"])
    dataset.append(["2023", "130001", table.code, table.name, "", "1", "正向"])

    result = run_import(IndicatorResource, dataset)

    by_row = {r.number: r.error_dict for r in result.invalid_rows}
    assert set(by_row) == {2, 3, 4, 5}
    assert any("找不到项目名称“不存在的项目”绩效目标表" in m for m in by_row[2]["项目名称"])
    assert any("第3行“指标数值”" in m and "“九十”不是有效的数字" in m for m in by_row[3]["指标数值"])
    assert any("可选：正向、反向" in m for m in by_row[4]["指标性质"])
    assert any("请填写指标在表内的顺序" in m for m in by_row[5]["顺序"])
    assert snapshot(Indicator.objects.all(), ["id", "table_id", *INDICATOR_FIELDS]) == before


# --- speed: bulk writes, lookups once per import, long files without the per-row diff ------------

def indicator_rows(table, orders, **values):
    headers = ["年度", "单位编码", "项目编码", "项目名称", "顺序", "三级指标", "指标数值", "指标性质"]
    dataset = tablib.Dataset(headers=headers)
    for order in orders:
        row = {"三级指标": f"指标{order}", "指标数值": "95", "指标性质": "正向", **values}
        dataset.append(["2023", table.unit.code, table.code, table.name, str(order), row["三级指标"],
                        row["指标数值"], row["指标性质"]])
    return dataset


def test_indicator_import_costs_the_same_queries_for_5_rows_as_for_60(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    table = world["tables"][0]

    def queries(first, count):
        with CaptureQueriesContext(connection) as captured:
            result = run_import(IndicatorResource, indicator_rows(table, range(first, first + count)))
        assert result.totals["new"] == count, error_texts(result)
        return len(captured)

    assert queries(100, 60) <= queries(10, 5)
    assert table.indicators.count() == 3 + 65


def test_imported_rows_are_recorded_in_history_with_the_importing_user(world, admin_user):
    table = world["tables"][0]
    result = run_import(IndicatorResource, indicator_rows(table, [7, 8]), user=admin_user)
    assert result.totals["new"] == 2, error_texts(result)
    for row in table.indicators.filter(order__in=[7, 8]):
        [record] = row.history.all()
        assert (record.history_type, record.history_user, record.name) == ("+", admin_user, row.name)

    result = run_import(IndicatorResource, indicator_rows(table, [7], 三级指标="改名的指标"), user=admin_user)
    assert result.totals["update"] == 1, error_texts(result)
    latest = table.indicators.get(order=7).history.first()
    assert (latest.history_type, latest.history_user, latest.name) == ("~", admin_user, "改名的指标")


def test_two_new_rows_for_the_same_indicator_are_refused(world):
    table = world["tables"][0]
    result = run_import(IndicatorResource, indicator_rows(table, [20, 20]))
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert any("与第1行指向同一条记录" in m for ms in invalid.error_dict.values() for m in ms)
    assert not table.indicators.filter(order=20).exists()


@pytest.mark.parametrize("diff_rows", [1000, 1], ids=["with the per-row diff", "long file without it"])
def test_reimport_of_an_unchanged_file_skips_every_row_and_a_change_is_an_update(world, monkeypatch, diff_rows):
    from projects.transfer import resources

    monkeypatch.setattr(resources, "DIFF_ROWS", diff_rows)
    before = snapshot(Indicator.objects.all(), ["id", "table_id", *INDICATOR_FIELDS])
    history = Indicator.history.count()
    text = as_csv(IndicatorResource().export())

    result = run_import(IndicatorResource, from_csv(text))
    assert result.totals["skip"] == 5 and result.totals["update"] == 0, error_texts(result)
    assert Indicator.history.count() == history

    changed = text.replace("≥95%", "≥96%", 1)
    result = run_import(IndicatorResource, from_csv(changed))
    assert result.totals["update"] == 1 and result.totals["skip"] == 4, error_texts(result)
    assert snapshot(Indicator.objects.all(), ["id", "table_id", *INDICATOR_FIELDS]) != before
    assert Indicator.objects.filter(value_text="≥96%").count() == 1


def test_goal_table_rows_of_a_long_file_update_and_skip_without_the_diff(world, monkeypatch):
    from projects.transfer import resources

    monkeypatch.setattr(resources, "DIFF_ROWS", 1)
    text = as_csv(GoalTableResource().export())
    result = run_import(GoalTableResource, from_csv(text))
    assert result.totals["skip"] == 3, error_texts(result)

    dataset = tablib.Dataset(headers=["年度", "单位编码", "项目编码", "项目名称", "预算数（万元）"])
    dataset.append(["2023", "130001", "37020023P88002811163B", "市民中心后勤保障经费", "8000.50"])
    dataset.append(["2023", "130001", "NEW-2", "长文件里的新项目", "1.00"])
    dataset.append(["2023", "130001", "NEW-2", "长文件里的新项目", "2.00"])
    result = run_import(GoalTableResource, dataset)
    assert result.has_validation_errors()  # the third row repeats the second, not yet written
    assert not GoalTable.objects.filter(code="NEW-2").exists()

    result = run_import(GoalTableResource, dataset.subset(rows=[0, 1]))
    assert (result.totals["update"], result.totals["new"]) == (1, 1), error_texts(result)
    assert GoalTable.objects.get(code="37020023P88002811163B").budget_total == Decimal("8000.50")
    assert GoalTable.objects.get(code="NEW-2").scheme == world["year"].scheme
