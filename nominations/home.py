"""Home-page panels of rounds and nominations: a unit sees the rounds taking proposals and
its nominations to finish; the office sees rounds waiting for a move and nominations
waiting for review."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thiduaportal.home import Item, Panel, register
from thiduaportal.roles import Role, roles_of

from .models import Nomination, NominationState, Round, RoundState


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
    counts = Nomination.objects.filter(proposal__unit_id=user.unit_id).aggregate(
        drafts=Count("pk", filter=Q(state=NominationState.DRAFT)),
        returned=Count("pk", filter=Q(state=NominationState.RETURNED)),
    )
    items.append(
        Item(
            _("Nominations still in draft"), reverse("nominations:round_list"), counts["drafts"], "secondary"
        )
    )
    items.append(
        Item(
            _("Nominations returned for revision"),
            reverse("nominations:round_list"),
            counts["returned"],
            "danger" if counts["returned"] else "success",
        )
    )
    return [Panel(_("Award rounds"), items, order=20)]


@register
def office_panels(user) -> list[Panel]:
    """Rounds whose deadline passed while still open, closed rounds to review, and the
    nominations waiting for review."""
    if not roles_of(user) & Role.SEES_ALL:
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
            reverse("nominations:round_list"),
            waiting,
            "warning" if waiting else "success",
        )
    )
    return [Panel(_("Award rounds"), items, order=16)]
