"""Reporting periods: months or quarters per indicator, and which are open for results."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Campaign, Frequency, Indicator


def period_label(indicator: Indicator, period: int) -> str:
    """ "month 3" or "quarter 1", per the indicator's reporting period."""
    if indicator.frequency == Frequency.QUARTERLY:
        return _("quarter %(n)s") % {"n": period}
    return _("month %(n)s") % {"n": period}


def current_period(indicator: Indicator, today: datetime.date) -> int:
    """The month or quarter `today` falls in, per the indicator's reporting period."""
    return today.month if indicator.frequency == Frequency.MONTHLY else (today.month - 1) // 3 + 1


def open_periods(indicator: Indicator, year: int, *, today: datetime.date | None = None) -> range:
    """The periods of `year` that may have results: all of a past year, up to the current
    one in the current year, none of a future year."""
    today = today or timezone.localdate()
    if year < today.year:
        return range(1, indicator.periods_per_year + 1)
    if year == today.year:
        return range(1, current_period(indicator, today) + 1)
    return range(1, 1)


def ended_periods(indicator: Indicator, year: int, *, today: datetime.date | None = None) -> int:
    """How many periods of `year` have ended by `today`: the ones a unit owes results for
    (the home page's "periods not sent yet" counts the same). The current period is open for
    results but not owed yet."""
    today = today or timezone.localdate()
    if year < today.year:
        return indicator.periods_per_year
    if year > today.year:
        return 0
    return due_period(indicator, today.month - 1)


def due_period(indicator: Indicator, months_done: int) -> int:
    """The last period whose report is due once `months_done` months of the year are over
    (0 when none is due yet)."""
    return months_done if indicator.frequency == Frequency.MONTHLY else months_done // 3


def result_years(campaign: Campaign, *, today: datetime.date | None = None) -> list[int]:
    """The years results may be looked at or entered for: the baseline year up to this one."""
    this_year = (today or timezone.localdate()).year
    last = max(min(campaign.end_year, this_year), campaign.baseline_year)
    return list(range(campaign.baseline_year, last + 1))
