"""Eligibility of a nomination (REFERENCE §3 and §10): the criteria library (`criteria`: the
four criteria of the plan plus "no discipline in the year" and "not already awarded", and the
titles' checks), run for many candidates at once (`engine`); the office's overrides of failed
checks; and the discipline records they read.

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
    Candidate,
    Check,
    record_line,
)
from nominations.services.eligibility.criteria import GENERIC_LABELS, LIBRARY, check_label
from nominations.services.eligibility.engine import Proposed, compute, run_checks, run_checks_many, title_spec
from nominations.services.eligibility.records import create_discipline, record_override, update_discipline
from nominations.services.eligibility.verdicts import blocked_ids

__all__ = [
    "CODES",
    "GENERIC_LABELS",
    "LIBRARY",
    "Candidate",
    "Proposed",
    "check_label",
    "compute",
    "title_spec",
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
