"""Master data: the commune, its units (tập thể), their people (cá nhân), ratings, users."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thiduaportal import tenancy
from thiduaportal.roles import Role, roles_of, sees_all
from thiduaportal.tenancy import TenantModel
from thiduaportal.text import fold, nfc


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    CITY = "city", _("City or province")


class CommuneQuerySet(models.QuerySet):
    def local(self) -> CommuneQuerySet:
        """Communes and wards (the city itself excluded)."""
        return self.exclude(kind=CommuneKind.CITY)

    def open(self) -> CommuneQuerySet:
        return self.filter(archived_at__isnull=True)

    def lone(self) -> Commune | None:
        """The install's commune when it runs one (the first commune or ward otherwise)."""
        return self.local().order_by("pk").first()


class Commune(models.Model):
    """A commune or ward served by the portal (a tenant: every piece of its data names it), or
    the city above them, which receives the dossiers they forward for city awards."""

    name = models.CharField(_("commune name"), max_length=120, help_text=_('e.g. "xã An Bình"'))
    place_name = models.CharField(_("place name used in dates"), max_length=80, help_text=_('e.g. "An Bình"'))
    province = models.CharField(_("province or city"), max_length=80, blank=True)
    authority_name = models.CharField(
        _("name of the People's Committee"),
        max_length=160,
        help_text=_('As printed in document headers, e.g. "ỦY BAN NHÂN DÂN XÃ AN BÌNH"'),
    )
    chairman_name = models.CharField(_("chairman's full name"), max_length=120, blank=True)
    office_head_name = models.CharField(
        _("full name of the head of the Culture and Society office"),
        max_length=120,
        blank=True,
        help_text=_("Printed under the signature of the office's Tờ trình and reports (Trưởng phòng)."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    kind = models.CharField(
        _("level"), max_length=10, choices=CommuneKind.choices, default=CommuneKind.COMMUNE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("city or province above"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communes",
        limit_choices_to={"kind": CommuneKind.CITY},
    )
    code = models.SlugField(
        _("short code"),
        max_length=40,
        blank=True,
        help_text=_(
            'Names the commune in public addresses, e.g. "thuong-phuc" in /xac-minh/?xa=thuong-phuc.'
        ),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="commune_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        for field in (
            "name",
            "place_name",
            "province",
            "authority_name",
            "chairman_name",
            "office_head_name",
        ):
            setattr(self, field, nfc(getattr(self, field)))
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        """Its audit-log entries are read in its own commune's log."""
        return {tenancy.DIMENSION: self.pk}

    @property
    def is_city(self) -> bool:
        return self.kind == CommuneKind.CITY

    @classmethod
    def current(cls) -> Commune | None:
        """The commune whose data is being read: the request's (the signed-in user's, or the
        one a public page names), a background job's owner's; outside those, the install's
        only (first) commune. None until its details are entered (its name)."""
        commune = cls.of_scope()
        return commune if commune is not None and commune.name else None

    @classmethod
    def of_scope(cls) -> Commune | None:
        """`current()`, also when its details are still blank (the Settings page fills it in)."""
        ids = tenancy.active_ids()
        if ids:
            held = tenancy.active_commune()
            if held is not None and held.pk == ids[0]:
                return held
            return cls.objects.filter(pk=ids[0]).first()
        return cls.objects.lone()


class UnitKind(models.TextChoices):
    AUTHORITY = "authority", _("People's Committee / Party committee")
    DEPARTMENT = "department", _("Department or office")
    CENTRE = "centre", _("Service centre")
    FRONT = "front", _("Fatherland Front or mass organisation")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health station")
    VILLAGE = "village", _("Village")
    POLICE = "police", _("Police")
    MILITARY = "military", _("Military command")
    OTHER = "other", _("Other")


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user) -> UnitQuerySet:
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        return self.filter(pk=user.unit_id) if user.unit_id else self.none()


SHORT_NAME_RULE = _(
    "The short name is the unit's ký hiệu in document numbers: capitals and digits without spaces, "
    "groups joined by a hyphen (-), e.g. “TTPVHCC” or “PKT”."
)


class Unit(TenantModel):
    """A collective (tập thể): a body, organisation or unit of the commune."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    advises_cchc = models.BooleanField(_("directly advises on administrative reform"), default=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_name = models.CharField(
        max_length=200, editable=False, db_index=True, verbose_name=_("name for search")
    )

    objects = tenancy.manager(UnitQuerySet)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="unit_name_once_per_commune")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name).strip()
        self.short_name = nfc(self.short_name).strip()
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("units:unit_detail", args=[self.pk])

    @property
    def unit_id(self) -> int | None:
        """A unit belongs to itself, so the same permission rules read units and people."""
        return self.pk


class User(AbstractUser):
    """A portal account. Its unit and roles are its memberships."""

    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    # The commune (or city) the account works for; set from its unit when it is given a role.
    # Empty for an install's superuser, who sees every commune.
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_additional_data(self) -> dict:
        """Its audit-log entries are read in its commune's log."""
        return {tenancy.DIMENSION: self.commune_id}

    @property
    def unit_id(self) -> int | None:
        """The unit the user belongs to (every membership of one user names the same unit)."""
        cached = getattr(self, "_unit_id_cache", None)
        if cached is None:
            membership = self.memberships.order_by("pk").first() if self.pk else None
            cached = (membership.unit_id,) if membership else (None,)
            self._unit_id_cache = cached
        return cached[0]

    @property
    def unit(self) -> Unit | None:
        return Unit.objects.filter(pk=self.unit_id).first() if self.unit_id else None


class Membership(TenantModel):
    """A user's role, held in a unit. A user may hold several roles, all in one unit."""

    tenant_parent = ("unit",)

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="membership_one_role_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The account works for its unit's commune.
        if self.user.commune_id != self.commune_id:
            User.objects.filter(pk=self.user_id).update(commune_id=self.commune_id)
            self.user.commune_id = self.commune_id

    def clean(self):
        """A user belongs to one unit: every role they hold is held in that unit."""
        if not (self.user_id and self.unit_id):
            return
        elsewhere = Membership.objects.filter(user_id=self.user_id).exclude(unit_id=self.unit_id)
        if self.pk:
            elsewhere = elsewhere.exclude(pk=self.pk)
        other = elsewhere.select_related("unit").first()
        if other:
            raise ValidationError(
                {
                    "unit": _(
                        "%(user)s already belongs to %(unit)s; all roles of one account are held in one unit."
                    )
                    % {"user": self.user, "unit": other.unit}
                }
            )


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class CadreCategory(models.TextChoices):
    CAN_BO = "can_bo", _("Elected official (cán bộ)")
    CONG_CHUC = "cong_chuc", _("Civil servant (công chức)")
    VIEN_CHUC = "vien_chuc", _("Public employee (viên chức)")
    NGUOI_LAO_DONG = "lao_dong", _("Contract worker (người lao động)")


class CadreQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user) -> CadreQuerySet:
        if not user.is_authenticated:
            return self.none()
        roles = roles_of(user)
        if sees_all(user):
            return self
        if roles & Role.UNIT_ROLES and user.unit_id:
            return self.filter(unit_id=user.unit_id)
        return self.none()

    def search(self, query: str) -> CadreQuerySet:
        """Every word of the query, without diacritics or case, is in the name or position."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(Q(search_name__contains=word) | Q(search_position__contains=word))
        return qs


class Cadre(TenantModel):
    """An individual (cá nhân): cán bộ, công chức, viên chức or người lao động of a unit."""

    tenant_parent = ("unit",)

    full_name = models.CharField(_("full name"), max_length=120)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    position = models.CharField(_("position"), max_length=160, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=CadreCategory.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cadres")
    advises_cchc = models.BooleanField(_("directly advises on administrative reform"), default=False)
    home_town = models.CharField(_("home town"), max_length=200, blank=True)
    qualifications = models.CharField(_("qualifications"), max_length=200, blank=True)
    is_active = models.BooleanField(_("still working"), default=True)
    search_name = models.CharField(
        max_length=120, editable=False, db_index=True, verbose_name=_("name for search")
    )
    search_position = models.CharField(max_length=160, editable=False, verbose_name=_("position for search"))

    objects = tenancy.manager(CadreQuerySet)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit__name", "full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "full_name", "date_of_birth"], name="cadre_unique_name_birth"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("units:cadre_detail", args=[self.pk])

    def prepare(self) -> None:
        """Normalise the text (NFC, spaces) and fill the search columns, as `save()` does;
        for rows inserted in bulk, which skip `save()`."""
        self.full_name = " ".join(nfc(self.full_name).split())
        self.position = nfc(self.position).strip()
        self.home_town = nfc(self.home_town).strip()
        self.qualifications = nfc(self.qualifications).strip()
        self.search_name = fold(self.full_name)
        self.search_position = fold(self.position)

    def validate_constraints(self, exclude=None):
        """A duplicate person is named with their date of birth, not by the constraint."""
        exclude = set(exclude or ())
        super().validate_constraints(exclude=exclude | {"full_name"})
        if exclude & {"full_name", "date_of_birth"} or not (self.full_name and self.date_of_birth):
            return
        name = " ".join(nfc(self.full_name).split())
        clash = Cadre.objects.filter(full_name__iexact=name, date_of_birth=self.date_of_birth)
        if self.commune_id is not None or self.unit_id is not None:
            commune_id = self.commune_id or Unit._base_manager.values_list("commune_id", flat=True).get(
                pk=self.unit_id
            )
            clash = clash.filter(commune_id=commune_id)
        if clash.exclude(pk=self.pk).exists():
            raise ValidationError(
                _("%(name)s, born %(date)s, is already in the list.")
                % {"name": name, "date": self.date_of_birth.strftime("%d/%m/%Y")}
            )

    @property
    def given_name(self) -> str:
        """Vietnamese lists sort by the given name, which is the last word."""
        return self.full_name.rsplit(" ", 1)[-1]


class Assignment(TenantModel):
    """Where a person worked, and as what, from one date to another (open while current)."""

    tenant_parent = ("cadre",)
    tenant_crossing = ("unit",)

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("person"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    position = models.CharField(_("position"), max_length=160, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["cadre", "start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(end_date__isnull=True),
                name="assignment_one_open_per_cadre",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.unit} · {self.start_date}–{self.end_date or ''}"

    def covers(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class RatingLevel(models.TextChoices):
    """Yearly rating (xếp loại), best first."""

    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")

    @classmethod
    def rank(cls, value: str) -> int:
        """0 for the best level; lower is better. ValueError for a value that is no level."""
        try:
            return _RATING_RANKS[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a rating level") from None


# Computed once: ranking is asked for every rated person in a batch of eligibility checks.
_RATING_RANKS = {value: rank for rank, value in enumerate(RatingLevel.values)}


class UnitRating(TenantModel):
    tenant_parent = ("unit",)

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating"), max_length=20, choices=RatingLevel.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit rating")
        verbose_name_plural = _("unit ratings")
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_rating_once_a_year")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year} · {self.get_level_display()}"


class CadreRating(TenantModel):
    tenant_parent = ("cadre",)
    tenant_crossing = ("unit",)

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("person"), on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating"), max_length=20, choices=RatingLevel.choices)
    # The unit that rated the person that year (they may have moved since).
    unit = models.ForeignKey(
        Unit, verbose_name=_("rating unit"), on_delete=models.PROTECT, related_name="cadre_ratings"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("personal rating")
        verbose_name_plural = _("personal ratings")
        ordering = ["-year", "cadre__full_name"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="cadre_rating_once_a_year")]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.year} · {self.get_level_display()}"


class TransferState(models.TextChoices):
    PENDING = "pending", _("Waiting for the receiving unit")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TransferRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> TransferRequestQuerySet:
        """The office sees every request; a unit's people see those out of and into their unit."""
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        if roles_of(user) & Role.UNIT_ROLES and user.unit_id:
            return self.filter(Q(from_unit_id=user.unit_id) | Q(to_unit_id=user.unit_id))
        return self.none()


class TransferRequest(TenantModel):
    """A unit head's request to move one of their people into another unit. It takes effect
    (`units.services.accept_transfer`) when the receiving unit's head or the VHXH office
    accepts it; until then the person stays where they are. State changes go through
    `units.services.TRANSFERS`, which writes a `TransferTransition`."""

    tenant_parent = ("cadre",)
    tenant_crossing = ("from_unit", "to_unit")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("person"), on_delete=models.CASCADE, related_name="transfer_requests"
    )
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(Unit, verbose_name=_("new unit"), on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("from"))
    position = models.CharField(_("position in the new unit"), max_length=160, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TransferState.choices, default=TransferState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    objects = tenancy.manager(TransferRequestQuerySet)

    class Meta:
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(state="pending"),
                name="transfer_one_pending_per_cadre",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre}: {self.from_unit} → {self.to_unit}"


class TransferTransition(TenantModel):
    tenant_parent = ("request",)

    request = models.ForeignKey(
        TransferRequest,
        verbose_name=_("transfer request"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    from_state = models.CharField(_("from"), max_length=10, choices=TransferState.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=TransferState.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transfer request step")
        verbose_name_plural = _("transfer request steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: {self.from_state} → {self.to_state}"
