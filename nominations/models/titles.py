"""The commune's catalogue of titles and awards (REFERENCE §10): what the commune makes of
each award form of the law, its criteria, its caps, the council's rule, whether it is current.
VHXH edits it; the year-end review reads it."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models.rounds import AwardForm
from thiduaportal import tenancy
from thiduaportal.tenancy import TenantModel
from thiduaportal.text import nfc

SHARE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(1)]
# The heading a title's certificate prints (a Giấy khen prints "GIẤY KHEN").
CERTIFICATE_HEADING = "GIẤY CHỨNG NHẬN"


class Title(TenantModel):
    """One entry of a commune's catalogue: an award form of the law (its name, kind, level and
    cash coefficient are the law's, on `AwardForm`) with the commune's rules for it.

    `criteria` is a list of checks of the criteria library, each `{"code": ..., "params": {...}}`
    (see `nominations.services.eligibility.criteria`). Caps are local rules (the current law sets
    none on these titles, REFERENCE §10): empty means no cap."""

    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="titles"
    )
    position = models.PositiveSmallIntegerField(_("order in the catalogue"), default=0)
    criteria = models.JSONField(_("criteria"), default=list, blank=True)
    cap_per_unit = models.PositiveSmallIntegerField(
        _("at most per unit"), null=True, blank=True, help_text=_("Empty: no cap.")
    )
    cap_total = models.PositiveSmallIntegerField(
        _("at most in the commune"), null=True, blank=True, help_text=_("Empty: no cap.")
    )
    cap_share = models.DecimalField(
        _("at most this share of the unit's proposals for the base title"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
        help_text=_("e.g. 0,15 for 15 %. Empty: no cap."),
    )
    cap_base = models.ForeignKey(
        "self",
        verbose_name=_("base title of the share"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    council_vote = models.BooleanField(_("the council votes on it"), default=False)
    council_share = models.DecimalField(
        _("share of votes in favour required"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
        help_text=_("e.g. 0,80 for 80 %. Empty: the council's usual majority."),
    )
    council_of_all = models.BooleanField(
        _("counted over all the council's members"),
        default=False,
        help_text=_("Absent members give written opinions, which count (NĐ 98/2023)."),
    )
    # An annex form of NĐ 152/2025/NĐ-CP whose achievement report the year-end proposal needs
    # (`nominations.services.reports.FORMS`): "05" for an individual, "04" for a collective.
    report_form = models.CharField(
        _("achievement report"),
        max_length=4,
        blank=True,
        help_text=_(
            "The annex form of Decree 152/2025/NĐ-CP a proposal for this title needs as its achievement "
            "report (Mẫu 05 for an individual, Mẫu 04 for a collective). Empty: no report."
        ),
    )
    # Which titles print a certificate is the commune's practice, not found in the law we hold:
    # a catalogue value with its default in the help text (REFERENCE §10, [U]).
    has_certificate = models.BooleanField(
        _("prints a certificate (Giấy chứng nhận)"),
        default=False,
        help_text=_(
            "Default: “Chiến sĩ thi đua cơ sở” and the collective titles (Tập thể lao động tiên tiến, "
            "Tập thể lao động xuất sắc, Thôn văn hóa) print a certificate; “Lao động tiên tiến” prints "
            "none, being recognised in the decision's list. [chưa xác nhận: theo thực tiễn, chỉnh được "
            "trong danh mục]"
        ),
    )
    certificate_heading = models.CharField(
        _("heading printed on the certificate"),
        max_length=60,
        default=CERTIFICATE_HEADING,
        blank=True,
        help_text=_(
            "Default: “GIẤY CHỨNG NHẬN”. Frozen into each decision when it is issued. [chưa xác nhận: "
            "theo thực tiễn, chỉnh được trong danh mục]"
        ),
    )
    legal_basis = models.TextField(_("legal basis and local rules"), blank=True)
    source_note = models.TextField(
        _("source and confidence of the defaults"),
        blank=True,
        help_text=_("Where a value comes from, and whether it was confirmed."),
    )
    is_current = models.BooleanField(_("current"), default=True)

    objects = tenancy.manager()

    class Meta:
        verbose_name = _("title of the catalogue")
        verbose_name_plural = _("catalogue of titles and awards")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "award_form"], name="title_once_per_commune"),
        ]

    def __str__(self) -> str:
        return self.award_form.name

    def save(self, *args, **kwargs):
        self.legal_basis = nfc(self.legal_basis).strip()
        self.source_note = nfc(self.source_note).strip()
        self.certificate_heading = " ".join(nfc(self.certificate_heading).split()).upper()
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.award_form.name

    @property
    def subject_type(self) -> str:
        """Who receives it: "individual" or "collective"; "" for a Giấy khen (either)."""
        kind = self.award_form.kind
        if kind == "individual_title":
            return "individual"
        if kind == "collective_title":
            return "collective"
        return ""

    @property
    def prints_certificate(self) -> bool:
        """Whether an award of this title prints a certificate: an emulation title marked so."""
        return self.has_certificate and bool(self.subject_type) and bool(self.certificate_heading)
