"""Campaigns, their yearly periods, indicators, yearly targets and reporting units.

Every write runs inside `transaction.atomic` and is recorded by django-auditlog (the actor
comes from the request). The rules are checked here whatever a form already checked; a
broken rule raises `InvalidInput` (a `CampaignError`) whose message names the field, the
year or the row, and nothing is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from thiduaportal.text import nfc
from units.models import Unit

from ..models import (
    Campaign,
    CampaignYear,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    Registration,
    Result,
    ScoringCriterion,
)
from . import CampaignError

# The fields the services accept, and those among them that hold free text (made NFC).
# fmt: off
CAMPAIGN_FIELDS = frozenset({
    "title", "code", "plan_number", "plan_date", "legal_bases", "start_year", "end_year",
    "midterm_year", "description", "launch_date", "is_public",
})
INDICATOR_FIELDS = frozenset({
    "code", "name", "definition", "numerator_label", "denominator_label", "kind", "direction",
    "frequency", "final_target", "is_city_kpi", "order",
})
_TEXT_FIELDS = frozenset({
    "title", "code", "plan_number", "legal_bases", "description", "name", "definition",
    "numerator_label", "denominator_label",
})
# fmt: on
PERCENT_KINDS = frozenset({IndicatorKind.RATIO, IndicatorKind.PERCENT})
MIN_YEAR, MAX_YEAR = 2000, 2100
LEVEL_LIMIT = Decimal("100000")  # the columns hold 7 digits, 2 after the point


class InvalidInput(CampaignError):
    """A value broke a rule. `field` names the form field it came from, when there is one."""


# --------------------------------------------------------------------------- shared checks


def number(value: Decimal) -> str:
    """A number as the user's language writes it (decimal comma in Vietnamese)."""
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return formats.number_format(value)


def check_level(value, *, kind: str, what: str, field: str | None = None) -> Decimal:
    """A target or committed level: a number ≥ 0 with at most two decimal places, and at
    most 100 for a ratio or a percentage. `what` names it in the message ("The target for
    2027"). Returns the value as a Decimal."""
    try:
        value = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("%(what)s must be a number.") % {"what": what}, field=field) from None
    if not value.is_finite():
        raise InvalidInput(_("%(what)s must be a number.") % {"what": what}, field=field)
    shown = {"what": what, "value": number(value)}
    if value < 0:
        raise InvalidInput(_("%(what)s cannot be negative (%(value)s).") % shown, field=field)
    if kind in PERCENT_KINDS and value > 100:
        raise InvalidInput(
            _("%(what)s is a percentage and cannot exceed 100 (%(value)s).") % shown, field=field
        )
    if value >= LEVEL_LIMIT:
        raise InvalidInput(_("%(what)s is too large (%(value)s).") % shown, field=field)
    if value.as_tuple().exponent < -2:
        raise InvalidInput(_("%(what)s takes at most two decimal places (%(value)s).") % shown, field=field)
    return value


def _clean_text(fields: dict) -> dict:
    return {
        name: nfc(value).strip() if name in _TEXT_FIELDS and value is not None else value
        for name, value in fields.items()
    }


def _unknown(fields: Mapping, allowed: frozenset[str]) -> None:
    stray = set(fields) - allowed
    if stray:
        raise TypeError(f"unexpected fields: {sorted(stray)}")


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(year) for year in sorted(set(years)))


# --------------------------------------------------------------------------- campaigns


def current_campaign(*, today: datetime.date | None = None) -> Campaign | None:
    """The campaign covering this year (the latest to start when several do), else the most
    recent one; None when there is none. One query."""
    year = (today or timezone.localdate()).year
    campaigns = list(Campaign.objects.order_by("-start_year", "-pk"))
    return next((c for c in campaigns if c.covers(year)), campaigns[0] if campaigns else None)


def default_year(campaign: Campaign, *, today: datetime.date | None = None) -> int:
    """This year when the campaign covers it, else its nearest year."""
    year = (today or timezone.localdate()).year
    return min(max(year, campaign.start_year), campaign.end_year)


def check_campaign_years(start_year: int | None, end_year: int | None, midterm_year: int | None) -> None:
    """The span is in order, within 2000–2100, and the mid-term review lies inside it."""
    for name, year in (("start_year", start_year), ("end_year", end_year), ("midterm_year", midterm_year)):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInput(
                _("%(year)s is not a year the portal accepts (%(min)s–%(max)s).")
                % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR},
                field=name,
            )
    if start_year is None or end_year is None:
        raise InvalidInput(_("Enter the first and the last year of the campaign."), field="start_year")
    if end_year < start_year:
        raise InvalidInput(
            _("The last year (%(end)s) cannot come before the first year (%(start)s).")
            % {"start": start_year, "end": end_year},
            field="end_year",
        )
    if midterm_year is not None and not start_year <= midterm_year <= end_year:
        raise InvalidInput(
            _("The mid-term review year %(year)s must lie between %(start)s and %(end)s.")
            % {"year": midterm_year, "start": start_year, "end": end_year},
            field="midterm_year",
        )


