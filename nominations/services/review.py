"""The office's review: the queue and its counts, the checks summary, reviewers, comments and
the overdue list.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Comment, Nomination, NominationState, NominationTransition, Round, RoundState
from nominations.services import NominationError
from nominations.services.dossiers import paper_copies_required
from nominations.services.eligibility import blocked_ids, run_checks_many
from nominations.services.reports import sections
from nominations.services.reports.structure import NUMBER
from nominations.services.rounds import quota_use
from thiduaportal.roles import Role, roles_of
from thiduaportal.text import decimal_comma, nfc
from thiduaportal.workdays import working_days_between

# A nomination is settled once the office has decided on it, or the unit has withdrawn it.
SETTLED_STATES = frozenset(
    {
        NominationState.ACCEPTED,
        NominationState.REJECTED,
        NominationState.SHORTLISTED,
        NominationState.WITHDRAWN,
    }
)
# The office's answers a unit must read the reason of.
REFUSED_STATES = frozenset({NominationState.RETURNED, NominationState.REJECTED})
OFFICE_ROLES = frozenset({Role.VHXH_OFFICER, Role.ADMIN})


def queue(
    user,
    *,
    round=None,
    unit=None,
    subject_type: str = "",
    state: str = "",
    assigned_to=None,
) -> QuerySet[Nomination]:
    """The nominations the user may see, narrowed by the queue's filters, with everything a
    row shows loaded: the subject and the proposing unit in the same query, the round, the
    award form and the reviewer in one query each. What was never submitted stays with its
    unit: the office never sees drafts, nor a draft the unit withdrew, in the queue."""
    nominations = (
        Nomination.objects.visible_to(user)
        .exclude(state=NominationState.DRAFT)
        .filter(version__gt=0)
        # Eight tables in one join cost PostgreSQL ~100 ms of planning (it weighs every join
        # order) for 3 ms of work at 20,000 nominations; five cost under 2 ms. The three small
        # tables come by primary key instead.
        .select_related("proposal__unit", "subject_unit", "subject_cadre")
        .prefetch_related("round", "award_form", "assigned_to")
        .order_by("settle_by", "submitted_at", "pk")
    )
    if round is not None:
        nominations = nominations.filter(round=round)
    if unit is not None:
        nominations = nominations.filter(proposal__unit=unit)
    if subject_type:
        nominations = nominations.filter(subject_type=subject_type)
    if state:
        nominations = nominations.filter(state=state)
    if assigned_to is not None:
        nominations = nominations.filter(assigned_to=assigned_to)
    return nominations


def state_counts(nominations: QuerySet[Nomination]) -> dict[str, int]:
    """How many of these nominations are in each state, in one aggregate query."""
    rows = nominations.order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def checks_for(nominations: Iterable[Nomination]) -> dict[int, list]:
    """The eligibility checks of each nomination, in a fixed number of queries."""
    nominations = list(nominations)
    if not nominations:
        return {}
    return run_checks_many(nominations)


def failing_ids(nominations: QuerySet[Nomination]) -> dict[int, str]:
    """Of these nominations, those with a failed check that the office has not overridden:
    id -> state, in the queryset's order. Only the verdicts are computed, not the reasons
    (`eligibility.blocked_ids`), in a fixed number of queries whatever the number of
    nominations; the caller pages the ids rather than filtering by all of them, which
    would pass one SQL parameter per nomination."""
    blocked = set(blocked_ids(nominations))
    return {pk: state for pk, state in nominations.values_list("pk", "state") if pk in blocked}


@dataclass(frozen=True)
class ChecksSummary:
    passed: int
    blocking: int
    unknown: int

    @property
    def total(self) -> int:
        return self.passed + self.blocking + self.unknown


def summarize(checks: Iterable) -> ChecksSummary:
    """Counts for the queue's ✓ / ! column: passed (or overridden), blocking, undecided."""
    passed = blocking = unknown = 0
    for check in checks:
        if check.blocking:
            blocking += 1
        elif check.result.passed or check.override is not None:
            passed += 1
        else:
            unknown += 1
    return ChecksSummary(passed, blocking, unknown)


def paper_missing(nomination: Nomination) -> str:
    """A warning when the office has not received all the paper originals of the
    nomination's dossier ("0 of 2"), else an empty string."""
    required = paper_copies_required(nomination.round)
    received = nomination.proposal.paper_copies_received
    if not required or received >= required:
        return ""
    return _("Paper originals received: %(received)s of %(required)s.") % {
        "received": received,
        "required": required,
    }


def quota_rounds(user, *, round=None) -> list[tuple[Round, list]]:
    """The rounds whose places in use the queue shows, each with `rounds.quota_use`: the
    round filtered on, else every round the user sees that takes proposals, is closed or under review."""
    if round is not None:
        chosen = [round]
    else:
        states = (RoundState.OPEN, RoundState.CLOSED, RoundState.REVIEW)
        chosen = list(Round.objects.visible_to(user).filter(state__in=states).order_by("-year", "pk"))
    return [(r, quota_use(r)) for r in chosen]


def is_reviewer(user) -> bool:
    return bool(roles_of(user) & OFFICE_ROLES)


