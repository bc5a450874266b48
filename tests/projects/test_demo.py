from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.urls import reverse

from indicators.models import Indicator
from projects.models import GoalTable, Milestone

pytestmark = pytest.mark.django_db


def _run_demo():
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def _snapshot():
    return (
        list(GoalTable.objects.order_by("pk").values_list("pk", "updated_at")),
        Indicator.history.count(),
        Milestone.history.count(),
        GoalTable.history.count(),
    )


def test_demo_twice_changes_nothing():
    first = _run_demo()
    assert "新建" in first and "perfgoals-admin" in first
    before = _snapshot()
    second = _run_demo()
    assert "新建 0 张，更新 0 张" in second
    assert _snapshot() == before


def test_demo_prints_a_login_for_each_role_and_each_seed_department():
    out = _run_demo()
    for username in ("admin", "shenhe", "qingdao", "shanhaiguan", "yuanjiang", "linyi", "fuzhou"):
        assert f"  {username} " in out
        assert get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize(
    "username,region",
    [("qingdao", "青岛市"), ("shanhaiguan", "秦皇岛市山海关区"), ("yuanjiang", "湖南省沅江市"),
     ("linyi", "山东省临沂市"), ("fuzhou", "福建省福州市鼓楼区")],
)
def test_each_demo_staff_logs_in_and_sees_exactly_their_tables(client, username, region):
    _run_demo()
    assert client.login(request=HttpRequest(), username=username, password=f"perfgoals-{username}")
    page = client.get(reverse("home")).content.decode()
    own = GoalTable.objects.filter(unit__department__region=region)
    others = GoalTable.objects.exclude(unit__department__region=region)
    assert own.exists()
    for table in own:
        assert reverse("table_detail", args=[table.pk]) in page
    for table in others:
        assert reverse("table_detail", args=[table.pk]) not in page


def test_reviewer_and_admin_see_every_demo_table(client):
    _run_demo()
    for username in ("shenhe", "admin"):
        assert client.login(request=HttpRequest(), username=username, password=f"perfgoals-{username}")
        page = client.get(reverse("home"), {"drafts": "1"}).content.decode()  # a reviewer's drafts are on request
        for table in GoalTable.objects.all():
            assert reverse("table_detail", args=[table.pk]) in page


def test_library_holds_the_common_and_every_filed_indicator_once():
    from indicators.models import LibraryIndicator

    out = _run_demo()
    assert "指标库新增 0 条" not in out
    library = LibraryIndicator.objects
    # a common one of the 2021 scheme, with its usual comparator and unit
    common = library.get(scheme__code="mof2021", name="服务对象满意度", level2="服务对象满意度指标")
    assert (common.comparator, common.unit) == ("≥", "%")
    # filed ones from three different seeds and schemes
    assert library.filter(scheme__code="mof2021", name="证照制作数量", unit="万份").exists()
    assert library.filter(scheme__code="legacy", level1="产出指标", level2="成本指标", name="项目成本").exists()
    assert library.filter(scheme__code="hunan", name="培训人次", unit="人次").exists()
    count = library.count()
    assert "指标库新增 0 条" in _run_demo()
    assert library.count() == count


def test_reviewer_finds_the_submitted_demo_tables_waiting_once():
    _run_demo()
    submitted = GoalTable.objects.filter(status=GoalTable.Status.SUBMITTED)
    assert submitted.count() == 11
    assert set(submitted.values_list("unit__department__region", flat=True)) == {"福建省福州市鼓楼区"}
    assert all(t.snapshots.count() == 1 for t in submitted)
    _run_demo()
    assert all(t.snapshots.count() == 1 for t in submitted)


def test_demo_under_production_settings_runs_only_when_forced(settings, monkeypatch):
    settings.PRODUCTION = True
    loaded = []
    monkeypatch.setattr(
        "projects.management.commands.demo.load_demo",
        lambda: loaded.append(True) or ({"created": 0, "updated": 0, "unchanged": 0, "library": 0, "submitted": 0}, []),
    )
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=StringIO())
    assert loaded == []

    call_command("demo", "--force", stdout=StringIO())
    assert loaded == [True]
