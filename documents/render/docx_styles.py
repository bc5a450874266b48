"""The styled, empty Word package every goal-table document starts from.

Styling through python-docx is slow (each style lookup walks all styles), so it is done
once per process and the package kept as bytes.  Official look: A4, 仿宋_GB2312 三号 body,
宋体 五号 tables, 方正小标宋 titles (黑体 where that font is missing), page numbers.
"""
from __future__ import annotations

import functools
import io
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Cm(2.0), Cm(2.5), Cm(2.2)
TWIPS_PER_EMU = 1 / 635

FONT_BODY = "仿宋_GB2312"
FONT_TABLE = "宋体"
FONT_TITLE = "方正小标宋简体"
FONT_HEADING = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_LATIN = "Times New Roman"
# Word and LibreOffice fall back to these where the official fonts are not installed.
FONT_FALLBACKS = {FONT_TITLE: "黑体", FONT_BODY: "仿宋", FONT_KAI: "楷体"}

SIZE_COVER = Pt(18)  # 小二
SIZE_TITLE = Pt(16)  # 三号
SIZE_BODY = Pt(16)  # 三号
SIZE_NOTE = Pt(12)  # 小四
SIZE_TABLE = Pt(10.5)  # 五号
SIZE_TABLE_SMALL = Pt(9)  # 小五

STYLE_TABLE_TEXT = "TableText"
STYLE_TABLE_SMALL = "TableTextSmall"
STYLE_NOTE = "TableNote"
STYLE_TABLE_HEADING = "GoalTableHeading"
STYLE_FORM_TITLE = "GoalTableTitle"
STYLE_COVER_TITLE = "CoverTitle"
STYLE_COVER_LINE = "CoverLine"
STYLE_TOC_TITLE = "TOCTitle"
STYLE_BODY = "BodyText1"


def _w(tag: str, parent: etree._Element | None = None, **attrs: Any) -> etree._Element:
    attrib = {qn(f"w:{k}"): str(v) for k, v in attrs.items()}
    if parent is None:
        return etree.Element(qn(f"w:{tag}"), attrib)
    return etree.SubElement(parent, qn(f"w:{tag}"), attrib)


def _fonts(style: docx.styles.style.BaseStyle, *, east: str, size: float, bold: bool | None = None, latin: str = FONT_LATIN) -> None:
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{theme}"), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:cs"), latin)
    style.font.size = size
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold


def _paragraph_style(document: docx.document.Document, style_id: str, name: str, *, base: str = "Normal") -> docx.styles.style.BaseStyle:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = document.styles[base]
    style.quick_style = True
    return style


def _single_spacing(style: docx.styles.style.BaseStyle, *, before: float = 0, after: float = 0) -> None:
    fmt = style.paragraph_format
    fmt.line_spacing = 1.0
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.first_line_indent = None


