"""Authorization rows for the workflow's buttons (POST only) and the versions page."""

from tests.authz import FORBIDDEN, LOGIN, NOT_ALLOWED, OTHER_UNIT_VIEW, OWN_UNIT_VIEW, ROLES
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory


def _nomination(unit, **traits):
    return NominationFactory(proposal=ProposalFactory(round=RoundFactory(), unit=unit), **traits)


def _post_only(*allowed):
    """Those allowed are told GET is not allowed; the others are refused."""
    return {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, **dict.fromkeys(allowed, NOT_ALLOWED)}


def _own(**traits):
    return lambda world: {"pk": _nomination(world["own_unit"], **traits).pk}


def _other(**traits):
    return lambda world: {"pk": _nomination(world["other_unit"], **traits).pk}


# The superuser passes every permission; the services still enforce what is legal.
UNIT_OWN = _post_only("unit_staff", "unit_head", "administrator")
UNIT_OTHER = _post_only("other_staff", "administrator")
OFFICE_ONLY = _post_only("vhxh_officer", "administrator")

MATRIX = {
    "nominations:nomination_submit": [("own", _own(), UNIT_OWN), ("other", _other(), UNIT_OTHER)],
    "nominations:nomination_withdraw": [("own", _own(), UNIT_OWN), ("other", _other(), UNIT_OTHER)],
    "nominations:nomination_return": [("own", _own(submitted=True), OFFICE_ONLY)],
    "nominations:nomination_accept": [("own", _own(submitted=True), OFFICE_ONLY)],
    "nominations:nomination_reject": [("own", _own(submitted=True), OFFICE_ONLY)],
    "nominations:nomination_shortlist": [("own", _own(accepted=True), OFFICE_ONLY)],
    "nominations:nomination_unshortlist": [("own", _own(state="shortlisted", version=1), OFFICE_ONLY)],
    "nominations:nomination_versions": [
        ("own", _own(submitted=True), OWN_UNIT_VIEW),
        ("other", _other(submitted=True), OTHER_UNIT_VIEW),
    ],
}
