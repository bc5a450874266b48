"""The Django admin for 管理员: every page opens, the changelist scales, import/export over HTTP."""
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Category, Indicator, LibraryIndicator, Scheme
from projects.models import (
    Department,
    DepartmentReport,
    Duty,
    DutyTask,
    FiscalYear,
    GoalTable,
    Milestone,
    ReportSection,
    Unit,
)
from projects.transfer.resources import GoalTableResource

pytestmark = pytest.mark.django_db

MANAGED_MODELS = {
    Scheme, Category, Indicator, LibraryIndicator, FiscalYear, Department, Unit, GoalTable, Milestone, Duty,
    DutyTask, DepartmentReport,
}


# --- small builders -------------------------------------------------------------------------

def make_year(year=2023):
    scheme, _ = Scheme.objects.get_or_create(code="mof2021", defaults={"name": "财预〔2021〕101号"})
    return FiscalYear.objects.get_or_create(year=year, defaults={"scheme": scheme})[0]


def make_unit(code="130001", name="青岛市行政审批服务局本级", department="青岛市行政审批服务局"):
    dept, _ = Department.objects.get_or_create(name=department, region="青岛市")
    return Unit.objects.create(department=dept, code=code, name=name)


def make_table(fiscal_year, unit, n=1, **values):
    return GoalTable.objects.create(
        fiscal_year=fiscal_year, unit=unit, scheme=fiscal_year.scheme, seq=n, code=f"3702P{n:04d}",
        name=values.pop("name", f"项目{n}"), budget_total=Decimal("7151.00"), **values,
    )


def make_full_table(indicators=3):
    table = make_table(make_year(), make_unit(), name="市民中心后勤保障经费")
    for order, (label, month) in enumerate([("3月底", 3), ("6月底", 6), ("10月底", 10), ("12月底", 12)], 1):
        Milestone.objects.create(table=table, order=order, label=label, month=month, value=Decimal(order * 1000))
    for order in range(1, indicators + 1):
        Indicator.objects.create(
            table=table, order=order, level1="产出指标", level2="数量指标", name=f"服务人数{order}",
            comparator="≥", value=Decimal("600"), unit="人", value_text="≥600人", direction="正向",
        )
    return table


