"""Who may act on rounds, proposals and nominations. Services still enforce what is legal
(the round's state and deadline, the nomination's state, the quota)."""

import rules

from thiduaportal.roles import sees_all
from units.rules import is_office, is_own_unit, works_in_unit

# Higher rooms (the council) add readers of a nomination here: a predicate (user, nomination).
_NOMINATION_READERS: list = []


def register_nomination_reader(predicate) -> None:
    """Let a higher app grant reading a nomination (e.g. a council member before voting)."""
    if predicate not in _NOMINATION_READERS:
        _NOMINATION_READERS.append(predicate)


@rules.predicate
def reads_through_other_rooms(user, obj) -> bool:
    """A reader registered by a higher app (see `register_nomination_reader`)."""
    return any(predicate(user, obj) for predicate in _NOMINATION_READERS)


# Rounds: everyone in a unit or the office sees them; the office prepares and moves them.
rules.add_perm("nominations.list_rounds", sees_all | works_in_unit)
rules.add_perm("nominations.view_round", sees_all | works_in_unit)
rules.add_perm("nominations.manage_rounds", is_office)
# A unit's proposal and its nominations: the unit drafts, submits, revises, withdraws.
rules.add_perm("nominations.view_proposal", sees_all | (works_in_unit & is_own_unit))
rules.add_perm("nominations.edit_proposal", works_in_unit & is_own_unit)
rules.add_perm("nominations.add_nomination", works_in_unit)
rules.add_perm(
    "nominations.view_nomination", sees_all | (works_in_unit & is_own_unit) | reads_through_other_rooms
)
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
# Forwarding a round's dossiers to the city.
rules.add_perm("nominations.forward_to_city", is_office)
# The catalogue of titles: everyone working in the commune reads it; the office edits it.
rules.add_perm("nominations.view_catalogue", sees_all | works_in_unit)
rules.add_perm("nominations.manage_catalogue", is_office)
