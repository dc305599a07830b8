"""A unit's yearly commitments (đăng ký thi đua) and their one-door workflow.

Each year each unit registers the level it commits to reach on indicators of the campaign
(those it reports, or any other) and free-text pledges. States: draft → submitted →
accepted | returned (with a reason) → submitted again once the unit has revised it. Every
change of state goes through `_move`, which checks `ALLOWED_MOVES` under a row lock and
writes a `RegistrationTransition` (who, when, from, to, why).

A unit may still register after the year's deadline; the office list marks it late. The
People's Committee itself (unit kind "authority") runs the movement and is not expected to
register, as it is not expected to be rated; it still may.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thiduaportal.text import fold, nfc
from thiduaportal.workflow import Workflow
from units.models import Unit, UnitKind

from ..models import (
    Campaign,
    CampaignYear,
    Indicator,
    Registration,
    RegistrationCommitment,
    RegistrationState,
    RegistrationTransition,
)
from .campaign import InvalidInput, check_level

State = RegistrationState
ALLOWED_MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (State.DRAFT, State.SUBMITTED),
        (State.RETURNED, State.SUBMITTED),
        (State.SUBMITTED, State.ACCEPTED),
        (State.SUBMITTED, State.RETURNED),
    }
)
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
# The office says why it sends a registration back; the unit reads it.
REASON_REQUIRED: frozenset[tuple[str, str]] = frozenset({(State.SUBMITTED, State.RETURNED)})
REGISTERED_STATES = frozenset({State.SUBMITTED, State.ACCEPTED})
NOT_REGISTERED = "none"  # the state shown for a unit with no registration row


class RegistrationError(InvalidInput):
    """The registration cannot be saved or moved; the message says why."""


# --------------------------------------------------------------------------- checks


def _check_year(campaign: Campaign, year: int) -> None:
    if year == campaign.baseline_year:
        raise RegistrationError(
            _("%(year)s is the baseline year of “%(campaign)s”; units register for %(start)s–%(end)s only.")
            % {"year": year, "campaign": campaign, "start": campaign.start_year, "end": campaign.end_year}
        )
    if not campaign.covers(year):
        raise RegistrationError(
            _("%(year)s is not a year of “%(campaign)s” (%(start)s–%(end)s).")
            % {"year": year, "campaign": campaign, "start": campaign.start_year, "end": campaign.end_year}
        )


def _refuse_closed_year(campaign: Campaign, year: int) -> None:
    if CampaignYear.objects.filter(campaign=campaign, year=year, is_closed=True).exists():
        raise RegistrationError(
            _("The year %(year)s of “%(campaign)s” is closed; its registrations can no longer change.")
            % {"year": year, "campaign": campaign}
        )


def _clean_commitments(campaign: Campaign, commitments: Mapping[int, Decimal | None]) -> dict[int, Decimal]:
    """indicator id -> level, each checked; a None level means no commitment."""
    wanted = {int(pk): level for pk, level in commitments.items() if level is not None}
    indicators = Indicator.objects.select_related("campaign").in_bulk(list(wanted))
    cleaned = {}
    for pk, level in sorted(wanted.items()):
        indicator = indicators.get(pk)
        if indicator is None:
            raise RegistrationError(_("There is no indicator number %(id)s.") % {"id": pk})
        if indicator.campaign_id != campaign.pk:
            raise RegistrationError(
                _("“%(indicator)s” is an indicator of “%(other)s”, not of “%(campaign)s”.")
                % {"indicator": indicator, "other": indicator.campaign, "campaign": campaign},
                field=f"level_{pk}",
            )
        what = _("The committed level for “%(indicator)s”") % {"indicator": indicator}
        try:
            cleaned[pk] = check_level(level, kind=indicator.kind, what=what, field=f"level_{pk}")
        except InvalidInput as error:
            raise RegistrationError(str(error), field=error.field) from None
    return cleaned


# --------------------------------------------------------------------------- the one door


def _refused(registration: Registration, to: str) -> str:
    return _("A registration that is “%(state)s” cannot become “%(to)s”.") % {
        "state": State(registration.state).label,
        "to": State(to).label,
    }


REGISTRATIONS = Workflow(
    "registration",
    model=Registration,
    states=State,
    moves=ALLOWED_MOVES,
    reason_required=REASON_REQUIRED,
    transition=RegistrationTransition,
    error=RegistrationError,
    refused=_refused,
    reason_missing=lambda registration, to: _("Say why the registration is returned."),
    related=("campaign",),
    update_fields=("submitted_at", "decided_at", "return_reason"),
    keep_lines=True,
)


def _move(registration: Registration, *, actor, to: str, reason: str = "") -> Registration:
    """The only place a registration's state changes: `REGISTRATIONS.move` locks the row,
    checks the move against `ALLOWED_MOVES` and the year still open, stamps the times,
    writes a `RegistrationTransition`, and updates the caller's object too."""

    def prepare(locked: Registration) -> None:
        _refuse_closed_year(locked.campaign, locked.year)
        now = timezone.now()
        if to == State.SUBMITTED:
            locked.submitted_at, locked.return_reason = now, ""
        else:
            locked.decided_at = now
            locked.return_reason = REGISTRATIONS.clean_reason(reason) if to == State.RETURNED else ""

    return REGISTRATIONS.move(registration, actor=actor, to=to, reason=reason, prepare=prepare)


