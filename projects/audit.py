"""The audit log: who logged in, who failed to, who downloaded or imported what.

One named logger, ``perfgoals.audit``, so operations can route it to its own
file or syslog (settings.LOGGING sends it to the console at INFO by default).
Every record names the user and the client address; a failed login names the
username that was tried, never the password.
"""
from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest

logger = logging.getLogger("perfgoals.audit")


def client_address(request: HttpRequest) -> str:
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR") or "-"


def _clean(text: str) -> str:
    """One line, bounded: a typed username must not forge log lines."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return text[:150]


def _who(user: User) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "匿名"
    return _clean(user.get_username())


def log_download(request: HttpRequest, *, what: str, tables: int, fmt: str) -> None:
    logger.info(
        "下载 用户=%s 地址=%s 内容=%s 表数=%d 格式=%s",
        _who(request.user), client_address(request), _clean(what), tables, fmt,
    )


def log_import(*, user: User, request: HttpRequest | None = None, address: str = "", what: str, summary: str) -> None:
    """`user` may be None for the command line (manage.py import_tables); a background job gives
    the `address` its request came from."""
    logger.info(
        "导入 用户=%s 地址=%s 来源=%s 结果=%s",
        _who(user) if user is not None else "命令行", address or client_address(request), _clean(what), _clean(summary),
    )


@receiver(user_logged_in, dispatch_uid="perfgoals.audit.logged_in")
def _logged_in(sender: type[models.Model], request: HttpRequest, user: User, **kwargs: Any) -> None:
    logger.info("登录成功 用户=%s 地址=%s", _who(user), client_address(request))


@receiver(user_logged_out, dispatch_uid="perfgoals.audit.logged_out")
def _logged_out(sender: type[models.Model], request: HttpRequest, user: User, **kwargs: Any) -> None:
    logger.info("退出登录 用户=%s 地址=%s", _who(user), client_address(request))


@receiver(user_login_failed, dispatch_uid="perfgoals.audit.login_failed")
def _login_failed(sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Django has already replaced the password in `credentials` by asterisks; only the username is logged.
    logger.warning("登录失败 用户名=%s 地址=%s", _clean(credentials.get("username", "")), client_address(request))


@receiver(user_locked_out, dispatch_uid="perfgoals.audit.locked_out")
def _locked_out(sender: object, request: HttpRequest, username: str, ip_address: str | None, **kwargs: Any) -> None:
    logger.warning("登录已锁定 用户名=%s 地址=%s", _clean(username or ""), ip_address or "-")
