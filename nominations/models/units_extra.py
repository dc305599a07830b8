"""Discipline records of people, read by the eligibility check "no discipline in the year"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thiduaportal.tenancy import TenantModel
from thiduaportal.text import nfc
from units.models import Cadre


class DisciplineLevel(models.TextChoices):
    """The measures of Luật Cán bộ, công chức and NĐ 112/2020, mildest first; an inspection
    or investigation under way is not a measure but bars an award as well."""

    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    SALARY_DOWN = "salary_down", _("Salary step lowered (hạ bậc lương)")
    DEMOTION = "demotion", _("Demotion (giáng chức)")
    REMOVAL = "removal", _("Removal from office (cách chức)")
    DISMISSAL = "dismissal", _("Dismissal (buộc thôi việc)")
    UNDER_REVIEW = "under_review", _("Inspection or investigation under way")

    @classmethod
    def rank(cls, level: str) -> int:
        """How severe a measure is (1 the mildest); an inspection under way ranks with none
        of them (0), an unstated level is -1."""
        order = [cls.REPRIMAND, cls.WARNING, cls.SALARY_DOWN, cls.DEMOTION, cls.REMOVAL, cls.DISMISSAL]
        if level == cls.UNDER_REVIEW:
            return 0
        return order.index(level) + 1 if level in order else -1


class DisciplineRecord(TenantModel):
    """A disciplinary measure, or an inspection under way, concerning a person. A person is
    not awarded for a year that any record's period touches (REFERENCE §3, verify)."""

    tenant_parent = ("cadre",)

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("person"), on_delete=models.PROTECT, related_name="discipline"
    )
    measure = models.CharField(
        _("measure"), max_length=120, help_text=_("e.g. “Khiển trách”, “Đang bị thanh tra”")
    )
    level = models.CharField(
        _("level of the measure"),
        max_length=20,
        choices=DisciplineLevel.choices,
        blank=True,
        help_text=_("Read by the titles' criteria, e.g. “no member disciplined at Warning or above”."),
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: still in force."))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["-start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.measure}"

    def save(self, *args, **kwargs):
        self.measure = nfc(self.measure).strip()
        self.note = nfc(self.note).strip()
        super().save(*args, **kwargs)

    def touches(self, year: int) -> bool:
        return self.start_date.year <= year and (self.end_date is None or self.end_date.year >= year)
