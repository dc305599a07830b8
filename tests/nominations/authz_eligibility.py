"""Authorization rows for the discipline records kept by the office."""

from tests.authz import OFFICE
from tests.factories.nominations import DisciplineRecordFactory


def _record(world):
    return {"pk": DisciplineRecordFactory(cadre=world["other_cadre"]).pk}


def _two_records(world):
    DisciplineRecordFactory(cadre=world["own_cadre"])
    DisciplineRecordFactory(cadre=world["other_cadre"])
    return {}


MATRIX = {
    "nominations:discipline_list": [
        ("empty", None, OFFICE),
        ("records of two units", _two_records, OFFICE),
    ],
    "nominations:discipline_create": [("", None, OFFICE)],
    "nominations:discipline_edit": [("", _record, OFFICE)],
}
