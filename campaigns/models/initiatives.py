"""Initiatives, models and solutions (sáng kiến, mô hình, giải pháp) and their evidence."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thiduaportal import tenancy
from thiduaportal.roles import sees_all
from thiduaportal.tenancy import TenantModel
from thiduaportal.text import fold, nfc
from units.models import Cadre, Unit

from .campaign import Campaign


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    MODEL = "model", _("Model")
    SOLUTION = "solution", _("Solution")


class InitiativeState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting recognition")
    RECOGNISED = "recognised", _("Recognised")
    REFUSED = "refused", _("Not recognised")


class CouncilLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune initiative council")
    CITY = "city", _("City initiative council")


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user) -> InitiativeQuerySet:
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        if not user.unit_id:
            return self.none()
        return self.filter(
            Q(owner_unit_id=user.unit_id) | Q(units__id=user.unit_id) | Q(authors__unit_id=user.unit_id)
        ).distinct()

    def recognised(self) -> InitiativeQuerySet:
        return self.filter(state=InitiativeState.RECOGNISED)


class Initiative(TenantModel):
    """A CCHC initiative, model or solution (sáng kiến, mô hình, giải pháp), its authors
    and units, and its recognition by an initiative council (Hội đồng Sáng kiến)."""

    tenant_parent = ("owner_unit",)

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="initiatives",
        null=True,
        blank=True,
        verbose_name=_("emulation movement"),
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="owned_initiatives"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.SOLUTION
    )
    title = models.CharField(_("name of the initiative"), max_length=255)
    description = models.TextField(_("description"))
    applied_where = models.CharField(_("where it is applied"), max_length=255, blank=True)
    applied_since = models.DateField(_("applied since"), null=True, blank=True)
    authors = models.ManyToManyField(Cadre, verbose_name=_("authors"), related_name="initiatives", blank=True)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="initiatives", blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=InitiativeState.choices, default=InitiativeState.PROPOSED
    )
    council_level = models.CharField(
        _("recognised by"), max_length=10, choices=CouncilLevel.choices, blank=True
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    search_title = models.CharField(
        max_length=255, editable=False, db_index=True, verbose_name=_("title for search")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = tenancy.manager(InitiativeQuerySet)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="recognised")
                | (~Q(council_level="") & ~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="initiative_recognition_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        for field in ("title", "description", "applied_where", "decision_number", "refusal_reason"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        self.search_title = fold(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:initiative_detail", args=[self.pk])

    @property
    def unit_id(self) -> int:
        """The proposing unit, so the shared `is_own_unit` rule reads initiatives."""
        return self.owner_unit_id

    def get_additional_data(self) -> dict | None:
        """Read by django-auditlog when it logs a save: the move and its reason, set by the
        initiatives service on the object it is about to save), with the commune."""
        return {**super().get_additional_data(), **(getattr(self, "audit_note", None) or {})}


class InitiativeTransition(TenantModel):
    """Who moved an initiative from which state to which, when and why."""

    tenant_parent = ("initiative",)

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("initiative")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    from_state = models.CharField(
        max_length=10, choices=InitiativeState.choices, verbose_name=_("from state")
    )
    to_state = models.CharField(max_length=10, choices=InitiativeState.choices, verbose_name=_("to state"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("change of state of an initiative")
        verbose_name_plural = _("changes of state of initiatives")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_state} → {self.to_state}"


def evidence_path(instance: InitiativeEvidence, filename: str) -> str:
    # Private storage; a random name so paths cannot be guessed or collide.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/initiatives/{instance.initiative_id}/{uuid.uuid4().hex}.{suffix}"


class InitiativeEvidence(TenantModel):
    """A file proving an initiative (decision scan, photos, report). Served only through a
    permission-checked view."""

    tenant_parent = ("initiative",)

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("initiative")
    )
    file = models.FileField(upload_to=evidence_path, verbose_name=_("file"))
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, verbose_name=_("file type"))
    size = models.PositiveIntegerField(verbose_name=_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def unit_id(self) -> int:
        return self.initiative.owner_unit_id
