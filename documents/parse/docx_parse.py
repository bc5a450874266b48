"""Reading a Word body into lines and table rows, straight from the XML.

python-docx's `table.cell()` takes about 90 s for a 500-table document; walking `w:tr`/`w:tc`
with lxml, honouring `gridSpan`, `gridBefore` and `vMerge`, takes well under a second.
Content controls (`w:sdt`) and custom XML wrappers are looked through; nested tables are
left out of their cell's text.
"""
from __future__ import annotations

from .rawgrid import Line, RawCell, Row, Stream
from .xmlparts import parse_part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC, R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
T, TAB, BR, CR = W + "t", W + "tab", W + "br", W + "cr"
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
MAX_SPAN = 64  # wider than any form; a corrupted gridSpan must not make a million columns
MAX_COLUMNS = 256



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
        elif el.getparent().tag == R:  # a w:tab in w:pPr/w:tabs is a tab stop, not text
            parts.append("\t" if el.tag == TAB else "\n")
    return "".join(parts)


def cell_text(tc) -> str:
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


def _cell_properties(tc) -> tuple[int, bool]:
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


def read_table(tbl, number: int) -> list[Row]:
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


def read_body(xml: bytes) -> Stream:
    root = parse_part(xml, part="word/document.xml")
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
