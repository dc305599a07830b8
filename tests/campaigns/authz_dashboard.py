"""Authorization rows for the movement's dashboard."""

from tests.authz import LISTS, NOT_FOUND, with_changes
from tests.factories.campaigns import CampaignFactory


def _campaign(world=None):
    return CampaignFactory(code="cchc-2026-2030")


def _current(world):
    _campaign(world)
    return None  # the dashboard's own URL takes no argument


# The export answers as the page does: whoever may read the dashboard gets its figures.
_UNKNOWN = with_changes(
    LISTS,
    unit_staff=NOT_FOUND,
    unit_head=NOT_FOUND,
    other_staff=NOT_FOUND,
    vhxh_officer=NOT_FOUND,
    chairman=NOT_FOUND,
    administrator=NOT_FOUND,
)

MATRIX = {
    # The office and the chairman see the commune, a unit's people their own figures; the
    # council members hold no unit role and no office role.
    "campaigns:dashboard": [
        ("no campaign yet", None, LISTS),
        ("current campaign", _current, LISTS),
    ],
    "campaigns:dashboard_campaign": [
        ("", lambda f: {"pk": _campaign(f).pk}, LISTS),
        (
            "unknown campaign",
            lambda f: {"pk": 999999},
            with_changes(
                LISTS,
                unit_staff=NOT_FOUND,
                unit_head=NOT_FOUND,
                other_staff=NOT_FOUND,
                vhxh_officer=NOT_FOUND,
                chairman=NOT_FOUND,
                administrator=NOT_FOUND,
            ),
        ),
    ],
    "campaigns:dashboard_export": [
        ("no campaign yet", None, _UNKNOWN),
        ("current campaign", _current, LISTS),
    ],
    "campaigns:dashboard_campaign_export": [
        ("", lambda f: {"pk": _campaign(f).pk}, LISTS),
        ("unknown campaign", lambda f: {"pk": 999999}, _UNKNOWN),
    ],
}
