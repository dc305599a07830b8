"""Background work of nominations, scheduled by Celery beat (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from nominations.services import notifications
from units.communes import in_each_commune


@shared_task
def task_send_deadline_reminders() -> int:
    """Daily: remind units before each round's deadline and tell the office which dossiers
    are overdue. Safe to run twice: a reminder of one topic reaches a person once."""
    return in_each_commune(notifications.send_deadline_reminders)
