"""Exports of many tables run as background jobs: the page waits on the job, then offers the file,
which only the user who asked for it can download; the file opens with all the tables."""
from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from jobs.models import Job
from projects.models import GoalTable
from projects.services import goal_table_save_document
from tests.base import make_world, sample_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.PERFGOALS_JOB_FILES_DIR = str(tmp_path / "job-files")
    settings.PERFGOALS_EXPORT_INLINE_TABLES = 1  # two tables are "many" here
    world = make_world()
    goal_table_save_document(document=sample_document(name="政务服务中心运行经费", code="P2"),
                             fiscal_year=world.year, unit=world.unit_a)
    return world


def test_a_department_of_many_tables_is_exported_by_a_job_and_downloaded_by_its_owner(client, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("department_download", args=[world.dept_a.pk, 2023, "docx"]))
    job = Job.objects.get()
    assert response.url == reverse("job_page", args=[job.pk]) and job.user == world.staff_a
    page = client.get(response.url).content.decode()
    assert "已生成《青岛市行政审批服务局2023年部门预算绩效目标.docx》，共 2 张表" in page
    assert reverse("job_file", args=[job.pk]) in page
    download = client.get(reverse("job_file", args=[job.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    assert len(document.tables) == 2

    for other in (world.staff_b, world.reviewer, world.admin):
        client.force_login(other)
        assert client.get(reverse("job_file", args=[job.pk])).status_code == 404
        assert client.get(reverse("job_page", args=[job.pk])).status_code == 404


def test_a_selection_of_many_tables_is_exported_by_a_job(client, world):
    client.force_login(world.admin)
    ids = list(GoalTable.objects.filter(unit=world.unit_a).values_list("pk", flat=True))
    response = client.post(reverse("export_selected"), {"ids": ids, "format": "xlsx"})
    job = Job.objects.get()
    assert response.url == reverse("job_page", args=[job.pk])
    download = client.get(reverse("job_file", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(book.sheetnames) == 3  # a sheet per table and 指标明细


@pytest.mark.django_db(transaction=True)
def test_the_export_waits_on_the_queue_until_the_worker_runs_it(client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(world.staff_a)
    response = client.get(reverse("department_download", args=[world.dept_a.pk, 2023, "xlsx"]))
    job = Job.objects.get()
    page = client.get(response.url).content.decode()
    assert "导出 2 张绩效目标表（Excel）" in page and "<progress" in page and "排队中" in page
    assert client.get(reverse("job_file", args=[job.pk])).status_code == 404  # not made yet
    call_command("worker", batch=True, verbosity=0)
    assert client.get(reverse("job_file", args=[job.pk])).status_code == 200
