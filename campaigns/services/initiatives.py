"""Initiatives (sáng kiến, mô hình, giải pháp CCHC), their evidence files, recognition by an
initiative council (Hội đồng Sáng kiến), and eligibility criterion 1 (REFERENCE §3).

A unit proposes its own initiatives (the office may file one for any unit); authors are
people of the proposing unit (the office may name anyone). Once the council's outcome is
recorded only the office may change the initiative. States: proposed → recognised |
refused; the office may reopen a refused one (back to proposed, with a reason). Every change
of state goes through `_move` (the `INITIATIVES` workflow), which checks `ALLOWED_MOVES`
under a row lock and writes an `InitiativeTransition` (who, when, from, to, why);
django-auditlog records the save too (actor from the request), with the move and its reason
in the entry's additional data.

Evidence files are kept in private storage and served only by a permission-checked view.
Only PDF, JPEG, PNG, DOCX and XLSX are accepted, checked by content, up to
`settings.UPLOAD_MAX_BYTES` (20 MB unless configured). A rejected file names
itself and the reason, and nothing of the initiative changes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import NoReturn

from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from thiduaportal.roles import Role, roles_of
from thiduaportal.text import nfc
from thiduaportal.uploads import CheckedFile, UploadRejected, check_upload
from thiduaportal.workflow import Workflow
from units.models import Cadre, Unit

from ..checks import CheckResult, CheckStatus
from ..models import (
    CouncilLevel,
    Initiative,
    InitiativeEvidence,
    InitiativeKind,
    InitiativeState,
    InitiativeTransition,
)
from . import CampaignError

State = InitiativeState
ALLOWED_MOVES: frozenset[tuple[str, str]] = frozenset(
    {(State.PROPOSED, State.RECOGNISED), (State.PROPOSED, State.REFUSED), (State.REFUSED, State.PROPOSED)}
)
# Refusing and reopening say why; the reason is kept with the move.
REASON_REQUIRED: frozenset[tuple[str, str]] = frozenset(
    {(State.PROPOSED, State.REFUSED), (State.REFUSED, State.PROPOSED)}
)
EDITABLE_STATES = frozenset({State.PROPOSED})
# Criterion 1 counts a recognition whose decision is dated in the review year itself.
RECOGNITION_YEARS = 1


class InitiativeError(CampaignError):
    """An initiative, a move or a file broke a rule. `field` names the form field."""


def _refuse(message: str, field: str | None = None, **values) -> NoReturn:
    raise InitiativeError(message % values if values else message, field=field)


def is_office(actor) -> bool:
    return bool(roles_of(actor) & {Role.VHXH_OFFICER, Role.ADMIN})


def is_editable_by(initiative: Initiative, actor) -> bool:
    """A proposed initiative may be changed by its unit; a decided one by the office only."""
    return initiative.state in EDITABLE_STATES or is_office(actor)


def _refuse_if_decided(initiative: Initiative, actor) -> None:
    if not is_editable_by(initiative, actor):
        message = _("“%(title)s” is “%(state)s”; only the office may change it now.")
        _refuse(message, title=initiative.title, state=State(initiative.state).label)


# --------------------------------------------------------------------------- evidence files


def check_evidence(upload) -> CheckedFile:
    """`thiduaportal.uploads.check_upload`, raising `InitiativeError` on the form's files field."""
    try:
        return check_upload(upload)
    except UploadRejected as error:
        raise InitiativeError(str(error), field="files") from error


def _store(initiative: Initiative, files: list[CheckedFile], actor) -> list[InitiativeEvidence]:
    stored: list[InitiativeEvidence] = []
    try:
        for checked in files:
            evidence = InitiativeEvidence(
                initiative=initiative,
                original_name=checked.name,
                content_type=checked.kind.content_type,
                size=checked.size,
                uploaded_by=actor,
            )
            evidence.file.save(checked.name, checked.upload, save=False)
            stored.append(evidence)
            evidence.save()
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def add_evidence(initiative: Initiative, *, actor, files: Iterable) -> list[InitiativeEvidence]:
    """Attach files to an initiative. Every file is checked (`check_evidence`) before any is
    stored, so one bad file stores none. Refused for the unit once the outcome is recorded.
    Side effects: files in private storage and InitiativeEvidence rows (audited)."""
    _refuse_if_decided(initiative, actor)
    checked = [check_evidence(upload) for upload in files]
    if not checked:
        raise InitiativeError(_("Choose at least one file."), field="files")
    return _store(initiative, checked, actor)


