"""Document numbers: "Số: 15/QĐ-UBND" restarts each year per issuing body and type and is
never repeated (REFERENCE §5); the certificates' golden-book numbers run the same way."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards.models import DocumentCounter
from awards.services.decisions import DecisionError

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


def continue_from(scope: str, year: int, last_number: int) -> DocumentCounter:
    """Make the next number of `scope` in `year` follow `last_number`, e.g. when the portal
    takes over numbering from the commune's paper register in the middle of a year. A
    counter only moves forward: a number already given is never given again."""
    with transaction.atomic():
        counter, _created = DocumentCounter.objects.select_for_update().get_or_create(scope=scope, year=year)
        if last_number < counter.last_number:
            raise DecisionError(
                _("Numbers up to %(n)s of %(year)s are already given; the counter cannot go back.")
                % {"n": counter.last_number, "year": year}
            )
        counter.last_number = last_number
        counter.save(update_fields=["last_number"])
    return counter