def _set_up_styles(document: docx.document.Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _fonts(normal, east=FONT_BODY, size=SIZE_BODY)
    normal.paragraph_format.line_spacing = Pt(28)  # 固定值28磅, the usual for official documents
    normal.paragraph_format.space_after = Pt(0)

    body = _paragraph_style(document, STYLE_BODY, "正文首行缩进")
    body.element.get_or_add_pPr()
    ind = _w("ind", body.element.pPr, firstLineChars=200, firstLine=640)
    del ind

    for level, (east, size, align) in {
        1: (FONT_HEADING, SIZE_BODY, WD_ALIGN_PARAGRAPH.CENTER),
        2: (FONT_HEADING, SIZE_BODY, WD_ALIGN_PARAGRAPH.LEFT),
        3: (FONT_KAI, SIZE_BODY, WD_ALIGN_PARAGRAPH.LEFT),
    }.items():
        heading = styles[f"Heading {level}"]
        _fonts(heading, east=east, size=size, bold=False)
        fmt = heading.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(12 if level == 1 else 6)
        fmt.space_after = Pt(6)
        fmt.line_spacing = Pt(28)
        if level > 1:
            fmt.first_line_indent = Pt(32)

    table_heading = _paragraph_style(document, STYLE_TABLE_HEADING, "绩效目标表标题", base="Heading 2")
    _fonts(table_heading, east=FONT_TITLE, size=SIZE_TITLE, bold=False)
    table_heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_heading.paragraph_format.first_line_indent = Pt(0)
    table_heading.paragraph_format.keep_with_next = True

    form_title = _paragraph_style(document, STYLE_FORM_TITLE, "表名")
    _fonts(form_title, east=FONT_TITLE, size=SIZE_TITLE)
    form_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    form_title.paragraph_format.keep_with_next = True
    _single_spacing(form_title, before=6, after=6)

    note = _paragraph_style(document, STYLE_NOTE, "表外说明")
    _fonts(note, east=FONT_BODY, size=SIZE_NOTE)
    note.paragraph_format.keep_with_next = True
    _single_spacing(note, after=2)

    table_text = _paragraph_style(document, STYLE_TABLE_TEXT, "表格文字")
    _fonts(table_text, east=FONT_TABLE, size=SIZE_TABLE)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spacing(table_text)

    small = _paragraph_style(document, STYLE_TABLE_SMALL, "表格文字（小）", base="表格文字")
    small.font.size = SIZE_TABLE_SMALL

    cover = _paragraph_style(document, STYLE_COVER_TITLE, "封面标题")
    _fonts(cover, east=FONT_TITLE, size=SIZE_COVER, bold=True)
    cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spacing(cover, before=120, after=24)

    cover_line = _paragraph_style(document, STYLE_COVER_LINE, "封面落款")
    _fonts(cover_line, east=FONT_BODY, size=SIZE_BODY)
    cover_line.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    toc_title = _paragraph_style(document, STYLE_TOC_TITLE, "目录标题")
    _fonts(toc_title, east=FONT_HEADING, size=SIZE_BODY)
    toc_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spacing(toc_title, after=12)

    for level in (1, 2, 3):
        toc = _paragraph_style(document, f"TOC{level}", f"toc {level}")
        _fonts(toc, east=FONT_BODY, size=SIZE_NOTE if level > 1 else Pt(14))
        _single_spacing(toc, after=3)
        toc.paragraph_format.left_indent = Pt(12 * (level - 1))

    # Chinese text is laid out as Chinese (not the template's Japanese default).
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = _w("lang", rpr)
            lang.set(qn("w:eastAsia"), "zh-CN")


_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping",
)


def _update_fields_on_open(document: docx.document.Document) -> None:
    """Word refreshes the table of contents' page numbers when the file is opened."""
    settings = document.settings.element
    element = _w("updateFields", val="true")
    for name in _SETTINGS_AFTER_UPDATE_FIELDS:
        anchor = settings.find(qn(f"w:{name}"))
        if anchor is not None:
            anchor.addprevious(element)
            return
    settings.append(element)


def _set_up_package(document: docx.document.Document) -> None:
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            fonts = "".join(
                f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                for name, alt in FONT_FALLBACKS.items()
            )
            part._blob = part.blob.replace(b"</w:fonts>", fonts.encode() + b"</w:fonts>")


def _page_number_footer(section: docx.section.Section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = paragraph._p
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = _w("r", p)
        if kind:
            _w("fldChar", r, fldCharType=kind)
        elif text.strip() == "PAGE":
            instr = _w("instrText", r)
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = text
        else:
            _w("t", r).text = text


def set_page(section: docx.section.Section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM


def text_width(landscape: bool) -> int:
    """Printable width in twips."""
    page = A4_HEIGHT if landscape else A4_WIDTH
    return int((page - 2 * MARGIN_SIDE) * TWIPS_PER_EMU)


@functools.lru_cache(maxsize=2)
def template(*, update_fields: bool = False) -> bytes:
    """The styled empty document, A4 portrait with page numbers."""
    document = docx.Document()
    _set_up_styles(document)
    _set_up_package(document)
    if update_fields:
        _update_fields_on_open(document)
    section = document.sections[0]
    set_page(section, landscape=False)
    _page_number_footer(section)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
