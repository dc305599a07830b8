"""Messages of the council's events, through `nominations.services.notifications` (a stored
`Notification` per person plus an e-mail after commit). The texts are
`templates/council/messages/*.txt` (Vietnamese).

- voting opened: each present member who may vote on at least one of the opened items, with
  those items and the time voting closes by itself;
- reminder (Celery beat, every few minutes): before an item's voting closes by itself, the
  present members who may still vote on it and have not, once per closing time;
- quorum reached: the chair, vice chairs and secretary seats, and the council secretaries, so
  voting can start;
- result final: every serving member, the office and the chairman.

Each function is safe to run twice: the `topic` of a message makes it reach a person once.
No message ever carries a count of votes before the item is closed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from council.models import (
    AgendaItem,
    AttendanceStatus,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    ItemState,
    Recusal,
    VoterMark,
)
from council.services import sessions
from nominations.models import Notification
from nominations.services.notifications import absolute_link, notify, office_users
from thiduaportal.roles import Role
from units.communes import users_here
from units.models import User

# Minutes before an item's voting closes by itself when members who have not voted are reminded.
REMIND_MINUTES_BEFORE = 15


def _present_members(session: CouncilSession) -> list[CouncilMember]:
    return list(
        sessions.serving(session)
        .filter(attendance__session=session, attendance__status=AttendanceStatus.PRESENT)
        .select_related("user")
        .order_by("pk")
    )


def _open_to(items: list[AgendaItem], members: list[CouncilMember]) -> dict[int, list[AgendaItem]]:
    """For each member, the items they may vote on and have not (not recused, no mark)."""
    item_ids = [item.pk for item in items]
    barred = set(Recusal.objects.filter(item_id__in=item_ids).values_list("member_id", "item_id"))
    barred |= set(VoterMark.objects.filter(item_id__in=item_ids).values_list("member_id", "item_id"))
    return {member.pk: [item for item in items if (member.pk, item.pk) not in barred] for member in members}


def _topic_items(prefix: str, items: Iterable[AgendaItem]) -> str:
    ids = ",".join(str(pk) for pk in sorted(item.pk for item in items))
    return f"{prefix}:{ids}"[:60]


def _with_nominations(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(pk__in=[item.pk for item in items])
        .select_related("nomination__subject_unit", "nomination__subject_cadre", "nomination__award_form")
        .order_by("position")
    )


def notify_voting_opened(session: CouncilSession, items: Iterable[AgendaItem]) -> list[Notification]:
    """Tell each present member who may vote on some of `items` which ones, when voting
    closes by itself and where to vote. Returns the new notifications."""
    items = _with_nominations(items)
    if not items:
        return []
    members = _present_members(session)
    open_to = _open_to(items, members)
    context = {"session": session, "link": absolute_link("council:session_vote", session.pk)}
    topic = _topic_items(f"council-open:{session.pk}", items)
    sent = []
    for member in members:
        mine = open_to[member.pk]
        if not mine:
            continue
        ends_at = min((i.voting_ends_at for i in mine if i.voting_ends_at), default=None)
        sent += notify(
            [member.user],
            template="council/messages/voting_opened",
            context={**context, "member": member, "items": mine, "ends_at": ends_at},
            round=session.round,
            topic=topic,
        )
    return sent


def remind_before_close(now: datetime.datetime | None = None) -> int:
    """Remind present members who have not voted on items whose voting closes by itself
    within `REMIND_MINUTES_BEFORE` minutes (once per session and closing time). Returns the
    number of messages created."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(minutes=REMIND_MINUTES_BEFORE)
    due = (
        AgendaItem.objects.filter(state=ItemState.VOTING, voting_ends_at__gt=now, voting_ends_at__lte=soon)
        .select_related("session__round", "session__term")
        .order_by("session_id", "voting_ends_at", "position")
    )
    groups: dict[tuple[int, datetime.datetime], list[AgendaItem]] = defaultdict(list)
    for item in due:
        groups[item.session_id, item.voting_ends_at].append(item)
    sent = 0
    for (_session_id, ends_at), items in groups.items():
        session = items[0].session
        items = _with_nominations(items)
        members = _present_members(session)
        open_to = _open_to(items, members)
        link = absolute_link("council:session_vote", session.pk)
        topic = f"council-remind:{session.pk}:{int(ends_at.timestamp())}"
        for member in members:
            mine = open_to[member.pk]
            if mine:
                context = {
                    "session": session,
                    "member": member,
                    "items": mine,
                    "ends_at": ends_at,
                    "link": link,
                }
                sent += len(
                    notify(
                        [member.user],
                        template="council/messages/reminder",
                        context=context,
                        round=session.round,
                        topic=topic,
                    )
                )
    return sent


def notify_quorum_reached(session: CouncilSession) -> list[Notification]:
    """Tell the chair, vice chairs and secretary seats and the council secretaries that
    enough members are present for voting to open."""
    seats = sessions.serving(session).filter(
        role__in=(CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.SECRETARY)
    )
    users = users_here(
        User.objects.filter(
            Q(pk__in=seats.values("user_id")) | Q(memberships__role=Role.COUNCIL_SECRETARY), is_active=True
        )
    ).distinct()
    present = session.attendance.filter(status=AttendanceStatus.PRESENT).count()
    context = {
        "session": session,
        "present": present,
        "members_total": session.members_total,
        "quorum_needed": session.quorum_needed,
        "link": absolute_link("council:session_detail", session.pk),
    }
    return notify(
        users,
        template="council/messages/quorum",
        context=context,
        round=session.round,
        topic=f"council-quorum:{session.pk}",
    )


def notify_result_final(session: CouncilSession) -> list[Notification]:
    """Tell every serving member, the office and the chairman that the session's result is
    final, with the approved candidates and their votes in favour."""

    members = User.objects.filter(pk__in=sessions.serving(session).values("user_id"))
    chairmen = users_here(User.objects.filter(is_active=True, memberships__role=Role.CHAIRMAN))
    users = {u.pk: u for u in [*members, *office_users(), *chairmen]}.values()
    # The tally imports the sessions, which import these messages: read it when needed.
    from council.services import tally  # noqa: PLC0415 - a cycle: tally -> sessions -> messages

    rows = tally.result_rows(session)
    context = {
        "session": session,
        "approved": [row for row in rows if row.approved],
        "items": rows,
        "link": absolute_link("council:session_result", session.pk),
        "minutes_link": absolute_link("council:session_minutes_pdf", session.pk),
    }
    return notify(
        users,
        template="council/messages/final",
        context=context,
        round=session.round,
        topic=f"council-final:{session.pk}",
    )
