"""Home-page panels of the movement: what the office and a unit should look at this year.

Links to screens of other topics are built defensively: a URL name that does not resolve
leaves the line without a link instead of breaking the home page.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thiduaportal.home import Item, Panel, register
from thiduaportal.roles import Role, roles_of, sees_all
from units.models import Unit

from .models import Campaign, Registration, RegistrationState
from .services.campaign import current_campaign, default_year
from .services.dashboard import missing_results
from .services.registration import units_without_registration


def _link(name: str, *attempts: tuple, query: str = "") -> str:
    """The first of `attempts` (positional args) that `name` reverses with, else ""."""
    for args in attempts or ((),):
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            continue
    return ""


def _dashboard_item() -> Item:
    return Item(_("Open the dashboard"), _link("campaigns:dashboard"))


@register
def office_panels(user) -> list[Panel]:
    """The office and the chairman: registrations to review, units not registered yet."""
    if not sees_all(user):
        return []
    campaign = current_campaign()
    if campaign is None:
        return []
    year = default_year(campaign)
    waiting = Registration.objects.filter(
        campaign=campaign, year=year, state=RegistrationState.SUBMITTED
    ).count()
    missing = units_without_registration(campaign, year).count()
    query = f"?campaign={campaign.pk}&year={year}"
    items = [
        Item(
            _("Registrations waiting for review"),
            _link("campaigns:registration_list", query=query + "&state=submitted"),
            waiting,
            "warning" if waiting else "success",
        ),
        Item(
            _("Units without a registration for %(year)s") % {"year": year},
            _link("campaigns:registration_list", query=query),
            missing,
            "warning" if missing else "success",
        ),
        _dashboard_item(),
    ]
    return [Panel(_("Emulation movement %(year)s") % {"year": year}, items, order=15)]


def _registration_item(campaign: Campaign, year: int, unit: Unit) -> Item:
    registration = Registration.objects.filter(campaign=campaign, unit=unit, year=year).first()
    if registration is None:
        text, level = _("Not registered"), "warning"
    else:
        text = registration.get_state_display()
        level = {RegistrationState.ACCEPTED: "success", RegistrationState.RETURNED: "danger"}.get(
            registration.state, "info"
        )
    return Item(
        _("Your registration for %(year)s: %(state)s") % {"year": year, "state": text},
        _link("campaigns:registration_edit", (campaign.pk, year)),
        level=level,
    )


@register
def unit_panels(user) -> list[Panel]:
    """A unit's people: their registration this year and the result periods still missing."""
    if not roles_of(user) & Role.UNIT_ROLES or not user.unit_id:
        return []
    campaign = current_campaign()
    if campaign is None:
        return []
    year = default_year(campaign)
    unit = Unit.objects.get(pk=user.unit_id)
    indicators = list(campaign.indicators.all())
    rows = missing_results(campaign, year, indicators, {unit.pk: unit}, today=timezone.localdate(), unit=unit)
    periods = sum(len(row.periods) for row in rows)
    items = [
        _registration_item(campaign, year, unit),
        Item(
            _("Result periods not sent yet"),
            _link("campaigns:results_entry", (campaign.pk, year), (campaign.pk,), ()),
            periods,
            "warning" if periods else "success",
        ),
        _dashboard_item(),
    ]
    return [Panel(_("Emulation movement %(year)s") % {"year": year}, items, order=12)]
