"""Messages to users: rendered when sent, shown in the portal's inbox, and e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models.nominations import Nomination
from nominations.models.rounds import Round
from thiduaportal.tenancy import TenantModel


class Notification(TenantModel):
    tenant_parent = ("nomination", "round", "recipient")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient of the message"),
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
        verbose_name=_("nomination"),
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
        verbose_name=_("award round"),
    )
    # What the message is about, so a reminder is never sent twice (e.g. "reminder:submit_by:7").
    topic = models.CharField(max_length=60, blank=True, verbose_name=_("topic"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("e-mailed at"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.subject
