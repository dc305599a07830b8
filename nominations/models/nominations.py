"""Nominations (đề nghị khen thưởng): one candidate in one round, its achievement report,
its versions, transitions, comments and eligibility overrides."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nominations.models.rounds import AwardForm, Proposal, Round
from nominations.models.titles import Title
from thiduaportal import tenancy
from thiduaportal.roles import Role, roles_of, sees_all
from thiduaportal.tenancy import TenantModel
from thiduaportal.text import nfc
from units.models import Cadre, Unit


class SubjectType(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SHORTLISTED = "shortlisted", _("Shortlisted for the council")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A proposal still counts while it is drafted, submitted, returned for revision, accepted or
# on the council's list (a title held or proposed, a share cap's base, a unit's sheet).
LIVE_STATES = tuple(
    state
    for state in NominationState.values
    if state not in (NominationState.WITHDRAWN, NominationState.REJECTED)
)


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NominationQuerySet:
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        if roles_of(user) & Role.UNIT_ROLES and user.unit_id:
            return self.filter(proposal__unit_id=user.unit_id)
        return self.none()


class Nomination(TenantModel):
    """One candidate, a unit or a person, proposed in a round for one award form.

    `report` holds the achievement report (Mẫu 08 for campaign rounds, Mẫu 06 for ad hoc, Mẫu
    05 / 04 for the year-end titles that need one) as structured sections; see
    `nominations.services.reports` for its shape. State changes go through
    `nominations.services.workflow`, which writes a `NominationTransition` and, on each
    submission, a `NominationVersion`."""

    tenant_parent = ("round",)
    tenant_crossing = ("subject_unit", "subject_cadre")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("unit's proposal")
    )
    # Denormalised from the proposal so the database can refuse a second nomination of the
    # same subject in one round.
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("award round")
    )
    subject_type = models.CharField(_("subject type"), max_length=10, choices=SubjectType.choices)
    subject_unit = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    subject_cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("individual"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    award_form = models.ForeignKey(AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT)
    summary = models.CharField(
        _("achievement in one line"),
        max_length=300,
        blank=True,
        help_text=_(
            "Used in lists and in the decision, e.g. “Đã có thành tích xuất sắc trong công tác CCHC năm 2026”."
        ),
    )
    proposal_reason = models.TextField(
        _("the unit's reason for proposing against a failed check"),
        blank=True,
        help_text=_("Year-end review: why the unit proposes the title although a check of it failed."),
    )
    report = models.JSONField(_("achievement report"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=NominationState.choices, default=NominationState.DRAFT
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_nominations",
    )
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    settle_by = models.DateField(_("to be settled by"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = tenancy.manager(NominationQuerySet)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "proposal__unit__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_type="collective", subject_unit__isnull=False, subject_cadre__isnull=True)
                    | Q(subject_type="individual", subject_cadre__isnull=False, subject_unit__isnull=True)
                ),
                name="nomination_exactly_one_subject",
            ),
            # Once per award form; a campaign round also refuses a second award form for the
            # same subject (`nominations.services.proposals`, under the round's lock), while the
            # year-end review proposes one person for several titles (LĐTT and CSTĐCS).
            models.UniqueConstraint(
                fields=["round", "subject_cadre", "award_form"],
                condition=Q(subject_cadre__isnull=False) & ~Q(state="withdrawn"),
                name="nomination_person_once_per_award",
            ),
            models.UniqueConstraint(
                fields=["round", "subject_unit", "award_form"],
                condition=Q(subject_unit__isnull=False) & ~Q(state="withdrawn"),
                name="nomination_unit_once_per_award",
            ),
        ]
        indexes = [
            models.Index(fields=["round", "state"], name="nomination_round_state"),
            # The review queue's order: its first page is read from the index, not sorted
            # from every nomination of every year (70 ms → 0.5 ms at 20,000 on PostgreSQL).
            models.Index(fields=["settle_by", "submitted_at", "id"], name="nomination_queue_order"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.round}"

    def save(self, *args, **kwargs):
        self.summary = nfc(self.summary).strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("nominations:nomination_detail", args=[self.pk])

    @property
    def subject(self) -> Unit | Cadre:
        return self.subject_unit if self.subject_type == SubjectType.COLLECTIVE else self.subject_cadre

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return subject.full_name if isinstance(subject, Cadre) else str(subject)

    @property
    def unit_id(self) -> int:
        """The proposing unit, so the shared `is_own_unit` rule reads nominations. Needs the
        proposal loaded (select_related) to stay free."""
        return self.proposal.unit_id

    @cached_property
    def report_form(self) -> str:
        """The annex form of the achievement report: Mẫu 06 (ad hoc) or Mẫu 08 (movement); in
        the year-end review the form the catalogue names for the title (Mẫu 05 / Mẫu 04), or ""
        for a title that needs no report (one query; a list sets it from its titles)."""
        if self.round.is_year_end:
            found = Title.objects.filter(commune_id=self.round.commune_id, award_form_id=self.award_form_id)
            return found.values_list("report_form", flat=True).first() or ""
        return "06" if self.round.is_adhoc else "08"


class NominationTransition(TenantModel):
    """Who moved a nomination from which state to which, when and why."""

    tenant_parent = ("nomination",)

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("nomination")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    from_state = models.CharField(
        max_length=12, choices=NominationState.choices, verbose_name=_("from state")
    )
    to_state = models.CharField(max_length=12, choices=NominationState.choices, verbose_name=_("to state"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("change of state of a nomination")
        verbose_name_plural = _("changes of state of nominations")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.from_state} → {self.to_state}"


class NominationVersion(TenantModel):
    """What was submitted, each time it was submitted: the office compares versions."""

    tenant_parent = ("nomination",)

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="versions", verbose_name=_("nomination")
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("version number"))
    snapshot = models.JSONField(default=dict, verbose_name=_("frozen content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(auto_now_add=True, verbose_name=_("submitted at"))

    class Meta:
        verbose_name = _("submitted version of a nomination")
        verbose_name_plural = _("submitted versions of nominations")
        ordering = ["nomination", "number"]
        constraints = [models.UniqueConstraint(fields=["nomination", "number"], name="version_once")]

    def __str__(self) -> str:
        return f"{self.nomination_id} v{self.number}"


class Comment(TenantModel):
    """A remark on a nomination: for the unit to read, or an internal note of the office."""

    tenant_parent = ("nomination",)

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="comments", verbose_name=_("nomination")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"))
    internal = models.BooleanField(_("internal note (the unit does not see it)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs):
        self.text = nfc(self.text).strip()
        super().save(*args, **kwargs)


class EligibilityOverride(TenantModel):
    """The office accepted a nomination although a check failed; the justification is kept."""

    tenant_parent = ("nomination",)

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("nomination")
    )
    check_code = models.CharField(_("check"), max_length=30)
    justification = models.TextField(_("justification"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("acceptance against a failed check")
        verbose_name_plural = _("acceptances against failed checks")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "check_code"], name="override_once_per_check")
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.check_code}"
