"""Indicators (chỉ tiêu), their yearly targets and the results units report."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thiduaportal import tenancy
from thiduaportal.tenancy import TenantModel
from thiduaportal.text import nfc
from units.models import Unit

from .campaign import Campaign
from .common import YEAR_VALIDATORS, UnitScopedQuerySet


class IndicatorKind(models.TextChoices):
    RATIO = "ratio", _("Ratio of two counts")
    PERCENT = "percent", _("Percentage")
    SCORE = "score", _("Score")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Indicator(TenantModel):
    """A measured target (chỉ tiêu). A ratio's rate is Σ numerator / Σ denominator × 100
    over units and periods; a percentage or score is averaged."""

    tenant_parent = ("campaign",)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("emulation movement")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    definition = models.TextField(_("definition"), blank=True)
    numerator_label = models.CharField(_("numerator"), max_length=255, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.RATIO
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    frequency = models.CharField(
        _("reporting period"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    final_target = models.DecimalField(
        _("target for the last year"),
        max_digits=7,
        decimal_places=2,
        help_text=_("In %, or in points for a score."),
    )
    is_city_kpi = models.BooleanField(_("city KPI"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    reporting_units = models.ManyToManyField(
        Unit, verbose_name=_("reporting units"), related_name="reported_indicators", blank=True
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["campaign", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="indicator_code_once"),
            models.CheckConstraint(condition=Q(final_target__gte=0), name="indicator_target_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        for field in ("name", "definition", "numerator_label", "denominator_label"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:indicator_detail", args=[self.pk])

    @property
    def periods_per_year(self) -> int:
        return 12 if self.frequency == Frequency.MONTHLY else 4

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER


class IndicatorTarget(TenantModel):
    """The target of one year: the path to the campaign's final target."""

    tenant_parent = ("indicator",)

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("target"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_once_a_year"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year}: {self.value}"


class ResultQuerySet(UnitScopedQuerySet):
    pass


class Result(TenantModel):
    """A unit's figures for one indicator in one month or quarter (per the indicator's
    reporting period). Ratios store both counts; percentages and scores store `value`."""

    tenant_parent = ("unit",)

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="results", verbose_name=_("indicator")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="results", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    period = models.PositiveSmallIntegerField(
        _("month or quarter"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = tenancy.manager(ResultQuerySet)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["indicator", "unit", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "period"], name="result_once_a_period"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=F("denominator")),
                name="result_numerator_within_denominator",
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1) & Q(period__lte=12), name="result_period_valid"
            ),
        ]
        indexes = [models.Index(fields=["year", "indicator", "unit"], name="result_year_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.unit} · {self.period}/{self.year}"

    @property
    def rate(self):
        if self.numerator is not None and self.denominator:
            return self.numerator * 100 / self.denominator
        return self.value
