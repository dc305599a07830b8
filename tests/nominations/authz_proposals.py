"""Authorization rows of a unit's proposal and its nominations (see tests/test_authorization.py)."""

import datetime

from tests.authz import FORBIDDEN, LOGIN, OK, OTHER_UNIT_VIEW, OWN_UNIT_VIEW, row
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

# Only the unit's own people draft: the office reads, never writes (a superuser passes
# every permission check).
OWN_UNIT_DRAFTS = row(LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
# GET asks to confirm (creates nothing); POST creates the proposal and redirects to it.
UNITS_PROPOSE = row(LOGIN, OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)


def _round():
    return RoundFactory(submit_by=datetime.date.today(), review_by=None, council_on=None)


def _proposal(unit):
    return ProposalFactory(round=_round(), unit=unit)


def _nomination(f, key):
    proposal = _proposal(f[key])
    cadre = f["own_cadre"] if key == "own_unit" else f["other_cadre"]
    return {"pk": NominationFactory(proposal=proposal, subject_cadre=cadre).pk}


MATRIX = {
    "nominations:proposal_for_round": [("open round", lambda f: {"pk": _round().pk}, UNITS_PROPOSE)],
    "nominations:proposal_detail": [
        ("own", lambda f: {"pk": _proposal(f["own_unit"]).pk}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": _proposal(f["other_unit"]).pk}, OTHER_UNIT_VIEW),
    ],
    "nominations:proposal_edit": [("own", lambda f: {"pk": _proposal(f["own_unit"]).pk}, OWN_UNIT_DRAFTS)],
    "nominations:nomination_create": [
        ("own", lambda f: {"pk": _proposal(f["own_unit"]).pk}, OWN_UNIT_DRAFTS)
    ],
    "nominations:nomination_detail": [
        ("own", lambda f: _nomination(f, "own_unit"), OWN_UNIT_VIEW),
        ("other", lambda f: _nomination(f, "other_unit"), OTHER_UNIT_VIEW),
    ],
    "nominations:nomination_edit": [("own", lambda f: _nomination(f, "own_unit"), OWN_UNIT_DRAFTS)],
}
