"""Authorization rows for the award registry: everyone with a role reads it, the office and
the chairman export it, and the honour board is public."""

from tests.authz import EVERYONE, SEES_ALL, SIGNED_IN
from tests.factories.decisions import ImportedAwardFactory


def _award(world):
    return {"pk": ImportedAwardFactory(cadre=world["other_cadre"]).pk}


def _awards(world):
    ImportedAwardFactory(cadre=world["own_cadre"])
    ImportedAwardFactory(cadre=world["other_cadre"], decision_number="12/QĐ-UBND")
    return {}


MATRIX = {
    "awards:award_list": [("empty", None, SIGNED_IN), ("two awards", _awards, SIGNED_IN)],
    "awards:award_detail": [("another unit's person", _award, SIGNED_IN)],
    "awards:award_export": [("two awards", _awards, SEES_ALL)],
    "awards:honour_board": [("empty", None, EVERYONE), ("two awards", _awards, EVERYONE)],
}
