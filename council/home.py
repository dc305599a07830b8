"""Home-page panels of the council. A member: the items waiting for their vote, the sessions
coming, being recorded absent, a result made final. The secretary and the office: the
sessions in preparation, the voting in progress ("6/8 present have voted"), the results
waiting to be made final."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from council.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CouncilMember,
    CouncilSession,
    ItemState,
    Recusal,
    SessionState,
    VoterMark,
)
from council.rules import holds_council_seat, is_council_manager
from council.turnout import turnout
from thiduaportal.home import Item, Panel, register

# A result made final stays on the members' home pages this long.
RESULT_NEWS_DAYS = 30
COMING = (SessionState.DRAFT, SessionState.OPEN)


def _when(session: CouncilSession) -> str:
    return formats.date_format(timezone.localtime(session.meets_at), "SHORT_DATETIME_FORMAT")


def _waiting_items(seats: list[int]) -> list[Item]:
    rows = (
        AgendaItem.objects.filter(
            state=ItemState.VOTING,
            session__attendance__member_id__in=seats,
            session__attendance__status=AttendanceStatus.PRESENT,
        )
        .exclude(pk__in=VoterMark.objects.filter(member_id__in=seats).values("item_id"))
        .exclude(pk__in=Recusal.objects.filter(member_id__in=seats).values("item_id"))
        .values("session_id", "session__title")
        .annotate(n=Count("pk", distinct=True))
        .order_by("session_id")
    )
    return [
        Item(
            _("Voting open: %(n)s items (%(session)s)") % {"n": row["n"], "session": row["session__title"]},
            reverse("council:session_vote", args=[row["session_id"]]),
            row["n"],
            "warning",
        )
        for row in rows
    ]


def _member_news(user, seats: list[int], *, coming: bool) -> list[Item]:
    """Sessions coming (unless the office panel lists them), being recorded absent, results
    made final lately."""
    since = timezone.now() - datetime.timedelta(days=RESULT_NEWS_DAYS)
    sessions = (
        CouncilSession.objects.filter(term__members__user=user, term__members__left_on__isnull=True)
        .exclude(state=SessionState.CLOSED)
        .exclude(state=SessionState.FINAL, finalised_at__lt=since)
        .distinct()
        .order_by("meets_at")
    )
    status = dict(
        Attendance.objects.filter(member_id__in=seats, session__state__in=COMING).values_list(
            "session_id", "status"
        )
    )
    items = []
    for session in sessions:
        if session.state == SessionState.FINAL:
            items.append(
                Item(
                    _("Result made final: %(session)s") % {"session": session.title},
                    reverse("council:session_result", args=[session.pk]),
                    level="success",
                )
            )
            continue
        mine = status.get(session.pk)
        if mine == AttendanceStatus.ABSENT:
            text = _("You are recorded absent at %(session)s (%(when)s); ask the secretary if you attend.")
        elif mine == AttendanceStatus.WRITTEN:
            text = _("You are recorded absent with a written opinion at %(session)s (%(when)s).")
        elif coming:
            text = _("Session coming: %(session)s, %(when)s")
        else:
            continue
        items.append(
            Item(text % {"session": session.title, "when": _when(session)}, session.get_absolute_url())
        )
    return items


@register
def council_panels(user) -> list[Panel]:
    """A council member's panel. One query for the seats, one for the items waiting, two
    for the sessions and the attendance."""
    if not holds_council_seat(user):  # read once per request, the menu asks too
        return []
    seats = list(CouncilMember.objects.filter(user=user, left_on__isnull=True).values_list("pk", flat=True))
    if not seats:
        return []
    return [
        Panel(
            _("Council"),
            _waiting_items(seats) + _member_news(user, seats, coming=not is_council_manager(user)),
            empty_text=str(_("No item waits for your vote.")),
            order=10,
        )
    ]


def _running(session: CouncilSession) -> Item:
    voting = [item for item in session.items.all() if item.state == ItemState.VOTING]
    if not voting:
        return Item(
            _("Session open, voting not opened: %(session)s") % {"session": session.title},
            session.get_absolute_url(),
            level="info",
        )
    counts = turnout(session, voting).values()
    # A member has voted when they have voted on every open item they may vote on.
    expected = max(c.expected for c in counts)
    voted = expected - len({name for c in counts for name in c.missing})
    return Item(
        _("Voting open: %(session)s – %(voted)s/%(expected)s present have voted")
        % {"session": session.title, "voted": voted, "expected": expected},
        session.get_absolute_url(),
        voted,
        "warning",
    )


@register
def council_office_panels(user) -> list[Panel]:
    """The secretary's and the office's panel: the sessions that need them."""
    if not user.is_authenticated or not is_council_manager(user):
        return []
    sessions = (
        CouncilSession.objects.exclude(state=SessionState.FINAL)
        .prefetch_related("items")
        .order_by("meets_at")
    )
    items = []
    for session in sessions:
        if session.state == SessionState.DRAFT:
            items.append(
                Item(
                    _("Session in preparation: %(session)s, %(when)s")
                    % {"session": session.title, "when": _when(session)},
                    session.get_absolute_url(),
                )
            )
        elif session.state == SessionState.OPEN:
            items.append(_running(session))
        else:
            items.append(
                Item(
                    _("Voting closed, the result is not final yet: %(session)s") % {"session": session.title},
                    reverse("council:session_result", args=[session.pk]),
                    level="success",
                )
            )
    return [
        Panel(
            _("Council sessions"),
            items,
            empty_text=str(_("No council session is in preparation or in progress.")),
            order=11,
        )
    ]
