"""A unit's proposal for a round and its nominations while they are drafted.

A proposal is created when the unit confirms it starts one (`get_or_create_proposal`, on a
POST: opening the round's link only asks). Its
nominations name exactly one subject: the proposing unit itself or a unit under it
(`Unit.parent`), or one active person currently in the proposing unit. A subject is
nominated at most once per round (checked first with a message naming it; the database
constraints are the backstop). Drafting needs the round to accept proposals; a returned
nomination may be revised after the deadline.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nominations.models import (
    AwardForm,
    Nomination,
    NominationState,
    Proposal,
    Round,
    RoundState,
    SubjectType,
)
from nominations.services import NominationError
from nominations.services.rounds import refuse_closed
from thiduaportal.documents import parse_document_number
from thiduaportal.text import nfc
from units.models import Cadre, Unit

EDITABLE_STATES = frozenset({NominationState.DRAFT, NominationState.RETURNED})
PROPOSAL_FIELDS = ("letter_number", "letter_date", "signer_name", "signer_title", "meeting_date")
NOMINATION_FIELDS = ("award_form", "summary")
# The unit's Tờ trình may change until the round goes to the council.
PROPOSAL_EDITABLE_ROUND_STATES = frozenset({RoundState.OPEN, RoundState.CLOSED, RoundState.REVIEW})
SUMMARY_MAX = 300


def is_editable(nomination: Nomination) -> bool:
    """A nomination may be changed by its unit while it is a draft or returned."""
    return nomination.state in EDITABLE_STATES


# --------------------------------------------------------------------------- proposals


@transaction.atomic
def get_or_create_proposal(round: Round, unit: Unit, *, actor) -> Proposal:
    """The unit's proposal for the round, created (empty) on first use. Creating one is
    refused when the round does not accept proposals; an existing one is always returned."""
    proposal = existing_proposal(round, unit)
    if proposal is not None:
        return proposal
    refuse_new_proposal(round, unit)
    proposal, _created = Proposal.objects.get_or_create(round=round, unit=unit)
    return proposal


def existing_proposal(round: Round, unit: Unit) -> Proposal | None:
    """The unit's proposal for the round, if it has started one; creates nothing."""
    return Proposal.objects.filter(round=round, unit=unit).first()


def refuse_new_proposal(round: Round, unit: Unit) -> None:
    """Raise unless the unit may start a proposal in the round now (the round accepts
    proposals, the unit is not archived)."""
    refuse_closed(round)
    if not unit.is_active:
        raise NominationError(_("%(unit)s is archived and cannot propose.") % {"unit": unit})


def _letter_number(text: str) -> str:
    """ "5/TTr-PKT" → "05/TTr-PKT"; refused unless it reads number/ký hiệu (NĐ 30/2020)."""
    parsed = parse_document_number(text)
    if parsed is None:
        raise NominationError(
            _(
                "The number of the Tờ trình is written number/ký hiệu, the ký hiệu in capitals without "
                "spaces and its groups joined by hyphens, e.g. “05/TTr-TTPVHCC”; “%(typed)s” is not."
            )
            % {"typed": text},
            field="letter_number",
        )
    return "/".join(parsed)


