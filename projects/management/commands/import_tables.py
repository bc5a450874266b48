from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.amounts import money_text
from documents.goaltable import LAYOUTS
from projects import audit
from projects.models import Department
from projects.transfer.imports import (
    ImportBlocked,
    Preview,
    Problem,
    import_confirm,
    import_preview,
    max_file_bytes,
)


class Command(BaseCommand):
    help = (
        "从 Word（.docx）或 Excel（.xlsx）文件导入绩效目标表：先预览，没有错误才写入（全部写入或全部不写）；"
        "--dry-run 只预览"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="要导入的 .docx / .xlsx 文件，可以多个")
        parser.add_argument("--year", type=int, help="文件中没有年度时导入到该年度，如 2023")
        parser.add_argument("--unit", help="文件中没有预算单位时导入到该单位（单位编码，无编码时用单位名称）")
        parser.add_argument("--layout", choices=LAYOUTS, help="指定版式，不自动识别")
        parser.add_argument(
            "--new-units-in",
            metavar="DEPARTMENT",
            help="文件中的预算单位在系统中不存在时，把它建在这个预算部门下（部门名称或编码）；不指定则报错",
        )
        parser.add_argument("--dry-run", action="store_true", help="只预览，不写入数据库")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="预览的输出格式，默认 text")

    def handle(self, *args: Any, files: list[str], year: int | None = None, unit: str | None = None, layout: str | None = None, new_units_in: str | None = None, dry_run: bool = False,
               format: str = "text", **options: Any) -> None:
        department = self._department(new_units_in) if new_units_in else None
        preview = import_preview(
            files=[(path.name, data) for path, data in self._read(files)],
            year=year,
            unit_code=unit,
            layout=layout,
            new_unit_department=department,
        )
        if format == "json":
            self.stdout.write(json.dumps(preview.to_json(), ensure_ascii=False, indent=2))
        else:
            self._write_preview(preview)
        if preview.has_errors:
            raise CommandError(self._errors_text(preview.errors) + "\n数据库未作任何修改。")
        if dry_run:
            if format == "text":
                self.stdout.write("（--dry-run：只预览，数据库未作任何修改。）")
            return
        try:
            result = import_confirm(preview=preview)
        except ImportBlocked as blocked:
            raise CommandError(self._errors_text(blocked.problems)) from blocked
        audit.log_import(user=None, what="、".join(str(name) for name in files), summary=result.summary())
        # In JSON mode stdout holds only the preview object; the outcome goes to stderr.
        (self.stderr if format == "json" else self.stdout).write("导入完成：" + result.summary())

    def _read(self, names: Iterable[str]) -> list[tuple[str, bytes]]:
        limit = max_file_bytes()
        read = []
        for name in names:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}：文件不存在或不是文件。")
            size = path.stat().st_size
            if size > limit:
                raise CommandError(
                    f"{name}：文件有 {size / 1024 / 1024:.1f} MB，超过上限 {limit // 1024 // 1024} MB，未导入任何文件。"
                )
            try:
                read.append((path, path.read_bytes()))
            except OSError as error:
                raise CommandError(f"{name}：无法读取文件（{error.strerror}）。") from error
        return read

    def _department(self, text: str) -> Department:
        found = list(Department.objects.filter(name=text)[:2]) or list(Department.objects.filter(code=text)[:2])
        if len(found) != 1:
            raise CommandError(
                f"没有名称或编码为“{text}”的预算部门。" if not found else f"名称为“{text}”的预算部门不止一个，请改用部门编码。"
            )
        return found[0]

    def _errors_text(self, problems: Iterable[Problem]) -> str:
        lines = [f"导入失败，有 {len(problems)} 个错误："]
        lines += [f"  {p.file} {p.place}：{p.message}".replace("  ：", "  ") for p in problems]
        return "\n".join(lines)

    def _write_preview(self, preview: Preview) -> None:
        out = self.stdout
        current = None
        for t in preview.tables:
            if t.file != current:
                current = t.file
                out.write(f"\n{'=' * 8} {t.file} {'=' * 8}")
            d = t.document
            action = t.label
            budget = "" if d.budget_total is None else f"，预算数 {money_text(d.budget_total)} 万元"
            code = f"（{d.code}）" if d.code else ""
            out.write(f"{t.number}. [{action}] {d.name}{code}")
            out.write(
                f"    {t.year or '？'}年 · {t.unit_label or '？'} · {d.layout} 版式{budget}，"
                f"资金支出计划 {len(d.milestones)} 项，绩效指标 {sum(1 for _ in d.all_indicators())} 个"
            )
            if t.way_forward:
                out.write(f"    {t.way_forward}")
            for f in t.findings:
                where = f"第{f.row + 1}行“{f.indicator or ''}”" if f.row is not None else "表"
                out.write(f"    [{f.severity_label}] {where} · {f.field_label}：{f.message}")
        if preview.problems:
            out.write("\n问题：")
            for p in preview.problems:
                label = "错误" if p.severity == "error" else "警告"
                out.write(f"  [{label}] {p.file} {p.place}：{p.message}")
        for note in preview.notes:
            out.write(f"  说明：{note}")
        totals = preview.totals()
        locked = f"，未导入（审核中/已审核）{totals['locked']} 张" if totals["locked"] else ""
        out.write(
            f"\n共 {len(preview.tables)} 张表：新建 {totals['created']} 张，更新 {totals['updated']} 张，"
            f"无变化 {totals['unchanged']} 张{locked}；问题 {len(preview.problems)} 个（错误 {len(preview.errors)} 个）。"
        )
        if preview.new_units:
            names = "、".join(str(u) for u in preview.new_units)
            out.write(f"将在“{preview.new_unit_department}”下新建预算单位：{names}")
        if preview.new_years:
            out.write("将新建年度：" + "、".join(str(y) for y in preview.new_years))
