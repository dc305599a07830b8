"""Writing a unit's results: all entries or none, in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thiduaportal.text import nfc
from units.models import Unit

from ...models import Campaign, IndicatorKind, Result
from .checks import ResultEntry, ResultProblem, ResultsError, check_results, stored_results


@dataclass(frozen=True)
class SavedResults:
    created: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


def _apply(result: Result, entry: ResultEntry, actor) -> bool:
    """Copy the entry's figures onto the result; True when anything changed."""
    ratio = entry.indicator.kind == IndicatorKind.RATIO
    figures = {
        "numerator": int(entry.numerator) if ratio else None,
        "denominator": int(entry.denominator) if ratio else None,
        "value": None if ratio else Decimal(entry.value),
        "note": nfc(entry.note).strip(),
    }
    changed = any(getattr(result, name) != value for name, value in figures.items())
    for name, value in figures.items():
        setattr(result, name, value)
    if changed:
        result.entered_by = actor
    return changed


def _write(
    unit: Unit, year: int, entries: Sequence[ResultEntry], actor, update_existing: bool
) -> SavedResults:
    created = updated = removed = 0
    stored = stored_results(unit, year, entries, lock=True)
    for entry in entries:
        result = stored.get((entry.indicator.pk, entry.period))
        if result is not None and not update_existing:
            raise IntegrityError("a result was stored meanwhile")
        if entry.is_blank:
            result.delete()
            removed += 1
        elif result is None:
            result = Result(indicator=entry.indicator, unit=unit, year=year, period=entry.period)
            _apply(result, entry, actor)
            result.save()
            created += 1
        elif _apply(result, entry, actor):
            result.save()
            updated += 1
    return SavedResults(created=created, updated=updated, removed=removed)


def save_results(
    unit: Unit,
    *,
    campaign: Campaign,
    year: int,
    actor,
    entries: Sequence[ResultEntry],
    update_existing: bool = True,
    today: datetime.date | None = None,
) -> SavedResults:
    """Write `unit`'s results for `year` of `campaign`: all entries or none.

    In one transaction: checks with `check_results` (raising `ResultsError` with every
    problem), then a new period creates a `Result`, a changed one is updated, an unchanged
    one is left alone (no audit noise), and a blank entry removes the stored result (only
    when `update_existing`). Every write is audited under the request's actor;
    `entered_by` records `actor`. A result stored meanwhile by someone else refuses all.
    """
    try:
        with transaction.atomic():
            problems = check_results(
                unit,
                campaign=campaign,
                year=year,
                entries=entries,
                update_existing=update_existing,
                today=today,
            )
            if problems:
                raise ResultsError(problems)
            return _write(unit, year, entries, actor, update_existing)
    except IntegrityError as error:
        message = _("The results changed while saving; nothing was saved. Check them and save again.")
        raise ResultsError([ResultProblem(0, "period", message, str(unit))]) from error