@transaction.atomic
def update_proposal(proposal: Proposal, *, actor, **fields) -> Proposal:
    """Fill in the unit's Tờ trình: number, date, signer and position, and the date of the
    unit's selection meeting. Text is normalised to NFC. Refused: unknown fields, a meeting
    after the Tờ trình, a number another Tờ trình of the unit carries in the same year, a
    round not open, closed or under review."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown proposal fields: {sorted(unknown)}")
    locked = Proposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)
    if locked.round.state not in PROPOSAL_EDITABLE_ROUND_STATES:
        raise NominationError(
            _("The round “%(round)s” is “%(state)s”; the proposal can no longer change.")
            % {"round": locked.round, "state": locked.round.get_state_display()}
        )
    for name in ("letter_number", "signer_name", "signer_title"):
        if name in fields:
            fields[name] = " ".join(nfc(fields[name]).split())
    if fields.get("letter_number"):
        fields["letter_number"] = _letter_number(fields["letter_number"])
    merged = {name: getattr(locked, name) for name in PROPOSAL_FIELDS} | fields
    meeting, letter = merged["meeting_date"], merged["letter_date"]
    if meeting and letter and meeting > letter:
        raise NominationError(
            _("The selection meeting (%(meeting)s) must come before the Tờ trình (%(letter)s).")
            % {"meeting": _d(meeting), "letter": _d(letter)},
            field="meeting_date",
        )
    _refuse_reused_number(locked, merged["letter_number"], merged["letter_date"])
    for name, value in merged.items():
        setattr(locked, name, value)
    locked.save()
    for name in PROPOSAL_FIELDS:
        setattr(proposal, name, getattr(locked, name))
    return locked


# --------------------------------------------------------------------------- nominations


def check_subject(proposal: Proposal, subject_type: str, subject_unit, subject_cadre) -> None:
    if subject_type == SubjectType.COLLECTIVE:
        if subject_unit is None or subject_cadre is not None:
            raise NominationError(_("Choose the collective to nominate."), field="subject_unit")
        own = subject_unit.pk == proposal.unit_id or subject_unit.parent_id == proposal.unit_id
        if not own:
            raise NominationError(
                _("%(unit)s is neither %(proposer)s nor a unit under it.")
                % {"unit": subject_unit, "proposer": proposal.unit},
                field="subject_unit",
            )
        if not subject_unit.is_active:
            raise NominationError(_("%(unit)s is archived.") % {"unit": subject_unit}, field="subject_unit")
    elif subject_type == SubjectType.INDIVIDUAL:
        if subject_cadre is None or subject_unit is not None:
            raise NominationError(_("Choose the person to nominate."), field="subject_cadre")
        if subject_cadre.unit_id != proposal.unit_id:
            raise NominationError(
                _("%(name)s does not work in %(unit)s.") % {"name": subject_cadre, "unit": proposal.unit},
                field="subject_cadre",
            )
        if not subject_cadre.is_active:
            raise NominationError(
                _("%(name)s no longer works here.") % {"name": subject_cadre}, field="subject_cadre"
            )
    else:
        raise NominationError(_("Choose a collective or an individual."), field="subject_type")


def refuse_duplicate(
    round: Round, subject_unit: Unit | None, subject_cadre: Cadre | None, award_form: AwardForm | None = None
) -> None:
    """Refuse a subject already nominated in the round: for any award form in a campaign or ad
    hoc round, for the same title in the year-end review (one person may hold LĐTT and CSTĐCS).
    Callers hold the round's lock."""
    others = Nomination.objects.filter(round=round).exclude(state=NominationState.WITHDRAWN)
    if round.is_year_end:
        others = others.filter(award_form=award_form)
    if subject_cadre is not None:
        clash = others.filter(subject_cadre=subject_cadre).select_related("proposal__unit").first()
        name = subject_cadre.full_name
    else:
        clash = others.filter(subject_unit=subject_unit).select_related("proposal__unit").first()
        name = str(subject_unit)
    if clash is not None and round.is_year_end:
        raise NominationError(
            _("%(name)s is already proposed for “%(award)s” in “%(round)s” (proposal of %(unit)s).")
            % {"name": name, "award": award_form, "round": round, "unit": clash.proposal.unit},
            field="subject_cadre" if subject_cadre is not None else "subject_unit",
        )
    if clash is not None:
        raise NominationError(
            _("%(name)s is already nominated in “%(round)s” (proposal of %(unit)s).")
            % {"name": name, "round": round, "unit": clash.proposal.unit},
            field="subject_cadre" if subject_cadre is not None else "subject_unit",
        )


def _check_award_form(round: Round, award_form: AwardForm | None) -> None:
    if award_form is None or not round.award_forms.filter(pk=award_form.pk).exists():
        raise NominationError(
            _("Choose one of the award forms the round “%(round)s” offers.") % {"round": round},
            field="award_form",
        )


