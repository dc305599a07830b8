"""The dossier (hồ sơ) of a nomination: what it must hold on each route (REFERENCE §4), the
files the unit uploads (signed scans and evidence), and the receipt of the paper originals.

The checklist is data: `ROUTES` maps a route to its items. A unit → VHXH round (annual, sơ
kết, tổng kết) needs the unit's Tờ trình and the minutes of its selection meeting (one each
per proposal) and each candidate's achievement report confirmed by the unit (one per
nomination); an ad hoc round needs the Tờ trình and a short achievement report. Evidence is
optional on both. The paper dossier is 02 originals on both routes.

Files are checked by content (`thiduaportal.uploads.check_upload`: PDF, JPEG, PNG, DOCX,
XLSX, at most `settings.UPLOAD_MAX_BYTES`), stored privately under a random name and served
only through a permission-checked view. A new scan of a kind replaces the current one, which
is kept with `replaced_at` set; evidence files accumulate. A refused file leaves no row and
no file behind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NoReturn

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import Attachment, AttachmentKind, Nomination, NominationState, Proposal, Round
from nominations.services import NominationError
from nominations.services.proposals import is_editable
from nominations.services.rounds import accepts_submissions
from thiduaportal.uploads import UploadRejected, check_upload

EDITABLE_STATES = frozenset({NominationState.DRAFT, NominationState.RETURNED})
MAX_PAPER_COPIES = 10


@dataclass(frozen=True)
class ItemSpec:
    """One line of a route's checklist: which kind of file, whether it belongs to the
    proposal (one for all its nominations) or to each nomination, and the originals due."""

    code: str
    label: Promise
    kind: str
    per_nomination: bool
    required: bool
    copies: int


_LETTER = ItemSpec(
    "letter",
    gettext_lazy("Tờ trình of the unit (signed scan)"),
    AttachmentKind.LETTER_SCAN,
    per_nomination=False,
    required=True,
    copies=2,
)
_MINUTES = ItemSpec(
    "minutes",
    gettext_lazy("Minutes of the unit's selection meeting (signed scan)"),
    AttachmentKind.MINUTES_SCAN,
    per_nomination=False,
    required=True,
    copies=2,
)
_REPORT = ItemSpec(
    "report",
    gettext_lazy("Achievement report confirmed by the unit (signed scan)"),
    AttachmentKind.REPORT_SCAN,
    per_nomination=True,
    required=True,
    copies=2,
)
_SHORT_REPORT = ItemSpec(
    "short_report",
    gettext_lazy("Short achievement report (signed scan)"),
    AttachmentKind.REPORT_SCAN,
    per_nomination=True,
    required=True,
    copies=2,
)
_EVIDENCE = ItemSpec(
    "evidence",
    gettext_lazy("Evidence (if any)"),
    AttachmentKind.EVIDENCE,
    per_nomination=True,
    required=False,
    copies=0,
)

UNIT_ROUTE, ADHOC_ROUTE, YEAR_END_ROUTE = "unit", "adhoc", "yearend"
ROUTES: dict[str, tuple[ItemSpec, ...]] = {
    UNIT_ROUTE: (_LETTER, _MINUTES, _REPORT, _EVIDENCE),
    ADHOC_ROUTE: (_LETTER, _SHORT_REPORT, _EVIDENCE),
    # The year-end review: the unit's Tờ trình and the minutes of its review meeting cover the
    # whole list; evidence per person when there is some.
    YEAR_END_ROUTE: (_LETTER, _MINUTES, _EVIDENCE),
}
PAPER_COPIES: dict[str, int] = {UNIT_ROUTE: 2, ADHOC_ROUTE: 2, YEAR_END_ROUTE: 1}


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a nomination's checklist with its current (not replaced) files.
    `accepts_files` says whether the unit may upload to it now."""

    code: str
    label: str
    required: bool
    copies: int
    present: bool
    attachments: list[Attachment] = field(default_factory=list)
    kind: str = ""
    per_nomination: bool = True
    accepts_files: bool = False
    # A proposal's file (the signed Tờ trình, the minutes) uploaded before this nomination was
    # added: it may not name it. It still counts; the unit is warned to check it.
    predates: bool = False


