"""Voting on the session's items: opening and closing, the secret ballot, a show of hands
recorded by the secretary, absent members' written opinions, closing by itself.

Items move pending ──open_voting──> voting ──close──> closed (`ITEM_MOVES`), through
`_move_item` only. A session's voting needs its quorum present.

Secrecy: `cast_ballot` encrypts the ballot under the session's key (`ballot_box`), then writes
exactly two rows in one transaction: the member's `VoterMark` (no choice, no time, not in the
audit log) and the `Ballot` (ciphertexts, no member, no time). Nothing stored tells a choice
without k officers' shares, and those decrypt only the sums, once the session's voting is
closed. Closing an item early tallies nothing: every figure waits for the release. Sessions
voted before the box (no key) and shows of hands keep the item's counters.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from council.models import (
    AgendaItem,
    AttendanceStatus,
    Ballot,
    CouncilSession,
    ItemState,
    ItemTransition,
    SessionState,
    VoterMark,
    VotingMethod,
)
from council.services import CouncilError, ballot_box, messages
from council.services.sessions import lock, move_session, quorum_met, refuse_unless, serving
from council.services.tally import apply_quota, tally_item
from thiduaportal import tenancy
from thiduaportal.workflow import Workflow

CHOICES: dict[str, str] = {"for": "votes_for", "against": "votes_against", "abstain": "votes_abstain"}
ITEM_MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (ItemState.PENDING, ItemState.VOTING),
        (ItemState.VOTING, ItemState.CLOSED),
        # Closing the session's voting with the secretary's confirmation closes unvoted items.
        (ItemState.PENDING, ItemState.CLOSED),
    }
)


def item_name(item: AgendaItem) -> str:
    return f"{item.position} ({item.nomination.subject_name})"


def _refused(item: AgendaItem, to: str) -> str:
    return _("Item %(item)s is “%(state)s” and cannot become “%(to)s”.") % {
        "item": item_name(item),
        "state": ItemState(item.state).label,
        "to": ItemState(to).label,
    }


ITEMS = Workflow(
    "agenda item",
    model=AgendaItem,
    states=ItemState,
    moves=ITEM_MOVES,
    transition=ItemTransition,
    error=CouncilError,
    refused=_refused,
    related=("nomination__subject_unit", "nomination__subject_cadre"),
    update_fields=(),
)


def _move_item(item: AgendaItem, *, actor, to: str, reason: str = "", **fields) -> AgendaItem:
    """The only place an item's state changes (the caller holds the item's row locked):
    `ITEMS.move` checks `ITEM_MOVES`, sets `fields`, saves (logged by the audit log, which
    never sees the ballot box's counters) and writes an `ItemTransition` (actor None: the
    portal itself)."""

    def prepare(locked: AgendaItem) -> None:
        for name, value in fields.items():
            setattr(locked, name, value)

    return ITEMS.move(item, actor=actor, to=to, reason=reason, prepare=prepare, fields=fields, locked=True)


def _items(session: CouncilSession, items: Iterable[AgendaItem] | None):
    queryset = session.items.select_for_update(of=("self",)).select_related(
        "nomination__subject_unit", "nomination__subject_cadre"
    )
    if items is None:
        return list(queryset)
    wanted = {item.pk for item in items}
    found = list(queryset.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise CouncilError(_("Some items are not on the agenda of “%(session)s”.") % {"session": session})
    return found


# --------------------------------------------------------------------------- open, close


@transaction.atomic
def open_voting(
    session: CouncilSession,
    *,
    actor,
    items: Iterable[AgendaItem] | None = None,
    ends_at: datetime.datetime | None = None,
) -> list[AgendaItem]:
    """Open the voting on `items` (all items not yet voted when None) of an open session,
    closing by itself at `ends_at` when given. Refused: the session is not open, the quorum
    is not present, an item is not waiting for its vote, `ends_at` has passed. Tells the
    members."""
    locked = lock(session)
    refuse_unless(locked, SessionState.OPEN, doing=_("opening the voting"))
    if not quorum_met(locked):
        raise CouncilError(
            _(
                "The session “%(session)s” has no quorum: %(needed)s of %(total)s members must be "
                "present; voting cannot open."
            )
            % {"session": locked, "needed": locked.quorum_needed, "total": locked.members_total}
        )
    if ends_at is not None and ends_at <= timezone.now():
        raise CouncilError(_("The time voting closes by itself has already passed."), field="ends_at")
    chosen = _items(locked, items)
    if items is None:
        chosen = [item for item in chosen if item.state == ItemState.PENDING]
        if not chosen:
            raise CouncilError(_("No item of “%(session)s” is waiting for its vote.") % {"session": locked})
    if locked.method == VotingMethod.SECRET and not hasattr(locked, "ballot_key"):
        ballot_box.make_key(locked)
    for item in chosen:
        _move_item(item, actor=actor, to=ItemState.VOTING, voting_ends_at=ends_at)
    transaction.on_commit(lambda: messages.notify_voting_opened(locked, chosen))
    return chosen


def _close_items(locked: CouncilSession, items: list[AgendaItem], *, actor) -> list[AgendaItem]:
    """Close the items; their transition row says how many members voted. With the encrypted
    box nothing is tallied until the officers release the result (`ballot_box.present_share`)."""
    boxed = ballot_box.uses_box(locked)
    for item in items:
        voted = item.voter_marks.count()
        _move_item(
            item, actor=actor, to=ItemState.CLOSED, reason=_("%(count)s members voted.") % {"count": voted}
        )
        if not boxed:
            tally_item(item)
    if not locked.items.filter(state__in=(ItemState.PENDING, ItemState.VOTING)).exists():
        move_session(locked, actor=actor, to=SessionState.CLOSED, prepare=_stamp_closed)
        if not boxed:
            apply_quota(locked)
    return items


def _stamp_closed(session: CouncilSession) -> None:
    session.closed_at = timezone.now()


@transaction.atomic
def close_voting(
    session: CouncilSession,
    *,
    actor,
    items: Iterable[AgendaItem] | None = None,
    confirm_unvoted: bool = False,
) -> list[AgendaItem]:
    """Close the voting on `items` (every open one when None) and freeze each one's tally.
    Closing the session's voting (None) while items have not been voted on needs
    `confirm_unvoted`; they are closed unvoted (and do not pass). When no item is left to vote
    on, the session closes and the round's quota is applied. Returns the items closed."""
    locked = lock(session)
    refuse_unless(locked, SessionState.OPEN, doing=_("closing the voting"))
    chosen = _items(locked, items)
    if items is None:
        pending = [item for item in chosen if item.state == ItemState.PENDING]
        if pending and not confirm_unvoted:
            raise CouncilError(
                _("Items not yet voted on: %(items)s. Confirm to close the session's voting without them.")
                % {"items": "; ".join(item_name(item) for item in pending)},
                field="confirm_unvoted",
            )
        chosen = [item for item in chosen if item.state != ItemState.CLOSED]
    else:
        not_open = [item for item in chosen if item.state != ItemState.VOTING]
        if not_open:
            raise CouncilError(
                _("Voting is not open on the items %(items)s.")
                % {"items": "; ".join(item_name(item) for item in not_open)}
            )
    return _close_items(locked, chosen, actor=actor)


