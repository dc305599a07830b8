"""The movement's dashboard: indicators against their targets, who is behind or missing,
PAR INDEX / SIPAS component trends and recognised initiatives.

The office and the chairman read the commune (`commune_dashboard`); a unit reads its own
figures only (`unit_dashboard`). Every aggregate is computed in the database, and both
functions run a fixed number of queries whatever the number of results, units or years.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Q, Sum
from django.utils import timezone

from units.models import Unit

from ..models import (
    Campaign,
    Frequency,
    IndexComponent,
    IndexKind,
    Indicator,
    Initiative,
    Registration,
    Result,
)
from . import rates
from .index import code_key
from .registration import units_without_registration

LATEST_INITIATIVES = 5


@dataclass(frozen=True)
class Point:
    """One month or quarter of a card: its own rate and the rate of the year so far."""

    period: int
    rate: Decimal | None
    to_date: Decimal | None


@dataclass
class Card:
    """One indicator for the year: the rates service's status and the period points."""

    status: rates.IndicatorStatus
    points: list[Point]

    @property
    def indicator(self) -> Indicator:
        return self.status.indicator


@dataclass(frozen=True)
class YearCell:
    year: int
    rate: Decimal | None
    target: Decimal | None
    met: bool


@dataclass(frozen=True)
class BehindRow:
    """A reporting unit whose rate for the year misses the year's target."""

    indicator: Indicator
    unit: Unit
    rate: Decimal
    target: Decimal

    @property
    def gap(self) -> Decimal:
        """How far from the target, in points (always positive)."""
        return abs(self.target - self.rate)


@dataclass(frozen=True)
class MissingRow:
    """A reporting unit and the periods of one indicator it has sent no result for."""

    unit: Unit
    indicator: Indicator
    periods: list[int]


@dataclass(frozen=True)
class ComponentLine:
    """One PAR INDEX / SIPAS component across years (None where no score is known)."""

    index: str
    code: str
    name: str
    max_points: Decimal
    scores: dict[int, Decimal | None]

    def share(self, year: int) -> Decimal | None:
        """The year's score as a percentage of the maximum."""
        score = self.scores.get(year)
        if score is None:
            return None
        return (score * rates.HUNDRED / self.max_points).quantize(rates.TWO_PLACES)


@dataclass
class Dashboard:
    """Everything the dashboard page shows for one campaign, year and reader."""

    campaign: Campaign
    year: int
    unit: Unit | None
    cards: list[Card]
    years: list[int]
    year_table: list[tuple[Indicator, list[YearCell]]]
    missing: list[MissingRow]
    components: dict[str, list[ComponentLine]]
    component_years: list[int]
    initiative_count: int
    initiatives: list[Initiative]
    behind: list[BehindRow] = field(default_factory=list)
    without_registration: list[Unit] | None = None
    registration: Registration | None = None

    @property
    def registration_applies(self) -> bool:
        return self.campaign.covers(self.year)


# --------------------------------------------------------------------------- periods


def dashboard_years(campaign: Campaign) -> list[int]:
    """The years the dashboard offers: the baseline year and every year of the campaign."""
    return [campaign.baseline_year, *campaign.years]


def completed_period(indicator: Indicator, year: int, *, today: datetime.date) -> int:
    """The last month or quarter of `year` that has ended by `today` (0: none yet)."""
    if year < today.year:
        return indicator.periods_per_year
    if year > today.year:
        return 0
    months = today.month - 1
    return months if indicator.frequency == Frequency.MONTHLY else months // 3


# --------------------------------------------------------------------------- cards


def _to_date(kind: str, series: dict[int, rates.Rate], through: int) -> Decimal | None:
    points = [rate for period, rate in series.items() if period <= through]
    numerator = sum(rate.numerator for rate in points)
    denominator = sum(rate.denominator for rate in points)
    weighted = [(rate.mean, rate.reports) for rate in points if rate.mean is not None]
    reports = sum(n for _, n in weighted)
    mean = sum(Decimal(m) * n for m, n in weighted) / reports if reports else None
    return rates.Rate(kind=kind, numerator=numerator, denominator=denominator, mean=mean).percent


def _card(status: rates.IndicatorStatus) -> Card:
    indicator = status.indicator
    points = [
        Point(
            period,
            status.series[period].percent if period in status.series else None,
            _to_date(indicator.kind, status.series, period) if period in status.series else None,
        )
        for period in range(1, indicator.periods_per_year + 1)
    ]
    return Card(status, points)


