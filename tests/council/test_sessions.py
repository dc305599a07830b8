"""Sessions: the agenda from the round's shortlist, the one door of states, attendance,
opening (rules copied, automatic recusals) and declared conflicts."""

import pytest

from council.models import AttendanceStatus, Recusal, SessionState, SessionTransition
from council.services import CouncilError, sessions
from council.services.sessions import ALLOWED_MOVES
from nominations.models import NominationState, RoundState
from tests.factories import UnitFactory
from tests.factories.council import (
    MEETS_AT,
    CouncilMemberFactory,
    CouncilTermFactory,
    council_session,
    shortlisted,
)
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_agenda_lists_collectives_first_by_unit_then_name(vhxh_officer):
    round = RoundFactory(state=RoundState.COUNCIL)
    b_unit, a_unit = UnitFactory(name="Phòng B"), UnitFactory(name="Phòng A")
    person = NominationFactory(
        proposal=ProposalFactory(round=round, unit=a_unit), state=NominationState.SHORTLISTED, version=1
    )
    collective = NominationFactory(
        proposal=ProposalFactory(round=round, unit=b_unit),
        collective=True,
        state=NominationState.SHORTLISTED,
        version=1,
    )
    NominationFactory(proposal=ProposalFactory(round=round), state=NominationState.ACCEPTED, version=1)
    session = sessions.create_session(
        round, actor=vhxh_officer, term=CouncilTermFactory(), title="Phiên 1", meets_at=MEETS_AT
    )
    assert list(session.items.values_list("position", "nomination")) == [(1, collective.pk), (2, person.pk)]
    assert session.state == SessionState.DRAFT


def test_create_session_needs_the_round_with_the_council_and_a_shortlist(vhxh_officer):
    term = CouncilTermFactory()
    round = RoundFactory(state=RoundState.REVIEW)
    with pytest.raises(CouncilError) as error:
        sessions.create_session(round, actor=vhxh_officer, term=term, title="Phiên", meets_at=MEETS_AT)
    assert str(error.value).startswith("The round “Khen thưởng hằng năm 2026” is “")
    round = RoundFactory(state=RoundState.COUNCIL)
    with pytest.raises(CouncilError) as error:
        sessions.create_session(round, actor=vhxh_officer, term=term, title="Phiên", meets_at=MEETS_AT)
    assert "has no shortlisted nomination" in str(error.value)


def test_refresh_agenda_follows_the_shortlist_while_draft():
    council = council_session(members=3, individuals=2, opened=False)
    first = council.items[0]
    first.nomination.state = NominationState.ACCEPTED
    first.nomination.save()
    (added,) = shortlisted(council.session.round, collectives=1)
    sessions.refresh_agenda(council.session, actor=council.secretary)
    council.refresh()
    assert [(i.position, i.nomination_id) for i in council.items] == [
        (1, added.pk),
        (2, council.items[1].nomination_id),
    ]
    sessions.open_session(council.session, actor=council.secretary)
    with pytest.raises(CouncilError):
        sessions.refresh_agenda(council.session, actor=council.secretary)


def test_each_move_of_the_table_and_no_other():
    states = list(SessionState.values)
    for from_state in states:
        for to_state in states:
            council = council_session(members=3, opened=False)
            council.session.state = from_state
            council.session.save()
            if (from_state, to_state) in ALLOWED_MOVES:
                sessions.move_session(council.session, actor=council.secretary, to=to_state)
                assert council.session.state == to_state
                assert (
                    SessionTransition.objects.filter(
                        session=council.session, from_state=from_state, to_state=to_state
                    ).count()
                    == 1
                )
            else:
                with pytest.raises(CouncilError):
                    sessions.move_session(council.session, actor=council.secretary, to=to_state)
                council.session.refresh_from_db()
                assert council.session.state == from_state
                assert not council.session.transitions.exists()


