"""Document numbers: "Số: 15/QĐ-UBND" restarts each year per issuing body and type and is
never repeated (REFERENCE §5); the certificates' golden-book numbers run the same way."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import DocumentCounter
from awards.services.decisions import DecisionError
from thiduaportal.documents import document_number

BOOK_SCOPE = "SO-VANG"


def take_number(scope: str, year: int) -> int:
    """The next number of `scope` in `year`, taken under a row lock.

    Must run inside the transaction that stores the number: if it rolls back, so does the
    counter, and the number is given again to the next caller (numbers are never skipped
    and never doubled). Concurrent callers queue on the counter row.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number() must run inside the transaction that uses the number")
    counter = DocumentCounter.objects.select_for_update().filter(scope=scope, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(scope=scope, year=year)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs
        counter = DocumentCounter.objects.select_for_update().get(scope=scope, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def continue_from(scope: str, year: int, last_number: int, *, actor) -> DocumentCounter:
    """The office confirms the counter of `scope` in `year` against the paper register: the
    next number follows `last_number` (e.g. when the portal takes over numbering in the middle
    of a year), and the counter is marked confirmed by `actor` (audit-logged). A counter only
    moves forward: a number already given is never given again."""
    with transaction.atomic():
        counter, _created = DocumentCounter.objects.select_for_update().get_or_create(scope=scope, year=year)
        if last_number < counter.last_number:
            raise DecisionError(
                _("Numbers up to %(n)s of %(year)s are already given; the counter cannot go back.")
                % {"n": counter.last_number, "year": year},
                field="last_number",
            )
        counter.last_number = last_number
        counter.confirmed_at, counter.confirmed_by = timezone.now(), actor
        counter.save(update_fields=["last_number", "confirmed_at", "confirmed_by"])
    return counter


def counter_of(scope: str, year: int) -> DocumentCounter:
    """The counter of `scope` in `year` as it stands (unsaved and unconfirmed when none yet)."""
    return DocumentCounter.objects.filter(scope=scope, year=year).first() or DocumentCounter(
        scope=scope, year=year
    )


def refuse_unconfirmed(scope: str, year: int) -> None:
    """Raise `DecisionError` while the counter of `year` was never checked against the paper
    register: the first decision of a year waits for the office to confirm its last number."""
    counter = counter_of(scope, year)
    if counter.confirmed_at is None:
        raise DecisionError(
            _(
                "%(year)s has no decision numbered in the portal yet: the office (VHXH) must first check "
                "the last number given in %(year)s in the paper register and confirm it on the “Decision "
                "numbers” page (the next number would be %(next)s). Nothing was issued."
            )
            % {"year": year, "next": document_number(counter.last_number + 1, scope)},
            field="issued_on",
        )


def raise_to(scope: str, year: int, number: int) -> None:
    """Move the counter of `scope` in `year` up to at least `number`, so a number taken from
    the paper register (an imported award's golden-book number) is never given again. Runs in
    the caller's transaction; never lowers a counter."""
    counter, _created = DocumentCounter.objects.select_for_update().get_or_create(scope=scope, year=year)
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])
