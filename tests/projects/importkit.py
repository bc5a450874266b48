"""Real files for the import tests, made by the project's own renderers."""
from __future__ import annotations

import dataclasses
import io
import zipfile

from documents.render.docx_render import render_docx
from documents.render.xlsx_render import render_xlsx
from tests.base import sample_document


def doc(name="新项目", code="P0001", **changes):
    """A small standard table of unit 130001 in 2023 (tests.base personas)."""
    document = sample_document(name=name, code=code)
    fields = {"year": 2023, "unit_code": "130001", "unit_name": "青岛市行政审批服务局本级", **changes}
    return dataclasses.replace(document, **fields)


def docx_of(*documents) -> bytes:
    """Word prints the year above a table of a selection (the department document: on its cover)."""
    return render_docx(list(documents))


def xlsx_of(*documents) -> bytes:
    """Excel carries the year in each sheet's title."""
    return render_xlsx(list(documents))


def corrupted(data: bytes) -> bytes:
    """The first half of a real file: a zip whose directory is gone."""
    return data[: len(data) // 2]


def encrypted() -> bytes:
    """What Office writes for a password-protected file: a compound file holding EncryptedPackage."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64


def not_office() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    return out.getvalue()

