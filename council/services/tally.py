"""The tally: each item's figures frozen when its voting closes, the round's quota applied
when the session's voting closes, ties at the quota's boundary decided by the chair, and the
final result.

Base of an item = members in total − members recused from it; votes in favour = ballots for
+ written opinions for (when the session counts written opinions); the item passes when its
votes in favour reach `session.votes_needed(base)` (strictly more than the share by default).
The rules come from the session (copied when it opened), never from the settings. An item
of a year-end review carries its title's rule instead (copied from the catalogue onto the
item): at least `pass_share` of the base, the base being all members when `pass_of_all`
(written opinions of absent members then count, whatever the session's setting).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import AgendaItem, AttendanceStatus, CouncilRole, CouncilSession, SessionState
from council.services import CouncilError, ballot_box, messages
from council.services.sessions import lock, move_session, refuse_unless, serving
from nominations.models import SubjectType


def in_favour(item: AgendaItem) -> int:
    """Ballots for, plus written opinions for when the session counts them or the item's
    rule is a share of all members (absent members then give their opinion in writing)."""
    counted = item.pass_of_all or item.session.written_opinions_count
    return item.votes_for + (item.written_for if counted else 0)


def base_of(item: AgendaItem) -> int:
    """Members in total less those recused from the item; all members when the item's rule
    is a share of all of them (NĐ 98/2023: "tổng số thành viên Hội đồng")."""
    total = item.members_total or 0
    return total if item.pass_of_all else total - (item.recused or 0)


def needed_of(item: AgendaItem, base: int) -> int | None:
    """Votes in favour the item needs when `base` members count: at least its title's share
    (`pass_share`, copied from the catalogue), else the session's rule."""
    if item.pass_share is None:
        return item.session.votes_needed(base)
    return math.ceil(Fraction(item.pass_share) * base)


def votes_needed(item: AgendaItem) -> int | None:
    """Votes in favour the item needs over its base (`base_of`)."""
    return needed_of(item, base_of(item))


def tally_item(item: AgendaItem) -> AgendaItem:
    """Freeze the item's figures (members in total, present, recused, ballots) and whether it
    passed. The caller holds the item locked and has closed its voting."""
    session = item.session
    item.refresh_from_db(fields=["votes_for", "votes_against", "votes_abstain"])
    item.members_total = session.members_total
    item.present = session.attendance.filter(status=AttendanceStatus.PRESENT).count()
    item.recused = item.recusals.count()
    item.ballots = item.votes_for + item.votes_against + item.votes_abstain
    item.passed = in_favour(item) >= votes_needed(item)
    item.save(update_fields=["members_total", "present", "recused", "ballots", "passed"])
    return item


def _ranked(items: list[AgendaItem]) -> list[AgendaItem]:
    return sorted(items, key=lambda item: (-in_favour(item), item.position))


def _boundary(ranked: list[AgendaItem], quota: int | None) -> tuple[list, list, list]:
    """(approved, tied at the last place when they straddle it, not approved)."""
    if quota is None or len(ranked) <= quota:
        return ranked, [], []
    last = in_favour(ranked[quota - 1])
    above = [item for item in ranked if in_favour(item) > last]
    tied = [item for item in ranked if in_favour(item) == last]
    below = [item for item in ranked if in_favour(item) < last]
    if len(above) + len(tied) <= quota:
        return above + tied, [], below
    return above, tied, below


def apply_quota(session: CouncilSession) -> None:
    """Rank the passing items of each subject type by votes in favour (equal votes share a
    rank) and approve those within the round's quota. Items with equal votes straddling the
    last place are left undecided (`approved` None) for the chair; failing items are not
    approved."""
    quota_for = session.round.quota_for
    groups: dict[str, list[AgendaItem]] = defaultdict(list)
    items = list(session.items.select_related("nomination", "session"))
    for item in items:
        if item.passed:
            groups[item.nomination.subject_type].append(item)
        else:
            item.rank, item.approved = None, False
    for subject_type, passing in groups.items():
        ranked = _ranked(passing)
        for index, item in enumerate(ranked):
            previous = ranked[index - 1] if index else None
            same = previous is not None and in_favour(previous) == in_favour(item)
            item.rank = previous.rank if same else index + 1
        approved, tied, below = _boundary(ranked, quota_for(subject_type))
        for group, value in ((approved, True), (tied, None), (below, False)):
            for item in group:
                item.approved = value
    for item in items:
        item.save(update_fields=["rank", "approved"])


def pending_ties(session: CouncilSession) -> list[AgendaItem]:
    """Passing items at a tie on the quota's boundary that the chair has not decided yet."""
    return list(
        session.items.filter(passed=True, approved__isnull=True).select_related(
            "nomination__subject_unit", "nomination__subject_cadre"
        )
    )


