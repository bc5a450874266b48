from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q, QuerySet

from documents.rules import SEVERITY_LABELS, check_tables_by_table
from indicators.schemes import scheme_aliases, scheme_mapping
from projects.models import SEQ_ORDER, FiscalYear, GoalTable, Unit
from projects.selectors import goal_table_prefetch, goal_table_to_document


class Command(BaseCommand):
    help = "按审核规则检查绩效目标表，列出发现的问题（有问题也以 0 退出）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="只检查该年度的表，如 2023")
        parser.add_argument("--unit", help="只检查该预算单位的表（单位编码，无编码时用单位名称）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式，默认 text")

    def handle(self, *args: Any, year: int | None = None, unit: str | None = None, format: str = "text", **options: Any) -> None:
        tables = GoalTable.objects.all()
        if year is not None:
            if not FiscalYear.objects.filter(year=year).exists():
                known = "、".join(str(y) for y in FiscalYear.objects.order_by("year").values_list("year", flat=True))
                raise CommandError(f"没有 {year} 年度。现有年度：{known or '无'}")
            tables = tables.filter(fiscal_year__year=year)
        if unit:
            units = Unit.objects.filter(Q(code=unit) | Q(name=unit))
            if not units.exists():
                raise CommandError(f"没有编码或名称为“{unit}”的预算单位。")
            selected = tables.filter(unit__in=units)
            # Near-copies are looked for across the whole department, not only this unit.
            context = tables.filter(unit__department__in=units.values("department")).exclude(pk__in=selected)
        else:
            selected, context = tables, GoalTable.objects.none()

        checked = self._load(selected)
        others = self._load(context)
        results = check_tables_by_table(
            [d for _, d, _, _ in checked],
            schemes=[m for _, _, m, _ in checked],
            aliases=[a for _, _, _, a in checked],
            context=[d for _, d, _, _ in others],
            shares=[t.scheme.self_evaluation_weights for t, _, _, _ in checked],
        )
        if format == "json":
            payload = [f.to_json() for _, findings in results for f in findings]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self._write_text([(row[0], findings) for row, (_, findings) in zip(checked, results)])

    def _load(self, queryset: QuerySet[GoalTable]) -> list:
        """(model, document, scheme mapping, aliases) per table, reading each scheme once."""
        queryset = goal_table_prefetch(queryset.select_related("scheme")).order_by(
            "fiscal_year__year", "unit__department__name", "unit__code", "unit__name", SEQ_ORDER, "id"
        )
        schemes = {}
        loaded = []
        for table in queryset:
            if table.scheme_id not in schemes:
                schemes[table.scheme_id] = (scheme_mapping(table.scheme), scheme_aliases(table.scheme))
            mapping, aliases = schemes[table.scheme_id]
            loaded.append((table, goal_table_to_document(table), mapping, aliases))
        return loaded

    def _write_text(self, results: list) -> None:
        out = self.stdout
        totals = {severity: 0 for severity in SEVERITY_LABELS}
        heading = None
        for table, findings in results:
            for f in findings:
                totals[f.severity] += 1
            if not findings:
                continue
            department = table.unit.department.name
            unit_label = str(table.unit)
            unit_heading = f"{table.fiscal_year.year}年 {department}" + ("" if unit_label == department else f" · {unit_label}")
            if unit_heading != heading:
                heading = unit_heading
                out.write(f"\n{'=' * 8} {heading} {'=' * 8}")
            number = f"{table.seq}. " if table.seq else ""
            code = f"（{table.code}）" if table.code else ""
            counts = "，".join(
                f"{label} {n} 条" for severity, label in SEVERITY_LABELS.items()
                if (n := sum(1 for f in findings if f.severity == severity))
            )
            out.write(f"\n{number}{table.name}{code}：{counts}")
            for f in findings:
                where = f"第{f.row + 1}行“{f.indicator or ''}”" if f.row is not None else "表"
                out.write(f"  [{f.severity_label}] {where} · {f.field_label}  {f.code}")
                out.write(f"      {f.message}")
                out.write(f"      依据：{f.source}")
        problems = sum(totals.values())
        checked = len(results)
        if not problems:
            out.write(f"共检查 {checked} 张表，未发现问题。")
            return
        summary = "，".join(f"{label} {totals[s]} 条" for s, label in SEVERITY_LABELS.items())
        out.write(f"\n共检查 {checked} 张表，发现 {problems} 条问题：{summary}。")
