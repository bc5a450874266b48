"""`manage.py worker`: run the background jobs (imports, exports) from the database queue.

The same as django-tasks-db's `db_worker`, without reloading on code changes: `make run` stops
it together with the server, and a reloading worker would leave its child process behind."""
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务（导入、导出）；与开发服务器一起由 make run 启动，生产环境请作为常驻服务运行"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="队列清空后退出")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时每隔几秒检查一次（默认 1）")

    def handle(self, *args, batch=False, interval=1.0, **options):
        call_command("db_worker", batch=batch, interval=interval, reload=False, startup_delay=False,
                     verbosity=options.get("verbosity", 1))
