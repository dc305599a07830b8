"""A council session on one round's shortlist: its agenda, attendance, opening and declared
conflicts, and the one door every change of the session's state goes through.

States and moves (`ALLOWED_MOVES`): draft ──open──> open ──close voting──> closed
──finalise──> final. A final session never changes again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CouncilMember,
    CouncilSession,
    CouncilTerm,
    ItemState,
    Recusal,
    SessionMode,
    SessionState,
    SessionTransition,
    VoterMark,
    VotingMethod,
)
from council.services import CouncilError, messages
from council.services.terms import seats
from nominations.models import Nomination, NominationState, Round, RoundState, SubjectType
from nominations.services import titles
from thiduaportal.text import fold
from thiduaportal.workflow import Workflow

State = SessionState
ALLOWED_MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (State.DRAFT, State.OPEN),
        (State.OPEN, State.CLOSED),
        (State.CLOSED, State.FINAL),
    }
)


def session_date(session: CouncilSession) -> datetime.date:
    """The day the session meets, in the portal's time zone."""
    return timezone.localdate(session.meets_at)


def serving(session: CouncilSession):
    """The seats of the session's term serving on the session's date."""
    return seats(session.term, on=session_date(session))


# --------------------------------------------------------------------------- the one door


def _refused(session: CouncilSession, to: str) -> str:
    return _("The session “%(session)s” is “%(state)s” and cannot become “%(to)s”.") % {
        "session": session,
        "state": State(session.state).label,
        "to": State(to).label,
    }


SESSIONS = Workflow(
    "council session",
    model=CouncilSession,
    states=State,
    moves=ALLOWED_MOVES,
    transition=SessionTransition,
    error=CouncilError,
    refused=_refused,
)


def move_session(
    session: CouncilSession,
    *,
    actor,
    to: str,
    reason: str = "",
    prepare: Callable[[CouncilSession], None] | None = None,
) -> CouncilSession:
    """The only place a session's state changes: `SESSIONS.move` locks the row, checks the
    move against `ALLOWED_MOVES`, lets `prepare` check and change the locked row, saves it
    and writes a `SessionTransition` (actor None: the portal itself). A refusal raises
    `CouncilError` (a `MoveNotAllowed`) and changes nothing. The caller's object is updated
    too. Voting (closing) and the tally (finalising) move the session through here as well."""
    return SESSIONS.move(session, actor=actor, to=to, reason=reason, prepare=prepare)


def lock(session: CouncilSession) -> CouncilSession:
    """The session's row, locked until the end of the transaction."""
    return (
        CouncilSession.objects.select_for_update(of=("self",))
        .select_related("term", "round")
        .get(pk=session.pk)
    )


def refuse_unless(session: CouncilSession, *states: str, doing: str) -> None:
    """Raise unless the session is in one of `states`; `doing` says what was refused."""
    if session.state not in states:
        raise CouncilError(
            _("The session “%(session)s” is “%(state)s”: %(doing)s is not possible now.")
            % {"session": session, "state": State(session.state).label, "doing": doing}
        )


# --------------------------------------------------------------------------- the agenda


def _shortlist(round: Round):
    nominations = Nomination.objects.filter(round=round).select_related(
        "proposal__unit", "subject_unit", "subject_cadre"
    )
    if round.is_year_end:
        # A year-end review has no shortlist: what the office accepted goes to the council,
        # but only for the titles the council votes on (LĐTT is decided on the units' lists).
        voted = [form_id for form_id, rule in pass_rules(round).items() if rule is not None]
        nominations = nominations.filter(
            state__in=(NominationState.ACCEPTED, NominationState.SHORTLISTED), award_form_id__in=voted
        )
    else:
        nominations = nominations.filter(state=NominationState.SHORTLISTED)
    return nominations.order_by(
        "subject_type", "proposal__unit__name", "subject_unit__name", "subject_cadre__full_name", "pk"
    )


PassRule = tuple[Decimal | None, bool]


def pass_rules(round: Round) -> dict[int, PassRule | None]:
    """Award form pk → the council's pass rule of its title in the round's commune's catalogue
    (share required, counted over all members), None where the council does not vote on it.
    Empty for a campaign round: its items follow the session's rule."""
    if not round.is_year_end:
        return {}
    return {
        title.award_form_id: (title.council_share, title.council_of_all) if title.council_vote else None
        for title in titles.ensure_catalogue(round.commune)
    }


def _new_item(session: CouncilSession, nomination: Nomination, position: int, rules) -> AgendaItem:
    share, of_all = rules.get(nomination.award_form_id) or (None, False)
    return AgendaItem(
        session=session, nomination=nomination, position=position, pass_share=share, pass_of_all=of_all
    )


def _agenda_order(nominations) -> list[Nomination]:
    # Collectives first, then individuals; by the proposing unit's name, then the subject's,
    # in Vietnamese order ("Đoàn" before "Phòng": letters compared without their marks first).
    kinds = {SubjectType.COLLECTIVE: 0, SubjectType.INDIVIDUAL: 1}

    def key(n: Nomination) -> tuple:
        unit, subject = n.proposal.unit.name, n.subject_name
        return (kinds.get(n.subject_type, 2), fold(unit), unit, fold(subject), subject, n.pk)

    return sorted(nominations, key=key)


