"""Roles a user holds through their memberships, and helpers to read them once per request."""

from __future__ import annotations

import rules
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    UNIT_STAFF = "unit_staff", _("Unit staff")
    UNIT_HEAD = "unit_head", _("Head of unit")
    VHXH_OFFICER = "vhxh", _("Culture and Society office officer")
    COUNCIL_MEMBER = "council_member", _("Council member")
    COUNCIL_SECRETARY = "council_secretary", _("Council secretary")
    CHAIRMAN = "chairman", _("Chairman")
    ADMIN = "admin", _("Administrator")
    CITY_ADMIN = "city_admin", _("City administrator")
    # The city level (a unit of the city tenant): its emulation board's officer receives
    # the dossiers communes forward for city awards; the city chairman reads them.
    CITY_OFFICER = "city_officer", _("City emulation board officer")
    CITY_CHAIRMAN = "city_chairman", _("City chairman")


# Roles that see every unit's records; the others see their own unit only.
Role.SEES_ALL = frozenset({Role.VHXH_OFFICER, Role.CHAIRMAN, Role.ADMIN})
# Roles that manage records of their own unit.
Role.UNIT_ROLES = frozenset({Role.UNIT_STAFF, Role.UNIT_HEAD})
# Roles of the city level: they read the submissions communes send to their city.
Role.CITY_ROLES = frozenset({Role.CITY_OFFICER, Role.CITY_CHAIRMAN})


def roles_of(user) -> frozenset[str]:
    """The user's roles, read once and cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("role", flat=True))
        if user.is_superuser:
            cached = cached | {Role.ADMIN}
        user._roles_cache = cached
    return cached


@rules.predicate
def sees_all(user) -> bool:
    """The user sees every unit's records (the office, the chairman, an administrator); the
    others see their own unit's. A `rules` predicate, so permissions combine it too."""
    return bool(roles_of(user) & Role.SEES_ALL)
