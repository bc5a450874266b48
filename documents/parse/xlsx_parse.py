"""Reading the visible worksheets of a workbook into table rows, straight from the XML.

openpyxl takes about 12 s for a workbook of 200 tables; reading the sheet XML with lxml takes
a fraction of that.  A merge range becomes one RawCell at every position it covers.  A number
is given back as the sheet shows it: 95 with the format "0.00" reads "95.00", 25 with
'0"%"' reads "25%", so a target or an amount keeps the scale it was filed with.
Shared strings and worksheets are read as they stream from the zip (limits.Budget), a row at
a time, so a huge part is refused before it is built into a tree.
"""
from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from decimal import Decimal, InvalidOperation
from functools import cache

from lxml import etree

from .limits import Budget, ImportLimits, forget
from .rawgrid import RawCell, Row, Stream

MAX_POSITIONS = 2_000_000  # cells a worksheet may spread over (merges included)
MAX_COLUMN = 16384
MAX_ROW = 1048576
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STRICT_REL = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm", 37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
    46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
_DATE_FORMAT = re.compile(r"[ymdhs]", re.I)
_EPOCH = datetime.datetime(1899, 12, 30)


class SheetTooLarge(Exception):
    pass


def number_text(value: str, number_format: str | None) -> str:
    """A number as a cell with `number_format` shows it (scale, percent, literal suffix)."""
    section = (number_format or "General").split(";")[0]
    literal = "".join(re.findall(r'"([^"]*)"', section))
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
    percent = "%" in bare
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
        if not number.is_finite():
            return str(value)
        if percent:
            number *= 100
        places = re.search(r"0\.(0+)", bare)
        if places:
            number = number.quantize(Decimal(1).scaleb(-len(places.group(1))))
        elif number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        else:
            number = number.normalize()
        text = format(number, "f")
    except (InvalidOperation, ValueError, OverflowError, TypeError):
        text = str(value)
    return text + ("%" if percent else "") + literal


def _is_date_format(fmt: str) -> bool:
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt or "")
    return fmt not in ("General", "@") and bool(_DATE_FORMAT.search(bare))


def _date_text(serial: Decimal) -> str:
    try:
        moment = _EPOCH + datetime.timedelta(days=float(serial))
    except (OverflowError, ValueError):
        return format(serial, "f")
    if moment.time() == datetime.time():
        return f"{moment.year}.{moment.month}.{moment.day}"
    return moment.isoformat(sep=" ")


