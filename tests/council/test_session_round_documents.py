"""The council session page links the round's Excel list and the office's letter; a round
move's confirmation says when no council session is prepared or final."""

import pytest
from django.urls import reverse

from nominations.models import RoundState
from nominations.services import rounds
from tests.factories.council import council_session
from tests.factories.nominations import RoundFactory

pytestmark = pytest.mark.django_db


def test_session_page_links_the_round_documents(client_for, vhxh_officer, council_member):
    session = council_session(members=2).session
    html = client_for(vhxh_officer).get(session.get_absolute_url()).content.decode()
    assert reverse("nominations:round_list_xlsx", args=[session.round_id]) in html
    assert reverse("nominations:round_office_letter_pdf", args=[session.round_id]) in html


def test_round_moves_say_when_no_council_session_is_ready_or_final(vhxh_officer):
    bare = RoundFactory(state=RoundState.REVIEW)
    assert rounds.move_consequences(bare, RoundState.COUNCIL)[-1] == (
        "No council session is prepared for this round yet: create it on the council's pages."
    )
    session = council_session(members=2).session
    assert rounds.move_consequences(session.round, RoundState.DECIDED)[-1] == (
        "No council session of this round has a final result yet."
    )