# --------------------------------------------------------------------------- public functions


@transaction.atomic
def save_registration(
    unit: Unit,
    *,
    campaign: Campaign,
    year: int,
    actor,
    pledges: str,
    commitments: Mapping[int, Decimal | None],
) -> Registration:
    """Create or revise a unit's registration for a year, while it is a draft or returned.

    `commitments` maps indicator ids to the committed level (None: no commitment); the
    registration ends up with exactly those. Refused, with nothing saved: a year outside the
    campaign (the baseline year too), a closed year, an archived unit, an indicator of
    another campaign, a negative level, a percentage above 100, a registration already
    submitted or accepted. Side effects: the Registration (created as a draft) and its
    RegistrationCommitment rows.
    """
    _check_year(campaign, year)
    _refuse_closed_year(campaign, year)
    if not unit.is_active:
        raise RegistrationError(_("%(unit)s is archived and cannot register.") % {"unit": unit})
    levels = _clean_commitments(campaign, commitments)
    registration, _created = Registration.objects.select_for_update().get_or_create(
        campaign=campaign, unit=unit, year=year
    )
    if registration.state not in EDITABLE_STATES:
        raise RegistrationError(
            _("The registration of %(unit)s for %(year)s is “%(state)s” and can no longer be changed.")
            % {"unit": unit, "year": year, "state": registration.get_state_display()}
        )
    pledges = nfc(pledges).replace("\r\n", "\n").strip()
    if registration.pledges != pledges:
        registration.pledges = pledges
        registration.save(update_fields=["pledges"])
    _replace_commitments(registration, levels)
    return registration


def _replace_commitments(registration: Registration, levels: dict[int, Decimal]) -> None:
    existing = {c.indicator_id: c for c in registration.commitments.all()}
    for indicator_id, commitment in existing.items():
        if indicator_id not in levels:
            commitment.delete()
    for indicator_id, level in levels.items():
        commitment = existing.get(indicator_id)
        if commitment is None:
            RegistrationCommitment.objects.create(
                registration=registration, indicator_id=indicator_id, level=level
            )
        elif commitment.level != level:
            commitment.level = level
            commitment.save(update_fields=["level"])


@transaction.atomic
def submit_registration(registration: Registration, *, actor) -> Registration:
    """Send a draft (or a revised, returned) registration to the office. Refused when it
    holds neither a commitment nor a pledge."""
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if not locked.pledges.strip() and not locked.commitments.exists():
        raise RegistrationError(
            _("Commit to at least one indicator or write a pledge before submitting the registration.")
        )
    return _move(registration, actor=actor, to=State.SUBMITTED)


def accept_registration(registration: Registration, *, actor) -> Registration:
    """The office accepts a submitted registration."""
    return _move(registration, actor=actor, to=State.ACCEPTED)


def return_registration(registration: Registration, *, actor, reason: str) -> Registration:
    """The office sends a submitted registration back to the unit; the reason is required
    and shown to the unit."""
    reason = nfc(reason).strip()
    if not reason:
        raise RegistrationError(_("Say why the registration is returned."), field="reason")
    return _move(registration, actor=actor, to=State.RETURNED, reason=reason)


# --------------------------------------------------------------------------- reading


def registering_units() -> QuerySet[Unit]:
    """Units expected to register: active ones, the People's Committee itself excepted."""
    return Unit.objects.active().exclude(kind=UnitKind.AUTHORITY)