def test_opening_copies_rules_counts_serving_members_and_recuses(settings):
    settings.COUNCIL_QUORUM = (4, 5)
    council = council_session(members=5, collectives=1, individuals=1, opened=False)
    collective, person = council.items
    council.members[1].unit = collective.nomination.subject_unit
    council.members[1].save()
    council.members[2].cadre = person.nomination.subject_cadre
    council.members[2].save()
    CouncilMemberFactory(
        term=council.session.term, joined_on=MEETS_AT.date().replace(month=12, day=29)
    )  # joins later
    sessions.open_session(council.session, actor=council.secretary)
    session = council.session
    assert (session.state, session.members_total, session.quorum_needed, session.opened_at is not None) == (
        "open",
        5,
        4,
        True,
    )
    recusals = list(
        Recusal.objects.filter(item__session=session).values_list("item", "member", "automatic", "reason")
    )
    assert recusals == [
        (collective.pk, council.members[1].pk, True, "The member belongs to the nominated collective."),
        (person.pk, council.members[2].pk, True, "The member is the nominated person."),
    ]
    assert session.transitions.get().actor == council.secretary


def test_attendance_only_for_serving_members_and_before_voting():
    council = council_session(members=3, opened=False)
    outsider = CouncilMemberFactory()
    with pytest.raises(CouncilError) as error:
        sessions.record_attendance(
            council.session, actor=council.secretary, statuses={outsider.pk: AttendanceStatus.PRESENT}
        )
    assert (
        str(error.value)
        == f"The member #{outsider.pk} does not serve in the session “Phiên họp xét khen thưởng”."
    )
    with pytest.raises(CouncilError):
        sessions.record_attendance(
            council.session, actor=council.secretary, statuses={council.members[0].pk: "late"}
        )
    sessions.record_attendance(
        council.session, actor=council.secretary, statuses={council.members[0].pk: AttendanceStatus.ABSENT}
    )
    sessions.record_attendance(
        council.session, actor=council.secretary, statuses={council.members[0].pk: AttendanceStatus.PRESENT}
    )
    assert list(council.session.attendance.values_list("status", flat=True)) == ["present"]
    council = council_session(members=3, voting=True)
    with pytest.raises(CouncilError) as error:
        sessions.record_attendance(
            council.session,
            actor=council.secretary,
            statuses={council.members[0].pk: AttendanceStatus.ABSENT},
        )
    assert "attendance can no longer change" in str(error.value)


def test_quorum_counts_present_members_only():
    council = council_session(members=9, present=5, written=4)
    assert (
        sessions.present_count(council.session),
        council.session.quorum_needed,
        sessions.quorum_met(council.session),
    ) == (5, 6, False)


def test_declare_conflict():
    council = council_session(members=3, voting=True)
    item, seat = council.items[0], council.members[1]
    with pytest.raises(CouncilError):
        sessions.declare_conflict(item, member=seat, reason="  ")
    recusal = sessions.declare_conflict(item, member=seat, reason="Vợ của người được đề nghị")
    assert (recusal.automatic, recusal.reason) == (False, "Vợ của người được đề nghị")
    with pytest.raises(CouncilError) as error:
        sessions.declare_conflict(item, member=seat, reason="Lần nữa")
    assert "already recused" in str(error.value)
    with pytest.raises(CouncilError):
        sessions.declare_conflict(item, member=CouncilMemberFactory(), reason="Không thuộc hội đồng")


def test_agenda_is_in_vietnamese_order_collectives_first(vhxh_officer):
    round = RoundFactory(state=RoundState.COUNCIL)
    names = ["Phòng Kinh tế", "Đoàn Thanh niên", "Ấp Bắc", "Bưu điện"]
    for name in names:
        NominationFactory(
            proposal=ProposalFactory(round=round, unit=UnitFactory(name=name)),
            state=NominationState.SHORTLISTED,
            version=1,
            collective=True,
        )
    person = NominationFactory(
        proposal=ProposalFactory(round=round, unit=UnitFactory(name="Ấp Cũ")),
        state=NominationState.SHORTLISTED,
        version=1,
    )
    session = sessions.create_session(
        round, actor=vhxh_officer, term=CouncilTermFactory(), title="Phiên", meets_at=MEETS_AT
    )
    agenda = [item.nomination.subject_name for item in session.items.order_by("position")]
    assert agenda == ["Ấp Bắc", "Bưu điện", "Đoàn Thanh niên", "Phòng Kinh tế", person.subject_name]
