"""Validation and storage of the achievement report, and the required parts still missing."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from nominations.models import Nomination
from nominations.services import NominationError
from nominations.services.reports.structure import (
    DATE,
    LONG,
    MAX_LENGTH,
    MAX_ROWS,
    NUMBER,
    YEAR,
    Field,
    Section,
    decimal_text,
    is_editable,
    needs_report,
    sections,
)
from thiduaportal.text import nfc

_NUMBER_RE = re.compile(r"^-?\d+([.,]\d+)?$")


def _where(section: Section, field: Field, row: int | None = None) -> str:
    if row is None:
        return _("%(section)s, “%(field)s”") % {"section": section.label, "field": field.label}
    return _("%(section)s, row %(row)s, “%(field)s”") % {
        "section": section.label,
        "row": row,
        "field": field.label,
    }


def _clean_value(value, field: Field, where: str, form_field: str) -> str:
    """One entry as stored: NFC text within its length; numbers, years and dates checked."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise NominationError(_("%(where)s must be text.") % {"where": where}, field=form_field)
    text = nfc(value).strip()
    if field.kind != LONG:
        text = " ".join(text.split())
    limit = MAX_LENGTH[field.kind]
    if len(text) > limit:
        raise NominationError(
            _("%(where)s is too long (at most %(limit)s characters).") % {"where": where, "limit": limit},
            field=form_field,
        )
    if not text:
        return ""
    if field.kind == NUMBER:
        return _clean_number(text, where, form_field)
    if field.kind == YEAR and (not text.isdigit() or not 1945 <= int(text) <= 2100):
        raise NominationError(
            _("%(where)s must be a year between 1945 and 2100.") % {"where": where}, field=form_field
        )
    if field.kind == DATE:
        try:
            datetime.datetime.strptime(text, "%d/%m/%Y")
        except ValueError:
            raise NominationError(
                _("%(where)s must be a date written dd/mm/yyyy.") % {"where": where}, field=form_field
            ) from None
    return text


def _clean_number(text: str, where: str, form_field: str) -> str:
    if not _NUMBER_RE.match(text):
        raise NominationError(
            _("%(where)s must be a number, e.g. 85,5.") % {"where": where}, field=form_field
        )
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise NominationError(_("%(where)s must be a number.") % {"where": where}, field=form_field) from None
    if number < 0 or number >= 10**9:
        raise NominationError(
            _("%(where)s must be between 0 and 999.999.999.") % {"where": where}, field=form_field
        )
    return decimal_text(number)


def _clean_rows(section: Section, rows, *, form_prefix: str) -> list[dict[str, str]]:
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise NominationError(_("%(section)s: the table is malformed.") % {"section": section.label})
    if len(rows) > MAX_ROWS:
        raise NominationError(
            _("%(section)s: at most %(limit)s rows.") % {"section": section.label, "limit": MAX_ROWS}
        )
    cleaned = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise NominationError(_("%(section)s: the table is malformed.") % {"section": section.label})
        values = {
            column.key: _clean_value(
                row.get(column.key),
                column,
                _where(section, column, number),
                f"{form_prefix}-{number - 1}-{column.key}",
            )
            for column in section.table.columns
        }
        if not any(values.values()):
            continue  # an empty row of the formset
        for column in section.table.columns:
            if column.required and not values[column.key]:
                raise NominationError(
                    _("%(where)s is required.") % {"where": _where(section, column, number)},
                    field=f"{form_prefix}-{number - 1}-{column.key}",
                )
        cleaned.append(values)
    return cleaned


def clean_report(nomination: Nomination, data: dict) -> dict:
    """The report as it will be stored, or NominationError naming the section, the row and
    the field of the first problem. Unknown keys are dropped."""
    if not isinstance(data, dict):
        raise NominationError(_("The report is malformed."))
    report = {}
    for section in sections(nomination):
        given = data.get(section.key) or {}
        if not isinstance(given, dict):
            raise NominationError(_("%(section)s is malformed.") % {"section": section.label})
        values = {
            field.key: _clean_value(
                given.get(field.key), field, _where(section, field), f"{section.key}-{field.key}"
            )
            for field in section.fields
        }
        if section.table:
            values["rows"] = _clean_rows(section, given.get("rows"), form_prefix=f"{section.key}_rows")
        report[section.key] = values
    return report


def save_report(nomination: Nomination, *, actor, data: dict) -> Nomination:
    """Validate and store the achievement report (NFC, lengths, numbers, years, dates).

    Refuses with NominationError when the nomination needs no report (a year-end LĐTT), is no
    longer editable (only draft or returned ones are) or when any entry is bad; nothing is
    saved then. Empty table rows are
    dropped. Writes `Nomination.report` (the audit log records the change)."""
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
        if not needs_report(locked):
            raise NominationError(
                _("A proposal for “%(title)s” needs no achievement report.") % {"title": locked.award_form}
            )
        if not is_editable(locked):
            raise NominationError(
                _("The report can no longer be changed: the nomination is “%(state)s”.")
                % {"state": locked.get_state_display()}
            )
        locked.report = clean_report(locked, data)
        locked.save(update_fields=["report", "updated_at"])
    nomination.report = locked.report
    return nomination


def missing_sections(nomination: Nomination) -> list[str]:
    """Names of the required parts of the stored report still empty: section I's required
    entries; for Mẫu 08 section II (no table row and no text); for Mẫu 06 the act's
    description and its result; for the year-end Mẫu 05 / 04 the year's results and rating.
    Empty list: the report may be submitted, or the nomination needs none (a year-end title
    whose catalogue entry names no report form, such as LĐTT)."""
    report = nomination.report or {}
    missing = []
    for section in sections(nomination):
        if not section.required:
            continue
        values = report.get(section.key) or {}
        if section.key == "achievements" and section.table:
            if not values.get("rows") and not any(
                str(values.get(f.key) or "").strip() for f in section.fields
            ):
                missing.append(str(section.label))
            continue
        empty = [f for f in section.fields if f.required and not str(values.get(f.key) or "").strip()]
        if section.key == "profile" and empty:
            missing.append(str(section.label))
        else:
            missing.extend(f"{section.label} – {field.label}" for field in empty)
    return missing
