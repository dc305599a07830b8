"""The office's overrides of failed checks and the discipline records the checks read."""

from __future__ import annotations

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from campaigns.checks import CheckStatus
from nominations.models import DisciplineRecord, EligibilityOverride, Nomination
from nominations.services import NominationError
from nominations.services.eligibility.checks import JUSTIFICATION_MIN_LENGTH
from nominations.services.eligibility.criteria import check_label
from nominations.services.eligibility.engine import run_checks
from thiduaportal.text import nfc


@transaction.atomic
def record_override(nomination: Nomination, *, actor, code: str, justification: str) -> EligibilityOverride:
    """The office accepts the nomination although check `code` failed, for the reason
    written in `justification` (NFC, stripped, at least 10 characters). Refused when the
    check did not fail. One override per check: a second one replaces the justification,
    the actor and the time. Side effects: an EligibilityOverride row (audited)."""
    label = check_label(code)
    text = nfc(justification).strip()
    shown = {"check": label, "min": JUSTIFICATION_MIN_LENGTH, "name": nomination.subject_name}
    if not text:
        message = _("Write a justification for accepting against the failed check “%(check)s”.")
        raise NominationError(message % shown, field="justification")
    if len(text) < JUSTIFICATION_MIN_LENGTH:
        message = _("The justification for “%(check)s” is too short (at least %(min)s characters).")
        raise NominationError(message % shown, field="justification")
    check = next(check for check in run_checks(nomination) if check.code == code)
    if check.result.status != CheckStatus.NOT_MET:
        message = _("“%(check)s” has not failed for %(name)s; there is nothing to accept against.")
        raise NominationError(message % shown, field="code")
    override = EligibilityOverride.objects.select_for_update().filter(nomination=nomination, check_code=code)
    override = override.first()
    if override is None:
        return EligibilityOverride.objects.create(
            nomination=nomination, check_code=code, justification=text, actor=actor
        )
    override.justification, override.actor, override.at = text, actor, timezone.now()
    override.save()
    return override


# --------------------------------------------------------------------------- discipline records


def _clean_record(fields: dict, instance: DisciplineRecord | None) -> dict:
    def value(name: str):
        return fields[name] if name in fields else getattr(instance, name, None)

    cleaned = {name: value(name) for name in ("cadre", "start_date", "end_date")}
    for name in ("measure", "decision_number", "note"):
        cleaned[name] = nfc(value(name) or "").strip()
    if cleaned["cadre"] is None:
        raise NominationError(_("Choose the person the record concerns."), field="cadre")
    if not cleaned["measure"]:
        raise NominationError(_("Write the measure, e.g. “Khiển trách”."), field="measure")
    for name in ("measure", "decision_number", "note"):
        limit = DisciplineRecord._meta.get_field(name).max_length
        if len(cleaned[name]) > limit:
            message = _("%(field)s is too long (at most %(limit)s characters).")
            verbose = str(DisciplineRecord._meta.get_field(name).verbose_name).capitalize()
            raise NominationError(message % {"field": verbose, "limit": limit}, field=name)
    start, end = cleaned["start_date"], cleaned["end_date"]
    if start is None:
        raise NominationError(_("Enter the date the measure starts."), field="start_date")
    if end is not None and end < start:
        message = _("The end date (%(end)s) is before the start date (%(start)s).")
        shown = {
            "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
            "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
        }
        raise NominationError(message % shown, field="end_date")
    return cleaned


@transaction.atomic
def create_discipline(*, actor, **fields) -> DisciplineRecord:
    """Record a disciplinary measure or an inspection of a person: cadre, measure,
    decision_number, start_date, end_date (empty: still in force), note. Refused without a
    person, a measure or a start date, or with an end before the start. Side effects: a
    DisciplineRecord row (audited)."""
    return DisciplineRecord.objects.create(created_by=actor, **_clean_record(fields, None))


@transaction.atomic
def update_discipline(record: DisciplineRecord, *, actor, **fields) -> DisciplineRecord:
    """Change a discipline record (same fields and rules as `create_discipline`). Side
    effects: the row is saved (audited, with `actor` from the request)."""
    for name, value in _clean_record(fields, record).items():
        setattr(record, name, value)
    record.save()
    return record
