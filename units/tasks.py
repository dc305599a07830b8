"""Background work for units: building large Excel exports."""

from celery import shared_task

from thiduaportal.models import Job

from . import exports


@shared_task
def task_export_cadres(*, job_id: str) -> None:
    """Build the people list of an export job. Safe to run twice: a done job is left alone."""
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is not None:
        exports.run_cadre_export(job)
