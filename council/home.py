"""Home-page panel of the council: a member's items waiting for their vote."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import AgendaItem, AttendanceStatus, CouncilMember, ItemState, Recusal, VoterMark
from council.rules import holds_council_seat
from thiduaportal.home import Item, Panel, register


@register
def council_panels(user) -> list[Panel]:
    """A council member's items waiting for their vote: open, not voted, not recused, in the
    sessions where they are recorded present. One query for the seats, one for the items."""
    if not holds_council_seat(user):  # read once per request, the menu asks too
        return []
    seats = list(CouncilMember.objects.filter(user=user, left_on__isnull=True).values_list("pk", flat=True))
    if not seats:
        return []
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
    items = [
        Item(
            _("Voting open: %(n)s items (%(session)s)") % {"n": row["n"], "session": row["session__title"]},
            reverse("council:session_vote", args=[row["session_id"]]),
            row["n"],
            "warning",
        )
        for row in rows
    ]
    return [
        Panel(
            _("Council"),
            items,
            empty_text=str(_("No item waits for your vote.")),
            order=10,
        )
    ]
