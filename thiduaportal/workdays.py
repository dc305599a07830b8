"""Working days in Viet Nam: Saturday and Sunday off, public holidays (Tết, 30/4, 1/5, 2/9 …)
and the days off and make-up Saturdays the Government announces, as the maintained `holidays`
calendar gives them."""

from __future__ import annotations

import datetime
from functools import cache

import holidays


@cache
def _calendar() -> holidays.HolidayBase:
    # The calendar fills itself year by year as dates are asked about.
    return holidays.country_holidays("VN")


def is_working_day(day: datetime.date) -> bool:
    """True on a working day: not a weekend (unless it is a make-up working Saturday) and not
    a public holiday or an announced day off."""
    return _calendar().is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start`; the count starts on the next working day,
    so `add_working_days(friday, 1)` is the following Monday (holidays permitting).
    Zero returns `start` itself; a negative count goes back in time."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """The working days after `a` up to and including `b`, negative when `b` is before `a`;
    the inverse of `add_working_days`: `working_days_between(d, add_working_days(d, n)) == n`."""
    if b < a:
        return -working_days_between(b, a)
    return sum(
        1 for offset in range(1, (b - a).days + 1) if is_working_day(a + datetime.timedelta(days=offset))
    )
