"""The certificate design the commune uploads: its national emblem."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from awards.forms.certificates import EmblemForm
from awards.models import CertificateDesign


def replace_emblem(upload) -> CertificateDesign:
    """Store `upload` (checked by `EmblemForm`) as the commune's emblem, replacing any
    earlier one. The file stays in the private media folder; only the renderer reads it."""
    design = CertificateDesign.current()
    old = design.emblem.name if design.emblem else ""
    extension = upload.name.rsplit(".", 1)[-1].lower()
    upload.seek(0)
    with transaction.atomic():
        design.emblem.save(f"emblem.{extension}", ContentFile(upload.read()), save=True)
    if old and old != design.emblem.name:
        design.emblem.storage.delete(old)
    return design


def save_checked_emblem(upload) -> CertificateDesign:
    """Check `upload` as the emblem page does (`EmblemForm`) and store it as the scope's
    commune's emblem; a refused file raises ValidationError with the form's message."""
    form = EmblemForm(files={"emblem": upload})
    if not form.is_valid():
        raise ValidationError(form.errors["emblem"])
    return replace_emblem(upload)
