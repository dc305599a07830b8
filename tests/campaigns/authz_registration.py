"""Authorization rows for units' yearly registrations."""

from tests.authz import (
    FORBIDDEN,
    LISTS,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OTHER_UNIT_VIEW,
    OWN_UNIT_VIEW,
    REDIRECT,
    ROLES,
    UNIT_WORKERS,
    with_changes,
)
from tests.factories.campaigns import CampaignFactory, IndicatorFactory, RegistrationFactory


def _campaign():
    campaign = CampaignFactory(code="cchc-2026-2030")
    IndicatorFactory(campaign=campaign)
    return campaign


def _registration(unit, **traits):
    return RegistrationFactory(campaign=_campaign(), unit=unit, year=2026, **traits)


def _both_lists(world):
    _registration(world["own_unit"], submitted=True)
    RegistrationFactory(campaign=_campaign(), unit=world["other_unit"], year=2026)
    return {}


# POST-only buttons: those allowed are told GET is not allowed, the others are refused.
def _post_only(*allowed):
    return {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, **dict.fromkeys(allowed, NOT_ALLOWED)}


MATRIX = {
    "campaigns:registration_list": [
        ("no campaign", None, LISTS),
        ("registrations of two units", _both_lists, LISTS),
    ],
    "campaigns:registration_edit": [
        ("own unit, a year of it", lambda f: {"campaign_pk": _campaign().pk, "year": 2026}, UNIT_WORKERS),
        (
            "the baseline year",
            lambda f: {"campaign_pk": _campaign().pk, "year": 2025},
            {
                **UNIT_WORKERS,
                **dict.fromkeys(["unit_staff", "unit_head", "other_staff", "vhxh_officer"], NOT_FOUND),
                "administrator": NOT_FOUND,
            },
        ),
        (
            "own unit already submitted",
            lambda f: {"campaign_pk": _registration(f["own_unit"], submitted=True).campaign_id, "year": 2026},
            with_changes(UNIT_WORKERS, unit_staff=REDIRECT, unit_head=REDIRECT),
        ),
    ],
    "campaigns:registration_detail": [
        ("own", lambda f: {"pk": _registration(f["own_unit"]).pk}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": _registration(f["other_unit"]).pk}, OTHER_UNIT_VIEW),
    ],
    "campaigns:registration_submit": [
        (
            "own",
            lambda f: {"pk": _registration(f["own_unit"]).pk},
            _post_only("unit_staff", "unit_head", "vhxh_officer", "administrator"),
        ),
        (
            "other",
            lambda f: {"pk": _registration(f["other_unit"]).pk},
            _post_only("other_staff", "vhxh_officer", "administrator"),
        ),
    ],
    "campaigns:registration_accept": [
        (
            "own",
            lambda f: {"pk": _registration(f["own_unit"], submitted=True).pk},
            _post_only("vhxh_officer", "administrator"),
        ),
    ],
    "campaigns:registration_return": [
        (
            "own",
            lambda f: {"pk": _registration(f["own_unit"], submitted=True).pk},
            _post_only("vhxh_officer", "administrator"),
        ),
    ],
}
