"""Downloads and the department page: what each persona gets, the files open, the queries stay flat."""
import io
from html.parser import HTMLParser
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import IndicatorRow, Section
from documents.render.xlsx_render import FLAT_SHEET
from projects.models import Unit
from projects.services import department_report_save, goal_table_save_document
from projects.transfer.exports import FORMATS
from tests.base import make_world, sample_document

pytestmark = pytest.mark.django_db

DOCX_TYPE = FORMATS["docx"][0]
XLSX_TYPE = FORMATS["xlsx"][0]
ALLOWED_A = ("staff_a", "reviewer", "admin")


@pytest.fixture
def world():
    return make_world()


def open_docx(response):
    return docx.Document(io.BytesIO(response.content))


def open_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def docx_texts(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def filenames(response) -> tuple[str, str]:
    """(ASCII fallback, UTF-8 name) of an attachment's Content-Disposition."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment; ")
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and fallback.isascii()
    return fallback, unquote(encoded)


def post_selected(client, ids, fmt="docx", **extra):
    return client.post(reverse("export_selected"), {"ids": [str(i) for i in ids], "format": fmt, **extra})


# --- one table --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALLOWED_A)
def test_table_download_word_and_excel(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("table_download", args=[world.table_a.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    fallback, name = filenames(response)
    assert name == "2023年市民中心后勤保障经费绩效目标表.docx"
    assert fallback == "goal-table-2023-37020023P88002811163B.docx"
    document = open_docx(response)
    assert len(document.tables) == 1
    assert "37020023P88002811163B" in docx_texts(document)

    response = client.get(reverse("table_download", args=[world.table_a.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert filenames(response)[1] == "2023年市民中心后勤保障经费绩效目标表.xlsx"
    book = open_xlsx(response)
    assert book.sheetnames[-1] == FLAT_SHEET
    flat = list(book[FLAT_SHEET].iter_rows(min_row=2, values_only=True))
    assert [row[7] for row in flat] == ["后勤保障预算控制数", "服务人数", "服务对象满意度"]


def test_table_download_is_404_for_another_department(client, world):
    client.force_login(world.staff_b)
    for fmt in ("docx", "xlsx"):
        assert client.get(reverse("table_download", args=[world.table_a.pk, fmt])).status_code == 404
    client.force_login(world.reviewer)  # reviews department A only
    assert client.get(reverse("table_download", args=[world.table_b.pk, "docx"])).status_code == 404


def test_table_download_unknown_format_and_anonymous(client, world):
    client.force_login(world.staff_a)
    assert client.get(reverse("table_download", args=[world.table_a.pk, "pdf"])).status_code == 404
    client.logout()
    response = client.get(reverse("table_download", args=[world.table_a.pk, "docx"]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- the table page draws the same grid as the file --------------------------------------------


class _Cells(HTMLParser):
    """The texts of the th/td cells of the first table.gt on a page, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell, self._in, self._done = [], None, False, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "gt") in attrs and not self._done:
            self._in = True
        elif self._in and tag == "tr":
            self.rows.append([])
        elif self._in and tag in ("td", "th"):
            self._cell = []
        elif self._in and tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if self._in and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif self._in and tag == "table":
            self._in, self._done = False, True

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_table_page_shows_the_cells_and_merges_of_the_word_file(client, world):
    rows = [
        IndicatorRow("产出指标", "数量指标", "服务人数", "服务人数", value_text="≥600人", basis="历史数据"),
        IndicatorRow("产出指标", "数量指标", "采购数量", "采购数量", value_text="≥2个", basis="历史数据"),
        IndicatorRow("产出指标", "时效指标", "响应时效", "故障响应\n时效", value_text="≤0.5小时", basis="历史数据"),
        IndicatorRow("满意度指标", "服务对象满意度指标", "满意度", "满意度", value_text="≥90%", basis="历史数据"),
    ]
    goal_table_save_document(
        document=sample_document(indicators=rows), fiscal_year=world.year, unit=world.unit_a, table=world.table_a
    )
    client.force_login(world.staff_a)
    page = client.get(reverse("table_detail", args=[world.table_a.pk])).content.decode()
    assert "下载 Word" in page and reverse("table_download", args=[world.table_a.pk, "xlsx"]) in page
    assert reverse("department_detail", args=[world.dept_a.pk, 2023]) in page
    assert 'rowspan="3"' in page  # 产出指标 over its three rows, as on paper

    parser = _Cells()
    parser.feed(page)
    word = open_docx(client.get(reverse("table_download", args=[world.table_a.pk, "docx"]))).tables[0]
    on_paper = []
    for tr in word._tbl.tr_lst:
        # cells that start in the row: continuation cells of a vertical merge are not printed again
        on_paper.append([docx.table._Cell(tc, word).text for tc in tr.tc_lst if tc.vMerge != "continue"])
    assert parser.rows == on_paper