def assign(nominations: Iterable[Nomination], *, actor, reviewer) -> int:
    """Make `reviewer` (an officer of the office, or None to clear) the reviewer of these
    nominations. Each row is saved on its own so the audit log records it. Settled
    nominations are refused by name and nothing changes. Returns how many changed."""
    if not is_reviewer(actor):
        raise NominationError(_("Only the office assigns reviewers."))
    if reviewer is not None and not is_reviewer(reviewer):
        raise NominationError(
            _("%(user)s is not an officer of the office and cannot review nominations.") % {"user": reviewer},
            field="reviewer",
        )
    nominations = list(nominations)
    if not nominations:
        raise NominationError(_("Choose at least one nomination."), field="nominations")
    changed = 0
    # The actor is named here too, so a change made outside a request is attributed.
    with transaction.atomic(), set_actor(actor):
        for nomination in Nomination.objects.select_for_update().filter(pk__in=[n.pk for n in nominations]):
            if nomination.state in SETTLED_STATES:
                raise NominationError(
                    _("%(nomination)s is already settled (%(state)s); its reviewer is not changed.")
                    % {"nomination": nomination, "state": nomination.get_state_display()}
                )
            if nomination.assigned_to_id != getattr(reviewer, "pk", None):
                nomination.assigned_to = reviewer
                nomination.save(update_fields=["assigned_to", "updated_at"])
                changed += 1
    return changed


def last_refusal(nomination: Nomination) -> NominationTransition | None:
    """While the nomination is returned or rejected, the move that made it so (the latest
    into its state), with its actor: the unit reads who refused it, when and why. One query,
    none for a nomination in another state."""
    if nomination.state not in REFUSED_STATES:
        return None
    return (
        nomination.transitions.filter(to_state=nomination.state)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def sees_internal_notes(user) -> bool:
    return user.has_perm("nominations.view_internal_notes")


def comments_for(nomination: Nomination, user) -> QuerySet[Comment]:
    """The comments this user may read: everything for the office and the chairman, only
    the comments meant for the unit for everyone else."""
    comments = nomination.comments.select_related("author")
    if not sees_internal_notes(user):
        comments = comments.filter(internal=False)
    return comments


def add_comment(nomination: Nomination, *, actor, text: str, internal: bool = False) -> Comment:
    """Write a comment on a nomination. Only the office may write internal notes; the unit's
    comments are always visible to both sides. Empty text is refused."""
    if not actor.has_perm("nominations.comment", nomination):
        raise NominationError(_("You may not comment on this nomination."))
    if internal and not is_reviewer(actor):
        raise NominationError(_("Only the office writes internal notes."), field="internal")
    text = nfc(text or "").strip()
    if not text:
        raise NominationError(_("The comment is empty: write what you want to say."), field="text")
    with transaction.atomic():
        comment = Comment.objects.create(nomination=nomination, author=actor, text=text, internal=internal)
    return comment


@dataclass(frozen=True)
class OverdueRow:
    nomination: Nomination
    days_overdue: int


def overdue(user, *, today: datetime.date | None = None) -> list[OverdueRow]:
    """Nominations not yet settled whose settle-by date has passed, oldest first, with the
    working days since that date."""
    today = today or timezone.localdate()
    nominations = (
        Nomination.objects.visible_to(user)
        .exclude(state__in=SETTLED_STATES)
        .filter(settle_by__lt=today)
        .select_related("round", "proposal__unit", "subject_unit", "subject_cadre", "assigned_to")
        .order_by("settle_by", "pk")
    )
    return [OverdueRow(n, working_days_between(n.settle_by, today)) for n in nominations]


@dataclass(frozen=True)
class ReportBlock:
    """One section of the achievement report as the review page shows it: labelled lines,
    then its table (column labels and rows) when it has one."""

    title: str
    lines: list[tuple[str, str]]
    table_label: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def readable(value) -> str:
    """A stored value as lines a clerk can read: lists one item a line, mappings one
    "name: value" a line."""
    if value is None or value == "":
        return ""
    if isinstance(value, dict):
        return "\n".join(f"{key}: {readable(item)}" for key, item in value.items() if item not in (None, ""))
    if isinstance(value, list | tuple):
        return "\n".join(
            "; ".join(f"{k}: {v}" for k, v in item.items() if v not in (None, ""))
            if isinstance(item, dict)
            else readable(item)
            for item in value
        )
    return str(value)


def _block(section, data: dict) -> ReportBlock:
    lines = [(str(f.label), readable(data.get(f.key))) for f in section.fields]
    if section.table is None:
        return ReportBlock(str(section.label), lines)
    columns = section.table.columns
    rows = [
        [decimal_comma(row.get(c.key)) if c.kind == NUMBER else readable(row.get(c.key)) for c in columns]
        for row in data.get("rows") or []
    ]
    return ReportBlock(
        str(section.label), lines, str(section.table.label), [str(c.label) for c in columns], rows
    )


def report_blocks(nomination: Nomination) -> list[ReportBlock]:
    """The achievement report section by section, as Mẫu 06 / Mẫu 08 lays it out."""
    report = nomination.report or {}
    blocks = []
    for section in sections(nomination):
        data = report.get(section.key)
        blocks.append(_block(section, data if isinstance(data, dict) else {}))
    return blocks
