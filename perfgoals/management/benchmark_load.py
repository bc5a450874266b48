"""`manage.py benchmark --load`: gunicorn on PostgreSQL under 1, 5 and 20 concurrent sessions.

A slow path, never run by the test suite.  It needs a PostgreSQL of its own (run it through
`scripts/with-postgres`, which makes a throwaway one): it migrates that database, fills it
with a province-sized year (3,000 tables by default), starts gunicorn on 127.0.0.1 with
production settings, and has threads play the pages of department staff and of finance
reviewers for a fixed time per step.  Sessions are created in the database (no login form,
so login throttling plays no part); requests go to loopback only and every loop is bounded
in time.  Latencies are per request as the client sees them.
"""
from __future__ import annotations

import http.cookiejar
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

if TYPE_CHECKING:
    from django.contrib.auth.models import User


CONCURRENCY = (1, 5, 20)
FULL_TABLES, QUICK_TABLES = 3000, 300
DEPARTMENTS = 30
UNITS_PER_DEPARTMENT = 4
REVIEWED_DEPARTMENTS = 10  # each reviewer's share of the province
STEP_SECONDS, QUICK_STEP_SECONDS = 15.0, 4.0
TIMEOUT = 30.0


@dataclass
class Step:
    mix: str
    sessions: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    by_page: dict  # page kind -> latencies, to see which page costs what
    server_cpu: float = 0.0  # CPU seconds the gunicorn workers spent in the step

    @property
    def cpu_ms_per_request(self) -> float:
        """Server CPU per request: unlike latency, hardly changed by other load on the machine."""
        return self.server_cpu * 1000 / self.requests if self.requests else 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (p in 0–100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise RuntimeError(
            "负载测试需要 PostgreSQL：请用 scripts/with-postgres .venv/bin/python manage.py benchmark --load 运行"
            "（它会建一个临时数据库，测完删除）。"
        )


# ---------------------------------------------------------------------------
# The world: departments, units, tables with indicators, staff and reviewers, sessions


def build_world(tables: int) -> dict:
    """Fill the (throwaway) database; returns the users and table ids the mixes visit."""
    from perfgoals.management.commands.benchmark import sample_table
    from projects.demo import (
        GROUP_REVIEWER,
        GROUP_STAFF,
        fiscal_year_for,
        load_taxonomy,
    )
    from projects.models import Department, GoalTable, Snapshot, Unit
    from projects.services import TableWrite, goal_tables_save_documents

    call_command("migrate", verbosity=0, interactive=False)
    year = fiscal_year_for(2024, load_taxonomy())
    User = get_user_model()
    departments = Department.objects.bulk_create(
        Department(name=f"示范市第{d + 1}局", region="示范市") for d in range(DEPARTMENTS)
    )
    units = Unit.objects.bulk_create(
        Unit(department=dep, code=f"{700000 + d * 10 + u}", name=f"示范市第{d + 1}局第{u + 1}单位")
        for d, dep in enumerate(departments) for u in range(UNITS_PER_DEPARTMENT)
    )
    per_batch = 200
    for start in range(0, tables, per_batch):
        writes = []
        for index in range(start, min(tables, start + per_batch)):
            document = sample_table(index)
            writes.append(TableWrite(document=document, fiscal_year=year, unit=units[index % len(units)]))
        goal_tables_save_documents(writes=writes)
    # Three in four tables submitted (the review season), a third of those already decided.
    statuses = [GoalTable.Status.SUBMITTED] * 2 + [GoalTable.Status.APPROVED, GoalTable.Status.DRAFT]
    ids = list(GoalTable.objects.order_by("id").values_list("id", flat=True))
    for status in set(statuses):
        GoalTable.objects.filter(id__in=[pk for i, pk in enumerate(ids) if statuses[i % 4] == status]).update(status=status)
    # The reviewer's page shows the submitted version: give the submitted ones their document.
    from projects.selectors import goal_table_prefetch, goal_table_to_document

    documents = {t.pk: goal_table_to_document(t).to_dict() for t in goal_table_prefetch(GoalTable.objects.all())}
    Snapshot.objects.bulk_create(
        Snapshot(table_id=pk, version=1, document=documents.get(pk, {}), warnings=i % 5, risk=(i * 37) % 100,
                 risk_reasons=[f"警告 {i % 5} 条（+{4 * (i % 5)}）"], suggested_grade="良",
                 rule_counts={"R-VALUE-NO-NUMBER": i % 3, "R-COMPLETE-UNIT": i % 2})
        for i, pk in enumerate(ids) if statuses[i % 4] != GoalTable.Status.DRAFT
    )
    from django.contrib.auth.models import Group

    staff_group, _ = Group.objects.get_or_create(name=GROUP_STAFF)
    reviewer_group, _ = Group.objects.get_or_create(name=GROUP_REVIEWER)
    # Sessions are made directly, so nobody needs a password (and hashing 120 of them takes a minute).
    made = User.objects.bulk_create(
        [User(username=f"staff{n}", password=make_password(None)) for n in range(len(units))]
        + [User(username=f"reviewer{n}", password=make_password(None)) for n in range(DEPARTMENTS // REVIEWED_DEPARTMENTS)]
    )
    staff_users, reviewer_users = made[: len(units)], made[len(units):]
    staff_group.user_set.add(*staff_users)
    reviewer_group.user_set.add(*reviewer_users)
    # Staff open and edit their drafts (a submitted table is locked for them).
    by_unit = defaultdict(list)
    for pk, unit_id in GoalTable.objects.filter(status=GoalTable.Status.DRAFT).values_list("id", "unit_id"):
        by_unit[unit_id].append(pk)
    staff, reviewers = [], []
    for user, unit in zip(staff_users, units):
        unit.staff.add(user)
        staff.append((user, by_unit[unit.pk], unit.department_id))
    for n, user in enumerate(reviewer_users):
        mine = departments[n * REVIEWED_DEPARTMENTS:(n + 1) * REVIEWED_DEPARTMENTS]
        for department in mine:
            department.reviewers.add(user)
        table_ids = list(
            GoalTable.objects.filter(unit__department__in=mine, status=GoalTable.Status.SUBMITTED).values_list("id", flat=True)
        )
        reviewers.append((user, table_ids, mine[0].pk))
    return {"staff": staff, "reviewers": reviewers, "year": year.year}


def session_cookie(user: User) -> str:
    """A logged-in session for `user`, made directly in the session store."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


# ---------------------------------------------------------------------------
# What a session does: the pages of its role, in a realistic order


def staff_pages(table_ids: list[int], department: int, year: int, rnd: random.Random) -> list[str]:
    pk = rnd.choice(table_ids)
    return ["/", f"/tables/{pk}/", f"/tables/{pk}/edit/", f"/departments/{department}/{year}/", "/"]


def reviewer_pages(table_ids: list[int], department: int, year: int, rnd: random.Random) -> list[str]:
    pk = rnd.choice(table_ids)
    return ["/review/", f"/tables/{pk}/review/", "/review/?sort=-risk&page=2", "/dashboard/", f"/tables/{pk}/", "/"]


MIXES = {"填报人": ("staff", staff_pages), "审核人": ("reviewers", reviewer_pages)}


# ---------------------------------------------------------------------------
# gunicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with production settings (DEBUG=0, WhiteNoise, collected static files) on loopback."""

    def __init__(self, *, workers: int, secret: str) -> None:
        self.workers = workers
        self.port = free_port()
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secret,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "CONN_MAX_AGE": "60",
        }
        self.process = None

    def __enter__(self) -> Server:
        python = sys.executable
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=self.env, check=True,
                       cwd=settings.BASE_DIR)
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(python)) or "gunicorn"
        self.process = subprocess.Popen(
            [gunicorn, "perfgoals.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers), "--log-level", "warning"],
            env=self.env, cwd=settings.BASE_DIR,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn 没有在 30 秒内启动")

    def cpu_seconds(self) -> float:
        """User+system CPU of the master's worker processes so far (Linux /proc)."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        try:
            with open(f"/proc/{self.process.pid}/task/{self.process.pid}/children") as f:
                workers = f.read().split()
        except OSError:
            return 0.0
        for pid in [str(self.process.pid), *workers]:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                continue
        return total

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


# ---------------------------------------------------------------------------
# The load


def _opener(cookie: str, port: int) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    jar.set_cookie(http.cookiejar.Cookie(
        0, settings.SESSION_COOKIE_NAME, cookie, None, False, "127.0.0.1", False, False, "/", True, False,
        None, False, None, None, {},
    ))
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def run_step(*, port: int, mix: str, people: list, sessions: int, year: int, seconds: float) -> Step:
    _, pages_of = MIXES[mix]
    latencies: list[float] = []
    by_page: dict[str, list[float]] = defaultdict(list)
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def play(n: int) -> None:
        user, table_ids, department, cookie = people[n % len(people)]
        opener = _opener(cookie, port)
        rnd = random.Random(n)
        mine, pages, failed = [], [], 0
        while time.monotonic() < stop_at:
            for path in pages_of(table_ids, department, year, rnd):
                if time.monotonic() >= stop_at:
                    break
                started = time.perf_counter()
                try:
                    with opener.open(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT) as response:
                        response.read()
                        ok = response.status == 200 and not response.geturl().rstrip("/").endswith("/login")
                except (urllib.error.URLError, OSError):
                    ok = False
                mine.append(time.perf_counter() - started)
                pages.append(page_kind(path))
                failed += not ok
        with lock:
            latencies.extend(mine)
            for kind, seconds_taken in zip(pages, mine):
                by_page[kind].append(seconds_taken)
            errors[0] += failed

    threads = [threading.Thread(target=play, args=(n,), daemon=True) for n in range(sessions)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT + 5)
    elapsed = time.monotonic() - started
    return Step(mix, sessions, len(latencies), errors[0], elapsed, latencies, dict(by_page))


def page_kind(path: str) -> str:
    """/tables/12/review/ -> /tables/N/review/ (query strings dropped)."""
    return "/".join("N" if part.isdigit() else part for part in path.split("?")[0].split("/"))


def run_load(*, tables: int, workers: int, seconds: float, out: TextIO) -> list[Step]:
    require_postgresql()
    out(f"负载测试：gunicorn {workers} 个 worker（本机 {os.cpu_count()} 核，开始时负载 {os.getloadavg()[0]:.1f}），"
        f"PostgreSQL，{tables:,} 张表……")
    started = time.monotonic()
    world = build_world(tables)
    out(f"已建好 {tables:,} 张表、{len(world['staff'])} 个填报人、{len(world['reviewers'])} 个审核人（{time.monotonic() - started:.0f} 秒）")
    secret = secrets.token_urlsafe(50)
    with override_settings(SECRET_KEY=secret):  # gunicorn runs with this key: the sessions must be signed with it
        people = {
            key: [(u, ids, dep, session_cookie(u)) for u, ids, dep in world[key] if ids]
            for key in ("staff", "reviewers")
        }
    connection.close()  # gunicorn's workers open their own connections
    steps = []
    with Server(workers=workers, secret=secret) as server:
        for mix, (key, _) in MIXES.items():
            # one warm-up pass so the first step does not pay for worker start-up
            run_step(port=server.port, mix=mix, people=people[key], sessions=1, year=world["year"], seconds=1.0)
            for sessions in CONCURRENCY:
                before = server.cpu_seconds()
                step = run_step(port=server.port, mix=mix, people=people[key], sessions=sessions,
                                year=world["year"], seconds=seconds)
                step.server_cpu = server.cpu_seconds() - before
                steps.append(step)
                out(f"  {mix} {sessions} 个并发会话：{step.requests} 个请求，{step.rate:.1f} 请求/秒，"
                    f"p50 {step.percentile(50) * 1000:.0f} ms，p99 {step.percentile(99) * 1000:.0f} ms，"
                    f"服务端 CPU {step.cpu_ms_per_request:.0f} ms/请求"
                    f"（负载 {os.getloadavg()[0]:.1f}）")
    return steps
