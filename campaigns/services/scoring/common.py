"""What every part of scoring shares: the error, the year lock, the sheet, the units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from units.models import Unit

from ...models import Campaign, CampaignYear, CriterionSource, Registration, ScoringCriterion, UnitScore
from .. import CampaignError
from ..registration import registering_units

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
POINTS_LIMIT = Decimal("10000")  # the columns hold 6 digits, 2 after the point
TITLE_LENGTH = 255
AUTOMATIC = frozenset(CriterionSource.values) - {CriterionSource.MANUAL}

Key = tuple[int, int]  # (criterion id, unit id)


class ScoringError(CampaignError):
    """A scoring rule refused the change. `field` names the form field it came from, when
    there is one; `problems` lists (criterion id, unit id) -> message for a grid of scores."""

    def __init__(self, message: str, *, field: str | None = None, problems: Sequence[tuple[Key, str]] = ()):
        super().__init__(message, field=field)
        self.problems = list(problems)


@dataclass(frozen=True)
class Points:
    """Points computed for one unit on one automatic criterion, with the reason."""

    points: Decimal
    comment: str


# --------------------------------------------------------------------------- shared


def number(value: Decimal) -> str:
    """A number as the user's language writes it, without trailing zeros ("72,5", "80")."""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value)


def campaign_year(campaign: Campaign, year: int) -> CampaignYear:
    """The year's period, locked for the rest of the transaction; refused outside the
    campaign or when the year is closed."""
    if not campaign.covers(year):
        raise ScoringError(
            _("%(year)s is not a year of “%(campaign)s” (%(start)s–%(end)s), so it has no scoring sheet.")
            % {"year": year, "campaign": campaign, "start": campaign.start_year, "end": campaign.end_year}
        )
    period, _created = CampaignYear.objects.select_for_update().get_or_create(campaign=campaign, year=year)
    if period.is_closed:
        raise ScoringError(
            _(
                "The year %(year)s of “%(campaign)s” is closed; its scoring sheet and scores can no longer change."
            )
            % {"year": year, "campaign": campaign}
        )
    return period


def sheet(campaign: Campaign, year: int) -> list[ScoringCriterion]:
    """The year's criteria in order, with their indicators. One query."""
    return list(
        ScoringCriterion.objects.filter(campaign=campaign, year=year)
        .select_related("indicator")
        .order_by("order", "pk")
    )


def scored_units(campaign: Campaign, year: int) -> list[Unit]:
    """The units scored for the year, by name: the units expected to register (active, the
    People's Committee excepted), any unit with a registration for the year, and any unit
    already holding a score on the year's sheet. One query."""
    registered = Registration.objects.filter(campaign=campaign, year=year).values("unit_id")
    scored = UnitScore.objects.filter(criterion__campaign=campaign, criterion__year=year).values("unit_id")
    expected = registering_units().values("pk")
    return list(
        Unit.objects.filter(Q(pk__in=expected) | Q(pk__in=registered) | Q(pk__in=scored)).order_by("name")
    )