@transaction.atomic
def remove_evidence(evidence: InitiativeEvidence, *, actor) -> None:
    """Delete an evidence file (refused for the unit once the outcome is recorded). The
    stored file is deleted once the transaction commits."""
    _refuse_if_decided(evidence.initiative, actor)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --------------------------------------------------------------------------- proposing


def _text(fields: dict, name: str, what: str, *, required: bool) -> str:
    text = nfc(fields.get(name) or "").replace("\r\n", "\n").strip()
    if required and not text:
        _refuse(_("%(what)s is required."), name, what=what)
    limit = Initiative._meta.get_field(name).max_length
    if limit and len(text) > limit:
        _refuse(_("%(what)s is too long (at most %(limit)s characters)."), name, what=what, limit=limit)
    return text


def _people(fields: dict, instance: Initiative | None, actor, owner: Unit) -> tuple[list[Cadre], list[Unit]]:
    before_authors = set(instance.authors.values_list("pk", flat=True)) if instance else set()
    before_units = set(instance.units.values_list("pk", flat=True)) if instance else set()
    authors, units = list(fields.get("authors") or ()), list(fields.get("units") or ())
    for cadre in authors:
        if not is_office(actor) and cadre.unit_id != owner.pk:
            message = _("%(name)s does not work in %(unit)s; a unit names its own people as authors.")
            _refuse(message, "authors", name=cadre, unit=owner)
        if not cadre.is_active and cadre.pk not in before_authors:
            raise InitiativeError(_("%(name)s no longer works here.") % {"name": cadre}, field="authors")
    for unit in units:
        if not unit.is_active and unit.pk not in before_units:
            raise InitiativeError(_("%(unit)s is archived.") % {"unit": unit}, field="units")
    return authors, units


def _clean(fields: dict, *, actor, instance: Initiative | None) -> tuple[dict, list[Cadre], list[Unit]]:
    """Normalise and check the proposal's fields; returns (fields, authors, units)."""
    owner = fields.get("owner_unit") or (instance.owner_unit if instance else None)
    if owner is None:
        raise InitiativeError(_("Choose the proposing unit."), field="owner_unit")
    if not is_office(actor) and owner.pk != actor.unit_id:
        raise InitiativeError(_("A unit proposes initiatives in its own name only."), field="owner_unit")
    if not owner.is_active and (instance is None or instance.owner_unit_id != owner.pk):
        raise InitiativeError(_("%(unit)s is archived.") % {"unit": owner}, field="owner_unit")
    kind = fields.get("kind") or InitiativeKind.SOLUTION
    if kind not in InitiativeKind.values:
        raise InitiativeError(_("Choose an initiative, a model or a solution."), field="kind")
    since = fields.get("applied_since")
    if since and since > timezone.localdate():
        _refuse(_("The date it has been applied since cannot be in the future."), "applied_since")
    cleaned = {
        "owner_unit": owner,
        "kind": kind,
        "title": _text(fields, "title", _("The title"), required=True),
        "description": _text(fields, "description", _("The description"), required=True),
        "applied_where": _text(fields, "applied_where", _("Where it is applied"), required=False),
        "applied_since": since,
        "campaign": fields.get("campaign"),
    }
    authors, units = _people(fields, instance, actor, owner)
    return cleaned, authors, units


