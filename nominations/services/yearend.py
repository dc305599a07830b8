"""The year-end review (bình xét cuối năm, REFERENCE §10): each unit sees all its people and
itself on one sheet with the titles of the catalogue each one qualifies for, proposes titles
in bulk (with a reason where a check fails), and submits the list with its Tờ trình and the
minutes of its review meeting. Caps of the catalogue are counted on submission and on the
office's acceptance (`caps.refuse_over_cap`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from campaigns.checks import CheckStatus
from nominations.models import LIVE_STATES, Nomination, NominationState, Proposal, Round, SubjectType, Title
from nominations.services import NominationError, eligibility, proposals, reports, workflow
from nominations.services.eligibility import Candidate, Check, Proposed
from nominations.services.rounds import refuse_closed
from nominations.services.titles import catalogue_of
from thiduaportal.text import nfc
from units.models import Cadre, Unit

REASON_MIN_LENGTH = 10


@dataclass
class Cell:
    """One title for one subject on the sheet: its checks now, and the nomination when the
    title is already proposed."""

    title: Title
    checks: list[Check]
    nomination: Nomination | None = None
    key: str = ""
    # What the unit ticked and wrote when its proposal was refused, shown again.
    ticked: bool = False
    given_reason: str = ""
    # The proposed title's achievement report (Mẫu 05 / 04): its required parts still empty.
    report_missing: list[str] = field(default_factory=list)

    @property
    def needs_report(self) -> bool:
        return self.nomination is not None and bool(self.title.report_form)

    @cached_property
    def offered(self) -> bool:
        """False for a title not meant for this kind of unit (`unit_kind`): not offered."""
        return not any(c.code == "unit_kind" and c.result.status == CheckStatus.NOT_MET for c in self.checks)

    @cached_property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if check.result.status == CheckStatus.NOT_MET]

    @cached_property
    def unknown(self) -> list[Check]:
        return [check for check in self.checks if check.result.status == CheckStatus.UNKNOWN]

    @cached_property
    def problems(self) -> list[Check]:
        """The failed checks and those the data cannot decide, with their reasons."""
        return [c for c in self.checks if c.result.status in (CheckStatus.NOT_MET, CheckStatus.UNKNOWN)]

    @cached_property
    def qualifies(self) -> bool:
        return not self.failed and not self.unknown


@dataclass
class Row:
    """A person, or the unit itself, with a cell per title of their kind."""

    subject_type: str
    subject: Unit | Cadre
    cells: list[Cell] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.subject.full_name if self.subject_type == SubjectType.INDIVIDUAL else str(self.subject)

    @property
    def prefix(self) -> str:
        return subject_key(self.subject_type, self.subject.pk)


@dataclass
class Sheet:
    round: Round
    unit: Unit
    proposal: Proposal | None
    collective_titles: list[Title]
    individual_titles: list[Title]
    rows: list[Row]

    @property
    def unit_row(self) -> Row | None:
        return next((row for row in self.rows if row.subject_type == SubjectType.COLLECTIVE), None)

    @property
    def people_rows(self) -> list[Row]:
        return [row for row in self.rows if row.subject_type == SubjectType.INDIVIDUAL]


def subject_key(subject_type: str, subject_id: int) -> str:
    """A subject on the sheet: "i-<person>", "c-<unit>"."""
    return f"{'c' if subject_type == SubjectType.COLLECTIVE else 'i'}-{subject_id}"


def pick_key(subject_type: str, subject_id: int, title_id: int) -> str:
    """The form's name for one title of one subject: "i-<person>-<title>", "c-<unit>-<title>"."""
    return f"{subject_key(subject_type, subject_id)}-{title_id}"


def titles_for(round: Round) -> tuple[list[Title], list[Title]]:
    """The current titles of the commune's catalogue a review proposes: (collective, individual)."""
    titles = catalogue_of(round.commune)
    collective = [t for t in titles if t.subject_type == SubjectType.COLLECTIVE]
    individual = [t for t in titles if t.subject_type == SubjectType.INDIVIDUAL]
    return collective, individual


def people_of(unit: Unit, *, name: str = ""):
    """The unit's active people in the sheet's order, those whose name contains `name` when
    it is given (case and accents as typed, NFC)."""
    people = Cadre.objects.active().filter(unit=unit).order_by("full_name", "pk")
    name = nfc(name).strip()
    return people.filter(full_name__icontains=name) if name else people


