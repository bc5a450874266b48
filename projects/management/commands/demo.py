from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from projects.demo import load_demo


class Command(BaseCommand):
    help = "载入指标体系、五个种子地区的演示数据和演示用户（可重复运行，不会重复写入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="在生产设置（DEBUG=0）下也载入演示数据和演示账号（账号的密码是公开的，慎用）",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        # The demo users' passwords are printed and documented: on a production database they are open doors.
        if settings.PRODUCTION and not force:
            raise CommandError(
                "当前是生产设置（DEBUG=0）：演示数据会建立密码公开的演示账号，已拒绝执行。"
                "确需在此环境载入演示数据，请加 --force。"
            )
        totals, logins = load_demo()
        self.stdout.write(
            f"绩效目标表：新建 {totals['created']} 张，更新 {totals['updated']} 张，未变 {totals['unchanged']} 张；指标库新增 {totals['library']} 条"
        )
        if totals["submitted"]:
            self.stdout.write(f"已代福州市鼓楼区提交 {totals['submitted']} 张表，供审核人 shenhe 演示审核")
        self.stdout.write("演示账号（用户名 / 密码 / 角色 / 范围）：")
        for login in logins:
            note = "" if login.created else "（已存在，密码未改动）"
            self.stdout.write(f"  {login.username:<12} {login.password:<22} {login.role}  {login.scope}{note}")
