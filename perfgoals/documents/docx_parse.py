"""Reading a Word body into lines and table rows, straight from the XML.

python-docx's `table.cell()` takes about 90 s for a 500-table document; walking `w:tr`/`w:tc`
with lxml, honouring `gridSpan`, `gridBefore` and `vMerge`, takes well under a second.
Content controls (`w:sdt`) and custom XML wrappers are looked through; nested tables are
left out of their cell's text.
"""
from __future__ import annotations

from lxml import etree

from .rawgrid import Line, RawCell, Row, Stream

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC, R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
T, TAB, BR, CR = W + "t", W + "tab", W + "br", W + "cr"
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
MAX_SPAN = 64  # wider than any form; a corrupted gridSpan must not make a million columns
MAX_COLUMNS = 256

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _children(element, tag: str):
    """Children with `tag`, looking through content controls and other wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _children(child, tag)


def paragraph_text(p) -> str:
    parts = []
    for el in p.iter(T, TAB, BR, CR):
        if el.tag == T:
            parts.append(el.text or "")
        elif el.getparent() is not None and el.getparent().tag == R:  # w:tab in w:tabs is a tab stop
            parts.append("\t" if el.tag == TAB else "\n")
    return "".join(parts)


def cell_text(tc) -> str:
    return "\n".join(paragraph_text(p) for p in _children(tc, P))


def _int_attr(element, name: str, default: int, top: int) -> int:
    if element is None:
        return default
    try:
        value = int(element.get(W + name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, 0), top)


def read_table(tbl, number: int) -> list[Row]:
    rows: list[Row] = []
    above: list[RawCell] = []
    for index, tr in enumerate(_children(tbl, TR), start=1):
        cells: list[RawCell] = []
        first: list[bool] = []
        tr_pr = tr.find(W + "trPr")
        before = _int_attr(tr_pr.find(W + "gridBefore") if tr_pr is not None else None, "val", 0, MAX_SPAN)
        for _ in range(before):
            cells.append(RawCell())
            first.append(True)
        for tc in _children(tr, TC):
            pr = tc.find(W + "tcPr")
            span = max(1, _int_attr(pr.find(W + "gridSpan") if pr is not None else None, "val", 1, MAX_SPAN))
            vmerge = pr.find(W + "vMerge") if pr is not None else None
            col = len(cells)
            if vmerge is not None and vmerge.get(W + "val", "continue") != "restart" and col < len(above):
                cell, starts = above[col], False
            else:
                cell, starts = RawCell(cell_text(tc)), True
            cells.extend([cell] * span)
            first.extend([starts] * span)
            if len(cells) >= MAX_COLUMNS:
                break
        rows.append(Row(cells[:MAX_COLUMNS], first[:MAX_COLUMNS], table=number, number=index))
        above = cells
    return rows


def read_body(xml: bytes) -> Stream:
    root = etree.fromstring(xml, PARSER)
    body = root.find(W + "body")
    stream = Stream()
    if body is None:
        return stream
    count = 0

    def walk(parent):
        nonlocal count
        for child in parent:
            if child.tag == P:
                stream.items.append(Line(paragraph_text(child)))
            elif child.tag == TBL:
                count += 1
                stream.items.extend(read_table(child, count))
            elif child.tag in WRAPPERS:
                walk(child)

    walk(body)
    return stream
