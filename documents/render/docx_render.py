"""Goal tables to Word, in the official layouts: merged cells, header rows repeated, rows kept whole.

Speed matters (a department document of 500 tables in well under a second), and
building hundreds of thousands of elements through python-docx's cell API, or even
deep-copying lxml trees, is far too slow.  So each distinct row shape is built once with
lxml, serialised to a template with holes for its texts, and every row of that shape is
the template filled with escaped text.  The package around the body (styles, fonts, page
setup, footer) is the styled template of `docx_styles`.
"""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml.ns import qn
from lxml import etree

from documents.goaltable import DepartmentDocument, GoalTable
from documents.grid import ALIGN_LEFT, ROLE_HEADING, ROLE_LABEL, Grid, Line, cell_align, iter_grids
from documents.order import cover_title, department_order

from . import docx_styles as st
from .gc_pause import gc_paused

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HOLE = "\ue000"  # stands for a cell's text in a row template (a private-use character)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ue000]")
_SPECIAL = re.compile("[&<>\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ue000]")
_NS_DECL = re.compile(r' xmlns(:\w+)?="[^"]*"')
_T_OPEN = '<w:t xml:space="preserve">'
_BREAK = f"</w:t><w:br/>{_T_OPEN}"
_TAB = f"</w:t><w:tab/>{_T_OPEN}"
ROW_HEIGHT = 360  # twips (0.64 cm): rows of the printed forms are never thinner


def _w(tag: str, parent: etree._Element | None = None, **attrs: Any) -> etree._Element:
    """An OOXML element; attribute names are given without the w: prefix."""
    attrib = {qn(f"w:{k}"): str(v) for k, v in attrs.items()}
    if parent is None:
        return etree.Element(qn(f"w:{tag}"), attrib, nsmap={"w": W_NS})
    return etree.SubElement(parent, qn(f"w:{tag}"), attrib)


def _fragment(element: etree._Element) -> str:
    """An element as text for the body, without the namespace declarations of its root."""
    text = etree.tostring(element, encoding="unicode")
    end = text.index(">")
    return _NS_DECL.sub("", text[:end]) + text[end:]


def _text(text: str) -> str:
    """Filed text escaped for a w:t; line breaks and tabs become w:br and w:tab."""
    if not _SPECIAL.search(text):
        return text
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub("", text)
    text = escape(text)
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", _BREAK)
    if "\t" in text:
        text = text.replace("\t", _TAB)
    return text


# ---------------------------------------------------------------------------
# Tables


def _twips(weights: Sequence[float], width: int) -> tuple[int, ...]:
    total = sum(weights)
    widths = [int(width * w / total) for w in weights]
    widths[-1] += width - sum(widths)
    return tuple(widths)


