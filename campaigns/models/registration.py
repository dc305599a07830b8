"""A unit's yearly registration (đăng ký thi đua): commitments and their transitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thiduaportal import tenancy
from thiduaportal.tenancy import TenantModel
from units.models import Unit

from .campaign import Campaign
from .common import YEAR_VALIDATORS, UnitScopedQuerySet
from .indicators import Indicator


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class RegistrationQuerySet(UnitScopedQuerySet):
    pass


class Registration(TenantModel):
    """A unit's yearly commitments (đăng ký thi đua). State changes go through
    `campaigns.services.registration`, which writes a `RegistrationTransition`."""

    tenant_parent = ("unit",)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("emulation movement")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    state = models.CharField(
        _("state"), max_length=10, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    pledges = models.TextField(_("pledges"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = tenancy.manager(RegistrationQuerySet)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "year"], name="registration_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:registration_detail", args=[self.pk])


class RegistrationCommitment(TenantModel):
    """One indicator a unit commits to and the level it will reach."""

    tenant_parent = ("registration",)

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("registration")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("indicator")
    )
    level = models.DecimalField(_("committed level"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "indicator"], name="commitment_once"),
            models.CheckConstraint(condition=Q(level__gte=0), name="commitment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.level}"


class RegistrationTransition(TenantModel):
    """Who moved a registration from which state to which, when and why."""

    tenant_parent = ("registration",)

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("registration")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    from_state = models.CharField(
        max_length=10, choices=RegistrationState.choices, verbose_name=_("from state")
    )
    to_state = models.CharField(max_length=10, choices=RegistrationState.choices, verbose_name=_("to state"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("change of state of a registration")
        verbose_name_plural = _("changes of state of registrations")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.registration}: {self.from_state} → {self.to_state}"
