"""The tally: the strict threshold on the base (members in total less those recused),
written opinions, the round's quota with ranking, ties left to the chair, the final result
frozen against later changes of settings."""

import pytest

from council.models import AgendaItem, AttendanceStatus, ItemState, SessionState, SessionTransition
from council.services import CouncilError, sessions, tally, voting
from tests.factories import UserFactory
from tests.factories.council import council_session
from tests.factories.nominations import RoundFactory

pytestmark = pytest.mark.django_db


def _vote(item, seats, *, fors, against=0, abstain=0):
    choices = ["for"] * fors + ["against"] * against + ["abstain"] * abstain
    for seat, choice in zip(seats, choices, strict=False):
        voting.cast_ballot(item, user=seat.user, choice=choice)


def _close(council):
    voting.close_voting(council.session, actor=council.secretary, confirm_unvoted=True)
    return council.count()


def _recuse_then_open(council, item, seats):
    """Seat `seats` in the unit proposing `item`, then open the session and its voting."""
    for seat in seats:
        seat.unit = item.nomination.proposal.unit
        seat.save()
    sessions.open_session(council.session, actor=council.secretary)
    statuses = {seat.pk: AttendanceStatus.PRESENT for seat in council.members}
    sessions.record_attendance(council.session, actor=council.secretary, statuses=statuses)
    voting.open_voting(council.session, actor=council.secretary)
    return council.refresh()


@pytest.mark.parametrize(
    ("members", "fors", "needed", "passed"),
    [(9, 5, 5, True), (9, 4, 5, False), (10, 5, 6, False), (10, 6, 6, True)],
)
def test_strict_more_than_half_of_all_members(members, fors, needed, passed):
    council = council_session(members=members, voting=True)
    item = council.items[0]
    _vote(item, council.members, fors=fors, against=members - fors)
    item = _close(council).items[0]
    (row,) = tally.result_rows(council.session)
    assert (row.base, row.votes_needed, row.in_favour, row.passed) == (members, needed, fors, passed)


def test_recusal_reduces_the_base():
    # 10 members, 2 of the proposing unit are recused: base 8, more than half is 5 (not 6).
    council = council_session(members=10, opened=False)
    item = council.items[0]
    council = _recuse_then_open(council, item, council.members[8:])
    assert item.recusals.filter(automatic=True).count() == 2
    _vote(item, council.members[:8], fors=5, against=3)
    item = _close(council).items[0]
    assert (item.members_total, item.present, item.recused, item.ballots, item.passed) == (10, 10, 2, 8, True)
    (row,) = tally.result_rows(council.session)
    assert (row.base, row.votes_needed, row.percent_of_all) == (8, 5, 50.0)


def test_same_votes_without_recusal_fail():
    council = council_session(members=10, voting=True)
    item = council.items[0]
    _vote(item, council.members, fors=5, against=5)
    assert _close(council).items[0].passed is False


def test_written_opinions_count_towards_the_votes_not_the_quorum():
    # 9 members: 6 present (the quorum), 2 written opinions, 1 absent; base 9, 5 needed.
    council = council_session(members=9, present=6, written=2, voting=True)
    item = council.items[0]
    _vote(item, council.members[:6], fors=4, against=2)
    voting.record_written_opinions(item, actor=council.secretary, for_=1, against=1)
    item = _close(council).items[0]
    (row,) = tally.result_rows(council.session)
    assert (row.present, row.ballots, row.written, row.written_for, row.in_favour, row.passed) == (
        6,
        6,
        2,
        1,
        5,
        True,
    )


def test_written_opinions_not_counted_when_the_settings_say_so(settings):
    settings.COUNCIL_WRITTEN_OPINIONS_COUNT = False
    council = council_session(members=9, present=6, written=2, voting=True)
    item = council.items[0]
    _vote(item, council.members[:6], fors=4, against=2)
    voting.record_written_opinions(item, actor=council.secretary, for_=2)
    assert _close(council).items[0].passed is False


