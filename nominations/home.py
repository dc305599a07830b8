"""Home-page panels of rounds and nominations: a unit sees the rounds taking proposals and
its nominations to finish; the office sees rounds waiting for a move and nominations
waiting for review."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import Nomination, NominationState, Round, RoundState
from thiduaportal.home import Item, Panel, register
from thiduaportal.roles import Role, roles_of, sees_all


@register
def unit_panels(user) -> list[Panel]:
    """Open rounds with their deadline, and the unit's drafts and returned nominations."""
    if not roles_of(user) & Role.UNIT_ROLES or not user.unit_id:
        return []
    today = timezone.localdate()
    items = [
        Item(
            _("%(round)s: accepting proposals until the end of %(date)s")
            % {"round": round, "date": date_format(round.submit_by, "SHORT_DATE_FORMAT")},
            round.get_absolute_url(),
            level="info",
        )
        for round in Round.objects.filter(state=RoundState.OPEN, submit_by__gte=today).order_by("submit_by")
    ]
    items += _unfinished_items(user.unit_id)
    return [Panel(_("Award rounds"), items, order=20)]


@dataclass(frozen=True)
class _Unfinished:
    """How the home page shows the unit's nominations in one unfinished state."""

    state: str
    text: str  # lazy: translated when shown
    text_in_round: str  # the same, one item per round when several rounds hold some
    level: str  # colour when some are left
    level_when_none: str


_UNFINISHED = (
    _Unfinished(
        NominationState.DRAFT,
        gettext_lazy("Nominations still in draft"),
        gettext_lazy("Nominations still in draft: %(round)s"),
        "secondary",
        "secondary",
    ),
    _Unfinished(
        NominationState.RETURNED,
        gettext_lazy("Nominations returned for revision"),
        gettext_lazy("Nominations returned for revision: %(round)s"),
        "danger",
        "success",
    ),
)


def _unfinished_items(unit_id: int) -> list[Item]:
    """One item per unfinished state, leading to where the work is: the nomination when it is
    the only one, else the unit's proposal holding them (one item per round when several
    rounds hold some), else the round list. One query."""
    rows = (
        Nomination.objects.filter(proposal__unit_id=unit_id, state__in=[u.state for u in _UNFINISHED])
        .values("state", "proposal_id", "round__title", "round__state", "round__submit_by")
        .annotate(n=Count("pk"), first=Min("pk"))
        .order_by("state", "round__title", "proposal_id")
    )
    groups: dict[str, list[dict]] = {u.state: [] for u in _UNFINISHED}
    today = timezone.localdate()
    stranded = []
    for row in rows:
        closed = row["round__state"] != RoundState.OPEN or row["round__submit_by"] < today
        if row["state"] == NominationState.DRAFT and closed:
            stranded.append(row)  # a draft in a round that no longer takes proposals
        else:
            groups[row["state"]].append(row)
    items = [
        Item(
            _("Drafts that can no longer be submitted (the round is closed): %(round)s")
            % {"round": row["round__title"]},
            reverse("nominations:proposal_detail", args=[row["proposal_id"]]),
            row["n"],
            "secondary",
        )
        for row in stranded
    ]
    for unfinished in _UNFINISHED:
        found = groups[unfinished.state]
        if not found:
            items.append(
                Item(str(unfinished.text), reverse("nominations:round_list"), 0, unfinished.level_when_none)
            )
        elif len(found) == 1:
            row = found[0]
            url = (
                reverse("nominations:nomination_detail", args=[row["first"]])
                if row["n"] == 1
                else reverse("nominations:proposal_detail", args=[row["proposal_id"]])
            )
            items.append(Item(str(unfinished.text), url, row["n"], unfinished.level))
        else:
            items += [
                Item(
                    str(unfinished.text_in_round) % {"round": row["round__title"]},
                    reverse("nominations:proposal_detail", args=[row["proposal_id"]]),
                    row["n"],
                    unfinished.level,
                )
                for row in found
            ]
    return items


@register
def office_panels(user) -> list[Panel]:
    """Rounds whose deadline passed while still open, closed rounds to review, and the
    nominations waiting for review."""
    if not sees_all(user):
        return []
    today = timezone.localdate()
    to_close = Round.objects.filter(state=RoundState.OPEN, submit_by__lt=today)
    to_review = Round.objects.filter(state=RoundState.CLOSED)
    items = [
        Item(
            _("Past the deadline, still open: %(round)s") % {"round": r},
            r.get_absolute_url(),
            level="warning",
        )
        for r in to_close
    ]
    items += [
        Item(_("Closed, review not started: %(round)s") % {"round": r}, r.get_absolute_url(), level="warning")
        for r in to_review
    ]
    waiting = Nomination.objects.filter(state=NominationState.SUBMITTED).count()
    items.append(
        Item(
            _("Nominations waiting for review"),
            reverse("nominations:review_queue") + f"?state={NominationState.SUBMITTED}",
            waiting,
            "warning" if waiting else "success",
        )
    )
    return [Panel(_("Award rounds"), items, order=16)]
