"""The shared-strings part tells the truth: `count` is every cell that uses a shared string,
`uniqueCount` the strings themselves (ECMA-376 §18.4.9). Checked by re-reading the package."""
import io
import re
import zipfile

import pytest

from documents.render.xlsx_render import render_xlsx

from . import samples

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def shared_string_counts(data: bytes) -> tuple[int, int, int, int]:
    """(count, uniqueCount, <si> elements, cells of type "s" over all sheets)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sst = etree.fromstring(z.read("xl/sharedStrings.xml"))
        cells = sum(
            len(etree.fromstring(z.read(name)).findall(f".//{MAIN}c[@t='s']"))
            for name in z.namelist()
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)
        )
    return int(sst.get("count")), int(sst.get("uniqueCount")), len(sst.findall(f"{MAIN}si")), cells


@pytest.mark.parametrize("table_sheets", [True, False], ids=["a sheet per table", "指标明细 alone"])
def test_count_is_the_cells_and_unique_count_the_strings(table_sheets):
    tables = [samples.qingdao_1(), *samples.fuzhou(), samples.linyi()]
    count, unique, strings, cells = shared_string_counts(render_xlsx(tables, table_sheets=table_sheets))

    assert unique == strings
    assert count == cells
    assert count > unique  # the same 一级/二级 names and units repeat row after row
