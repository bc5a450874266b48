"""Monitoring rounds and self-evaluations through their services and pages."""
import datetime
import re
from decimal import Decimal as D

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse

from projects.evaluation import services
from projects.models import FiscalYear, GoalTable, MonitoringReport, SelfEvaluation
from tests.base import PASSWORD, make_world

pytestmark = pytest.mark.django_db
APPROVED = GoalTable.Status.APPROVED


@pytest.fixture
def world():
    world = make_world()
    GoalTable.objects.filter(pk__in=[world.table_a.pk, world.table_b.pk]).update(status=APPROVED)
    world.table_a.refresh_from_db()
    # 成本 ≤7151万元 (20 points), 服务人数 ≥600人 (30), 满意度 ≥90% (40); 预算执行 10.
    for indicator, weight in zip(world.table_a.indicators.order_by("order"), (20, 30, 40)):
        indicator.weight = D(weight)
        indicator.save()
    return world


def login(client, user):
    # django-axes needs the request to count attempts: the test client's login passes a bare one
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)
    return client


def july_round(world):
    return services.monitoring_round_open(fiscal_year=world.year, as_of=datetime.date(2023, 7, 31), user=world.admin)


def lines_of(table, **by_name):
    return {i.pk: by_name[i.name] for i in table.indicators.all() if i.name in by_name}


# --- monitoring ---------------------------------------------------------------------------------


def test_a_round_is_named_by_its_date_and_opens_once(world):
    round_ = july_round(world)
    assert round_.title == "截至7月31日"
    with pytest.raises(ValidationError) as error:
        july_round(world)
    assert "已经开启" in str(error.value)
    with pytest.raises(ValidationError):
        services.monitoring_round_open(fiscal_year=world.year, as_of=datetime.date(2024, 1, 31), user=world.admin)


def test_staff_report_shows_execution_against_time_and_flags_an_unexplained_deviation(world):
    round_ = july_round(world)
    table = world.table_a
    # 7151 budget, 2000 executed by July: 27.968% ÷ 58.333% = 47.945% → 47.95%, red (below 60%).
    report = services.monitoring_report_save(
        round_=round_, table=table, user=world.staff_a, executed=D(2000),
        lines=lines_of(table, 服务人数=services.LineInput(value_so_far="300人", expected="450人")),
    )
    assessment = services.monitoring_assess(round_=round_, table=table, report=report)
    assert (assessment.execution.colour, assessment.execution.against_time) == ("red", D("47.95"))
    assert [v.indicator.name for v in assessment.flagged] == ["服务人数"]  # 450 is 25% below ≥600
    services.monitoring_report_save(
        round_=round_, table=table, user=world.staff_a, executed=D(2000),
        lines=lines_of(table, 服务人数=services.LineInput(expected="450人", reason="疫情影响", measure="下半年加开窗口")),
    )
    assert services.monitoring_assess(round_=round_, table=table, report=report).flagged == []


def test_overview_by_department_counts_colours_for_the_reviewer_only_of_their_departments(world):
    round_ = july_round(world)
    services.monitoring_report_save(round_=round_, table=world.table_a, user=world.staff_a, executed=D(5000), lines={})
    rows = services.monitoring_overview(round_=round_, user=world.reviewer)
    assert [(r.department, r.tables, r.filled, r.colours["green"]) for r in rows] == [("青岛市行政审批服务局", 1, 1, 1)]
    assert len(services.monitoring_overview(round_=round_, user=world.admin)) == 2


def test_only_staff_of_the_unit_fill_and_only_approved_tables(world):
    round_ = july_round(world)
    with pytest.raises(PermissionDenied):
        services.monitoring_report_save(round_=round_, table=world.table_a, user=world.reviewer, executed=D(1), lines={})
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.DRAFT)
    world.table_a.refresh_from_db()
    with pytest.raises(ValidationError):
        services.monitoring_report_save(round_=round_, table=world.table_a, user=world.staff_a, executed=D(1), lines={})
    assert MonitoringReport.objects.count() == 0


def test_the_services_alone_decide_which_tables_have_a_report_and_a_self_evaluation(world):
    round_ = july_round(world)
    assert services.monitoring_report_for(round_=round_, table=world.table_a).pk is None
    next_year = services.monitoring_round_open(
        fiscal_year=FiscalYear.objects.create(year=2024, scheme=world.year.scheme), as_of=datetime.date(2024, 7, 31), user=world.admin
    )
    with pytest.raises(services.NotInEvaluation, match="不在本轮运行监控中"):
        services.monitoring_report_for(round_=next_year, table=world.table_a)
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.SUBMITTED)
    world.table_a.refresh_from_db()
    with pytest.raises(services.NotInEvaluation, match="不在本轮运行监控中"):
        services.monitoring_report_for(round_=round_, table=world.table_a)
    with pytest.raises(services.NotInEvaluation, match="审核通过的表才有绩效自评"):
        services.self_evaluation_for(world.table_a)