@transaction.atomic
def create_initiative(*, actor, files: Iterable = (), **fields) -> Initiative:
    """Record a proposed initiative: owner_unit, kind, title, description, applied_where,
    applied_since, campaign (optional), authors, units, and evidence files. A unit files in
    its own name with its own people; the office for any unit with anyone. Everything is
    checked (files included) before anything is saved. Side effects: the Initiative, its
    M2M rows and its evidence (all audited)."""
    cleaned, authors, units = _clean(fields, actor=actor, instance=None)
    checked = [check_evidence(upload) for upload in files]
    initiative = Initiative.objects.create(created_by=actor, **cleaned)
    initiative.authors.set(authors)
    initiative.units.set(units)
    _store(initiative, checked, actor)
    return initiative


@transaction.atomic
def update_initiative(initiative: Initiative, *, actor, files: Iterable = (), **fields) -> Initiative:
    """Change an initiative's proposal (same fields and rules as `create_initiative`) and
    attach more files. Refused for the unit once the outcome is recorded; nothing changes
    when a field or a file is refused."""
    locked = Initiative.objects.select_for_update().select_related("owner_unit").get(pk=initiative.pk)
    _refuse_if_decided(locked, actor)
    cleaned, authors, units = _clean(fields, actor=actor, instance=locked)
    checked = [check_evidence(upload) for upload in files]
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.save()
    locked.authors.set(authors)
    locked.units.set(units)
    _store(locked, checked, actor)
    return locked


# --------------------------------------------------------------------------- the one door

DECISION_FIELDS = ["state", "council_level", "decision_number", "decision_date", "refusal_reason"]


def _refused(initiative: Initiative, to: str) -> str:
    return _("An initiative that is “%(state)s” cannot become “%(to)s”.") % {
        "state": State(initiative.state).label,
        "to": State(to).label,
    }


def _reason_missing(initiative: Initiative, to: str) -> str:
    if to == State.REFUSED:
        return _("Say why the initiative was not recognised.")
    return _("Say why the initiative is reopened.")


INITIATIVES = Workflow(
    "initiative",
    model=Initiative,
    states=State,
    moves=ALLOWED_MOVES,
    reason_required=REASON_REQUIRED,
    transition=InitiativeTransition,
    error=InitiativeError,
    refused=_refused,
    reason_missing=_reason_missing,
    update_fields=tuple(DECISION_FIELDS[1:]),
    keep_lines=True,
)


def _move(initiative: Initiative, *, actor, to: str, reason: str = "", **decision) -> Initiative:
    """The only place an initiative's state changes: `INITIATIVES.move` locks the row,
    checks the move against `ALLOWED_MOVES` (the office only), sets or clears the decision
    fields, saves and writes an `InitiativeTransition`; the audit log entry carries the move
    and its reason too. Updates the caller's object."""
    if not is_office(actor):
        INITIATIVES.refuse(_("Only the office records the initiative council's outcome."))
    reason = INITIATIVES.clean_reason(reason)

    def prepare(locked: Initiative) -> None:
        locked.council_level = decision.get("council_level", "")
        locked.decision_number = decision.get("decision_number", "")
        locked.decision_date = decision.get("decision_date")
        locked.refusal_reason = reason if to == State.REFUSED else ""
        locked.audit_note = {"move": [locked.state, to], "reason": reason}

    locked = INITIATIVES.move(initiative, actor=actor, to=to, reason=reason, prepare=prepare)
    del locked.audit_note  # logged once; a later save of this object is not this move
    return locked


