"""Submissions to the city (issue 16 item 2): a commune sends the dossiers of a round's
city-award candidates to its city inside the portal; the city returns them with a reason
(the commune revises and sends a new version), accepts or rejects them, and records its
decision, which lands in the commune's registry (awards of source "forwarded").

Moves: submitted -> returned (reason) -> submitted (a new version); submitted -> accepted /
rejected (reason); accepted -> decided. Every file of the package is copied through Django's
storage at each version and every candidate frozen as a line, so the city reads the
submission alone."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from awards.city_models import (
    CitySubmission,
    CitySubmissionFile,
    CitySubmissionLine,
    CitySubmissionTransition,
    SubmissionState,
)
from awards.models import Award, AwardSource
from nominations.models import Round, SubjectType
from nominations.services import NominationError, forwarding
from thiduaportal import tenancy
from thiduaportal.text import nfc
from thiduaportal.workflow import Workflow
from units.models import Commune

S = SubmissionState
MOVES = frozenset(
    {
        (S.SUBMITTED, S.RETURNED),
        (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED),
        (S.SUBMITTED, S.REJECTED),
        (S.ACCEPTED, S.DECIDED),
    }
)
REASON_REQUIRED = frozenset({(S.SUBMITTED, S.RETURNED), (S.SUBMITTED, S.REJECTED)})


class SubmissionError(NominationError):
    """The submission cannot be made or moved; the message says why."""


SUBMISSIONS = Workflow(
    "city submission",
    model=CitySubmission,
    states=SubmissionState,
    moves=MOVES,
    transition=CitySubmissionTransition,
    error=SubmissionError,
    reason_required=REASON_REQUIRED,
    refused=lambda submission, to: (
        _("A submission that is “%(state)s” cannot become “%(to)s”.")
        % {"state": submission.get_state_display(), "to": SubmissionState(to).label}
    ),
    reason_missing=lambda submission, to: _("Say why: the commune reads the reason."),
    keep_lines=True,
)


def city_of(commune: Commune) -> Commune:
    """The city above `commune` in the portal; SubmissionError when it has none."""
    city = commune.parent if commune.parent_id else None
    if city is None or not city.is_city:
        raise SubmissionError(
            _(
                "Your commune has no city in the portal: download the package and send it by "
                "e-mail or on paper."
            )
        )
    return city


def submissions_of(round_: Round):
    """The round's submissions, newest first."""
    return CitySubmission.objects.filter(round=round_).order_by("-submitted_at", "-pk")


def _copy(submission: CitySubmission, round_: Round) -> None:
    """Freeze the candidates and copy every file of the package as the submission's current
    version. Raises ForwardingError (a SubmissionError's sibling) when there is nothing."""
    files = forwarding.package_files(round_)
    for item in forwarding.package_items(round_):
        nomination = item.nomination
        CitySubmissionLine.objects.create(
            submission=submission,
            commune_id=submission.commune_id,
            nomination=nomination,
            position=item.line.position,
            subject_type=nomination.subject_type,
            unit=nomination.subject_unit if nomination.subject_type == SubjectType.COLLECTIVE else None,
            cadre=nomination.subject_cadre if nomination.subject_type == SubjectType.INDIVIDUAL else None,
            award_form=nomination.award_form,
            recipient_name=item.line.name[:200],
            recipient_detail=item.line.role[:300],
            unit_name=(
                nomination.subject_unit.name
                if nomination.subject_unit_id
                else nomination.subject_cadre.unit.name
            )[:200],
            award_name=item.line.award[:200],
            achievement=item.line.achievement,
        )
    for name, content in files:
        copy = CitySubmissionFile(
            submission=submission,
            commune_id=submission.commune_id,
            version=submission.version,
            name=name,
            size=len(content),
        )
        copy.file.save(name.replace("/", "__"), ContentFile(content), save=False)
        copy.save()


def _sent_already(
    round_: Round, nomination_ids: Iterable[int], *, but: CitySubmission | None = None
) -> list[str]:
    lines = CitySubmissionLine.objects.filter(nomination_id__in=list(nomination_ids)).exclude(
        submission__state=S.REJECTED
    )
    if but is not None:
        lines = lines.exclude(submission=but)
    return sorted({line.recipient_name for line in lines})


