"""Hostile numbers and ids on every form and URL: a 404 or a Chinese form error, never a 500,
and the page keeps what was typed (on SQLite and PostgreSQL alike)."""
import pytest
from django.urls import reverse

from projects.models import GoalTable
from tests.base import make_world
from tests.projects.editorkit import add_row, edit_url, form_fields, load_form

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def world():
    return make_world()


def test_a_huge_seq_in_the_editor_is_a_form_error_and_the_page_keeps_what_was_typed(client, world):
    client.force_login(world.staff_a)
    blank = load_form(client, world.table_a)
    for seq in ("2147483648", HUGE, "-1"):
        response = client.post(edit_url(world.table_a), {**blank, "t-seq": seq, "t-purpose": "刚改的资金用途"})

        assert response.status_code == 200, seq  # the page again, with what was typed
        page = response.content.decode()
        assert "没有保存" in page and "序号" in page
        fields = form_fields(page)
        assert (fields["t-seq"], fields["t-purpose"]) == (seq, "刚改的资金用途")
        assert GoalTable.objects.get(pk=world.table_a.pk).purpose != "刚改的资金用途"


NUMBERS = ["1e309", "NaN", "-Infinity", "1" * 40]


def test_a_money_cell_that_is_no_amount_is_a_form_error(client, world):
    client.force_login(world.staff_a)
    blank = load_form(client, world.table_a)
    for typed in NUMBERS:
        for field in ("t-budget_total", "t-fiscal_funds", "m-1-value"):
            response = client.post(edit_url(world.table_a), {**blank, field: typed})
            assert response.status_code == 200, (field, typed)
            page = response.content.decode()
            assert "没有保存" in page and form_fields(page)[field] == typed


def test_a_target_in_scientific_notation_is_a_form_error_not_the_number_1(client, world):
    client.force_login(world.staff_a)
    blank = load_form(client, world.table_a)
    for typed in ("1e20", "1e309", "≥1E5"):
        data = dict(blank)
        prefix = add_row(data, level1="产出指标", level2="数量指标", name="服务人次", value=typed, unit="万元")
        response = client.post(edit_url(world.table_a), data)

        assert response.status_code == 200, typed
        page = response.content.decode()
        assert f"“{typed}”是科学计数法" in page
        assert form_fields(page)[f"{prefix}-value"] == typed
        assert not world.table_a.indicators.filter(name="服务人次").exists()


