"""Authorization rows for the year-end scoring: the sheet, the grid, closing, the ranking."""

from tests.authz import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OFFICE, ROLES, SEES_ALL, with_changes
from tests.factories.campaigns import CampaignFactory, ScoringCriterionFactory

# POST-only screens: the permission is checked first, then GET is not allowed.
POST_ONLY_OFFICE = with_changes(
    dict.fromkeys(ROLES, FORBIDDEN), anonymous=LOGIN, vhxh_officer=NOT_ALLOWED, administrator=NOT_ALLOWED
)
# A year outside the campaign: allowed roles are told it does not exist.
OFFICE_NOT_FOUND = with_changes(OFFICE, vhxh_officer=NOT_FOUND, administrator=NOT_FOUND)
SEES_ALL_NOT_FOUND = with_changes(
    SEES_ALL, vhxh_officer=NOT_FOUND, chairman=NOT_FOUND, administrator=NOT_FOUND
)


def _campaign():
    return CampaignFactory(code="cchc-2026-2030")


def _year(year=2026):
    return lambda world: {"pk": _campaign().pk, "year": year}


def _criterion(world):
    return {"pk": ScoringCriterionFactory(campaign=_campaign(), year=2026).pk}


def _move(world):
    return {**_criterion(world), "direction": "down"}


MATRIX = {
    "campaigns:scoring_sheet": [
        ("a year of it", _year(), SEES_ALL),
        ("the baseline year", _year(2025), SEES_ALL_NOT_FOUND),
    ],
    "campaigns:scoring_criterion_create": [
        ("a year of it", _year(), OFFICE),
        ("outside the campaign", _year(2031), OFFICE_NOT_FOUND),
    ],
    "campaigns:scoring_criterion_edit": [("", _criterion, OFFICE)],
    "campaigns:scoring_criterion_delete": [("", _criterion, OFFICE)],
    "campaigns:scoring_criterion_move": [("", _move, POST_ONLY_OFFICE)],
    "campaigns:scoring_copy": [("", _year(2027), POST_ONLY_OFFICE)],
    "campaigns:scoring_units": [("", _year(), OFFICE)],
    "campaigns:scoring_recalculate": [("", _year(), POST_ONLY_OFFICE)],
    "campaigns:scoring_close": [("", _year(), POST_ONLY_OFFICE)],
    "campaigns:scoring_reopen": [("", _year(), OFFICE)],
    "campaigns:scoring_ranking": [
        ("a year of it", _year(), SEES_ALL),
        ("outside the campaign", _year(2031), SEES_ALL_NOT_FOUND),
    ],
    "campaigns:scoring_export": [("", _year(), SEES_ALL)],
}