def _existing(
    round: Round, unit: Unit, people: list[Cadre], with_unit: bool
) -> dict[tuple[str, int, int], Nomination]:
    """The live nominations of the unit's proposal for the subjects on the sheet."""
    subjects = Q(subject_cadre__in=[person.pk for person in people])
    if with_unit:
        subjects |= Q(subject_unit=unit, subject_type=SubjectType.COLLECTIVE)
    found = Nomination.objects.filter(round=round, proposal__unit=unit, state__in=LIVE_STATES).filter(
        subjects
    )
    return {
        (n.subject_type, n.subject_cadre_id or n.subject_unit_id, n.award_form_id): n
        for n in found.select_related("award_form")
    }


def review_sheet(
    round: Round,
    unit: Unit,
    *,
    also_proposed: list[Proposed] = (),
    people: list[Cadre] | None = None,
    with_unit: bool = True,
) -> Sheet:
    """The unit's sheet: the unit (unless `with_unit` is false) and each active person (or the
    `people` given, e.g. one page of them), with every current title of their kind and its
    checks for the round's year (a title proposed on the sheet counts for the checks that read
    one, e.g. CSTĐCS needs LĐTT), and for each title proposed with a report (Mẫu 05 / 04) the
    report's parts still empty. A fixed number of queries whatever the number of people."""
    collective_titles, individual_titles = titles_for(round)
    subjects = [(SubjectType.COLLECTIVE, unit, collective_titles)] if with_unit else []
    people = list(people_of(unit)) if people is None else people
    subjects += [(SubjectType.INDIVIDUAL, person, individual_titles) for person in people]
    candidates, specs, places = [], [], []
    for subject_type, subject, titles in subjects:
        for title in titles:
            candidates.append(
                Candidate(
                    None,
                    subject_type,
                    subject if subject_type == SubjectType.COLLECTIVE else None,
                    subject if subject_type == SubjectType.INDIVIDUAL else None,
                    round.year,
                    title.award_form_id,
                    round.pk,
                    round.commune_id,
                )
            )
            specs.append(eligibility.title_spec(title))
            places.append((subject_type, subject, title))
    checks = eligibility.compute(candidates, specs, also_proposed=also_proposed)
    existing = _existing(round, unit, people, with_unit)
    rows: dict[tuple[str, int], Row] = {}
    for subject_type, subject, _titles in subjects:
        rows[(subject_type, subject.pk)] = Row(subject_type, subject)
    for (subject_type, subject, title), found in zip(places, checks, strict=True):
        nomination = existing.get((subject_type, subject.pk, title.award_form_id))
        key = pick_key(subject_type, subject.pk, title.pk)
        cell = Cell(title, found, nomination, key)
        if nomination is not None:
            # The title is at hand: the nomination's report form is not read again per row.
            nomination.__dict__["report_form"] = title.report_form
            cell.report_missing = reports.missing_sections(nomination)
        rows[(subject_type, subject.pk)].cells.append(cell)
    proposal = proposals.existing_proposal(round, unit)
    return Sheet(round, unit, proposal, collective_titles, individual_titles, list(rows.values()))


# --------------------------------------------------------------------------- proposing


@dataclass(frozen=True)
class Pick:
    """One title ticked on the sheet, with the unit's reason where a check fails."""

    subject_type: str
    subject_id: int
    title_id: int
    reason: str = ""


def _refuse_all(errors: list[str]) -> None:
    if errors:
        raise NominationError(
            _("Nothing was proposed. %(errors)s") % {"errors": " ".join(errors)}, field="picks"
        )


