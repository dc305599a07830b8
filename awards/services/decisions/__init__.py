"""Decisions (Quyết định khen thưởng) and the award registry they write. One module per topic:

- `numbering`: numbers from a locked per-(scope, year) counter; never reused, never doubled.
- `codes`: the short verification codes printed on certificates.
- `drafting`: who may be awarded (the council's approved list, or an ad hoc round's shortlist
  when ADHOC_WITHOUT_COUNCIL), drafting and editing a decision, corrections (amend, revoke),
  cash amounts (coefficient × lương cơ sở, rounded up to CASH_ROUND_UP_TO).
- `salary`: the lương cơ sở in force on a day, from the dated table `BaseSalary`.
- `issuing`: the one door of a decision's state; issuing numbers it, freezes its text into a
  snapshot, stores the PDF (signed when a certificate is configured) and writes the awards.

States and moves: draft ──issue──> issued; draft ──discard──> discarded. Issued is final: a
mistake is corrected by a new decision that amends or revokes it.
"""

from __future__ import annotations

from nominations.services import NominationError


class DecisionError(NominationError):
    """A rule refused a change to a decision; nothing was saved."""