def close_expired(*, now: datetime.datetime | None = None) -> int:
    """Close the voting on every item whose set closing time has passed (the portal acts:
    no actor); a session with nothing left to vote on closes. Safe to run any time; returns
    how many items it closed."""
    now = now or timezone.now()
    closed = 0
    sessions = CouncilSession.objects.filter(
        state=SessionState.OPEN, items__state=ItemState.VOTING, items__voting_ends_at__lte=now
    ).distinct()
    for session in sessions:
        # Run by the beat outside any commune: what the closing reads and tells (the office,
        # the chairman) is the session's commune's.
        with tenancy.within(session.commune_id), transaction.atomic():
            locked = lock(session)
            if locked.state != SessionState.OPEN:
                continue
            due = list(
                locked.items.select_for_update(of=("self",))
                .select_related("nomination__subject_unit", "nomination__subject_cadre")
                .filter(state=ItemState.VOTING, voting_ends_at__lte=now)
            )
            closed += len(_close_items(locked, due, actor=None))
    return closed


# --------------------------------------------------------------------------- ballots


def refuse_item(message: str, item: AgendaItem, **values) -> CouncilError:
    return CouncilError(message % {"item": item_name(item), **values})


def _eligible_member(item: AgendaItem, user):
    """The user's serving seat, present, not recused from the item; otherwise refused."""
    session = item.session
    member = serving(session).filter(user=user).first() if user is not None else None
    if member is None:
        raise refuse_item(_("You do not serve in the council of the session on item %(item)s."), item)
    attendance = session.attendance.filter(member=member).values_list("status", flat=True).first()
    if attendance != AttendanceStatus.PRESENT:
        raise refuse_item(
            _("You are not recorded present at the session; you cannot vote on item %(item)s."), item
        )
    if item.recusals.filter(member=member).exists():
        raise refuse_item(_("You are recused from item %(item)s and do not vote on it."), item)
    return member


def check_voting_open(item: AgendaItem, now: datetime.datetime) -> None:
    if item.session.state != SessionState.OPEN or item.state != ItemState.VOTING:
        raise refuse_item(_("Voting on item %(item)s is not open."), item)
    if item.voting_ends_at is not None and now >= item.voting_ends_at:
        raise refuse_item(
            _("Voting on item %(item)s closed at %(time)s."),
            item,
            time=date_format(timezone.localtime(item.voting_ends_at), "SHORT_DATETIME_FORMAT"),
        )


