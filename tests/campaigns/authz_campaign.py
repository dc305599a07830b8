"""Authorization rows for campaigns, their years, indicators and targets."""

from tests.authz import LISTS, NOT_FOUND, OFFICE, with_changes
from tests.factories.campaigns import CampaignFactory, IndicatorFactory


def _campaign(world=None):
    return CampaignFactory(code="cchc-2026-2030")


def _indicator(world):
    indicator = IndicatorFactory(campaign=_campaign())
    indicator.reporting_units.add(world["own_unit"])
    return indicator


MATRIX = {
    "campaigns:campaign_list": [("", None, LISTS)],
    "campaigns:campaign_create": [("", None, OFFICE)],
    "campaigns:campaign_detail": [("", lambda f: {"pk": _campaign(f).pk}, LISTS)],
    "campaigns:campaign_edit": [("", lambda f: {"pk": _campaign(f).pk}, OFFICE)],
    "campaigns:campaign_year_edit": [
        ("a year of it", lambda f: {"pk": _campaign(f).pk, "year": 2026}, OFFICE),
        (
            "the baseline year",
            lambda f: {"pk": _campaign(f).pk, "year": 2025},
            with_changes(OFFICE, vhxh_officer=NOT_FOUND, administrator=NOT_FOUND),
        ),
    ],
    "campaigns:indicator_create": [("", lambda f: {"pk": _campaign(f).pk}, OFFICE)],
    "campaigns:indicator_detail": [("", lambda f: {"pk": _indicator(f).pk}, LISTS)],
    "campaigns:indicator_edit": [("", lambda f: {"pk": _indicator(f).pk}, OFFICE)],
    "campaigns:indicator_targets": [("", lambda f: {"pk": _indicator(f).pk}, OFFICE)],
}
