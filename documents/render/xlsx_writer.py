"""A small streaming XLSX writer: styled cells, merges, widths, heights and print setup.

Why not openpyxl or xlsxwriter: both spend 10–20 µs per cell in Python, so a flat sheet of
100,000 indicators (15 columns) takes 20 s or more, and openpyxl's merge_cells grows
quadratically.  This writer streams each sheet's XML straight into the zip, shares
repeated strings, and writes merges as one list at the end of a sheet.

It never writes a formula: text is always a shared string, and text that a spreadsheet
would take for a formula on editing (=, +, -, @, tab, CR first) also carries the
quotePrefix style, as Excel does for text typed with a leading apostrophe.
"""
from __future__ import annotations

import dataclasses
import datetime
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
# Text that goes into <t> unchanged: nothing to escape, no control character, no _xHHHH_ look-alike.
_PLAIN_TEXT = re.compile("[^&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff_]*")
_FLUSH_EVERY = 1000  # rows buffered before a sheet's XML is written to the zip (a few MB at most)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PAPER_A4 = 9


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _escape_text(text: str) -> str:
    """Text for <t>: XML-escaped; a literal _xHHHH_ kept literal (Excel would decode it), CR kept as a
    character reference (XML parsers turn a raw CR into LF), invisible control characters dropped."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: "_x005F_" if m.group() == "_" else "", text)
    text = escape(text)
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: float = 10.5
    font: str = "宋体"
    align: str = "center"  # left / center / right / justify
    valign: str = "center"
    wrap: bool = True
    border: bool = True
    number_format: str = ""  # "" is General
    quote: bool = False  # quotePrefix: the text stays text when edited


class _Styles:
    BUILTIN_FORMATS = {"": 0, "0": 1, "0.00": 2}

    def __init__(self) -> None:
        self._index: dict[Style, int] = {}
        self._fonts: dict[tuple, int] = {}
        self._formats: dict[str, int] = {}
        self._quoted: dict[int, int] = {}
        self.get(Style(border=False, wrap=False, valign="bottom", align="general"))  # xf 0: the default

    def get(self, style: Style) -> int:
        index = self._index.get(style)
        if index is None:
            index = self._index[style] = len(self._index)
            self._fonts.setdefault((style.font, style.size, style.bold), len(self._fonts))
            fmt = style.number_format
            if fmt not in self.BUILTIN_FORMATS:
                self._formats.setdefault(fmt, 164 + len(self._formats))
        return index

    def quoted(self, index: int) -> int:
        found = self._quoted.get(index)
        if found is None:
            style = next(s for s, i in self._index.items() if i == index)
            found = self._quoted[index] = self.get(dataclasses.replace(style, quote=True))
        return found

    def xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>' for code, i in self._formats.items())
        fonts = "".join(
            f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val={quoteattr(name)}/><charset val="134"/></font>'
            for (name, size, bold) in self._fonts
        )
        thin = '<{0} style="thin"><color rgb="FF000000"/></{0}>'
        borders = "<border><left/><right/><top/><bottom/><diagonal/></border><border>" + "".join(
            thin.format(side) for side in ("left", "right", "top", "bottom")
        ) + "<diagonal/></border>"
        xfs = []
        for style in self._index:
            fmt = self.BUILTIN_FORMATS.get(style.number_format, self._formats.get(style.number_format, 0))
            font = self._fonts[(style.font, style.size, style.bold)]
            apply_format = ' applyNumberFormat="1"' if fmt else ""
            quote = ' quotePrefix="1"' if style.quote else ""
            wrap = ' wrapText="1"' if style.wrap else ""
            attrs = (
                f'numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="{1 if style.border else 0}" xfId="0"'
                f' applyFont="1" applyBorder="1" applyAlignment="1"{apply_format}{quote}'
            )
            align = f'<alignment horizontal="{style.align}" vertical="{style.valign}"{wrap}/>'
            xfs.append(f"<xf {attrs}>{align}</xf>")
        number_formats = f'<numFmts count="{len(self._formats)}">{formats}</numFmts>' if self._formats else ""
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{NS_MAIN}">'
            f"{number_formats}"
            f'<fonts count="{len(self._fonts)}">{fonts}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            f'<borders count="2">{borders}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


class _Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        # Cells that refer to a shared string: the sst's `count` (uniqueCount is len(index)).
        self.refs = 0

    def get(self, text: str) -> int:
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i

    def chunks(self) -> Iterable[str]:
        yield (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS_MAIN}" '
            f'count="{self.refs}" uniqueCount="{len(self.index)}">'
        )
        buf = []
        plain = _PLAIN_TEXT.fullmatch
        for text in self.index:
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() or "\n" in text else ""
            # Most filed text needs no escaping: one regular-expression match instead of five passes.
            buf.append(f"<si><t{space}>{text if plain(text) else _escape_text(text)}</t></si>")
            if len(buf) >= 20000:
                yield "".join(buf)
                buf = []
        yield "".join(buf) + "</sst>"


# A cell given to Sheet.row: (column, value, style index); value None writes a styled blank.
CellValue = tuple[int, "str | Decimal | int | float | None", int]


class Sheet:
    """One worksheet being streamed; rows must come in order."""

    def __init__(self, book: Workbook, index: int, name: str, *, widths: Sequence[float], landscape: bool,
                 fit_width: bool, gridlines: bool, freeze_rows: int, footer: str) -> None:
        self.book = book
        self.index = index
        self.name = name
        self.landscape = landscape
        self.fit_width = fit_width
        self.footer = footer
        self.row_count = 0
        self.ncols = len(widths)
        self.merges: list[str] = []
        self.repeat_rows: tuple[int, int] | None = None
        self.autofilter: str | None = None
        self._letters = [column_letter(i) for i in range(max(1, len(widths)))]
        self._buf: list[str] = []
        self._handle = book._zip.open(f"xl/worksheets/sheet{index}.xml", "w")
        view = "" if gridlines else ' showGridLines="0"'
        pane = ""
        if freeze_rows:
            pane = (f'<pane ySplit="{freeze_rows}" topLeftCell="A{freeze_rows + 1}" activePane="bottomLeft" '
                    'state="frozen"/><selection pane="bottomLeft"/>')
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w:.2f}" customWidth="1"/>' for i, w in enumerate(widths)
        )
        fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if fit_width else ""
        self._write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" '
            f'xmlns:r="{NS_REL}">{fit}<sheetViews><sheetView workbookViewId="0"{view}>{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="14.25"/>{"<cols>" + cols + "</cols>" if cols else ""}<sheetData>'
        )

    def _write(self, text: str) -> None:
        self._handle.write(text.encode("utf-8"))

    def row(self, cells: Iterable[CellValue], *, height: float | None = None) -> int:
        """Append a row; returns its 0-based index."""
        r = self.row_count
        self.row_count += 1
        number = r + 1
        letters = self._letters
        strings = self.book._strings.index
        quoted = self.book.quoted
        parts = [f'<row r="{number}" ht="{height:.2f}" customHeight="1">' if height else f'<row r="{number}">']
        append = parts.append
        texts = 0
        for col, value, style in cells:
            kind = type(value)
            if value is None or value == "":
                append(f'<c r="{letters[col]}{number}" s="{style}"/>')
            elif kind is str:
                if value.startswith(FORMULA_START):
                    style = quoted(style)
                texts += 1
                append(f'<c r="{letters[col]}{number}" s="{style}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>')
            elif kind is Decimal:
                append(f'<c r="{letters[col]}{number}" s="{style}"><v>{format(value, "f")}</v></c>')
            elif kind is int or kind is float:
                append(f'<c r="{letters[col]}{number}" s="{style}"><v>{value!r}</v></c>')
            else:
                raise TypeError(f"不支持的单元格值：{value!r}")
        append("</row>")
        self.book._strings.refs += texts
        self._buf.append("".join(parts))
        if len(self._buf) >= _FLUSH_EVERY:
            self._write("".join(self._buf))
            self._buf = []
        return r

    def value_rows(self, rows: Iterable[Sequence], *, text: int, number: int) -> None:
        """Rows of plain values from column A on, blanks left out: the fast path for long flat sheets.

        A text cell is its shared string's number, so only numbers keep their XML between rows
        (they repeat: years, targets); 100,000 rows of mostly different texts must not be held twice."""
        strings = self.book._strings.index
        text_tail = f'" s="{text}" t="s"><v>'
        quoted_tail = f'" s="{self.book.quoted(text)}" t="s"><v>'
        number_tail = f'" s="{number}"><v>'
        numbers: dict = {}
        refs = [f'<c r="{letter}' for letter in self._letters]
        buf = self._buf
        n = self.row_count
        texts = 0
        for values in rows:
            n += 1
            parts = [f'<row r="{n}">']
            append = parts.append
            for ref, value in zip(refs, values):
                kind = type(value)
                if kind is not str and isinstance(value, str):  # a str subclass (SafeString …) is text too
                    value, kind = str(value), str
                if kind is str:
                    if not value:
                        continue
                    i = strings.get(value)
                    if i is None:
                        i = strings[value] = len(strings)
                    texts += 1
                    append(f"{ref}{n}{quoted_tail if value.startswith(FORMULA_START) else text_tail}{i}</v></c>")
                elif value is None:
                    continue
                else:
                    end = numbers.get(value) if kind is not bool else None
                    if end is None:
                        if kind is Decimal:
                            end = f'{number_tail}{format(value, "f")}</v></c>'
                        elif kind is int or kind is float:
                            end = f"{number_tail}{value!r}</v></c>"
                        else:
                            raise TypeError(f"不支持的单元格值：{value!r}")
                        numbers[value] = end
                    append(f"{ref}{n}{end}")
            append("</row>")
            buf.append("".join(parts))
            if len(buf) >= _FLUSH_EVERY:
                self._write("".join(buf))
                buf.clear()
        self.row_count = n
        self.book._strings.refs += texts

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        self.merges.append(f"{self._letters[first_col]}{first_row + 1}:{self._letters[last_col]}{last_row + 1}")

    def close(self) -> None:
        tail = ["".join(self._buf), "</sheetData>"]
        self._buf = []
        if self.autofilter:
            tail.append(f'<autoFilter ref="{self.autofilter}"/>')
        if self.merges:
            tail.append(f'<mergeCells count="{len(self.merges)}">')
            tail.extend(f'<mergeCell ref="{ref}"/>' for ref in self.merges)
            tail.append("</mergeCells>")
        tail.append('<printOptions horizontalCentered="1"/>')
        tail.append('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
        fit = ' fitToWidth="1" fitToHeight="0"' if self.fit_width else ""
        orientation = "landscape" if self.landscape else "portrait"
        tail.append(f'<pageSetup paperSize="{PAPER_A4}" orientation="{orientation}"{fit}/>')
        if self.footer:
            tail.append(f"<headerFooter><oddFooter>{escape(self.footer)}</oddFooter></headerFooter>")
        tail.append("</worksheet>")
        self._write("".join(tail))
        self._handle.close()

    def quoted_name(self) -> str:
        return "'" + self.name.replace("'", "''") + "'"


_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


class Workbook:
    """Write sheets one after another, then close(); the file object receives a complete XLSX."""

    def __init__(self, fileobj: IO[bytes], *, title: str = "", compresslevel: int = 1) -> None:
        self._zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._styles = _Styles()
        self._strings = _Strings()
        self._sheets: list[Sheet] = []
        self._names: set[str] = set()
        self._open: Sheet | None = None
        self.title = title

    def style(self, **kw: Any) -> int:
        return self._styles.get(Style(**kw))

    def quoted(self, style: int) -> int:
        """The same style with quotePrefix, for text a spreadsheet would otherwise take for a formula."""
        return self._styles.quoted(style)

    def sheet_name(self, wanted: str) -> str:
        """A unique, valid sheet name (31 characters at most, none of []:*?/\\)."""
        base = _SHEET_NAME_BAD.sub("_", wanted).strip("'") or "Sheet"
        name = base[:31]
        n = 2
        while name.lower() in self._names:
            suffix = f"({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        self._names.add(name.lower())
        return name

    def add_sheet(self, name: str, *, widths: Sequence[float], landscape: bool = False, fit_width: bool = True,
                  gridlines: bool = False, freeze_rows: int = 0, footer: str = "&C第 &P 页，共 &N 页") -> Sheet:
        if self._open is not None:
            self._open.close()
        sheet = Sheet(self, len(self._sheets) + 1, self.sheet_name(name), widths=widths, landscape=landscape,
                      fit_width=fit_width, gridlines=gridlines, freeze_rows=freeze_rows, footer=footer)
        self._sheets.append(sheet)
        self._open = sheet
        return sheet

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None
        if not self._sheets:
            self.add_sheet("Sheet1", widths=[10]).close()
            self._open = None
        z = self._zip
        with z.open("xl/sharedStrings.xml", "w") as handle:
            for chunk in self._strings.chunks():
                handle.write(chunk.encode("utf-8"))
        z.writestr("xl/styles.xml", self._styles.xml())
        z.writestr("xl/workbook.xml", self._workbook_xml())
        z.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
        z.writestr("[Content_Types].xml", self._content_types())
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("docProps/core.xml", _core(self.title))
        z.writestr("docProps/app.xml", _APP)
        z.close()

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(s.name)} sheetId="{s.index}" r:id="rId{s.index}"/>' for s in self._sheets
        )
        names = []
        for position, s in enumerate(self._sheets):
            last = column_letter(max(s.ncols - 1, 0))
            if s.autofilter:
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{position}" hidden="1">'
                             f"{escape(s.quoted_name())}!{_absolute(s.autofilter)}</definedName>")
            if s.row_count:
                names.append(f'<definedName name="_xlnm.Print_Area" localSheetId="{position}">'
                             f"{escape(s.quoted_name())}!$A$1:${last}${s.row_count}</definedName>")
            if s.repeat_rows:
                first, end = s.repeat_rows
                names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{position}">'
                             f"{escape(s.quoted_name())}!${first + 1}:${end + 1}</definedName>")
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            f'<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>{defined}</workbook>'
        )

    def _workbook_rels(self) -> str:
        rels = [
            f'<Relationship Id="rId{s.index}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{s.index}.xml"/>'
            for s in self._sheets
        ]
        n = len(self._sheets)
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{NS_REL}/styles" Target="styles.xml"/>')
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>')
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}'
            "</Relationships>"
        )

    def _content_types(self) -> str:
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{s.index}.xml" ContentType="{ct}.worksheet+xml"/>'
            for s in self._sheets
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            f"{sheets}"
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"
        )


def _absolute(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{NS_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>预算绩效目标管理</Application></Properties>"
)


def _core(title: str) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>预算绩效目标管理</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'
    )
