from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projects.transfer.rollover import RolloverError, rollover


class Command(BaseCommand):
    help = (
        "把一个年度审核通过的绩效目标表复制为新年度的草稿（原指标值记为上年值，预算数沿用上年并标为待核实）；"
        "重复运行不会重复复制；没有可复制的表时不建立新年度"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="from_year", type=int, required=True, help="源年度，如 2023")
        parser.add_argument("--to", dest="to_year", type=int, required=True, help="目标年度，如 2024")
        parser.add_argument(
            "--include-unapproved",
            action="store_true",
            help="连同未审核通过的表（草稿、已提交、退回修改）一并结转",
        )

    def handle(self, *args: Any, from_year: int, to_year: int, include_unapproved: bool, **options: Any) -> None:
        try:
            result = rollover(from_year=from_year, to_year=to_year, include_unapproved=include_unapproved)
        except RolloverError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(result.summary())
