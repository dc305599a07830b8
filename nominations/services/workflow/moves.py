"""The nomination's moves: one door for every change of state, submission with its version,
and the round's quota of shortlisted nominations under concurrency.

States and moves (`ALLOWED_MOVES`):

    draft ──submit──> submitted ──accept──> accepted ──shortlist──> shortlisted
      │                 │  │  └──reject──> rejected        <──(free a place, reason)──┘
      │                 │  └──return──> returned ──resubmit──> submitted
      └──withdraw──> withdrawn <──withdraw── (submitted, returned)

A unit may withdraw before acceptance. Returning, rejecting and taking a nomination off the
shortlist need a reason. Every move goes through `_move`, which locks the nomination, checks
the table, writes a `NominationTransition` and tells the people concerned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nominations.models import (
    Nomination,
    NominationState,
    NominationTransition,
    Round,
    RoundState,
    SubjectType,
)
from nominations.services import (
    NominationError,
    QuotaExceeded,
    caps,
    dossiers,
    eligibility,
    notifications,
    reports,
)
from nominations.services.rounds import accepts_submissions
from nominations.services.workflow.versions import snapshot
from thiduaportal.workflow import Workflow

State = NominationState
ALLOWED_MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (State.DRAFT, State.SUBMITTED),
        (State.DRAFT, State.WITHDRAWN),
        (State.SUBMITTED, State.RETURNED),
        (State.SUBMITTED, State.ACCEPTED),
        (State.SUBMITTED, State.REJECTED),
        (State.SUBMITTED, State.WITHDRAWN),
        (State.RETURNED, State.SUBMITTED),
        (State.RETURNED, State.WITHDRAWN),
        (State.ACCEPTED, State.SHORTLISTED),
        (State.SHORTLISTED, State.ACCEPTED),
    }
)
# Moves that must say why: the unit (or the record) needs to know.
REASON_REQUIRED: frozenset[tuple[str, str]] = frozenset(
    {
        (State.SUBMITTED, State.RETURNED),
        (State.SUBMITTED, State.REJECTED),
        (State.SHORTLISTED, State.ACCEPTED),
    }
)
# A returned nomination may be submitted again until the round goes to the council.
RESUBMIT_ROUND_STATES = frozenset({RoundState.OPEN, RoundState.CLOSED, RoundState.REVIEW})


def _d(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _refused(nomination: Nomination, to: str) -> str:
    return _("The nomination of %(name)s is “%(state)s” and cannot become “%(to)s”.") % {
        "name": nomination.subject_name,
        "state": State(nomination.state).label,
        "to": State(to).label,
    }


def _reason_missing(nomination: Nomination, to: str) -> str:
    return _("Give the reason why the nomination of %(name)s becomes “%(to)s”.") % {
        "name": nomination.subject_name,
        "to": State(to).label,
    }


NOMINATIONS = Workflow(
    "nomination",
    model=Nomination,
    states=State,
    moves=ALLOWED_MOVES,
    reason_required=REASON_REQUIRED,
    transition=NominationTransition,
    error=NominationError,
    refused=_refused,
    reason_missing=_reason_missing,
    related=("round", "proposal__unit", "subject_unit", "subject_cadre", "award_form"),
)


def allowed_moves(nomination: Nomination) -> list[str]:
    """The states the nomination may move to now, in the order of `NominationState`."""
    return NOMINATIONS.next_states(nomination)


# --------------------------------------------------------------------------- the one door


def _move(
    nomination: Nomination,
    *,
    actor,
    to: str,
    reason: str = "",
    prepare: Callable[[Nomination], None] | None = None,
) -> Nomination:
    """The only place a nomination's state changes: `NOMINATIONS.move` (locks the row,
    checks the move against `ALLOWED_MOVES` and the reason where `REASON_REQUIRED`, lets
    `prepare` check and change the locked row, saves it and writes a `NominationTransition`),
    then notifies the people concerned. A refusal raises `NominationError` (a
    `MoveNotAllowed` for a move the table refuses) and changes nothing. The caller's object
    is updated too."""
    reason = NOMINATIONS.clean_reason(reason)
    with transaction.atomic():
        locked = NOMINATIONS.move(nomination, actor=actor, to=to, reason=reason, prepare=prepare)
        notifications.notify_transition(locked, to_state=to, reason=reason, actor=actor)
    return locked


# --------------------------------------------------------------------------- the unit


def _check_round_takes(nomination: Nomination) -> None:
    round = nomination.round
    if nomination.state == State.RETURNED:
        if round.state not in RESUBMIT_ROUND_STATES:
            raise NominationError(
                _("The round “%(round)s” is “%(state)s”; the nomination can no longer be submitted again.")
                % {"round": round, "state": round.get_state_display()}
            )
        return

    if not accepts_submissions(round):
        raise NominationError(
            _(
                "The round “%(round)s” does not accept submissions: its deadline is %(date)s and it is “%(state)s”."
            )
            % {"round": round, "date": _d(round.submit_by), "state": round.get_state_display()}
        )


def _check_complete(nomination: Nomination) -> None:
    missing = dossiers.missing_items(nomination)
    if missing:
        raise NominationError(
            _("The dossier of %(name)s still misses: %(items)s.")
            % {"name": nomination.subject_name, "items": "; ".join(missing)}
        )
    missing = reports.missing_sections(nomination)
    if missing and nomination.round.is_year_end:
        shown = {
            "name": nomination.subject_name,
            "title": nomination.award_form,
            "form": nomination.report_form,
            "sections": "; ".join(missing),
        }
        raise NominationError(
            _("The achievement report (Mẫu %(form)s) of %(name)s for “%(title)s” still misses: %(sections)s.")
            % shown
        )
    if missing:
        raise NominationError(
            _("The achievement report of %(name)s still misses: %(sections)s.")
            % {"name": nomination.subject_name, "sections": "; ".join(missing)}
        )


def _record_submission(actor) -> Callable[[Nomination], None]:
    def prepare(locked: Nomination) -> None:
        _check_round_takes(locked)
        _check_complete(locked)
        if locked.round.is_year_end:
            caps.refuse_over_cap(locked, counted=caps.SUBMITTED_COUNTED)
        now = timezone.now()
        locked.version += 1
        locked.submitted_at = now
        if locked.settle_by is None:
            locked.settle_by = notifications.settle_by_for(timezone.localdate(now))
        locked.versions.create(number=locked.version, snapshot=snapshot(locked), submitted_by=actor)

    return prepare


def submit_nomination(nomination: Nomination, *, actor) -> Nomination:
    """Submit a draft (or a returned nomination again) to the office.

    Refused when the round no longer accepts submissions (a first submission needs the round
    open and its deadline not passed; a returned one may come back until the round goes to
    the council), when the dossier misses a required item or the report a required section.
    Failed eligibility checks do not stop it: they are warnings for the unit. Increments
    `version`, stores a `NominationVersion` snapshot, sets `submitted_at` and, the first
    time, `settle_by` (20 working days later); writes the transition and tells the office."""
    with transaction.atomic():
        if nomination.round.is_year_end:
            # The catalogue's caps are counted under the round's lock (see `caps.refuse_over_cap`).
            Round.objects.select_for_update().get(pk=nomination.round_id)
        return _move(nomination, actor=actor, to=State.SUBMITTED, prepare=_record_submission(actor))


def withdraw_nomination(nomination: Nomination, *, actor, reason: str = "") -> Nomination:
    """The unit withdraws its nomination before the office accepts it (draft, submitted or
    returned). The subject may then be nominated again in the round."""
    return _move(nomination, actor=actor, to=State.WITHDRAWN, reason=reason)


# --------------------------------------------------------------------------- the office


def return_nomination(nomination: Nomination, *, actor, reason: str) -> Nomination:
    """Send a submitted nomination back to its unit for revision; the reason is required
    and is sent to the unit."""
    return _move(nomination, actor=actor, to=State.RETURNED, reason=reason)


def reject_nomination(nomination: Nomination, *, actor, reason: str) -> Nomination:
    """Refuse a submitted nomination for good; the reason is required and sent to the unit."""
    return _move(nomination, actor=actor, to=State.REJECTED, reason=reason)


def _justify(actor, justifications: dict[str, str]) -> Callable[[Nomination], None]:
    def prepare(locked: Nomination) -> None:
        failed = [check for check in eligibility.run_checks(locked) if check.blocking]
        unjustified = [
            str(check.label) for check in failed if not (justifications.get(check.code) or "").strip()
        ]
        if unjustified:
            raise NominationError(
                _(
                    "Accepting the nomination of %(name)s against a failed check needs a written "
                    "justification: %(checks)s."
                )
                % {"name": locked.subject_name, "checks": "; ".join(unjustified)},
                field="justifications",
            )
        for check in failed:
            eligibility.record_override(
                locked, actor=actor, code=check.code, justification=justifications[check.code]
            )
        if locked.round.is_year_end:
            caps.refuse_over_cap(locked, counted=caps.ACCEPTED_COUNTED)

    return prepare


def accept_nomination(
    nomination: Nomination, *, actor, justifications: dict[str, str] | None = None
) -> Nomination:
    """Accept a submitted nomination. Runs the eligibility checks; each failed check not yet
    overridden needs a written justification in `justifications[code]`, stored (and logged)
    as an override; otherwise refused naming the checks, and nothing changes."""
    with transaction.atomic():
        if nomination.round.is_year_end:
            Round.objects.select_for_update().get(pk=nomination.round_id)
        return _move(
            nomination, actor=actor, to=State.ACCEPTED, prepare=_justify(actor, justifications or {})
        )


def _all_or_nothing(nominations: Iterable[Nomination], act: Callable[[Nomination], object]) -> int:
    done = 0
    with transaction.atomic():
        for nomination in nominations:
            try:
                act(nomination)
            except NominationError as error:
                raise NominationError(
                    _("Nothing was changed. %(error)s") % {"error": error}, field=error.field
                ) from error
            done += 1
    return done


def accept_many(nominations: Iterable[Nomination], *, actor) -> int:
    """Accept several submitted nominations at once, all or nothing: one that cannot be
    accepted (wrong state, a failed check without justification) leaves all unchanged, and
    the message names it. Returns how many were accepted."""
    return _all_or_nothing(nominations, lambda n: accept_nomination(n, actor=actor))


def accept_each(
    nominations: Iterable[Nomination], *, actor, justifications: dict[int, dict[str, str]] | None = None
) -> tuple[list[Nomination], list[tuple[Nomination, str]]]:
    """Accept each nomination on its own, with the justifications written for its failed
    checks (`justifications[pk][code]`): those that can be accepted are, and each one that
    cannot (a failed check left without justification, a wrong state) is skipped with the
    reason, unchanged. Returns (accepted, skipped with their messages)."""
    justifications = justifications or {}
    accepted, skipped = [], []
    for nomination in nominations:
        try:
            accept_nomination(nomination, actor=actor, justifications=justifications.get(nomination.pk, {}))
        except NominationError as error:
            skipped.append((nomination, str(error)))
        else:
            accepted.append(nomination)
    return accepted, skipped


def return_many(nominations: Iterable[Nomination], *, actor, reason: str) -> int:
    """Return several submitted nominations to their units with the same reason, all or
    nothing. Returns how many were returned."""
    return _all_or_nothing(nominations, lambda n: return_nomination(n, actor=actor, reason=reason))


def _quota_message(round: Round, subject_type: str, quota: int) -> str:
    values = {"round": round, "quota": quota}
    if subject_type == SubjectType.COLLECTIVE:
        return (
            ngettext(
                "The round “%(round)s” already has its %(quota)s collective for the council.",
                "The round “%(round)s” already has its %(quota)s collectives for the council.",
                quota,
            )
            % values
        )
    return (
        ngettext(
            "The round “%(round)s” already has its %(quota)s individual for the council.",
            "The round “%(round)s” already has its %(quota)s individuals for the council.",
            quota,
        )
        % values
    )


def _within_quota(locked: Nomination) -> None:
    # Locking the round serialises concurrent shortlists of the same round; the count comes
    # from the rows themselves, under lock, never from a stored counter.
    round = Round.objects.select_for_update().get(pk=locked.round_id)
    quota = round.quota_for(locked.subject_type)
    if quota is None:
        return
    shortlisted = Nomination.objects.select_for_update().filter(
        round_id=round.pk, subject_type=locked.subject_type, state=State.SHORTLISTED
    )
    if len(shortlisted.values_list("pk", flat=True)) >= quota:
        raise QuotaExceeded(_quota_message(round, locked.subject_type, quota))


def shortlist_nomination(nomination: Nomination, *, actor) -> Nomination:
    """Put an accepted nomination on the list for the council. Refused with `QuotaExceeded`
    when the round's quota for its subject type (`Round.quota_for`) is already reached;
    concurrent calls are serialised on the round's row, so the quota is never passed."""
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=nomination.round_id)
        return _move(nomination, actor=actor, to=State.SHORTLISTED, prepare=_within_quota)


def unshortlist_nomination(nomination: Nomination, *, actor, reason: str) -> Nomination:
    """Take a nomination off the council's list (back to accepted), freeing a place; the
    reason is required."""
    return _move(nomination, actor=actor, to=State.ACCEPTED, reason=reason)
