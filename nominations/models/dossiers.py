"""Files of a dossier: signed scans (the unit's Tờ trình, its selection-meeting minutes, each
achievement report) and evidence. Stored privately under a random name; the Vietnamese file
name is kept for display; served only through a permission-checked view."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models.nominations import Nomination
from nominations.models.rounds import Proposal
from thiduaportal.tenancy import TenantModel


class AttachmentKind(models.TextChoices):
    LETTER_SCAN = "letter_scan", _("Signed Tờ trình of the unit (scan)")
    MINUTES_SCAN = "minutes_scan", _("Signed minutes of the unit's selection meeting (scan)")
    REPORT_SCAN = "report_scan", _("Signed achievement report (scan)")
    EVIDENCE = "evidence", _("Evidence")


def attachment_path(instance: Attachment, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"dossiers/{instance.proposal_id}/{uuid.uuid4().hex}.{suffix}"


class Attachment(TenantModel):
    """A file of a proposal (letter, minutes) or of one nomination (report scan, evidence).
    A newer scan of the same kind replaces the older one, which is kept (`replaced_at`)."""

    tenant_parent = ("proposal",)

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("unit's proposal")
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.PROTECT,
        related_name="attachments",
        null=True,
        blank=True,
        verbose_name=_("nomination"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, verbose_name=_("file"))
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, verbose_name=_("file type"))
    size = models.PositiveIntegerField(verbose_name=_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))
    replaced_at = models.DateTimeField(null=True, blank=True, verbose_name=_("replaced at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def unit_id(self) -> int:
        return self.proposal.unit_id
