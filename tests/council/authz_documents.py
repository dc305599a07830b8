"""Authorization rows of the council's documents (see tests/test_authorization.py)."""

from council.models import SessionState
from tests.authz import FORBIDDEN, LOGIN, NOT_FOUND, OK, row
from tests.factories.council import CouncilSessionFactory

# The documents of a closed session: everyone of the council, the office and the chairman.
COUNCIL = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK, OK, OK)
# Before voting is closed nobody reads a result, the administrator included: he passes every
# rule, so the view itself finds no released result to give him.
NOBODY = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND)
# The upload: the council's secretary and the office.
MANAGERS = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, OK)
# Allowed, but there is nothing to give: no final result, no scan yet.
COUNCIL_NOTHING = {role: NOT_FOUND if answer == OK else answer for role, answer in COUNCIL.items()}


def _session(state):
    return lambda f: {"pk": CouncilSessionFactory(state=state).pk}


MATRIX = {
    "council:session_minutes_pdf": [
        ("draft", _session(SessionState.DRAFT), NOBODY),
        ("closed", _session(SessionState.CLOSED), COUNCIL),
    ],
    "council:session_letter_pdf": [
        ("closed", _session(SessionState.CLOSED), COUNCIL_NOTHING),
        ("final", _session(SessionState.FINAL), COUNCIL),
    ],
    "council:session_minutes_upload": [("closed", _session(SessionState.CLOSED), MANAGERS)],
    "council:session_minutes_scan": [("no scan", _session(SessionState.CLOSED), COUNCIL_NOTHING)],
}
