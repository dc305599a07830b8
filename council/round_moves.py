"""What the council adds to a round move's confirmation page (`nominations.hooks.
round_move_warnings`): the round goes to the council without a session prepared, or is
recorded as decided before any session of it has a final result."""

from __future__ import annotations

from django.utils.translation import gettext as _

from council.models import CouncilSession, SessionState
from nominations import hooks
from nominations.models import Round, RoundState


def round_move_warnings(round: Round, to: str) -> list[str]:
    """Sentences for the confirmation of moving `round` to `to`; reads only."""
    sessions = CouncilSession.objects.filter(round=round)
    if to == RoundState.COUNCIL and not sessions.exists():
        return [_("No council session is prepared for this round yet: create it on the council's pages.")]
    if to == RoundState.DECIDED and not sessions.filter(state=SessionState.FINAL).exists():
        return [_("No council session of this round has a final result yet.")]
    return []


hooks.round_move_warnings.provide(round_move_warnings)
