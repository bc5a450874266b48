"""The database side of triage: the department's other tables for the copy check, and the
risk of a version at submission (projects.review.triage does the arithmetic)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from documents import goaltable as doc
from documents.goaltable import GoalTable as Document
from documents.goaltable import IndicatorRow
from documents.rules import rule_by_code
from documents.rules.base import Finding
from indicators.models import Indicator
from projects.models import GoalTable

from .triage import Risk, risk_of

_ROW_FIELDS = ("name", "value_text", "value", "unit", "comparator", "level1", "level2")


def sibling_documents(*, table: GoalTable, document: doc.GoalTable) -> list[Document]:
    """The other tables of the same department and year, as far as the copy check reads them
    (their indicator rows): one query, however many tables the department has."""
    rows = defaultdict(list)
    siblings = (
        Indicator.objects.filter(table__unit__department_id=table.unit.department_id, table__fiscal_year_id=table.fiscal_year_id)
        .exclude(table_id=table.pk)
        .order_by("table_id", "order", "id")
        .values_list("table_id", "table__name", "table__code", *_ROW_FIELDS)
    )
    names = {}
    for table_id, name, code, *values in siblings:
        names[table_id] = (name, code)
        rows[table_id].append(IndicatorRow(**dict(zip(_ROW_FIELDS, values))))
    return [
        Document(name=names[pk][0], code=names[pk][1], department=document.department, unit_name=document.unit_name,
                 year=document.year, indicators=found)
        for pk, found in rows.items()
    ]


def copy_findings(*, table: GoalTable, document: doc.GoalTable) -> list:
    """R-CROSS-COPY's findings on `document` against the department's other tables."""
    rule = rule_by_code("R-CROSS-COPY")
    return [f for owner, f in rule.located([document, *sibling_documents(table=table, document=document)]) if owner is document]


def risk_at_submission(*, table: GoalTable, document: doc.GoalTable, findings: Iterable[Finding]) -> tuple[Risk, list]:
    """(risk, cross-table findings) of a version being submitted."""
    copies = copy_findings(table=table, document=document)
    rows = sum(1 for _ in document.all_indicators())
    return risk_of(findings=[*findings, *copies], rows=rows), copies
