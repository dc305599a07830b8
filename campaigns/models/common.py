"""Shared pieces of the movement's models."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator

from thiduaportal.roles import Role, roles_of

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def sees_all(user) -> bool:
    return bool(roles_of(user) & Role.SEES_ALL)
