"""Authorization rows for results: the overview and a unit's year grid."""

from tests.authz import LISTS, LOGIN, NOT_FOUND, OTHER_UNIT_CHANGE, OWN_UNIT_CHANGE, ROLES
from tests.factories.campaigns import CampaignFactory, IndicatorFactory, ResultFactory


def _campaign(world):
    campaign = CampaignFactory(code="cchc-2026-2030")
    if not campaign.indicators.exists():
        indicator = IndicatorFactory(campaign=campaign, code="dvc-truc-tuyen")
        indicator.reporting_units.add(world["own_unit"], world["other_unit"])
    return campaign


def _entry(unit_key, year=2025):
    return lambda f: {"campaign_pk": _campaign(f).pk, "year": year, "unit_pk": f[unit_key].pk}


def _results_of_two_units(world):
    indicator = _campaign(world).indicators.get()
    ResultFactory(indicator=indicator, unit=world["own_unit"], year=2025, period=1)
    ResultFactory(indicator=indicator, unit=world["other_unit"], year=2025, period=1)
    return {}


GONE = {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN}

MATRIX = {
    "campaigns:results_list": [
        ("no campaign", None, LISTS),
        ("results of two units", _results_of_two_units, LISTS),
    ],
    "campaigns:results_entry": [
        ("own unit, baseline year", _entry("own_unit"), OWN_UNIT_CHANGE),
        ("own unit, first year", _entry("own_unit", 2026), OWN_UNIT_CHANGE),
        ("other unit", _entry("other_unit"), OTHER_UNIT_CHANGE),
        ("before the baseline year", _entry("own_unit", 2024), GONE),
        ("after the last year", _entry("own_unit", 2031), GONE),
        ("unknown campaign", lambda f: {"campaign_pk": 999, "year": 2026, "unit_pk": f["own_unit"].pk}, GONE),
        ("unknown unit", lambda f: {"campaign_pk": _campaign(f).pk, "year": 2026, "unit_pk": 999}, GONE),
    ],
}
