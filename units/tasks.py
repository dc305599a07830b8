"""Background work for units: building large Excel exports, importing large files."""

from celery import shared_task

from thiduaportal.models import Job

from . import exports, imports


@shared_task
def task_export_cadres(*, job_id: str) -> None:
    """Build the people list of an export job. Safe to run twice: a done job is left alone."""
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is not None:
        exports.run_cadre_export(job)


@shared_task
def task_run_import(*, job_id: str) -> None:
    """Import the file of an import job. Safe to run twice: a done job is left alone."""
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is not None:
        imports.run_import_job(job)
