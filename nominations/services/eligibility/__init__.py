"""Eligibility of a nomination (REFERENCE §3): the four criteria of the plan plus "no
discipline in the year", each computed from data for the round's year with a result and a
reason; the office's overrides of failed checks; and the discipline records they read.

The unit sees the checks as warnings while drafting (they never stop a submission); the
office sees them in review and may accept against a failed check only with a written
justification (`record_override`), which django-auditlog records.

Checks, by stable code:
- `initiative` (criterion 1): a CCHC initiative recognised by an initiative council in the
  year (`campaigns.services.initiatives`). Its other half, exemplary conduct, is a human
  judgement: the reason says so when the initiative half is met.
- `index` (criterion 2): the unit's assigned PAR INDEX / SIPAS components rose or held their
  maximum (`campaigns.services.index`). Not applicable to an individual: the criterion is
  about units that are assigned components, and a person is not.
- `unit_rating` (criterion 3): a collective that directly advises on CCHC is rated
  "Hoàn thành xuất sắc nhiệm vụ" in the year.
- `person_rating` (criterion 4): an individual who directly advises on CCHC is rated at
  least "Hoàn thành tốt nhiệm vụ" in the year.
- `discipline`: no discipline record of the individual whose period touches the year
  (REFERENCE marks the rule "verify": the reason only states the recorded facts).
- `same_award`: the award registry holds no valid award of the same award form to the
  subject for the round's year from another round or an imported decision (the awards of
  the nomination's own round are its own result, not a reason against it). Awards are
  matched by their award form: the portal's always name it, and an imported award names it
  when its text matches a form's name.
"""

from nominations.services.eligibility.checks import (
    CODES,
    JUSTIFICATION_MIN_LENGTH,
    LABELS,
    Check,
    record_line,
    run_checks,
    run_checks_many,
)
from nominations.services.eligibility.records import create_discipline, record_override, update_discipline
from nominations.services.eligibility.verdicts import blocked_ids

__all__ = [
    "CODES",
    "JUSTIFICATION_MIN_LENGTH",
    "LABELS",
    "Check",
    "blocked_ids",
    "create_discipline",
    "record_line",
    "record_override",
    "run_checks",
    "run_checks_many",
    "update_discipline",
]
