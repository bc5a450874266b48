"""A job's page in a real browser: the progress bar follows the worker without a reload, and
when the job ends the page goes on to its result (with the outcome) or shows the failure."""
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from jobs.models import Job

pytestmark = pytest.mark.browser

PASSWORD = "Lk3-绩效-目标-2024"


@pytest.fixture
def admin(transactional_db):
    return get_user_model().objects.create_user(username="guanli", password=PASSWORD, is_superuser=True,
                                                is_staff=True)


def _log_in(page):
    page.goto("/login/")
    page.locator("input[name=username]").fill("guanli")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.locator("input[name=password]")).to_have_count(0)


def test_the_progress_bar_moves_as_the_worker_reports_and_the_page_goes_on_at_the_end(page, admin):
    _log_in(page)
    job = Job.objects.create(user=admin, title="读取导入文件（1 个）", runner="x", step="等待开始")
    page.goto(f"/jobs/{job.pk}/")
    bar = page.locator("progress#job-progress")
    expect(bar).to_have_attribute("value", "0")
    expect(page.locator("#job-status")).to_have_text("排队中")

    # what the worker writes as it reads (jobs.services.Progress)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=40, step="正在读取《甲.docx》（第 1/1 个文件）")
    expect(page.locator("#job-percent")).to_have_text("40%")
    expect(page.locator("#job-step")).to_have_text("正在读取《甲.docx》（第 1/1 个文件）")
    expect(page.locator("#job-status")).to_have_text("进行中")
    assert bar.evaluate("el => el.value") == 40

    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress=100, result_url="/import/",
                                         message="导入完成：新建 2 张表，更新 0 张，无变化 0 张。")
    expect(page).to_have_url(re.compile(r"/import/$"))
    expect(page.locator(".messages")).to_contain_text("导入完成：新建 2 张表")


def test_a_failed_job_shows_why_in_chinese(page, admin):
    _log_in(page)
    job = Job.objects.create(user=admin, title="导入 1 个文件", runner="x", status=Job.Status.RUNNING, progress=50)
    page.goto(f"/jobs/{job.pk}/")
    expect(page.locator("#job-percent")).to_have_text("50%")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, message="导入没有完成，没有写入任何内容：",
        problems=[{"file": "甲.docx", "place": "第1张表《培训》", "message": "缺少指标值"}],
        params={"back_url": "/import/abc/"})
    expect(page.locator("[role=alert]")).to_contain_text("导入没有完成，没有写入任何内容")
    expect(page.locator("[role=alert]")).to_contain_text("甲.docx（第1张表《培训》）：缺少指标值")
    expect(page.locator("progress")).to_have_count(0)
    expect(page.get_by_role("link", name="返回预览")).to_have_attribute("href", "/import/abc/")
