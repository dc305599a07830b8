"""The movement (phong trào thi đua), its yearly periods and review points."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thiduaportal.tenancy import TenantModel
from thiduaportal.text import nfc
from units.models import Unit

from .common import YEAR_VALIDATORS


class ReviewKind(models.TextChoices):
    ANNUAL = "annual", _("Annual review")
    MIDTERM = "midterm", _("Mid-term review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")


class Campaign(TenantModel):
    """A movement (phong trào thi đua) with its plan, legal bases and years."""

    title = models.CharField(_("title"), max_length=255)
    code = models.SlugField(_("code"), max_length=40, help_text=_('e.g. "cchc-2026-2030"'))
    plan_number = models.CharField(
        _("plan number"), max_length=60, blank=True, help_text=_('e.g. "15/KH-UBND"')
    )
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    legal_bases = models.TextField(_("legal bases"), blank=True, help_text=_("One per line."))
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    midterm_year = models.PositiveSmallIntegerField(
        _("mid-term review year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("The year of the mid-term review (sơ kết), chosen by the office."),
    )
    description = models.TextField(_("description"), blank=True)
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    is_public = models.BooleanField(
        _("shown on the public page"), default=True, help_text=_("Targets and commune rates are public.")
    )
    publishing_units = models.ManyToManyField(
        Unit,
        verbose_name=_("units that publish on the public page"),
        related_name="published_campaigns",
        blank=True,
        help_text=_("Besides the office, e.g. the general services centre."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="campaign_code_once_per_commune"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="campaign_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(midterm_year__isnull=True)
                | (Q(midterm_year__gte=F("start_year")) & Q(midterm_year__lte=F("end_year"))),
                name="campaign_midterm_inside",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title).strip()
        self.legal_bases = nfc(self.legal_bases)
        self.description = nfc(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    @property
    def baseline_year(self) -> int:
        """The year before the first: results may be entered for it as the baseline the
        first year compares with; targets, registrations and scoring may not."""
        return self.start_year - 1

    def accepts_results_for(self, year: int) -> bool:
        return self.baseline_year <= year <= self.end_year

    def review_points(self) -> list[tuple[int, str]]:
        """(year, ReviewKind) in order: an annual review each year, the mid-term review in
        its chosen year, the final review in the last year."""
        points = []
        for year in self.years:
            points.append((year, ReviewKind.ANNUAL))
            if year == self.midterm_year:
                points.append((year, ReviewKind.MIDTERM))
        points.append((self.end_year, ReviewKind.FINAL))
        return points

    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]


class CampaignYear(TenantModel):
    """One yearly period of a campaign. A closed year's scoring sheet is frozen."""

    tenant_parent = ("campaign",)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="periods", verbose_name=_("emulation movement")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("books closed at"))

    class Meta:
        verbose_name = _("campaign year")
        verbose_name_plural = _("campaign years")
        ordering = ["campaign", "year"]
        constraints = [models.UniqueConstraint(fields=["campaign", "year"], name="campaign_year_once")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.year}"
