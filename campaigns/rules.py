"""Who may act on the movement's data. Services still enforce what is legal."""

import rules

from thiduaportal.roles import sees_all
from units.rules import is_office, is_own_unit, works_in_unit

from .models import Campaign, Initiative


@rules.predicate
def is_publisher(user) -> bool:
    """The user's unit publishes on the public CCHC page for some campaign."""

    cached = getattr(user, "_is_publisher", None)
    if cached is None:
        # Asked by the menu on every page: read once per request (the user object's life).
        cached = bool(user.unit_id) and Campaign.objects.filter(publishing_units=user.unit_id).exists()
        user._is_publisher = cached
    return cached


@rules.predicate
def takes_part(user, initiative) -> bool:
    """The user's unit is among an initiative's units or an author works in it: the same
    reach as `Initiative.objects.visible_to`, so a unit opens what its list shows."""

    if initiative is None or not user.unit_id:
        return False
    return Initiative.objects.visible_to(user).filter(pk=initiative.pk).exists()


# Campaigns, their years, indicators and targets: everyone signed in to a unit or the office
# reads them; the office changes them.
rules.add_perm("campaigns.view_campaign", sees_all | works_in_unit)
rules.add_perm("campaigns.change_campaign", is_office)
# Registration: a unit registers its own commitments; the office accepts or returns them.
rules.add_perm("campaigns.list_registrations", sees_all | works_in_unit)
rules.add_perm("campaigns.view_registration", sees_all | (works_in_unit & is_own_unit))
rules.add_perm("campaigns.edit_registration", is_office | (works_in_unit & is_own_unit))
rules.add_perm("campaigns.review_registration", is_office)
# Results: a reporting unit enters its own; the office may correct any.
rules.add_perm("campaigns.view_results", sees_all | (works_in_unit & is_own_unit))
rules.add_perm("campaigns.enter_results", is_office | (works_in_unit & is_own_unit))
rules.add_perm("campaigns.import_results", is_office | works_in_unit)
# PAR INDEX / SIPAS: the office keeps components, assignments and official scores.
rules.add_perm("campaigns.view_index", sees_all | works_in_unit)
rules.add_perm("campaigns.change_index", is_office)
# Initiatives: units propose their own; the office records recognition or refusal.
rules.add_perm("campaigns.list_initiatives", sees_all | works_in_unit)
rules.add_perm("campaigns.view_initiative", sees_all | (works_in_unit & (is_own_unit | takes_part)))
rules.add_perm("campaigns.add_initiative", is_office | works_in_unit)
rules.add_perm("campaigns.change_initiative", is_office | (works_in_unit & is_own_unit))
rules.add_perm("campaigns.recognise_initiative", is_office)
# Year-end scoring and the periodic report.
rules.add_perm("campaigns.view_scores", sees_all)
rules.add_perm("campaigns.change_scores", is_office)
rules.add_perm("campaigns.make_report", is_office)
# Dashboard: the office and the chairman see the commune; a unit sees its own figures.
rules.add_perm("campaigns.view_dashboard", sees_all | works_in_unit)
# The public CCHC page's posts: the office and the general services centre publish.
rules.add_perm("campaigns.manage_posts", is_office | (works_in_unit & is_publisher))
rules.add_perm("campaigns.change_post", is_office | (works_in_unit & is_publisher & is_own_unit))
# The public CCHC page: anyone, signed in or not.
rules.add_perm("campaigns.view_public", rules.always_allow)
