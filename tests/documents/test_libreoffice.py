"""The files as LibreOffice sees them: it opens them, prints the expected pages, and evaluates no text.

Slow (LibreOffice starts for each conversion); skipped where LibreOffice is not installed, failed so under CI."""
import csv
import re
import shutil
import subprocess

import pytest

from documents.goaltable import IndicatorRow
from documents.render.docx_render import render_docx
from documents.render.xlsx_render import render_xlsx
from tests.tools import missing_tool

from . import samples

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _soffice():
    # CI installs LibreOffice (.ci/run); only a developer's machine may go without it.
    if SOFFICE is None:
        missing_tool("LibreOffice（soffice）未安装：apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk")


def convert(tmp_path, name: str, data: bytes, target: str) -> bytes:
    source = tmp_path / name
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return (tmp_path / (source.stem + "." + target.split(":")[0])).read_bytes()


def pdf_pages(pdf: bytes) -> int:
    """The /Count of the PDF's page tree."""
    tree = re.search(rb"/Type\s*/Pages\b(.*?)>>", pdf, re.S)
    return int(re.search(rb"/Count\s+(\d+)", tree.group(1)).group(1))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in points of every page (the page tree's own box excluded)."""
    boxes = re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf, re.S)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def test_department_document_prints_cover_toc_sections_and_one_page_per_table(tmp_path):
    pdf = convert(tmp_path, "doc.docx", render_docx(samples.shanhaiguan_document()), "pdf")
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1 + 1 + 1 + 3  # cover, contents, narrative, three tables


def test_list_and_duty_print_on_landscape_pages(tmp_path):
    pdf = convert(tmp_path, "list.docx", render_docx(samples.fuzhou()), "pdf")
    assert pdf_pages(pdf) == 1
    assert page_sizes(pdf) == [(842, 595)]  # A4 landscape, in points
    pdf = convert(tmp_path, "duty.docx", render_docx(samples.linyi()), "pdf")
    assert set(page_sizes(pdf)) == {(842, 595)}


def test_libreoffice_does_not_calculate_text_that_looks_like_a_formula(tmp_path):
    table = samples.qingdao_1()
    table.purpose = "=2*3"
    table.indicators = [
        IndicatorRow(level1="产出指标", level2="数量指标", name="=1+1", description="+1+2", value_text="-3+4",
                     basis="@SUM(A1:A2)")
    ]
    text = convert(tmp_path, "book.xlsx", render_xlsx(table), "csv:Text - txt - csv (StarCalc):44,34,76").decode("utf-8")
    cells = {cell for row in csv.reader(text.splitlines()) for cell in row}
    assert {"=2*3", "=1+1", "+1+2", "-3+4", "@SUM(A1:A2)"} <= cells
    assert "6" not in cells and "2" not in cells
    assert "7151.00" in cells  # numbers stay numbers, shown in their format
