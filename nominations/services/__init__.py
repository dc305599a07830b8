"""Business rules of rounds, proposals and nominations, one module per topic.

- `rounds`: award forms, rounds and their one-door state machine, deadlines.
- `proposals`: a unit's proposal and its nominations: drafting, subjects, report fields.
- `reports`: the achievement report's structure (Mẫu 06 / Mẫu 08) and its prefill.
- `dossiers`: the checklist per route, attachments, paper receipt.
- `eligibility`: the checks of REFERENCE §3 plus discipline, and overrides.
- `workflow`: the nomination's one door (submit, return, accept, reject, shortlist,
  withdraw), versions, quota under concurrency.
- `notifications`: inbox and e-mail, reminders, working-day deadlines.
- `council`: terms, sessions, the secret ballot and the tally.
- `decisions`: drafting and issuing decisions, numbering, corrections, verification codes.
- `registry`: the award registry's imports, search, history and honour board.
- `verification`: the public check of a certificate's code and its decision's signature.
- `forwarding`: the package of dossiers proposed for a city award.
"""

from thiduaportal.errors import DomainError


class NominationError(DomainError):
    """A rule refused the change; the message names what and where, in the user's language,
    and nothing was saved. `field` names the form field when there is one."""


class QuotaExceeded(NominationError):
    """Shortlisting this nomination would pass the round's quota for its subject type."""
