"""Year-end scoring (chấm điểm) of units and their ranking (plan §IV.2).

The office (VHXH) keeps one scoring sheet per campaign year: criteria with their maximum
points, in order. Manual criteria are scored by hand, each unit with a comment (required
below the maximum); automatic criteria take their points from the movement's data and are
never typed. Closing the year freezes the sheet and every score; reopening it needs a reason,
kept on the audit log entry. Every write runs inside `transaction.atomic` under a lock on the
year, is recorded by django-auditlog, and a broken rule raises `ScoringError` naming the
field, the unit or the criterion; nothing is saved then.

Automatic points (recomputed when the scoring page is saved, when "Recalculate" is pressed,
when an automatic criterion is added or changed, and once more when the year is closed;
stored in `UnitScore` with a comment explaining them, written in the portal's default
language):

- *indicator*: the unit's own rate for the year (`rates.unit_rates`) against the year's
  target (`rates.targets`; the final target when the year has none). Higher is better:
  max × min(1, rate / target), full points when the target is 0. Lower is better: full
  points when the rate is at or below the target, else max × target / rate (so 0 points
  when the target is 0 and the rate is above it). 0 points when the unit reported nothing.
- *registration*: full points when the unit's registration for the year is accepted, else 0.
- *index*: full points when eligibility criterion 2 (PAR INDEX / SIPAS components held or
  raised) is met or not applicable (`index.index_checks`), else 0.
- *initiatives*: full points when the unit proposed or took part in at least one initiative
  recognised with a decision dated in the year, else 0.

Points are rounded half up to two decimal places.
"""

from .common import Key, Points, ScoringError, number, scored_units, sheet
from .criteria import add_criterion, copy_previous_sheet, delete_criterion, move_criterion, update_criterion
from .points import automatic_points, recalculate
from .ranks import RankedUnit, Ranking, ranking
from .scores import close_year, reopen_year, score_units

__all__ = [
    "Key",
    "Points",
    "RankedUnit",
    "Ranking",
    "ScoringError",
    "add_criterion",
    "automatic_points",
    "close_year",
    "copy_previous_sheet",
    "delete_criterion",
    "move_criterion",
    "number",
    "ranking",
    "recalculate",
    "reopen_year",
    "score_units",
    "scored_units",
    "sheet",
    "update_criterion",
]
