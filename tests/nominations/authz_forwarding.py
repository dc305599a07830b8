"""Authorization rows of the package forwarded to the city (see tests/test_authorization.py):
the office only."""

from nominations.models import NominationState
from tests.authz import OFFICE
from tests.factories.nominations import AwardFormFactory, NominationFactory, ProposalFactory, RoundFactory


def _city_round(world):
    city = AwardFormFactory(city=True)
    round_ = RoundFactory(award_forms=[city])
    NominationFactory(
        proposal=ProposalFactory(round=round_, unit=world["own_unit"]),
        award_form=city,
        state=NominationState.ACCEPTED,
    )
    return {"pk": round_.pk}


MATRIX = {
    "nominations:forwarding_package": [
        ("city nomination", _city_round, OFFICE),
        ("nothing to forward", lambda f: {"pk": RoundFactory().pk}, OFFICE),
    ],
}