def submit_to_city(round_: Round, *, actor) -> CitySubmission:
    """Send the round's city-award candidates to the commune's city: a new submission with
    every file copied and every candidate frozen. Refuses a commune without a city, a round
    without candidates and a dossier already sent (and not rejected); changes nothing then."""
    commune = Commune.objects.get(pk=round_.commune_id)
    city = city_of(commune)
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        items = forwarding.package_items(round_)
        sent = _sent_already(round_, [item.nomination.pk for item in items])
        if sent:
            raise SubmissionError(
                _("These dossiers were sent to the city already: %(names)s. Follow that submission instead.")
                % {"names": ", ".join(sent)}
            )
        submission = CitySubmission.objects.create(
            commune_id=commune.pk,
            city=city,
            round=round_,
            title=round_.title[:300],
            commune_name=commune.name,
            submitted_by=actor,
        )
        _copy(submission, round_)
        CitySubmissionTransition.objects.create(
            submission=submission, commune_id=commune.pk, actor=actor, from_state="", to_state=S.SUBMITTED
        )
    return submission


def resubmit(submission: CitySubmission, *, actor) -> CitySubmission:
    """Send a returned submission again as a new version: the candidates are frozen again
    from the round as it is now and every file is copied again (the earlier versions' files
    are kept)."""

    def prepare(row: CitySubmission) -> None:
        round_ = Round.objects.get(pk=row.round_id)
        items = forwarding.package_items(round_)
        sent = _sent_already(round_, [item.nomination.pk for item in items], but=row)
        if sent:
            SUBMISSIONS.refuse(
                _("These dossiers were sent to the city already: %(names)s. Follow that submission instead.")
                % {"names": ", ".join(sent)}
            )
        row.lines.all().delete()
        row.version += 1
        row.return_reason = ""
        _copy(row, round_)

    return SUBMISSIONS.move(submission, actor=actor, to=S.SUBMITTED, prepare=prepare)


def return_submission(submission: CitySubmission, *, actor, reason: str) -> CitySubmission:
    """The city sends the submission back to the commune with the reason it reads."""

    def prepare(row: CitySubmission) -> None:
        row.return_reason = SUBMISSIONS.clean_reason(reason)

    return SUBMISSIONS.move(submission, actor=actor, to=S.RETURNED, reason=reason, prepare=prepare)


def accept_submission(submission: CitySubmission, *, actor) -> CitySubmission:
    """The city accepts the dossiers for its decision."""
    return SUBMISSIONS.move(submission, actor=actor, to=S.ACCEPTED)


def reject_submission(submission: CitySubmission, *, actor, reason: str) -> CitySubmission:
    """The city refuses the dossiers (the commune may send them again in a new submission)."""

    def prepare(row: CitySubmission) -> None:
        row.return_reason = SUBMISSIONS.clean_reason(reason)

    return SUBMISSIONS.move(submission, actor=actor, to=S.REJECTED, reason=reason, prepare=prepare)


def record_decision(
    submission: CitySubmission,
    *,
    actor,
    number: str,
    date: datetime.date,
    signer: str,
    award_name: str,
    line_ids: Iterable[int],
) -> CitySubmission:
    """The city records its decision: number, date, signer, award form and the candidates
    awarded. Each awarded candidate gets an award in the SENDING commune's registry (source
    "forwarded", the city's decision number), which the person's history shows."""
    number, signer, award_name = nfc(number).strip(), nfc(signer).strip(), nfc(award_name).strip()
    wanted = set(line_ids)
    if not number or date is None or not signer:
        SUBMISSIONS.refuse(_("Enter the city decision's number, date and signer."))

    def prepare(row: CitySubmission) -> None:
        lines = [line for line in row.lines.all() if line.pk in wanted]
        if not lines:
            SUBMISSIONS.refuse(_("Tick at least one candidate the city awarded."), field="lines")
        city = Commune.objects.get(pk=row.city_id)
        row.decision_number, row.decision_date, row.decision_signer = number, date, signer
        row.decision_award = award_name
        with tenancy.within(row.commune_id):
            for line in lines:
                line.awarded = True
                line.save(update_fields=["awarded"])
                _award(line, row, city=city, actor=actor)

    return SUBMISSIONS.move(submission, actor=actor, to=S.DECIDED, prepare=prepare)


def _award(line: CitySubmissionLine, submission: CitySubmission, *, city: Commune, actor) -> Award:
    return Award.objects.create(
        commune_id=submission.commune_id,
        source=AwardSource.FORWARDED,
        nomination_id=line.nomination_id,
        subject_type=line.subject_type,
        unit_id=line.unit_id,
        cadre_id=line.cadre_id,
        recipient_name=line.recipient_name,
        recipient_detail=line.recipient_detail,
        unit_name=line.unit_name,
        award_form_id=line.award_form_id,
        award_name=submission.decision_award or line.award_name,
        achievement=line.achievement,
        year=submission.decision_date.year,
        decision_number=submission.decision_number,
        decision_date=submission.decision_date,
        issuer=city.authority_name or f"Ủy ban nhân dân {city.name}",
        position=line.position,
        code=None,
        created_by=actor,
    )
