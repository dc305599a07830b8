"""The movement (phong trào thi đua) and what it measures.

A campaign spans several years. Each year units register their commitments, responsible
units report results against indicators as counts, PAR INDEX / SIPAS component scores are
recorded, initiatives are recognised, and at the year's end units are scored. Workflow and
every write that matters live in `campaigns/services/`; models hold fields and constraints.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thiduaportal.roles import Role, roles_of
from thiduaportal.text import fold, nfc
from units.models import Cadre, Unit

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def _sees_all(user) -> bool:
    return bool(roles_of(user) & Role.SEES_ALL)


# --------------------------------------------------------------------------- campaign


class ReviewKind(models.TextChoices):
    ANNUAL = "annual", _("Annual review")
    MIDTERM = "midterm", _("Mid-term review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")


class Campaign(models.Model):
    """A movement (phong trào thi đua) with its plan, legal bases and years."""

    title = models.CharField(_("title"), max_length=255)
    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_('e.g. "cchc-2026-2030"'))
    plan_number = models.CharField(
        _("plan number"), max_length=60, blank=True, help_text=_('e.g. "15/KH-UBND"')
    )
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    legal_bases = models.TextField(_("legal bases"), blank=True, help_text=_("One per line."))
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    midterm_year = models.PositiveSmallIntegerField(
        _("mid-term review year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("The year of the mid-term review (sơ kết), chosen by the office."),
    )
    description = models.TextField(_("description"), blank=True)
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    is_public = models.BooleanField(
        _("shown on the public page"), default=True, help_text=_("Targets and commune rates are public.")
    )
    publishing_units = models.ManyToManyField(
        Unit,
        verbose_name=_("units that publish on the public page"),
        related_name="published_campaigns",
        blank=True,
        help_text=_("Besides the office, e.g. the general services centre."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="campaign_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(midterm_year__isnull=True)
                | (Q(midterm_year__gte=F("start_year")) & Q(midterm_year__lte=F("end_year"))),
                name="campaign_midterm_inside",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title).strip()
        self.legal_bases = nfc(self.legal_bases)
        self.description = nfc(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    @property
    def baseline_year(self) -> int:
        """The year before the first: results may be entered for it as the baseline the
        first year compares with; targets, registrations and scoring may not."""
        return self.start_year - 1

    def accepts_results_for(self, year: int) -> bool:
        return self.baseline_year <= year <= self.end_year

    def review_points(self) -> list[tuple[int, str]]:
        """(year, ReviewKind) in order: an annual review each year, the mid-term review in
        its chosen year, the final review in the last year."""
        points = []
        for year in self.years:
            points.append((year, ReviewKind.ANNUAL))
            if year == self.midterm_year:
                points.append((year, ReviewKind.MIDTERM))
        points.append((self.end_year, ReviewKind.FINAL))
        return points

    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]


class CampaignYear(models.Model):
    """One yearly period of a campaign. A closed year's scoring sheet is frozen."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("campaign year")
        verbose_name_plural = _("campaign years")
        ordering = ["campaign", "year"]
        constraints = [models.UniqueConstraint(fields=["campaign", "year"], name="campaign_year_once")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.year}"


# --------------------------------------------------------------------------- indicators


class IndicatorKind(models.TextChoices):
    RATIO = "ratio", _("Ratio of two counts")
    PERCENT = "percent", _("Percentage")
    SCORE = "score", _("Score")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Indicator(models.Model):
    """A measured target (chỉ tiêu). A ratio's rate is Σ numerator / Σ denominator × 100
    over units and periods; a percentage or score is averaged."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    definition = models.TextField(_("definition"), blank=True)
    numerator_label = models.CharField(_("numerator"), max_length=255, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.RATIO
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    frequency = models.CharField(
        _("reporting period"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    final_target = models.DecimalField(
        _("target for the last year"),
        max_digits=7,
        decimal_places=2,
        help_text=_("In %, or in points for a score."),
    )
    is_city_kpi = models.BooleanField(_("city KPI"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    reporting_units = models.ManyToManyField(
        Unit, verbose_name=_("reporting units"), related_name="reported_indicators", blank=True
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["campaign", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="indicator_code_once"),
            models.CheckConstraint(condition=Q(final_target__gte=0), name="indicator_target_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        for field in ("name", "definition", "numerator_label", "denominator_label"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:indicator_detail", args=[self.pk])

    @property
    def periods_per_year(self) -> int:
        return 12 if self.frequency == Frequency.MONTHLY else 4

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER


class IndicatorTarget(models.Model):
    """The target of one year: the path to the campaign's final target."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("target"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_once_a_year"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year}: {self.value}"


class ResultQuerySet(models.QuerySet):
    def visible_to(self, user) -> ResultQuerySet:
        if not user.is_authenticated:
            return self.none()
        if _sees_all(user):
            return self
        return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()


