"""Background jobs: an import runs on the database task queue through the real worker
(`manage.py db_worker`), its page shows progress and failure in Chinese, and only its owner sees it."""
from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobs.models import Job
from jobs.services import JobFailed, Progress, run, start_job
from projects.models import GoalTable
from tests.base import make_user, make_world
from tests.projects.importkit import corrupted, doc, docx_of, xlsx_of

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def world(settings, tmp_path):
    settings.PERFGOALS_IMPORT_DIR = str(tmp_path / "uploads")
    return make_world(2023)


def upload(client, files: dict):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("import_upload"), {"files": [SimpleUploadedFile(n, d) for n, d in files.items()]})


def work_off_the_queue():
    """What `make run` keeps running beside the server: the worker, here until the queue is empty."""
    call_command("worker", batch=True, verbosity=0)


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes, as it does for real
def test_an_import_is_read_and_saved_by_the_worker_with_a_progress_page(client, world, settings):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(world.admin)
    response = upload(client, {"两表.xlsx": xlsx_of(doc(name="甲项目", code="P1"), doc(name="乙项目", code="P2"))})
    job = Job.objects.get()
    assert response.url == reverse("job_page", args=[job.pk])
    assert (job.status, job.user, job.progress) == (Job.Status.QUEUED, world.admin, 0)
    page = client.get(response.url).content.decode()
    assert "读取导入文件" in page and "<progress" in page and "排队中" in page and "js/jobs.js" in page
    assert client.get(reverse("job_status", args=[job.pk])).json() == {
        "status": "queued", "status_label": "排队中", "progress": 0, "step": "等待开始", "finished": False, "url": "",
    }

    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 100 and job.finished_at is not None
    status = client.get(reverse("job_status", args=[job.pk])).json()
    assert status["finished"] and status["status_label"] == "已完成" and status["url"] == job.result_url
    preview = client.get(reverse("job_page", args=[job.pk]))
    assert preview.status_code == 302 and preview.url == job.result_url
    page = client.get(preview.url).content.decode()
    assert "甲项目" in page and "乙项目" in page and "确认导入" in page

    token = preview.url.rstrip("/").split("/")[-1]
    confirm = client.post(reverse("import_confirm", args=[token]))
    saving = Job.objects.latest("pk")
    assert confirm.url == reverse("job_page", args=[saving.pk]) and saving.status == Job.Status.QUEUED
    assert not GoalTable.objects.filter(code__in=["P1", "P2"]).exists()
    work_off_the_queue()
    assert GoalTable.objects.filter(code__in=["P1", "P2"]).count() == 2
    done = client.get(reverse("job_page", args=[saving.pk]), follow=True).content.decode()
    assert "导入完成：新建 2 张表" in done


@pytest.mark.django_db(transaction=True)
def test_a_faulty_file_fails_its_job_with_the_file_named_in_chinese(client, world, settings):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(world.admin)
    response = upload(client, {"坏.docx": corrupted(docx_of(doc()))})
    work_off_the_queue()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert client.get(reverse("job_status", args=[job.pk])).json()["status_label"] == "失败"
    page = client.get(response.url).content.decode()
    assert "以下文件有错误，本次上传没有保存" in page and "坏.docx" in page and "损坏" in page
    assert "<progress" not in page and "重新上传" in page
    assert not GoalTable.objects.filter(code="P0001").exists()


@pytest.mark.django_db
def test_a_job_is_its_owners_only(client, world):
    job = start_job(user=world.admin, title="导入 1 个文件", runner="tests.jobs.test_jobs.slow_runner", params={})
    other_admin = make_user("admin2", superuser=True)
    for user in (other_admin, world.staff_a, world.reviewer):
        client.force_login(user)
        assert client.get(reverse("job_page", args=[job.pk])).status_code == 404
        assert client.get(reverse("job_status", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("job_status", args=[job.pk])).status_code == 302  # to the login page
    client.force_login(world.admin)
    assert client.get(reverse("job_page", args=[job.pk])).status_code == 302  # done: on to its result


def slow_runner(job, progress):
    progress(0.25, "正在读取《甲.docx》（第 1/4 个文件）", force=True)
    seen = Job.objects.get(pk=job.pk)
    assert (seen.status, seen.progress, seen.step) == (Job.Status.RUNNING, 25, "正在读取《甲.docx》（第 1/4 个文件）")
    return reverse("home"), "完成了"


def failing_runner(job, progress):
    raise JobFailed("导入没有完成，没有写入任何内容：", [{"file": "甲.docx", "place": "第1张表", "message": "缺少指标值"}])


def broken_runner(job, progress):
    raise KeyError("a bug")


@pytest.mark.django_db
def test_progress_is_written_as_the_job_goes_and_not_more_often_than_needed(world, django_assert_num_queries):
    job = Job.objects.create(user=world.admin, title="t", runner="tests.jobs.test_jobs.slow_runner")
    run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.message, job.result_url) == (Job.Status.DONE, 100, "完成了", reverse("home"))
    progress = Progress(job)
    with django_assert_num_queries(1):
        for i in range(1000):
            progress(i / 1000, "正在读取")


@pytest.mark.django_db
def test_a_failure_keeps_its_chinese_message_and_a_bug_is_logged_not_shown(world, client, caplog):
    failed = Job.objects.create(user=world.admin, title="导入", runner="tests.jobs.test_jobs.failing_runner")
    run(failed.pk)
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED and failed.message.startswith("导入没有完成")
    client.force_login(world.admin)
    page = client.get(reverse("job_page", args=[failed.pk])).content.decode()
    assert "导入没有完成" in page and "甲.docx" in page and "第1张表" in page and "缺少指标值" in page

    broken = Job.objects.create(user=world.admin, title="导入", runner="tests.jobs.test_jobs.broken_runner")
    with caplog.at_level(logging.ERROR):
        run(broken.pk)
    broken.refresh_from_db()
    assert broken.status == Job.Status.FAILED and "意外错误，已记录" in broken.message
    assert "a bug" in caplog.text and "a bug" not in client.get(reverse("job_page", args=[broken.pk])).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_fails_jobs_its_predecessor_left_running_and_leaves_fresh_ones(world, settings):
    from django.utils import timezone

    settings.TASKS = DATABASE_QUEUE
    old = Job.objects.create(user=world.admin, title="导入", runner="x", status=Job.Status.RUNNING)
    fresh = Job.objects.create(user=world.admin, title="导入", runner="x", status=Job.Status.RUNNING)
    Job.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timezone.timedelta(hours=1))
    call_command("worker", batch=True, verbosity=0)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Job.Status.FAILED and "任务被中断" in old.message
    assert fresh.status == Job.Status.RUNNING
