"""The rules every result must meet, checked the same way for the form and for Excel.

`check_results` returns every problem (which entry, which field, why) and writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thiduaportal.text import nfc
from units.models import Unit

from ...models import Campaign, CampaignYear, Frequency, Indicator, IndicatorKind, Result
from .. import CampaignError
from ..campaign import InvalidInput, check_level, number
from .periods import open_periods, period_label

MAX_COUNT = 2_147_483_647  # the largest count the database column holds
NOTE_LENGTH = 255
FIELDS = ("year", "indicator", "unit", "period", "numerator", "denominator", "value", "note")


class ResultsError(CampaignError):
    """The results were refused; `problems` lists every one of them and nothing was saved."""

    def __init__(self, problems: Sequence[ResultProblem]):
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = str(self.problems[0])
        else:
            count = len(self.problems)
            message = ngettext(
                "%(count)d problem; nothing was saved.", "%(count)d problems; nothing was saved.", count
            ) % {"count": count}
        super().__init__(message)


@dataclass(frozen=True)
class ResultEntry:
    """One unit's figures for one indicator and period, as typed. Counts for a ratio,
    `value` for a percentage or score; all empty means "remove the stored result"."""

    indicator: Indicator
    period: int
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    value: Decimal | int | None = None
    note: str = ""

    @property
    def is_blank(self) -> bool:
        return self.numerator is None and self.denominator is None and self.value is None


@dataclass(frozen=True)
class ResultProblem:
    """Why an entry was refused: `index` in the list given, `field` (one of `FIELDS`), a
    short `message` for beside the field, and `where` (indicator and period) for a summary."""

    index: int
    field: str
    message: str
    where: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


# --------------------------------------------------------------------------- checks


def _where(entry: ResultEntry, year: int) -> str:
    return f"{entry.indicator.name}, {period_label(entry.indicator, entry.period)}/{year}"


def _shown(value) -> str:
    return number(value) if isinstance(value, Decimal) else str(value)


def _count(value, what: str) -> tuple[int | None, str | None]:
    """A count as an int, or the reason it is not one."""
    try:
        value = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None, _("%(what)s must be a number.") % {"what": what}
    shown = {"what": what, "value": _shown(value)}
    if not value.is_finite() or value != value.to_integral_value():
        return None, _("%(what)s must be a whole number (%(value)s).") % shown
    if value < 0:
        return None, _("%(what)s cannot be negative (%(value)s).") % shown
    if value > MAX_COUNT:
        return None, _("%(what)s is too large (%(value)s).") % shown
    return int(value), None


def _ratio_problems(entry: ResultEntry) -> list[tuple[str, str]]:
    if entry.value is not None:
        return [
            (
                "value",
                _(
                    "This indicator is a ratio of two counts: enter the numerator and the denominator, not a value."
                ),
            )
        ]
    if entry.numerator is None or entry.denominator is None:
        missing = "numerator" if entry.numerator is None else "denominator"
        message = _("Enter the numerator too.") if missing == "numerator" else _("Enter the denominator too.")
        return [(missing, message)]
    numerator, problem_n = _count(entry.numerator, _("The numerator"))
    denominator, problem_d = _count(entry.denominator, _("The denominator"))
    problems = [(f, p) for f, p in (("numerator", problem_n), ("denominator", problem_d)) if p]
    if problems:
        return problems
    if denominator == 0 and numerator > 0:
        return [
            (
                "denominator",
                _(
                    "The denominator is 0 while the numerator is %(numerator)s; a rate needs a denominator above 0."
                )
                % {"numerator": numerator},
            )
        ]
    if numerator > denominator:
        return [
            (
                "numerator",
                _("The numerator (%(numerator)s) cannot exceed the denominator (%(denominator)s).")
                % {"numerator": numerator, "denominator": denominator},
            )
        ]
    return []


def _value_problems(entry: ResultEntry) -> list[tuple[str, str]]:
    if entry.numerator is not None or entry.denominator is not None:
        field = "numerator" if entry.numerator is not None else "denominator"
        return [
            (
                field,
                _(
                    "This indicator takes a value, not two counts: leave the numerator and the denominator empty."
                ),
            )
        ]
    try:
        check_level(entry.value, kind=entry.indicator.kind, what=_("The value"))
    except InvalidInput as error:
        return [("value", str(error))]
    return []


def _figure_problems(entry: ResultEntry) -> list[tuple[str, str]]:
    """(field, message) for the figures of one non-blank entry."""
    problems = (
        _ratio_problems(entry) if entry.indicator.kind == IndicatorKind.RATIO else _value_problems(entry)
    )
    if len(nfc(entry.note).strip()) > NOTE_LENGTH:
        problems.append(("note", _("The note is too long: at most %(n)d characters.") % {"n": NOTE_LENGTH}))
    return problems


def _year_problem(campaign: Campaign, year: int) -> str | None:
    if not campaign.accepts_results_for(year):
        return _(
            "%(year)s is outside “%(campaign)s”: results are entered for %(first)s–%(last)s "
            "(the year before the first is the baseline)."
        ) % {"year": year, "campaign": campaign, "first": campaign.baseline_year, "last": campaign.end_year}
    if CampaignYear.objects.filter(campaign=campaign, year=year, is_closed=True).exists():
        return _("The year %(year)s of “%(campaign)s” is closed; its results can no longer change.") % {
            "year": year,
            "campaign": campaign,
        }
    return None


def _period_problem(entry: ResultEntry, year: int, today: datetime.date) -> str | None:
    indicator = entry.indicator
    if not 1 <= entry.period <= indicator.periods_per_year:
        if indicator.frequency == Frequency.QUARTERLY:
            return _(
                "“%(indicator)s” is reported by quarter: the period must be from 1 to 4, not %(period)s."
            ) % {
                "indicator": indicator,
                "period": entry.period,
            }
        return _("“%(indicator)s” is reported by month: the period must be from 1 to 12, not %(period)s.") % {
            "indicator": indicator,
            "period": entry.period,
        }
    if entry.period not in open_periods(indicator, year, today=today):
        return capfirst(
            _("%(period)s/%(year)s has not started yet; results cannot be entered in advance.")
            % {"period": period_label(indicator, entry.period), "year": year}
        )
    return None


def stored_results(
    unit: Unit, year: int, entries: Sequence[ResultEntry], *, lock: bool = False
) -> dict[tuple[int, int], Result]:
    """(indicator id, period) -> the stored result of each entry's period, if any. One query."""
    keys = {(e.indicator.pk, e.period) for e in entries}
    queryset = Result.objects.filter(unit=unit, year=year, indicator_id__in={k[0] for k in keys})
    if lock:
        queryset = queryset.select_for_update()
    return {(r.indicator_id, r.period): r for r in queryset if (r.indicator_id, r.period) in keys}


