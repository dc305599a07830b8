"""The lương cơ sở a decision pays on: the row of `BaseSalary` in force on a day.

An issued decision takes the value in force on its issue date and freezes it. A draft is
previewed with the value in force today (a draft has no date until it is issued), so the
preview of a draft written in June and issued in July shows the June value until then.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from awards.models import BaseSalary
from awards.services.decisions import DecisionError

# The values known when the table was made, as its migration (awards 0005) seeds them.
KNOWN = (
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
    (
        datetime.date(2026, 7, 1),
        2_530_000,
        "Nghị định số 161/2026/NĐ-CP (theo nguồn thứ cấp; đối chiếu văn bản chính thức trên vbpl.vn)",
    ),
)


def record_known() -> None:
    """Put back the known rows a database lost (a test database flushed between transactional
    tests loses what migrations wrote); rows already there are left as they are."""
    for day, amount, basis in KNOWN:
        BaseSalary.objects.get_or_create(
            effective_from=day, defaults={"amount": amount, "legal_basis": basis}
        )


def base_salary_on(day: datetime.date) -> BaseSalary:
    """The base salary in force on `day`. Raises DecisionError, naming the day and the first
    row of the table, when the table has no row on or before it."""
    row = BaseSalary.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if row is not None:
        return row
    first = BaseSalary.objects.order_by("effective_from").first()
    if first is None:
        message = _(
            "No base salary (lương cơ sở) is recorded, so the cash of a decision dated %(day)s "
            "cannot be computed. Add the base salary in force on that day under Administration "
            "› Base salaries."
        ) % {"day": f"{day:%d/%m/%Y}"}
    else:
        message = _(
            "No base salary (lương cơ sở) is in force on %(day)s: the table of base salaries "
            "starts on %(first)s. Add the value in force on that day under Administration › "
            "Base salaries."
        ) % {"day": f"{day:%d/%m/%Y}", "first": f"{first.effective_from:%d/%m/%Y}"}
    raise DecisionError(message, field="issued_on")


def amount_for(decision, day: datetime.date) -> int:
    """The lương cơ sở a decision pays on when issued on `day`: a correction keeps the value
    of the decision it corrects (an amendment lists again awards already paid, so only a
    changed award form changes their cash); any other decision the value in force on `day`."""
    corrects = decision.corrects
    if corrects is not None and corrects.base_salary:
        return int(corrects.base_salary)
    return int(base_salary_on(day).amount)
