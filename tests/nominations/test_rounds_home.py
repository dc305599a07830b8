"""Home panels of rounds: a unit sees open rounds with their deadline and links to its
unfinished nominations, the office its moves and the review queue."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from nominations.models import RoundState
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
QUERIES_OF_THE_UNIT_HOME = 17  # measured (one is "holds a council seat?"); the same at 1 and at 12 rounds


def _links(client) -> dict[str, str]:
    """The home page's links, text to address."""
    page = client.get(reverse("home")).content.decode()
    return {
        html.unescape(text.strip()): html.unescape(href)
        for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', page)
    }


def _detail(nomination) -> str:
    return reverse("nominations:nomination_detail", args=[nomination.pk])


def test_unit_home_shows_open_round_and_returned_count(client_for, unit_staff, own_unit):
    round = RoundFactory(submit_by=TODAY, review_by=None, council_on=None, title="Đợt A")
    NominationFactory(proposal=ProposalFactory(round=round, unit=own_unit), state="returned")
    page = client_for(unit_staff).get(reverse("home")).content.decode()
    assert f"Đợt A: accepting proposals until the end of {TODAY:%d/%m/%Y}" in page
    assert "Nominations returned for revision" in page


def test_unit_home_links_a_lone_returned_nomination_and_a_proposal_of_drafts(
    client_for, unit_staff, own_unit
):
    proposal = ProposalFactory(round=RoundFactory(), unit=own_unit)
    returned = NominationFactory(proposal=proposal, state="returned")
    NominationFactory(proposal=proposal)
    NominationFactory(proposal=proposal)
    NominationFactory(proposal=ProposalFactory(round=proposal.round), state="returned")  # another unit's
    links = _links(client_for(unit_staff))
    assert links["Nominations returned for revision"] == _detail(returned)
    assert links["Nominations still in draft"] == reverse("nominations:proposal_detail", args=[proposal.pk])


def test_unit_home_lists_drafts_of_several_rounds_by_round(client_for, unit_staff, own_unit):
    first = ProposalFactory(round=RoundFactory(title="Đợt A"), unit=own_unit)
    second = ProposalFactory(round=RoundFactory(title="Đợt B", kind="adhoc", campaign=None), unit=own_unit)
    NominationFactory(proposal=first)
    NominationFactory(proposal=second)
    links = _links(client_for(unit_staff))
    assert links["Nominations still in draft: Đợt A"] == reverse(
        "nominations:proposal_detail", args=[first.pk]
    )
    assert links["Nominations still in draft: Đợt B"] == reverse(
        "nominations:proposal_detail", args=[second.pk]
    )
    assert "Nominations still in draft" not in links
    assert links["Nominations returned for revision"] == reverse("nominations:round_list")


@pytest.mark.parametrize("count", [1, 12])
def test_unit_home_panel_queries(client_for, unit_staff, own_unit, django_assert_max_num_queries, count):
    for number in range(count):
        proposal = ProposalFactory(round=RoundFactory(title=f"Đợt {number}", adhoc=True), unit=own_unit)
        NominationFactory(proposal=proposal, state="returned")
    client = client_for(unit_staff)
    with django_assert_max_num_queries(QUERIES_OF_THE_UNIT_HOME):
        links = _links(client)
    assert len([text for text in links if text.startswith("Nominations returned for revision")]) == count


def test_office_home_shows_rounds_to_move(client_for, vhxh_officer):
    RoundFactory(state=RoundState.CLOSED, title="Đợt đã đóng")
    page = client_for(vhxh_officer).get(reverse("home")).content.decode()
    assert "Closed, review not started: Đợt đã đóng" in page


def test_office_home_links_the_waiting_nominations_to_the_filtered_queue(client_for, vhxh_officer):
    NominationFactory(submitted=True)
    links = _links(client_for(vhxh_officer))
    assert links["Nominations waiting for review"] == reverse("nominations:review_queue") + "?state=submitted"