def _places_left(session: CouncilSession, subject_type: str) -> int:
    quota = session.round.quota_for(subject_type) or 0
    return quota - session.items.filter(nomination__subject_type=subject_type, approved=True).count()


def _check_chair(session: CouncilSession, actor) -> None:
    chair = serving(session).filter(user=actor, role=CouncilRole.CHAIR).exists()
    if not chair:
        raise CouncilError(
            _("Only the chair of the council term “%(term)s” decides a tie.") % {"term": session.term}
        )


@transaction.atomic
def decide_tie(session: CouncilSession, *, actor, approved: list[AgendaItem], reason: str) -> None:
    """The chair decides which of the tied items take the places left in the quota, with a
    reason recorded on each tied item. Refused: not the chair, no reason, an item not in a
    pending tie, or a number of chosen items other than the places left for its subject type."""
    locked = lock(session)
    refuse_unless(locked, SessionState.CLOSED, doing=_("deciding a tie"))
    _check_chair(locked, actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise CouncilError(_("Give the reason for the chair's decision on the tie."), field="reason")
    tied = {item.pk: item for item in pending_ties(locked)}
    if not tied:
        raise CouncilError(_("The session “%(session)s” has no tie to decide.") % {"session": locked})
    chosen = {item.pk for item in approved}
    if chosen - set(tied):
        raise CouncilError(_("Choose only among the tied items."), field="approved")
    for subject_type in SubjectType.values:
        group = [item for item in tied.values() if item.nomination.subject_type == subject_type]
        if not group:
            continue
        places = _places_left(locked, subject_type)
        picked = [item for item in group if item.pk in chosen]
        if len(picked) != places:
            label = SubjectType(subject_type).label.lower()
            raise CouncilError(
                _("Choose exactly %(places)s of the tied items (%(kind)s) for the places left in the quota.")
                % {"places": places, "kind": label},
                field="approved",
            )
    for item in tied.values():
        item.approved = item.pk in chosen
        item.tie_reason = reason
        item.save(update_fields=["approved", "tie_reason"])


def _finalise(locked: CouncilSession) -> None:
    if not ballot_box.released(locked):
        raise CouncilError(
            _(
                "The officers have not yet entered their key shares for “%(session)s”: the ballot box is "
                "not counted and the result cannot be final."
            )
            % {"session": locked}
        )
    if pending_ties(locked):
        raise CouncilError(
            _("The chair has not yet decided the tie in “%(session)s”; the result cannot be final.")
            % {"session": locked}
        )
    locked.finalised_at = timezone.now()


def finalise_session(session: CouncilSession, *, actor) -> CouncilSession:
    """Make the result final (closed → final): refused while a tie waits for the chair.
    Nothing of the session changes afterwards. Tells the people concerned."""
    with transaction.atomic():
        locked = move_session(session, actor=actor, to=SessionState.FINAL, prepare=_finalise)
        transaction.on_commit(lambda: messages.notify_result_final(locked))
    return locked


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class ItemResult:
    """Every figure of a closed item, for the result screen and the minutes."""

    item: AgendaItem
    position: int
    subject_name: str
    subject_type: str
    members_total: int
    present: int
    recused: int
    base: int
    votes_needed: int
    ballots: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    written: int
    written_for: int
    written_against: int
    written_abstain: int
    in_favour: int
    percent_of_all: float
    passed: bool
    rank: int | None
    approved: bool | None
    tie_reason: str


def result_rows(session: CouncilSession) -> list[ItemResult]:
    """The figures of every closed item of the session, in agenda order, once the session's
    result is released (`ballot_box.released`): nothing before, to anyone."""
    if not ballot_box.released(session):
        return []
    items = session.items.filter(state="closed").select_related(
        "session", "nomination__subject_unit", "nomination__subject_cadre"
    )
    rows = []
    for item in items:
        favour = in_favour(item)
        total = item.members_total or 0
        rows.append(
            ItemResult(
                item=item,
                position=item.position,
                subject_name=item.nomination.subject_name,
                subject_type=item.nomination.subject_type,
                members_total=total,
                present=item.present or 0,
                recused=item.recused or 0,
                base=base_of(item),
                votes_needed=votes_needed(item) or 0,
                ballots=item.ballots or 0,
                votes_for=item.votes_for,
                votes_against=item.votes_against,
                votes_abstain=item.votes_abstain,
                written=item.written_for + item.written_against + item.written_abstain,
                written_for=item.written_for,
                written_against=item.written_against,
                written_abstain=item.written_abstain,
                in_favour=favour,
                percent_of_all=round(favour * 100 / total, 1) if total else 0.0,
                passed=bool(item.passed),
                rank=item.rank,
                approved=item.approved,
                tie_reason=item.tie_reason,
            )
        )
    return rows
