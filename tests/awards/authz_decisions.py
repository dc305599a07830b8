"""Authorization rows of decisions (see tests/test_authorization.py): the office drafts and
edits, the chairman issues, both read; nobody else sees a decision."""

from tests.authz import FORBIDDEN, LOGIN, NOT_ALLOWED, OK, REDIRECT, SEES_ALL, row
from tests.factories.decisions import adhoc_shortlist, drafted_decision, issued_decision
from tests.factories.units import UserFactory

OFFICE_ONLY = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
# POST-only pages answer GET with 405 to whoever may use them.
OFFICE_POST = {role: NOT_ALLOWED if answer == OK else answer for role, answer in OFFICE_ONLY.items()}
CHAIRMAN_POST = row(
    LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_ALLOWED, NOT_ALLOWED
)
# Editing an issued decision or correcting a draft sends the office back to the decision.
OFFICE_BACK = {role: REDIRECT if answer == OK else answer for role, answer in OFFICE_ONLY.items()}


def _draft(f):
    return {"pk": drafted_decision(adhoc_shortlist(), UserFactory()).pk}


def _issued(f):
    return {"pk": issued_decision(UserFactory(), collectives=0, individuals=1).pk}


MATRIX = {
    "awards:decision_list": [("", None, SEES_ALL)],
    "awards:decision_numbering": [("", None, OFFICE_ONLY)],
    "awards:decision_detail": [("draft", _draft, SEES_ALL), ("issued", _issued, SEES_ALL)],
    "awards:decision_pdf": [("draft", _draft, SEES_ALL), ("issued", _issued, SEES_ALL)],
    "awards:decision_edit": [("draft", _draft, OFFICE_ONLY), ("issued", _issued, OFFICE_BACK)],
    "awards:decision_issue": [("draft", _draft, CHAIRMAN_POST)],
    "awards:decision_discard": [("draft", _draft, OFFICE_POST)],
    "awards:decision_correct": [("draft", _draft, OFFICE_BACK), ("issued", _issued, OFFICE_ONLY)],
    "awards:decision_draft": [("round", lambda f: {"pk": adhoc_shortlist().pk}, OFFICE_POST)],
}