class _TableMaker:
    """Row templates by shape; a shape is the row's cells' positions, merges, roles and alignment."""

    def __init__(self) -> None:
        self._rows: dict[tuple, list[str]] = {}
        self._openings: dict[tuple[int, ...], str] = {}

    def table(self, grid: Grid, width: int, out: list[str]) -> None:
        widths = _twips(grid.widths, width)
        out.append(self._opening(widths))
        header_rows = grid.header_rows
        style = st.STYLE_TABLE_SMALL if grid.compact else st.STYLE_TABLE_TEXT
        rows = self._rows
        for index, row in enumerate(grid.slots()):
            key = (widths, style, index < header_rows) + tuple(
                (s.col, s.cell.colspan, s.first, s.first and s.cell.rowspan > 1, s.cell.role, cell_align(s.cell))
                for s in row
            )
            pieces = rows.get(key)
            if pieces is None:
                pieces = rows[key] = self._row_template(key)
            texts = [s.cell.text for s in row if s.first]
            out.append(pieces[0])
            for text, piece in zip(texts, pieces[1:]):
                if text:
                    out.append(_text(text))
                out.append(piece)
        out.append("</w:tbl>")

    def _opening(self, widths: tuple[int, ...]) -> str:
        opening = self._openings.get(widths)
        if opening is None:
            tbl = _w("tbl")
            pr = _w("tblPr", tbl)
            _w("tblW", pr, w=sum(widths), type="dxa")
            _w("jc", pr, val="center")
            borders = _w("tblBorders", pr)
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                _w(side, borders, val="single", sz=4, space=0, color="000000")
            _w("tblLayout", pr, type="fixed")
            margins = _w("tblCellMar", pr)
            _w("left", margins, w=57, type="dxa")
            _w("right", margins, w=57, type="dxa")
            _w("tblLook", pr, val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
            grid = _w("tblGrid", tbl)
            for w in widths:
                _w("gridCol", grid, w=w)
            opening = self._openings[widths] = _fragment(tbl).replace("</w:tbl>", "")
        return opening

    @staticmethod
    def _row_template(key: tuple) -> list[str]:
        widths, style, header, *slots = key
        tr = _w("tr")
        pr = _w("trPr", tr)
        _w("cantSplit", pr)
        _w("trHeight", pr, val=ROW_HEIGHT, hRule="atLeast")
        if header:
            _w("tblHeader", pr)
        for col, span, first, restart, role, align in slots:
            tc = _w("tc", tr)
            tcpr = _w("tcPr", tc)
            _w("tcW", tcpr, w=sum(widths[col : col + span]), type="dxa")
            if span > 1:
                _w("gridSpan", tcpr, val=span)
            if restart:
                _w("vMerge", tcpr, val="restart")
            elif not first:
                _w("vMerge", tcpr)
            _w("vAlign", tcpr, val="center")
            p = _w("p", tc)
            ppr = _w("pPr", p)
            _w("pStyle", ppr, val=style)
            if align == ALIGN_LEFT:
                _w("jc", ppr, val="left")
            if first:
                r = _w("r", p)
                if role in (ROLE_HEADING, ROLE_LABEL):
                    _w("b", _w("rPr", r))
                t = _w("t", r)
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                t.text = _HOLE
        return _fragment(tr).split(_HOLE)


# ---------------------------------------------------------------------------
# The body


class _Body:
    def __init__(self, sect_pr: etree._Element) -> None:
        self.out: list[str] = []
        self.tables = _TableMaker()
        self.sect_pr = sect_pr  # the template's section properties: A4 portrait, footer
        self.landscape = False
        self.bookmarks = 0
        self.break_next = False
        self._ppr: dict[tuple, str] = {}

    def _paragraph_properties(self, style: str, page_break: bool, align: str, tabs: tuple) -> str:
        key = (style, page_break, align, tabs)
        ppr = self._ppr.get(key)
        if ppr is None:
            el = _w("pPr")
            if style:
                _w("pStyle", el, val=style)
            if page_break:
                _w("pageBreakBefore", el)
            if tabs:
                tabs_el = _w("tabs", el)
                for kind, pos in tabs:
                    _w("tab", tabs_el, val=kind, pos=pos)
            if align:
                _w("jc", el, val=align)
            ppr = self._ppr[key] = _fragment(el)
        return ppr

    def paragraph(self, text: str = "", style: str | None = None, *, page_break: bool = False,
                  align: str | None = None, bookmark: str | None = None, tabs: tuple = ()) -> None:
        page_break = page_break or self.break_next
        self.break_next = False
        out = self.out
        out.append("<w:p>")
        out.append(self._paragraph_properties(style, page_break, align, tabs))
        if bookmark:
            self.bookmarks += 1
            out.append(f'<w:bookmarkStart w:id="{self.bookmarks}" w:name="{bookmark}"/>')
        if text:
            out.append(f"<w:r>{_T_OPEN}{_text(text)}</w:t></w:r>")
        if bookmark:
            out.append(f'<w:bookmarkEnd w:id="{self.bookmarks}"/>')
        out.append("</w:p>")

    def line(self, line: Line) -> None:
        width = st.text_width(self.landscape)
        parts = list(line.parts)
        if line.align == "spread" and len(parts) > 1:
            inner = tuple(("center", width * i // (len(parts) - 1)) for i in range(1, len(parts) - 1))
            self.paragraph("\t".join(parts), st.STYLE_NOTE, tabs=inner + (("right", width),))
            return
        align = {"right": "right", "center": "center"}.get(line.align)
        self.paragraph("  ".join(parts), st.STYLE_NOTE, align=align)

    def _sect(self, landscape: bool) -> etree._Element:
        sect = etree.fromstring(etree.tostring(self.sect_pr))
        size = sect.find(qn("w:pgSz"))
        w, h = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
        short, long_ = min(w, h), max(w, h)
        if landscape:
            size.set(qn("w:w"), str(long_))
            size.set(qn("w:h"), str(short))
            size.set(qn("w:orient"), "landscape")
        else:
            size.set(qn("w:w"), str(short))
            size.set(qn("w:h"), str(long_))
            size.attrib.pop(qn("w:orient"), None)
        return sect

    def orientation(self, landscape: bool) -> None:
        """End the section when the page turns (the list and duty layouts are landscape)."""
        if landscape == self.landscape:
            return
        if self.out:
            p = _w("p")
            _w("pPr", p).append(self._sect(self.landscape))
            self.out.append(_fragment(p))
            self.break_next = False  # the next section starts on a new page anyway
        self.landscape = landscape

    def page_break(self) -> None:
        self.break_next = True

    def grid(self, grid: Grid, *, page_break: bool, toc: list | None = None) -> None:
        self.orientation(grid.landscape)
        if page_break:
            self.page_break()
        if grid.heading:
            mark = None
            if toc is not None:
                mark = f"_Toc{len(toc) + 1:06d}"
                toc.append((2, grid.heading, mark))
            self.paragraph(grid.heading, st.STYLE_TABLE_HEADING, bookmark=mark)
        if grid.title:
            self.paragraph(grid.title, st.STYLE_FORM_TITLE)
        for line in grid.above:
            self.line(line)
        if self.break_next:  # a table cannot carry the page break itself
            self.paragraph("", st.STYLE_NOTE)
        self.tables.table(grid, st.text_width(grid.landscape), self.out)
        if grid.below:
            self.paragraph("", st.STYLE_NOTE)
            for line in grid.below:
                self.line(line)

    def closing(self) -> str:
        # a body must not end with a table, and the last section closes the body
        return "<w:p/>" + _fragment(self._sect(self.landscape))


def _core_properties(title: str) -> bytes:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(title)}</dc:title><dc:creator>预算绩效目标管理</dc:creator>"
        f'<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'
    ).encode()


class _Package:
    """The template package with its document body replaced."""

    def __init__(self, *, update_fields: bool = False) -> None:
        self.blob = st.template(update_fields=update_fields)
        with zipfile.ZipFile(io.BytesIO(self.blob)) as z:
            document = z.read("word/document.xml").decode()
        self.head = document[: document.index("<w:body>") + len("<w:body>")]
        root = etree.fromstring(document.encode())
        self.sect_pr = root.find(qn("w:body")).find(qn("w:sectPr"))

    def save(self, body: _Body, *, title: str) -> bytes:
        document = "".join([self.head, *body.out, body.closing(), "</w:body></w:document>"]).encode()
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(self.blob)) as src, zipfile.ZipFile(
            out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
        ) as dst:
            for info in src.infolist():
                if info.filename == "word/document.xml":
                    data = document
                elif info.filename == "docProps/core.xml":
                    data = _core_properties(title)
                else:
                    data = src.read(info.filename)
                dst.writestr(info.filename, data)
        return out.getvalue()


