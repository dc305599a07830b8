"""Background work of nominations, scheduled by Celery beat (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services import notifications
from .services.council import messages as council_messages
from .services.council import voting


@shared_task
def task_send_deadline_reminders() -> int:
    """Daily: remind units before each round's deadline and tell the office which dossiers
    are overdue. Safe to run twice: a reminder of one topic reaches a person once."""
    return notifications.send_deadline_reminders()


@shared_task
def task_close_expired_voting() -> int:
    """Every minute: close the council's items whose voting time has passed (the portal is
    the actor). Safe to run twice: an item already closed is not touched again."""
    return voting.close_expired()


@shared_task
def task_remind_council_voting() -> int:
    """Every minute: remind present members who have not voted on items whose voting closes
    soon. Safe to run twice: one reminder per member, session and closing time."""
    return council_messages.remind_before_close()


@shared_task
def task_print_certificates(*, job_id: str) -> None:
    """Print the certificates of a job as one PDF. Safe to run twice: a done job is left
    alone; an interrupted one is built again from the start (each page exactly once)."""
    from thiduaportal.models import Job

    from . import certificates

    job = Job.objects.filter(pk=job_id, kind=certificates.PRINT_KIND).first()
    if job is not None:
        certificates.run_print(job)
