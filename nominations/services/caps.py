"""The catalogue's caps on a year-end review's titles (per unit, in the commune, as a share of a
base title), counted from the rows under the round's lock when a unit submits and when the
office accepts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nominations.models import LIVE_STATES, Nomination, NominationState, Title
from nominations.services import QuotaExceeded

# What a cap counts when the unit submits: what is before the office or past it; when the
# office accepts: what it has accepted (a cap lowered meanwhile is enforced again there).
SUBMITTED_COUNTED = (NominationState.SUBMITTED, NominationState.ACCEPTED, NominationState.SHORTLISTED)
ACCEPTED_COUNTED = (NominationState.ACCEPTED, NominationState.SHORTLISTED)


def title_of(nomination: Nomination) -> Title | None:
    """The catalogue entry of a year-end nomination's title (None: not in the catalogue)."""
    return (
        Title.objects.filter(commune_id=nomination.round.commune_id, award_form_id=nomination.award_form_id)
        .select_related("award_form", "cap_base__award_form")
        .first()
    )


def _refuse_at(counted, cap: int, message: str, shown: dict) -> None:
    """Raise `QuotaExceeded` with `message` when the rows of `counted`, locked, already reach
    `cap` (the message gets the cap and the count)."""
    count = len(counted.select_for_update().values_list("pk", flat=True))
    if count >= cap:
        raise QuotaExceeded(message % (shown | {"cap": cap, "count": count}))


def refuse_over_cap(nomination: Nomination, *, counted: tuple[str, ...]) -> None:
    """Raise `QuotaExceeded` when counting this nomination of the year-end review with the
    others of its title in `counted` states would pass a cap of the catalogue: per unit, in
    the commune, or as a share of the unit's proposals of the base title. Callers hold the
    round's row lock, so concurrent submissions are counted one after another, from the rows."""
    title = title_of(nomination)
    if title is None:
        return
    same = Nomination.objects.filter(round_id=nomination.round_id, award_form_id=nomination.award_form_id)
    same = same.filter(state__in=counted).exclude(pk=nomination.pk)
    unit = nomination.proposal.unit
    shown = {"name": nomination.subject_name, "title": title.name, "unit": unit}
    if title.cap_total is not None:
        message = _(
            "%(name)s cannot be counted for “%(title)s”: the commune allows at most %(cap)s and "
            "%(count)s are already counted."
        )
        _refuse_at(same, title.cap_total, message, shown)
    in_unit = same.filter(proposal__unit=unit)
    if title.cap_per_unit is not None:
        message = _(
            "%(name)s cannot be counted for “%(title)s”: %(unit)s may have at most %(cap)s and "
            "already has %(count)s."
        )
        _refuse_at(in_unit, title.cap_per_unit, message, shown)
    if title.cap_share is not None and title.cap_base is not None:
        base = Nomination.objects.filter(
            round_id=nomination.round_id, award_form_id=title.cap_base.award_form_id, proposal__unit=unit
        )
        base_count = base.filter(state__in=LIVE_STATES).count()
        allowed = int(title.cap_share * base_count)
        message = _(
            "%(name)s cannot be counted for “%(title)s”: %(unit)s may have at most %(share)s of its "
            "%(base_count)s proposals for “%(base)s”, that is %(allowed)s, and already has %(count)s."
        )
        values = {
            "share": f"{title.cap_share * 100:.0f} %",
            "base_count": base_count,
            "base": title.cap_base.name,
            "allowed": allowed,
        }
        _refuse_at(in_unit, allowed, message, shown | values)