def recognise_initiative(
    initiative: Initiative,
    *,
    actor,
    council_level: str,
    decision_number: str,
    decision_date: datetime.date | None,
) -> Initiative:
    """The office records recognition by the commune's or the city's initiative council,
    with the decision's number and date. Refused: no council, no number, no date, a date in
    the future or before the initiative was first applied."""
    if council_level not in CouncilLevel.values:
        raise InitiativeError(_("Choose the council that recognised it."), field="council_level")
    number = nfc(decision_number).strip()
    if not number:
        raise InitiativeError(_("Enter the decision number."), field="decision_number")
    if len(number) > 60:
        message = _("%(what)s is too long (at most %(limit)s characters).")
        _refuse(message, "decision_number", what=_("The decision number"), limit=60)
    if decision_date is None:
        raise InitiativeError(_("Enter the decision date."), field="decision_date")
    if decision_date > timezone.localdate():
        raise InitiativeError(_("The decision date cannot be in the future."), field="decision_date")
    if initiative.applied_since and decision_date < initiative.applied_since:
        since = formats.date_format(initiative.applied_since, "SHORT_DATE_FORMAT")
        _refuse(
            _("The decision date is before the initiative was first applied (%(since)s)."),
            "decision_date",
            since=since,
        )
    return _move(
        initiative,
        actor=actor,
        to=State.RECOGNISED,
        council_level=council_level,
        decision_number=number,
        decision_date=decision_date,
    )


def refuse_initiative(initiative: Initiative, *, actor, reason: str) -> Initiative:
    """The office records that the council did not recognise it; the reason is required."""
    reason = nfc(reason).replace("\r\n", "\n").strip()
    if not reason:
        _refuse(_("Say why the initiative was not recognised."), "reason")
    return _move(initiative, actor=actor, to=State.REFUSED, reason=reason)


def reopen_initiative(initiative: Initiative, *, actor, reason: str) -> Initiative:
    """The office reopens a refused initiative (back to proposed, e.g. revised for the next
    session); the reason is required and kept in the audit log."""
    reason = nfc(reason).replace("\r\n", "\n").strip()
    if not reason:
        _refuse(_("Say why the initiative is reopened."), "reason")
    return _move(initiative, actor=actor, to=State.PROPOSED, reason=reason)


# --------------------------------------------------------------------------- criterion 1


def counts_for(initiative: Initiative, year: int) -> bool:
    """Recognised, with a decision dated within the years that count for `year`."""
    return (
        initiative.state == State.RECOGNISED
        and initiative.decision_date is not None
        and year - RECOGNITION_YEARS < initiative.decision_date.year <= year
    )


def _line(initiative: Initiative, year: int) -> str:
    shown = {"title": initiative.title, "year": year}
    if initiative.state == State.RECOGNISED:
        shown.update(
            council=CouncilLevel(initiative.council_level).label if initiative.council_level else "",
            number=initiative.decision_number,
            date=formats.date_format(initiative.decision_date, "SHORT_DATE_FORMAT"),
        )
        if counts_for(initiative, year):
            return _("“%(title)s”: recognised by the %(council)s, decision %(number)s of %(date)s") % shown
        return _("“%(title)s”: recognised by decision %(number)s of %(date)s, not in %(year)s") % shown
    if initiative.state == State.REFUSED:
        return _("“%(title)s”: not recognised (%(reason)s)") % {**shown, "reason": initiative.refusal_reason}
    return _("“%(title)s”: awaiting recognition") % shown


def _initiative_result(initiatives: Iterable[Initiative], year: int) -> CheckResult:
    ordered = sorted({i.pk: i for i in initiatives}.values(), key=lambda i: (i.created_at, i.pk))
    counting = [_line(i, year) for i in ordered if counts_for(i, year)]
    others = [_line(i, year) for i in ordered if not counts_for(i, year)]
    details, shown = tuple(counting + others), {"year": year, "list": "; ".join(counting or others)}
    if counting:
        return CheckResult(CheckStatus.MET, _("Recognised: %(list)s.") % shown, details)
    if others:
        reason = _("None recognised by an initiative council in %(year)s; recorded: %(list)s.")
    else:
        reason = _("No initiative is recorded, so none was recognised by an initiative council in %(year)s.")
    return CheckResult(CheckStatus.NOT_MET, reason % shown, details)


def unit_initiative_checks(units: Iterable[Unit], *, year: int) -> dict[int, CheckResult]:
    """Criterion 1 for many units (see `initiative_check`): unit id -> result. A unit's
    initiatives are those it proposed and those naming it among their units. Two queries."""
    ids = [unit.pk for unit in units]
    found: dict[int, list[Initiative]] = defaultdict(list)
    for initiative in Initiative.objects.filter(owner_unit_id__in=ids):
        found[initiative.owner_unit_id].append(initiative)
    for link in Initiative.units.through.objects.filter(unit_id__in=ids).select_related("initiative"):
        found[link.unit_id].append(link.initiative)
    return {pk: _initiative_result(found[pk], year) for pk in ids}


