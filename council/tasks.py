"""Background work of the council, scheduled by Celery beat (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

# Each task keeps the name it had before the council and awards left `nominations`: jobs
# stored and messages queued before an upgrade still find it.
from council.services import messages as council_messages
from council.services import voting
from units.communes import in_each_commune


@shared_task(name="nominations.tasks.task_close_expired_voting")
def task_close_expired_voting() -> int:
    """Every minute: close the council's items whose voting time has passed (the portal is
    the actor). Safe to run twice: an item already closed is not touched again."""
    return in_each_commune(voting.close_expired)


@shared_task(name="nominations.tasks.task_remind_council_voting")
def task_remind_council_voting() -> int:
    """Every minute: remind present members who have not voted on items whose voting closes
    soon. Safe to run twice: one reminder per member, session and closing time."""
    return in_each_commune(council_messages.remind_before_close)