# ---------------------------------------------------------------------------
# Entry points


def render_docx(subject: GoalTable | Iterable[GoalTable] | DepartmentDocument) -> bytes:
    """One table, a selection of tables, or a department's whole document, as DOCX bytes."""
    with gc_paused():
        return _render(subject)


def _render(subject: GoalTable | DepartmentDocument | Iterable[GoalTable]) -> bytes:
    if isinstance(subject, DepartmentDocument):
        return _render_department(subject)
    tables = [subject] if isinstance(subject, GoalTable) else list(subject)
    if not tables:
        raise ValueError("没有可导出的绩效目标表")
    package = _Package()
    body = _Body(package.sect_pr)
    for index, grid in enumerate(iter_grids(tables)):
        body.grid(grid, page_break=index > 0)
    return package.save(body, title=tables[0].name if len(tables) == 1 else "绩效目标表")


def _render_department(document: DepartmentDocument) -> bytes:
    package = _Package(update_fields=True)
    body = _Body(package.sect_pr)
    title = cover_title(document)

    for _ in range(4):
        body.paragraph("")
    body.paragraph(title, st.STYLE_COVER_TITLE)
    if document.year and str(document.year) not in title:
        body.paragraph(f"（{document.year}年度）", st.STYLE_COVER_LINE)
    for _ in range(8):
        body.paragraph("")
    body.paragraph(f"{document.compiled_by or document.department}编制", st.STYLE_COVER_LINE)
    if document.reviewed_by:
        body.paragraph(f"{document.reviewed_by}审核", st.STYLE_COVER_LINE)

    # the table of contents goes here, once every heading is known
    body.paragraph("目  录", st.STYLE_TOC_TITLE, page_break=True)
    toc_at = len(body.out)
    toc: list[tuple[int, str, str]] = []

    body.page_break()
    for section in document.sections:
        level = min(max(section.level, 1), 3)
        mark = f"_Toc{len(toc) + 1:06d}"
        toc.append((level, section.heading, mark))
        body.paragraph(section.heading, f"Heading{level}", bookmark=mark)
        for text in section.body.split("\n"):
            if text.strip():
                body.paragraph(text.strip(), st.STYLE_BODY)

    for grid in iter_grids(department_order(document.tables), numbering=True):
        body.grid(grid, page_break=True, toc=toc)

    body.out[toc_at:toc_at] = _toc(toc, st.text_width(False))
    return package.save(body, title=title)


def _toc(entries: list[tuple[int, str, str]], width: int) -> list[str]:
    """A TOC field whose cached result lists every heading; Word fills in the page numbers on opening."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    out = []
    for index, (level, text, mark) in enumerate(entries):
        out.append(
            f'<w:p><w:pPr><w:pStyle w:val="TOC{level}"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{width}"/>'
            "</w:tabs></w:pPr>"
            + (begin if index == 0 else "")
            + f'<w:hyperlink w:anchor="{mark}" w:history="1"><w:r>{_T_OPEN}{_text(text)}</w:t></w:r>'
            f'<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{end}</w:hyperlink></w:p>'
        )
    out.append("<w:p>" + ("" if entries else begin) + end + "</w:p>")
    return out