def route_of(round: Round) -> str:
    """The dossier route of a round: ad hoc, the year-end review, or unit → VHXH for campaign
    rounds."""
    if round.is_year_end:
        return YEAR_END_ROUTE
    return ADHOC_ROUTE if round.is_adhoc else UNIT_ROUTE


def paper_copies_required(round: Round) -> int:
    """How many paper originals of the dossier the unit hands in for this round."""
    return PAPER_COPIES[route_of(round)]


def spec_for(round: Round, kind: str) -> ItemSpec | None:
    """The checklist line of the round's route that takes files of this kind, if any."""
    return next((spec for spec in ROUTES[route_of(round)] if spec.kind == kind), None)


def _refuse(message: str, field: str | None = None, **values) -> NoReturn:
    raise NominationError(message % values if values else message, field=field)


# --------------------------------------------------------------------------- the checklist


def _accepting_rounds(rounds: Iterable[Round]) -> set[int]:

    today = timezone.localdate()
    return {round.pk for round in rounds if accepts_submissions(round, today=today)}


def checklists_many(nominations: Iterable[Nomination]) -> dict[int, list[ChecklistItem]]:
    """The checklist of each nomination, by nomination pk, in three queries whatever their
    number: their rounds, the proposals holding an editable nomination, current files."""
    nominations = list(nominations)
    if not nominations:
        return {}
    rounds = Round.objects.in_bulk({n.round_id for n in nominations})
    proposal_ids = {n.proposal_id for n in nominations}
    editable = set(
        Nomination.objects.filter(proposal_id__in=proposal_ids, state__in=EDITABLE_STATES).values_list(
            "proposal_id", flat=True
        )
    )
    accepting = _accepting_rounds(rounds.values())
    files: dict[tuple[int, int | None, str], list[Attachment]] = defaultdict(list)
    current = Attachment.objects.filter(proposal_id__in=proposal_ids, replaced_at__isnull=True)
    for attachment in current.select_related("uploaded_by"):
        files[attachment.proposal_id, attachment.nomination_id, attachment.kind].append(attachment)
    result = {}
    for nomination in nominations:
        round = rounds[nomination.round_id]
        proposal_open = nomination.proposal_id in editable or round.pk in accepting
        result[nomination.pk] = [
            _item(spec, files, nomination, proposal_open) for spec in ROUTES[route_of(round)]
        ]
    return result


def _item(spec: ItemSpec, files, nomination: Nomination, proposal_open: bool) -> ChecklistItem:
    owner = nomination.pk if spec.per_nomination else None
    attachments = files.get((nomination.proposal_id, owner, spec.kind), [])
    open_now = nomination.state in EDITABLE_STATES if spec.per_nomination else proposal_open
    return ChecklistItem(
        code=spec.code,
        label=str(spec.label),
        required=spec.required,
        copies=spec.copies,
        present=bool(attachments),
        attachments=list(attachments),
        kind=spec.kind,
        per_nomination=spec.per_nomination,
        accepts_files=open_now,
        predates=bool(attachments)
        and not spec.per_nomination
        and nomination.created_at is not None
        and max(a.uploaded_at for a in attachments) < nomination.created_at,
    )


def checklist(nomination: Nomination) -> list[ChecklistItem]:
    """The nomination's checklist on its round's route, each line with its current files
    (three queries, see `checklists_many`)."""
    return checklists_many([nomination])[nomination.pk]


def missing_items(nomination: Nomination) -> list[str]:
    """Labels of the required checklist lines that hold no current file."""
    return [item.label for item in checklist(nomination) if item.required and not item.present]


# --------------------------------------------------------------------------- attachments


def _check_open(proposal: Proposal, spec: ItemSpec, nomination: Nomination | None) -> None:

    if nomination is not None:
        if not is_editable(nomination):
            message = _("The dossier of %(name)s is “%(state)s”; files can no longer be changed.")
            _refuse(message, "upload", name=nomination.subject_name, state=nomination.get_state_display())
        return
    has_editable = proposal.nominations.filter(state__in=EDITABLE_STATES).exists()
    if not has_editable and not _accepting_rounds([proposal.round]):
        message = _("%(item)s: the round no longer accepts files and no nomination is open for revision.")
        _refuse(message, "upload", item=spec.label)