def _routes(converter):
    """Every route of ours (not the admin's) with a converter of this type in it, from the URLconf."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if not route.startswith("/admin/"):
                    yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and any(isinstance(c, converter) for c in entry.pattern.converters.values()):
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "/")))


def _id_routes():
    from projects.converters import IdConverter

    return _routes(IdConverter)


def test_every_numeric_route_uses_the_bounded_converter():
    from django.urls.converters import IntConverter

    assert "/departments/<id:pk>/<id:year>/" in _id_routes() and "/tables/<id:pk>/edit/" in _id_routes()
    assert _routes(IntConverter) == []


def test_a_huge_id_in_any_url_is_a_404_never_a_500(client, world):
    import re

    client.force_login(world.admin)
    for number in (HUGE, "99999999999999999", "2147483648"):
        for route in _id_routes():
            url = re.sub(r"<id:\w+>", number, route).replace("<str:fmt>", "docx")
            for method in (client.get, client.post):
                status = method(url).status_code
                assert status in (404, 405), (url, status)


ODD_NUMBERS = [HUGE, "²", "٣", "-1", "1.5", "", "abc"]


def test_odd_numbers_in_the_new_table_form_are_a_404_or_a_form_error(client, world):
    client.force_login(world.staff_a)
    for typed in ODD_NUMBERS:
        for data in ({"unit": typed, "fiscal_year": world.year.pk}, {"unit": world.unit_a.pk, "fiscal_year": typed}):
            response = client.post(reverse("table_new"), {"kind": "project", "name": "新建项目", **data})
            assert response.status_code in (200, 400, 404), (data, response.status_code)
            assert not GoalTable.objects.filter(name="新建项目").exists()
        assert client.get(reverse("table_new"), {"unit": typed}).status_code in (200, 404)


def test_odd_numbers_in_query_strings_are_ignored_or_refused(client):
    from projects.review.workflow import goal_table_submit
    from tests.projects.reviewkit import review_world

    world = review_world()
    table = world.table_a
    goal_table_submit(table=table, user=world.staff_a)
    client.force_login(world.admin)
    for typed in ODD_NUMBERS:
        for url, params in [
            (reverse("review_table", args=[table.pk]), {"base": typed}),
            (reverse("review_queue"), {"year": typed, "department": typed, "page": typed}),
            (reverse("home"), {"year": typed, "page": typed}),
        ]:
            assert client.get(url, params).status_code in (200, 400, 404), (url, params)


def test_odd_numbers_in_the_year_pages_are_form_errors_or_ignored(client, world):
    client.force_login(world.admin)
    for typed in ODD_NUMBERS:
        assert client.post(reverse("year_list"), {"year": typed, "scheme": world.year.scheme_id}).status_code in (200, 302, 400)
        assert client.get(reverse("rollover"), {"from_year": typed, "to_year": typed}).status_code in (200, 400)
        posted = {"from_year": 2023, "to_year": 2024, "tables": [world.table_a.pk, typed]}
        assert client.post(reverse("rollover"), posted).status_code in (200, 302, 400), typed


def test_odd_ids_in_a_download_selection_are_refused(client, world):
    client.force_login(world.admin)
    for typed in ODD_NUMBERS:
        response = client.post(reverse("export_selected"), {"ids": [world.table_a.pk, typed], "format": "xlsx"})
        assert response.status_code in (302, 400, 404), typed


def test_odd_numbers_in_the_import_options_are_form_errors(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.projects.importkit import doc, xlsx_of

    settings.PERFGOALS_IMPORT_DIR = str(tmp_path)
    client.force_login(world.admin)
    for typed in ODD_NUMBERS:
        response = client.post(
            reverse("import_upload"),
            {"files": [SimpleUploadedFile("a.xlsx", xlsx_of(doc()))], "year": typed, "new_units_in": typed},
        )
        assert response.status_code in (302, 400), typed


# --- text longer than an Excel cell holds ---------------------------------------------------------

LONG = "长" * 32_768


def test_every_text_field_is_bounded_by_one_excel_cell():
    from django.apps import apps
    from django.db import models

    from documents.limits import MAX_TEXT

    unbounded = [
        f"{model.__name__}.{field.name}"
        for app in ("projects", "indicators")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and not (field.max_length and field.max_length <= MAX_TEXT)
    ]
    assert unbounded == []


def test_an_imported_text_longer_than_an_excel_cell_is_refused_with_its_place(world):
    from projects.transfer.imports import ImportBlocked, import_confirm, import_preview
    from tests.projects.importkit import doc, docx_of

    before = GoalTable.objects.count()
    preview = import_preview(files=[("青岛.docx", docx_of(doc("甲", "A1", purpose=LONG)))], year=2023, unit_code="130001")
    assert preview.has_errors
    [error] = preview.errors
    assert "第1张表《甲》" in error.place and "资金用途" in error.message and "32767" in error.message
    with pytest.raises(ImportBlocked):
        import_confirm(preview=preview)
    assert GoalTable.objects.count() == before


def test_a_text_longer_than_an_excel_cell_is_a_form_error_in_the_editor(client, world):
    client.force_login(world.staff_a)
    data = load_form(client, world.table_a)
    data["t-purpose"] = LONG
    prefix = add_row(data, level1="产出指标", level2="数量指标", name="服务人次", description=LONG, value="5", unit="人")
    response = client.post(edit_url(world.table_a), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "没有保存" in page and "32767" in page
    fields = form_fields(page)
    assert fields["t-purpose"] == LONG and fields[f"{prefix}-description"] == LONG
    assert GoalTable.objects.get(pk=world.table_a.pk).purpose != LONG


def test_a_review_opinion_or_reopen_reason_longer_than_an_excel_cell_is_refused(client):
    from projects.models import Review, Transition
    from projects.review.workflow import WorkflowError, goal_table_approve, goal_table_submit, review_save
    from tests.projects.reviewkit import review_world

    world = review_world()
    table = world.table_a
    goal_table_submit(table=table, user=world.staff_a)
    client.force_login(world.reviewer)
    page = client.post(reverse("review_table", args=[table.pk]), {"action": "save", "opinion": LONG, "grade": "良"})
    assert "32767" in page.content.decode()
    assert not Review.objects.filter(opinion=LONG).exists()
    with pytest.raises(WorkflowError, match="32767"):
        review_save(table=table, user=world.reviewer, opinion=LONG)

    review = review_save(table=table, user=world.reviewer, grade="良")
    goal_table_approve(table=table, user=world.reviewer, review=review)
    client.force_login(world.admin)
    client.post(reverse("table_reopen", args=[table.pk]), {"reason": LONG})
    assert not Transition.objects.filter(reason=LONG).exists()
    table.refresh_from_db()
    assert table.status == "approved"


# --- refusals of the admin's flat import speak Chinese ---------------------------------------------

def _admin_upload(client, data: bytes, *, fmt="0", name="tables.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("admin:projects_goaltable_import"),
        {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile(name, data)},
    )


def test_an_unreadable_flat_file_is_refused_in_chinese(client, world):
    client.force_login(world.admin)
    for fmt, data in [
        ("0", bytes(range(256)) * 4),  # binary as CSV
        ("1", b"PK\x03\x04garbage"),  # a broken zip
        ("1", b"not a zip"),  # text as Excel
        ("0", "年度,项目名称\n".encode()),  # the header only
    ]:
        page = _admin_upload(client, data, fmt=fmt).content.decode()
        assert "无法读取这个文件" in page or "没有可导入的数据" in page, data
        assert "encountered while trying to read file" not in page and "No valid data" not in page
        assert "Error" not in page


def test_a_database_refusal_in_a_flat_import_is_reported_in_chinese(client, world, monkeypatch):
    from django.db import DataError

    def refuse(*args, **kwargs):
        raise DataError('value too long for type character varying(300)\nCONTEXT:  COPY projects_goaltable')

    monkeypatch.setattr("projects.transfer.resources.bulk_create_recorded", refuse)
    client.force_login(world.admin)
    text = "年度,单位编码,项目编码,项目名称,预算数（万元）\n2023,130001,P-A,新项目甲,100.10\n"
    preview = _admin_upload(client, text.encode("utf-8-sig"))
    page = preview.content.decode()
    assert "超出了数据库允许的范围" in page
    assert "character varying" not in page and "Traceback" not in page
    assert not GoalTable.objects.filter(code="P-A").exists()


def test_a_database_refusal_in_a_web_import_is_reported_in_chinese(world, monkeypatch):
    from django.db import DataError

    from projects.transfer import imports as importing
    from projects.transfer.imports import ImportBlocked, import_confirm, import_preview
    from tests.projects.importkit import doc, xlsx_of

    def refuse(*args, **kwargs):
        raise DataError("integer out of range")

    monkeypatch.setattr(importing, "goal_tables_save_documents", refuse)
    preview = import_preview(files=[("a.xlsx", xlsx_of(doc()))])
    with pytest.raises(ImportBlocked) as blocked:
        import_confirm(preview=preview, user=world.admin)
    [problem] = blocked.value.problems
    assert "超出了数据库允许的范围" in problem.message and "integer" not in problem.message
