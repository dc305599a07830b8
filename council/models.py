"""The council (Hội đồng Thi đua – Khen thưởng) by term, its sessions on a round's shortlist,
attendance, recusals and the secret ballot.

Secrecy (REFERENCE §6, a paper ballot's): nothing stored pairs a member with a choice.
`VoterMark` records *that* a member voted on an item (for the quorum and "one ballot per
member per item", enforced by a unique constraint) and holds no choice and no time.
The choice goes into the encrypted ballot box (`Ballot`): one row per ballot, a random
UUID for its key, the item, the ciphertexts with their proofs and nothing else (no member, no
time, no order). It is an INSERT of a ciphertext under the session's public key
(`BallotKey`), whose private key exists only as shares wrapped for the officers (`KeyHolder`):
nobody, the database's administrator included, can open one ballot. At closing the officers
present their shares and the sums are decrypted (`DecryptionShare`, each with its proof); the
counts then go into the item's counters, once. Sessions voted before the box (no
`BallotKey`), and shows of hands, keep the counters as they were.
"""

from __future__ import annotations

import math
import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nominations.models.nominations import Nomination
from nominations.models.rounds import Round
from thiduaportal.tenancy import TenantModel
from units.models import Cadre, Unit


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    STANDING = "standing", _("Standing member")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class CouncilTerm(TenantModel):
    """The council as set up by one decision, for a period. A new term is a new row: the
    members of a past term stay as they were."""

    title = models.CharField(_("name of the term"), max_length=200)
    decision_number = models.CharField(_("decision number"), max_length=40, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Empty: still serving."))

    class Meta:
        db_table = "nominations_councilterm"
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("council term")
        verbose_name_plural = _("council terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="council_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CouncilMember(TenantModel):
    """A seat in a term, held by a portal account. Name, position and unit are kept as they
    were when the member was appointed; `unit` and `cadre` drive automatic recusal."""

    tenant_parent = ("term",)
    tenant_crossing = ("cadre", "unit")

    term = models.ForeignKey(
        CouncilTerm, on_delete=models.PROTECT, related_name="members", verbose_name=_("council term")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="council_seats",
        verbose_name=_("account"),
    )
    cadre = models.ForeignKey(
        Cadre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        verbose_name=_("unit"),
    )
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("council role"), max_length=12, choices=CouncilRole.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        db_table = "nominations_councilmember"
        ordering = ["term", "pk"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(fields=["term", "user"], name="council_member_one_seat_per_term"),
            models.UniqueConstraint(
                fields=["term"], condition=Q(role="chair", left_on__isnull=True), name="council_one_chair"
            ),
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A member without a role elsewhere works for the council's commune.
        if self.user.commune_id is None:
            type(self.user).objects.filter(pk=self.user_id).update(commune_id=self.commune_id)
            self.user.commune_id = self.commune_id

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class SessionMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ROOM = "room", _("In the meeting room")
    BOTH = "both", _("In the room and online")


class VotingMethod(models.TextChoices):
    SECRET = "secret", _("Secret ballot online")
    HANDS = "hands", _("Show of hands recorded by the secretary")


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Voting closed")
    FINAL = "final", _("Result final")


class CouncilSession(TenantModel):
    """A meeting of the council on one round's shortlist (phiên họp xét). The quorum and
    pass rules are copied from the settings when the session opens, so a later change of
    settings never changes a past result."""

    tenant_parent = ("round", "term")

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="council_sessions", verbose_name=_("award round")
    )
    term = models.ForeignKey(
        CouncilTerm, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("council term")
    )
    title = models.CharField(_("name of the session"), max_length=200)
    meets_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=6, choices=SessionMode.choices, default=SessionMode.BOTH)
    method = models.CharField(
        _("voting method"), max_length=6, choices=VotingMethod.choices, default=VotingMethod.SECRET
    )
    state = models.CharField(
        _("state"), max_length=6, choices=SessionState.choices, default=SessionState.DRAFT
    )
    # The rules, copied on opening.
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum: members present, numerator"), null=True)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum: denominator"), null=True)
    pass_numerator = models.PositiveSmallIntegerField(_("pass: votes in favour, numerator"), null=True)
    pass_denominator = models.PositiveSmallIntegerField(_("pass: denominator"), null=True)
    pass_strict = models.BooleanField(_("pass needs more than the share (not just reaching it)"), null=True)
    written_opinions_count = models.BooleanField(
        _("written opinions of absent members count as votes"), null=True
    )
    members_total = models.PositiveSmallIntegerField(_("members in total"), null=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("result final at"), null=True, blank=True)
    minutes_scan = models.ForeignKey(
        "council.SessionFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scan of the signed minutes"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        db_table = "nominations_councilsession"
        ordering = ["-meets_at", "-pk"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("council:session_detail", args=[self.pk])

    @property
    def quorum_needed(self) -> int | None:
        """Members who must be present: the quorum share of all members, rounded up."""
        if self.members_total is None or not self.quorum_denominator:
            return None
        return math.ceil(Fraction(self.members_total * self.quorum_numerator, self.quorum_denominator))

    def votes_needed(self, base: int) -> int | None:
        """Votes in favour an item needs when `base` members count (see
        `services.council.tally` for what `base` is): more than, or at least, the share."""
        if not self.pass_denominator:
            return None
        share = Fraction(base * self.pass_numerator, self.pass_denominator)
        return math.floor(share) + 1 if self.pass_strict else math.ceil(share)


class SessionTransition(TenantModel):
    tenant_parent = ("session",)

    session = models.ForeignKey(
        CouncilSession,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("council session"),
    )
    # Empty: the portal itself (voting closed at the time the secretary set).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_state = models.CharField(max_length=6, choices=SessionState.choices, verbose_name=_("from state"))
    to_state = models.CharField(max_length=6, choices=SessionState.choices, verbose_name=_("to state"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("change of state of a council session")
        verbose_name_plural = _("changes of state of council sessions")
        db_table = "nominations_sessiontransition"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class SessionFile(TenantModel):
    """A file of a session (the signed minutes), stored privately."""

    tenant_parent = ("session",)

    session = models.ForeignKey(
        CouncilSession, on_delete=models.PROTECT, related_name="files", verbose_name=_("council session")
    )
    file = models.FileField(upload_to="council/%Y/", verbose_name=_("file"))
    original_name = models.CharField(max_length=255, verbose_name=_("file name"))
    content_type = models.CharField(max_length=100, verbose_name=_("file type"))
    size = models.PositiveIntegerField(verbose_name=_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name = _("file of a council session")
        verbose_name_plural = _("files of council sessions")
        db_table = "nominations_sessionfile"

    def __str__(self) -> str:
        return self.original_name


class AttendanceStatus(models.TextChoices):
    # "Present" alone is a dossier's document that is there ("Đã có"); a member is "Có mặt".
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    WRITTEN = "written", _("Absent, written opinion")
    ABSENT = "absent", _("Absent")


class Attendance(TenantModel):
    tenant_parent = ("session",)

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("council session")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("council member")
    )
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("attendance at a session")
        verbose_name_plural = _("attendance at sessions")
        db_table = "nominations_attendance"
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"


class ItemState(models.TextChoices):
    PENDING = "pending", _("Not yet voted")
    VOTING = "voting", _("Voting open")
    CLOSED = "closed", _("Voting closed")


class AgendaItem(TenantModel):
    """One shortlisted nomination on the session's agenda, its voting and, once closed, its
    frozen tally."""

    tenant_parent = ("session",)

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="items", verbose_name=_("council session")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("nomination")
    )
    position = models.PositiveSmallIntegerField(_("number"))
    state = models.CharField(_("state"), max_length=8, choices=ItemState.choices, default=ItemState.PENDING)
    voting_ends_at = models.DateTimeField(_("voting closes by itself at"), null=True, blank=True)
    # The pass rule of the nomination's title in the commune's catalogue (a year-end round),
    # copied when the item is put on the agenda so a later change of the catalogue never
    # changes a vote; empty: the session's rule (campaign rounds).
    pass_share = models.DecimalField(
        _("share of votes in favour required"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Empty: the session's rule."),
    )
    pass_of_all = models.BooleanField(
        _("share counted over all the council's members"),
        default=False,
        help_text=_("Recused members stay in the count; absent members' written opinions count."),
    )
    # The ballot box: counters only (see the module's docstring). Hidden until closed.
    votes_for = models.PositiveSmallIntegerField(default=0, verbose_name=_("votes for"))
    votes_against = models.PositiveSmallIntegerField(default=0, verbose_name=_("votes against"))
    votes_abstain = models.PositiveSmallIntegerField(default=0, verbose_name=_("abstentions"))
    # Absent members' written opinions, recorded by the secretary.
    written_for = models.PositiveSmallIntegerField(default=0, verbose_name=_("written opinions for"))
    written_against = models.PositiveSmallIntegerField(default=0, verbose_name=_("written opinions against"))
    written_abstain = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("written opinions abstaining")
    )
    # The tally, frozen on closing.
    members_total = models.PositiveSmallIntegerField(null=True, verbose_name=_("members in total"))
    present = models.PositiveSmallIntegerField(null=True, verbose_name=_("members present"))
    recused = models.PositiveSmallIntegerField(null=True, verbose_name=_("members recused"))
    ballots = models.PositiveSmallIntegerField(null=True, verbose_name=_("ballots cast"))
    passed = models.BooleanField(null=True, verbose_name=_("passed"))
    rank = models.PositiveSmallIntegerField(null=True, verbose_name=_("rank"))
    approved = models.BooleanField(
        _("approved within the quota"), null=True, help_text=_("Passed and within the round's quota.")
    )
    tie_reason = models.TextField(_("chair's reason at a tie"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        db_table = "nominations_agendaitem"
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="agenda_item_once_per_session"),
            models.UniqueConstraint(fields=["session", "position"], name="agenda_item_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.nomination.subject_name}"


class ItemTransition(TenantModel):
    """When an item's voting opened or closed, and who did it (empty: the portal itself, at
    the closing time the secretary set). Holds no ballot and no count."""

    tenant_parent = ("item",)

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("agenda item")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_state = models.CharField(max_length=7, choices=ItemState.choices, verbose_name=_("from state"))
    to_state = models.CharField(max_length=7, choices=ItemState.choices, verbose_name=_("to state"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("change of state of an agenda item")
        verbose_name_plural = _("changes of state of agenda items")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.from_state} → {self.to_state}"


class Recusal(TenantModel):
    """A member who does not vote on an item: the nominated person, a member of the
    nominated unit (automatic), or a conflict the member declared."""

    tenant_parent = ("item",)

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="recusals", verbose_name=_("agenda item")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="recusals", verbose_name=_("council member")
    )
    automatic = models.BooleanField(default=False, verbose_name=_("found automatically"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("recusal from a vote")
        verbose_name_plural = _("recusals from votes")
        db_table = "nominations_recusal"
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="recusal_once_per_item")]

    def __str__(self) -> str:
        return f"{self.member} ↛ {self.item}"


class BallotKey(TenantModel):
    """The session's ballot key, made when its voting first opens: the public key only, the
    number of shares needed to decrypt, and when the result was released (decrypted)."""

    tenant_parent = ("session",)

    session = models.OneToOneField(
        CouncilSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="ballot_key"
    )
    key_id = models.UUIDField(_("key identifier"), default=uuid.uuid4, unique=True, editable=False)
    public_key = models.CharField(_("public key"), max_length=66)
    threshold = models.PositiveSmallIntegerField(_("shares needed"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot key")
        verbose_name_plural = _("ballot keys")

    def __str__(self) -> str:
        return f"{self.session}: {self.threshold} / {self.session.key_holders.count()}"


class KeyHolder(TenantModel):
    """An officer who holds a share of the session's key: the public key of the code only
    they were shown, and once the key is made, their share's public commitment and the share
    wrapped (ECIES) under that code's key; never the code or the share in clear."""

    tenant_parent = ("session",)

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="key_holders"
    )
    member = models.ForeignKey(
        CouncilMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="key_holdings"
    )
    index = models.PositiveSmallIntegerField(_("share number"))
    code_public = models.CharField(_("public key of the code"), max_length=66)
    commitment = models.CharField(_("share commitment"), max_length=66, blank=True)
    wrapped = models.JSONField(_("wrapped share"), null=True, blank=True)

    class Meta:
        verbose_name = _("key holder")
        verbose_name_plural = _("key holders")
        ordering = ["session", "index"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="key_holder_once_per_session"),
            models.UniqueConstraint(fields=["session", "index"], name="key_holder_index_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member} #{self.index}"


class Ballot(TenantModel):
    """One encrypted ballot: the item and the ciphertexts with their proofs (canonical JSON),
    and its fingerprint (the voter's receipt). No member, no time, and a random key: nothing
    orders the box by cast time."""

    tenant_parent = ("item",)

    id = models.UUIDField(_("identifier"), primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="encrypted_ballots"
    )
    content = models.TextField(_("encrypted content"))
    fingerprint = models.CharField(_("receipt"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("encrypted ballot")
        verbose_name_plural = _("encrypted ballots")
        ordering = ["fingerprint"]

    def __str__(self) -> str:
        return self.fingerprint[:16]


class DecryptionShare(TenantModel):
    """An officer's decryption of one item's sums with its proofs (canonical JSON), public."""

    tenant_parent = ("item",)

    holder = models.ForeignKey(
        KeyHolder, verbose_name=_("key holder"), on_delete=models.CASCADE, related_name="decryption_shares"
    )
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="decryption_shares"
    )
    content = models.TextField(_("decryption and proofs"))

    class Meta:
        verbose_name = _("decryption share")
        verbose_name_plural = _("decryption shares")
        ordering = ["item", "holder"]
        constraints = [
            models.UniqueConstraint(fields=["holder", "item"], name="decryption_share_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.holder} → {self.item}"


class VoterMark(TenantModel):
    """That `member` cast a ballot on `item`: no choice, no time. One per member and item."""

    tenant_parent = ("item",)

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="voter_marks", verbose_name=_("agenda item")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="voter_marks", verbose_name=_("council member")
    )

    class Meta:
        verbose_name = _("record of having voted")
        verbose_name_plural = _("records of having voted")
        db_table = "nominations_votermark"
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_ballot_per_member_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.member} ✓ {self.item}"
