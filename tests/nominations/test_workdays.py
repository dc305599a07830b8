"""Working days in Viet Nam, with exact dates around Tết 2026, 30/4–1/5 and 2/9."""

import datetime

import pytest

from thiduaportal.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 2, 13), True),  # Friday before Tết
        (D(2026, 2, 16), False),  # Lunar New Year's Eve
        (D(2026, 2, 17), False),  # Tết
        (D(2026, 2, 20), False),  # fourth day of Tết
        (D(2026, 2, 21), False),  # Saturday
        (D(2026, 2, 23), True),
        (D(2026, 4, 27), False),  # Hùng Kings' day falls on Sunday 26/4: observed on Monday
        (D(2026, 4, 30), False),
        (D(2026, 5, 1), False),
        (D(2026, 8, 22), True),  # make-up Saturday for the day off on 31/8
        (D(2026, 8, 31), False),
        (D(2026, 9, 2), False),
        (D(2026, 9, 3), True),
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 2, 12), 1, D(2026, 2, 13)),
        (D(2026, 2, 12), 2, D(2026, 2, 23)),  # over the weekend and Tết (16–20/2)
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        (D(2026, 2, 17), 1, D(2026, 2, 23)),  # counted from inside the holiday
        (D(2026, 4, 24), 1, D(2026, 4, 28)),  # 27/4 observed
        (D(2026, 4, 29), 1, D(2026, 5, 4)),  # 30/4 and 1/5, then the weekend
        (D(2026, 8, 21), 1, D(2026, 8, 22)),  # the make-up Saturday counts
        (D(2026, 8, 28), 1, D(2026, 9, 3)),  # 31/8, 1/9, 2/9 off
        (D(2026, 2, 2), 20, D(2026, 3, 9)),  # the 20-working-day settle-by across Tết
        (D(2026, 3, 6), 0, D(2026, 3, 6)),
        (D(2026, 2, 23), -1, D(2026, 2, 13)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_add_working_days_from_a_weekend_starts_next_working_day():
    assert add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)  # Saturday → Monday


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2026, 2, 13), D(2026, 2, 23), 1),
        (D(2026, 2, 2), D(2026, 3, 9), 20),
        (D(2026, 4, 29), D(2026, 5, 4), 1),
        (D(2026, 8, 28), D(2026, 9, 3), 1),
        (D(2026, 12, 24), D(2026, 12, 31), 5),
        (D(2026, 3, 9), D(2026, 3, 9), 0),
        (D(2026, 2, 23), D(2026, 2, 13), -1),
    ],
)
def test_working_days_between(a, b, expected):
    assert working_days_between(a, b) == expected


@pytest.mark.parametrize("days", [1, 5, 20, 40])
def test_between_inverts_add(days):
    start = D(2026, 1, 30)
    assert working_days_between(start, add_working_days(start, days)) == days
