"""The year-end scoring sheet (bảng chấm điểm) and units' points."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thiduaportal.tenancy import TenantModel
from units.models import Unit

from .campaign import Campaign
from .common import YEAR_VALIDATORS
from .indicators import Indicator


class CriterionSource(models.TextChoices):
    MANUAL = "manual", _("Scored by hand")
    INDICATOR = "indicator", _("From an indicator's results")
    REGISTRATION = "registration", _("Accepted registration")
    INDEX = "index", _("PAR INDEX / SIPAS components held or raised")
    INITIATIVES = "initiatives", _("Recognised initiatives")


class ScoringCriterion(TenantModel):
    """A line of a year's scoring sheet (bảng chấm điểm). Automatic lines compute their
    points from data; manual lines are scored with a comment."""

    tenant_parent = ("campaign",)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("emulation movement")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("criterion"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=12, choices=CriterionSource.choices, default=CriterionSource.MANUAL
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["campaign", "year", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(
                condition=~Q(source="indicator") | Q(indicator__isnull=False),
                name="criterion_indicator_named",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class UnitScore(TenantModel):
    """Points a unit earned on one criterion of a year's sheet."""

    tenant_parent = ("unit",)

    criterion = models.ForeignKey(
        ScoringCriterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scores", verbose_name=_("unit"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("scored by")
    )
    scored_at = models.DateTimeField(auto_now=True, verbose_name=_("scored at"))

    class Meta:
        verbose_name = _("unit score")
        verbose_name_plural = _("unit scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.criterion}: {self.points}"
