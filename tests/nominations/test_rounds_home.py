"""Home panels of rounds: a unit sees open rounds with their deadline, the office its moves."""

import datetime

import pytest
from django.urls import reverse

from nominations.models import RoundState
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_unit_home_shows_open_round_and_returned_count(client_for, unit_staff, own_unit):
    round = RoundFactory(submit_by=TODAY, review_by=None, council_on=None, title="Đợt A")
    NominationFactory(proposal=ProposalFactory(round=round, unit=own_unit), state="returned")
    page = client_for(unit_staff).get(reverse("home")).content.decode()
    assert f"Đợt A: accepting proposals until the end of {TODAY:%d/%m/%Y}" in page
    assert "Nominations returned for revision" in page


def test_office_home_shows_rounds_to_move(client_for, vhxh_officer):
    RoundFactory(state=RoundState.CLOSED, title="Đợt đã đóng")
    page = client_for(vhxh_officer).get(reverse("home")).content.decode()
    assert "Closed, review not started: Đợt đã đóng" in page