def registration_states(campaign: Campaign, year: int) -> dict[int, str]:
    """unit id -> the state of its registration for the year (units with none are absent).
    One query."""
    return dict(
        Registration.objects.filter(campaign=campaign, year=year).order_by().values_list("unit_id", "state")
    )


def units_without_registration(campaign: Campaign, year: int) -> QuerySet[Unit]:
    """Units expected to register (see `registering_units`) with no submitted or accepted
    registration for the year: none at all, a draft, or one returned and not yet resent."""
    registered = Registration.objects.filter(campaign=campaign, year=year, state__in=REGISTERED_STATES)
    return registering_units().exclude(pk__in=registered.values("unit_id"))


def is_late(
    deadline: datetime.date | None,
    *,
    state: str,
    first_submitted: datetime.datetime | None,
    today: datetime.date,
) -> bool:
    """Late: first submitted after the deadline, or never submitted and the deadline passed."""
    if deadline is None:
        return False
    if first_submitted is not None:
        return timezone.localdate(first_submitted) > deadline
    return state in (NOT_REGISTERED, State.DRAFT) and today > deadline


@dataclass(frozen=True)
class OverviewRow:
    """One unit in the office's list for a year; `registration` is None when it has none."""

    unit: Unit
    registration: Registration | None
    late: bool

    @property
    def state(self) -> str:
        return self.registration.state if self.registration else NOT_REGISTERED


def with_history(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate `first_submitted` (the first time it reached the office) and `commitment_count`."""
    return queryset.annotate(
        first_submitted=Min("transitions__at", filter=Q(transitions__to_state=State.SUBMITTED)),
        commitment_count=Count("commitments", distinct=True),
    )


def registration_overview(
    campaign: Campaign, year: int, *, today: datetime.date | None = None
) -> tuple[CampaignYear | None, list[OverviewRow]]:
    """Every unit expected to register (and any other that did) with its registration for
    the year, by unit name, each marked late or not. Three queries."""
    today = today or timezone.localdate()
    period = CampaignYear.objects.filter(campaign=campaign, year=year).first()
    deadline = period.registration_deadline if period else None
    registrations = {
        r.unit_id: r
        for r in with_history(
            Registration.objects.filter(campaign=campaign, year=year).select_related("unit")
        )
    }
    units = {unit.pk: unit for unit in registering_units()}
    units.update({r.unit_id: r.unit for r in registrations.values()})
    rows = []
    for unit in sorted(units.values(), key=lambda u: (fold(u.name), u.pk)):
        registration = registrations.get(unit.pk)
        first = registration.first_submitted or registration.submitted_at if registration else None
        state = registration.state if registration else NOT_REGISTERED
        rows.append(
            OverviewRow(
                unit, registration, is_late(deadline, state=state, first_submitted=first, today=today)
            )
        )
    return period, rows


@dataclass(frozen=True)
class YearRow:
    """One year of a campaign as a unit sees it: the deadline and its registration, if any."""

    period: CampaignYear
    registration: Registration | None
    late: bool

    @property
    def state(self) -> str:
        return self.registration.state if self.registration else NOT_REGISTERED


def unit_years(
    campaign: Campaign, registrations: QuerySet[Registration], *, today: datetime.date | None = None
) -> list[YearRow]:
    """Each year of the campaign with the registration found in `registrations` (the
    caller limits them to one unit and to what the user may see). Two queries."""
    today = today or timezone.localdate()
    found = {r.year: r for r in with_history(registrations.filter(campaign=campaign))}
    rows = []
    for period in campaign.periods.all():
        registration = found.get(period.year)
        state = registration.state if registration else NOT_REGISTERED
        first = (registration.first_submitted or registration.submitted_at) if registration else None
        late = is_late(period.registration_deadline, state=state, first_submitted=first, today=today)
        rows.append(YearRow(period, registration, late))
    return rows


def registration_is_late(registration: Registration, *, today: datetime.date | None = None) -> bool:
    """Whether this registration was (or still is) late against its year's deadline."""
    deadline = (
        CampaignYear.objects.filter(campaign_id=registration.campaign_id, year=registration.year)
        .values_list("registration_deadline", flat=True)
        .first()
    )
    first = (
        registration.transitions.filter(to_state=State.SUBMITTED).order_by("at").values_list("at", flat=True)
    )
    first_at = first.first() or registration.submitted_at
    return is_late(
        deadline, state=registration.state, first_submitted=first_at, today=today or timezone.localdate()
    )
