"""The yearly scoring sheet: its criteria, their order, and a copy of last year's."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from thiduaportal.text import fold, nfc

from ...models import Campaign, CriterionSource, Indicator, ScoringCriterion
from .common import AUTOMATIC, POINTS_LIMIT, TITLE_LENGTH, ScoringError, campaign_year, number, sheet
from .points import store_automatic


def _decimal(value, *, what: str, field: str) -> Decimal:
    try:
        value = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ScoringError(_("%(what)s must be a number.") % {"what": what}, field=field) from None
    if not value.is_finite():
        raise ScoringError(_("%(what)s must be a number.") % {"what": what}, field=field)
    return value


def _clean_max(value, *, title: str) -> Decimal:
    what = _("The maximum of “%(title)s”") % {"title": title}
    if value is None or value == "":
        raise ScoringError(
            _("Enter the maximum points of “%(title)s”.") % {"title": title}, field="max_points"
        )
    value = _decimal(value, what=what, field="max_points")
    shown = {"what": what, "value": number(value)}
    if value <= 0:
        raise ScoringError(_("%(what)s must be more than 0 (%(value)s).") % shown, field="max_points")
    if value >= POINTS_LIMIT:
        raise ScoringError(_("%(what)s is too large (%(value)s).") % shown, field="max_points")
    if value.as_tuple().exponent < -2:
        raise ScoringError(
            _("%(what)s takes at most two decimal places (%(value)s).") % shown, field="max_points"
        )
    return value


def _clean_criterion(
    campaign: Campaign,
    year: int,
    *,
    title: str,
    max_points,
    source: str,
    indicator: Indicator | None,
    pk=None,
) -> dict:
    """The criterion's fields, checked and cleaned (see `add_criterion`)."""
    title = " ".join(nfc(title or "").split())
    if not title:
        raise ScoringError(_("Enter the criterion."), field="title")
    if len(title) > TITLE_LENGTH:
        raise ScoringError(
            _("The criterion is too long: at most %(n)s characters.") % {"n": TITLE_LENGTH}, field="title"
        )
    siblings = ScoringCriterion.objects.filter(campaign=campaign, year=year).exclude(pk=pk)
    if any(fold(other) == fold(title) for other in siblings.values_list("title", flat=True)):
        raise ScoringError(
            _("The sheet of %(year)s already has the criterion “%(title)s”.")
            % {"year": year, "title": title},
            field="title",
        )
    max_points = _clean_max(max_points, title=title)
    if source not in CriterionSource.values:
        raise ScoringError(
            _("Choose where the points of “%(title)s” come from.") % {"title": title}, field="source"
        )
    if source != CriterionSource.INDICATOR:
        indicator = None
    elif indicator is None:
        raise ScoringError(
            _("Choose the indicator whose results give the points of “%(title)s”.") % {"title": title},
            field="indicator",
        )
    elif indicator.campaign_id != campaign.pk:
        raise ScoringError(
            _("The indicator “%(indicator)s” belongs to another campaign; choose one of “%(campaign)s”.")
            % {"indicator": indicator, "campaign": campaign},
            field="indicator",
        )
    return {"title": title, "max_points": max_points, "source": source, "indicator": indicator}


@transaction.atomic
def add_criterion(
    campaign: Campaign,
    *,
    actor,
    year: int,
    title: str,
    max_points: Decimal,
    source: str = CriterionSource.MANUAL,
    indicator: Indicator | None = None,
) -> ScoringCriterion:
    """Add a criterion at the end of the year's sheet.

    Refused when the year is outside the campaign or closed, the title is empty or already
    on the sheet, the maximum is not above 0, or an indicator criterion names no indicator
    or one of another campaign. Side effects: one ScoringCriterion; for an automatic one,
    its points for every scored unit.
    """
    campaign_year(campaign, year)
    fields = _clean_criterion(
        campaign, year, title=title, max_points=max_points, source=source, indicator=indicator
    )
    last = ScoringCriterion.objects.filter(campaign=campaign, year=year).order_by("-order").first()
    criterion = ScoringCriterion.objects.create(
        campaign=campaign, year=year, order=(last.order + 1) if last else 1, **fields
    )
    if criterion.source in AUTOMATIC:
        store_automatic(campaign, year, actor=actor, criteria=[criterion])
    return criterion