def _resolve(round: Round, unit: Unit, picks: list[Pick]) -> list[tuple[Pick, Title, Unit | Cadre]]:
    """Each pick's title (current, of the commune, of the subject's kind) and subject (the unit
    or an active person of it). Every problem is named; nothing is resolved if one is wrong."""
    titles = {t.pk: t for t in Title.objects.filter(commune_id=round.commune_id).select_related("award_form")}
    people = {
        p.pk: p for p in Cadre.objects.filter(pk__in=[p.subject_id for p in picks], unit=unit, is_active=True)
    }
    errors, resolved = [], []
    for pick in picks:
        title = titles.get(pick.title_id)
        subject = unit if pick.subject_type == SubjectType.COLLECTIVE and pick.subject_id == unit.pk else None
        if pick.subject_type == SubjectType.INDIVIDUAL:
            subject = people.get(pick.subject_id)
        if subject is None:
            errors.append(
                _("A person or unit ticked is not of %(unit)s (or no longer works there).") % {"unit": unit}
            )
            continue
        name = subject.full_name if isinstance(subject, Cadre) else str(subject)
        if title is None or not title.is_current:
            shown = {"name": name, "title": title.name if title else "?"}
            errors.append(_("%(name)s: “%(title)s” is not a current title of the catalogue.") % shown)
        elif title.subject_type != pick.subject_type:
            errors.append(
                _("%(name)s: “%(title)s” is not a title for them.") % {"name": name, "title": title.name}
            )
        else:
            resolved.append((pick, title, subject))
    _refuse_all(errors)
    return resolved


def _refuse_unreasoned(round: Round, unit: Unit, resolved, also: list[Proposed]) -> None:
    """A pick with a failed check needs the unit's reason; the message names each person,
    title and failed check."""
    # Only the subjects ticked are worked through, not the whole unit.
    people = [subject for _pick, _title, subject in resolved if isinstance(subject, Cadre)]
    with_unit = any(pick.subject_type == SubjectType.COLLECTIVE for pick, _title, _subject in resolved)
    sheet = review_sheet(round, unit, also_proposed=also, people=people, with_unit=with_unit)
    cells = {
        (row.subject_type, row.subject.pk, cell.title.pk): cell for row in sheet.rows for cell in row.cells
    }
    errors = []
    for pick, title, subject in resolved:
        cell = cells[(pick.subject_type, subject.pk, title.pk)]
        name = subject.full_name if isinstance(subject, Cadre) else str(subject)
        if cell.nomination is not None:
            shown = {"name": name, "title": title.name, "state": cell.nomination.get_state_display()}
            errors.append(_("%(name)s is already proposed for “%(title)s” (%(state)s).") % shown)
            continue
        if not cell.offered:
            errors.append(
                _("%(name)s: “%(title)s” is not a title for them.") % {"name": name, "title": title.name}
            )
            continue
        failed = [check.label for check in cell.failed]
        if failed and len(nfc(pick.reason).strip()) < REASON_MIN_LENGTH:
            shown = {"name": name, "title": title.name, "checks": "; ".join(failed), "min": REASON_MIN_LENGTH}
            message = _(
                "%(name)s does not meet “%(checks)s” for “%(title)s”: write the unit's reason for "
                "proposing (at least %(min)s characters)."
            )
            errors.append(message % shown)
    _refuse_all(errors)


