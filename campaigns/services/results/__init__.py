"""Results of indicators (kết quả thực hiện chỉ tiêu), entered by form or by Excel.

A reporting unit enters, for each month or quarter (the indicator's reporting period), the
two counts of a ratio indicator or the value of a percentage or score indicator. Rates are
never typed: `campaigns.services.rates` aggregates the stored counts.

- `periods`: months or quarters per indicator, which are open, which are due.
- `checks`: `check_results`, the one validation the entry form and the Excel import share;
  it returns every problem (entry, field, why) and writes nothing.
- `writes`: `save_results` checks again and writes all entries or none in one transaction;
  a broken rule raises `ResultsError` carrying every problem. The database constraints
  stay as the last line.
- `reads`: the year's overview per unit, and `missing_results` for the dashboard.
"""

from .checks import FIELDS, ResultEntry, ResultProblem, ResultsError, check_results, stored_results
from .periods import current_period, due_period, ended_periods, open_periods, period_label, result_years
from .reads import OverviewRow, UnitResults, missing_results, results_overview
from .writes import SavedResults, save_results

__all__ = [
    "FIELDS",
    "OverviewRow",
    "ResultEntry",
    "ResultProblem",
    "ResultsError",
    "SavedResults",
    "UnitResults",
    "check_results",
    "current_period",
    "due_period",
    "missing_results",
    "open_periods",
    "period_label",
    "ended_periods",
    "result_years",
    "results_overview",
    "save_results",
    "stored_results",
]
