"""Authorization rows for the achievement report and the printed documents."""

from nominations.models import NominationState
from tests.authz import FORBIDDEN, LOGIN, OFFICE, OK, OTHER_UNIT_VIEW, OWN_UNIT_VIEW, row
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

# The unit drafts its own report; the office reads it but does not write it.
OWN_REPORT_EDIT = row(LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
OTHER_REPORT_EDIT = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
ROUND_LIST = row(LOGIN, OK, OK, OK, OK, FORBIDDEN, FORBIDDEN, OK, OK)


def _round():
    return RoundFactory()


def _proposal(unit):
    return ProposalFactory(round=_round(), unit=unit)


def _nomination(unit, **traits):
    return NominationFactory(proposal=_proposal(unit), **traits)


MATRIX = {
    "nominations:nomination_report_edit": [
        ("own draft", lambda f: {"pk": _nomination(f["own_unit"]).pk}, OWN_REPORT_EDIT),
        ("other draft", lambda f: {"pk": _nomination(f["other_unit"]).pk}, OTHER_REPORT_EDIT),
        (
            "own submitted",
            lambda f: {"pk": _nomination(f["own_unit"], state=NominationState.SUBMITTED).pk},
            OWN_REPORT_EDIT,
        ),
    ],
    "nominations:nomination_report_pdf": [
        ("own", lambda f: {"pk": _nomination(f["own_unit"]).pk}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": _nomination(f["other_unit"]).pk}, OTHER_UNIT_VIEW),
    ],
    "nominations:proposal_letter_pdf": [
        ("own", lambda f: {"pk": _proposal(f["own_unit"]).pk}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": _proposal(f["other_unit"]).pk}, OTHER_UNIT_VIEW),
    ],
    "nominations:proposal_minutes_pdf": [
        ("own", lambda f: {"pk": _proposal(f["own_unit"]).pk}, OWN_UNIT_VIEW),
    ],
    "nominations:round_office_letter_pdf": [("", lambda f: {"pk": _round().pk}, OFFICE)],
    "nominations:round_list_xlsx": [("", lambda f: {"pk": _round().pk}, ROUND_LIST)],
}
