"""Decisions (Quyết định khen thưởng), the award registry (sổ khen thưởng) they feed, the
numbers both draw from, and the printers certificates are calibrated for.

A decision is drafted by the office and issued by the chairman through
`awards.services.decisions`; issuing numbers it, freezes its text into `snapshot`,
stores the printed PDF and writes one `Award` per awardee with every printed fact copied in.
Nothing printed is ever read back from the live people and units again.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from council.models import CouncilSession
from nominations.models.nominations import Nomination, SubjectType
from nominations.models.rounds import AwardForm, Round
from thiduaportal import tenancy
from thiduaportal.documents import document_number
from thiduaportal.roles import sees_all
from thiduaportal.tenancy import TenantModel
from thiduaportal.text import fold
from units.models import Cadre, Unit


class DocumentCounter(TenantModel):
    """The last number given in one numbering scope and year ("QĐ-UBND" 2026 → 15). Read
    and raised only under `select_for_update` in the transaction that uses the number, so a
    number is never given twice and never skipped by a rollback."""

    scope = models.CharField(max_length=40, verbose_name=_("kind of document"))
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    last_number = models.PositiveIntegerField(default=0, verbose_name=_("last number"))
    # When and by whom the office checked the counter against the paper register; the first
    # decision of a year is issued only once it is confirmed.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        db_table = "nominations_documentcounter"
        constraints = [
            models.UniqueConstraint(fields=["commune", "scope", "year"], name="document_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last_number}"

    @property
    def next_number_text(self) -> str:
        """ "05/QĐ-UBND": the number the next document of the scope takes."""
        return document_number(self.last_number + 1, self.scope)


BASE_SALARY_SOURCE_HELP = _(
    "The decree that sets this base salary and its effective date. Sources as recorded when the "
    "table was seeded: 2.340.000 đ from 01/7/2024 by Nghị định số 73/2024/NĐ-CP (confirmed); "
    "2.530.000 đ from 01/7/2026, reported in secondary sources (medium confidence): verify the "
    "official text on vbpl.vn and correct this row if it differs."
)


class BaseSalary(models.Model):
    """The lương cơ sở in force from a day until the next row's day. A decision pays its
    cash (coefficient × lương cơ sở) on the value in force on its issue date; the value is
    then frozen on the decision, so a later change of this table never alters it."""

    effective_from = models.DateField(_("in force from"), unique=True)
    amount = models.DecimalField(
        _("base salary (đồng a month)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(1)],
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, help_text=BASE_SALARY_SOURCE_HELP)

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.amount:,.0f} đ từ {self.effective_from:%d/%m/%Y}".replace(",", ".")


class DecisionKind(models.TextChoices):
    # "Award" alone is an award form ("Hình thức khen thưởng"); a decision's kind is "Khen thưởng".
    AWARD = "award", pgettext_lazy("decision kind", "Award")
    AMENDMENT = "amend", _("Amendment")
    REVOCATION = "revoke", _("Revocation")


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    DISCARDED = "discarded", _("Discarded")


class SignerCapacity(models.TextChoices):
    CHAIRMAN = "chairman", _("Chairman (CHỦ TỊCH)")
    DEPUTY = "deputy", _("Vice chairman for the chairman (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)")


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> DecisionQuerySet:
        """The office and the chairman see every decision; others none (they see awards)."""
        if user.is_authenticated and sees_all(user):
            return self
        return self.none()


class Decision(TenantModel):
    """A Quyết định of the chairman. An award decision awards `nominations`; an amendment
    or a revocation corrects `corrects` and names the awards it revokes in `targets` (an
    amendment also re-awards corrected lines). Once issued it never changes."""

    tenant_parent = ("round", "session")

    kind = models.CharField(_("kind"), max_length=8, choices=DecisionKind.choices, default=DecisionKind.AWARD)
    state = models.CharField(
        _("state"), max_length=10, choices=DecisionState.choices, default=DecisionState.DRAFT
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )
    session = models.ForeignKey(
        CouncilSession,
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
        verbose_name=_("council session"),
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("decision corrected"),
        on_delete=models.PROTECT,
        related_name="corrections",
        null=True,
        blank=True,
    )
    nominations = models.ManyToManyField(
        Nomination, related_name="decisions", blank=True, verbose_name=_("nominations")
    )
    targets = models.ManyToManyField(
        "Award", related_name="targeted_by", blank=True, verbose_name=_("collectives and individuals awarded")
    )
    # The number: "Số: 15/QĐ-UBND", given on issuing from the counter of (symbol, year).
    symbol = models.CharField(_("symbol"), max_length=30, default="QĐ-UBND")
    year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("year"))
    number = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("number of the decision"))
    issued_on = models.DateField(_("date of the decision"), null=True, blank=True)
    # The text, edited by the office while a draft.
    title = models.TextField(_("subject line (trích yếu)"))
    achievement = models.TextField(
        _("achievement"),
        help_text=_("Completes “… đã có thành tích …” in the title, Article 1 and on each certificate."),
    )
    letter_reference = models.CharField(
        _("proposal letter"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Tờ trình số 12/TTr-VHXH ngày 15/12/2026”"),
    )
    legal_bases = models.JSONField(_("legal bases"), default=list)
    cash_source = models.TextField(_("source of the cash reward"), blank=True)
    executors = models.TextField(_("who executes the decision (Article 3)"), blank=True)
    recipients = models.JSONField(_("recipients (Nơi nhận)"), default=list)
    reason = models.TextField(_("reason for the correction"), blank=True)
    signer_capacity = models.CharField(
        _("signed as"), max_length=10, choices=SignerCapacity.choices, default=SignerCapacity.CHAIRMAN
    )
    signer_name = models.CharField(_("signer's full name"), max_length=120, blank=True)
    # Frozen on issuing.
    base_salary = models.DecimalField(
        max_digits=12, decimal_places=0, null=True, blank=True, verbose_name=_("base salary")
    )
    snapshot = models.JSONField(default=dict, blank=True, verbose_name=_("frozen content"))
    pdf = models.FileField(upload_to="decisions/%Y/", blank=True, verbose_name=_("PDF file"))
    pdf_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("SHA-256 fingerprint of the PDF"))
    signed = models.BooleanField(default=False, verbose_name=_("digitally signed"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("signed and issued by"),
    )
    issued_at = models.DateTimeField(null=True, blank=True, verbose_name=_("issued at"))

    objects = tenancy.manager(DecisionQuerySet)

    class Meta:
        db_table = "nominations_decision"
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-year", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "symbol", "year", "number"],
                condition=Q(number__isnull=False),
                name="decision_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(state="issued", number__isnull=False, year__isnull=False, issued_on__isnull=False)
                | ~Q(state="issued"),
                name="decision_issued_numbered",
            ),
            models.CheckConstraint(
                condition=Q(kind="award") | Q(corrects__isnull=False),
                name="decision_correction_names_its_target",
            ),
        ]

    def __str__(self) -> str:
        return self.number_text or _("Draft decision #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("awards:decision_detail", args=[self.pk])

    @property
    def number_text(self) -> str:
        """ "15/QĐ-UBND", "01/QĐ-UBND" (`thiduaportal.documents.document_number`), or empty
        before issuing. Issued decisions keep the text frozen in their snapshot and awards."""
        return document_number(self.number, self.symbol)

    @property
    def is_issued(self) -> bool:
        return self.state == DecisionState.ISSUED

    @property
    def is_draft(self) -> bool:
        return self.state == DecisionState.DRAFT


class DecisionTransition(TenantModel):
    """Who moved a decision from which state to which, when and why."""

    tenant_parent = ("decision",)

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("decision")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    from_state = models.CharField(max_length=10, choices=DecisionState.choices, verbose_name=_("from state"))
    to_state = models.CharField(max_length=10, choices=DecisionState.choices, verbose_name=_("to state"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("change of state of a decision")
        verbose_name_plural = _("changes of state of decisions")
        db_table = "nominations_decisiontransition"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision}: {self.from_state} → {self.to_state}"


class AwardSource(models.TextChoices):
    PORTAL = "portal", _("Issued in the portal")
    IMPORTED = "imported", _("Imported (past award)")
    FORWARDED = "forwarded", _("Decided by the city (forwarded)")


class AwardQuerySet(models.QuerySet):
    def visible_to(self, user) -> AwardQuerySet:
        """Awards are public acts: everyone signed in may read the registry."""
        return self if user.is_authenticated else self.none()

    def valid(self) -> AwardQuerySet:
        return self.filter(revoked_by__isnull=True)


class Award(TenantModel):
    """One line of the award registry (sổ khen thưởng): an award to one collective or
    person, by a portal decision or imported from the paper book. Every printed fact is a
    copy frozen when the award was made: renaming a person or moving them to another unit
    changes nothing here."""

    tenant_parent = ("decision", "nomination", "unit", "cadre")
    tenant_crossing = ("unit", "cadre", "nomination")

    source = models.CharField(
        _("source"), max_length=10, choices=AwardSource.choices, default=AwardSource.PORTAL
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
        verbose_name=_("nomination"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="replaced_by",
        null=True,
        blank=True,
        verbose_name=_("replaces"),
    )
    subject_type = models.CharField(_("subject type"), max_length=10, choices=SubjectType.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("individual"),
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
    )
    # Frozen copies of what is printed.
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_detail = models.CharField(
        _("position and unit"),
        max_length=300,
        blank=True,
        help_text=_("A person's position and unit; a collective's parent body."),
    )
    unit_name = models.CharField(_("unit at the time"), max_length=200, blank=True)
    award_form = models.ForeignKey(
        AwardForm,
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
        verbose_name=_("award form"),
    )
    award_name = models.CharField(_("award"), max_length=200)
    achievement = models.TextField(_("achievement"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuer = models.CharField(_("issued by"), max_length=200)
    position = models.PositiveSmallIntegerField(_("number in the list"), null=True, blank=True)
    book_number = models.CharField(_("golden book number (số sổ vàng)"), max_length=30, blank=True)
    amount = models.DecimalField(_("cash reward"), max_digits=12, decimal_places=0, default=0)
    # Portal awards only: the short code printed on the certificate (see services.codes).
    code = models.CharField(_("verification code"), max_length=20, unique=True, null=True, blank=True)
    revoked_by = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="revoked_awards",
        null=True,
        blank=True,
        verbose_name=_("revoked by"),
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    search_text = models.CharField(
        max_length=600, editable=False, db_index=True, verbose_name=_("text for search")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = tenancy.manager(AwardQuerySet)

    class Meta:
        db_table = "nominations_award"
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decision_date", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_type="collective", unit__isnull=False, cadre__isnull=True)
                    | Q(subject_type="individual", cadre__isnull=False)
                ),
                name="award_exactly_one_subject",
            ),
            models.UniqueConstraint(
                fields=["decision", "nomination"],
                condition=Q(nomination__isnull=False),
                name="award_once_per_decision_and_nomination",
            ),
        ]
        indexes = [models.Index(fields=["year", "subject_type"], name="award_year_subject")]

    def __str__(self) -> str:
        return f"{self.recipient_name} · {self.award_name} · {self.decision_number}"

    def save(self, *args, **kwargs):

        self.search_text = fold(" ".join((self.recipient_name, self.unit_name, self.decision_number)))[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("awards:award_detail", args=[self.pk])

    @property
    def is_valid(self) -> bool:
        return self.revoked_by_id is None

    @property
    def book_reference(self) -> str:
        """The golden-book number as the register reads it. The commune's golden book restarts
        at 1 every year (the counter is per year, `numbering.BOOK_SCOPE`), so a number of the
        portal carries its year: "27/2026" (the year of the decision, frozen on the award). An
        imported or forwarded award keeps the text typed from its paper register, which may be
        another body's book kept its own way."""
        number = self.book_number
        if self.source == AwardSource.PORTAL and number.isdigit():
            return f"{number}/{self.decision_date.year}"
        return number


