"""Reading results: the year's overview per unit, and units missing the latest period."""

from __future__ import annotations

import datetime
import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.db.models import Q
from django.utils import timezone

from units.models import Unit

from ...models import Campaign, Indicator, Result
from .. import rates
from ..rates import Rate
from .periods import due_period, ended_periods, open_periods


def missing_results(
    campaign: Campaign,
    year: int | None = None,
    period_through: int | None = None,
    *,
    today: datetime.date | None = None,
) -> dict[int, list[Indicator]]:
    """unit id -> the indicators that unit reports but has not entered for the latest
    period due: "units without results this period", for the dashboard.

    `period_through` is the number of months of `year` that are over (default: the months
    before this one for the current year, 12 for a past year, 0 for a future year). A
    monthly indicator is due for that month, a quarterly one for the last quarter wholly
    over (none in the first quarter's months). Active units only. Two queries.
    """
    today = today or timezone.localdate()
    year = today.year if year is None else year
    if period_through is None:
        period_through = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    if period_through < 1 or not campaign.accepts_results_for(year):
        return {}
    pairs = list(
        Indicator.reporting_units.through.objects.filter(indicator__campaign=campaign, unit__is_active=True)
        .select_related("indicator")
        .order_by("indicator__order", "indicator_id", "unit_id")
    )
    indicators = {pair.indicator_id: pair.indicator for pair in pairs}
    due = {pk: due_period(indicator, period_through) for pk, indicator in indicators.items()}
    wanted = [Q(indicator_id=pk, period=period) for pk, period in due.items() if period]
    if not wanted:
        return {}
    entered = set(
        Result.objects.filter(reduce(operator.or_, wanted), year=year).values_list("indicator_id", "unit_id")
    )
    missing: dict[int, list[Indicator]] = defaultdict(list)
    for pair in pairs:
        if due[pair.indicator_id] and (pair.indicator_id, pair.unit_id) not in entered:
            missing[pair.unit_id].append(indicators[pair.indicator_id])
    return dict(missing)


@dataclass(frozen=True)
class OverviewRow:
    indicator: Indicator
    rate: Rate | None
    expected: int
    target: Decimal | None
    owed: int = 0  # periods ended: fewer reported is late (the current period is not)

    @property
    def reported(self) -> int:
        return self.rate.reports if self.rate else 0


@dataclass(frozen=True)
class UnitResults:
    unit: Unit
    rows: list[OverviewRow]


def results_overview(
    campaign: Campaign,
    year: int,
    *,
    unit_ids: Sequence[int] | None = None,
    today: datetime.date | None = None,
) -> list[UnitResults]:
    """Each reporting unit (only `unit_ids` when given) with, per indicator it reports, the
    year's rate from its own counts, the periods reported and the periods open so far.
    Four queries."""
    pairs = Indicator.reporting_units.through.objects.filter(indicator__campaign=campaign)
    if unit_ids is not None:
        pairs = pairs.filter(unit_id__in=list(unit_ids))
    pairs = pairs.select_related("unit", "indicator").order_by(
        "unit__name", "indicator__order", "indicator_id"
    )
    own_rates = rates.unit_rates(campaign, year)
    goals = rates.targets(campaign)
    groups: dict[int, UnitResults] = {}
    for pair in pairs:
        group = groups.setdefault(pair.unit_id, UnitResults(unit=pair.unit, rows=[]))
        indicator = pair.indicator
        group.rows.append(
            OverviewRow(
                indicator=indicator,
                rate=own_rates.get((indicator.pk, pair.unit_id)),
                expected=len(open_periods(indicator, year, today=today)),
                target=goals.get((indicator.pk, year)),
                owed=ended_periods(indicator, year, today=today),
            )
        )
    return list(groups.values())