class Result(models.Model):
    """A unit's figures for one indicator in one month or quarter (per the indicator's
    reporting period). Ratios store both counts; percentages and scores store `value`."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="results")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    period = models.PositiveSmallIntegerField(
        _("month or quarter"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["indicator", "unit", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "period"], name="result_once_a_period"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=F("denominator")),
                name="result_numerator_within_denominator",
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1) & Q(period__lte=12), name="result_period_valid"
            ),
        ]
        indexes = [models.Index(fields=["year", "indicator", "unit"], name="result_year_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.unit} · {self.period}/{self.year}"

    @property
    def rate(self):
        if self.numerator is not None and self.denominator:
            return self.numerator * 100 / self.denominator
        return self.value


# --------------------------------------------------------------------------- registration


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegistrationQuerySet:
        if not user.is_authenticated:
            return self.none()
        if _sees_all(user):
            return self
        return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()


class Registration(models.Model):
    """A unit's yearly commitments (đăng ký thi đua). State changes go through
    `campaigns.services.registration`, which writes a `RegistrationTransition`."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    state = models.CharField(
        _("state"), max_length=10, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    pledges = models.TextField(_("pledges"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "year"], name="registration_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:registration_detail", args=[self.pk])


class RegistrationCommitment(models.Model):
    """One indicator a unit commits to and the level it will reach."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="commitments")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="commitments")
    level = models.DecimalField(_("committed level"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "indicator"], name="commitment_once"),
            models.CheckConstraint(condition=Q(level__gte=0), name="commitment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.level}"


class RegistrationTransition(models.Model):
    """Who moved a registration from which state to which, when and why."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=10, choices=RegistrationState.choices)
    to_state = models.CharField(max_length=10, choices=RegistrationState.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.registration}: {self.from_state} → {self.to_state}"


# --------------------------------------------------------------------------- PAR INDEX / SIPAS


class IndexKind(models.TextChoices):
    PAR = "par", _("PAR INDEX")
    SIPAS = "sipas", _("SIPAS")


class IndexComponent(models.Model):
    """A component (chỉ số thành phần) of PAR INDEX or SIPAS in one year. The same `code`
    across years is the same component, so a year's score compares with the year before."""

    index = models.CharField(_("index"), max_length=10, choices=IndexKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    group = models.CharField(_("group"), max_length=255)
    code = models.CharField(_("code"), max_length=20, help_text=_('e.g. "3.2"'))
    name = models.CharField(_("component"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    score = models.DecimalField(_("official score"), max_digits=6, decimal_places=2, null=True, blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("responsible units"), related_name="index_components", blank=True
    )

    class Meta:
        verbose_name = _("index component")
        verbose_name_plural = _("index components")
        ordering = ["index", "year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["index", "year", "code"], name="component_once_a_year"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="component_max_positive"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=F("max_points"))),
                name="component_score_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.code} {self.name} ({self.year})"

    def save(self, *args, **kwargs):
        self.group = nfc(self.group).strip()
        self.name = nfc(self.name).strip()
        self.code = self.code.strip()
        super().save(*args, **kwargs)


# --------------------------------------------------------------------------- initiatives


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
        if _sees_all(user):
            return self
        if not user.unit_id:
            return self.none()
        return self.filter(
            Q(owner_unit_id=user.unit_id) | Q(units__id=user.unit_id) | Q(authors__unit_id=user.unit_id)
        ).distinct()

    def recognised(self) -> InitiativeQuerySet:
        return self.filter(state=InitiativeState.RECOGNISED)


class Initiative(models.Model):
    """A CCHC initiative, model or solution (sáng kiến, mô hình, giải pháp), its authors
    and units, and its recognition by an initiative council (Hội đồng Sáng kiến)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="initiatives", null=True, blank=True
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="owned_initiatives"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.SOLUTION
    )
    title = models.CharField(_("title"), max_length=255)
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
    search_title = models.CharField(max_length=255, editable=False, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativeQuerySet.as_manager()

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


def evidence_path(instance: InitiativeEvidence, filename: str) -> str:
    # Private storage; a random name so paths cannot be guessed or collide.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/initiatives/{instance.initiative_id}/{uuid.uuid4().hex}.{suffix}"


class InitiativeEvidence(models.Model):
    """A file proving an initiative (decision scan, photos, report). Served only through a
    permission-checked view."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def unit_id(self) -> int:
        return self.initiative.owner_unit_id


# --------------------------------------------------------------------------- year-end scoring


class CriterionSource(models.TextChoices):
    MANUAL = "manual", _("Scored by hand")
    INDICATOR = "indicator", _("From an indicator's results")
    REGISTRATION = "registration", _("Accepted registration")
    INDEX = "index", _("PAR INDEX / SIPAS components held or raised")
    INITIATIVES = "initiatives", _("Recognised initiatives")


class ScoringCriterion(models.Model):
    """A line of a year's scoring sheet (bảng chấm điểm). Automatic lines compute their
    points from data; manual lines are scored with a comment."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("criterion"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=12, choices=CriterionSource.choices, default=CriterionSource.MANUAL
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["campaign", "year", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(
                condition=~Q(source="indicator") | Q(indicator__isnull=False),
                name="criterion_indicator_named",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class UnitScore(models.Model):
    """Points a unit earned on one criterion of a year's sheet."""

    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit score")
        verbose_name_plural = _("unit scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.criterion}: {self.points}"


# --------------------------------------------------------------------------- public page


class PostQuerySet(models.QuerySet):
    def published(self) -> PostQuerySet:
        return self.filter(is_published=True)


class Post(models.Model):
    """A short article on the public CCHC page (chuyên mục CCHC)."""

    title = models.CharField(_("title"), max_length=255)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = models.TextField(_("text"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("publishing unit"), on_delete=models.PROTECT, related_name="posts"
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        for field in ("title", "summary", "body"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        super().save(*args, **kwargs)
