"""Rates of indicators, aggregated in the database, and their status against targets.

A ratio indicator's rate over any set of units and periods is Σ numerator / Σ denominator
× 100 (never an average of percentages); a percentage or score indicator is averaged. Each
function runs a fixed number of queries whatever the number of results.

Status, from data only:
- against the year's target: *reached* when the year's rate meets it; *on track* when it
  does not yet but the latest reported period does; *behind* otherwise;
- against the final (last-year) target: *reached* when the rate meets it; *on track* when
  it meets this year's target on the path there; *behind* otherwise;
- *no data* when nothing was reported. "Meets" reads the indicator's direction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Avg, Count, Sum
from django.utils.translation import gettext_lazy as _

from units.models import Unit

from ..models import Campaign, Indicator, IndicatorKind, IndicatorTarget, Result

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


class Status(models.TextChoices):
    REACHED = "reached", _("Reached")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NO_DATA = "no_data", _("No data")


@dataclass(frozen=True)
class Rate:
    """An aggregate: summed counts for a ratio, the mean value otherwise."""

    kind: str
    numerator: int = 0
    denominator: int = 0
    mean: Decimal | None = None
    reports: int = 0

    @property
    def percent(self) -> Decimal | None:
        """The rate in % (or the score), rounded to two places; None when nothing counts."""
        if self.kind == IndicatorKind.RATIO:
            if not self.denominator:
                return None
            return (Decimal(self.numerator) * HUNDRED / Decimal(self.denominator)).quantize(
                TWO_PLACES, ROUND_HALF_UP
            )
        return None if self.mean is None else Decimal(self.mean).quantize(TWO_PLACES, ROUND_HALF_UP)


def _rate(kind: str, row: dict) -> Rate:
    return Rate(
        kind=kind,
        numerator=row.get("num") or 0,
        denominator=row.get("den") or 0,
        mean=row.get("avg"),
        reports=row.get("n") or 0,
    )


def _aggregate(queryset, *group_by: str):
    return queryset.values(*group_by).annotate(
        num=Sum("numerator"), den=Sum("denominator"), avg=Avg("value"), n=Count("pk")
    )


def _results(campaign: Campaign, year: int, *, units: Iterable[Unit] | None, through: int | None):
    queryset = Result.objects.filter(indicator__campaign=campaign, year=year)
    if units is not None:
        queryset = queryset.filter(unit__in=list(units))
    if through is not None:
        queryset = queryset.filter(period__lte=through)
    return queryset


def year_rates(
    campaign: Campaign, year: int, *, units: Iterable[Unit] | None = None, through: int | None = None
) -> dict[int, Rate]:
    """indicator id -> the year's rate over the given units (all when None), up to period
    `through` when given. One query."""
    kinds = dict(campaign.indicators.values_list("pk", "kind"))
    rows = _aggregate(_results(campaign, year, units=units, through=through).order_by(), "indicator")
    return {row["indicator"]: _rate(kinds[row["indicator"]], row) for row in rows}


def period_rates(
    campaign: Campaign, year: int, *, units: Iterable[Unit] | None = None
) -> dict[int, dict[int, Rate]]:
    """indicator id -> {period -> rate} for a year (months or quarters per indicator). One query."""
    kinds = dict(campaign.indicators.values_list("pk", "kind"))
    series: dict[int, dict[int, Rate]] = defaultdict(dict)
    for row in _aggregate(
        _results(campaign, year, units=units, through=None).order_by(), "indicator", "period"
    ):
        series[row["indicator"]][row["period"]] = _rate(kinds[row["indicator"]], row)
    return series


def unit_rates(campaign: Campaign, year: int) -> dict[tuple[int, int], Rate]:
    """(indicator id, unit id) -> each unit's own rate for the year. One query."""
    kinds = dict(campaign.indicators.values_list("pk", "kind"))
    rows = _aggregate(_results(campaign, year, units=None, through=None).order_by(), "indicator", "unit")
    return {(row["indicator"], row["unit"]): _rate(kinds[row["indicator"]], row) for row in rows}


def targets(campaign: Campaign) -> dict[tuple[int, int], Decimal]:
    """(indicator id, year) -> that year's target. One query."""
    return {
        (indicator_id, year): value
        for indicator_id, year, value in IndicatorTarget.objects.filter(
            indicator__campaign=campaign
        ).values_list("indicator_id", "year", "value")
    }


def meets(indicator: Indicator, value: Decimal | None, target: Decimal | None) -> bool:
    if value is None or target is None:
        return False
    return value >= target if indicator.higher_is_better else value <= target


def status_for_year(
    indicator: Indicator, rate: Decimal | None, target: Decimal | None, latest: Decimal | None
) -> str:
    """Status against the year's target (see the module docstring)."""
    if rate is None or target is None:
        return Status.NO_DATA
    if meets(indicator, rate, target):
        return Status.REACHED
    return Status.ON_TRACK if meets(indicator, latest, target) else Status.BEHIND


def status_for_final(indicator: Indicator, rate: Decimal | None, year_target: Decimal | None) -> str:
    """Status against the final target (see the module docstring)."""
    if rate is None:
        return Status.NO_DATA
    if meets(indicator, rate, indicator.final_target):
        return Status.REACHED
    return Status.ON_TRACK if meets(indicator, rate, year_target) else Status.BEHIND


@dataclass
class IndicatorStatus:
    """One indicator's year at a glance: rate, targets, both statuses and the period series."""

    indicator: Indicator
    year: int
    rate: Rate | None
    target: Decimal | None
    latest: Decimal | None
    year_status: str
    final_status: str
    series: dict[int, Rate] = field(default_factory=dict)

    @property
    def percent(self) -> Decimal | None:
        return self.rate.percent if self.rate else None


def summary(campaign: Campaign, year: int, *, units: Iterable[Unit] | None = None) -> list[IndicatorStatus]:
    """Every indicator of the campaign for a year, over the given units (the commune when
    None). A fixed number of queries (five), whatever the number of results."""
    units = list(units) if units is not None else None
    indicators = list(campaign.indicators.all())
    totals = year_rates(campaign, year, units=units)
    series = period_rates(campaign, year, units=units)
    goals = targets(campaign)
    statuses = []
    for indicator in indicators:
        rate = totals.get(indicator.pk)
        points = series.get(indicator.pk, {})
        latest = points[max(points)].percent if points else None
        target = goals.get((indicator.pk, year))
        percent = rate.percent if rate else None
        statuses.append(
            IndicatorStatus(
                indicator=indicator,
                year=year,
                rate=rate,
                target=target,
                latest=latest,
                year_status=status_for_year(indicator, percent, target, latest),
                final_status=status_for_final(indicator, percent, target),
                series=points,
            )
        )
    return statuses
