"""Messages to users: rendered once when sent, kept in the portal's inbox, and e-mailed after
the transaction commits. Transitions of a nomination, deadline reminders to units that have
not submitted, and the office's daily list of overdue dossiers.

The texts live in `templates/nominations/messages/<template>_subject.txt` and `_body.txt`
(Vietnamese). A sent message is stored as text, so a later change of a template or of the
data never changes what a person received.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from nominations.models import Nomination, NominationState, Notification, Proposal, Round, RoundState
from thiduaportal import tenancy
from thiduaportal.roles import Role, roles_of, sees_all
from thiduaportal.workdays import add_working_days, working_days_between
from units.models import Membership, Unit, User

logger = logging.getLogger(__name__)

# Calendar days before a round's `submit_by` on which units that have not submitted are reminded.
REMINDER_DAYS_BEFORE: tuple[int, ...] = (7, 2)
# A complete dossier is settled within this many working days of its submission.
SETTLE_WITHIN_WORKING_DAYS = 20
# Which message a transition sends, and to whom ("unit": the proposing unit's people).
TRANSITION_MESSAGES: dict[str, str] = {
    NominationState.RETURNED: "unit",
    NominationState.ACCEPTED: "unit",
    NominationState.REJECTED: "unit",
    NominationState.SHORTLISTED: "unit",
    NominationState.SUBMITTED: "office",
}
# A nomination counts as submitted by its unit in these states (a returned one waits for it).
SUBMITTED_STATES = frozenset(
    {
        NominationState.SUBMITTED,
        NominationState.ACCEPTED,
        NominationState.REJECTED,
        NominationState.SHORTLISTED,
    }
)
# Dossiers still waiting for the office.
UNSETTLED_STATES = frozenset({NominationState.SUBMITTED, NominationState.RETURNED})
# Messages are Vietnamese whatever language the sender's screen shows.
MESSAGE_LANGUAGE = "vi"


def settle_by_for(submitted_on: datetime.date) -> datetime.date:
    """The date by which a dossier submitted on `submitted_on` must be settled: 20 working
    days later, the count starting on the next working day."""
    return add_working_days(submitted_on, SETTLE_WITHIN_WORKING_DAYS)


def render_message(template: str, context: dict) -> tuple[str, str]:
    """The subject (one line) and the body of a message, rendered now in Vietnamese.

    `template` is a name under `nominations/messages/`, or a path of another app's messages
    (`council/messages/quorum`)."""
    path = template if "/" in template else f"nominations/messages/{template}"
    with translation.override(MESSAGE_LANGUAGE):
        subject = render_to_string(f"{path}_subject.txt", context)
        body = render_to_string(f"{path}_body.txt", context)
    subject = " ".join(subject.split())[:255]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in body.strip().splitlines()))
    return subject, body


def notify(
    users: Iterable[User],
    *,
    template: str,
    context: dict,
    nomination: Nomination | None = None,
    round: Round | None = None,
    topic: str = "",
) -> list[Notification]:
    """Render the message for each recipient now (the context gets `recipient`), store one
    `Notification` per recipient and e-mail those with an address once the transaction
    commits (setting `emailed_at`). With a `topic`, a recipient who already has a message of
    that topic is skipped, so reminders are sent once. Returns the new notifications."""
    recipients = {user.pk: user for user in users if user.is_active}
    with transaction.atomic():
        if topic:
            already = Notification.objects.filter(topic=topic, recipient_id__in=recipients)
            for pk in already.values_list("recipient_id", flat=True):
                recipients.pop(pk, None)
        created = []
        for user in sorted(recipients.values(), key=lambda u: u.pk):
            subject, body = render_message(template, {**context, "recipient": user})
            created.append(
                Notification(
                    recipient=user,
                    nomination=nomination,
                    round=round,
                    topic=topic,
                    subject=subject,
                    body=body,
                )
            )
        created = Notification.objects.bulk_create(created)
        emailed = [n for n in created if n.recipient.email]
        if emailed:
            transaction.on_commit(lambda: _send_emails(emailed))
    return created


def _send_emails(notifications: list[Notification]) -> None:
    """E-mail each message; a failure is logged and leaves `emailed_at` empty."""
    sent = []
    with get_connection() as connection:
        for n in notifications:
            message = EmailMessage(
                n.subject, n.body, settings.DEFAULT_FROM_EMAIL, [n.recipient.email], connection=connection
            )
            try:
                message.send()
            except Exception:  # the inbox copy stands; the mail may be sent again by hand
                logger.exception("E-mail of notification %s to %s failed", n.pk, n.recipient.email)
            else:
                sent.append(n.pk)
    Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def absolute_link(name: str, *args) -> str:
    """The named page as an absolute address, for e-mail."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def unit_users(unit_ids: Iterable[int]) -> QuerySet[User]:
    """Active accounts holding a unit role (staff or head) in one of the units."""
    held = Membership.objects.filter(unit_id__in=list(unit_ids), role__in=Role.UNIT_ROLES)
    return User.objects.filter(is_active=True, pk__in=held.values("user_id")).order_by("pk")


