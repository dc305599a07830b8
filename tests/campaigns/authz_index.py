"""Authorization rows for PAR INDEX / SIPAS components."""

from decimal import Decimal

from tests.authz import LISTS, OFFICE
from tests.factories.campaigns import IndexComponentFactory


def _component(world):
    component = IndexComponentFactory(year=2026, code="3.2", score=Decimal("1.25"))
    component.units.add(world["own_unit"])
    return component


def _two_years(world):
    IndexComponentFactory(year=2025, code="3.2", score=Decimal("1.50"))
    _component(world)
    return {}


MATRIX = {
    "campaigns:index_list": [("no component", None, LISTS), ("two years", _two_years, LISTS)],
    "campaigns:index_create": [("", None, OFFICE)],
    "campaigns:index_copy": [("", None, OFFICE)],
    "campaigns:index_edit": [("", lambda f: {"pk": _component(f).pk}, OFFICE)],
    "campaigns:index_units": [("", lambda f: {"pk": _component(f).pk}, OFFICE)],
    "campaigns:index_scores": [("", lambda f: {"year": _component(f).year}, OFFICE)],
    "campaigns:index_unit": [
        ("own", lambda f: {"pk": _component(f).units.get().pk, "year": 2026}, LISTS),
        ("other", lambda f: {"pk": f["other_unit"].pk, "year": 2026}, LISTS),
    ],
}