@transaction.atomic
def propose_titles(round: Round, unit: Unit, *, actor, picks: list[Pick]) -> list[Nomination]:
    """Propose the ticked titles for the unit and its people, all or nothing, as drafts of the
    unit's proposal. Refused, naming each person and rule, with nothing saved: a round that is
    not a year-end review or not accepting proposals, a title not current or not of the
    subject's kind, a person not of the unit, a title already proposed, a failed check without
    the unit's reason (10 characters at least)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if not round.is_year_end:
        raise NominationError(_("“%(round)s” is not a year-end review.") % {"round": round})
    refuse_closed(round)
    if not picks:
        raise NominationError(_("Tick at least one title to propose."), field="picks")
    resolved = _resolve(round, unit, picks)
    also = [Proposed(pick.subject_type, subject.pk, title.award_form_id) for pick, title, subject in resolved]
    _refuse_unreasoned(round, unit, resolved, also)
    proposal = proposals.get_or_create_proposal(round, unit, actor=actor)
    created = []
    for pick, title, subject in resolved:
        collective = pick.subject_type == SubjectType.COLLECTIVE
        proposals.check_subject(
            proposal, pick.subject_type, subject if collective else None, None if collective else subject
        )
        try:
            with transaction.atomic():
                created.append(
                    Nomination.objects.create(
                        proposal=proposal,
                        round=round,
                        subject_type=pick.subject_type,
                        subject_unit=subject if collective else None,
                        subject_cadre=None if collective else subject,
                        award_form=title.award_form,
                        proposal_reason=nfc(pick.reason).strip(),
                        created_by=actor,
                    )
                )
        except IntegrityError:
            proposals.refuse_duplicate(
                round, subject if collective else None, None if collective else subject, title.award_form
            )
            raise
    return created


def propose_qualifying(round: Round, unit: Unit, *, actor, title: Title) -> list[Nomination]:
    """Propose `title` for every person (or the unit) who qualifies for it on the whole sheet and
    is not proposed for it yet, all or nothing, as `propose_titles` does; a sheet of many pages
    is proposed at once. Refused when nobody is left who qualifies."""
    sheet = review_sheet(
        round,
        unit,
        people=[] if title.subject_type == SubjectType.COLLECTIVE else None,
        with_unit=title.subject_type == SubjectType.COLLECTIVE,
    )
    picks = [
        Pick(row.subject_type, row.subject.pk, title.pk)
        for row in sheet.rows
        for cell in row.cells
        if cell.title.pk == title.pk and cell.nomination is None and cell.qualifies
    ]
    if not picks:
        raise NominationError(
            _("Nobody left qualifies for “%(title)s”: everyone who does is proposed already.")
            % {"title": title.name},
            field="picks",
        )
    return propose_titles(round, unit, actor=actor, picks=picks)


def drafts_of(round: Round, unit: Unit):
    """The unit's nominations of the review that its next submission sends: drafts and those
    returned for revision."""
    return Nomination.objects.filter(round=round, proposal__unit=unit, state__in=proposals.EDITABLE_STATES)


def submit_review(round: Round, unit: Unit, *, actor) -> int:
    """Submit every draft (and returned) nomination of the unit's year-end proposal, all or
    nothing: the dossier (Tờ trình, minutes) must be complete, each title that needs an
    achievement report (Mẫu 05 / 04, CSTĐCS and the collective titles) must have its required
    parts filled, and the catalogue's caps are counted for each under the round's lock. A
    refusal names the person, the title and what is missing, and changes nothing. Returns how
    many were submitted."""
    drafts = drafts_of(round, unit).select_related(
        "round", "proposal__unit", "subject_unit", "subject_cadre", "award_form"
    )
    capped = set(
        Title.objects.filter(commune_id=round.commune_id)
        .filter(Q(cap_per_unit__isnull=False) | Q(cap_total__isnull=False) | Q(cap_share__isnull=False))
        .values_list("award_form_id", flat=True)
    )
    # The titles with a cap first: a list over a cap is refused before the rest is worked through.
    drafts = sorted(
        drafts.order_by("subject_type", "subject_cadre__full_name", "pk"),
        key=lambda nomination: nomination.award_form_id not in capped,
    )
    if not drafts:
        raise NominationError(
            _("%(unit)s has nothing to submit in “%(round)s”.") % {"unit": unit, "round": round}
        )
    done = 0
    with transaction.atomic():
        for nomination in drafts:
            try:
                workflow.submit_nomination(nomination, actor=actor)
            except NominationError as error:
                raise NominationError(
                    _("Nothing was submitted. %(error)s") % {"error": error}, field=error.field
                ) from error
            done += 1
    return done


# --------------------------------------------------------------------------- the office's summary


def summary_by_unit(round: Round, titles: list[Title]) -> list[dict]:
    """For the office: per unit that proposed, and per title in `titles` order, how many are
    proposed and of them drafts, submitted, returned and accepted. One query."""
    rows = (
        Nomination.objects.filter(round=round)
        .exclude(state=NominationState.WITHDRAWN)
        .values("proposal__unit_id", "proposal__unit__name", "award_form_id")
        .annotate(
            total=Count("pk"),
            drafts=Count("pk", filter=Q(state=NominationState.DRAFT)),
            submitted=Count("pk", filter=Q(state=NominationState.SUBMITTED)),
            returned=Count("pk", filter=Q(state=NominationState.RETURNED)),
            accepted=Count("pk", filter=Q(state__in=(NominationState.ACCEPTED, NominationState.SHORTLISTED))),
        )
        .order_by("proposal__unit__name", "award_form_id")
    )
    counts: dict[int, dict[int, dict]] = defaultdict(dict)
    names: dict[int, str] = {}
    for row in rows:
        counts[row["proposal__unit_id"]][row["award_form_id"]] = row
        names[row["proposal__unit_id"]] = row["proposal__unit__name"]
    return [
        {"unit_id": pk, "unit": name, "cells": [counts[pk].get(title.award_form_id) for title in titles]}
        for pk, name in names.items()
    ]
