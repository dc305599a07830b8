"""The city administrator's pages in the authorization matrix: no persona of a commune (its
administrator included) opens them; tests/units/test_city.py covers the city administrator."""

from tests.authz import FORBIDDEN, LOGIN, row
from tests.factories import CommuneFactory

NOBODY = row(LOGIN, *[FORBIDDEN] * 8)

MATRIX = {
    "units:city_communes": [("", None, NOBODY)],
    "units:city_commune_create": [("", None, NOBODY)],
    "units:city_commune_archive": [
        ("another commune", lambda f: {"pk": CommuneFactory(name="xã Khác", code="xa-khac").pk}, NOBODY)
    ],
    "units:city_move_unit": [("", None, NOBODY)],
    "units:city_move_cadre": [("", None, NOBODY)],
}
