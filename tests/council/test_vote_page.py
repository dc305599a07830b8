"""The member's voting page: cards, the confirmation before a ballot counts, the states
afterwards (voted, recused, closed) and a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.crypto import short_fingerprint
from council.models import ItemState, VoterMark
from council.services import voting
from tests.factories.council import box_counts, council_session

pytestmark = pytest.mark.django_db


def _card(html: str, item) -> str:
    start = html.index(f'id="item-{item.pk}"')
    end = html.find("</article>", start)
    return html[start:end]


@pytest.fixture
def council():
    return council_session(members=3, individuals=2, voting=True)


@pytest.fixture
def member(council):
    return council.members[1]


def test_open_items_offer_three_buttons_and_the_report(client_for, council, member):
    html = (
        client_for(member.user)
        .get(reverse("council:session_vote", args=[council.session.pk]))
        .content.decode()
    )
    assert "2 items wait for your vote." in html
    for item in council.items:
        card = _card(html, item)
        assert item.nomination.subject_name in card
        assert str(item.nomination.proposal.unit) in card
        assert reverse("nominations:nomination_report_pdf", args=[item.nomination.pk]) in card
        assert list(re.findall(r'name="choice" value="(\w+)"', card)) == ["for", "against", "abstain"]
        assert "In favour" in card
        assert "Against" in card
        assert "Abstain" in card
        assert "Eligibility checks" in card


def test_choice_is_confirmed_before_it_counts(client_for, council, member):
    client, item = client_for(member.user), council.items[0]
    url = reverse("council:item_vote", args=[item.pk])
    response = client.post(url, {"choice": "against"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Confirm your vote" in html
    assert re.search(r'id="chosen">Your vote: <strong[^>]*>Against</strong>', html)
    assert 'name="confirm" value="1"' in html
    assert box_counts(item) == (0, 0, 0)
    assert not VoterMark.objects.filter(item=item).exists()

    response = client.post(url, {"choice": "against", "confirm": "1"})
    assert box_counts(item) == (0, 1, 0)
    assert VoterMark.objects.filter(item=item, member=member).count() == 1
    html = response.content.decode()
    receipt = short_fingerprint(item.encrypted_ballots.get().fingerprint)
    assert f"Your vote on {item.nomination.subject_name} was cast in the sealed ballot box." in html
    assert f'id="receipt">{receipt}<' in html
    assert "Against" not in html
    html = client.get(reverse("council:session_vote", args=[council.session.pk])).content.decode()
    card = _card(html, item)
    assert "You have voted." in card
    assert 'name="choice"' not in card
    assert "Against" not in card  # the choice is never shown again
    assert "1 item waits for your vote." in html


def test_second_ballot_is_refused_and_changes_nothing(client_for, council, member):
    client, item = client_for(member.user), council.items[0]
    url = reverse("council:item_vote", args=[item.pk])
    client.post(url, {"choice": "for", "confirm": "1"})
    response = client.post(url, {"choice": "against", "confirm": "1"}, follow=True)
    assert box_counts(item)[:2] == (1, 0)
    assert response.content.decode().count("alert-danger") == 1


def test_get_never_casts_a_ballot(client_for, council, member):
    item = council.items[0]
    response = client_for(member.user).get(
        reverse("council:item_vote", args=[item.pk]) + "?choice=for&confirm=1"
    )
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("council:session_vote", args=[council.session.pk]) + f"#item-{item.pk}"
    )
    assert not VoterMark.objects.exists()


def test_invalid_choice_is_refused(client_for, council, member):
    item = council.items[0]
    response = client_for(member.user).post(
        reverse("council:item_vote", args=[item.pk]), {"choice": "yes", "confirm": "1"}, follow=True
    )
    assert "Choose In favour, Against or Abstain." in response.content.decode()
    assert not VoterMark.objects.exists()


def test_declared_conflict_shows_recused(client_for, council, member):
    client, item = client_for(member.user), council.items[0]
    response = client.post(
        reverse("council:item_conflict", args=[item.pk]), {"reason": "Người thân của tôi"}, follow=True
    )
    card = _card(response.content.decode(), item)
    assert "Recused: you do not vote on this item." in card
    assert "Người thân của tôi" in card
    assert 'name="choice"' not in card


def test_closed_item_shows_voting_closed(client_for, council, member):
    item = council.items[0]
    voting.close_voting(council.session, actor=council.secretary, items=[item])
    html = (
        client_for(member.user)
        .get(reverse("council:session_vote", args=[council.session.pk]))
        .content.decode()
    )
    card = _card(html, item)
    assert "Voting closed." in card
    assert 'name="choice"' not in card
    assert 'name="choice"' in _card(html, council.items[1])


def test_absent_member_cannot_vote_online(client_for):
    council = council_session(members=3, present=2, voting=True)
    html = (
        client_for(council.members[2].user)
        .get(reverse("council:session_vote", args=[council.session.pk]))
        .content.decode()
    )
    assert 'id="not-present"' in html
    assert 'name="choice"' not in html


def test_pending_items_wait_for_the_secretary(client_for):
    council = council_session(members=3, voting=False)
    html = (
        client_for(council.members[1].user)
        .get(reverse("council:session_vote", args=[council.session.pk]))
        .content.decode()
    )
    assert "Voting on this item has not opened yet." in html
    assert all(item.state == ItemState.PENDING for item in council.items)


def test_expired_voting_closes_when_the_page_is_read(client_for, council, member):
    council.session.items.update(voting_ends_at="2000-01-01T00:00:00Z")
    html = (
        client_for(member.user)
        .get(reverse("council:session_vote", args=[council.session.pk]))
        .content.decode()
    )
    assert 'name="choice"' not in html
    assert set(council.session.items.values_list("state", flat=True)) == {ItemState.CLOSED}


def test_page_fits_a_phone(client_for, council, member):
    html = (
        client_for(member.user)
        .get(reverse("council:session_vote", args=[council.session.pk]))
        .content.decode()
    )
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "min-height: 48px" in html
    assert "btn-vote" in html
    assert "<table" not in html  # cards only: nothing wider than the screen


def _queries(client_for, url_name: str, n: int) -> int:
    council = council_session(members=3, individuals=n, collectives=n, voting=True)
    client = client_for(council.members[1].user)
    url = reverse(url_name, args=[council.session.pk])
    client.get(url)  # the session and per-request caches warmed
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_items(client_for):
    one, ten = (
        _queries(client_for, "council:session_vote", 1),
        _queries(client_for, "council:session_vote", 10),
    )
    assert one == ten
    assert one <= 40