def cast_ballot(item: AgendaItem, *, user, choice: str) -> str:
    """Cast the user's secret ballot on `item`: `choice` is "for", "against" or "abstain".

    Refused, with nothing counted: an unknown choice, a session voting by show of hands, the
    item's voting not open (or its closing time passed), the user not serving in the
    session's term, not present, recused, or having voted on the item already (a cast ballot
    is final). Writes the member's `VoterMark` and the encrypted `Ballot`, nothing else (see
    the module's docstring), and returns the ballot's fingerprint (the member's receipt); a
    session voted before the box adds one to the item's counter and returns "". The item's row
    is locked, so concurrent ballots go in one after the other; the unique mark stops a second
    ballot even so."""
    if choice not in CHOICES:
        raise CouncilError(_("Choose for, against or abstain."), field="choice")
    now = timezone.now()
    # Encrypted before the lock is taken: the proofs take a few tens of milliseconds.
    sealed = ballot_box.seal_ballot(item, choice) if ballot_box.uses_box(item.session) else None
    with transaction.atomic():
        locked = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("session__term", "nomination__subject_unit", "nomination__subject_cadre")
            .get(pk=item.pk)
        )
        if locked.session.method == VotingMethod.HANDS:
            raise refuse_item(
                _("Item %(item)s is voted by show of hands, recorded by the secretary."), locked
            )
        check_voting_open(locked, now)
        member = _eligible_member(locked, user)
        if VoterMark.objects.filter(item=locked, member=member).exists():
            raise refuse_item(_("You have already voted on item %(item)s; a cast ballot is final."), locked)
        try:
            with transaction.atomic():
                VoterMark.objects.create(item=locked, member=member)
        except IntegrityError:
            raise refuse_item(
                _("You have already voted on item %(item)s; a cast ballot is final."), locked
            ) from None
        if sealed is not None:
            content, digest = sealed
            Ballot.objects.create(item=locked, content=content, fingerprint=digest)
            return digest
        field = CHOICES[choice]
        AgendaItem.objects.filter(pk=locked.pk).update(**{field: F(field) + 1})
        return ""


def _check_counts(**counts: int) -> None:
    for name, value in counts.items():
        if value is None or value < 0:
            raise CouncilError(_("Enter a count of zero or more."), field=name)


@transaction.atomic
def record_hands(
    item: AgendaItem, *, actor, votes_for: int, votes_against: int, votes_abstain: int
) -> AgendaItem:
    """The secretary records a show of hands on `item` (a session voting by hands), replacing
    earlier counts while the voting is open. Refused when the counts are more than the
    members present and not recused."""
    _check_counts(votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain)
    locked = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("session__term", "nomination__subject_unit", "nomination__subject_cadre")
        .get(pk=item.pk)
    )
    if locked.session.method != VotingMethod.HANDS:
        raise refuse_item(_("Item %(item)s is voted by secret ballot; hands cannot be recorded."), locked)
    check_voting_open(locked, timezone.now())
    present = locked.session.attendance.filter(status=AttendanceStatus.PRESENT)
    voters = present.exclude(member__recusals__item=locked).count()
    total = votes_for + votes_against + votes_abstain
    if total > voters:
        raise refuse_item(
            _("%(total)s hands on item %(item)s, but only %(voters)s members present may vote on it."),
            locked,
            total=total,
            voters=voters,
        )
    AgendaItem.objects.filter(pk=locked.pk).update(
        votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def record_written_opinions(
    item: AgendaItem, *, actor, for_: int = 0, against: int = 0, abstain: int = 0
) -> AgendaItem:
    """The secretary records the written opinions of absent members on `item`, replacing
    earlier ones, until the item is closed. Refused when they are more than the members
    recorded as giving a written opinion and not recused."""
    _check_counts(for_=for_, against=against, abstain=abstain)
    locked = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("session", "nomination__subject_unit", "nomination__subject_cadre")
        .get(pk=item.pk)
    )
    refuse_unless(locked.session, SessionState.OPEN, doing=_("recording written opinions"))
    if locked.state == ItemState.CLOSED:
        raise refuse_item(_("Voting on item %(item)s is closed."), locked)
    writers = (
        locked.session.attendance.filter(status=AttendanceStatus.WRITTEN)
        .exclude(member__recusals__item=locked)
        .count()
    )
    total = for_ + against + abstain
    if total > writers:
        raise refuse_item(
            _("%(total)s written opinions on item %(item)s, but only %(writers)s absent members gave one."),
            locked,
            total=total,
            writers=writers,
        )
    locked.written_for, locked.written_against, locked.written_abstain = for_, against, abstain
    locked.save(update_fields=["written_for", "written_against", "written_abstain"])
    return locked


# --------------------------------------------------------------------------- progress


def voters_count(item: AgendaItem) -> int:
    """How many members have voted on the item (the only figure shown while it is open)."""
    return item.voter_marks.count()


def has_voted(item: AgendaItem, member) -> bool:
    """Whether `member` has voted on `item`."""
    return member is not None and VoterMark.objects.filter(item=item, member=member).exists()


def progress(session: CouncilSession) -> dict[int, int]:
    """Item pk → how many members have voted on it (one query)."""
    rows = session.items.annotate(n=Count("voter_marks")).values_list("pk", "n")
    return dict(rows)
