"""Authorization rows of the council's screens (see tests/test_authorization.py)."""

from django.contrib.auth import get_user_model

from council.models import SessionState
from tests.authz import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, ROLES, row
from tests.factories.council import AgendaItemFactory, CouncilMemberFactory, CouncilSessionFactory

# Terms, attendance: the council's secretary and the office.
MANAGERS = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, OK)
# Sessions: everyone of the council, the office and the chairman.
COUNCIL = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK, OK, OK)
# Only a seat in the session's term (and the administrator, who may do everything).
SEATED = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)


def _post_only(*allowed):
    return {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, **dict.fromkeys(allowed, NOT_ALLOWED)}


def _seat_member(session):
    """Give the council member persona (signed in before the rows are built) a seat."""
    user = get_user_model().objects.filter(username="member").first()
    if user is not None:
        CouncilMemberFactory(term=session.term, user=user)


def _session(f, **kwargs):
    return {"pk": CouncilSessionFactory(**kwargs).pk}


def _seated_session(f):
    session = CouncilSessionFactory()
    _seat_member(session)
    return {"pk": session.pk}


def _item(f):
    return {"pk": AgendaItemFactory().pk}


def _seated_item(f):
    item = AgendaItemFactory()
    _seat_member(item.session)
    return {"pk": item.pk}


def _term(f):
    return {"pk": CouncilSessionFactory().term.pk}


def _member(f):
    return {"pk": CouncilMemberFactory().pk}


MANAGERS_POST = _post_only("vhxh_officer", "council_secretary", "administrator")

MATRIX = {
    "council:term_list": [("", None, MANAGERS)],
    "council:term_create": [("", None, MANAGERS)],
    "council:term_detail": [("", _term, MANAGERS)],
    "council:member_end": [("GET", _member, MANAGERS_POST)],
    "council:session_list": [("", None, COUNCIL)],
    # Without ?round= the managers are sent to the list to choose one.
    "council:session_create": [
        (
            "no round",
            None,
            {**MANAGERS, **dict.fromkeys(["vhxh_officer", "council_secretary", "administrator"], REDIRECT)},
        )
    ],
    "council:session_detail": [("draft", _session, COUNCIL)],
    "council:session_attendance": [("draft", _session, MANAGERS)],
    "council:session_refresh": [("GET", _session, MANAGERS_POST)],
    "council:session_open": [("GET", _session, MANAGERS_POST)],
    "council:voting_open": [("GET", _session, MANAGERS_POST)],
    "council:voting_close": [("GET", _session, MANAGERS_POST)],
    "council:item_written": [("GET", _item, MANAGERS_POST)],
    "council:item_hands": [("GET", _item, MANAGERS_POST)],
    "council:session_vote": [
        ("no seat", _session, SEATED),
        ("member's seat", _seated_session, {**SEATED, "council_member": OK}),
    ],
    "council:vote_list": [
        ("no seat", _session, SEATED),
        ("member's seat", _seated_session, {**SEATED, "council_member": OK}),
    ],
    # GET goes back to the voting page: the choice never travels in a URL.
    "council:item_vote": [
        ("no seat", _item, {**SEATED, "administrator": REDIRECT}),
        ("member's seat", _seated_item, {**SEATED, "administrator": REDIRECT, "council_member": REDIRECT}),
    ],
    "council:item_conflict": [
        ("no seat", _item, _post_only("administrator")),
        ("member's seat", _seated_item, _post_only("administrator", "council_member")),
    ],
    "council:session_result": [
        ("draft", _session, SEATED),
        ("closed", lambda f: _session(f, state=SessionState.CLOSED), COUNCIL),
    ],
    "council:session_tie": [("GET", _session, _post_only("administrator"))],
    "council:session_finalise": [("GET", _session, MANAGERS_POST)],
    # The key holders' codes and shares: a seat in the term (the service then asks for an
    # officer's seat); POST only.
    "council:session_key_code": [
        ("no seat", _session, _post_only("administrator")),
        ("member's seat", _seated_session, _post_only("administrator", "council_member")),
    ],
    "council:session_key_share": [
        ("no seat", _session, _post_only("administrator")),
        ("member's seat", _seated_session, _post_only("administrator", "council_member")),
    ],
    # The counted box: only once the result is released, for the administrator too.
    "council:session_ballot_box": [("draft", _session, {**SEATED, "administrator": NOT_FOUND})],
    "council:session_ballot_box_json": [("draft", _session, {**SEATED, "administrator": NOT_FOUND})],
}
