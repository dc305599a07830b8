"""The one door of a decision's state, and issuing.

Issuing, in one transaction on the locked draft: check it is still a draft and that every
awardee is still a candidate; take the decision's number and each award's golden-book
number from the locked counters; write one `Award` per line with every printed fact copied
in and a fresh verification code; revoke the awards a correction names; freeze the whole
text into `snapshot`; render the PDF (signed when SIGNING_CERTIFICATE is set) and store it
with its SHA-256; move the round to "decided". Nothing of it changes afterwards.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.documents import decision_pdf, snapshot_of
from awards.models import Award, AwardSource, Decision, DecisionKind, DecisionState, DecisionTransition
from awards.services.decisions import DecisionError, codes, drafting, lines, numbering, salary
from nominations.models import Nomination, RoundState
from nominations.services import rounds
from thiduaportal import signing
from thiduaportal.workflow import Workflow

State = DecisionState
ALLOWED_MOVES: frozenset[tuple[str, str]] = frozenset(
    {(State.DRAFT, State.ISSUED), (State.DRAFT, State.DISCARDED)}
)
ISSUER = "Chủ tịch UBND xã"


def _refused(decision: Decision, to: str) -> str:
    return _("A decision that is “%(state)s” cannot become “%(to)s”.") % {
        "state": State(decision.state).label,
        "to": State(to).label,
    }


DECISIONS = Workflow(
    "decision",
    model=Decision,
    states=State,
    moves=ALLOWED_MOVES,
    transition=DecisionTransition,
    error=DecisionError,
    refused=_refused,
    update_fields=(),
)


def _move(decision: Decision, *, actor, to: str, reason: str = "") -> Decision:
    """The only place a decision's state changes: on a row locked by the caller's
    transaction, `DECISIONS.move` checks `ALLOWED_MOVES` and writes a `DecisionTransition`."""
    return DECISIONS.move(decision, actor=actor, to=to, reason=reason, locked=True)


def discard_draft(decision: Decision, *, actor, reason: str = "") -> Decision:
    """Set a draft aside; its nominations become candidates again."""
    return DECISIONS.move(decision, actor=actor, to=State.DISCARDED, reason=reason)


def _check_ready(decision: Decision) -> None:
    if decision.state != State.DRAFT:
        raise DecisionError(
            _("Decision %(number)s is already issued.") % {"number": decision.number_text}
            if decision.is_issued
            else _("This draft was discarded.")
        )
    if not decision.letter_reference:
        raise DecisionError(
            _("Enter the number and date of the office's Tờ trình before issuing."), field="letter_reference"
        )
    if not decision.signer_name:
        raise DecisionError(_("Enter the signer's full name before issuing."), field="signer_name")
    if decision.kind == DecisionKind.AWARD:
        drafting.refuse_non_candidates(decision.round, list(decision.nominations.all()), decision)


def _refuse_unchanged(decision: Decision, printed: list[lines.Line]) -> None:
    """An amendment must change something of the list: the name, the position or the award."""
    listed = {line.nomination_id: line for line in printed}
    for award in decision.targets.all():
        line = listed.get(award.nomination_id)
        if line is not None and (line.name, line.detail, line.award) != (
            award.recipient_name,
            award.recipient_detail,
            award.award_name,
        ):
            return
    raise DecisionError(
        _(
            "Nothing in the list changes: correct the record of the person or unit first (name, "
            "position, unit or award), then issue the amendment."
        )
    )


def _recipient_cadre_unit(nomination: Nomination):
    if nomination.subject_cadre_id:
        return nomination.subject_cadre, nomination.subject_cadre.unit
    return None, nomination.subject_unit


def _write_awards(decision: Decision, printed: list[lines.Line], *, actor) -> list[lines.Line]:
    """One `Award` per line, numbered in the golden book; returns the lines with their numbers and codes."""
    nominations = {n.pk: n for n in lines.awarded_nominations(decision)}
    replaced = (
        {a.nomination_id: a for a in decision.targets.all()}
        if decision.kind == DecisionKind.AMENDMENT
        else {}
    )
    done = []
    for line in printed:
        nomination = nominations[line.nomination_id]
        cadre, unit = _recipient_cadre_unit(nomination)
        book = str(numbering.take_number(numbering.BOOK_SCOPE, decision.year))
        code = codes.new_code()
        Award.objects.create(
            source=AwardSource.PORTAL,
            decision=decision,
            nomination=nomination,
            replaces=replaced.get(nomination.pk),
            subject_type=line.subject_type,
            unit=unit,
            cadre=cadre,
            recipient_name=line.name,
            recipient_detail=line.detail,
            unit_name=line.unit_name,
            award_form=nomination.award_form,
            award_name=line.award,
            achievement=line.achievement,
            year=decision.year,
            decision_number=decision.number_text,
            decision_date=decision.issued_on,
            issuer=ISSUER,
            position=line.position,
            book_number=book,
            amount=line.amount,
            code=code,
            created_by=actor,
        )
        done.append(lines.Line(**{**line.as_dict(), "book_number": book, "code": code}))
    return done


def _revoke_targets(decision: Decision) -> None:
    targets = list(decision.targets.select_for_update())
    for award in targets:
        if not award.is_valid:
            raise DecisionError(_("%(name)s's award is already revoked.") % {"name": award.recipient_name})
        award.revoked_by, award.revoked_on = decision, decision.issued_on
        award.save(update_fields=["revoked_by", "revoked_on"])


def issue_decision(
    decision: Decision, *, actor, issued_on: datetime.date | None = None, reason: str = ""
) -> Decision:
    """Number, freeze and issue a draft (see the module's docstring). Refused, with nothing
    changed, when it is not a draft, misses its proposal letter or signer, names someone who
    is no longer a candidate, or is the first of its year while the office has not confirmed
    the year's counter against the paper register (`numbering.refuse_unconfirmed`)."""

    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        locked = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("round__campaign", "corrects")
            .get(pk=decision.pk)
        )
        _check_ready(locked)
        # The lương cơ sở in force on the issue date (raises, naming the day, when none is).
        locked.base_salary = salary.amount_for(locked, issued_on)
        numbering.refuse_unconfirmed(locked.symbol, issued_on.year)
        printed = lines.lines_of(locked, base_salary=locked.base_salary)
        if locked.kind == DecisionKind.AMENDMENT:
            _refuse_unchanged(locked, printed)
        locked.year, locked.issued_on = issued_on.year, issued_on
        locked.number = numbering.take_number(locked.symbol, locked.year)
        locked.issued_by, locked.issued_at = actor, timezone.now()
        if locked.kind != DecisionKind.REVOCATION:
            printed = _write_awards(locked, printed, actor=actor)
        if locked.kind != DecisionKind.AWARD:
            _revoke_targets(locked)
        locked.snapshot = snapshot_of(locked, printed)
        pdf, locked.signed = signing.sign_pdf(
            decision_pdf(locked, locked.snapshot),
            reason=f"Quyết định số {locked.number_text}",
            location=locked.snapshot["place"],
        )
        locked.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.pdf.save(f"qd-{locked.number}-{locked.year}.pdf", ContentFile(pdf), save=False)
        locked.save()
        _move(locked, actor=actor, to=State.ISSUED, reason=reason)
        if locked.kind == DecisionKind.AWARD and locked.round.state in (
            RoundState.COUNCIL,
            RoundState.REVIEW,
        ):
            # An ad hoc round decided from the shortlist without a session is still in review.
            rounds.decide_round(
                locked.round,
                actor=actor,
                reason=_("Decision %(n)s issued.") % {"n": locked.number_text},
                without_council=locked.round.state == RoundState.REVIEW,
            )
    decision.refresh_from_db()
    return locked