def _check_campaign(campaign: Campaign) -> None:
    if not campaign.title:
        raise InvalidInput(_("Enter the campaign's title."), field="title")
    if not campaign.code:
        raise InvalidInput(_("Enter the campaign's code."), field="code")
    check_campaign_years(campaign.start_year, campaign.end_year, campaign.midterm_year)
    clash = Campaign.objects.filter(code=campaign.code).exclude(pk=campaign.pk).first()
    if clash:
        raise InvalidInput(
            _("The code “%(code)s” is already used by the campaign “%(title)s”.")
            % {"code": campaign.code, "title": clash.title},
            field="code",
        )


def _data_outside(campaign: Campaign) -> list[str]:
    """What would be left outside the campaign's (new) years, one phrase per kind of data."""
    start, end = campaign.start_year, campaign.end_year
    outside = Q(year__lt=start) | Q(year__gt=end)
    # Results may also sit in the baseline year, the year before the first.
    results_outside = Q(year__lt=start - 1) | Q(year__gt=end)
    checks = [
        (
            _("yearly targets for %(years)s"),
            IndicatorTarget.objects.filter(outside, indicator__campaign=campaign),
        ),
        (_("results for %(years)s"), Result.objects.filter(results_outside, indicator__campaign=campaign)),
        (_("registrations for %(years)s"), Registration.objects.filter(outside, campaign=campaign)),
        (_("a scoring sheet for %(years)s"), ScoringCriterion.objects.filter(outside, campaign=campaign)),
        (
            _("closed years %(years)s"),
            CampaignYear.objects.filter(outside, campaign=campaign, is_closed=True),
        ),
    ]
    found = []
    for phrase, queryset in checks:
        years = list(queryset.order_by().values_list("year", flat=True).distinct())
        if years:
            found.append(phrase % {"years": _years(years)})
    return found


def _sync_years(campaign: Campaign) -> None:
    """One `CampaignYear` for each year of the campaign, none outside it."""
    existing = set(campaign.periods.values_list("year", flat=True))
    for year in campaign.years:
        if year not in existing:
            CampaignYear.objects.create(campaign=campaign, year=year)
    for period in campaign.periods.exclude(year__in=list(campaign.years)):
        period.delete()


@transaction.atomic
def create_campaign(*, actor, publishing_units: Iterable[Unit] = (), **fields) -> Campaign:
    """Create a campaign and its yearly periods.

    `fields` are Campaign fields (title, code, plan_number, plan_date, legal_bases,
    start_year, end_year, midterm_year, description, launch_date, is_public). Side effects:
    one Campaign, one CampaignYear per year, the publishing units.
    """
    _unknown(fields, CAMPAIGN_FIELDS)
    campaign = Campaign(**_clean_text(fields))
    _check_campaign(campaign)
    campaign.save()
    campaign.publishing_units.set(list(publishing_units))
    _sync_years(campaign)
    return campaign


@transaction.atomic
def update_campaign(
    campaign: Campaign, *, actor, publishing_units: Iterable[Unit] | None = None, **fields
) -> Campaign:
    """Change a campaign; its yearly periods follow its first and last year.

    Refused, naming the data, when targets, results, registrations, a scoring sheet or a
    closed year would fall outside the new years. Side effects: CampaignYear rows created
    or removed; publishing units replaced when given.
    """
    _unknown(fields, CAMPAIGN_FIELDS)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    for name, value in _clean_text(fields).items():
        setattr(locked, name, value)
    _check_campaign(locked)
    orphans = _data_outside(locked)
    if orphans:
        raise InvalidInput(
            _(
                "The campaign's years cannot become %(start)s–%(end)s: %(data)s would be left "
                "outside them. Move or remove them first."
            )
            % {"start": locked.start_year, "end": locked.end_year, "data": "; ".join(orphans)}
        )
    locked.save()
    if publishing_units is not None:
        locked.publishing_units.set(list(publishing_units))
    _sync_years(locked)
    return locked


@transaction.atomic
def set_registration_deadline(period: CampaignYear, *, actor, deadline: datetime.date | None) -> CampaignYear:
    """Set (or with None clear) the registration deadline of one year of a campaign.

    The deadline falls in that year or in the year before it (units often register in
    December for the coming year).
    """
    locked = CampaignYear.objects.select_for_update().get(pk=period.pk)
    if deadline is not None and deadline.year not in (locked.year - 1, locked.year):
        raise InvalidInput(
            _("The registration deadline for %(year)s must fall in %(before)s or %(year)s, not on %(date)s.")
            % {"year": locked.year, "before": locked.year - 1, "date": formats.date_format(deadline)},
            field="registration_deadline",
        )
    if locked.registration_deadline != deadline:
        locked.registration_deadline = deadline
        locked.save(update_fields=["registration_deadline"])
    return locked


