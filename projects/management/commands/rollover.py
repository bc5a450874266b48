from django.core.management.base import BaseCommand, CommandError

from projects.rollover import RolloverError, rollover


class Command(BaseCommand):
    help = "把上一年度审核通过的绩效目标表复制为新年度的草稿（预算数和资金支出计划留空，原指标值记为上年值）；重复运行不会重复复制"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_year", type=int, required=True, help="源年度，如 2023")
        parser.add_argument("--to", dest="to_year", type=int, required=True, help="目标年度，如 2024")

    def handle(self, *args, from_year, to_year, **options):
        try:
            result = rollover(from_year=from_year, to_year=to_year)
        except RolloverError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(result.summary())
