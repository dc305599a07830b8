"""Background work of the movement: building the periodic report."""

from celery import shared_task

from thiduaportal.models import Job

from .services import reports


@shared_task
def task_build_report(*, job_id: str) -> None:
    """Build the periodic report of a job. Safe to run twice: a done job is left alone."""
    job = Job.objects.select_related("owner").filter(pk=job_id, kind=reports.REPORT_KIND).first()
    if job is not None:
        reports.run_report(job)