def _cards(statuses: list[rates.IndicatorStatus], keep: set[int] | None = None) -> list[Card]:
    chosen = [s for s in statuses if keep is None or s.indicator.pk in keep]
    chosen.sort(key=lambda s: (not s.indicator.is_city_kpi, s.indicator.order, s.indicator.pk))
    return [_card(status) for status in chosen]


def _year_table(
    campaign: Campaign, indicators: list[Indicator], goals: dict, *, unit: Unit | None
) -> tuple[list[int], list[tuple[Indicator, list[YearCell]]]]:
    years = dashboard_years(campaign)
    results = Result.objects.filter(indicator__campaign=campaign, year__in=years)
    if unit is not None:
        results = results.filter(unit=unit)
    totals = {
        (row["indicator"], row["year"]): row
        for row in results.order_by()
        .values("indicator", "year")
        .annotate(num=Sum("numerator"), den=Sum("denominator"), avg=Avg("value"))
    }
    table = []
    for indicator in indicators:
        cells = []
        for year in years:
            row = totals.get((indicator.pk, year), {})
            percent = rates.Rate(
                kind=indicator.kind,
                numerator=row.get("num") or 0,
                denominator=row.get("den") or 0,
                mean=row.get("avg"),
            ).percent
            target = goals.get((indicator.pk, year))
            cells.append(YearCell(year, percent, target, rates.meets(indicator, percent, target)))
        table.append((indicator, cells))
    return years, table


# --------------------------------------------------------------------------- units


def units_behind(
    campaign: Campaign, year: int, indicators: list[Indicator], goals: dict, units: dict[int, Unit]
) -> list[BehindRow]:
    """Each unit whose own rate for the year misses the year's target, by indicator then by
    the widest gap. One query."""
    by_pk = {indicator.pk: indicator for indicator in indicators}
    rows = []
    for (indicator_id, unit_id), rate in rates.unit_rates(campaign, year).items():
        indicator, target, percent = by_pk[indicator_id], goals.get((indicator_id, year)), rate.percent
        if percent is None or target is None or rates.meets(indicator, percent, target):
            continue
        rows.append(BehindRow(indicator, units[unit_id], percent, target))
    order = {pk: n for n, pk in enumerate(by_pk)}
    rows.sort(key=lambda row: (order[row.indicator.pk], -row.gap, row.unit.name))
    return rows


def _reporting_pairs(campaign: Campaign, *, unit: Unit | None) -> list[tuple[int, int]]:
    through = Indicator.reporting_units.through.objects.filter(indicator__campaign=campaign)
    if unit is not None:
        through = through.filter(unit=unit)
    return list(through.order_by().values_list("indicator_id", "unit_id"))


def missing_results(
    campaign: Campaign,
    year: int,
    indicators: list[Indicator],
    units: dict[int, Unit],
    *,
    today: datetime.date,
    unit: Unit | None = None,
) -> list[MissingRow]:
    """Reporting units without a result. For the commune (`unit` None): the latest completed
    period of each indicator only. For one unit: every completed period it has not sent.
    Two queries."""
    by_pk = {indicator.pk: indicator for indicator in indicators}
    latest = {pk: completed_period(i, year, today=today) for pk, i in by_pk.items()}
    results = Result.objects.filter(indicator__campaign=campaign, year=year)
    if unit is None:
        results = results.filter(period__in=sorted(set(latest.values()) | {0}))
    else:
        results = results.filter(unit=unit)
    sent = set(results.order_by().values_list("indicator_id", "unit_id", "period"))
    rows = []
    for indicator_id, unit_id in _reporting_pairs(campaign, unit=unit):
        last = latest[indicator_id]
        wanted = [last] if unit is None and last else list(range(1, last + 1))
        periods = [p for p in wanted if (indicator_id, unit_id, p) not in sent]
        if periods:
            rows.append(MissingRow(units[unit_id], by_pk[indicator_id], periods))
    order = {pk: n for n, pk in enumerate(by_pk)}
    rows.sort(key=lambda row: (row.unit.name, order[row.indicator.pk]))
    return rows


# --------------------------------------------------------------------------- index and initiatives