def _check_target(proposal: Proposal, kind: str, nomination: Nomination | None) -> ItemSpec:
    if kind not in AttachmentKind.values:
        _refuse(_("Choose what the file is."), "kind")
    spec = spec_for(proposal.round, kind)
    if spec is None:
        message = _("“%(kind)s” is not part of the dossier in this round.")
        _refuse(message, "kind", kind=AttachmentKind(kind).label)
    if spec.per_nomination and nomination is None:
        _refuse(_("%(item)s belongs to one nomination: choose it."), "nomination", item=spec.label)
    if not spec.per_nomination and nomination is not None:
        message = _("%(item)s belongs to the whole proposal, not to one nomination.")
        _refuse(message, "nomination", item=spec.label)
    if nomination is not None and nomination.proposal_id != proposal.pk:
        _refuse(_("This nomination is not part of this proposal."), "nomination")
    return spec


@transaction.atomic
def add_attachment(
    proposal: Proposal, *, actor, kind: str, upload, nomination: Nomination | None = None
) -> Attachment:
    """Add a file to a proposal's dossier. A nomination-level kind (report scan, evidence)
    needs the nomination, which must belong to the proposal; a proposal-level kind (Tờ trình,
    minutes) must not name one. Files are accepted while the nomination is editable (draft or
    returned) or, for proposal-level files, while the proposal holds an editable nomination or
    the round accepts submissions. A new scan replaces the current one of its kind (the old row
    is kept, `replaced_at` set); evidence files accumulate. Everything is checked before
    anything is written: a refused file leaves no row and no file. Side effects: the file in
    private storage, an Attachment row and the replaced one's `replaced_at` (audited)."""
    spec = _check_target(proposal, kind, nomination)
    _check_open(proposal, spec, nomination)
    try:
        checked = check_upload(upload)
    except UploadRejected as error:
        raise NominationError(str(error), field="upload") from error
    attachment = Attachment(
        proposal=proposal,
        nomination=nomination,
        kind=kind,
        original_name=checked.name,
        content_type=checked.kind.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.file.save(checked.name, checked.upload, save=False)
    try:
        if kind != AttachmentKind.EVIDENCE:
            _replace_current(proposal, kind, nomination)
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def _replace_current(proposal: Proposal, kind: str, nomination: Nomination | None) -> None:
    current = Attachment.objects.select_for_update().filter(
        proposal=proposal, nomination=nomination, kind=kind, replaced_at__isnull=True
    )
    now = timezone.now()
    for previous in current:
        previous.replaced_at = now
        previous.save(update_fields=["replaced_at"])


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor) -> Attachment:
    """Take an evidence file out of the dossier while it may still change (same rule as
    `add_attachment`). The row and the file are kept with `replaced_at` set; scans are not
    removed, a new scan replaces them. Side effects: `replaced_at` (audited)."""
    attachment = (
        Attachment.objects.select_for_update(of=("self",))
        .select_related("proposal__round", "nomination")
        .get(pk=attachment.pk)
    )
    if attachment.kind != AttachmentKind.EVIDENCE:
        _refuse(_("A signed scan cannot be removed; upload a new scan to replace it."))
    if attachment.replaced_at is not None:
        _refuse(_("“%(name)s” was already removed."), name=attachment.original_name)
    spec = spec_for(attachment.proposal.round, attachment.kind) or _EVIDENCE
    _check_open(attachment.proposal, spec, attachment.nomination)
    attachment.replaced_at = timezone.now()
    attachment.save(update_fields=["replaced_at"])
    return attachment


# --------------------------------------------------------------------------- paper originals


@transaction.atomic
def record_paper_receipt(proposal: Proposal, *, actor, copies: int) -> Proposal:
    """The office records how many paper originals of the proposal's dossier it received
    (0 to 10), when and by whom; 0 clears the receipt. Side effects: the proposal's
    `paper_copies_received`, `paper_received_at`, `paper_received_by` (audited)."""
    if isinstance(copies, bool) or not isinstance(copies, int) or not 0 <= copies <= MAX_PAPER_COPIES:
        message = _("The number of paper originals must be a whole number from 0 to %(max)s.")
        _refuse(message, "copies", max=MAX_PAPER_COPIES)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.paper_copies_received = copies
    proposal.paper_received_at = timezone.now() if copies else None
    proposal.paper_received_by = actor if copies else None
    proposal.save(update_fields=["paper_copies_received", "paper_received_at", "paper_received_by"])
    return proposal
