"""The secret ballot and its refusals: every bad ballot is refused with a message naming the
item, and nothing is counted twice or lost."""

import datetime

import pytest
from django.utils import timezone

from council.models import AgendaItem, AttendanceStatus, ItemState, SessionState, VoterMark, VotingMethod
from council.services import CouncilError, sessions, voting
from tests.factories import UserFactory
from tests.factories.council import CouncilMemberFactory, box_counts, council_session

pytestmark = pytest.mark.django_db


def _counters(item):
    """The item's box so far, decrypted with the officers' codes (see `box_counts`)."""
    return box_counts(item)


def _refused(item, user, choice="for"):
    before = (_counters(item), VoterMark.objects.filter(item=item).count())
    with pytest.raises(CouncilError) as error:
        voting.cast_ballot(item, user=user, choice=choice)
    assert (_counters(item), VoterMark.objects.filter(item=item).count()) == before
    return str(error.value)


def test_ballots_count_once_each():
    council = council_session(members=5, voting=True)
    item = council.items[0]
    for seat, choice in zip(council.members, ["for", "for", "against", "abstain", "for"], strict=True):
        voting.cast_ballot(item, user=seat.user, choice=choice)
    assert _counters(item) == (3, 1, 1)
    assert voting.voters_count(item) == 5
    assert voting.progress(council.session) == {item.pk: 5}
    assert voting.has_voted(item, council.members[0])


def test_second_ballot_is_refused():
    council = council_session(members=3, voting=True)
    item, seat = council.items[0], council.members[1]
    voting.cast_ballot(item, user=seat.user, choice="for")
    message = _refused(item, seat.user, "against")
    assert (
        message
        == f"You have already voted on item 1 ({item.nomination.subject_name}); a cast ballot is final."
    )
    assert _counters(item) == (1, 0, 0)


def test_unknown_choice_is_refused():
    council = council_session(members=3, voting=True)
    assert _refused(council.items[0], council.members[0].user, "yes") == "Choose for, against or abstain."


def test_ballot_from_a_non_member_is_refused():
    council = council_session(members=3, voting=True)
    item = council.items[0]
    message = _refused(item, UserFactory())
    assert (
        message
        == f"You do not serve in the council of the session on item 1 ({item.nomination.subject_name})."
    )


def test_ballot_from_a_member_of_another_term_or_who_left_is_refused():
    council = council_session(members=3, voting=True)
    item = council.items[0]
    outsider = CouncilMemberFactory()  # a seat in another term
    assert _refused(item, outsider.user).startswith("You do not serve in the council")
    seat = council.members[2]
    seat.left_on = datetime.date(2026, 6, 30)
    seat.save()
    assert _refused(item, seat.user).startswith("You do not serve in the council")


def test_ballot_from_an_absent_or_written_member_is_refused():
    council = council_session(members=6, present=4, written=1, voting=True)
    item = council.items[0]
    for seat in council.members[4:]:
        message = _refused(item, seat.user)
        assert message.startswith("You are not recorded present at the session")


def test_ballot_from_a_recused_member_is_refused():
    council = council_session(members=4, voting=True)
    item = council.items[0]
    seat = council.members[3]
    seat.unit = item.nomination.proposal.unit
    seat.save()
    # Recusals are made on opening: declare one now instead (the member may still do so).
    sessions.declare_conflict(item, member=seat, reason="Người được đề nghị là em ruột")
    message = _refused(item, seat.user)
    assert message == f"You are recused from item 1 ({item.nomination.subject_name}) and do not vote on it."


def test_automatic_recusal_of_the_proposing_unit_refuses_the_ballot():
    council = council_session(members=4, opened=False)
    item = council.items[0]
    seat = council.members[2]
    seat.unit = item.nomination.proposal.unit
    seat.save()
    sessions.open_session(council.session, actor=council.secretary)
    sessions.record_attendance(
        council.session,
        actor=council.secretary,
        statuses={m.pk: AttendanceStatus.PRESENT for m in council.members},
    )
    voting.open_voting(council.session, actor=council.secretary)
    assert _refused(item, seat.user).startswith("You are recused from item 1")