class _Book:
    def __init__(self, z: zipfile.ZipFile, part: str = "xl/workbook.xml", budget: Budget | None = None) -> None:
        self.z = z
        self.budget = budget or Budget("", ImportLimits())
        self.names = set(z.namelist())
        self.part = part
        self._rel_cache: dict[str, tuple[str, str]] | None = None
        root = self.xml(part)
        self.ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        self.workbook = root
        self.strings = self._shared_strings()
        self.formats = self._formats()

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.budget.read(self.z, name), PARSER)

    def _text(self, element: etree._Element) -> str:
        """The text of a shared or inline string, without the phonetic guide (rPh)."""
        ns = element.tag[: element.tag.index("}") + 1] if element.tag.startswith("{") else ""
        t, rph = ns + "t", ns + "rPh"
        parts = []
        for el in element.iter(t):
            parent = el.getparent()
            if parent is not None and (parent.tag == rph or (parent.getparent() is not None and parent.getparent().tag == rph)):
                continue
            parts.append(el.text or "")
        return "".join(parts)

    def _shared_strings(self) -> list[str]:
        name = self._related("sharedStrings") or "xl/sharedStrings.xml"
        if name not in self.names:
            return []
        strings = []
        for si in self.budget.pull(self.z, name, ("{*}si",)):
            strings.append(self._text(si))
            if len(strings) > self.budget.limits.shared_strings:
                raise self.budget.refuse(
                    f"工作簿的共享字符串超过 {self.budget.limits.shared_strings:,} 个的上限")
            forget(si)
        return strings

    def _formats(self) -> list[str]:
        name = self._related("styles") or "xl/styles.xml"
        if name not in self.names:
            return []
        root = self.xml(name)
        custom = {}
        for fmt in root.iter(self.ns + "numFmt"):
            try:
                custom[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode") or "General"
            except ValueError:
                continue
        xfs = root.find(self.ns + "cellXfs")
        out = []
        for xf in xfs if xfs is not None else ():
            try:
                number = int(xf.get("numFmtId", "0"))
            except ValueError:
                number = 0
            out.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
        return out

    def _rels(self) -> dict[str, tuple[str, str]]:
        if self._rel_cache is not None:
            return self._rel_cache
        folder, base = posixpath.split(self.part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        out: dict[str, tuple[str, str]] = {}
        self._rel_cache = out
        if name not in self.names:
            return out
        for rel in self.xml(name):
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id") or ""] = ((rel.get("Type") or "").rsplit("/", 1)[-1], path)
        return out

    def _related(self, kind: str) -> str | None:
        return next((path for k, path in self._rels().values() if k == kind), None)

    def sheets(self) -> list[tuple[str, str]]:
        """(title, part name) of each visible worksheet, in tab order."""
        rels = self._rels()
        out = []
        for number, sheet in enumerate(self.workbook.iter(self.ns + "sheet"), start=1):
            if number > self.budget.limits.sheets:
                raise self.budget.refuse(f"工作簿的工作表超过 {self.budget.limits.sheets:,} 个的上限")
            if sheet.get("state", "visible") != "visible":
                continue
            kind, path = rels.get(sheet.get(REL) or sheet.get(STRICT_REL) or "", ("", ""))
            if kind == "worksheet" and path in self.names:
                out.append((sheet.get("name") or "", path))
        return out

    def cell_text(self, c: etree._Element, ns: str) -> str:
        kind = c.get("t", "n")
        if kind == "inlineStr":
            found = c.find(ns + "is")
            return self._text(found) if found is not None else ""
        v = c.find(ns + "v")
        raw = v.text if v is not None and v.text is not None else ""
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                return ""
        if kind in ("str", "e", "d"):
            return raw
        if kind == "b":
            return "是" if raw.strip() == "1" else "否"
        if not raw.strip():
            return ""
        try:
            number = Decimal(raw.strip())
        except InvalidOperation:
            return raw
        try:
            fmt = self.formats[int(c.get("s", "0"))] if self.formats else "General"
        except (ValueError, IndexError):
            fmt = "General"
        if _is_date_format(fmt):
            return _date_text(number)
        return number_text(number, fmt)


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@cache
def _column(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


def _ref(text: str | None) -> tuple[int, int] | None:
    found = _REF.match(text or "")
    if not found:
        return None
    col = _column(found.group(1))
    row = int(found.group(2))
    if not (1 <= col <= MAX_COLUMN and 1 <= row <= MAX_ROW):
        return None
    return row, col


def read_sheet(book: _Book, title: str, part: str) -> Stream:
    filled: dict[tuple[int, int], str] = {}
    merges: list[str] = []
    row_number = 0
    book.budget.add_table()
    for element in book.budget.pull(book.z, part, ("{*}row", "{*}mergeCell")):
        if element.tag.endswith("}mergeCell") or element.tag == "mergeCell":
            merges.append(element.get("ref") or "")
            forget(element)
            continue
        ns = element.tag[: element.tag.index("}") + 1] if element.tag.startswith("{") else ""
        try:
            row_number = int(element.get("r")) if element.get("r") else row_number + 1
        except ValueError:
            row_number += 1
        col = 0
        found_any = False
        for c in element.iterchildren(ns + "c"):
            if not len(c):  # a styled cell with no value: most of a merged form
                col += 1
                continue
            found = _ref(c.get("r"))
            if found is not None:
                col = found[1]
            else:
                col += 1
            text = book.cell_text(c, ns)
            if text != "" and 1 <= row_number <= MAX_ROW and col <= MAX_COLUMN:
                filled[(row_number, col)] = text
                found_any = True
        if found_any:
            book.budget.add_rows()
        forget(element)
    merged: dict[tuple[int, int], tuple[RawCell, bool]] = {}
    rows_used = {r for r, _ in filled}
    cols_used = {c for _, c in filled}
    spread = 0
    for ref in merges:
        parts = ref.split(":")
        corners = [_ref(p) for p in parts]
        if len(corners) != 2 or None in corners:
            continue
        (r1, c1), (r2, c2) = sorted(corners)[0], sorted(corners)[1]
        c1, c2 = min(c1, c2), max(c1, c2)
        text = filled.get((r1, c1), "")
        if not text:
            continue  # an empty merge holds nothing to read
        spread += (r2 - r1 + 1) * (c2 - c1 + 1)
        if spread > MAX_POSITIONS:
            raise SheetTooLarge(title)
        raw = RawCell(text)
        for r in range(r1, r2 + 1):
            rows_used.add(r)
            for c in range(c1, c2 + 1):
                merged[(r, c)] = (raw, r == r1)
        cols_used.update((c1, c2))
    stream = Stream(sheet=title)
    if not rows_used:
        return stream
    min_col, max_col = min(cols_used), max(cols_used)
    if (max_col - min_col + 1) * len(rows_used) > MAX_POSITIONS:
        raise SheetTooLarge(title)
    for r in sorted(rows_used):
        cells: list[RawCell] = []
        first: list[bool] = []
        for c in range(min_col, max_col + 1):
            found = merged.get((r, c))
            if found is not None:
                cells.append(found[0])
                first.append(found[1])
            else:
                cells.append(RawCell(filled.get((r, c), "")))
                first.append(True)
        stream.items.append(Row(cells, first, sheet=title, number=r, col0=min_col))
    return stream


def read_workbook(z: zipfile.ZipFile, part: str = "xl/workbook.xml", budget: Budget | None = None) -> list[Stream]:
    book = _Book(z, part, budget)
    return [read_sheet(book, title, part) for title, part in book.sheets()]
