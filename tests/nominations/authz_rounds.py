"""Authorization rows of the rounds' screens (see tests/test_authorization.py)."""

import datetime

from tests.authz import LISTS, LOGIN, NOT_ALLOWED, NOT_FOUND, OFFICE, with_changes
from tests.factories.nominations import RoundFactory


def _round(f, **kwargs):
    today = datetime.date.today()
    return {"pk": RoundFactory(submit_by=today, review_by=None, council_on=None, **kwargs).pk}


MATRIX = {
    "nominations:round_list": [("", None, LISTS)],
    "nominations:round_detail": [
        ("open", _round, LISTS),
        # Units do not see rounds still being prepared.
        (
            "draft",
            lambda f: _round(f, state="draft"),
            with_changes(LISTS, unit_staff=NOT_FOUND, unit_head=NOT_FOUND, other_staff=NOT_FOUND),
        ),
    ],
    "nominations:round_create": [("", None, OFFICE)],
    "nominations:round_edit": [("open", _round, OFFICE)],
    "nominations:round_move": [
        (
            "GET",
            _round,
            with_changes(OFFICE, vhxh_officer=NOT_ALLOWED, administrator=NOT_ALLOWED, anonymous=LOGIN),
        )
    ],
}
