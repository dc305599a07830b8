"""Authorization rows of the rounds' screens (see tests/test_authorization.py)."""

import datetime

from tests.authz import LISTS, LOGIN, NOT_ALLOWED, NOT_FOUND, OFFICE, with_changes
from tests.factories.nominations import RoundFactory


def _round(f, **kwargs):
    today = datetime.date.today()
    return {"pk": RoundFactory(submit_by=today, review_by=None, council_on=None, **kwargs).pk}


MATRIX = {
    # The year-end sheet: a unit sees its own sheet, the office and the chairman the units'
    # summary; a campaign round has none.
    "nominations:year_end_sheet": [
        ("year-end review", lambda f: _round(f, year_end=True), LISTS),
        (
            "campaign round",
            _round,
            with_changes(
                LISTS,
                unit_staff=NOT_FOUND,
                unit_head=NOT_FOUND,
                other_staff=NOT_FOUND,
                vhxh_officer=NOT_FOUND,
                council_member=NOT_FOUND,
                council_secretary=NOT_FOUND,
                chairman=NOT_FOUND,
                administrator=NOT_FOUND,
            ),
        ),
    ],
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