def component_lines(
    from_year: int, to_year: int, *, unit: Unit | None = None
) -> dict[str, list[ComponentLine]]:
    """index -> its components with their scores from `from_year` to `to_year`, in code
    order; for a unit only the components it was assigned in one of those years. Name and
    maximum are the latest year's. One query (two for a unit)."""
    components = IndexComponent.objects.filter(year__gte=from_year, year__lte=to_year)
    assigned = None
    if unit is not None:
        assigned = set(components.filter(units=unit).values_list("index", "code"))
    lines: dict[tuple[str, str], ComponentLine] = {}
    rows = components.order_by("year").values_list("index", "code", "name", "max_points", "year", "score")
    for index, code, name, max_points, year, score in rows:
        if assigned is not None and (index, code) not in assigned:
            continue
        previous = lines.get((index, code))
        scores = previous.scores if previous else dict.fromkeys(range(from_year, to_year + 1))
        scores[year] = score
        lines[(index, code)] = ComponentLine(index, code, name, max_points, scores)
    grouped: dict[str, list[ComponentLine]] = defaultdict(list)
    for index, code in sorted(lines, key=lambda key: (key[0], code_key(key[1]))):
        grouped[index].append(lines[(index, code)])
    return {index: grouped[index] for index in IndexKind.values if grouped[index]}


def recognised_initiatives(
    campaign: Campaign, year: int, *, unit: Unit | None = None
) -> tuple[int, list[Initiative]]:
    """How many initiatives were recognised in the year (by decision date) for this campaign
    or for none, and the latest few; for a unit only those it proposed, applies or
    authored. Two queries."""
    initiatives = Initiative.objects.recognised().filter(
        Q(campaign=campaign) | Q(campaign__isnull=True), decision_date__year=year
    )
    if unit is not None:
        initiatives = initiatives.filter(
            Q(owner_unit=unit) | Q(units=unit) | Q(authors__unit=unit)
        ).distinct()
    latest = initiatives.select_related("owner_unit").order_by("-decision_date", "-pk")
    return initiatives.count(), list(latest[:LATEST_INITIATIVES])


# --------------------------------------------------------------------------- the two readers


def _common(campaign: Campaign, year: int, *, unit: Unit | None, today: datetime.date) -> dict:
    statuses = rates.summary(campaign, year, units=[unit] if unit else None)
    indicators = [status.indicator for status in statuses]
    goals = rates.targets(campaign)
    units = {u.pk: u for u in Unit.objects.all()} if unit is None else {unit.pk: unit}
    years, table = _year_table(campaign, indicators, goals, unit=unit)
    count, latest = recognised_initiatives(campaign, year, unit=unit)
    first = min(campaign.baseline_year, year)
    return {
        "statuses": statuses,
        "indicators": indicators,
        "goals": goals,
        "units": units,
        "fields": {
            "campaign": campaign,
            "year": year,
            "unit": unit,
            "years": years,
            "year_table": table,
            "missing": missing_results(campaign, year, indicators, units, today=today, unit=unit),
            "components": component_lines(first, year, unit=unit),
            "component_years": list(range(first, year + 1)),
            "initiative_count": count,
            "initiatives": latest,
        },
    }


def commune_dashboard(campaign: Campaign, year: int, *, today: datetime.date | None = None) -> Dashboard:
    """The office's and the chairman's view of a year: commune rates of every indicator (city
    KPIs first), units behind target, units without registration or results, component
    trends and recognised initiatives. A fixed number of queries."""
    today = today or timezone.localdate()
    data = _common(campaign, year, unit=None, today=today)
    unregistered = (
        list(units_without_registration(campaign, year).order_by("name")) if campaign.covers(year) else None
    )
    return Dashboard(
        cards=_cards(data["statuses"]),
        behind=units_behind(campaign, year, data["indicators"], data["goals"], data["units"]),
        without_registration=unregistered,
        **data["fields"],
    )


def unit_dashboard(
    campaign: Campaign, year: int, *, unit: Unit, today: datetime.date | None = None
) -> Dashboard:
    """A unit's own view of a year: its rates on the indicators it reports (or has results
    for), its registration, its missing periods, its components and its initiatives. No
    other unit's figures. A fixed number of queries."""
    today = today or timezone.localdate()
    data = _common(campaign, year, unit=unit, today=today)
    keep = {pk for pk, _ in _reporting_pairs(campaign, unit=unit)}
    keep |= {status.indicator.pk for status in data["statuses"] if status.rate is not None}
    data["fields"]["year_table"] = [row for row in data["fields"]["year_table"] if row[0].pk in keep]
    registration = Registration.objects.filter(campaign=campaign, unit=unit, year=year).first()
    return Dashboard(cards=_cards(data["statuses"], keep), registration=registration, **data["fields"])