@transaction.atomic
def update_criterion(
    criterion: ScoringCriterion,
    *,
    actor,
    title: str,
    max_points: Decimal,
    source: str,
    indicator: Indicator | None = None,
) -> ScoringCriterion:
    """Change a criterion of an open year's sheet (same checks as `add_criterion`).

    When its source or indicator changes, its scores are removed (they no longer read the
    same); a manual criterion's maximum cannot drop below points already given (the units
    are named). Side effects: the criterion; automatic points recomputed.
    """
    campaign = criterion.campaign
    campaign_year(campaign, criterion.year)
    locked = ScoringCriterion.objects.select_for_update().get(pk=criterion.pk)
    fields = _clean_criterion(
        campaign,
        locked.year,
        title=title,
        max_points=max_points,
        source=source,
        indicator=indicator,
        pk=locked.pk,
    )
    if (locked.source, locked.indicator_id) != (fields["source"], getattr(fields["indicator"], "pk", None)):
        locked.scores.all().delete()
    elif fields["source"] == CriterionSource.MANUAL:
        above = (
            locked.scores.filter(points__gt=fields["max_points"])
            .select_related("unit")
            .order_by("unit__name")
        )
        names = [score.unit.name for score in above]
        if names:
            raise ScoringError(
                _("The maximum of “%(title)s” cannot drop to %(max)s: %(units)s already have more points.")
                % {"title": fields["title"], "max": number(fields["max_points"]), "units": ", ".join(names)},
                field="max_points",
            )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    if locked.source in AUTOMATIC:
        store_automatic(campaign, locked.year, actor=actor, criteria=[locked])
    return locked


@transaction.atomic
def delete_criterion(criterion: ScoringCriterion, *, actor) -> None:
    """Remove a criterion of an open year's sheet, with its scores; the others keep their order."""
    campaign_year(criterion.campaign, criterion.year)
    ScoringCriterion.objects.select_for_update().get(pk=criterion.pk).delete()


@transaction.atomic
def move_criterion(criterion: ScoringCriterion, *, actor, step: int) -> list[ScoringCriterion]:
    """Move a criterion one place up (step -1) or down (step +1) on an open year's sheet;
    at either end it stays. The sheet is renumbered 1, 2, 3... Returns the sheet in order."""
    if step not in (-1, 1):
        raise ScoringError(_("A criterion moves one place up or down."))
    campaign = criterion.campaign
    campaign_year(campaign, criterion.year)
    criteria = list(
        ScoringCriterion.objects.select_for_update()
        .filter(campaign=campaign, year=criterion.year)
        .order_by("order", "pk")
    )
    index = next(i for i, c in enumerate(criteria) if c.pk == criterion.pk)
    other = index + step
    if 0 <= other < len(criteria):
        criteria[index], criteria[other] = criteria[other], criteria[index]
    for position, item in enumerate(criteria, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])
    return criteria


@transaction.atomic
def copy_previous_sheet(campaign: Campaign, *, year: int, actor) -> list[ScoringCriterion]:
    """Start the year's sheet as a copy of the previous year's (titles, maxima, sources,
    indicators, order), then compute the automatic points.

    Refused when the year is closed or outside the campaign, when it is the campaign's
    first year, when its sheet already has criteria, or when the previous sheet is empty.
    """
    campaign_year(campaign, year)
    previous = year - 1
    if previous < campaign.start_year:
        raise ScoringError(
            _("%(year)s is the first year of “%(campaign)s”; there is no earlier sheet to copy.")
            % {"year": year, "campaign": campaign}
        )
    if ScoringCriterion.objects.filter(campaign=campaign, year=year).exists():
        raise ScoringError(
            _("The sheet of %(year)s already has criteria; copy only into an empty sheet.") % {"year": year}
        )
    source = sheet(campaign, previous)
    if not source:
        raise ScoringError(_("The sheet of %(year)s has no criteria to copy.") % {"year": previous})
    copies = [
        ScoringCriterion.objects.create(
            campaign=campaign,
            year=year,
            order=position,
            title=criterion.title,
            max_points=criterion.max_points,
            source=criterion.source,
            indicator=criterion.indicator,
        )
        for position, criterion in enumerate(source, start=1)
    ]
    store_automatic(campaign, year, actor=actor)
    return copies
