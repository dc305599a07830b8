"""The council: a term with its seats, sessions and agenda items, and `council_session`, a
whole session made through the services (round with the council, shortlist, attendance)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import factory
from factory.django import DjangoModelFactory

from council import crypto
from council.models import (
    AgendaItem,
    AttendanceStatus,
    BallotKey,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    CouncilTerm,
    KeyHolder,
    SessionMode,
    VotingMethod,
)
from council.services import ballot_box, sessions
from council.services import voting as voting_services
from nominations.models import Nomination, NominationState, Round, RoundState

from .nominations import NominationFactory, ProposalFactory, RoundFactory
from .units import UnitFactory, UserFactory

MEETS_AT = datetime.datetime(2026, 12, 28, 8, 0, tzinfo=datetime.UTC)


class CouncilTermFactory(DjangoModelFactory):
    class Meta:
        model = CouncilTerm

    title = "Hội đồng Thi đua – Khen thưởng xã nhiệm kỳ 2026–2031"
    decision_number = "12/QĐ-UBND"
    decision_date = datetime.date(2025, 12, 20)
    starts_on = datetime.date(2026, 1, 1)


class CouncilMemberFactory(DjangoModelFactory):
    """A member (ủy viên) of the term from a department, with its own account."""

    class Meta:
        model = CouncilMember

    term = factory.SubFactory(CouncilTermFactory)
    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    full_name = factory.LazyAttribute(lambda m: m.user.full_name)
    position = "Trưởng phòng"
    role = CouncilRole.MEMBER
    joined_on = factory.LazyAttribute(lambda m: m.term.starts_on)

    class Params:
        chair = factory.Trait(role=CouncilRole.CHAIR, position="Chủ tịch UBND xã")
        secretary = factory.Trait(role=CouncilRole.SECRETARY, position="Công chức Văn hóa – Xã hội")


class CouncilSessionFactory(DjangoModelFactory):
    """A session in preparation on a round with the council (no agenda: use the services or
    `AgendaItemFactory`)."""

    class Meta:
        model = CouncilSession

    round = factory.SubFactory(RoundFactory, state=RoundState.COUNCIL)
    term = factory.SubFactory(CouncilTermFactory)
    title = "Phiên họp xét khen thưởng hằng năm 2026"
    meets_at = MEETS_AT
    place = "Hội trường UBND xã"
    mode = SessionMode.BOTH
    method = VotingMethod.SECRET
    created_by = factory.SubFactory(UserFactory)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(CouncilSessionFactory)
    nomination = factory.SubFactory(
        NominationFactory,
        proposal=factory.SubFactory(ProposalFactory, round=factory.SelfAttribute("...session.round")),
        state=NominationState.SHORTLISTED,
        version=1,
    )
    position = factory.Sequence(lambda n: n + 1)


# Session pk → {seat pk: key code} of every secret session `council_session` made: the test's
# own memory of what the officers were shown.
KEY_CODES: dict[int, dict[int, str]] = {}


def box_counts(item: AgendaItem) -> tuple[int, int, int]:
    """What the box holds for `item` so far (for, against, abstain), decrypted here with the
    officers' codes, as two officers could; nothing is stored. A session voted without the box
    answers its counters."""
    key = BallotKey.objects.filter(session_id=item.session_id).first()
    if key is None:
        item = AgendaItem.objects.get(pk=item.pk)
        return item.votes_for, item.votes_against, item.votes_abstain
    codes = KEY_CODES[item.session_id]
    sums = ballot_box.item_sums(item)
    most = item.encrypted_ballots.count()
    parts: list[dict] = [{} for _ in sums]
    for holder in KeyHolder.objects.filter(session_id=item.session_id, member_id__in=list(codes)):
        share = crypto.unwrap_share(holder.wrapped, codes[holder.member_id], context=str(key.key_id))
        for index, ct in enumerate(sums):
            parts[index][holder.index] = ct.a * share
    counts = [crypto.combine(ct, part, most=most) for ct, part in zip(sums, parts, strict=True)]
    return counts[0], counts[1], counts[2]


def shortlisted(round: Round, *, collectives: int = 0, individuals: int = 0) -> list[Nomination]:
    """Shortlisted nominations of `round`, each from its own unit."""
    made = []
    for count, traits in ((collectives, {"collective": True}), (individuals, {})):
        for _ in range(count):
            proposal = ProposalFactory(round=round, unit=UnitFactory())
            made.append(
                NominationFactory(proposal=proposal, state=NominationState.SHORTLISTED, version=1, **traits)
            )
    return made


@dataclass
class Council:
    """A session made through the services, with its members (the chair first) and the
    secretary's account."""

    session: CouncilSession
    members: list[CouncilMember]
    secretary: object
    items: list[AgendaItem] = field(default_factory=list)
    # Seat pk → key code, for the chair and the secretary (seat 2) of a secret session.
    codes: dict[int, str] = field(default_factory=dict)

    @property
    def chair(self) -> CouncilMember:
        return self.members[0]

    def count(self) -> Council:
        """The chair and the secretary enter their key codes: the box is counted, the result
        released (the session's voting must be closed)."""
        for seat in self.members[:2]:
            if seat.pk in self.codes:
                ballot_box.present_share(self.session, actor=seat.user, code=self.codes[seat.pk])
        return self.refresh()

    def refresh(self) -> Council:
        self.session.refresh_from_db()
        self.items = list(self.session.items.order_by("position"))
        return self


def council_session(
    *,
    members: int = 9,
    collectives: int = 0,
    individuals: int = 1,
    present: int | None = None,
    written: int = 0,
    method: str = VotingMethod.SECRET,
    round: Round | None = None,
    opened: bool = True,
    voting: bool = False,
    ends_at: datetime.datetime | None = None,
) -> Council:
    """A council of `members` seats (the first is the chair) on a round with the council and
    its shortlist; when `opened`, the session is opened and `present` members (all by default)
    are recorded present, the next `written` as giving a written opinion, the rest absent;
    when `voting`, the voting is open on every item."""

    secretary = UserFactory()
    term = CouncilTermFactory()
    seats = [
        CouncilMemberFactory(term=term, chair=(i == 0), secretary=(i == 1 and members > 1))
        for i in range(members)
    ]
    round = round or RoundFactory(state=RoundState.COUNCIL)
    shortlisted(round, collectives=collectives, individuals=individuals)
    session = sessions.create_session(
        round, actor=secretary, term=term, title="Phiên họp xét khen thưởng", meets_at=MEETS_AT, method=method
    )
    council = Council(session=session, members=seats, secretary=secretary)
    if method == VotingMethod.SECRET and members > 1:
        council.codes = {
            seat.pk: ballot_box.issue_officer_code(session, actor=seat.user) for seat in seats[:2]
        }
        KEY_CODES[session.pk] = council.codes
    if opened:
        sessions.open_session(session, actor=secretary)
        present = members if present is None else present
        statuses = {}
        for index, seat in enumerate(seats):
            if index < present:
                statuses[seat.pk] = AttendanceStatus.PRESENT
            elif index < present + written:
                statuses[seat.pk] = AttendanceStatus.WRITTEN
            else:
                statuses[seat.pk] = AttendanceStatus.ABSENT
        sessions.record_attendance(session, actor=secretary, statuses=statuses)
        if voting:
            voting_services.open_voting(session, actor=secretary, ends_at=ends_at)
    return council.refresh()


__all__ = [
    "AgendaItemFactory",
    "Council",
    "box_counts",
    "CouncilMemberFactory",
    "CouncilSessionFactory",
    "CouncilTermFactory",
    "council_session",
    "shortlisted",
]
