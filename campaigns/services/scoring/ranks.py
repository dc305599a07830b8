"""The year's ranking of units by their total points."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from units.models import Unit

from ...models import Campaign, CampaignYear, ScoringCriterion, UnitScore
from .common import HUNDRED, TWO_PLACES, scored_units, sheet


@dataclass
class RankedUnit:
    """A unit's line of the ranking: its points on each criterion (None where not scored)."""

    rank: int
    unit: Unit
    scores: list[UnitScore | None]
    total: Decimal
    percent: Decimal | None


@dataclass
class Ranking:
    """The year's sheet and every scored unit, best first; tied totals share a rank."""

    campaign: Campaign
    year: int
    is_closed: bool
    criteria: list[ScoringCriterion]
    rows: list[RankedUnit]

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria), Decimal(0))


def ranking(campaign: Campaign, year: int) -> Ranking:
    """The ranking of the year: units by total points (ties share a rank: 1, 2, 2, 4; then
    by name), each criterion's points, the total and its percentage of the sheet's maximum.
    Four queries, whatever the number of units and criteria."""
    criteria = sheet(campaign, year)
    units = scored_units(campaign, year)
    is_closed = CampaignYear.objects.filter(campaign=campaign, year=year, is_closed=True).exists()
    found = {(s.criterion_id, s.unit_id): s for s in UnitScore.objects.filter(criterion__in=criteria)}
    max_total = sum((c.max_points for c in criteria), Decimal(0))
    rows = []
    for unit in units:
        scores = [found.get((criterion.pk, unit.pk)) for criterion in criteria]
        total = sum((s.points for s in scores if s), Decimal(0))
        percent = (total * HUNDRED / max_total).quantize(TWO_PLACES, ROUND_HALF_UP) if max_total else None
        rows.append(RankedUnit(rank=0, unit=unit, scores=scores, total=total, percent=percent))
    rows.sort(key=lambda row: -row.total)  # stable: equal totals stay by name
    for position, row in enumerate(rows, start=1):
        tied = position > 1 and rows[position - 2].total == row.total
        row.rank = rows[position - 2].rank if tied else position
    return Ranking(campaign=campaign, year=year, is_closed=is_closed, criteria=criteria, rows=rows)