# The fixed lines of a Giấy khen that the usual commercial blanks (phôi) carry already
# (keys of `awards.blanks.FIELDS`).
DEFAULT_PREPRINTED = ("nation", "motto", "title")


def default_preprinted() -> list[str]:
    return list(DEFAULT_PREPRINTED)


class PrinterProfile(TenantModel):
    """Offsets for printing certificate text onto pre-printed blanks (phôi) on one printer:
    positive x moves the text right, positive y moves it down. Each field's box (see
    `awards.blanks`) may be moved further on its own, and the fixed lines the blanks used on
    this printer already carry are not printed."""

    name = models.CharField(_("printer"), max_length=120)
    offset_x_mm = models.DecimalField(_("move right (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("move down (mm)"), max_digits=5, decimal_places=1, default=0)
    # {"name": {"x": "1.5", "y": "-2.0"}, ...}: millimetres, only the fields that move.
    field_offsets = models.JSONField(_("offsets of each field (mm)"), default=dict, blank=True)
    preprinted = models.JSONField(_("lines the blanks carry already"), default=default_preprinted, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        db_table = "nominations_printerprofile"
        verbose_name = _("printer")
        verbose_name_plural = _("printers")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="printer_name_once_per_commune")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CertificateDesign(TenantModel):
    """The commune's certificate design: the national emblem image printed top centre in
    the full design (one row; empty until the office uploads it)."""

    emblem = models.FileField(_("national emblem (PNG or SVG)"), upload_to="certificates/", blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        db_table = "nominations_certificatedesign"
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate design")

    def __str__(self) -> str:
        return str(_("Certificate design"))

    @classmethod
    def current(cls) -> CertificateDesign:
        return cls.objects.order_by("pk").first() or cls()


# The submissions to the city live in their own module (issue 16 item 2).
from awards.city_models import (  # noqa: E402, F401
    CitySubmission,
    CitySubmissionFile,
    CitySubmissionLine,
    CitySubmissionTransition,
    SubmissionState,
)
