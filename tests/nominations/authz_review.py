"""Authorization rows for the office's review screens."""

from tests.authz import FORBIDDEN, LOGIN, NOT_ALLOWED, OFFICE, ROLES, SEES_ALL
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory


def _nomination(unit, **traits):
    return NominationFactory(proposal=ProposalFactory(round=RoundFactory(), unit=unit), **traits)


def _two_units(world):
    _nomination(world["own_unit"], submitted=True)
    _nomination(world["other_unit"], submitted=True)
    return {}


# POST-only: those allowed are told GET is not allowed, the others are refused.
def _post_only(*allowed):
    return {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, **dict.fromkeys(allowed, NOT_ALLOWED)}


MATRIX = {
    "nominations:review_queue": [
        ("empty", None, SEES_ALL),
        ("nominations of two units", _two_units, SEES_ALL),
    ],
    "nominations:review_bulk": [("", None, _post_only("vhxh_officer", "administrator"))],
    "nominations:overdue_list": [("", _two_units, OFFICE)],
    "nominations:nomination_review": [
        ("own", lambda f: {"pk": _nomination(f["own_unit"], submitted=True).pk}, SEES_ALL),
        ("other", lambda f: {"pk": _nomination(f["other_unit"], submitted=True).pk}, SEES_ALL),
    ],
    "nominations:comment_add": [
        (
            "own",
            lambda f: {"pk": _nomination(f["own_unit"], submitted=True).pk},
            _post_only("unit_staff", "unit_head", "vhxh_officer", "administrator"),
        ),
        (
            "other",
            lambda f: {"pk": _nomination(f["other_unit"], submitted=True).pk},
            _post_only("other_staff", "vhxh_officer", "administrator"),
        ),
    ],
}
