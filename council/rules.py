"""Who may see the council's terms and sessions, run them, vote and decide a tie. The services
still check the session's state, attendance, recusals and the "one ballot" rule."""

import rules

from council.models import AgendaItem, CouncilMember, CouncilRole, SessionState
from council.services import ballot_box
from nominations.rules import register_nomination_reader
from thiduaportal.roles import Role, roles_of, sees_all
from units.rules import is_council

COUNCIL_MANAGERS = frozenset({Role.COUNCIL_SECRETARY, Role.VHXH_OFFICER, Role.ADMIN})


@rules.predicate
def holds_council_seat(user) -> bool:
    """A seat in any term (past or present), read once per request."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_council_seat_cache", None)
    if cached is None:
        cached = user._council_seat_cache = CouncilMember.objects.filter(user=user).exists()
    return cached


@rules.predicate
def is_council_manager(user) -> bool:
    """The council's secretary or the office (VHXH officer, administrator)."""
    return bool(roles_of(user) & COUNCIL_MANAGERS)


def _term_id(obj) -> int | None:
    """The term of a session, of an agenda item or of a seat."""
    if obj is None:
        return None
    if hasattr(obj, "term_id"):
        return obj.term_id
    session = getattr(obj, "session", None)
    return session.term_id if session is not None else None


@rules.predicate
def sits_on_session(user, obj) -> bool:
    """The user holds a seat in the term of the session (or of the agenda item's session)."""
    term_id = _term_id(obj)
    if term_id is None or not user.is_authenticated:
        return False
    return CouncilMember.objects.filter(term_id=term_id, user=user).exists()


@rules.predicate
def chairs_session(user, obj) -> bool:
    """The user holds the chair's seat of the session's term."""
    term_id = _term_id(obj)
    if term_id is None or not user.is_authenticated:
        return False
    return CouncilMember.objects.filter(
        term_id=term_id, user=user, role=CouncilRole.CHAIR, left_on__isnull=True
    ).exists()


@rules.predicate
def is_session_over(user, obj) -> bool:
    """The session's result is released: voting closed and, with the encrypted box, counted."""
    session = getattr(obj, "session", obj)
    if session is None or getattr(session, "state", None) not in {SessionState.CLOSED, SessionState.FINAL}:
        return False
    return ballot_box.released(session)


@rules.predicate
def reads_for_council(user, obj) -> bool:
    """The nomination is on the agenda of a session of a term where the user holds a seat:
    a member reads the dossier and report before voting on it."""
    if obj is None or not user.is_authenticated or not holds_council_seat(user):
        return False
    return AgendaItem.objects.filter(nomination_id=obj.pk, session__term__members__user=user).exists()


register_nomination_reader(reads_for_council)

# The council: sessions, voting, ties.
# Roles first: the seat costs a query (once per request).
may_list_sessions = is_council | sees_all | is_council_manager | holds_council_seat
rules.add_perm("council.list_sessions", may_list_sessions)
rules.add_perm("council.view_session", may_list_sessions)
# The menu asks on every page, so it reads roles only (no query); a seat holder without a
# council role reaches the sessions from the home panel and the notifications.
rules.add_perm("council.council_menu", is_council | sees_all | is_council_manager)
# Every session, not only those of the terms where the user holds a seat.
rules.add_perm("council.view_all_sessions", sees_all | is_council_manager)
rules.add_perm("council.manage_council", is_council_manager)
rules.add_perm("council.manage_session", is_council_manager)
rules.add_perm("council.vote", sits_on_session)
rules.add_perm("council.decide_tie", chairs_session)
rules.add_perm("council.finalise_session", is_council_manager | chairs_session)
rules.add_perm("council.view_result", may_list_sessions & is_session_over)
