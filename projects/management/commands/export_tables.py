from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q, QuerySet

from documents.goaltable import LAYOUTS
from projects.models import FiscalYear, GoalTable, Unit
from projects.transfer.exports import FORMAT_NAMES, FORMATS, ExportError, export_tables_file


class Command(BaseCommand):
    help = (
        "把绩效目标表导出为 Word 或 Excel 文件。同一部门的多张表导出为该部门的整本文本"
        "（封面、目录、部门绩效文本、按单位编号的项目表）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="预算年度，如 2023（必填）")
        parser.add_argument("--unit", help="只导出该预算单位的表（单位编码，无编码时用单位名称）")
        parser.add_argument("--project", help="只导出该项目的表（项目编码，无编码时用项目名称）")
        parser.add_argument("--layout", help=f"用此版式打印每张表，代替表自己的版式：{'、'.join(LAYOUTS)}")
        parser.add_argument("--format", help="docx 或 xlsx；不填时按输出文件的扩展名")
        parser.add_argument("-o", "--output", help="输出文件路径（必填）")

    def handle(self, *args: Any, year: int | None = None, unit: str | None = None, project: str | None = None, layout: str | None = None, format: str | None = None, output: str | None = None, **options: Any) -> None:
        if year is None:
            raise CommandError("请用 --year 指定预算年度，如 --year 2023")
        if not output:
            raise CommandError("请用 -o 指定输出文件，如 -o 绩效目标表.docx")
        fmt = (format or Path(output).suffix.lstrip(".")).lower()
        if fmt not in FORMATS:
            raise CommandError(f"请用 --format 指定 {' 或 '.join(FORMATS)}（输出文件扩展名也可以）")

        tables = self._select(year=year, unit=unit, project=project)
        try:
            export = export_tables_file(tables=tables, fmt=fmt, layout=layout, department_document=None)
        except ExportError as error:
            raise CommandError(str(error)) from error
        try:
            Path(output).write_bytes(export.content)
        except OSError as error:
            raise CommandError(f"无法写入 {output}：{error.strerror or error}") from error

        shape = "部门整本文本" if export.department_document else "绩效目标表"
        self.stdout.write(f"已导出 {export.count} 张绩效目标表（{shape}，{FORMAT_NAMES[fmt]}）到 {output}")

    def _select(self, *, year: int, unit: str | None, project: str | None) -> QuerySet[GoalTable]:
        if not FiscalYear.objects.filter(year=year).exists():
            known = "、".join(str(y) for y in FiscalYear.objects.order_by("year").values_list("year", flat=True))
            raise CommandError(f"没有 {year} 年度。现有年度：{known or '无'}")
        tables = GoalTable.objects.filter(fiscal_year__year=year)
        if unit:
            units = Unit.objects.filter(Q(code=unit) | Q(name=unit))
            if not units.exists():
                raise CommandError(f"没有编码或名称为“{unit}”的预算单位。")
            tables = tables.filter(unit__in=units)
        if project:
            if not GoalTable.objects.filter(Q(code=project) | Q(name=project)).exists():
                raise CommandError(f"没有项目编码或名称为“{project}”的绩效目标表。")
            tables = tables.filter(Q(code=project) | Q(name=project))
        if not tables.exists():
            raise CommandError("所选范围内没有绩效目标表：请检查 --year、--unit 和 --project 是否对应。")
        return tables
