"""The one task on the queue: run a job by its id (the job row says what to do)."""
from django_tasks import task

from . import services


@task()
def run_job(job_id: int) -> None:
    services.run(job_id)
