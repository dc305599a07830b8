"""PAR INDEX and SIPAS components (chỉ số thành phần), their units and official scores."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thiduaportal.tenancy import TenantModel
from thiduaportal.text import nfc
from units.models import Unit

from .common import YEAR_VALIDATORS


class IndexKind(models.TextChoices):
    PAR = "par", _("PAR INDEX")
    SIPAS = "sipas", _("SIPAS")


class IndexComponent(TenantModel):
    """A component (chỉ số thành phần) of PAR INDEX or SIPAS in one year. The same `code`
    across years is the same component, so a year's score compares with the year before."""

    index = models.CharField(_("index"), max_length=10, choices=IndexKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    group = models.CharField(_("group"), max_length=255)
    code = models.CharField(_("code"), max_length=20, help_text=_('e.g. "3.2"'))
    name = models.CharField(_("component"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    score = models.DecimalField(_("official score"), max_digits=6, decimal_places=2, null=True, blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("responsible units"), related_name="index_components", blank=True
    )

    class Meta:
        verbose_name = _("index component")
        verbose_name_plural = _("index components")
        ordering = ["index", "year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "index", "year", "code"], name="component_once_a_year"
            ),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="component_max_positive"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=F("max_points"))),
                name="component_score_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.code} {self.name} ({self.year})"

    def save(self, *args, **kwargs):
        self.group = nfc(self.group).strip()
        self.name = nfc(self.name).strip()
        self.code = self.code.strip()
        super().save(*args, **kwargs)
