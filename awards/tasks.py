"""Background work of awards: printing a decision's certificates, in chunks that any worker
may take (`awards.services.printing`), and building the statistical report
(`awards.statistics.reports`)."""

from celery import shared_task

from awards.services import printing
from awards.statistics import reports
from thiduaportal import tenancy
from thiduaportal.models import Job

# Each task keeps the name it had before the council and awards left `nominations`: jobs
# stored and messages queued before an upgrade still find it.


def _job(job_id: str) -> Job | None:
    return Job.objects.filter(pk=job_id, kind=printing.PRINT_KIND).first()


@shared_task(name="nominations.tasks.task_print_certificates")
def task_print_certificates(*, job_id: str) -> None:
    """Start printing a job's certificates: one chunk task for each chunk not yet rendered
    (they run on whichever workers are free). Safe to run twice: a done job is left alone,
    a rendered chunk is not sent again."""
    job = _job(job_id)
    if job is None:
        return
    with tenancy.within(job.commune_id):  # the job's commune's awards, names and designs
        pending = printing.begin_print(job)
    for index in pending:
        task_print_certificate_chunk.delay(job_id=job_id, index=index)
    if not pending:  # every chunk was in already (a message delivered again): finish
        task_finish_print.delay(job_id=job_id)


@shared_task(name="awards.tasks.task_print_certificate_chunk")
def task_print_certificate_chunk(*, job_id: str, index: int) -> None:
    """Render one chunk of a print job; the chunk that completes the set sends the task that
    joins them. Safe to run twice (the first copy of a chunk is kept)."""
    job = _job(job_id)
    if job is None:
        return
    with tenancy.within(job.commune_id):
        finished = printing.print_chunk(job, index)
    if finished:
        task_finish_print.delay(job_id=job_id)


@shared_task(name="awards.tasks.task_finish_print")
def task_finish_print(*, job_id: str) -> None:
    """Join a print job's chunks into its one PDF. Safe to run twice (a done job is left
    alone)."""
    job = _job(job_id)
    if job is not None:
        with tenancy.within(job.commune_id):
            printing.finish_print(job)


@shared_task(name="awards.tasks.task_build_statistics_report")
def task_build_statistics_report(*, job_id: str) -> None:
    """Build the statistical report of a job (Excel or PDF). Safe to run twice: a done job is
    left alone."""
    job = Job.objects.select_related("owner").filter(pk=job_id, kind=reports.STATISTICS_KIND).first()
    if job is not None:
        reports.run_report(job)
