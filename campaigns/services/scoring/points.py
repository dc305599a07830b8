"""Automatic points: computed from the movement's data, never typed (see the package docstring)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from units.models import Unit

from ...models import (
    Campaign,
    CriterionSource,
    Indicator,
    IndicatorKind,
    Initiative,
    InitiativeState,
    Registration,
    RegistrationState,
    ScoringCriterion,
    UnitScore,
)
from ..index import index_checks
from ..rates import Rate, targets, unit_rates
from .common import AUTOMATIC, TWO_PLACES, Key, Points, campaign_year, number, scored_units, sheet


def _share_of_target(indicator: Indicator, rate: Decimal, target: Decimal) -> Decimal:
    """The share (0 to 1) of the maximum a rate earns against a target (module docstring)."""
    if indicator.higher_is_better:
        return Decimal(1) if target == 0 or rate >= target else rate / target
    return Decimal(1) if rate <= target else target / rate


def _indicator_points(
    criterion: ScoringCriterion, rate: Rate | None, target: Decimal | None, year: int
) -> Points:
    indicator = criterion.indicator
    value = rate.percent if rate else None
    if value is None:
        return Points(Decimal(0), _("No results reported for %(year)s.") % {"year": year})
    final = target is None
    target = indicator.final_target if final else target
    share = _share_of_target(indicator, value, target)
    points = (criterion.max_points * share).quantize(TWO_PLACES, ROUND_HALF_UP)
    shown = {"rate": number(value), "target": number(target), "year": year}
    if indicator.kind == IndicatorKind.SCORE:
        text = (
            _("Score %(rate)s / final target %(target)s (no target for %(year)s)")
            if final
            else _("Score %(rate)s / target %(target)s")
        )
    else:
        text = (
            _("Rate %(rate)s%% / final target %(target)s%% (no target for %(year)s)")
            if final
            else _("Rate %(rate)s%% / target %(target)s%%")
        )
    return Points(points, text % shown)


def _registration_points(criterion: ScoringCriterion, state: str | None, year: int) -> Points:
    if state == RegistrationState.ACCEPTED:
        return Points(criterion.max_points, _("Registration for %(year)s accepted.") % {"year": year})
    if state is None:
        return Points(Decimal(0), _("No registration for %(year)s.") % {"year": year})
    label = RegistrationState(state).label
    return Points(
        Decimal(0), _("Registration for %(year)s not accepted (%(state)s).") % {"year": year, "state": label}
    )


def _index_points(criterion: ScoringCriterion, check) -> Points:
    if check is None:
        return Points(Decimal(0), _("Criterion 2 could not be checked."))
    return Points(criterion.max_points if check.passed else Decimal(0), str(check.reason))


def _recognised_initiatives(unit_ids: list[int], year: int) -> dict[int, list[str]]:
    """unit id -> "title (decision)" of initiatives recognised in the year that the unit
    proposed or took part in. Two queries."""
    recognised = Initiative.objects.filter(state=InitiativeState.RECOGNISED, decision_date__year=year)
    found: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for unit_id, title, decision in recognised.filter(owner_unit_id__in=unit_ids).values_list(
        "owner_unit_id", "title", "decision_number"
    ):
        found[unit_id].add((title, decision))
    links = Initiative.units.through.objects.filter(initiative__in=recognised, unit_id__in=unit_ids)
    for unit_id, title, decision in links.values_list(
        "unit_id", "initiative__title", "initiative__decision_number"
    ):
        found[unit_id].add((title, decision))
    return {
        unit_id: [
            _("“%(title)s” (decision %(number)s)") % {"title": title, "number": decision}
            for title, decision in sorted(items)
        ]
        for unit_id, items in found.items()
    }


def _initiative_points(criterion: ScoringCriterion, titles: list[str] | None, year: int) -> Points:
    if not titles:
        return Points(Decimal(0), _("No initiative recognised in %(year)s.") % {"year": year})
    return Points(
        criterion.max_points,
        _("Recognised in %(year)s: %(initiatives)s.") % {"year": year, "initiatives": "; ".join(titles)},
    )


def automatic_points(
    campaign: Campaign, year: int, criteria: Iterable[ScoringCriterion], units: Iterable[Unit]
) -> dict[Key, Points]:
    """(criterion id, unit id) -> the points each automatic criterion gives each unit, as
    the module docstring explains; manual criteria are skipped. Reads only: a fixed number
    of queries whatever the number of units and criteria. Comments are written in the
    portal's default language, since they are stored."""
    units = list(units)
    by_source: dict[str, list[ScoringCriterion]] = defaultdict(list)
    for criterion in criteria:
        by_source[criterion.source].append(criterion)
    found: dict[Key, Points] = {}
    with translation.override(settings.LANGUAGE_CODE):
        if by_source[CriterionSource.INDICATOR]:
            rates, goals = unit_rates(campaign, year), targets(campaign)
            for criterion in by_source[CriterionSource.INDICATOR]:
                for unit in units:
                    rate = rates.get((criterion.indicator_id, unit.pk))
                    target = goals.get((criterion.indicator_id, year))
                    found[criterion.pk, unit.pk] = _indicator_points(criterion, rate, target, year)
        if by_source[CriterionSource.REGISTRATION]:
            states = dict(
                Registration.objects.filter(campaign=campaign, year=year).values_list("unit_id", "state")
            )
            for criterion in by_source[CriterionSource.REGISTRATION]:
                for unit in units:
                    found[criterion.pk, unit.pk] = _registration_points(criterion, states.get(unit.pk), year)
        if by_source[CriterionSource.INDEX]:
            checks = index_checks(units, year)
            for criterion in by_source[CriterionSource.INDEX]:
                for unit in units:
                    found[criterion.pk, unit.pk] = _index_points(criterion, checks.get(unit.pk))
        if by_source[CriterionSource.INITIATIVES]:
            titles = _recognised_initiatives([unit.pk for unit in units], year)
            for criterion in by_source[CriterionSource.INITIATIVES]:
                for unit in units:
                    found[criterion.pk, unit.pk] = _initiative_points(criterion, titles.get(unit.pk), year)
    return found


def store_automatic(
    campaign: Campaign, year: int, *, actor, criteria: Sequence[ScoringCriterion] | None = None
) -> int:
    """Store the automatic points of the given criteria (all of the sheet's when None);
    only changed rows are written. Returns the number of rows written."""
    criteria = [c for c in (sheet(campaign, year) if criteria is None else criteria) if c.source in AUTOMATIC]
    if not criteria:
        return 0
    computed = automatic_points(campaign, year, criteria, scored_units(campaign, year))
    existing = {
        (score.criterion_id, score.unit_id): score
        for score in UnitScore.objects.select_for_update().filter(criterion__in=criteria)
    }
    written = 0
    for (criterion_id, unit_id), value in computed.items():
        score = existing.get((criterion_id, unit_id))
        if score is None:
            UnitScore.objects.create(
                criterion_id=criterion_id,
                unit_id=unit_id,
                points=value.points,
                comment=value.comment,
                scored_by=actor,
            )
        elif (score.points, score.comment) != (value.points, value.comment):
            score.points, score.comment, score.scored_by = value.points, value.comment, actor
            score.save(update_fields=["points", "comment", "scored_by", "scored_at"])
        else:
            continue
        written += 1
    return written


@transaction.atomic
def recalculate(campaign: Campaign, *, year: int, actor) -> int:
    """Recompute and store the automatic points of an open year's sheet for every scored
    unit ("Recalculate"). Returns the number of scores written (unchanged ones are not)."""
    campaign_year(campaign, year)
    return store_automatic(campaign, year, actor=actor)
