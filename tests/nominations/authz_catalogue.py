"""Authorization rows for the catalogue of titles: everyone working in the commune reads it,
the office edits an entry."""

from nominations.services import titles
from tests.authz import LISTS, OFFICE


def _entry(world):
    return {"pk": titles.ensure_catalogue(world["own_unit"].commune)[0].pk}


MATRIX = {
    "nominations:catalogue": [("", None, LISTS)],
    "nominations:catalogue_edit": [("", _entry, OFFICE)],
}
