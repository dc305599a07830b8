"""Shared pieces of the movement's models."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from thiduaportal.roles import sees_all

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class UnitScopedQuerySet(models.QuerySet):
    """Rows that belong to one unit (`unit` field): those who see all get every row, unit
    users their own unit's, everyone else nothing."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()
