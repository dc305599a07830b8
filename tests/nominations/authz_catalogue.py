"""Authorization rows for the catalogue of titles: everyone working in the commune reads it,
the office edits an entry and adds or removes its criteria."""

from nominations.services import titles
from tests.authz import LISTS, NOT_ALLOWED, OFFICE, OK

# POST only: those who may remove are told GET is not allowed, the others refused.
OFFICE_POST = {role: NOT_ALLOWED if answer == OK else answer for role, answer in OFFICE.items()}


def _entry(world):
    return {"pk": titles.ensure_catalogue(world["own_unit"].commune)[0].pk}


def _criterion(world):
    return {**_entry(world), "code": "no_discipline"}


MATRIX = {
    "nominations:catalogue": [("", None, LISTS)],
    "nominations:catalogue_edit": [("", _entry, OFFICE)],
    "nominations:catalogue_criterion_add": [("", _entry, OFFICE)],
    "nominations:catalogue_criterion_remove": [("LĐTT's discipline", _criterion, OFFICE_POST)],
}