def test_monitoring_page_saves_and_keeps_typed_text_on_an_error(client, world):
    round_ = july_round(world)
    login(client, world.staff_a)
    url = reverse("monitoring_report", args=[round_.pk, world.table_a.pk])
    people = world.table_a.indicators.get(name="服务人数")
    response = client.post(url, {"executed": "不是数字", f"line-{people.pk}-expected": "450人", f"line-{people.pk}-reason": "",
                                 f"line-{people.pk}-value_so_far": "", f"line-{people.pk}-measure": ""})
    assert response.status_code == 400
    assert "450人" in response.content.decode()
    assert MonitoringReport.objects.count() == 0
    response = client.post(url, {"executed": "3000", f"line-{people.pk}-expected": "450人", f"line-{people.pk}-reason": "",
                                 f"line-{people.pk}-value_so_far": "300人", f"line-{people.pk}-measure": ""})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "预计偏离目标，请写明原因" in page
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(client.get(reverse("monitoring_download", args=[round_.pk, world.table_a.pk, "xlsx"])).content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert ["产出指标", "数量指标", "服务人数", "≥600人", "300人", "450人", None, None, None] in [list(r) for r in rows]


def test_wrong_persona_gets_404_on_every_monitoring_page(client, world):
    round_ = july_round(world)
    login(client, world.staff_b)
    for url in (reverse("monitoring_report", args=[round_.pk, world.table_a.pk]),
                reverse("monitoring_download", args=[round_.pk, world.table_a.pk, "docx"])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("monitoring_rounds"), {"fiscal_year": world.year.pk, "as_of": "2023-06-30"}).status_code == 404
    # The reviewer reads but cannot write.
    login(client, world.reviewer)
    url = reverse("monitoring_report", args=[round_.pk, world.table_a.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"executed": "1"}).status_code == 404
    assert MonitoringReport.objects.count() == 0


@pytest.mark.parametrize("extra_tables", [0, 12])
def test_round_page_has_an_absolute_query_budget_whatever_the_number_of_tables(client, world, extra_tables, django_assert_max_num_queries):
    from projects.services import goal_table_save_document
    from tests.base import sample_document

    round_ = july_round(world)
    for n in range(extra_tables):
        table = goal_table_save_document(document=sample_document(name=f"项目{n}", code=f"P{n}"), fiscal_year=world.year, unit=world.unit_a)
        GoalTable.objects.filter(pk=table.pk).update(status=APPROVED)
        table.status = APPROVED
        services.monitoring_report_save(round_=round_, table=table, user=world.staff_a, executed=D(n * 100), lines={})
    login(client, world.admin)
    with django_assert_max_num_queries(12):  # with which of the page's tables the visitor fills in
        response = client.get(reverse("monitoring_round", args=[round_.pk]))
    assert response.status_code == 200
    assert response.content.decode().count(f"monitoring/{round_.pk}/tables/") == 2 + extra_tables


# --- self-evaluation ----------------------------------------------------------------------------


def evaluation_lines(table, **actuals):
    return lines_of(table, **{name: services.EvaluationInput(**values) for name, values in actuals.items()})


def test_self_evaluation_scores_the_worked_example(world):
    table = world.table_a
    # 成本 ≤7151, spent 7000 → full 20; 服务人数 ≥600, 540 → 540 ÷ 600 × 30 = 27;
    # 满意度 ≥90%, 95% → 40; budget 7151 executed 6435.9 → 90% × 10 = 9. Total 96 → 优.
    evaluation = services.self_evaluation_save(
        table=table, user=world.staff_a, budget_initial=D(7151), budget_full_year=D(7151), executed=D("6435.9"),
        lines=evaluation_lines(table, 后勤保障预算控制数={"actual_text": "7000万元"},
                               服务人数={"actual_text": "540人", "reason": "部分服务延至次年"},
                               服务对象满意度={"actual_text": "95%"}),
    )
    sheet = services.self_evaluation_score(table=table, evaluation=evaluation)
    assert [v.score.value for v in sheet.lines] == [D("20.00"), D("27.00"), D("40.00")]
    assert sheet.budget.value == D("9.00")
    assert (sheet.total, sheet.grade) == (D("96.00"), "优")


def test_a_missed_target_needs_a_reason_and_nothing_is_saved_without_one(world):
    table = world.table_a
    with pytest.raises(ValidationError) as error:
        services.self_evaluation_save(
            table=table, user=world.staff_a, budget_initial=None, budget_full_year=D(7151), executed=D(7000),
            lines=evaluation_lines(table, 服务人数={"actual_text": "540人"}),
        )
    assert "“服务人数”未完成目标" in str(error.value)
    assert SelfEvaluation.objects.count() == 0


def test_self_evaluation_page_and_its_documents(client, world):
    table = world.table_a
    login(client, world.staff_a)
    url = reverse("self_evaluation", args=[table.pk])
    people = table.indicators.get(name="服务人数")
    data = {"budget_full_year": "7151", "executed": "7151", f"line-{people.pk}-actual_text": "540人", f"line-{people.pk}-reason": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "540人" in response.content.decode()
    data[f"line-{people.pk}-reason"] = "部分服务延至次年"
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "540 ÷ 指标值 600 × 分值 30 = 27.00" in page
    word = docx.Document(__import__("io").BytesIO(client.get(reverse("self_evaluation_download", args=[table.pk, "docx"])).content))
    grid = word.tables[1]
    assert [c.text for c in grid.rows[0].cells] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert ["产出指标", "数量指标", "服务人数", "≥600人", "540人", "30", "27.00", "部分服务延至次年"] in [[c.text for c in r.cells] for r in grid.rows]


def test_wrong_persona_gets_404_on_self_evaluation(client, world):
    login(client, world.staff_b)
    assert client.get(reverse("self_evaluation", args=[world.table_a.pk])).status_code == 404
    assert client.get(reverse("self_evaluation_download", args=[world.table_a.pk, "xlsx"])).status_code == 404
    login(client, world.reviewer)
    assert client.post(reverse("self_evaluation", args=[world.table_a.pk]), {"executed": "1"}).status_code == 404


def test_rollover_carries_last_years_actual_values_as_the_new_上年值(world):
    from projects.transfer.rollover import rollover

    table = world.table_a
    services.self_evaluation_save(
        table=table, user=world.staff_a, budget_initial=None, budget_full_year=D(7151), executed=D(7151),
        lines=evaluation_lines(table, 服务人数={"actual_text": "640人"}),
    )
    rollover(from_year=2023, to_year=2024, table_ids=[table.pk], user=world.admin)
    new = GoalTable.objects.get(fiscal_year__year=2024)
    last_year = {i.name: i.ref_last_year for i in new.indicators.all()}
    # The actual where one was filed; the old target where none was.
    assert last_year == {"服务人数": "640人", "后勤保障预算控制数": "≤7151万元", "服务对象满意度": "≥90%"}


def test_what_was_filed_survives_the_table_being_saved_again(world):
    """Saving a table rewrites its indicator rows; monitoring and self-evaluation lines find them again."""
    from projects.selectors import goal_table_prefetch, goal_table_to_document
    from projects.services import goal_table_save_document

    round_ = july_round(world)
    table = world.table_a
    services.monitoring_report_save(round_=round_, table=table, user=world.staff_a, executed=D(1),
                                    lines=lines_of(table, 服务人数=services.LineInput(expected="700人")))
    services.self_evaluation_save(table=table, user=world.staff_a, budget_initial=None, budget_full_year=None, executed=None,
                                  lines=evaluation_lines(table, 服务人数={"actual_text": "650人"}))
    document = goal_table_to_document(goal_table_prefetch(GoalTable.objects.filter(pk=table.pk)).get())
    goal_table_save_document(document=document, fiscal_year=world.year, unit=world.unit_a, table=table)
    report = MonitoringReport.objects.get()
    people = [v for v in services.monitoring_assess(round_=round_, table=table, report=report).lines if v.indicator.name == "服务人数"]
    assert people[0].line.expected == "700人"
    sheet = services.self_evaluation_score(table=table, evaluation=SelfEvaluation.objects.get())
    assert [v.line.actual_text for v in sheet.lines if v.indicator.name == "服务人数"] == ["650人"]


def test_the_schemes_shares_and_grade_bands_are_used_and_can_be_changed(world):
    table = world.table_a
    # The world's weights are 20 + 30 + 40 = 90 with 10 for budget: 产出+成本 50 as required,
    # but 满意度 40 where the 2021 scheme asks 10 and no 效益 row.
    evaluation = services.self_evaluation_for(table)
    sheet = services.self_evaluation_score(table=table, evaluation=evaluation)
    assert sheet.weight_problems == ["满意度指标的分值合计 40，应为 10。"]
    scheme = table.scheme
    scheme.weight_satisfaction, scheme.weight_benefit, scheme.grade_excellent = D(40), D(0), D(97)
    scheme.save()
    table.refresh_from_db()
    assert services.self_evaluation_score(table=table, evaluation=evaluation).weight_problems == []
    evaluation = services.self_evaluation_save(
        table=table, user=world.staff_a, budget_initial=None, budget_full_year=D(100), executed=D(100),
        lines=evaluation_lines(table, 后勤保障预算控制数={"actual_text": "7000万元"}, 服务人数={"actual_text": "600人"},
                               服务对象满意度={"actual_text": "89%", "reason": "窗口改造期间等候时间长"}),
    )
    sheet = services.self_evaluation_score(table=table, evaluation=evaluation)
    # 89 ÷ 90 × 40 = 39.56; total 20 + 30 + 39.56 + 10 = 99.56 ≥ 97 → 优 with the raised threshold.
    assert (sheet.total, sheet.grade) == (D("99.56"), "优")
    scheme.grade_excellent = D("99.6")
    scheme.save()
    table.refresh_from_db()
    assert services.self_evaluation_score(table=table, evaluation=evaluation).grade == "良"


def test_an_imported_自评表_seeds_the_self_evaluation_and_long_term_rows_are_not_scored(world):
    from indicators.models import Indicator

    table = world.table_a
    people = table.indicators.get(name="服务人数")
    people.actual_value_text, people.deviation_reason = "580人", "年底集中办理"
    people.save()
    Indicator.objects.create(table=table, order=99, level1="产出指标", level2="数量指标", name="三年累计服务人数",
                             value_text="≥2000人", comparator="≥", value=D(2000), unit="人", term="长期")
    GoalTable.objects.filter(pk=table.pk).update(budget_executed=D("7000"), annual_goal_actual="基本完成")
    table.refresh_from_db()
    evaluation = services.self_evaluation_for(table)
    assert (evaluation.executed, evaluation.outcome) == (D("7000"), "基本完成")
    sheet = services.self_evaluation_score(table=table, evaluation=evaluation)
    assert [v.indicator.name for v in sheet.lines] == ["后勤保障预算控制数", "服务人数", "服务对象满意度"]
    assert [(v.line.actual_text, v.line.reason) for v in sheet.lines if v.indicator.name == "服务人数"] == [("580人", "年底集中办理")]


def test_next_years_row_takes_an_imported_actual_as_上年值_and_leaves_last_years_results_behind():
    from documents import IndicatorRow
    from documents.rollover import next_year_row

    row = IndicatorRow("产出指标", "数量指标", "服务人数", "", "≥", D(600), "人", "≥600人",
                       actual_value_text="640人", score=D(30), deviation_reason="无")
    new = next_year_row(row)
    assert (new.ref_last_year, new.actual_value_text, new.score, new.deviation_reason) == ("640人", "", None, "")
    assert next_year_row(row, "650人").ref_last_year == "650人"


def test_opening_a_round_twice_from_the_page_is_told_in_chinese(client, world):
    login(client, world.admin)
    data = {"fiscal_year": world.year.pk, "as_of": "2023-07-31", "title": "", "red_below": "60", "yellow_below": "80",
            "deviation_limit": "15"}
    assert client.post(reverse("monitoring_rounds"), data).status_code == 302
    response = client.post(reverse("monitoring_rounds"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "already exists" not in page
    assert "已经存在" not in page
    assert "2023 年度截至 7月31日 的运行监控已经开启，不能重复开启。" in page


def test_a_qualitative_share_outside_its_band_is_refused_not_saved_unscored(world):
    table = world.table_a
    satisfaction = table.indicators.get(name="服务对象满意度")
    satisfaction.value, satisfaction.comparator, satisfaction.value_text = None, "", "群众满意"
    satisfaction.save()
    with pytest.raises(ValidationError) as error:
        services.self_evaluation_save(
            table=table, user=world.staff_a, budget_initial=None, budget_full_year=D(7151), executed=D(7151),
            lines=evaluation_lines(table, 服务对象满意度={"band": "部分达成年度指标并具有一定效果", "band_share": D(95)}),
        )
    assert "“服务对象满意度”" in str(error.value)
    assert "60%–80%" in str(error.value)
    assert SelfEvaluation.objects.count() == 0


def test_a_quantitative_actual_without_a_number_can_be_scored_by_a_band_as_the_page_says(client, world):
    table = world.table_a
    login(client, world.staff_a)
    url = reverse("self_evaluation", args=[table.pk])
    people = table.indicators.get(name="服务人数")
    data = {"budget_full_year": "7151", "executed": "7151", f"line-{people.pk}-actual_text": "全部完成",
            f"line-{people.pk}-band": "", f"line-{people.pk}-reason": ""}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "或选择定性档次" in page
    assert f'<select name="line-{people.pk}-band"' in page
    data[f"line-{people.pk}-actual_text"] = "9" * 30  # too large: a band would not help, so none is offered
    assert client.post(url, data).status_code == 302
    assert f'<select name="line-{people.pk}-band"' not in client.get(url).content.decode()
    data[f"line-{people.pk}-actual_text"] = "全部完成"
    data[f"line-{people.pk}-band"] = "达成年度指标"
    assert client.post(url, data).status_code == 302
    sheet = services.self_evaluation_score(table=table, evaluation=SelfEvaluation.objects.get(table=table))
    assert [v.score.value for v in sheet.lines if v.indicator.pk == people.pk] == [D("30.00")]


def test_a_duty_layout_table_shows_each_indicators_duty_and_task_where_the_levels_are_empty(client, world):
    from projects.models import Duty, DutyTask
    table = world.table_a
    duty = Duty.objects.create(table=table, seq="1", name="政务服务")
    task = DutyTask.objects.create(duty=duty, name="推进网上办", goal="事项全部网办")
    people = table.indicators.get(name="服务人数")
    people.level1, people.level2, people.duty_task = "", "", task
    people.save()
    login(client, world.staff_a)
    page = client.get(reverse("self_evaluation", args=[table.pk])).content.decode()
    assert "<td>1 政务服务</td><td>推进网上办</td><td>服务人数</td>" in page
    round_ = july_round(world)
    page = client.get(reverse("monitoring_report", args=[round_.pk, table.pk])).content.decode()
    assert "<td>1 政务服务</td><td>推进网上办</td><td>服务人数</td>" in page
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(client.get(reverse("self_evaluation_download", args=[table.pk, "xlsx"])).content)).active
    assert ("1 政务服务", "推进网上办", "服务人数") in [row[:3] for row in sheet.iter_rows(values_only=True)]


def test_a_table_without_indicators_gets_no_total_or_grade_from_its_budget_score_alone(world):
    table = world.table_a
    table.indicators.all().delete()
    evaluation = services.self_evaluation_save(
        table=table, user=world.staff_a, budget_initial=None, budget_full_year=D(7151), executed=D(7151), lines={},
    )
    sheet = services.self_evaluation_score(table=table, evaluation=evaluation)
    assert sheet.budget.value == D("10.00")
    assert (sheet.total, sheet.grade) == (None, "")
    assert any("没有绩效指标" in problem for problem in sheet.weight_problems)


def test_a_table_without_budget_says_why_it_has_no_execution_progress(client, world):
    GoalTable.objects.filter(pk=world.table_a.pk).update(budget_total=None)
    round_ = july_round(world)
    login(client, world.staff_a)
    url = reverse("monitoring_report", args=[round_.pk, world.table_a.pk])
    assert client.post(url, {"executed": "100"}).status_code == 302
    page = client.get(url).content.decode()
    assert "表中没有预算数，无法计算执行进度" in page


def test_a_share_that_is_not_a_number_is_kept_as_typed_after_the_error(client, world):
    table = world.table_a
    satisfaction = table.indicators.get(name="服务对象满意度")
    satisfaction.value, satisfaction.comparator, satisfaction.value_text = None, "", "群众满意"
    satisfaction.save()
    login(client, world.staff_a)
    prefix = f"line-{satisfaction.pk}-"
    response = client.post(reverse("self_evaluation", args=[table.pk]), {
        "budget_full_year": "7151", "executed": "7151", prefix + "actual_text": "", prefix + "band": "达成年度指标",
        prefix + "band_share": "九十", prefix + "reason": "",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "得分比例“九十”应是 0–100 之间的数" in page
    assert f'name="{prefix}band_share" value="九十"' in page


def test_an_unscored_budget_and_total_read_as_a_dash_in_the_downloads(client, world):
    table = world.table_a
    login(client, world.staff_a)
    content = client.get(reverse("self_evaluation_download", args=[table.pk, "xlsx"])).content
    rows = list(openpyxl.load_workbook(__import__("io").BytesIO(content)).active.iter_rows(values_only=True))
    cells = {row[0]: row[1] for row in rows}
    assert cells["预算执行率得分"] == "— / 10"
    score_column = next(row for row in rows if row[0] == "一级指标").index("得分")
    assert [row[score_column] for row in rows if row[0] == "总分"] == ["—"]


def test_the_total_stands_under_the_score_column_in_both_downloads(client, world):
    table = world.table_a
    services.self_evaluation_save(
        table=table, user=world.staff_a, budget_initial=D(7151), budget_full_year=D(7151), executed=D("6435.9"),
        lines=evaluation_lines(table, 后勤保障预算控制数={"actual_text": "7000万元"},
                               服务人数={"actual_text": "540人", "reason": "部分服务延至次年"},
                               服务对象满意度={"actual_text": "95%"}),
    )
    login(client, world.staff_a)
    io = __import__("io")
    rows = list(openpyxl.load_workbook(io.BytesIO(client.get(reverse("self_evaluation_download", args=[table.pk, "xlsx"])).content)).active.iter_rows(values_only=True))
    score_column = next(row for row in rows if row[0] == "一级指标").index("得分")
    assert next(row for row in rows if row[0] == "总分")[score_column] == "96.00"
    assert next(row for row in rows if row[0] == "评价等级")[score_column] == "优"
    grid = docx.Document(io.BytesIO(client.get(reverse("self_evaluation_download", args=[table.pk, "docx"])).content)).tables[1]
    score_column = [c.text for c in grid.rows[0].cells].index("得分")
    total_row = next(r for r in grid.rows if r.cells[0].text == "总分")
    assert total_row.cells[score_column].text == "96.00"


def test_after_an_error_the_monitoring_page_flags_deviations_of_what_was_typed(client, world):
    round_ = july_round(world)
    login(client, world.staff_a)
    url = reverse("monitoring_report", args=[round_.pk, world.table_a.pk])
    people = world.table_a.indicators.get(name="服务人数")
    response = client.post(url, {"executed": "不是数字", f"line-{people.pk}-expected": "450人", f"line-{people.pk}-reason": "",
                                 f"line-{people.pk}-value_so_far": "", f"line-{people.pk}-measure": ""})
    assert response.status_code == 400
    assert "预计偏离目标，请写明原因" in response.content.decode()


def test_saving_into_a_round_closed_meanwhile_is_told_not_a_404(client, world):
    round_ = july_round(world)
    login(client, world.staff_a)
    url = reverse("monitoring_report", args=[round_.pk, world.table_a.pk])
    assert client.get(url).status_code == 200
    round_.is_open = False
    round_.save()
    response = client.post(url, {"executed": "100"}, follow=True)
    assert response.status_code == 200
    assert "的运行监控已关闭，不能再修改" in response.content.decode()
    assert MonitoringReport.objects.count() == 0


def test_saving_a_self_evaluation_of_a_table_returned_meanwhile_is_told_not_a_404(client, world):
    login(client, world.staff_a)
    url = reverse("self_evaluation", args=[world.table_a.pk])
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.RETURNED)
    response = client.post(url, {"executed": "100"}, follow=True)
    assert response.status_code == 200
    assert "不再是审核通过状态" in response.content.decode()
    assert SelfEvaluation.objects.count() == 0
    assert client.get(url).status_code == 404


def test_a_double_submit_that_loses_the_race_is_told_not_a_server_error(world, monkeypatch):
    table = world.table_a
    services.self_evaluation_save(table=table, user=world.staff_a, budget_initial=None, budget_full_year=D(7151),
                                  executed=D(7151), lines={})
    # What the second of two simultaneous submissions saw: no self-evaluation yet.
    stale = services.self_evaluation_for
    monkeypatch.setattr(services, "self_evaluation_for", lambda t: SelfEvaluation(table=t, budget_weight=D(10)))
    with pytest.raises(ValidationError) as error:
        services.self_evaluation_save(table=table, user=world.staff_a, budget_initial=None, budget_full_year=D(7151),
                                      executed=D(7000), lines={})
    assert "刚刚由另一次提交保存" in str(error.value)
    monkeypatch.setattr(services, "self_evaluation_for", stale)
    round_ = july_round(world)
    services.monitoring_report_save(round_=round_, table=table, user=world.staff_a, executed=D(1), lines={})
    monkeypatch.setattr(services, "monitoring_report_for", lambda round_, table: MonitoringReport(round=round_, table=table))
    with pytest.raises(ValidationError) as error:
        services.monitoring_report_save(round_=round_, table=table, user=world.staff_a, executed=D(2), lines={})
    assert "刚刚由另一次提交保存" in str(error.value)


def test_the_scoring_standard_filed_with_the_goal_is_shown_where_the_score_is_given(client, world):
    table = world.table_a
    table.indicators.filter(name="服务人数").update(scoring_standard="达到600人得满分，每少10人扣1分",
                                                 data_source="窗口服务登记台账")
    login(client, world.staff_a)
    page = client.get(reverse("self_evaluation", args=[table.pk])).content.decode()
    row = page[page.index("<td>服务人数"):]
    row = row[: row.index("</tr>")]
    assert "评（扣）分标准：达到600人得满分，每少10人扣1分" in row and "数据来源：窗口服务登记台账" in row


def test_a_departments_execution_is_weighed_against_the_tables_that_reported_not_all(world):
    """Two approved tables of 7151 万元 in one department, one reported 5000 by July: the department is
    at 5000 ÷ 7151 = 69.92 % of its reported budget, 119.86 % of time progress (green), not 60 % (yellow)."""
    from projects.services import goal_table_save_document
    from tests.base import sample_document

    other = goal_table_save_document(document=sample_document(name="另一个项目", code="P-OTHER"),
                                     fiscal_year=world.year, unit=world.unit_a)
    GoalTable.objects.filter(pk=other.pk).update(status=APPROVED)
    round_ = july_round(world)
    services.monitoring_report_save(round_=round_, table=world.table_a, user=world.staff_a, executed=D(5000), lines={})
    (row,) = services.monitoring_overview(round_=round_, user=world.reviewer)
    assert (row.tables, row.filled, row.reported, row.budget, row.reported_budget) == (2, 1, 1, D("14302.00"), D("7151.00"))
    assert (row.execution.colour, row.execution.against_time) == ("green", D("119.86"))


def test_a_table_filed_without_weights_is_scored_with_the_weights_given_at_the_self_evaluation(client, world):
    """Most tables were filed without 分值 (the seeds have none): the self-evaluation gives them, as the
    自评表 has a 分值 column.  服务人数 ≥600人, 540 done, 分值 30 → 540 ÷ 600 × 30 = 27."""
    table = world.table_a
    table.indicators.update(weight=None)
    login(client, world.staff_a)
    url = reverse("self_evaluation", args=[table.pk])
    cost, people, satisfaction = table.indicators.order_by("order")
    page = client.get(url).content.decode()
    assert f'name="line-{people.pk}-weight"' in page  # no 分值 filed: one is asked for here
    data = {"budget_full_year": "7151", "executed": "6435.9",
            f"line-{cost.pk}-actual_text": "7000万元", f"line-{cost.pk}-weight": "20",
            f"line-{people.pk}-actual_text": "540人", f"line-{people.pk}-weight": "-30",
            f"line-{people.pk}-reason": "部分服务延至次年",
            f"line-{satisfaction.pk}-actual_text": "95%", f"line-{satisfaction.pk}-weight": "４０分"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "分值“-30”是负数" in response.content.decode() and 'value="-30"' in response.content.decode()
    data[f"line-{people.pk}-weight"] = "30"
    assert client.post(url, data).status_code == 302
    sheet = services.self_evaluation_score(table=table, evaluation=SelfEvaluation.objects.get())
    assert [(v.score.full, v.score.value) for v in sheet.lines] == [(D(20), D(20)), (D(30), D("27.00")), (D(40), D(40))]
    assert (sheet.total, sheet.grade) == (D("96.00"), "优")
    # a 分值 filed with the goal stands: the page shows it, and a posted one is not taken
    table.indicators.filter(pk=people.pk).update(weight=D(25))
    assert f'name="line-{people.pk}-weight"' not in client.get(url).content.decode()
    client.post(url, {**data, f"line-{people.pk}-weight": "99"})
    sheet = services.self_evaluation_score(table=table, evaluation=SelfEvaluation.objects.get())
    assert sheet.lines[1].score.full == D(25)


def test_downloads_and_pages_print_targets_whole_and_money_in_two_decimals(client, world):
    """A list-layout row files 600 with ≥ and 人 in their own columns: the pages and downloads print ≥600人;
    the database pads money to six decimals: the download prints 7151.00."""
    table = world.table_a
    table.indicators.filter(name="服务人数").update(value_text="600")
    login(client, world.staff_a)
    page = client.get(reverse("self_evaluation", args=[table.pk])).content.decode()
    assert "<td>≥600人</td>" in page
    book = openpyxl.load_workbook(__import__("io").BytesIO(
        client.get(reverse("self_evaluation_download", args=[table.pk, "xlsx"])).content))
    cells = [c.value for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "≥600人" in cells and "7151.00" in cells and "7151.000000" not in cells


@pytest.mark.parametrize(("typed", "said"), [
    ("1e5", "不是金额"),
    ("8000", "超过年度预算数 7151.00 万元"),
    ("-1", "不能为负数"),
])
def test_an_execution_that_cannot_be_is_refused_and_one_written_as_people_write_it_is_taken(client, world, typed, said):
    round_ = july_round(world)
    login(client, world.staff_a)
    url = reverse("monitoring_report", args=[round_.pk, world.table_a.pk])
    response = client.post(url, {"executed": typed, "note": ""})
    assert response.status_code == 400 and said in response.content.decode()
    assert not MonitoringReport.objects.filter(executed__isnull=False).exists()
    assert client.post(url, {"executed": "１，０３９．５", "note": ""}).status_code == 302
    assert MonitoringReport.objects.get().executed == D("1039.5")


def test_a_round_edited_in_the_admin_keeps_the_checks_of_opening_one(world):
    round_ = july_round(world)
    round_.as_of, round_.red_below, round_.yellow_below = datetime.date(2024, 3, 31), D(95), D(10)
    with pytest.raises(ValidationError) as refused:
        round_.full_clean()
    assert set(refused.value.message_dict) == {"as_of", "red_below"}


def test_a_second_tab_saving_over_the_first_is_refused_and_keeps_what_was_typed(client, world):
    """Two tabs on one monitoring report: B saves first; A's older page is refused, not saved over B."""
    round_ = july_round(world)
    login(client, world.staff_a)
    url = reverse("monitoring_report", args=[round_.pk, world.table_a.pk])
    opened = re.search(r'name="seen" value="([^"]*)"', client.get(url).content.decode()).group(1)
    assert client.post(url, {"seen": opened, "executed": "3", "note": "B标签页的说明"}).status_code == 302  # tab B
    response = client.post(url, {"seen": opened, "executed": "1", "note": "A"})  # tab A, opened before B saved
    assert response.status_code == 400 and "已于" in response.content.decode() and "以免覆盖" in response.content.decode()
    assert (MonitoringReport.objects.get().executed, MonitoringReport.objects.get().note) == (D(3), "B标签页的说明")
    fresh = re.search(r'name="seen" value="([^"]*)"', client.get(url).content.decode()).group(1)
    assert client.post(url, {"seen": fresh, "executed": "1", "note": "A"}).status_code == 302  # refreshed, it saves
    # the self-evaluation the same way
    url = reverse("self_evaluation", args=[world.table_a.pk])
    opened = re.search(r'name="seen" value="([^"]*)"', client.get(url).content.decode()).group(1)
    assert client.post(url, {"seen": opened, "outcome": "B"}).status_code == 302
    assert client.post(url, {"seen": opened, "outcome": "A"}).status_code == 400
    assert SelfEvaluation.objects.get().outcome == "B"


def test_the_round_page_says_fill_to_the_units_staff_and_view_to_the_reviewer(client, world):
    round_ = july_round(world)
    link = f'href="{reverse("monitoring_report", args=[round_.pk, world.table_a.pk])}">'
    login(client, world.staff_a)
    assert link + "填写<" in client.get(reverse("monitoring_round", args=[round_.pk])).content.decode()
    login(client, world.reviewer)
    assert link + "查看<" in client.get(reverse("monitoring_round", args=[round_.pk])).content.decode()


def test_a_report_filed_before_a_goal_adjustment_still_counts_and_is_shown_not_changed(client, world):
    round_ = july_round(world)
    services.monitoring_report_save(round_=round_, table=world.table_a, user=world.staff_a, executed=D(5000), lines={})
    GoalTable.objects.filter(pk=world.table_a.pk).update(status=GoalTable.Status.RETURNED)  # an agreed adjustment
    (row, *_) = services.monitoring_overview(round_=round_, user=world.reviewer)
    assert (row.tables, row.filled) == (1, 1)
    login(client, world.staff_a)
    url = reverse("monitoring_report", args=[round_.pk, world.table_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="executed"' not in page.content.decode()  # shown, not open to change
    response = client.post(url, {"executed": "1", "note": ""}, follow=True)
    assert "正在调整绩效目标，运行监控没有保存" in response.content.decode()
    assert MonitoringReport.objects.get().executed == D(5000)
    # a table that never reported is not in the round while it is being adjusted
    GoalTable.objects.filter(pk=world.table_b.pk).update(status=GoalTable.Status.RETURNED)
    login(client, world.admin)  # who may see every table
    assert client.get(reverse("monitoring_report", args=[round_.pk, world.table_b.pk])).status_code == 404


def test_a_report_whose_line_does_not_pass_its_checks_leaves_nothing_written(world):
    """One transaction: the report is not kept when one of its lines is refused."""
    round_ = july_round(world)
    with pytest.raises(ValidationError):
        services.monitoring_report_save(
            round_=round_, table=world.table_a, user=world.staff_a, executed=D(1000),
            lines=lines_of(world.table_a, 服务人数=services.LineInput(expected="450人", reason="因" * 40000)),
        )
    assert not MonitoringReport.objects.exists()
