"""The nomination's workflow: one door for every change of state (`moves`), and the
versions a unit submits with their comparison (`versions`).

Moves (`ALLOWED_MOVES`): draft → submitted | withdrawn; submitted → returned | accepted |
rejected | withdrawn; returned → submitted | withdrawn; accepted → shortlisted; shortlisted
→ accepted (to free a place). Returning, rejecting and taking a nomination off the shortlist
need a reason. Shortlisting never passes the round's quota, even under concurrency.
"""

from nominations.services.workflow.moves import (
    ALLOWED_MOVES,
    NOMINATIONS,
    REASON_REQUIRED,
    accept_each,
    accept_many,
    accept_nomination,
    allowed_moves,
    reject_nomination,
    return_many,
    return_nomination,
    shortlist_nomination,
    submit_nomination,
    unshortlist_nomination,
    withdraw_nomination,
)
from nominations.services.workflow.versions import current_attachments, diff_versions, snapshot

__all__ = [
    "ALLOWED_MOVES",
    "NOMINATIONS",
    "REASON_REQUIRED",
    "accept_each",
    "accept_many",
    "accept_nomination",
    "allowed_moves",
    "current_attachments",
    "diff_versions",
    "reject_nomination",
    "return_many",
    "return_nomination",
    "shortlist_nomination",
    "snapshot",
    "submit_nomination",
    "unshortlist_nomination",
    "withdraw_nomination",
]
