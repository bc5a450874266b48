"""How much one imported file may hold, and reading its parts without going past that.

A .docx or .xlsx is a zip of XML parts.  A small file can unpack to gigabytes (a zip bomb) or
hold millions of elements, tables or rows; reading such a file whole took minutes and
gigabytes.  Every XML part is therefore read in chunks straight from the zip into lxml's pull
parser, and the counts are checked at each chunk, before any tree is built: the first limit
passed stops the reading with a Chinese message naming the file.

The defaults take a whole province's document with room to spare (2,000 project tables are
about 50 MB of XML, 2.3 million elements and 50,000 rows); the Django settings may change them
(PERFGOALS_IMPORT_LIMITS).  No database access here.
"""
from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from .types import ImportFileError

MB = 1024 * 1024
CHUNK = 256 * 1024
XML_DEPTH = 256  # libxml2's own limit without XML_PARSE_HUGE; a deeper part is refused while parsing


@dataclass(frozen=True)
class ImportLimits:
    file_bytes: int = 20 * MB  # the uploaded file itself
    unpacked_bytes: int = 400 * MB  # all XML parts of one file, unpacked
    part_ratio: int = 200  # a part may unpack to this many times its packed size …
    ratio_floor_bytes: int = 16 * MB  # … once it is larger than this (small parts compress very well)
    elements: int = 20_000_000  # XML elements of all parts
    tables: int = 10_000  # goal tables (Word tables, worksheets) in one file
    rows: int = 500_000  # table rows in one file
    shared_strings: int = 2_000_000  # distinct texts of a workbook
    sheets: int = 2_000  # worksheets of a workbook

    @classmethod
    def from_mapping(cls, values: dict | None) -> ImportLimits:
        known = {k: int(v) for k, v in (values or {}).items() if k in cls.__dataclass_fields__ and v is not None}
        return cls(**known)


def _count(number: int) -> str:
    return f"{number:,}"


class Budget:
    """What one file may still unpack and hold; every part read from the file draws on it."""

    def __init__(self, file: str, limits: ImportLimits, progress: Callable[[int], None] | None = None) -> None:
        self.file, self.limits = file, limits
        self.progress = progress  # progress(bytes unpacked so far), for a progress bar
        self.unpacked = 0
        self.elements = 0
        self.tables = 0
        self.rows = 0

    def refuse(self, message: str) -> ImportFileError:
        return ImportFileError(message + "；请按单位拆分后分别导入，或检查文件是否损坏", file=self.file)

    def chunks(self, z: zipfile.ZipFile, part: str) -> Iterator[bytes]:
        info = z.getinfo(part)
        allowed = max(self.limits.ratio_floor_bytes, self.limits.part_ratio * max(info.compress_size, 1))
        if info.file_size > allowed:  # as the zip declares it: refused before a byte is unpacked
            raise self._bomb(part)
        read = 0
        with z.open(info) as stream:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    return
                if read == 0 and (b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk):
                    # Office never writes a DTD; an entity would be expanded or silently cut the text after it.
                    raise ImportFileError(
                        f"文件中的部件“{part}”含有 DTD/实体声明（正常的 Word/Excel 文件没有），为安全起见不予读取", file=self.file)
                read += len(chunk)
                self.unpacked += len(chunk)
                if read > allowed:
                    raise self._bomb(part)
                if self.unpacked > self.limits.unpacked_bytes:
                    raise self.refuse(f"文件解压后超过 {self.limits.unpacked_bytes // MB} MB 的上限")
                # Outside markup "<" is always escaped, so this counts the tags as they stream by.
                self.elements += chunk.count(b"<") - chunk.count(b"</")
                if self.elements > self.limits.elements:
                    raise self.refuse(f"文件中的 XML 元素超过 {_count(self.limits.elements)} 个的上限")
                if self.progress is not None:
                    self.progress(self.unpacked)
                yield chunk

    def _bomb(self, part: str) -> ImportFileError:
        return ImportFileError(
            f"文件中的部件“{part}”解压后超过压缩前的 {self.limits.part_ratio} 倍"
            "（可能是恶意构造的“压缩炸弹”），已拒绝读取", file=self.file)

    def read(self, z: zipfile.ZipFile, part: str) -> bytes:
        return b"".join(self.chunks(z, part))

    def add_table(self) -> None:
        self.tables += 1
        if self.tables > self.limits.tables:
            raise self.refuse(f"文件中的表格超过 {_count(self.limits.tables)} 个的上限")

    def add_rows(self, count: int = 1) -> None:
        self.rows += count
        if self.rows > self.limits.rows:
            raise self.refuse(f"文件中的表格行超过 {_count(self.limits.rows)} 行的上限")

    def pull(self, z: zipfile.ZipFile, part: str, tags: Iterable[str]) -> Iterator:
        """The elements with `tags` of a part as each one ends, read chunk by chunk.

        The caller clears what it has read, so the tree never holds more than one table."""
        pull = etree.XMLPullParser(
            events=("end",), tag=list(tags), resolve_entities=False, no_network=True, load_dtd=False,
            huge_tree=False, remove_comments=True, remove_pis=True,
        )
        try:
            for chunk in self.chunks(z, part):
                pull.feed(chunk)
                for _event, element in pull.read_events():
                    yield element
            pull.close()
            for _event, element in pull.read_events():
                yield element
        except etree.XMLSyntaxError as error:
            if "depth" in str(error).lower():
                raise ImportFileError(
                    f"文件中的部件“{part}”XML 嵌套超过 {XML_DEPTH} 层（可能是恶意构造的文件），已拒绝读取",
                    file=self.file) from None
            raise


def forget(element: etree._Element) -> None:
    """Free an element that has been read, and the siblings read before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