# --------------------------------------------------------------------------- indicators


def _check_indicator(indicator: Indicator) -> None:
    if not indicator.name:
        raise InvalidInput(_("Enter the indicator's name."), field="name")
    if not indicator.code:
        raise InvalidInput(_("Enter the indicator's code."), field="code")
    if indicator.kind not in IndicatorKind.values:
        raise InvalidInput(_("Choose the kind of indicator."), field="kind")
    if indicator.kind == IndicatorKind.RATIO:
        for name in ("numerator_label", "denominator_label"):
            if not getattr(indicator, name):
                raise InvalidInput(
                    _("A ratio of two counts needs both a numerator and a denominator label."), field=name
                )
    if indicator.final_target is None:
        raise InvalidInput(_("Enter the target for the last year."), field="final_target")
    indicator.final_target = check_level(
        indicator.final_target,
        kind=indicator.kind,
        what=_("The target for the last year"),
        field="final_target",
    )
    clash = Indicator.objects.filter(campaign_id=indicator.campaign_id, code=indicator.code)
    if clash.exclude(pk=indicator.pk).exists():
        raise InvalidInput(
            _("The code “%(code)s” is already used by another indicator of this campaign.")
            % {"code": indicator.code},
            field="code",
        )


@transaction.atomic
def create_indicator(
    campaign: Campaign, *, actor, reporting_units: Iterable[Unit] = (), **fields
) -> Indicator:
    """Add an indicator (chỉ tiêu) to a campaign with the units that report it.

    `fields` are Indicator fields (code, name, definition, numerator_label,
    denominator_label, kind, direction, frequency, final_target, is_city_kpi, order).
    """
    _unknown(fields, INDICATOR_FIELDS)
    indicator = Indicator(campaign=campaign, **_clean_text(fields))
    _check_indicator(indicator)
    indicator.save()
    indicator.reporting_units.set(list(reporting_units))
    return indicator


@transaction.atomic
def update_indicator(
    indicator: Indicator, *, actor, reporting_units: Iterable[Unit] | None = None, **fields
) -> Indicator:
    """Change an indicator. Its kind and reporting period cannot change once results exist
    (they would no longer read the same); the reporting units are replaced when given."""
    _unknown(fields, INDICATOR_FIELDS)
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = (locked.kind, locked.frequency)
    for name, value in _clean_text(fields).items():
        setattr(locked, name, value)
    _check_indicator(locked)
    if before != (locked.kind, locked.frequency) and locked.results.exists():
        field = "kind" if before[0] != locked.kind else "frequency"
        raise InvalidInput(
            _("“%(name)s” already has results; its kind and reporting period can no longer change.")
            % {"name": locked.name},
            field=field,
        )
    locked.save()
    if reporting_units is not None:
        locked.reporting_units.set(list(reporting_units))
    return locked


@transaction.atomic
def set_targets(indicator: Indicator, *, actor, targets: Mapping[int, Decimal | None]) -> dict[int, Decimal]:
    """Set the indicator's target for each year given; None removes that year's target and
    years not given are left as they are. A year outside the campaign (the baseline year
    included), a negative target and a percentage above 100 are refused, naming the year.
    Returns every target of the indicator, by year."""
    campaign = indicator.campaign
    cleaned: dict[int, Decimal | None] = {}
    for year, value in sorted(targets.items()):
        if not campaign.covers(year):
            raise InvalidInput(
                _("%(year)s is not a year of the campaign (%(start)s–%(end)s), so it cannot have a target.")
                % {"year": year, "start": campaign.start_year, "end": campaign.end_year}
            )
        what = _("The target for %(year)s") % {"year": year}
        cleaned[year] = (
            None
            if value is None
            else check_level(value, kind=indicator.kind, what=what, field=f"target_{year}")
        )
    existing = {t.year: t for t in IndicatorTarget.objects.select_for_update().filter(indicator=indicator)}
    for year, value in cleaned.items():
        target = existing.get(year)
        if value is None:
            if target:
                target.delete()
        elif target is None:
            IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
        elif target.value != value:
            target.value = value
            target.save(update_fields=["value"])
    return dict(IndicatorTarget.objects.filter(indicator=indicator).values_list("year", "value"))


def target_table(campaign: Campaign) -> list[tuple[Indicator, list[Decimal | None]]]:
    """Each indicator of the campaign with its target for each campaign year, in order
    (None where there is none). Two queries."""
    values = {
        (indicator_id, year): value
        for indicator_id, year, value in IndicatorTarget.objects.filter(
            indicator__campaign=campaign
        ).values_list("indicator_id", "year", "value")
    }
    return [
        (indicator, [values.get((indicator.pk, year)) for year in campaign.years])
        for indicator in campaign.indicators.all()
    ]
