"""A counter per commune that moves whenever the figures the dashboard reads change."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardVersion(models.Model):
    """The version of the dashboard's data: raised in the same transaction as any write of
    a result, target, indicator, registration, component, initiative or unit
    (campaigns.services.versions), so that a page cached under an older number is never
    served after the write commits."""

    commune = models.ForeignKey("units.Commune", verbose_name=_("commune"), on_delete=models.PROTECT)
    number = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("dashboard data version")
        verbose_name_plural = _("dashboard data versions")
        constraints = [models.UniqueConstraint(fields=["commune"], name="dashboard_version_once")]

    def __str__(self) -> str:
        return f"{self.commune} · {self.number}"
