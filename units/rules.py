"""Who may act on units, people and ratings. Services still enforce what is legal."""

import rules

from thiduaportal import tenancy
from thiduaportal.roles import Role, roles_of, sees_all

from .models import Commune, CommuneKind


@rules.predicate
def is_admin(user) -> bool:
    return Role.ADMIN in roles_of(user)


@rules.predicate
def is_city_admin(user) -> bool:
    """The city's administrator (a city-admin role held in a unit of the city, or an install's
    superuser, who belongs to no commune): creates, archives and merges the city's communes.
    A commune's administrator (a superuser of one commune included) is not."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and user.commune_id is None:
        return True
    cached = getattr(user, "_city_admin_cache", None)
    if cached is None:
        # Their own memberships are read in every commune: they act in a commune's scope
        # (an import into it, its job) while their role is held in the city.
        with tenancy.everywhere():
            held = user.memberships.filter(role=Role.CITY_ADMIN).exists()
        cached = held and Commune.objects.filter(pk=user.commune_id, kind=CommuneKind.CITY).exists()
        user._city_admin_cache = cached
    return cached


@rules.predicate
def is_vhxh_officer(user) -> bool:
    return Role.VHXH_OFFICER in roles_of(user)


@rules.predicate
def is_chairman(user) -> bool:
    return Role.CHAIRMAN in roles_of(user)


@rules.predicate
def is_unit_staff(user) -> bool:
    return Role.UNIT_STAFF in roles_of(user)


@rules.predicate
def is_unit_head(user) -> bool:
    return Role.UNIT_HEAD in roles_of(user)


@rules.predicate
def is_council(user) -> bool:
    return bool(roles_of(user) & {Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.CHAIRMAN})


@rules.predicate
def is_own_unit(user, obj) -> bool:
    """The object (a unit, a person, a rating) belongs to the user's unit."""
    unit_id = getattr(obj, "unit_id", None)
    return unit_id is not None and unit_id == user.unit_id


@rules.predicate
def is_receiving_unit(user, obj) -> bool:
    """The transfer request moves a person into the user's unit."""
    return obj is not None and user.unit_id is not None and obj.to_unit_id == user.unit_id


@rules.predicate
def is_requesting_unit(user, obj) -> bool:
    """The transfer request moves a person out of the user's unit."""
    return obj is not None and user.unit_id is not None and obj.from_unit_id == user.unit_id


is_office = is_admin | is_vhxh_officer
works_in_unit = is_unit_staff | is_unit_head

# Units
rules.add_perm("units.list_units", sees_all | works_in_unit)
rules.add_perm("units.view_unit", sees_all | (works_in_unit & is_own_unit))
rules.add_perm("units.add_unit", is_office)
rules.add_perm("units.change_unit", is_office)
rules.add_perm("units.edit_commune", is_office)
# People
rules.add_perm("units.list_cadres", sees_all | works_in_unit)
rules.add_perm("units.view_cadre", sees_all | (works_in_unit & is_own_unit))
rules.add_perm("units.add_cadre", is_office | works_in_unit)
rules.add_perm("units.change_cadre", is_office | is_city_admin | (works_in_unit & is_own_unit))
# Moving a person into another unit: the office does it; a unit head only asks, and the
# receiving unit's head (or the office) accepts or declines; the asking head may withdraw.
rules.add_perm("units.transfer_cadre", is_office)
rules.add_perm("units.request_transfer", is_unit_head & is_own_unit)
rules.add_perm("units.move_cadre", is_office | (is_unit_head & is_own_unit))
rules.add_perm("units.list_transfers", sees_all | works_in_unit)
rules.add_perm("units.answer_transfer", is_office | (is_unit_head & (is_receiving_unit | is_requesting_unit)))
rules.add_perm("units.decide_transfer", is_office | (is_unit_head & is_receiving_unit))
rules.add_perm("units.withdraw_transfer", is_office | (is_unit_head & is_requesting_unit))
# Ratings: a person is rated by the head of their unit; units are rated by the office.
rules.add_perm("units.view_ratings", sees_all | (works_in_unit & is_own_unit))
rules.add_perm("units.rate_cadres", is_office | (is_unit_head & is_own_unit))
rules.add_perm("units.rate_units", is_office)
# Excel
rules.add_perm("units.import_units", is_office | is_city_admin)
rules.add_perm("units.import_cadres", is_office | is_city_admin | works_in_unit)
rules.add_perm("units.import_ratings", is_office | is_unit_head)
# The city: its communes, their first administrators, archiving, mergers, imports into one.
rules.add_perm("units.administer_city", is_city_admin)
