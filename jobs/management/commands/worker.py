"""`manage.py worker`: run the background jobs (imports, exports) from the database queue.

The same as django-tasks-db's `db_worker`, without reloading on code changes: `make run` stops
it together with the server, and a reloading worker would leave its child process behind."""
from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from jobs.services import fail_interrupted


class Command(BaseCommand):
    help = "运行后台任务（导入、导出）；与开发服务器一起由 make run 启动，生产环境请作为常驻服务运行"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="队列清空后退出")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时每隔几秒检查一次（默认 1）")
        parser.add_argument("--stale-minutes", type=float, default=30.0,
                            help="启动时把超过这么多分钟没有进展的“进行中”任务标为中断（默认 30）")

    def handle(self, *args: Any, batch: bool = False, interval: float = 1.0, stale_minutes: float = 30.0, **options: Any) -> None:
        # A job whose worker was stopped mid-way stays "running"; its user is told instead of waiting.
        # (Queued jobs need nothing: they wait in the database and run now.)
        stopped = fail_interrupted(older_than_seconds=stale_minutes * 60)
        if stopped and options.get("verbosity", 1):
            self.stdout.write(f"{stopped} 个中断的任务已标为失败")
        call_command("db_worker", batch=batch, interval=interval, reload=False, startup_delay=False,
                     verbosity=options.get("verbosity", 1))