def _figures(result: Result) -> str:
    if result.numerator is not None:
        return f"{result.numerator}/{result.denominator}"
    return number(result.value) if result.value is not None else "—"


def check_results(
    unit: Unit,
    *,
    campaign: Campaign,
    year: int,
    entries: Sequence[ResultEntry],
    update_existing: bool = True,
    today: datetime.date | None = None,
) -> list[ResultProblem]:
    """Every problem of `entries` for `unit` in `year` of `campaign`; writes nothing.

    Refused: a year outside `campaign.baseline_year..end_year` or closed; an indicator of
    another campaign or that the unit does not report; a period outside 1..12 (months) or
    1..4 (quarters) or not started yet; the same indicator and period twice; missing,
    negative or non-integer counts, a numerator above the denominator, a denominator of 0
    under a numerator above 0; a value outside 0–100 for a percentage; counts for a value
    indicator and the reverse; a blank entry with nothing stored to remove. With
    `update_existing=False` (Excel) a period that already has a stored result is refused
    too. Three queries, whatever the number of entries.
    """
    today = today or timezone.localdate()
    problems: list[ResultProblem] = []
    year_problem = _year_problem(campaign, year)
    reported = set(
        Indicator.reporting_units.through.objects.filter(
            unit_id=unit.pk, indicator__campaign=campaign
        ).values_list("indicator_id", flat=True)
    )
    existing = stored_results(unit, year, entries)
    seen: set[tuple[int, int]] = set()
    for index, entry in enumerate(entries):
        found = _entry_problems(entry, campaign, year, today, year_problem, reported)
        key = (entry.indicator.pk, entry.period)
        if not found and key in seen:
            found.append(("period", _("This period is entered more than once.")))
        seen.add(key)
        if not found:
            found = _stored_problems(entry, existing.get(key), update_existing)
        problems.extend(ResultProblem(index, f, m, _where(entry, year)) for f, m in found)
    return problems


def _entry_problems(entry, campaign, year, today, year_problem, reported) -> list[tuple[str, str]]:
    indicator = entry.indicator
    if year_problem:
        return [("year", year_problem)]
    if indicator.campaign_id != campaign.pk:
        return [
            (
                "indicator",
                _("“%(indicator)s” is not an indicator of “%(campaign)s”.")
                % {"indicator": indicator, "campaign": campaign},
            )
        ]
    if indicator.pk not in reported:
        return [("unit", _("This unit does not report “%(indicator)s”.") % {"indicator": indicator})]
    period_problem = _period_problem(entry, year, today)
    if period_problem:
        return [("period", period_problem)]
    return [] if entry.is_blank else _figure_problems(entry)


def _stored_problems(
    entry: ResultEntry, stored: Result | None, update_existing: bool
) -> list[tuple[str, str]]:
    if stored is not None and not update_existing:
        return [
            (
                "period",
                _(
                    "A result is already stored for this period (%(figures)s); correct it on the results "
                    "entry screen instead of importing it again."
                )
                % {"figures": _figures(stored)},
            )
        ]
    if entry.is_blank and (stored is None or not update_existing):
        field = "numerator" if entry.indicator.kind == IndicatorKind.RATIO else "value"
        message = (
            _("Enter the numerator and the denominator.") if field == "numerator" else _("Enter the value.")
        )
        return [(field, message)]
    return []