def test_rules_are_copied_on_opening_and_later_settings_change_nothing(settings):
    council = council_session(members=10, voting=True)
    assert (
        council.session.pass_numerator,
        council.session.pass_denominator,
        council.session.pass_strict,
    ) == (1, 2, True)
    assert (
        council.session.quorum_numerator,
        council.session.quorum_denominator,
        council.session.members_total,
    ) == (2, 3, 10)
    settings.COUNCIL_PASS_SHARE = (4, 5)
    settings.COUNCIL_PASS_STRICT = False
    settings.COUNCIL_QUORUM = (1, 1)
    settings.COUNCIL_WRITTEN_OPINIONS_COUNT = False
    item = council.items[0]
    _vote(item, council.members, fors=6, against=4)
    item = _close(council).items[0]
    assert item.passed is True  # 6 > 10 × 1/2, though not ≥ 10 × 4/5
    tally.finalise_session(council.session, actor=council.secretary)
    settings.COUNCIL_PASS_SHARE = (9, 10)
    (row,) = tally.result_rows(council.session)
    assert (row.votes_needed, row.passed, row.approved) == (6, True, True)


def test_eighty_percent_rule_reached_is_enough(settings):
    settings.COUNCIL_PASS_SHARE = (4, 5)
    settings.COUNCIL_PASS_STRICT = False
    council = council_session(members=10, voting=True)
    item = council.items[0]
    _vote(item, council.members, fors=8, against=2)
    assert _close(council).items[0].passed is True


def _round(collectives=5, individuals=10):
    return RoundFactory(state="council", quota_collectives=collectives, quota_individuals=individuals)


def test_quota_approves_the_best_ranked_and_fails_are_never_approved():
    council = council_session(members=9, individuals=4, round=_round(individuals=2), voting=True)
    votes = [7, 9, 5, 3]  # the 4th fails (needs 5)
    for item, fors in zip(council.items, votes, strict=True):
        _vote(item, council.members, fors=fors, against=9 - fors)
    council = _close(council)
    assert council.session.state == SessionState.CLOSED
    assert [(i.passed, i.rank, i.approved) for i in council.items] == [
        (True, 2, True),
        (True, 1, True),
        (True, 3, False),
        (False, None, False),
    ]
    assert tally.pending_ties(council.session) == []


def test_quotas_count_per_subject_type():
    council = council_session(
        members=5, collectives=2, individuals=2, round=_round(collectives=1, individuals=5), voting=True
    )
    for item, fors in zip(council.items, [5, 4, 3, 4], strict=True):
        _vote(item, council.members, fors=fors, against=5 - fors)
    council = _close(council)
    kinds = [(i.nomination.subject_type, i.rank, i.approved) for i in council.items]
    assert kinds == [
        ("collective", 1, True),
        ("collective", 2, False),
        ("individual", 2, True),
        ("individual", 1, True),
    ]


def test_no_quota_approves_every_pass():
    council = council_session(members=3, individuals=3, round=_round(individuals=None), voting=True)
    for item in council.items:
        _vote(item, council.members, fors=2, against=1)
    assert [i.approved for i in _close(council).items] == [True, True, True]


def test_a_tie_inside_the_quota_is_no_tie():
    council = council_session(members=9, individuals=3, round=_round(individuals=2), voting=True)
    for item, fors in zip(council.items, [6, 6, 5], strict=True):
        _vote(item, council.members, fors=fors, against=9 - fors)
    council = _close(council)
    assert [(i.rank, i.approved) for i in council.items] == [(1, True), (1, True), (3, False)]
    assert tally.pending_ties(council.session) == []


def _tied_council():
    council = council_session(members=9, individuals=4, round=_round(individuals=2), voting=True)
    for item, fors in zip(council.items, [8, 6, 6, 6], strict=True):
        _vote(item, council.members, fors=fors, against=9 - fors)
    return _close(council)


def test_a_tie_at_the_boundary_waits_for_the_chair():
    council = _tied_council()
    assert [(i.rank, i.approved) for i in council.items] == [(1, True), (2, None), (2, None), (2, None)]
    assert [i.pk for i in tally.pending_ties(council.session)] == [i.pk for i in council.items[1:]]
    with pytest.raises(CouncilError) as error:
        tally.finalise_session(council.session, actor=council.secretary)
    assert str(error.value) == (
        "The chair has not yet decided the tie in “Phiên họp xét khen thưởng”; the result cannot be final."
    )
    assert council.refresh().session.state == SessionState.CLOSED