def office_users() -> QuerySet[User]:
    """Active accounts of the Culture and Society office (role vhxh) of the scope's commune.
    Users are not a scoped model: the roles are read through the memberships, which are."""
    return role_users(Role.VHXH_OFFICER)


def role_users(*roles: str) -> QuerySet[User]:
    """Active accounts holding one of `roles` in a unit of the scope's commune (of every
    commune outside a scope: callers there open the commune's scope first)."""
    held = Membership.objects.filter(role__in=roles).values("user_id")
    return User.objects.filter(is_active=True, pk__in=held).order_by("pk")


def notify_round_closed(round: Round, *, closed_on: datetime.date, reason: str = "") -> list[Notification]:
    """Tell the people of every active unit that the round closed before its published
    deadline: the day it closed, and how many of their unit's nominations stay in draft
    (they can no longer be submitted). One message per person, sent once per closing day."""
    drafts = dict(
        Nomination.objects.filter(round=round, state=NominationState.DRAFT)
        .values_list("proposal__unit_id")
        .annotate(n=models.Count("pk"))
        .order_by()
    )
    memberships = (
        Membership.objects.filter(
            unit__in=Unit.objects.active(), role__in=Role.UNIT_ROLES, user__is_active=True
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user_id")
    )
    by_unit: dict[int, list[User]] = defaultdict(list)
    units = {}
    for membership in memberships:
        by_unit[membership.unit_id].append(membership.user)
        units[membership.unit_id] = membership.unit
    context = {
        "round": round,
        "closed_on": closed_on,
        "submit_by": round.submit_by,
        "reason": reason,
        "link": absolute_link("nominations:round_detail", round.pk),
    }
    sent = []
    for unit_id, users in by_unit.items():
        sent += notify(
            users,
            template="round_closed",
            context={**context, "unit": units[unit_id], "drafts": drafts.get(unit_id, 0)},
            round=round,
            topic=f"closed:{round.pk}:{closed_on.isoformat()}",
        )
    return sent


def notify_transition(
    nomination: Nomination, *, to_state: str, reason: str, actor: User
) -> list[Notification]:
    """Tell the people concerned that a nomination moved: returned, accepted, rejected or
    shortlisted → the proposing unit's staff and head; submitted → the office. Other moves
    send nothing. The body names the candidate, the round, the new state, the reason and the
    link to the dossier."""
    audience = TRANSITION_MESSAGES.get(to_state)
    if audience is None:
        return []
    proposal = nomination.proposal
    if audience == "unit":
        users = unit_users([proposal.unit_id])
        link = absolute_link("nominations:nomination_detail", nomination.pk)
    else:
        users = office_users()
        link = absolute_link("nominations:nomination_review", nomination.pk)
    with translation.override(MESSAGE_LANGUAGE):
        state_label = str(NominationState(to_state).label)
    context = {
        "nomination": nomination,
        "subject_name": nomination.subject_name,
        "unit": proposal.unit,
        "round": nomination.round,
        "award_form": nomination.award_form,
        "state_label": state_label,
        "reason": reason,
        "actor": actor,
        "link": link,
        "settle_by": nomination.settle_by,
    }
    return notify(users, template=to_state, context=context, nomination=nomination, round=nomination.round)


def messages_about(nomination: Nomination, user) -> QuerySet[Notification]:
    """The messages sent about a nomination that `user` may see: the office and the chairman
    see all of them, a unit those sent to its own people."""
    sent = nomination.notifications.select_related("recipient").order_by("-created_at", "-pk")
    if sees_all(user):
        return sent
    if roles_of(user) & Role.UNIT_ROLES and user.unit_id:
        own = Membership.objects.filter(unit_id=user.unit_id).values("user_id")
        return sent.filter(recipient_id__in=own)
    return sent.none()


def inbox(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own messages, newest first; with `unread_only`, those not read yet."""
    mine = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        mine = mine.filter(read_at__isnull=True)
    return mine.order_by("-created_at", "-pk")


def own_message(user, message_id: int) -> Notification | None:
    """The user's message `message_id`, or None when there is none or it is someone else's."""
    return Notification.objects.filter(recipient_id=user.pk, pk=message_id).first()


def open_message(user, message_id: int) -> Notification | None:
    """The user's message `message_id`, marked read (the first reading time is kept); None
    when it is not one of theirs, and then nothing changes."""
    message = own_message(user, message_id)
    if message is not None and message.read_at is None:
        message.read_at = timezone.now()
        Notification.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


def portal_link(message: Notification) -> str:
    """The page the message is about, as a path of this portal: the first portal address in
    its body. The body was written for its recipient (a unit's people get the dossier, the
    office its review page, a council member the ballot), so it is the right door for them.
    Empty when the message links nowhere in the portal."""
    site = settings.SITE_URL.rstrip("/")
    for address in re.findall(r"https?://\S+", message.body):
        address = address.rstrip(".,;:)»\"'")
        if address.startswith(site + "/"):
            return address[len(site) :]
    return ""


def unread_count(user) -> int:
    """How many of the user's messages are unread (one query)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def mark_read(user, *, message_id: int | None = None) -> int:
    """Mark one of the user's messages read, or all of them without `message_id`. Returns
    how many were marked; 0 when `message_id` is not a message of this user (nothing changes).
    A message already read keeps the time it was first read."""
    mine = Notification.objects.filter(recipient_id=user.pk)
    now = timezone.now()
    if message_id is None:
        return mine.filter(read_at__isnull=True).update(read_at=now)
    mine = mine.filter(pk=message_id)
    if not mine.exists():
        return 0
    mine.filter(read_at__isnull=True).update(read_at=now)
    return 1


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """Remind the staff and heads of every active unit that has not submitted a nomination in
    an open round, 7 and 2 calendar days before its deadline (`REMINDER_DAYS_BEFORE`; a
    missed day is caught up with the most urgent reminder due), and send the office the list
    of dossiers past their settle-by date. Each (recipient, topic) is sent once, so running
    it twice in a day sends nothing more. Returns the number of messages created."""
    today = today or timezone.localdate()
    sent = 0
    # Run by the beat outside any commune: each round's units, and each commune's office,
    # are read in that commune's scope.
    for round in Round.objects.filter(state=RoundState.OPEN, submit_by__gte=today).order_by(
        "submit_by", "pk"
    ):
        with tenancy.within(round.commune_id):
            sent += _remind_round(round, today=today)
    overdue = Nomination.objects.filter(state__in=UNSETTLED_STATES, settle_by__lt=today)
    for commune_id in sorted(set(overdue.values_list("commune_id", flat=True))):
        with tenancy.within(commune_id):
            sent += _report_overdue(today=today)
    return sent


def _due_reminder(days_left: int) -> int | None:
    """The reminder (days before the deadline) due when `days_left` remain, if any."""
    due = [days for days in REMINDER_DAYS_BEFORE if days_left <= days]
    return min(due) if due else None


def _remind_round(round: Round, *, today: datetime.date) -> int:
    days_left = (round.submit_by - today).days
    reminder = _due_reminder(days_left)
    if reminder is None:
        return 0
    submitted = Proposal.objects.filter(round=round, nominations__state__in=SUBMITTED_STATES).values(
        "unit_id"
    )
    waiting = Unit.objects.active().exclude(pk__in=submitted)
    by_unit: dict[int, list[User]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(unit__in=waiting, role__in=Role.UNIT_ROLES, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit__name", "user_id")
    )
    units = {}
    for membership in memberships:
        by_unit[membership.unit_id].append(membership.user)
        units[membership.unit_id] = membership.unit
    link = absolute_link("nominations:proposal_for_round", round.pk)
    context = {"round": round, "days_left": days_left, "submit_by": round.submit_by, "link": link}
    topic = f"reminder:{round.pk}:{reminder}"
    return sum(
        len(
            notify(
                users,
                template="reminder",
                context={**context, "unit": units[unit_id]},
                round=round,
                topic=topic,
            )
        )
        for unit_id, users in by_unit.items()
    )


def _report_overdue(*, today: datetime.date) -> int:
    """One message a day to the office listing the dossiers not settled by their date."""
    overdue = list(
        Nomination.objects.filter(state__in=UNSETTLED_STATES, settle_by__lt=today)
        .select_related("round", "proposal__unit", "subject_unit", "subject_cadre")
        .order_by("settle_by", "pk")
    )
    if not overdue:
        return 0
    rows = [
        {"nomination": n, "unit": n.proposal.unit, "days": working_days_between(n.settle_by, today)}
        for n in overdue
    ]
    context = {"rows": rows, "today": today, "link": absolute_link("nominations:overdue_list")}
    return len(
        notify(office_users(), template="overdue", context=context, topic=f"overdue:{today.isoformat()}")
    )