def make_user(username, *, staff=False, superuser=False, group=None):
    # No password: tests log in with force_login, and hashing one costs a second per user.
    user = get_user_model().objects.create_user(username=username, is_staff=staff or superuser, is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def admin_user():
    return make_user("admin", superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def form_data(response):
    """What a browser sends back from an admin change page left as it is."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


# --- pages ----------------------------------------------------------------------------------

def test_every_model_is_registered():
    assert MANAGED_MODELS <= set(admin.site._registry)


def test_every_changelist_and_add_page_opens_for_a_superuser(admin_client):
    table = make_full_table()
    duty = Duty.objects.create(table=table, seq="1", name="行政审批")
    DutyTask.objects.create(duty=duty, name="办理审批事项", goal="按时办结")
    report = DepartmentReport.objects.create(department=table.unit.department, fiscal_year=table.fiscal_year, title="部门预算绩效文本")
    ReportSection.objects.create(report=report, heading="第一部分 部门概况", body="……")
    Category.objects.create(scheme=table.scheme, level=1, name="产出指标")
    LibraryIndicator.objects.create(scheme=table.scheme, level1="产出指标", level2="数量指标", name="服务人数")

    for model in MANAGED_MODELS:
        info = (model._meta.app_label, model._meta.model_name)
        for url in (reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))):
            response = admin_client.get(url)
            assert response.status_code == 200, url
        obj = model.objects.first()
        response = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert response.status_code == 200, model


@pytest.mark.parametrize("model", [GoalTable, Indicator])
def test_import_and_export_pages_open(admin_client, model):
    info = (model._meta.app_label, model._meta.model_name)
    for name in ("import", "export"):
        response = admin_client.get(reverse("admin:{}_{}_{}".format(*info, name)))
        assert response.status_code == 200
        assert "年度" in response.content.decode()  # the Chinese columns are listed


def test_goal_table_changelist_shows_the_columns(admin_client):
    table = make_full_table()
    page = admin_client.get(reverse("admin:projects_goaltable_changelist")).content.decode()
    for text in ("2023", "130001", table.code, table.name, "项目支出", "草稿", "7151.00"):
        assert text in page


def test_goal_table_change_page_shows_its_milestones_and_30_indicators(admin_client):
    table = make_full_table(indicators=30)
    response = admin_client.get(reverse("admin:projects_goaltable_change", args=[table.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "12月底" in page
    assert all(f"服务人数{n}" in page for n in range(1, 31))
    indicator_formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Indicator)
    assert [f.instance.order for f in indicator_formset.forms] == list(range(1, 31))


def test_saving_a_table_in_the_admin_records_its_history(admin_client, admin_user):
    table = make_full_table(indicators=30)
    url = reverse("admin:projects_goaltable_change", args=[table.pk])
    data = form_data(admin_client.get(url))
    data["budget_total"] = "8000.50"
    data["indicators-29-name"] = "服务人次"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    table.refresh_from_db()
    assert table.budget_total == Decimal("8000.50") and table.updated_by == admin_user
    assert table.indicators.get(order=30).name == "服务人次"
    latest = table.history.first()
    assert latest.history_user == admin_user and latest.budget_total == Decimal("8000.50")
    history = admin_client.get(reverse("admin:projects_goaltable_history", args=[table.pk]))
    assert history.status_code == 200 and "8000.50" in history.content.decode()


def test_a_table_added_without_a_scheme_gets_the_years(admin_client):
    year, unit = make_year(), make_unit()
    response = admin_client.post(reverse("admin:projects_goaltable_add"), {
        "fiscal_year": year.pk, "unit": unit.pk, "scheme": "", "kind": "project", "layout": "standard",
        "status": "draft", "name": "新项目", "milestone_unit": "amount",
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "0", "indicators-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    assert GoalTable.objects.get(name="新项目").scheme == year.scheme


CHANGELIST_QUERIES = 7  # what the admin's list of goal tables may cost, whatever the number of tables


def test_goal_table_changelist_query_count_does_not_grow_with_tables(admin_client):
    year = make_year()
    units = [make_unit(f"13000{i}", f"单位{i}", f"部门{i}") for i in range(5)]
    url = reverse("admin:projects_goaltable_changelist")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    for n in range(5):
        make_table(year, units[n % 5], n)
    with_5 = count_queries()
    for n in range(5, 50):
        make_table(year, units[n % 5], n)
    with_50 = count_queries()

    assert with_50 == with_5 <= CHANGELIST_QUERIES


# --- who gets in ----------------------------------------------------------------------------

@pytest.mark.parametrize("staff", [False, True])
def test_users_who_are_not_admins_are_sent_away(client, staff):
    client.force_login(make_user("tianbao", staff=staff, group="填报人"))
    for url in (reverse("admin:index"), reverse("admin:projects_goaltable_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_admin_group_member_with_staff_flag_manages_tables(client):
    table = make_full_table()
    client.force_login(make_user("guanli", staff=True, group="管理员"))
    assert client.get(reverse("admin:projects_goaltable_changelist")).status_code == 200
    response = client.get(reverse("admin:projects_goaltable_change", args=[table.pk]))
    assert response.status_code == 200
    assert "服务人数1" in response.content.decode()  # inlines are shown, not hidden by missing permissions


# --- import and export over HTTP ------------------------------------------------------------

def upload(admin_client, text, *, encoding="utf-8-sig", name="tables.csv"):
    csv_format = "0"  # ChineseCSV is the first format offered
    file = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return admin_client.post(
        reverse("admin:projects_goaltable_import"), {"resource": "0", "format": csv_format, "import_file": file}
    )


def test_admin_import_previews_then_writes_on_confirm(admin_client, admin_user):
    make_year(), make_unit()
    text = (
        "年度,单位编码,项目编码,项目名称,预算数（万元）,资金用途\n"
        "2023,130001,P-A,新项目甲,100.10,办公设备\n"
        "2023,130001,P-B,新项目乙,0.05,“培训”费用\n"
    )

    preview = upload(admin_client, text, encoding="gb18030")

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "新项目甲" in page and "新项目乙" in page and "100.10" in page
    assert preview.context["confirm_form"] is not None
    assert not GoalTable.objects.exists()  # the preview is a dry run

    done = admin_client.post(reverse("admin:projects_goaltable_process_import"), preview.context["confirm_form"].initial)

    assert done.status_code == 302
    assert {(t.code, t.name, t.budget_total, t.purpose) for t in GoalTable.objects.all()} == {
        ("P-A", "新项目甲", Decimal("100.10"), "办公设备"),
        ("P-B", "新项目乙", Decimal("0.05"), "“培训”费用"),
    }
    assert all(t.updated_by == admin_user and t.history.first().history_user == admin_user for t in GoalTable.objects.all())

    again = upload(admin_client, text)
    assert "confirm_form" in again.context and again.context["confirm_form"] is not None
    admin_client.post(reverse("admin:projects_goaltable_process_import"), again.context["confirm_form"].initial)
    assert GoalTable.objects.count() == 2  # re-importing the same file creates no duplicates


def test_admin_import_of_a_bad_file_shows_the_errors_and_writes_nothing(admin_client):
    table = make_table(make_year(), make_unit())
    text = (
        "年度,单位编码,项目编码,项目名称,预算数（万元）\n"
        "2023,130001,P-A,新项目甲,100.10\n"
        f"2023,130001,{table.code},{table.name},abc\n"
        "2023,999999,P-C,新项目丙,1.00\n"
    )

    response = upload(admin_client, text)

    assert response.status_code == 200
    assert not response.context.get("confirm_form")
    page = response.content.decode()
    assert "第2行“预算数（万元）”：“abc”不是金额" in page
    assert "第3行“单位编码”：单位编码“999999”不存在" in page
    assert list(GoalTable.objects.values_list("name", "budget_total")) == [(table.name, Decimal("7151.00"))]


def test_admin_import_of_a_file_without_the_key_columns_says_which(admin_client):
    response = upload(admin_client, "单位编码,项目编码\n130001,X\n")
    page = response.content.decode()
    assert "文件缺少列：年度、项目名称" in page
    assert "Traceback" not in page
    assert not response.context.get("confirm_form")


def test_admin_export_is_a_csv_excel_opens_with_chinese(admin_client):
    table = make_full_table()
    fields = {f"goaltableresource_{name}": "on" for name in GoalTableResource().get_export_order()}
    response = admin_client.post(reverse("admin:projects_goaltable_export"), {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("年度,单位编码,单位名称,序号,项目编码,项目名称")
    assert table.name in text and "7151.00" in text


def test_workflow_records_are_listed_read_only(client):
    from projects.models import Snapshot, Transition
    from projects.review.workflow import goal_table_submit
    from tests.projects.reviewkit import review_world

    world = review_world()
    client.force_login(world.admin)
    admin_client = client
    goal_table_submit(table=world.table_a, user=world.staff_a)
    for model in (Transition, Snapshot):
        info = (model._meta.app_label, model._meta.model_name)
        page = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert page.status_code == 200
        assert world.table_a.name in page.content.decode()
        assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
        obj = model.objects.get()
        assert admin_client.post(reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), {"post": "yes"}).status_code == 403
        assert model.objects.count() == 1


@pytest.mark.parametrize(("shares", "said"), [
    (("60", "30", "10", "10"), "四项自评分值合计为110分，应为100分"),
    (("-10", "60", "40", "10"), "不能小于0"),
])
def test_a_schemes_shares_must_be_whole_marks_and_none_negative(admin_client, shares, said):
    """财预〔2020〕10号: 产出、效益、满意度 and 预算执行率 share 100 points; the scheme keeps its shares when refused."""
    scheme = make_full_table().scheme
    url = reverse("admin:indicators_scheme_change", args=[scheme.pk])
    data = form_data(admin_client.get(url))
    for name, value in zip(("weight_output", "weight_benefit", "weight_satisfaction", "weight_budget"), shares):
        data[name] = value
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.status_code == 200 and said in response.content.decode()
    scheme.refresh_from_db()
    assert (scheme.weight_output, scheme.weight_benefit) == (Decimal(50), Decimal(30))


# --- an approved table changes through the workflow only ------------------------------------------

def test_an_approved_table_and_its_rows_are_read_only_in_the_admin(admin_client):
    table = make_full_table()
    GoalTable.objects.filter(pk=table.pk).update(status=GoalTable.Status.APPROVED)
    row = table.indicators.order_by("order").first()
    for model, obj in ((GoalTable, table), (Indicator, row)):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        page = admin_client.get(url)
        assert page.status_code == 200 and not page.context["has_change_permission"]
    url = reverse("admin:indicators_indicator_change", args=[row.pk])
    data = form_data(admin_client.get(reverse("admin:indicators_indicator_change", args=[row.pk])))
    data.update({"value": "50", "value_text": "≥50人"})
    assert admin_client.post(url, data).status_code == 403
    assert admin_client.post(reverse("admin:indicators_indicator_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    row.refresh_from_db()
    assert (row.value, row.value_text) == (Decimal("600"), "≥600人")


def test_no_row_is_added_to_an_approved_table_and_no_status_is_set_by_hand(admin_client):
    table = make_full_table()
    GoalTable.objects.filter(pk=table.pk).update(status=GoalTable.Status.APPROVED)
    before = table.indicators.count()
    response = admin_client.post(reverse("admin:indicators_indicator_add"), {
        "table": table.pk, "order": 99, "level1": "产出指标", "level2": "数量指标", "name": "后台加的指标"})
    assert response.status_code == 200 and "不能在后台修改" in response.content.decode()
    assert table.indicators.count() == before
    GoalTable.objects.filter(pk=table.pk).update(status=GoalTable.Status.DRAFT)
    page = admin_client.get(reverse("admin:projects_goaltable_change", args=[table.pk]))
    assert page.context["has_change_permission"]  # a draft is the admin's to correct
    assert 'name="status"' not in page.content.decode()  # but its 状态 moves through the workflow only