# What criterion 1 reads of an initiative: enough to decide and to write its line.
_CRITERION_FIELDS = (
    "title",
    "state",
    "council_level",
    "decision_number",
    "decision_date",
    "refusal_reason",
    "created_at",
)


def _authored(wanted: list[int] | QuerySet, fields: tuple[str, ...]) -> dict[int, list[Initiative]]:
    """cadre id -> the initiatives naming the person among the authors (with these fields
    only), for every person selected, an empty list for none. One query of plain values:
    many people share a few initiatives, and each is built once."""
    columns = [f"initiatives__{name}" for name in ("pk", *fields)]
    rows = Cadre.objects.filter(pk__in=wanted).order_by().values_list("pk", *columns)
    found: dict[int, list[Initiative]] = defaultdict(list)
    initiatives: dict[int, Initiative] = {}
    for row in rows:
        authored, initiative_id = found[row[0]], row[1]
        if initiative_id is None:
            continue
        if initiative_id not in initiatives:
            values = dict(zip(fields, row[2:], strict=True))
            initiatives[initiative_id] = Initiative(pk=initiative_id, **values)
        authored.append(initiatives[initiative_id])
    return found


def cadre_initiative_checks(cadres: Iterable[Cadre], *, year: int) -> dict[int, CheckResult]:
    """Criterion 1 for many people (see `initiative_check`): cadre id -> result, from the
    initiatives naming them among the authors. One query. People naming the same
    initiatives share one result, computed once."""
    ids = [cadre.pk for cadre in cadres]
    found = _authored(ids, _CRITERION_FIELDS)
    shared: dict[frozenset[int], CheckResult] = {}
    results: dict[int, CheckResult] = {}
    for pk in ids:
        initiatives = found.get(pk, [])
        key = frozenset(initiative.pk for initiative in initiatives)
        if key not in shared:
            shared[key] = _initiative_result(initiatives, year)
        results[pk] = shared[key]
    return results


def cadre_initiative_statuses(cadres: QuerySet, *, year: int) -> dict[int, str]:
    """Criterion 1 decided without its reason (MET or NOT_MET, as `cadre_initiative_checks`
    would say) for every person a queryset selects: cadres, or their ids such as
    `nominations.values("subject_cadre_id")`. The queryset is read as a subquery, so a
    queue of thousands passes no parameter per person. One query of four columns."""
    found = _authored(cadres, ("state", "decision_date"))
    return {
        pk: CheckStatus.MET if any(counts_for(i, year) for i in initiatives) else CheckStatus.NOT_MET
        for pk, initiatives in found.items()
    }


def initiative_check(*, unit: Unit | None = None, cadre: Cadre | None = None, year: int) -> CheckResult:
    """Criterion 1 (REFERENCE §3), its initiative half, for a unit (as proposer or among
    the initiative's units) or a person (among the authors).

    MET when the subject has an initiative recognised by the commune's or the city's
    initiative council with a decision dated in `year`, the review year (the rule chosen:
    "new" means recognised in the year under review, so one recognition counts for one
    year; a decision dated in January of the next year counts for that next year); the
    reason names the decision number and date. NOT_MET otherwise, listing what is recorded
    (awaiting, not recognised with the council's reason, or recognised in another year).

    The other half of the criterion, exemplary conduct (Party and State policy, law,
    internal unity), is a human judgement recorded with the nomination's review, not here."""
    if (unit is None) == (cadre is None):
        raise ValueError("initiative_check takes exactly one of unit or cadre")
    if unit is not None:
        return unit_initiative_checks([unit], year=year)[unit.pk]
    return cadre_initiative_checks([cadre], year=year)[cadre.pk]
