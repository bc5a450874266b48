"""Reading a Word body into lines and table rows, straight from the XML.

python-docx's `table.cell()` takes about 90 s for a 500-table document; walking `w:tr`/`w:tc`
with lxml, honouring `gridSpan`, `gridBefore` and `vMerge`, takes well under a second.
Content controls (`w:sdt`) and custom XML wrappers are looked through; nested tables are
left out of their cell's text.  The body is read as it streams from the zip (limits.Budget):
each table and paragraph is read when it ends and then freed, so memory stays at one table.
"""
from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

from lxml import etree

from .limits import CHUNK, Budget, ImportLimits, forget
from .rawgrid import Line, RawCell, Row, Stream

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC, R, BODY = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "body"
T, TAB, BR, CR = W + "t", W + "tab", W + "br", W + "cr"
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
MAX_SPAN = 64  # wider than any form; a corrupted gridSpan must not make a million columns
MAX_COLUMNS = 256

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls and other wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def paragraph_text(p: etree._Element) -> str:
    parts = []
    for el in p.iter(T, TAB, BR, CR):
        if el.tag == T:
            parts.append(el.text or "")
        elif el.getparent().tag == R:  # a w:tab in w:pPr/w:tabs is a tab stop, not text
            parts.append("\t" if el.tag == TAB else "\n")
    return "".join(parts)


def cell_text(tc: etree._Element) -> str:
    texts = [paragraph_text(p) for p in _children(tc, P)]
    return texts[0] if len(texts) == 1 else "\n".join(texts)


TC_PR, TR_PR, GRID_SPAN, GRID_BEFORE, V_MERGE = W + "tcPr", W + "trPr", W + "gridSpan", W + "gridBefore", W + "vMerge"
VAL = W + "val"
DELETED = W + "del"


def _number(value: str | None, default: int) -> int:
    try:
        return min(max(int(value), 0), MAX_SPAN) if value is not None else default
    except ValueError:
        return default


def _cell_properties(tc: etree._Element) -> tuple[int, bool]:
    """(gridSpan, continues the cell above) from a w:tc's w:tcPr, read without ElementPath."""
    span, continued = 1, False
    for pr in tc:
        if pr.tag != TC_PR:
            continue
        for child in pr:
            tag = child.tag
            if tag == GRID_SPAN:
                span = max(1, _number(child.get(VAL), 1))
            elif tag == V_MERGE:
                continued = child.get(VAL, "continue") != "restart"
        break
    return span, continued


def read_table(tbl: etree._Element, number: int) -> list[Row]:
    rows: list[Row] = []
    above: list[RawCell] = []
    for index, tr in enumerate(_children(tbl, TR), start=1):
        cells: list[RawCell] = []
        first: list[bool] = []
        deleted = False
        for pr in tr:
            if pr.tag == TR_PR:
                for child in pr:
                    if child.tag == GRID_BEFORE:
                        before = _number(child.get(VAL), 0)
                        cells.extend(RawCell() for _ in range(before))
                        first.extend([True] * before)
                    elif child.tag == DELETED:  # a row deleted with track changes on
                        deleted = True
                break
        if deleted:
            continue
        for tc in _children(tr, TC):
            span, continued = _cell_properties(tc)
            col = len(cells)
            if continued and col < len(above):
                cell, starts = above[col], False
            else:
                cell, starts = RawCell(cell_text(tc)), True
            if span == 1:
                cells.append(cell)
                first.append(starts)
            else:
                cells.extend([cell] * span)
                first.extend([starts] * span)
            if len(cells) >= MAX_COLUMNS:
                break
        if len(cells) > MAX_COLUMNS:
            cells, first = cells[:MAX_COLUMNS], first[:MAX_COLUMNS]
        rows.append(Row(cells, first, table=number, number=index))
        above = cells
    return rows


def _top_level(element: etree._Element) -> bool:
    """A paragraph or table of the body itself (through wrappers), not one inside a cell or text box."""
    parent = element.getparent()
    while parent is not None and parent.tag in WRAPPERS:
        parent = parent.getparent()
    return parent is not None and parent.tag == BODY


def read_elements(elements: Iterable[etree._Element], budget: Budget) -> Stream:
    """The body's lines and table rows from the paragraphs and tables of `elements`, as each ends."""
    stream = Stream()
    count = 0
    for element in elements:
        if not _top_level(element):
            continue  # read with the table or paragraph it is in, when that one ends
        if element.tag == P:
            stream.items.append(Line(paragraph_text(element)))
        else:
            budget.add_table()
            count += 1
            rows = read_table(element, count)
            budget.add_rows(len(rows))
            stream.items.extend(rows)
        forget(element)
    return stream


def read_document(z: zipfile.ZipFile, part: str, budget: Budget) -> Stream:
    return read_elements(budget.pull(z, part, (P, TBL)), budget)


def read_body(xml: bytes) -> Stream:
    """The body of a document.xml given whole (tests, small parts)."""
    pull = etree.XMLPullParser(events=("end",), tag=[P, TBL], resolve_entities=False, no_network=True,
                               load_dtd=False, huge_tree=False)
    for start in range(0, len(xml), CHUNK):  # one huge feed would pass libxml2's buffer limit
        pull.feed(xml[start:start + CHUNK])
    pull.close()
    return read_elements((element for _event, element in pull.read_events()), Budget("", ImportLimits()))
