"""Who may act on rounds, proposals and nominations. Services still enforce what is legal
(the round's state and deadline, the nomination's state, the quota)."""

import rules

from thiduaportal.roles import Role, roles_of, sees_all
from units.rules import is_chairman, is_council, is_office, is_own_unit, works_in_unit

from .models import AgendaItem, CouncilMember, CouncilRole, SessionState

# The council (issue 5). Who may see sessions, run them, vote, decide a tie; the services
# still check the session's state, attendance, recusals and the "one ballot" rule.
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
    session = getattr(obj, "session", obj)
    return session is not None and getattr(session, "state", None) in {
        SessionState.CLOSED,
        SessionState.FINAL,
    }


@rules.predicate
def reads_for_council(user, obj) -> bool:
    """The nomination is on the agenda of a session of a term where the user holds a seat:
    a member reads the dossier and report before voting on it."""
    if obj is None or not user.is_authenticated or not holds_council_seat(user):
        return False
    return AgendaItem.objects.filter(nomination_id=obj.pk, session__term__members__user=user).exists()


# Rounds: everyone in a unit or the office sees them; the office prepares and moves them.
rules.add_perm("nominations.list_rounds", sees_all | works_in_unit)
rules.add_perm("nominations.view_round", sees_all | works_in_unit)
rules.add_perm("nominations.manage_rounds", is_office)
# A unit's proposal and its nominations: the unit drafts, submits, revises, withdraws.
rules.add_perm("nominations.view_proposal", sees_all | (works_in_unit & is_own_unit))
rules.add_perm("nominations.edit_proposal", works_in_unit & is_own_unit)
rules.add_perm("nominations.add_nomination", works_in_unit)
rules.add_perm("nominations.view_nomination", sees_all | (works_in_unit & is_own_unit) | reads_for_council)
rules.add_perm("nominations.edit_nomination", works_in_unit & is_own_unit)
rules.add_perm("nominations.view_attachment", sees_all | (works_in_unit & is_own_unit))
# Review by the office: the queue, return, accept, reject, shortlist, paper receipt.
rules.add_perm("nominations.review", is_office)
rules.add_perm("nominations.view_queue", sees_all)
# Discipline records are kept by the office.
rules.add_perm("nominations.manage_discipline", is_office)
# Everyone signed in has an inbox.
rules.add_perm("nominations.view_inbox", rules.is_authenticated)
# Comments on a nomination (review): the office and the proposing unit write them; internal
# notes are kept from the units.
rules.add_perm("nominations.comment", is_office | (works_in_unit & is_own_unit))
rules.add_perm("nominations.view_internal_notes", sees_all)
# The council: sessions, voting, ties.
# Roles first: the seat costs a query (once per request).
may_list_sessions = is_council | sees_all | is_council_manager | holds_council_seat
rules.add_perm("nominations.list_sessions", may_list_sessions)
rules.add_perm("nominations.view_session", may_list_sessions)
# Every session, not only those of the terms where the user holds a seat.
rules.add_perm("nominations.view_all_sessions", sees_all | is_council_manager)
# The menu asks on every page, so it reads roles only (no query); a seat holder without a
# council role reaches the sessions from the home panel and the notifications.
rules.add_perm("nominations.council_menu", is_council | sees_all | is_council_manager)
rules.add_perm("nominations.manage_council", is_council_manager)
rules.add_perm("nominations.manage_session", is_council_manager)
rules.add_perm("nominations.vote", sits_on_session)
rules.add_perm("nominations.decide_tie", chairs_session)
rules.add_perm("nominations.finalise_session", is_council_manager | chairs_session)
rules.add_perm("nominations.view_result", may_list_sessions & is_session_over)

# Decisions (issue 6): the office drafts, the chairman issues; both read them and print the
# certificates. The registry is read by everyone signed in; the office imports past awards.
rules.add_perm("nominations.view_decision", sees_all)
rules.add_perm("nominations.draft_decision", is_office)
rules.add_perm("nominations.issue_decision", is_chairman)
rules.add_perm("nominations.print_certificates", sees_all)
rules.add_perm("nominations.manage_printers", sees_all)
rules.add_perm("nominations.view_registry", sees_all | works_in_unit | is_council)
rules.add_perm("nominations.import_awards", is_office)
rules.add_perm("nominations.export_registry", sees_all)
rules.add_perm("nominations.forward_to_city", is_office)
# Public pages: the honour board and the certificates' verification.
rules.add_perm("nominations.view_honour_board", rules.always_allow)
rules.add_perm("nominations.verify_certificate", rules.always_allow)
