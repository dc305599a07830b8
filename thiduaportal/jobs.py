"""Background jobs: sending them to the worker, sending again what the broker did not take,
and running one (`run`: its states, its file, its failure message).

`enqueue(job, task)` sends the job's task once the transaction commits. When the broker
(Redis) cannot be reached the request still succeeds: the job stays pending, marked unsent,
and its page says it starts when the background service is back. Celery beat runs
`task_resend_unsent_jobs` every minute, which sends them again once the broker answers.
A job's task is safe to run twice (a done job is left alone), so a job is never lost and
never built twice into one file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from . import tenancy
from .celery import app
from .models import Job, JobState

logger = logging.getLogger(__name__)
UNSENT, TASK = "unsent", "task"


def send(job: Job) -> bool:
    """Send the job's task now; on a broker failure mark the job unsent and return False."""
    name = job.params[TASK]
    try:
        if app.conf.task_always_eager:
            app.tasks[name].apply(kwargs={"job_id": str(job.pk)}, throw=True)
        else:
            # One quick attempt: a web request must not wait on Celery's connection retries.
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
                app.send_task(name, kwargs={"job_id": str(job.pk)}, connection=connection, retry=False)
    except (OperationalError, OSError) as error:
        logger.warning("Background job %s not sent (%s); it waits for the broker.", job.pk, error)
        _mark(job, unsent=True)
        return False
    if job.params.get(UNSENT):
        _mark(job, unsent=False)
    return True


def _mark(job: Job, *, unsent: bool) -> None:
    # Read again under a lock: a worker may already be writing the job's params (the chunks
    # of a batch print), and a stale copy written back would drop them.
    with transaction.atomic():
        params = Job.objects.select_for_update().values_list("params", flat=True).get(pk=job.pk)
        params = {key: value for key, value in params.items() if key != UNSENT}
        if unsent:
            params[UNSENT] = True
        Job.objects.filter(pk=job.pk).update(params=params)
    job.params = params


def enqueue(job: Job, task) -> None:
    """Record which task builds `job` and send it once the current transaction commits."""
    job.params = {**job.params, TASK: task.name}
    Job.objects.filter(pk=job.pk).update(params=job.params)
    transaction.on_commit(lambda: send(job))


def resend_unsent() -> int:
    """Send again every pending job the broker did not take; the number sent."""
    sent = 0
    for job in Job.objects.filter(state=JobState.PENDING, params__unsent=True):
        sent += send(job)
    return sent


def run(
    job: Job,
    build: Callable[[Job], str],
    *,
    failure,
    reports_progress: bool = True,
    explained: tuple[type[Exception], ...] = (),
) -> None:
    """Run a background job: `build(job)` stores its file on `job.file` (save=False; a job
    without a file stores none), may set other fields (`row_count`, progress on the way) and
    returns the file's name ("" without a file).

    Side effects: the job goes running (progress 5 when it `reports_progress`; 0 keeps the
    page's indeterminate bar) -> done (file, filename, progress 100, finished_at) or failed.
    A failure's message is the exception's own for the `explained` kinds (already translated,
    meant for the user), else `failure` (a lazy translated message, in the portal's
    language) with the exception in the log. A job already done is left alone, so a second
    run, after a worker died or a message came twice, changes nothing. Not one transaction
    on purpose: progress must be visible while the file is built.
    """
    if job.state == JobState.DONE:
        return
    job.state, job.error, job.progress = JobState.RUNNING, "", 5 if reports_progress else 0
    job.save(update_fields=["state", "error", "progress"])
    try:
        with tenancy.within(job.commune_id):
            filename = build(job)
    except Exception as error:  # any failure is shown on the job page rather than lost in a log
        fail(job, error, failure=failure, explained=explained)
        return
    finish(job, filename)


def set_progress(job: Job, percent: int) -> None:
    """Record how far a running job is, at once and outside any transaction, so the job page
    sees it while the file is built."""
    job.progress = percent
    Job.objects.filter(pk=job.pk).update(progress=percent)


def fail(job: Job, error: Exception, *, failure, explained: tuple[type[Exception], ...] = ()) -> None:
    """Mark `job` failed because of `error` (see `run` for which message the user sees)."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(error, explained):
            job.error = str(error)
        else:
            logger.exception("Background job %s (%s) failed", job.pk, job.kind, exc_info=error)
            job.error = str(failure)
    job.state, job.finished_at = JobState.FAILED, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def finish(job: Job, filename: str) -> None:
    """Mark `job` done with the file already put on `job.file` (save=False) named `filename`."""
    job.state, job.filename, job.progress, job.finished_at = JobState.DONE, filename, 100, timezone.now()
    job.save(update_fields=["state", "file", "filename", "progress", "row_count", "finished_at"])
