"""Rounds (đợt xét khen thưởng): their settings, their one-door state machine, deadlines.

States: draft → open → closed → review → council → decided → archived; a closed round may
be opened again (after its deadline was moved). Every change of state goes through `_move`,
which locks the row, checks `ALLOWED_MOVES` and writes a `RoundTransition`.

Quotas default to the plan's (5 collectives, 10 individuals) except for ad hoc rounds, which
have none. A round offers at least one award form; the default forms are created by a data
migration (`DEFAULT_AWARD_FORM_CODES`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from campaigns.models import Campaign
from nominations import hooks
from nominations.models import (
    AwardForm,
    AwardKind,
    NominationState,
    Proposal,
    Round,
    RoundKind,
    RoundState,
    RoundTransition,
)
from nominations.services import NominationError, titles
from thiduaportal.workflow import Workflow

State = RoundState
ALLOWED_MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (State.DRAFT, State.OPEN),
        (State.OPEN, State.CLOSED),
        (State.CLOSED, State.OPEN),
        (State.CLOSED, State.REVIEW),
        (State.REVIEW, State.COUNCIL),
        (State.COUNCIL, State.DECIDED),
        (State.DECIDED, State.ARCHIVED),
    }
)
# Settings may change until the office starts reviewing.
EDITABLE_STATES = frozenset({State.DRAFT, State.OPEN, State.CLOSED})
DEFAULT_AWARD_FORM_CODES = ("giay-khen-chu-tich", "bang-khen-thanh-pho")
# The plan's quotas at commune level (REFERENCE §2); ad hoc rounds have none.
PLAN_QUOTAS = {"quota_collectives": 5, "quota_individuals": 10}
ROUND_FIELDS = (
    "campaign",
    "year",
    "kind",
    "title",
    "submit_by",
    "review_by",
    "council_on",
    "quota_collectives",
    "quota_individuals",
)


# --------------------------------------------------------------------------- defaults


def default_award_forms() -> list[AwardForm]:
    """The active award forms a new round offers unless the office chooses otherwise."""
    return list(AwardForm.objects.filter(code__in=DEFAULT_AWARD_FORM_CODES, is_active=True))


def default_quotas(kind: str) -> dict[str, int | None]:
    """The quotas a round of this kind starts with: none for ad hoc and the year-end review
    (whose caps are the catalogue's, per title), the plan's otherwise."""
    if kind in (RoundKind.ADHOC, RoundKind.YEAR_END):
        return {"quota_collectives": None, "quota_individuals": None}
    return dict(PLAN_QUOTAS)


# --------------------------------------------------------------------------- checks


def _check_deadlines(submit_by, review_by, council_on) -> None:
    if submit_by is None:
        raise NominationError(_("Enter the date units submit by."), field="submit_by")
    if review_by is not None and review_by < submit_by:
        raise NominationError(
            _("The office's review date (%(review)s) is before the units' deadline (%(submit)s).")
            % {"review": _d(review_by), "submit": _d(submit_by)},
            field="review_by",
        )
    previous = review_by or submit_by
    if council_on is not None and council_on < previous:
        raise NominationError(
            _("The council meeting (%(council)s) is before the earlier deadline (%(previous)s).")
            % {"council": _d(council_on), "previous": _d(previous)},
            field="council_on",
        )


def _check_campaign(kind: str, campaign: Campaign | None, year: int | None) -> None:
    if kind not in RoundKind.values:
        raise NominationError(_("Choose the kind of round."), field="kind")
    if year is None:
        raise NominationError(_("Enter the year of the round."), field="year")
    if kind == RoundKind.YEAR_END:
        if campaign is not None:
            raise NominationError(
                _(
                    "The year-end review covers the commune's whole year, not one campaign: leave the campaign empty."
                ),
                field="campaign",
            )
        return
    if campaign is None:
        if kind != RoundKind.ADHOC:
            raise NominationError(
                _(
                    "Choose the campaign of the round; only an ad hoc round or the year-end review may stand alone."
                ),
                field="campaign",
            )
        return
    if not campaign.covers(year):
        raise NominationError(
            _("%(year)s is not a year of “%(campaign)s” (%(start)s–%(end)s).")
            % {"year": year, "campaign": campaign, "start": campaign.start_year, "end": campaign.end_year},
            field="year",
        )
    if kind == RoundKind.MIDTERM and year != campaign.midterm_year:
        raise NominationError(
            _("The mid-term review of “%(campaign)s” is held in %(midterm)s, not in %(year)s.")
            % {"campaign": campaign, "midterm": campaign.midterm_year or "—", "year": year},
            field="year",
        )
    if kind == RoundKind.FINAL and year != campaign.end_year:
        raise NominationError(
            _("The final review of “%(campaign)s” is held in its last year, %(end)s, not in %(year)s.")
            % {"campaign": campaign, "end": campaign.end_year, "year": year},
            field="year",
        )


def _check_quotas(fields: dict) -> None:
    labels = {"quota_collectives": _("quota of collectives"), "quota_individuals": _("quota of individuals")}
    for name, label in labels.items():
        value = fields.get(name)
        if value is not None and value < 1:
            raise NominationError(
                _("The %(what)s must be at least 1, or left empty for no quota.") % {"what": label},
                field=name,
            )


def _check_award_forms(award_forms: Iterable[AwardForm]) -> list[AwardForm]:
    forms = list(award_forms)
    if not forms:
        raise NominationError(_("Choose at least one award form the round offers."), field="award_forms")
    return forms


def _clean(fields: dict, award_forms: Iterable[AwardForm]) -> tuple[dict, list[AwardForm]]:
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    title = " ".join((fields.get("title") or "").split())
    if not title:
        raise NominationError(_("Enter the title of the round."), field="title")
    fields["title"] = title
    _check_campaign(fields.get("kind"), fields.get("campaign"), fields.get("year"))
    _check_deadlines(fields.get("submit_by"), fields.get("review_by"), fields.get("council_on"))
    _check_quotas(fields)
    if fields.get("kind") == RoundKind.YEAR_END:
        # The year-end review proposes the catalogue's titles, whatever the form ticked.
        kinds = (AwardKind.INDIVIDUAL_TITLE, AwardKind.COLLECTIVE_TITLE)
        return fields, [form for form in titles.ensure_award_forms().values() if form.kind in kinds]
    return fields, _check_award_forms(award_forms)


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# --------------------------------------------------------------------------- create, edit


@transaction.atomic
def create_round(*, actor, award_forms: Iterable[AwardForm], **fields) -> Round:
    """Create a round in draft with its award forms.

    `fields` are the round's settings (`ROUND_FIELDS`); quotas missing from them take the
    defaults of the kind. Refused, with nothing saved: no title, a campaign round without a
    campaign, a year outside the campaign, a mid-term / final round outside the campaign's
    mid-term / last year, deadlines out of order, a quota below 1, no award form.
    """
    fields = {**default_quotas(fields.get("kind", "")), **fields}
    fields, forms = _clean(fields, award_forms)
    round = Round.objects.create(**fields)
    round.award_forms.set(forms)
    return round


@transaction.atomic
def update_round(round: Round, *, actor, award_forms: Iterable[AwardForm] | None = None, **fields) -> Round:
    """Change a round's settings (and award forms when given) while it is a draft, open or
    closed; the same checks as `create_round` apply to the result. Refused once the review
    has started."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.state not in EDITABLE_STATES:
        raise NominationError(
            _("The round “%(round)s” is “%(state)s”; its settings can no longer change.")
            % {"round": locked, "state": locked.get_state_display()}
        )
    merged = {name: getattr(locked, name) for name in ROUND_FIELDS} | fields
    forms = list(locked.award_forms.all()) if award_forms is None else award_forms
    merged, forms = _clean(merged, forms)
    for name, value in merged.items():
        setattr(locked, name, value)
    locked.save()
    if award_forms is not None:
        locked.award_forms.set(forms)
    for name in ROUND_FIELDS:
        setattr(round, name, getattr(locked, name))
    return locked


# --------------------------------------------------------------------------- the one door


def _refused(round: Round, to: str) -> str:
    return _("A round that is “%(state)s” cannot become “%(to)s”.") % {
        "state": State(round.state).label,
        "to": State(to).label,
    }


ROUNDS = Workflow(
    "round",
    model=Round,
    states=State,
    moves=ALLOWED_MOVES,
    transition=RoundTransition,
    error=NominationError,
    refused=_refused,
    update_fields=(),
)


def _move(round: Round, *, actor, to: str, reason: str = "", also: frozenset = frozenset()) -> Round:
    """The only place a round's state changes: `ROUNDS.move` locks the row, checks the move
    against `ALLOWED_MOVES` (and `also`, the moves its caller allows besides), writes a
    `RoundTransition`, and updates the caller's object too."""
    return ROUNDS.move(round, actor=actor, to=to, reason=reason, also=also)


def open_round(round: Round, *, actor, reason: str = "", today: datetime.date | None = None) -> Round:
    """Open the round to units' proposals (again, after it was closed). Refused when its
    deadline has already passed: move the deadline first."""
    today = today or timezone.localdate()
    if round.submit_by < today:
        raise NominationError(
            _("The deadline of “%(round)s” (%(date)s) has passed; move it before opening the round.")
            % {"round": round, "date": _d(round.submit_by)},
            field="submit_by",
        )
    return _move(round, actor=actor, to=State.OPEN, reason=reason)


def close_round(round: Round, *, actor, reason: str = "", today: datetime.date | None = None) -> Round:
    """Stop taking proposals; nominations not submitted stay drafts (and can no longer be
    submitted). Closed before its published deadline, the round tells every active unit's
    people in their inbox (and by e-mail) that it closed today, with its drafts left."""
    today = today or timezone.localdate()
    early = today <= round.submit_by
    moved = _move(round, actor=actor, to=State.CLOSED, reason=reason)
    if early:
        from nominations.services import notifications  # noqa: PLC0415 - notifications reads this module

        notifications.notify_round_closed(moved, closed_on=today, reason=reason)
    return moved


def start_review(round: Round, *, actor, reason: str = "") -> Round:
    """The office starts reviewing the submitted nominations."""
    return _move(round, actor=actor, to=State.REVIEW, reason=reason)


def send_to_council(round: Round, *, actor, reason: str = "") -> Round:
    """The shortlist goes to the council (Hội đồng Thi đua – Khen thưởng)."""
    return _move(round, actor=actor, to=State.COUNCIL, reason=reason)


def decide_round(round: Round, *, actor, reason: str = "", without_council: bool = False) -> Round:
    """The chairman decided on the round's awards: after the council, or, for an ad hoc
    round decided from the office's shortlist without a session (`without_council`, see
    `decisions.drafting.decides_without_council`), straight from the review."""
    also = frozenset({(State.REVIEW, State.DECIDED)}) if without_council and round.is_adhoc else frozenset()
    return _move(round, actor=actor, to=State.DECIDED, reason=reason, also=also)


def archive_round(round: Round, *, actor, reason: str = "") -> Round:
    """The round is finished and kept for the record."""
    return _move(round, actor=actor, to=State.ARCHIVED, reason=reason)


MOVES = {
    State.OPEN: open_round,
    State.CLOSED: close_round,
    State.REVIEW: start_review,
    State.COUNCIL: send_to_council,
    State.DECIDED: decide_round,
    State.ARCHIVED: archive_round,
}


def next_states(round: Round) -> list[str]:
    """The states the round may move to now, in the table's order of states."""
    return ROUNDS.next_states(round)


# --------------------------------------------------------------------------- deadlines, overview


def accepts_submissions(round: Round, *, today: datetime.date | None = None) -> bool:
    """True while the round is open and today is not after its deadline (the deadline day
    itself is included)."""
    today = today or timezone.localdate()
    return round.state == State.OPEN and today <= round.submit_by


def submission_status(round: Round, *, today: datetime.date | None = None) -> tuple[bool, str]:
    """Whether units can submit now, and the sentence that tells them."""
    today = today or timezone.localdate()
    if accepts_submissions(round, today=today):
        return True, _("Accepting proposals until the end of %(date)s") % {"date": _d(round.submit_by)}
    if round.state in (State.DRAFT,):
        return False, _("Not open for proposals yet")
    closed = closed_on(round, today=today)
    if closed is not None:
        return False, _("No longer accepting proposals since %(date)s") % {"date": _d(closed)}
    return False, _("No longer accepting proposals")


def closed_on(round: Round, *, today: datetime.date | None = None) -> datetime.date | None:
    """The day the round stopped taking proposals: the day the office closed it, when that
    came before its published deadline, else the deadline. None while it takes proposals
    or before it was ever opened."""
    if round.state == State.DRAFT or accepts_submissions(round, today=today):
        return None
    closes = (
        round.transitions.filter(to_state=State.CLOSED).order_by("-at", "-pk").values_list("at", flat=True)
    )
    last = closes.first()
    if last is not None and timezone.localdate(last) < round.submit_by:
        return timezone.localdate(last)
    return round.submit_by


def refuse_closed(round: Round, *, today: datetime.date | None = None) -> None:
    """Raise unless the round accepts proposals today, naming the round and the day it
    stopped (the day the office closed it early, else its deadline)."""
    if accepts_submissions(round, today=today):
        return
    if round.state == State.DRAFT:
        raise NominationError(_("The round “%(round)s” is not open for proposals yet.") % {"round": round})
    raise NominationError(
        _("The round “%(round)s” stopped accepting proposals on %(date)s.")
        % {"round": round, "date": _d(closed_on(round, today=today) or round.submit_by)}
    )


# --------------------------------------------------------------------------- what a move means

# Nominations the office has not settled: waiting for its review, or for the unit's revision.
_AWAITING_OFFICE = NominationState.SUBMITTED
_AWAITING_UNIT = NominationState.RETURNED


def _per_unit(round: Round, state: str) -> list[tuple[str, int]]:
    rows = (
        round.nominations.filter(state=state)
        .values("proposal__unit__name")
        .annotate(n=Count("pk"))
        .order_by("proposal__unit__name")
    )
    return [(row["proposal__unit__name"], row["n"]) for row in rows]


_UNIT_LINES = {
    NominationState.DRAFT: ngettext_lazy(
        "%(unit)s: %(n)s nomination in draft can no longer be submitted.",
        "%(unit)s: %(n)s nominations in draft can no longer be submitted.",
        "n",
    ),
    _AWAITING_OFFICE: ngettext_lazy(
        "%(unit)s: %(n)s dossier submitted and not yet reviewed.",
        "%(unit)s: %(n)s dossiers submitted and not yet reviewed.",
        "n",
    ),
    _AWAITING_UNIT: ngettext_lazy(
        "%(unit)s: %(n)s dossier returned for revision and not yet submitted again.",
        "%(unit)s: %(n)s dossiers returned for revision and not yet submitted again.",
        "n",
    ),
}


def _unit_lines(round: Round, state: str) -> list[str]:
    return [_UNIT_LINES[state] % {"unit": unit, "n": n} for unit, n in _per_unit(round, state)]


def move_consequences(round: Round, to: str, *, today: datetime.date | None = None) -> list[str]:
    """What moving the round to `to` means, in sentences for the confirmation page: what
    cannot be undone, the published deadline when it closes early, and each unit's
    dossiers not yet settled (or drafts that can no longer be submitted)."""
    today = today or timezone.localdate()
    lines = []
    if to == State.OPEN:
        lines.append(
            _("Units can submit proposals until the end of %(date)s.") % {"date": _d(round.submit_by)}
        )
    if to == State.CLOSED:
        lines.append(_("Units can no longer submit proposals."))
        if today <= round.submit_by:
            days = (round.submit_by - today).days
            lines.append(
                ngettext(
                    "The published deadline is %(date)s, %(days)s day from now. Every unit is told "
                    "that the round closes today, %(today)s.",
                    "The published deadline is %(date)s, %(days)s days from now. Every unit is told "
                    "that the round closes today, %(today)s.",
                    days,
                )
                % {"date": _d(round.submit_by), "days": days, "today": _d(today)}
            )
        lines += _unit_lines(round, NominationState.DRAFT)
    if to == State.REVIEW:
        lines.append(_("The round's settings can no longer change, and it cannot be opened again."))
    if to == State.COUNCIL:
        lines.append(_("The shortlist goes to the council; the office no longer reviews this round."))
        accepted = round.nominations.filter(state=NominationState.ACCEPTED).count()
        if accepted:
            lines.append(
                ngettext(
                    "%(n)s accepted nomination is not shortlisted and does not go to the council.",
                    "%(n)s accepted nominations are not shortlisted and do not go to the council.",
                    accepted,
                )
                % {"n": accepted}
            )
    if to == State.DECIDED:
        lines.append(_("The round is recorded as decided by the chairman; it cannot go back to the council."))
    if to == State.ARCHIVED:
        lines.append(_("The round is kept for the record; nothing in it can change any more."))
    if to in (State.REVIEW, State.COUNCIL, State.DECIDED, State.ARCHIVED):
        lines += _unit_lines(round, _AWAITING_OFFICE)
        lines += _unit_lines(round, _AWAITING_UNIT)
    return lines + list(hooks.round_move_warnings(round, to))


@dataclass(frozen=True)
class QuotaUse:
    """Of a round's quota for one subject type, how many places the shortlist holds."""

    subject_type: str
    used: int
    quota: int | None


def quota_use(round: Round) -> list[QuotaUse]:
    """The places in use per subject type (collectives, then individuals): shortlisted
    nominations against the round's quota, counted from the rows in one query."""
    rows = dict(
        round.nominations.filter(state=NominationState.SHORTLISTED)
        .values_list("subject_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        QuotaUse("collective", rows.get("collective", 0), round.quota_collectives),
        QuotaUse("individual", rows.get("individual", 0), round.quota_individuals),
    ]


@dataclass
class ProposalRow:
    proposal: Proposal
    total: int
    counts: dict[str, int]

    @property
    def cells(self) -> list[int]:
        """The counts in the order of `NominationState`, for a table."""
        return [self.counts[state] for state in NominationState.values]


def proposal_rows(round: Round) -> list[ProposalRow]:
    """Each unit's proposal in the round with its count of nominations per state (one
    query)."""
    states = NominationState.values
    annotations = {f"n_{state}": Count("nominations", filter=Q(nominations__state=state)) for state in states}
    proposals = (
        Proposal.objects.filter(round=round)
        .select_related("unit")
        .annotate(n_total=Count("nominations"), **annotations)
        .order_by("unit__name")
    )
    return [
        ProposalRow(p, p.n_total, {state: getattr(p, f"n_{state}") for state in states}) for p in proposals
    ]


def running_rounds_refusal(commune) -> str:
    """Why `commune` may not be archived: its rounds not yet decided or archived, by name
    (the scope is the commune's); "" when none is running."""
    running = Round.objects.exclude(state__in=[RoundState.DECIDED, RoundState.ARCHIVED]).order_by(
        "year", "pk"
    )
    names = [str(round_) for round_ in running]
    if not names:
        return ""
    return _(
        "%(commune)s cannot be archived while rounds are still running: %(rounds)s. Decide or archive them first."
    ) % {"commune": commune.name, "rounds": "; ".join(f"“{name}”" for name in names)}
