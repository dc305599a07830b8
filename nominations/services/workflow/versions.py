"""What a unit submitted, each time: a snapshot per submission, and a field-by-field
comparison of two of them that a clerk can read.

A snapshot (`NominationVersion.snapshot`) holds the one-line summary, the award form, the
achievement report as stored, the current files (name, id, kind) and the eligibility
results as text, so later changes never alter what was submitted.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from campaigns.checks import CheckStatus
from nominations.models import Attachment, Nomination, NominationVersion
from nominations.services import NominationError, eligibility
from nominations.services.reports import sections


def current_attachments(nomination: Nomination) -> QuerySet[Attachment]:
    """The nomination's current (not replaced) files and its proposal's (letter, minutes)."""
    return Attachment.objects.filter(
        Q(nomination_id=nomination.pk) | Q(nomination__isnull=True),
        proposal_id=nomination.proposal_id,
        replaced_at__isnull=True,
    ).order_by("kind", "pk")


def _eligibility_lines(nomination: Nomination) -> list[str]:
    lines = []
    for check in eligibility.run_checks(nomination):
        line = f"{check.label}: {CheckStatus(check.result.status).label} – {check.result.reason}"
        if check.override is not None:
            line += " " + _("(accepted with a justification: %(text)s)") % {
                "text": check.override.justification
            }
        lines.append(line)
    return lines


def snapshot(nomination: Nomination) -> dict:
    """What is submitted now: summary, award form, report, current files, eligibility."""
    return {
        "subject": nomination.subject_name,
        "summary": nomination.summary,
        "award_form": {"id": nomination.award_form_id, "name": str(nomination.award_form)},
        "report": nomination.report or {},
        "attachments": [
            {"id": a.pk, "name": a.original_name, "kind": a.kind} for a in current_attachments(nomination)
        ],
        "eligibility": _eligibility_lines(nomination),
    }


# --------------------------------------------------------------------------- comparison


def _row_text(row: dict, columns) -> str:
    return "; ".join(f"{c.label}: {row.get(c.key)}" for c in columns if str(row.get(c.key) or "").strip())


def _report_fields(nomination: Nomination, report: dict) -> list[tuple[str, str]]:
    """The report flattened to (readable label, text), section by section, table row by row."""

    flat = []
    for section in sections(nomination):
        data = report.get(section.key) or {}
        for field in section.fields:
            flat.append((f"{section.label} – {field.label}", str(data.get(field.key) or "")))
        if section.table is not None:
            rows = data.get("rows") or []
            for number, row in enumerate(rows, start=1):
                label = _("%(table)s, row %(n)s") % {"table": section.table.label, "n": number}
                flat.append((f"{section.label} – {label}", _row_text(row, section.table.columns)))
    return flat


def _flatten(nomination: Nomination, data: dict) -> dict[str, str]:
    files = data.get("attachments") or []
    flat = {
        _("Achievement in one line"): data.get("summary") or "",
        _("Award form"): (data.get("award_form") or {}).get("name", ""),
    }
    flat.update(_report_fields(nomination, data.get("report") or {}))
    flat[_("Files")] = "\n".join(f"{f['name']} (#{f['id']})" for f in files)
    flat[_("Eligibility checks")] = "\n".join(data.get("eligibility") or [])
    return flat


def _version(nomination: Nomination, number: int) -> NominationVersion:
    try:
        return nomination.versions.get(number=number)
    except NominationVersion.DoesNotExist:
        raise NominationError(
            _("The nomination of %(name)s has no version %(number)s.")
            % {"name": nomination.subject_name, "number": number}
        ) from None


def diff_versions(nomination: Nomination, a: int, b: int) -> list[tuple[str, str, str]]:
    """The entries that differ between versions `a` and `b` of the nomination, as
    (readable label, text in `a`, text in `b`), in the order of the report. Raises
    `NominationError` when either version does not exist."""
    before = _flatten(nomination, _version(nomination, a).snapshot)
    after = _flatten(nomination, _version(nomination, b).snapshot)
    labels = list(before) + [label for label in after if label not in before]
    return [
        (label, before.get(label, ""), after.get(label, ""))
        for label in labels
        if before.get(label, "") != after.get(label, "")
    ]
