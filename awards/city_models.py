"""Submissions to the city (issue 16 item 2): the package a commune forwards for city awards,
sent inside the portal. A submission is a row of the SENDING commune that names its `city`;
its files are copies made through Django's storage and its lines are frozen copies of the
candidates, so the city reads the submission alone, never the commune's own tables.

The city's users work in the city's scope: the submission's manager lets a scope see the
submissions of its communes (`commune`) and those sent to it (`city`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nominations.models.nominations import Nomination, SubjectType
from nominations.models.rounds import AwardForm, Round
from thiduaportal import tenancy
from thiduaportal.tenancy import TenantModel
from units.models import Cadre, Unit


class CityManager(models.Manager):
    """Rows of the commune in scope and rows sent to the city in scope (`city_path` names
    the city's id from the row). Outside every scope (commands, workers, tests), every row."""

    city_path = "city_id"

    def get_queryset(self):
        queryset = super().get_queryset()
        ids = tenancy.active_ids()
        if ids is None:
            return queryset
        return queryset.filter(Q(commune_id__in=ids) | Q(**{f"{self.city_path}__in": ids}))


class SentManager(CityManager):
    """The rows of a submission: its commune's, and the city's it was sent to."""

    city_path = "submission__city_id"


class SubmissionState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted to the city")
    RETURNED = "returned", _("Returned to the commune")
    ACCEPTED = "accepted", _("Accepted by the city")
    REJECTED = "rejected", _("Rejected by the city")
    DECIDED = "decided", _("Decided by the city")


class CitySubmission(TenantModel):
    """A commune's dossiers for city awards of one round, sent to its city."""

    tenant_parent = ("round",)

    city = models.ForeignKey(
        "units.Commune",
        on_delete=models.PROTECT,
        related_name="received_submissions",
        verbose_name=_("city"),
    )
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="city_submissions", verbose_name=_("round")
    )
    title = models.CharField(_("name of the submission"), max_length=300)
    commune_name = models.CharField(_("sending commune"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.SUBMITTED
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    return_reason = models.TextField(_("reason for return"), blank=True)
    decision_number = models.CharField(_("city decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("city decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=200, blank=True)
    decision_award = models.CharField(_("award form decided"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = CityManager()

    class Meta:
        verbose_name = _("submission to the city")
        verbose_name_plural = _("submissions to the city")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.commune_name}: {self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("awards:city_submission", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state != SubmissionState.REJECTED


class CitySubmissionLine(TenantModel):
    """One candidate of a submission, frozen when it was sent (and sent again)."""

    tenant_parent = ("submission",)
    tenant_crossing = ("unit", "cadre")

    submission = models.ForeignKey(
        CitySubmission, on_delete=models.CASCADE, related_name="lines", verbose_name=_("submission")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="city_lines", verbose_name=_("nomination")
    )
    position = models.PositiveSmallIntegerField(_("number in the list"))
    subject_type = models.CharField(_("subject type"), max_length=10, choices=SubjectType.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("collective")
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("individual")
    )
    award_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("award form")
    )
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_detail = models.CharField(_("position and unit"), max_length=300, blank=True)
    unit_name = models.CharField(_("unit at the time"), max_length=200, blank=True)
    award_name = models.CharField(_("award"), max_length=200)
    achievement = models.TextField(_("achievement"), blank=True)
    awarded = models.BooleanField(_("awarded by the city"), default=False)

    objects = SentManager()

    class Meta:
        verbose_name = _("candidate of a submission")
        verbose_name_plural = _("candidates of submissions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "nomination"], name="city_line_once_per_submission")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.recipient_name}"


def submission_file_path(instance: CitySubmissionFile, filename: str) -> str:
    return f"city-submissions/{instance.submission_id}/v{instance.version}/{filename}"


class CitySubmissionFile(TenantModel):
    """A copy of one file of the package as it was sent (each version keeps its own)."""

    tenant_parent = ("submission",)

    submission = models.ForeignKey(
        CitySubmission, on_delete=models.CASCADE, related_name="files", verbose_name=_("submission")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name in the package"), max_length=300)
    file = models.FileField(_("file"), upload_to=submission_file_path, max_length=400)
    size = models.PositiveIntegerField(_("size (bytes)"))

    objects = SentManager()

    class Meta:
        verbose_name = _("file of a submission")
        verbose_name_plural = _("files of submissions")
        ordering = ["version", "name", "pk"]

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class CitySubmissionTransition(TenantModel):
    """Who moved a submission from which state to which, when and why."""

    tenant_parent = ("submission",)

    submission = models.ForeignKey(
        CitySubmission, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("submission")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    from_state = models.CharField(_("from state"), max_length=10, choices=SubmissionState.choices)
    to_state = models.CharField(_("to state"), max_length=10, choices=SubmissionState.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = SentManager()

    class Meta:
        verbose_name = _("change of state of a submission")
        verbose_name_plural = _("changes of state of submissions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission}: {self.from_state} → {self.to_state}"
