"""The council on a year-end review: the agenda holds only the titles the council votes on,
each with its title's pass rule (CSTĐCS: at least 80 % of all members, written opinions of
absent members counted), and a member approves the whole list with a few exceptions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from council import documents
from council.models import AgendaItem, Ballot, VoterMark
from council.services import CouncilError, sessions, tally, voting, voting_list
from nominations import catalogue
from nominations.models import RoundState, Title
from nominations.services import titles
from tests.factories import CadreFactory, UnitFactory, UserFactory
from tests.factories.council import box_counts, council_session
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _year_end(*, people: int = 1, collectives: int = 1):
    """A year-end review with the council: in one unit, each person proposed for LĐTT and
    CSTĐCS (accepted), and the unit for TTLĐTT; plus a CSTĐCS still submitted (not accepted)."""
    round_ = RoundFactory(year_end=True, state=RoundState.COUNCIL)
    forms = titles.ensure_award_forms()
    for _ in range(collectives):
        unit = UnitFactory()
        proposal = ProposalFactory(round=round_, unit=unit)
        NominationFactory(
            proposal=proposal, collective=True, award_form=forms[catalogue.TTLDTT], accepted=True
        )
    unit = UnitFactory(name="Trường Tiểu học Thượng Phúc")
    proposal = ProposalFactory(round=round_, unit=unit)
    for index in range(people):
        cadre = CadreFactory(unit=unit, full_name=f"Giáo viên {index + 1:03d}")
        for code in (catalogue.LDTT, catalogue.CSTDCS):
            NominationFactory(proposal=proposal, subject_cadre=cadre, award_form=forms[code], accepted=True)
    NominationFactory(proposal=proposal, award_form=forms[catalogue.CSTDCS], submitted=True)
    return round_


def _council(round_, **kwargs):
    return council_session(round=round_, individuals=0, **kwargs)


def test_year_end_agenda_holds_only_council_titles_with_their_rule():
    council = _council(_year_end(people=2), opened=False)
    rows = [
        (
            item.position,
            item.nomination.award_form.code,
            item.nomination.state,
            item.pass_share,
            item.pass_of_all,
        )
        for item in AgendaItem.objects.filter(session=council.session).select_related(
            "nomination__award_form"
        )
    ]
    assert rows == [
        (1, catalogue.TTLDTT, "accepted", None, False),
        (2, catalogue.CSTDCS, "accepted", Decimal("0.800"), True),
        (3, catalogue.CSTDCS, "accepted", Decimal("0.800"), True),
    ]


def test_refreshed_agenda_takes_the_catalogues_corrected_rule_until_the_session_opens():
    round_ = _year_end(people=1, collectives=0)
    council = _council(round_, opened=False)
    title = Title.objects.get(commune=round_.commune, award_form__code=catalogue.CSTDCS)
    title.council_share = Decimal("0.90")
    title.save()
    sessions.refresh_agenda(council.session, actor=council.secretary)
    (item,) = council.refresh().items
    assert (item.pass_share, item.pass_of_all) == (Decimal("0.900"), True)
    sessions.open_session(council.session, actor=council.secretary)
    title.council_share = Decimal("0.50")
    title.save()
    item.refresh_from_db()
    assert item.pass_share == Decimal("0.900")


def test_session_page_shows_each_items_own_rule(client_for, council_secretary):
    council = _council(_year_end(people=1), members=3, opened=False)
    html = client_for(council_secretary).get(council.session.get_absolute_url()).content.decode()
    ttldtt, cstdcs = council.items
    assert html.count('class="d-block small text-muted item-rule"') == 1
    row = html[html.index(f'id="item-{cstdcs.pk}"') :]
    assert "passes with at least 80 % of all members" in row[: row.index("</tr>")]


def test_campaign_round_items_keep_the_sessions_rule():
    council = council_session(individuals=2, opened=False)
    assert [(item.pass_share, item.pass_of_all) for item in council.items] == [(None, False), (None, False)]


def test_year_end_without_council_titles_is_refused():
    round_ = RoundFactory(year_end=True, state=RoundState.COUNCIL)
    forms = titles.ensure_award_forms()
    NominationFactory(proposal=ProposalFactory(round=round_), award_form=forms[catalogue.LDTT], accepted=True)
    with pytest.raises(CouncilError) as error:
        _council(round_)
    assert str(error.value) == (
        f"The year-end review “{round_}” has no accepted nomination for a title the council votes on."
    )


def _cstdcs(council):
    return next(item for item in council.items if item.pass_share is not None)


def _vote_eighty(settings, *, written_for: int):
    # 9 members: 8 present, 1 absent with a written opinion; 7 in favour in the session.
    settings.COUNCIL_WRITTEN_OPINIONS_COUNT = False  # the title's rule counts them all the same
    council = _council(_year_end(collectives=0), members=9, present=8, written=1, voting=True)
    item = _cstdcs(council)
    for seat, choice in zip(council.members[:8], ["for"] * 7 + ["against"], strict=True):
        voting.cast_ballot(item, user=seat.user, choice=choice)
    voting.record_written_opinions(item, actor=council.secretary, for_=written_for, against=1 - written_for)
    voting.close_voting(council.session, actor=council.secretary)
    council.count()
    (row,) = tally.result_rows(council.session)
    return row


def test_eighty_percent_of_all_members_seven_of_nine_fails(settings):
    row = _vote_eighty(settings, written_for=0)
    assert (row.members_total, row.base, row.votes_needed, row.in_favour, row.percent_of_all, row.passed) == (
        9,
        9,
        8,
        7,
        77.8,
        False,
    )


def test_eighty_percent_of_all_members_with_a_written_opinion_passes(settings):
    row = _vote_eighty(settings, written_for=1)
    assert (row.base, row.votes_needed, row.written_for, row.in_favour, row.percent_of_all, row.passed) == (
        9,
        8,
        1,
        8,
        88.9,
        True,
    )


def test_minutes_state_the_titles_rule_and_the_items_figures(settings):
    row = _vote_eighty(settings, written_for=1)
    doc = documents.minutes_document(row.item.session)
    name = row.item.nomination.award_form.name
    assert doc.pass_rule.endswith(
        f"Đối với danh hiệu “{name}”: được đề nghị khi có số phiếu đồng ý từ 80% trở lên tổng số thành "
        "viên Hội đồng, kể cả ý kiến bằng văn bản của thành viên vắng mặt."
    )
    (figures,) = doc.items
    assert (figures.in_favour, figures.needed, figures.base, figures.passed) == (8, 8, 9, True)


def test_cast_list_approves_all_but_the_exceptions():
    council = _council(_year_end(people=3, collectives=0), members=3, voting=True)
    first, second, third = council.items
    receipts = voting_list.cast_list(
        council.session, user=council.members[1].user, exceptions={second.pk: "against", third.pk: "abstain"}
    )
    assert sorted(receipts) == [first.pk, second.pk, third.pk]
    assert all(len(receipt) == 64 for receipt in receipts.values())
    assert [box_counts(item) for item in (first, second, third)] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    assert VoterMark.objects.filter(member=council.members[1]).count() == 3


@pytest.mark.parametrize("people", [3, 30])
def test_cast_list_in_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    council = _council(_year_end(people=people, collectives=0), members=3, voting=True)
    exceptions = {council.items[0].pk: "against"}
    with django_assert_max_num_queries(13):
        voting_list.cast_list(council.session, user=council.members[0].user, exceptions=exceptions)
    assert Ballot.objects.filter(item__session=council.session).count() == people


def _nothing_cast(council, user, **kwargs) -> str:
    before = (VoterMark.objects.count(), Ballot.objects.count())
    with pytest.raises(CouncilError) as error:
        voting_list.cast_list(council.session, user=user, **kwargs)
    assert (VoterMark.objects.count(), Ballot.objects.count()) == before
    return str(error.value)


def test_cast_list_after_closing_is_refused_and_nothing_counted():
    council = _council(_year_end(people=2, collectives=0), members=3, voting=True)
    voting.close_voting(council.session, actor=council.secretary)
    council.session.refresh_from_db()
    message = _nothing_cast(council, council.members[0].user)
    assert message == f"The session “{council.session}” is “Voting closed”: voting is not possible now."
    council.count()
    assert [row.ballots for row in tally.result_rows(council.session)] == [0, 0]


def test_cast_list_when_already_voted_on_one_item_is_refused_as_a_whole():
    council = _council(_year_end(people=3, collectives=0), members=3, voting=True)
    seat, second = council.members[2], council.items[1]
    voting.cast_ballot(second, user=seat.user, choice="for")
    items = [item.pk for item in council.items]
    message = _nothing_cast(council, seat.user, items=items)
    assert message == (
        f"You have already voted on item 2 ({second.nomination.subject_name}); a cast ballot is final. "
        "Nothing of the list was cast."
    )
    assert [box_counts(item) for item in council.items] == [(0, 0, 0), (1, 0, 0), (0, 0, 0)]


def test_cast_list_refuses_a_non_member_an_absent_member_and_a_bad_choice():
    council = _council(_year_end(people=2, collectives=0), members=4, present=3, voting=True)
    assert _nothing_cast(council, UserFactory()) == (
        f"You do not serve in the council of the session “{council.session}”."
    )
    assert _nothing_cast(council, council.members[3].user) == (
        f"You are not recorded present at the session “{council.session}”; you cannot vote."
    )
    first = council.items[0]
    assert _nothing_cast(council, council.members[0].user, exceptions={first.pk: "maybe"}) == (
        "Choose for, against or abstain."
    )


# --------------------------------------------------------------------------- the page


def test_list_page_lists_open_items_defaulting_to_in_favour(client_for):
    council = _council(_year_end(people=2), members=3, voting=True)
    html = client_for(council.members[1].user).get(reverse("council:vote_list", args=[council.session.pk]))
    html = html.content.decode()
    assert "3 items wait for your vote." in html
    for item in council.items:
        row = html[html.index(f'id="row-{item.pk}"') :]
        row = row[: row.index("</li>")]
        assert item.nomination.subject_name in row
        assert f'name="choice-{item.pk}" id="id_choice-{item.pk}_0" value="for" checked' in row
        assert 'value="against"' in row
    vote_page = client_for(council.members[1].user).get(
        reverse("council:session_vote", args=[council.session.pk])
    )
    assert reverse("council:vote_list", args=[council.session.pk]) in vote_page.content.decode()


def test_list_page_posts_the_ballots_and_shows_the_items(client_for):
    council = _council(_year_end(people=2), members=3, voting=True)
    first, second, third = council.items
    data = {"item": [first.pk, second.pk, third.pk], "confirm": "1"}
    data |= {f"choice-{first.pk}": "for", f"choice-{second.pk}": "against", f"choice-{third.pk}": "for"}
    response = client_for(council.members[2].user).post(
        reverse("council:vote_list", args=[council.session.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your votes on 3 items were cast." in html
    for item in council.items:
        assert f'id="cast-{item.pk}"' in html
        assert item.nomination.subject_name in html
    assert "Against" not in html
    assert [box_counts(item) for item in council.items] == [(1, 0, 0), (0, 1, 0), (1, 0, 0)]


def test_list_page_without_confirmation_casts_nothing(client_for):
    council = _council(_year_end(people=1), members=3, voting=True)
    data = {"item": [item.pk for item in council.items]}
    data |= {f"choice-{item.pk}": "for" for item in council.items}
    client = client_for(council.members[0].user)
    response = client.post(reverse("council:vote_list", args=[council.session.pk]), data, follow=True)
    assert "Tick the confirmation before casting the list." in response.content.decode()
    assert VoterMark.objects.count() == 0


@pytest.mark.parametrize("people", [1, 20])
def test_list_page_query_count_does_not_grow(people, client_for, django_assert_max_num_queries):
    council = _council(_year_end(people=people, collectives=0), members=3, voting=True)
    client = client_for(council.members[0].user)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("council:vote_list", args=[council.session.pk]))
    assert response.content.decode().count('name="item"') == people