@transaction.atomic
def create_session(
    round: Round,
    *,
    actor,
    term: CouncilTerm,
    title: str,
    meets_at: datetime.datetime,
    place: str = "",
    mode: str = SessionMode.BOTH,
    method: str = VotingMethod.SECRET,
) -> CouncilSession:
    """Prepare a session (draft) of `term` on the round's shortlist: the agenda lists the
    shortlisted nominations, collectives first, by unit then subject name, numbered from 1.
    For a year-end review, the accepted nominations of the titles the council votes on, each
    item carrying its title's pass rule from the catalogue (`pass_rules`).
    Refused unless the round is with the council and has a shortlist, without a title or a
    date, or when the term does not serve on that date."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.state != RoundState.COUNCIL:
        raise CouncilError(
            _("The round “%(round)s” is “%(state)s”; a council session needs it sent to the council.")
            % {"round": round, "state": round.get_state_display()}
        )
    title = " ".join((title or "").split())
    if not title:
        raise CouncilError(_("Enter the title of the session."), field="title")
    if meets_at is None:
        raise CouncilError(_("Enter the date and time of the session."), field="meets_at")
    day = timezone.localdate(meets_at) if timezone.is_aware(meets_at) else meets_at.date()
    if term.starts_on > day or (term.ends_on and term.ends_on < day):
        raise CouncilError(
            _("The council term “%(term)s” does not serve on the session's date.") % {"term": term},
            field="term",
        )
    if mode not in SessionMode.values:
        raise CouncilError(_("Choose how the council meets."), field="mode")
    if method not in VotingMethod.values:
        raise CouncilError(_("Choose the voting method."), field="method")
    nominations = _agenda_order(_shortlist(round))
    if not nominations and round.is_year_end:
        raise CouncilError(
            _("The year-end review “%(round)s” has no accepted nomination for a title the council votes on.")
            % {"round": round}
        )
    if not nominations:
        raise CouncilError(
            _("The round “%(round)s” has no shortlisted nomination for the council.") % {"round": round}
        )
    session = CouncilSession.objects.create(
        round=round,
        term=term,
        title=title,
        meets_at=meets_at,
        place=" ".join(place.split()),
        mode=mode,
        method=method,
        created_by=actor,
    )
    rules = pass_rules(round)
    AgendaItem.objects.bulk_create(
        _new_item(session, n, i, rules) for i, n in enumerate(nominations, start=1)
    )
    return session


@transaction.atomic
def refresh_agenda(session: CouncilSession, *, actor) -> CouncilSession:
    """While the session is being prepared, bring its agenda in line with the round's
    shortlist: items no longer shortlisted go, new ones come, all are numbered again."""
    locked = lock(session)
    refuse_unless(locked, State.DRAFT, doing=_("changing the agenda"))
    nominations = _agenda_order(_shortlist(locked.round))
    wanted = {n.pk for n in nominations}
    locked.items.exclude(nomination_id__in=wanted).delete()
    items = {item.nomination_id: item for item in locked.items.all()}
    # Move the kept items out of the way first: (session, position) is unique.
    offset = len(nominations) + len(items) + 1
    for item in items.values():
        item.position += offset
        item.save(update_fields=["position"])
    rules = pass_rules(locked.round)
    for position, nomination in enumerate(nominations, start=1):
        fresh = _new_item(locked, nomination, position, rules)
        item = items.get(nomination.pk)
        if item is None:
            fresh.save()
        else:
            # While in preparation the catalogue's current rule applies (VHXH may correct it).
            item.position, item.pass_share, item.pass_of_all = position, fresh.pass_share, fresh.pass_of_all
            item.save(update_fields=["position", "pass_share", "pass_of_all"])
    return locked


# --------------------------------------------------------------------------- attendance


def voting_started(session: CouncilSession) -> bool:
    """Whether voting has started on any item of the session."""
    return session.items.exclude(state=ItemState.PENDING).exists()


def present_count(session: CouncilSession) -> int:
    """Members recorded present (written opinions do not count)."""
    return session.attendance.filter(status=AttendanceStatus.PRESENT).count()


def quorum_met(session: CouncilSession) -> bool:
    """Whether the members present reach the quorum copied when the session opened."""
    needed = session.quorum_needed
    return needed is not None and present_count(session) >= needed


@transaction.atomic
def record_attendance(session: CouncilSession, *, actor, statuses: dict[int, str]) -> CouncilSession:
    """Record each member's attendance (`statuses`: seat pk → `AttendanceStatus`), while the
    session is prepared or open and before any voting starts. Refused: a seat that does not
    serve in the session, an unknown status. Tells the members when an open session reaches
    its quorum."""
    locked = lock(session)
    refuse_unless(locked, State.DRAFT, State.OPEN, doing=_("recording attendance"))
    if voting_started(locked):
        raise CouncilError(
            _("Voting has started in the session “%(session)s”; attendance can no longer change.")
            % {"session": locked}
        )
    members = {m.pk: m for m in serving(locked).filter(pk__in=list(statuses))}
    for pk, status in statuses.items():
        member = members.get(int(pk))
        if member is None:
            raise CouncilError(
                _("The member #%(pk)s does not serve in the session “%(session)s”.")
                % {"pk": pk, "session": locked}
            )
        if status not in AttendanceStatus.values:
            raise CouncilError(
                _("Choose the attendance of %(member)s.") % {"member": member.full_name}, field="statuses"
            )
    had_quorum = locked.state == State.OPEN and quorum_met(locked)
    for pk, status in statuses.items():
        Attendance.objects.update_or_create(
            session=locked, member=members[int(pk)], defaults={"status": status, "recorded_by": actor}
        )
    if locked.state == State.OPEN and not had_quorum and quorum_met(locked):
        transaction.on_commit(lambda: messages.notify_quorum_reached(locked))
    return locked


# --------------------------------------------------------------------------- opening


def _automatic_reason(member: CouncilMember, nomination: Nomination) -> str:
    if member.cadre_id and member.cadre_id == nomination.subject_cadre_id:
        return _("The member is the nominated person.")
    if member.unit_id and member.unit_id == nomination.subject_unit_id:
        return _("The member belongs to the nominated collective.")
    if member.unit_id and member.unit_id == nomination.proposal.unit_id:
        return _("The member belongs to the proposing unit.")
    return ""


def _create_automatic_recusals(session: CouncilSession, members: list[CouncilMember]) -> None:
    items = session.items.select_related("nomination__proposal")
    declared = set(Recusal.objects.filter(item__session=session).values_list("item_id", "member_id"))
    recusals = []
    for item in items:
        for member in members:
            reason = _automatic_reason(member, item.nomination)
            if reason and (item.pk, member.pk) not in declared:
                recusals.append(Recusal(item=item, member=member, automatic=True, reason=reason))
    Recusal.objects.bulk_create(recusals)


def _open(locked: CouncilSession) -> None:
    members = list(serving(locked))
    if not members:
        raise CouncilError(
            _("The council term “%(term)s” has no member serving on the session's date.")
            % {"term": locked.term}
        )
    if not locked.items.exists():
        raise CouncilError(_("The session “%(session)s” has nothing on its agenda.") % {"session": locked})
    locked.quorum_numerator, locked.quorum_denominator = settings.COUNCIL_QUORUM
    locked.pass_numerator, locked.pass_denominator = settings.COUNCIL_PASS_SHARE
    locked.pass_strict = settings.COUNCIL_PASS_STRICT
    locked.written_opinions_count = settings.COUNCIL_WRITTEN_OPINIONS_COUNT
    locked.members_total = len(members)
    locked.opened_at = timezone.now()
    _create_automatic_recusals(locked, members)


def open_session(session: CouncilSession, *, actor) -> CouncilSession:
    """Open the session (draft → open): copies the quorum and pass rules from the settings,
    counts the members serving on its date, and records the automatic recusals (the nominated
    person, members of the nominated collective or of the proposing unit). Refused without
    serving members or an agenda."""
    return move_session(session, actor=actor, to=State.OPEN, prepare=_open)


# --------------------------------------------------------------------------- conflicts


@transaction.atomic
def declare_conflict(item: AgendaItem, *, member: CouncilMember, reason: str) -> Recusal:
    """The member declares a conflict of interest and will not vote on `item`. Refused
    without a reason, for a member not serving in the session, once the member has voted on
    the item, or once the item's voting is closed."""
    item = (
        AgendaItem.objects.select_for_update().select_related("session__term", "nomination").get(pk=item.pk)
    )
    session = item.session
    reason = " ".join((reason or "").split())
    refuse_unless(session, State.DRAFT, State.OPEN, doing=_("declaring a conflict"))
    if item.state == ItemState.CLOSED:
        raise CouncilError(
            _("Voting on item %(position)s (%(name)s) is closed.")
            % {"position": item.position, "name": item.nomination.subject_name}
        )
    if not reason:
        raise CouncilError(_("Give the reason of the conflict of interest."), field="reason")
    if not serving(session).filter(pk=member.pk).exists():
        raise CouncilError(
            _("%(member)s does not serve in the session “%(session)s”.")
            % {"member": member.full_name, "session": session}
        )
    if VoterMark.objects.filter(item=item, member=member).exists():
        raise CouncilError(
            _("%(member)s has already voted on item %(position)s; a cast ballot is final.")
            % {"member": member.full_name, "position": item.position}
        )
    recusal, created = Recusal.objects.get_or_create(
        item=item, member=member, defaults={"reason": reason, "automatic": False}
    )
    if not created:
        raise CouncilError(
            _("%(member)s is already recused from item %(position)s.")
            % {"member": member.full_name, "position": item.position}
        )
    return recusal
