"""The council session page links the round's Excel list and the office's letter."""

import pytest
from django.urls import reverse

from tests.factories.council import council_session

pytestmark = pytest.mark.django_db


def test_session_page_links_the_round_documents(client_for, vhxh_officer, council_member):
    session = council_session(members=2).session
    html = client_for(vhxh_officer).get(session.get_absolute_url()).content.decode()
    assert reverse("nominations:round_list_xlsx", args=[session.round_id]) in html
    assert reverse("nominations:round_office_letter_pdf", args=[session.round_id]) in html
