"""One install for a whole city: a commune user's pages make as many queries with three
communes on the install as with one (the scoped managers filter in SQL; nothing loops over
communes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CadreFactory, CommuneFactory, UnitFactory
from tests.factories.decisions import ImportedAwardFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory
from thiduaportal import tenancy

PAGES = {
    "vhxh_officer": [
        reverse("home"),
        reverse("campaigns:dashboard"),
        reverse("nominations:review_queue"),
        reverse("units:cadre_list") + "?q=nguyen",
        reverse("awards:award_list") + "?q=nguyen",
    ],
    "unit_staff": [
        reverse("home"),
        reverse("campaigns:dashboard"),
        reverse("units:cadre_list") + "?q=nguyen",
    ],
}


def _populate(commune, units=None) -> None:
    """A commune's round with a submitted nomination per person, and an imported award."""
    with tenancy.within(commune):
        units = units or [UnitFactory(name=f"Phòng {n} {commune.pk}") for n in range(3)]
        round_ = RoundFactory()
        for n, unit in enumerate(units):
            proposal = ProposalFactory(round=round_, unit=unit)
            person = CadreFactory(unit=unit, full_name=f"Nguyễn Văn Số {n}")
            NominationFactory(proposal=proposal, subject_cadre=person, submitted=True)
        ImportedAwardFactory(recipient_name="Nguyễn Thị Hưởng")


def _counts(client, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        assert client.get(url).status_code == 200, url  # warm: session, caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts.append(len(captured.captured_queries))
    return counts


@pytest.mark.parametrize("persona", list(PAGES))
def test_query_counts_same_with_three_communes(persona, request, commune, own_unit, client_for):
    user = request.getfixturevalue(persona)
    _populate(commune, [own_unit])
    client = client_for(user)
    alone = _counts(client, PAGES[persona])
    for n in range(2):
        _populate(CommuneFactory(code=f"xa-khac-{n}", name=f"xã Khác {n}"))
    assert _counts(client, PAGES[persona]) == alone
