"""Award forms, rounds (đợt xét) with their deadlines and quotas, and units' proposals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import YEAR_VALIDATORS, Campaign
from thiduaportal import tenancy
from thiduaportal.roles import Role, roles_of, sees_all
from thiduaportal.tenancy import TenantModel
from thiduaportal.text import nfc
from units.models import Unit


class AwardLevel(models.TextChoices):
    COMMUNE = "commune", _("Decided by the commune")
    CITY = "city", _("Proposed to the city (forwarded)")


class AwardKind(models.TextChoices):
    INDIVIDUAL_TITLE = "individual_title", _("Emulation title of an individual")
    COLLECTIVE_TITLE = "collective_title", _("Emulation title of a collective")
    CERTIFICATE = "certificate", _("Certificate of merit (Giấy khen)")
    FORWARDED = "forwarded", _("Award of the city or the State (forwarded)")


class AwardForm(models.Model):
    """A form of award or an emulation title, the same in every commune (the law's): e.g. the
    chairman's Giấy khen (decided here), a city award (the dossier is forwarded), the title
    "Lao động tiên tiến". Cash coefficients × lương cơ sở (REFERENCE §5, §10). What a commune
    makes of a title (its criteria, caps, council rule) is its catalogue entry, `Title`."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(
        _("level"), max_length=10, choices=AwardLevel.choices, default=AwardLevel.COMMUNE
    )
    collective_coefficient = models.DecimalField(
        _("coefficient for a collective"), max_digits=4, decimal_places=2, default=0
    )
    individual_coefficient = models.DecimalField(
        _("coefficient for an individual"), max_digits=4, decimal_places=2, default=0
    )
    kind = models.CharField(
        _("kind of award"), max_length=20, choices=AwardKind.choices, default=AwardKind.CERTIFICATE
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_("The law, decree and article that create the award and its cash reward."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class RoundKind(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    MIDTERM = "midterm", _("Mid-term review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")
    ADHOC = "adhoc", _("Ad hoc (đột xuất)")
    YEAR_END = "yearend", _("Year-end review of titles (bình xét cuối năm)")


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for proposals")
    CLOSED = "closed", _("Closed for proposals")
    REVIEW = "review", _("Under review")
    COUNCIL = "council", _("At the council")
    DECIDED = "decided", _("Decided")
    ARCHIVED = "archived", _("Archived")


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user) -> RoundQuerySet:
        """Everyone signed in sees rounds, except those still being prepared (office only)."""
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        return self.exclude(state=RoundState.DRAFT)


class Round(TenantModel):
    """One review of nominations (đợt xét khen thưởng). State changes go through
    `nominations.services.rounds`, which writes a `RoundTransition`."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="rounds",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices)
    title = models.CharField(_("name of the round"), max_length=255)
    submit_by = models.DateField(_("units submit by"))
    review_by = models.DateField(_("the office reviews by"), null=True, blank=True)
    council_on = models.DateField(_("the council meets on"), null=True, blank=True)
    quota_collectives = models.PositiveSmallIntegerField(
        _("quota of collectives"), null=True, blank=True, help_text=_("Empty: no quota.")
    )
    quota_individuals = models.PositiveSmallIntegerField(
        _("quota of individuals"), null=True, blank=True, help_text=_("Empty: no quota.")
    )
    award_forms = models.ManyToManyField(
        AwardForm, verbose_name=_("award forms offered"), related_name="rounds"
    )
    state = models.CharField(_("state"), max_length=10, choices=RoundState.choices, default=RoundState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = tenancy.manager(RoundQuerySet)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year", "-submit_by", "pk"]
        constraints = [
            # A campaign round belongs to its campaign; an ad hoc round and the year-end review
            # of titles may stand alone.
            models.CheckConstraint(
                condition=Q(kind__in=["adhoc", "yearend"]) | Q(campaign__isnull=False),
                name="round_campaign_set",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title).strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("nominations:round_detail", args=[self.pk])

    @property
    def is_adhoc(self) -> bool:
        return self.kind == RoundKind.ADHOC

    @property
    def is_year_end(self) -> bool:
        """The year-end review: every person and unit for the catalogue's titles, a subject
        proposed once per title (not once per round)."""
        return self.kind == RoundKind.YEAR_END

    def quota_for(self, subject_type: str) -> int | None:
        return self.quota_collectives if subject_type == "collective" else self.quota_individuals


class RoundTransition(TenantModel):
    tenant_parent = ("round",)

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("award round")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    from_state = models.CharField(max_length=10, choices=RoundState.choices, verbose_name=_("from state"))
    to_state = models.CharField(max_length=10, choices=RoundState.choices, verbose_name=_("to state"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("change of state of a round")
        verbose_name_plural = _("changes of state of rounds")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.round}: {self.from_state} → {self.to_state}"


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProposalQuerySet:
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        if roles_of(user) & Role.UNIT_ROLES and user.unit_id:
            return self.filter(unit_id=user.unit_id)
        return self.none()


class Proposal(TenantModel):
    """A unit's proposal for a round: its Tờ trình (generated from its nominations), the
    minutes of its selection meeting (a signed scan), and one nomination per candidate.
    The office records the receipt of the paper originals here."""

    tenant_parent = ("round",)

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("award round")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("unit"))
    letter_number = models.CharField(
        _("number of the unit's Tờ trình"), max_length=60, blank=True, help_text=_('e.g. "12/TTr-TTPVHCC"')
    )
    letter_date = models.DateField(_("date of the Tờ trình"), null=True, blank=True)
    signer_name = models.CharField(_("signed by (full name)"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's position"), max_length=120, blank=True)
    meeting_date = models.DateField(_("date of the unit's selection meeting"), null=True, blank=True)
    paper_copies_received = models.PositiveSmallIntegerField(_("paper originals received"), default=0)
    paper_received_at = models.DateTimeField(_("paper originals received at"), null=True, blank=True)
    paper_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("paper originals received by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = tenancy.manager(ProposalQuerySet)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["round", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="proposal_once_per_round")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("nominations:proposal_detail", args=[self.pk])
