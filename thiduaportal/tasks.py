"""Background work of the shared layer: housekeeping scheduled by Celery beat
(CELERY_BEAT_SCHEDULE in settings), sending unsent jobs again, large imports."""

import datetime

from celery import shared_task

from . import housekeeping, jobs
from .imports import run_import_job
from .models import Job


@shared_task
def task_purge_stale_files() -> dict[str, int]:
    """Delete import uploads left for a day and exports older than a week. Safe to run twice."""
    return {
        "uploads": housekeeping.purge_abandoned_uploads(older_than=datetime.timedelta(days=1)),
        "exports": housekeeping.purge_old_exports(older_than=datetime.timedelta(days=7)),
    }


@shared_task
def task_resend_unsent_jobs() -> int:
    """Send again the background jobs the broker could not take when they were started."""
    return jobs.resend_unsent()


# Named as before the import framework moved here, so jobs already queued still find it.
@shared_task(name="units.tasks.task_run_import")
def task_run_import(*, job_id: str) -> None:
    """Import the file of an import job. Safe to run twice: a done job is left alone."""
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is not None:
        run_import_job(job)