def _clean_summary(summary: str) -> str:
    summary = " ".join(nfc(summary).split())
    if len(summary) > SUMMARY_MAX:
        raise NominationError(
            _("The one-line achievement has %(count)s characters; at most %(max)s are allowed.")
            % {"count": len(summary), "max": SUMMARY_MAX},
            field="summary",
        )
    return summary


@transaction.atomic
def add_nomination(
    proposal: Proposal,
    *,
    actor,
    subject_type: str,
    award_form: AwardForm,
    subject_unit: Unit | None = None,
    subject_cadre: Cadre | None = None,
    summary: str = "",
) -> Nomination:
    """Draft a nomination in the unit's proposal.

    Refused, with nothing saved: a round not accepting proposals (not open, or past its
    deadline), a subject that is not the proposing unit or a unit under it, a person not
    (or no longer) working in the proposing unit, a subject already nominated in the round
    (by any unit), an award form the round does not offer, a summary over 300 characters.
    """
    round = Round.objects.select_for_update().get(pk=proposal.round_id)
    refuse_closed(round)
    check_subject(proposal, subject_type, subject_unit, subject_cadre)
    _check_award_form(round, award_form)
    summary = _clean_summary(summary)
    refuse_duplicate(round, subject_unit, subject_cadre, award_form)
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                proposal=proposal,
                round=round,
                subject_type=subject_type,
                subject_unit=subject_unit,
                subject_cadre=subject_cadre,
                award_form=award_form,
                summary=summary,
                created_by=actor,
            )
    except IntegrityError:
        # Another request nominated the same subject a moment ago.
        refuse_duplicate(round, subject_unit, subject_cadre, award_form)
        raise


@transaction.atomic
def update_nomination(nomination: Nomination, *, actor, **fields) -> Nomination:
    """Change a nomination's award form or one-line achievement while it is a draft (in a
    round accepting proposals) or returned for revision. The same checks as
    `add_nomination` apply."""
    unknown = set(fields) - set(NOMINATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown nomination fields: {sorted(unknown)}")
    locked = Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
    if not is_editable(locked):
        raise NominationError(
            _("The nomination of %(name)s is “%(state)s” and can no longer be changed.")
            % {"name": locked.subject_name, "state": locked.get_state_display()}
        )
    if locked.state == NominationState.DRAFT:
        refuse_closed(locked.round)
    if "award_form" in fields:
        _check_award_form(locked.round, fields["award_form"])
        locked.award_form = fields["award_form"]
    if "summary" in fields:
        locked.summary = _clean_summary(fields["summary"])
    locked.save()
    nomination.award_form, nomination.summary = locked.award_form, locked.summary
    return locked


def subject_choices(proposal: Proposal) -> tuple[QuerySet[Unit], QuerySet[Cadre]]:
    """The collectives (the unit and the units under it) and the people (active, of the
    unit) that the proposal may nominate."""
    unit_id = proposal.unit_id
    units = Unit.objects.active().filter(Q(pk=unit_id) | Q(parent_id=unit_id)).order_by("name")
    cadres = Cadre.objects.active().filter(unit_id=unit_id).order_by("full_name")
    return units, cadres


def _refuse_reused_number(proposal: Proposal, number: str, day: datetime.date | None) -> None:
    """A unit's register gives each Tờ trình its own number in a year: refuse a number that
    another Tờ trình of the same unit already carries in that year."""
    if not number or day is None:
        return
    clash = (
        Proposal.objects.filter(
            unit_id=proposal.unit_id, letter_number__iexact=number, letter_date__year=day.year
        )
        .exclude(pk=proposal.pk)
        .select_related("round")
        .first()
    )
    if clash is not None:
        raise NominationError(
            _("The number %(number)s is already that of the unit's Tờ trình of %(day)s for “%(round)s”.")
            % {"number": number, "day": _d(clash.letter_date), "round": clash.round},
            field="letter_number",
        )


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")
