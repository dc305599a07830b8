"""Background work of awards: printing a decision's certificates."""

from celery import shared_task

from awards.services import printing
from thiduaportal.models import Job

# Each task keeps the name it had before the council and awards left `nominations`: jobs
# stored and messages queued before an upgrade still find it.


@shared_task(name="nominations.tasks.task_print_certificates")
def task_print_certificates(*, job_id: str) -> None:
    """Print the certificates of a job as one PDF. Safe to run twice: a done job is left
    alone; an interrupted one is built again from the start (each page exactly once)."""

    job = Job.objects.filter(pk=job_id, kind=printing.PRINT_KIND).first()
    if job is not None:
        printing.run_print(job)