def test_ballot_on_an_item_not_open_is_refused():
    council = council_session(members=3, individuals=2)
    first, second = council.items
    voting.open_voting(council.session, actor=council.secretary, items=[first])
    assert _refused(second, council.members[0].user) == (
        f"Voting on item 2 ({second.nomination.subject_name}) is not open."
    )


def test_ballot_on_an_item_of_another_session_does_not_touch_this_one():
    council = council_session(members=3, voting=True)
    other = council_session(members=3, voting=True)
    # A member of `council` sending a ballot for `other`'s item is not in that term.
    assert _refused(other.items[0], council.members[0].user).startswith("You do not serve")
    assert _counters(council.items[0]) == (0, 0, 0)


def test_ballot_after_closing_is_refused():
    council = council_session(members=3, voting=True)
    item = council.items[0]
    voting.cast_ballot(item, user=council.members[0].user, choice="for")
    voting.close_voting(council.session, actor=council.secretary)
    message = _refused(item, council.members[1].user)
    assert message == f"Voting on item 1 ({item.nomination.subject_name}) is not open."
    assert _counters(item) == (1, 0, 0)


def test_ballot_after_voting_ends_at_is_refused():
    council = council_session(members=3, voting=True, ends_at=timezone.now() + datetime.timedelta(minutes=5))
    item = council.items[0]
    voting.cast_ballot(item, user=council.members[0].user, choice="for")
    AgendaItem.objects.filter(pk=item.pk).update(
        voting_ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    message = _refused(item, council.members[1].user)
    assert message.startswith(f"Voting on item 1 ({item.nomination.subject_name}) closed at ")


def test_ballot_in_a_show_of_hands_session_is_refused():
    council = council_session(members=3, voting=True, method=VotingMethod.HANDS)
    message = _refused(council.items[0], council.members[0].user)
    assert message.endswith("is voted by show of hands, recorded by the secretary.")


def test_opening_voting_without_quorum_is_refused():
    # 9 members: 6 must be present (ceil 9 × 2/3); 5 present and 2 written opinions are not enough.
    council = council_session(members=9, present=5, written=2)
    with pytest.raises(CouncilError) as error:
        voting.open_voting(council.session, actor=council.secretary)
    assert str(error.value) == (
        "The session “Phiên họp xét khen thưởng” has no quorum: 6 of 9 members must be present; voting cannot open."
    )
    assert list(council.session.items.values_list("state", flat=True)) == [ItemState.PENDING]


def test_opening_voting_with_exactly_the_quorum():
    council = council_session(members=9, present=6)
    opened = voting.open_voting(council.session, actor=council.secretary)
    assert [item.state for item in opened] == [ItemState.VOTING]


def test_opening_voting_twice_on_an_item_is_refused():
    council = council_session(members=3, voting=True)
    with pytest.raises(CouncilError) as error:
        voting.open_voting(council.session, actor=council.secretary, items=council.items)
    assert "cannot become “Voting open”" in str(error.value)


def test_opening_voting_in_a_draft_session_is_refused():
    council = council_session(members=3, opened=False)
    with pytest.raises(CouncilError) as error:
        voting.open_voting(council.session, actor=council.secretary)
    assert str(error.value) == (
        "The session “Phiên họp xét khen thưởng” is “Being prepared”: opening the voting is not possible now."
    )


def test_closing_with_items_unvoted_needs_confirmation():
    council = council_session(members=3, individuals=2)
    first, second = council.items
    voting.open_voting(council.session, actor=council.secretary, items=[first])
    voting.cast_ballot(first, user=council.members[0].user, choice="for")
    with pytest.raises(CouncilError) as error:
        voting.close_voting(council.session, actor=council.secretary)
    assert str(error.value) == (
        f"Items not yet voted on: 2 ({second.nomination.subject_name}). Confirm to close the session's voting without them."
    )
    assert error.value.field == "confirm_unvoted"
    council.refresh()
    assert [i.state for i in council.items] == [ItemState.VOTING, ItemState.PENDING]
    assert council.session.state == SessionState.OPEN
    assert _counters(first) == (1, 0, 0)
    voting.close_voting(council.session, actor=council.secretary, confirm_unvoted=True)
    council.count()
    assert [i.state for i in council.items] == [ItemState.CLOSED, ItemState.CLOSED]
    assert [i.ballots for i in council.items] == [1, 0]
    assert [i.passed for i in council.items] == [False, False]
    assert council.session.state == SessionState.CLOSED


def test_closing_some_items_keeps_the_session_open():
    council = council_session(members=3, individuals=2, voting=True)
    first, second = council.items
    voting.close_voting(council.session, actor=council.secretary, items=[first])
    council.refresh()
    assert [i.state for i in council.items] == [ItemState.CLOSED, ItemState.VOTING]
    assert council.session.state == SessionState.OPEN
    voting.close_voting(council.session, actor=council.secretary, items=[second])
    assert council.refresh().session.state == SessionState.CLOSED
    transition = council.session.transitions.last()
    assert (transition.from_state, transition.to_state, transition.actor) == (
        "open",
        "closed",
        council.secretary,
    )


def test_close_expired_closes_due_items_and_the_session():
    council = council_session(members=3, individuals=2, voting=True)
    first, second = council.items
    now = timezone.now()
    AgendaItem.objects.filter(pk=first.pk).update(voting_ends_at=now - datetime.timedelta(minutes=1))
    AgendaItem.objects.filter(pk=second.pk).update(voting_ends_at=now + datetime.timedelta(minutes=10))
    assert voting.close_expired(now=now) == 1
    assert voting.close_expired(now=now) == 0
    assert council.refresh().session.state == SessionState.OPEN
    assert voting.close_expired(now=now + datetime.timedelta(minutes=11)) == 1
    council.refresh()
    assert council.session.state == SessionState.CLOSED
    assert council.session.transitions.last().actor is None


def test_show_of_hands_recorded_by_the_secretary():
    council = council_session(members=5, present=4, method=VotingMethod.HANDS, voting=True)
    item = council.items[0]
    with pytest.raises(CouncilError) as error:
        voting.record_hands(item, actor=council.secretary, votes_for=3, votes_against=1, votes_abstain=1)
    assert str(error.value) == (
        f"5 hands on item 1 ({item.nomination.subject_name}), but only 4 members present may vote on it."
    )
    voting.record_hands(item, actor=council.secretary, votes_for=3, votes_against=1, votes_abstain=0)
    assert _counters(item) == (3, 1, 0)


def test_hands_cannot_be_recorded_in_a_secret_session():
    council = council_session(members=3, voting=True)
    with pytest.raises(CouncilError):
        voting.record_hands(
            council.items[0], actor=council.secretary, votes_for=1, votes_against=0, votes_abstain=0
        )


def test_written_opinions_limited_to_members_who_gave_one():
    council = council_session(members=6, present=4, written=2)
    item = council.items[0]
    with pytest.raises(CouncilError) as error:
        voting.record_written_opinions(item, actor=council.secretary, for_=2, against=1)
    assert str(error.value) == (
        f"3 written opinions on item 1 ({item.nomination.subject_name}), but only 2 absent members gave one."
    )
    voting.record_written_opinions(item, actor=council.secretary, for_=2)
    item.refresh_from_db()
    assert (item.written_for, item.written_against, item.written_abstain) == (2, 0, 0)


def test_declared_conflict_after_voting_is_refused():
    council = council_session(members=3, voting=True)
    item, seat = council.items[0], council.members[1]
    voting.cast_ballot(item, user=seat.user, choice="for")
    with pytest.raises(CouncilError) as error:
        sessions.declare_conflict(item, member=seat, reason="Quan hệ họ hàng")
    assert str(error.value) == f"{seat.full_name} has already voted on item 1; a cast ballot is final."
    assert not item.recusals.exists()