# --- department page and its downloads ---------------------------------------------------------


@pytest.fixture
def report_a(world):
    return department_report_save(
        department=world.dept_a,
        fiscal_year=world.year,
        title="青岛市行政审批服务局2023年部门预算绩效文本",
        compiled_by="青岛市行政审批服务局",
        reviewed_by="青岛市财政局",
        sections=[Section("第一部分 部门整体绩效目标", "坚持为民服务。", 1), Section("一、总体绩效目标", "", 2)],
    )


@pytest.mark.parametrize("persona", ALLOWED_A)
def test_department_page_lists_tables_by_unit_with_report_and_downloads(client, world, report_a, persona):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("department_detail", args=[world.dept_a.pk, 2023]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "青岛市行政审批服务局2023年部门预算绩效文本" in page
    assert "第一部分 部门整体绩效目标" in page and "坚持为民服务。" in page
    assert "130001 青岛市行政审批服务局本级" in page
    assert world.table_a.name in page and world.table_b.name not in page
    assert "下载整本 Word" in page and "下载整本 Excel" in page
    assert reverse("department_download", args=[world.dept_a.pk, 2023, "docx"]) in page
    assert reverse("export_selected") in page


@pytest.mark.parametrize(
    "persona,dept", [("staff_b", "dept_a"), ("staff_a", "dept_b"), ("reviewer", "dept_b")]
)
def test_department_page_and_downloads_are_404_outside_ones_departments(client, world, persona, dept):
    client.force_login(getattr(world, persona))
    pk = getattr(world, dept).pk
    assert client.get(reverse("department_detail", args=[pk, 2023])).status_code == 404
    for fmt in ("docx", "xlsx"):
        assert client.get(reverse("department_download", args=[pk, 2023, fmt])).status_code == 404


def test_department_page_of_a_year_without_tables_is_404(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("department_detail", args=[world.dept_a.pk, 2019])).status_code == 404
    assert client.get(reverse("department_detail", args=[world.dept_a.pk + 100, 2023])).status_code == 404


@pytest.mark.parametrize("persona", ALLOWED_A)
def test_department_download_is_the_whole_document(client, world, report_a, persona):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("department_download", args=[world.dept_a.pk, 2023, "docx"]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    fallback, name = filenames(response)
    assert name == "青岛市行政审批服务局2023年部门预算绩效文本.docx"
    assert fallback == f"department-{world.dept_a.pk}-2023.docx"
    document = open_docx(response)
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "青岛市行政审批服务局2023年部门预算绩效文本"
    assert "目  录" in texts and "第一部分 部门整体绩效目标" in texts
    assert "1.市民中心后勤保障经费绩效目标表" in texts
    assert len(document.tables) == 1

    response = client.get(reverse("department_download", args=[world.dept_a.pk, 2023, "xlsx"]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert open_xlsx(response).sheetnames == ["1.市民中心后勤保障经费", FLAT_SHEET]


def test_staff_download_the_department_with_only_their_units(client, world):
    other = Unit.objects.create(department=world.dept_a, code="130002", name="青岛市政务服务中心")
    goal_table_save_document(document=sample_document(name="政务服务中心运行经费", code="P130002"),
                             fiscal_year=world.year, unit=other)
    client.force_login(world.staff_a)  # staff of 130001 only
    page = client.get(reverse("department_detail", args=[world.dept_a.pk, 2023])).content.decode()
    assert "政务服务中心运行经费" not in page
    text = docx_texts(open_docx(client.get(reverse("department_download", args=[world.dept_a.pk, 2023, "docx"]))))
    assert "市民中心后勤保障经费" in text and "政务服务中心运行经费" not in text

    client.force_login(world.reviewer)  # the whole department
    document = open_docx(client.get(reverse("department_download", args=[world.dept_a.pk, 2023, "docx"])))
    headings = [p.text for p in document.paragraphs if p.style.name == "绩效目标表标题"]
    assert headings == ["1.市民中心后勤保障经费绩效目标表", "2.政务服务中心运行经费绩效目标表"]


# --- a selection (the reviewer queue's batch download) ------------------------------------------


def test_selected_tables_download_for_an_admin_across_departments(client, world):
    client.force_login(world.admin)
    response = post_selected(client, [world.table_a.pk, world.table_b.pk], "xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert filenames(response)[1] == "2023年绩效目标表（2张）.xlsx"
    book = open_xlsx(response)
    assert len(book.sheetnames) == 3
    codes = {row[3] for row in book[FLAT_SHEET].iter_rows(min_row=2, values_only=True)}
    assert codes == {world.table_a.code, world.table_b.code}


def test_selected_tables_download_word_for_staff(client, world):
    second = goal_table_save_document(document=sample_document(name="第二个项目", code="P0002"),
                                      fiscal_year=world.year, unit=world.unit_a)
    client.force_login(world.staff_a)
    response = post_selected(client, [world.table_a.pk, second.pk])
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    text = docx_texts(open_docx(response))
    assert "37020023P88002811163B" in text and "P0002" in text


@pytest.mark.parametrize("persona,allowed,forbidden", [
    ("staff_a", "table_a", "table_b"), ("reviewer", "table_a", "table_b"), ("staff_b", "table_b", "table_a"),
])
def test_a_selection_with_a_forbidden_table_is_refused_whole(client, world, persona, allowed, forbidden):
    client.force_login(getattr(world, persona))
    allowed, forbidden = getattr(world, allowed), getattr(world, forbidden)
    assert post_selected(client, [allowed.pk]).status_code == 200
    for fmt in ("docx", "xlsx"):
        response = post_selected(client, [allowed.pk, forbidden.pk], fmt)
        assert response.status_code == 404
        assert forbidden.code.encode() not in response.content
    assert post_selected(client, [forbidden.pk]).status_code == 404
    assert post_selected(client, [allowed.pk, 999999]).status_code == 404


def test_selection_needs_post_a_choice_and_a_format(client, world):
    client.force_login(world.staff_a)
    assert client.get(reverse("export_selected")).status_code == 405
    assert post_selected(client, [world.table_a.pk], "pdf").status_code == 400
    assert post_selected(client, ["x"]).status_code == 400
    back = reverse("department_detail", args=[world.dept_a.pk, 2023])
    response = post_selected(client, [], next=back)
    assert response.status_code == 302 and response.url == back
    page = client.get(back).content.decode()
    assert "请先勾选要下载的绩效目标表" in page
    assert post_selected(client, [], next="https://evil.example/").url == reverse("home")


def test_selection_needs_login_and_the_csrf_token(world):
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(reverse("export_selected"), {"ids": [world.table_a.pk], "format": "docx"})
    assert response.status_code == 403  # refused for the missing token before anything else
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(world.staff_a)
    response = checked.post(reverse("export_selected"), {"ids": [world.table_a.pk], "format": "docx"})
    assert response.status_code == 403


# --- queries do not grow with the number of tables ---------------------------------------------


def _add_tables(world, n):
    for i in range(n):
        rows = [IndicatorRow("产出指标", "数量指标", f"指标{i}-{k}", value_text=f"≥{k}人") for k in range(5)]
        goal_table_save_document(document=sample_document(name=f"项目{i}", code=f"P{i:04d}", indicators=rows),
                                 fiscal_year=world.year, unit=world.unit_a)


# What the department page, its Word and Excel downloads and a selected download may cost.
DEPARTMENT_QUERIES = {"staff_a": (10, 12, 12, 9), "admin": (6, 11, 11, 8)}  # downloads count the tables once to choose a job


@pytest.mark.parametrize("persona", ["staff_a", "admin"])
def test_department_page_and_downloads_query_count_is_flat(client, world, report_a, persona):
    client.force_login(getattr(world, persona))
    page = reverse("department_detail", args=[world.dept_a.pk, 2023])
    word = reverse("department_download", args=[world.dept_a.pk, 2023, "docx"])
    excel = reverse("department_download", args=[world.dept_a.pk, 2023, "xlsx"])

    def counts(ids):
        out = []
        for url in (page, word, excel):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            out.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            assert post_selected(client, ids).status_code == 200
        out.append(len(queries))
        return out

    few = counts([world.table_a.pk])
    _add_tables(world, 15)
    many_ids = list(world.unit_a.tables.values_list("pk", flat=True))
    many = counts(many_ids)
    assert client.get(page).content.decode().count('name="ids"') == 16
    assert many == few
    assert all(count <= budget for count, budget in zip(many, DEPARTMENT_QUERIES[persona], strict=True)), many


def test_a_name_with_path_characters_makes_a_safe_file_name(client, world):
    goal_table_save_document(document=sample_document(name='网络/设备:"升级"*经费', code="P-1/2"),
                             fiscal_year=world.year, unit=world.unit_a, table=world.table_a)
    client.force_login(world.staff_a)
    fallback, name = filenames(client.get(reverse("table_download", args=[world.table_a.pk, "docx"])))
    assert name == "2023年网络_设备_升级_经费绩效目标表.docx"
    assert fallback == "goal-table-2023-P-1-2.docx"
