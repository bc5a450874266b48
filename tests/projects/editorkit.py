"""Reading the editor page the way a browser submits it, for tests that post through the real view."""
from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse


class _FormReader(HTMLParser):
    """The fields a browser would submit from form#editor (nothing inside <template>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._template = 0
        self._select = None
        self._select_value = None
        self._first_option = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self._template += 1
        if self._template:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._select_value, self._first_option = a["name"], None, None
        elif tag == "option" and self._select:
            self._option = a
            self._option_text = ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._template:
            return
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "template":
            self._template -= 1
            return
        if self._template:
            return
        if tag == "option" and self._option is not None:
            value = self._option.get("value", self._option_text)
            if self._first_option is None:
                self._first_option = value
            if "selected" in self._option:
                self._select_value = value
            self._option = None
        elif tag == "select" and self._select:
            value = self._select_value if self._select_value is not None else self._first_option
            self.fields.append((self._select, value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # The HTML parser drops one newline right after <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(html: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(html)
    return dict(reader.fields)


def edit_url(table) -> str:
    return reverse("table_edit", args=[table.pk])


def load_form(client, table) -> dict[str, str]:
    response = client.get(edit_url(table))
    assert response.status_code == 200, response.status_code
    return form_fields(response.content.decode())


def row_prefixes(data: dict[str, str]) -> list[str]:
    """The line prefixes (r-0, r-1, …) in the order their ORDER numbers put them."""
    total = int(data["r-TOTAL_FORMS"])
    prefixes = [f"r-{i}" for i in range(total)]
    return sorted(prefixes, key=lambda p: int(data.get(f"{p}-ORDER") or 10**6))


def add_row(data: dict[str, str], **values) -> str:
    """Append a line the way the page's “添加” does: a new form index, ORDER at the end."""
    index = int(data["r-TOTAL_FORMS"])
    prefix = f"r-{index}"
    data["r-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-ORDER"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{name}"] = value
    return prefix


def _typed(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def fill_document(data: dict[str, str], document) -> None:
    """Type `document` into a loaded editor form the way a person would, replacing what is there.

    Each value is typed as filed into the number box, with the comparator and unit chosen
    beside it, so the page has to read the value itself.
    """
    from documents.goaltable import IndicatorRow
    from projects.editor.services import HEADER_FIELDS, document_rows

    for name in HEADER_FIELDS:
        data[f"t-{name}"] = _typed(getattr(document, name))
    initial = int(data["m-INITIAL_FORMS"])
    for i, point in enumerate(document.milestones):
        data.update({f"m-{i}-label": point.label, f"m-{i}-month": _typed(point.month), f"m-{i}-value": _typed(point.value)})
        data.pop(f"m-{i}-DELETE", None)
    for i in range(len(document.milestones), initial):
        data[f"m-{i}-DELETE"] = "on"
    data["m-TOTAL_FORMS"] = str(max(initial, len(document.milestones)))

    for prefix in row_prefixes(data):
        data[f"{prefix}-DELETE"] = "on"
    for row, duty, task in document_rows(document):
        values = {}
        if duty is not None:
            values.update(duty_seq=duty.seq, duty_name=duty.name, task_name=task.name, task_goal=task.goal)
        for name, value in vars(row or IndicatorRow()).items():
            if name not in ("value", "value_text"):
                values[name] = _typed(value)
        values["value"] = row.value_text if row is not None else ""
        add_row(data, **values)