def test_only_the_chair_decides_a_tie_with_a_reason_and_the_right_number():
    council = _tied_council()
    tied = council.items[1:]
    cases = [
        (council.members[1].user, [tied[0]], "Thành tích nổi bật hơn", "Only the chair of the council term"),
        (UserFactory(), [tied[0]], "Thành tích nổi bật hơn", "Only the chair of the council term"),
        (council.chair.user, [tied[0]], "  ", "Give the reason for the chair's decision on the tie."),
        (council.chair.user, tied[:2], "Lý do", "Choose exactly 1 of the tied items (individual)"),
        (council.chair.user, [council.items[0]], "Lý do", "Choose only among the tied items."),
    ]
    for actor, approved, reason, message in cases:
        with pytest.raises(CouncilError) as error:
            tally.decide_tie(council.session, actor=actor, approved=approved, reason=reason)
        assert str(error.value).startswith(message)
    assert len(tally.pending_ties(council.session)) == 3


def test_the_chairs_decision_then_finalise_freezes_the_result():
    council = _tied_council()
    tied = council.items[1:]
    tally.decide_tie(
        council.session, actor=council.chair.user, approved=[tied[2]], reason="Có sáng kiến cấp thành phố"
    )
    council.refresh()
    assert [i.approved for i in council.items] == [True, False, False, True]
    assert [i.tie_reason for i in council.items] == [""] + ["Có sáng kiến cấp thành phố"] * 3
    final = tally.finalise_session(council.session, actor=council.secretary)
    assert final.state == SessionState.FINAL
    assert final.finalised_at is not None
    moves = list(
        SessionTransition.objects.filter(session=council.session).values_list("from_state", "to_state")
    )
    assert moves == [("draft", "open"), ("open", "closed"), ("closed", "final")]
    frozen = list(AgendaItem.objects.filter(session=council.session).values())
    refusals = [
        lambda: tally.decide_tie(
            council.session, actor=council.chair.user, approved=[tied[0]], reason="Đổi ý"
        ),
        lambda: tally.finalise_session(council.session, actor=council.secretary),
        lambda: voting.close_voting(council.session, actor=council.secretary),
        lambda: voting.open_voting(council.session, actor=council.secretary),
        lambda: voting.record_written_opinions(council.items[0], actor=council.secretary, for_=0),
        lambda: voting.cast_ballot(council.items[0], user=council.members[0].user, choice="for"),
        lambda: sessions.record_attendance(council.session, actor=council.secretary, statuses={}),
        lambda: sessions.declare_conflict(council.items[0], member=council.members[0], reason="x"),
    ]
    for refused in refusals:
        with pytest.raises(CouncilError):
            refused()
    assert list(AgendaItem.objects.filter(session=council.session).values()) == frozen
    assert [i.state for i in council.items] == [ItemState.CLOSED] * 4


def test_result_rows_carry_every_figure():
    council = council_session(members=9, present=7, written=1, voting=True)
    item = council.items[0]
    _vote(item, council.members[:7], fors=4, against=2, abstain=1)
    voting.record_written_opinions(item, actor=council.secretary, for_=1)
    _close(council)
    (row,) = tally.result_rows(council.session)
    figures = (
        row.position,
        row.members_total,
        row.present,
        row.recused,
        row.ballots,
        row.votes_for,
        row.votes_against,
        row.votes_abstain,
        row.written,
        row.written_for,
        row.in_favour,
        row.percent_of_all,
        row.passed,
        row.rank,
        row.approved,
    )
    assert figures == (1, 9, 7, 0, 7, 4, 2, 1, 1, 1, 5, 55.6, True, 1, True)


def test_an_item_closed_early_publishes_nothing_until_the_box_is_counted():
    council = council_session(members=3, individuals=2, voting=True)
    _vote(council.items[0], council.members, fors=3)
    voting.close_voting(council.session, actor=council.secretary, items=[council.items[0]])
    first = AgendaItem.objects.get(pk=council.items[0].pk)
    assert (first.state, first.passed, first.ballots, first.votes_for) == (ItemState.CLOSED, None, None, 0)
    assert tally.result_rows(council.session) == []
    voting.close_voting(council.session, actor=council.secretary)
    assert tally.result_rows(council.session) == []
    council.count()
    assert [(row.position, row.votes_for, row.passed) for row in tally.result_rows(council.session)] == [
        (1, 3, True),
        (2, 0, False),
    ]
