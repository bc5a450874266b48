"""Parsing one XML part of a .docx or .xlsx, and what is refused on the way.

Word and Excel never write a DOCTYPE. One in a part can only declare entities: with entity
resolution off (it must stay off: resolving is how "billion laughs" and external-entity files
attack), a reference like `&x;` stays an entity node, and reading a cell's .text silently lost
everything after it. A part with a DOCTYPE is therefore refused as a whole, by name.
"""
from __future__ import annotations

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class DoctypeInPart(ValueError):
    """The part declares a DOCTYPE (entities); the part's name is the message."""


def parse_part(data: bytes, *, part: str = "") -> etree._Element:
    root = etree.fromstring(data, PARSER)
    if root.getroottree().docinfo.doctype:
        raise DoctypeInPart(part)
    return root
