"""The numbers of the reviewers' and admins' dashboard (总览): progress, findings by rule, budget.

Each function takes the tables the user may review (already scoped) and a year, and returns a
`Dataset`: the rows behind one chart, which the page draws and the user can download as
CSV or XLSX.  Aggregates only: a fixed number of queries whatever the number of tables.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from openpyxl import Workbook

from documents.rules import RULES
from projects.models import GoalTable, Snapshot

S = GoalTable.Status
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))


@dataclass(frozen=True)
class Dataset:
    name: str  # in the file name and the URL: progress, rules, budget
    title: str
    header: list[str]
    rows: list[list]

    def to_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.header)
        writer.writerows([[_plain(v) for v in row] for row in self.rows])
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8

    def to_xlsx(self) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.title = self.title[:31]
        sheet.append(self.header)
        for row in self.rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for column, title in zip(sheet.columns, self.header):
            sheet.column_dimensions[column[0].column_letter].width = max(10, len(title) * 2 + 2)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _plain(value: object) -> object:
    return format(value, "f") if isinstance(value, Decimal) else value


def progress(tables: QuerySet[GoalTable], *, year: int) -> Dataset:
    """Tables per department and status, with the share approved."""
    counts = {s: Count("id", filter=Q(status=s)) for s in S.values}
    rows = (
        tables.filter(fiscal_year__year=year)
        .order_by()
        .values("unit__department_id", "unit__department__region", "unit__department__name")
        .annotate(total=Count("id"), **counts)
        .order_by("-total", "unit__department__name")
    )
    out = []
    for r in rows:
        approved_share = round(r[S.APPROVED] * 100 / r["total"]) if r["total"] else 0
        name = f"{r['unit__department__region']} {r['unit__department__name']}".strip()
        out.append([name, *(r[s] for s in S.values), r["total"], approved_share])
    return Dataset(
        "progress", "审核进度", ["预算部门", *(label for _, label in S.choices), "合计", "通过率（%）"], out
    )


def findings_by_rule(tables: QuerySet[GoalTable], *, year: int) -> Dataset:
    """Findings per rule over each table's latest submitted version."""
    latest = Snapshot.objects.filter(table=OuterRef("pk")).order_by("-version")
    counts_per_table = (
        tables.filter(fiscal_year__year=year)
        .annotate(rule_counts=Subquery(latest.values("rule_counts")[:1]))
        .exclude(rule_counts__isnull=True)
        .values_list("rule_counts", flat=True)
    )
    findings, tables_hit = Counter(), Counter()
    for counts in counts_per_table:
        for code, n in (counts or {}).items():
            findings[code] += n
            tables_hit[code] += 1
    rules = {r.code: r for r in RULES}
    rows = [
        [code, rules[code].title if code in rules else "（已停用的规则）", rules[code].severity_label if code in rules else "",
         n, tables_hit[code]]
        for code, n in sorted(findings.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Dataset("rules", "按规则统计", ["规则编号", "规则", "级别", "发现条数", "涉及表数"], rows)


def budget(tables: QuerySet[GoalTable], *, year: int) -> Dataset:
    """Budget per department: in all tables, in approved ones, and the share approved (项目支出 only,
    so a department's overall table does not count its money twice)."""
    rows = (
        tables.filter(fiscal_year__year=year, kind=GoalTable.Kind.PROJECT)
        .order_by()
        .values("unit__department__region", "unit__department__name")
        .annotate(
            total=Coalesce(Sum("budget_total"), ZERO),
            approved=Coalesce(Sum("budget_total", filter=Q(status=S.APPROVED)), ZERO),
        )
        .order_by("-total", "unit__department__name")
    )
    out = []
    for r in rows:
        share = round(r["approved"] * 100 / r["total"]) if r["total"] else 0
        name = f"{r['unit__department__region']} {r['unit__department__name']}".strip()
        out.append([name, r["total"], r["approved"], share])
    return Dataset("budget", "预算覆盖", ["预算部门", "预算数合计（万元）", "已审核通过（万元）", "覆盖率（%）"], out)


DATASETS = {"progress": progress, "rules": findings_by_rule, "budget": budget}
