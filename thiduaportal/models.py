"""Cross-app infrastructure models: background jobs (exports, prints, imports, reports)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thiduaportal.tenancy import TenantModel


class JobState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Job(TenantModel):
    """Work done in the background for one user (an export, a print, an import, a report);
    a file it builds is offered for download when ready."""

    tenant_parent = ("owner",)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("identifier"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("owner")
    )
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(default=dict, blank=True, verbose_name=_("parameters"))
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.PENDING)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True, verbose_name=_("file"))
    filename = models.CharField(max_length=200, blank=True, verbose_name=_("file name"))
    row_count = models.PositiveIntegerField(default=0, verbose_name=_("number of rows"))
    # Percent done, for jobs that can tell (long reports); 0 while unknown.
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("progress"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_state_display()}"

    def visible_to(self, user) -> bool:
        return user.is_authenticated and self.owner_id == user.pk
