"""Business rules and writes for units, people and ratings.

Every write here is audited by django-auditlog (actor from the request, or none for
commands); the functions keep the history that the audit log cannot (assignments).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thiduaportal.audit import bulk_create_audited
from thiduaportal.errors import DomainError
from thiduaportal.roles import Role
from thiduaportal.text import nfc
from thiduaportal.workflow import Workflow

from .models import (
    Assignment,
    Cadre,
    CadreRating,
    TransferRequest,
    TransferState,
    TransferTransition,
    Unit,
    UnitRating,
)


class UnitsError(DomainError):
    """A rule of the master data was broken; the message is shown to the user."""


@transaction.atomic
def create_cadre(*, actor, start_date: datetime.date | None = None, **fields) -> Cadre:
    """Create a person and open their first assignment in their unit.

    Side effects: one Cadre and one Assignment row (both audited).
    """
    cadre = Cadre(**fields)
    cadre.save()
    Assignment.objects.create(
        cadre=cadre,
        unit=cadre.unit,
        position=cadre.position,
        start_date=start_date or timezone.localdate(),
    )
    return cadre


@transaction.atomic
def create_cadres(
    rows: Iterable[Mapping[str, Any]], *, actor, start_date: datetime.date | None = None
) -> int:
    """Create many people at once, each with their first assignment, as `create_cadre` does
    for one (the same stored values and audit entries), in a few INSERTs; return the count.

    For imports: the rows are already checked. All or none (one transaction).
    """
    start = start_date or timezone.localdate()
    people = []
    for fields in rows:
        cadre = Cadre(**fields)
        cadre.prepare()
        people.append(cadre)
    people = bulk_create_audited(people)
    bulk_create_audited(
        [Assignment(cadre=c, unit=c.unit, position=c.position, start_date=start) for c in people]
    )
    return len(people)


@transaction.atomic
def update_cadre(cadre: Cadre, *, actor, **fields) -> Cadre:
    """Change a person's details. The unit is changed only by `transfer_cadre`.

    A change of position within the same unit is also written on the open assignment.
    """
    if "unit" in fields and fields["unit"] != cadre.unit:
        raise UnitsError(_("Use the transfer form to move a person to another unit."))
    fields.pop("unit", None)
    for name, value in fields.items():
        setattr(cadre, name, value)
    cadre.save()
    Assignment.objects.filter(cadre=cadre, end_date__isnull=True).exclude(position=cadre.position).update(
        position=cadre.position
    )
    return cadre


@transaction.atomic
def transfer_cadre(
    cadre: Cadre,
    *,
    actor,
    to_unit: Unit,
    on: datetime.date,
    position: str = "",
    note: str = "",
) -> Assignment:
    """Move a person to another unit from a date, keeping where they were before. Only the
    VHXH office moves people directly (`units.transfer_cadre`); a unit head's move is a
    `request_transfer` that the receiving unit accepts.

    Side effects: closes the open assignment the day before `on`, opens a new one, and
    updates the person's current unit and position.
    """
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    current = _check_transfer(cadre, to_unit=to_unit, on=on)
    if current:
        current.end_date = on - datetime.timedelta(days=1)
        current.save(update_fields=["end_date"])
    cadre.unit = to_unit
    if position:
        cadre.position = position
    cadre.save()
    return Assignment.objects.create(
        cadre=cadre, unit=to_unit, position=cadre.position, start_date=on, note=note
    )


def _check_transfer(cadre: Cadre, *, to_unit: Unit, on: datetime.date) -> Assignment | None:
    """Refuse a move to the person's own unit, to an archived unit, or dated before their
    current assignment began; return the current assignment."""
    if to_unit.pk == cadre.unit_id:
        raise UnitsError(_("%(name)s already works in %(unit)s.") % {"name": cadre, "unit": to_unit})
    if not to_unit.is_active:
        raise UnitsError(_("%(unit)s is archived and takes no new people.") % {"unit": to_unit})
    current = Assignment.objects.filter(cadre=cadre, end_date__isnull=True).first()
    if current and on <= current.start_date:
        raise UnitsError(
            _("The transfer date must be after %(date)s, when the current assignment began.")
            % {"date": current.start_date.strftime("%d/%m/%Y")}
        )
    return current


# --------------------------------------------------------------------------- transfer requests
# A unit head may not put a person into another unit on their own: the receiving unit's
# head, or the VHXH office, accepts the move first. (A commune moves staff by the
# chairman's decision, and the receiving unit rates and proposes the person from then on.)

TRANSFER_MOVES = frozenset(
    {
        (TransferState.PENDING, TransferState.ACCEPTED),
        (TransferState.PENDING, TransferState.DECLINED),
        (TransferState.PENDING, TransferState.WITHDRAWN),
    }
)


def _transfer_refused(request: TransferRequest, to: str) -> str:
    return _("The transfer request is “%(state)s” and can no longer become “%(to)s”.") % {
        "state": request.get_state_display(),
        "to": TransferState(to).label,
    }


TRANSFERS = Workflow(
    "transfer request",
    model=TransferRequest,
    states=TransferState,
    moves=TRANSFER_MOVES,
    reason_required=frozenset({(TransferState.PENDING, TransferState.DECLINED)}),
    reason_missing=lambda request, to: _("Say why the transfer is declined."),
    transition=TransferTransition,
    error=UnitsError,
    refused=_transfer_refused,
    related=("cadre", "from_unit", "to_unit"),
)


@transaction.atomic
def request_transfer(
    cadre: Cadre,
    *,
    actor,
    to_unit: Unit,
    on: datetime.date,
    position: str = "",
    note: str = "",
) -> TransferRequest:
    """Ask `to_unit` to take a person of the actor's unit from `on`. Nothing moves until
    the receiving unit's head or the office accepts (`accept_transfer`).

    Refused: the checks of a transfer, or a request for the person already waiting.
    Side effects: one TransferRequest (audited)."""
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    _check_transfer(cadre, to_unit=to_unit, on=on)
    waiting = TransferRequest.objects.filter(cadre=cadre, state=TransferState.PENDING).first()
    if waiting is not None:
        raise UnitsError(
            _("A request to move %(name)s to %(unit)s is already waiting; withdraw it first.")
            % {"name": cadre, "unit": waiting.to_unit}
        )
    return TransferRequest.objects.create(
        cadre=cadre,
        from_unit=cadre.unit,
        to_unit=to_unit,
        on=on,
        position=" ".join(nfc(position).split()),
        note=" ".join(nfc(note).split()),
        requested_by=actor,
    )


def accept_transfer(request: TransferRequest, *, actor) -> TransferRequest:
    """The receiving unit (or the office) takes the person: the transfer is made as asked.
    Refused when the person has left the requesting unit since, or the transfer's own
    checks fail now. Side effects: the transfer's assignments, a transition row."""

    def prepare(row: TransferRequest) -> None:
        if row.cadre.unit_id != row.from_unit_id:
            raise UnitsError(
                _("%(name)s no longer works in %(unit)s; the request cannot be accepted.")
                % {"name": row.cadre, "unit": row.from_unit}
            )
        transfer_cadre(
            row.cadre, actor=actor, to_unit=row.to_unit, on=row.on, position=row.position, note=row.note
        )

    return TRANSFERS.move(request, actor=actor, to=TransferState.ACCEPTED, prepare=prepare)


def decline_transfer(request: TransferRequest, *, actor, reason: str) -> TransferRequest:
    """The receiving unit (or the office) refuses the person, saying why; nothing moves."""
    return TRANSFERS.move(request, actor=actor, to=TransferState.DECLINED, reason=reason)


def withdraw_transfer(request: TransferRequest, *, actor) -> TransferRequest:
    """The requesting unit takes its request back; nothing moves."""
    return TRANSFERS.move(request, actor=actor, to=TransferState.WITHDRAWN)


def unit_of_cadre_in_year(cadre: Cadre, year: int) -> Unit:
    """The unit a person belonged to in a year: the assignment covering 31 December, or the
    last one that began in that year, or their current unit when history is missing."""
    year_end = datetime.date(year, 12, 31)
    assignments = sorted(cadre.assignments.all(), key=lambda a: (a.start_date, a.pk))
    covering = [a for a in assignments if a.covers(year_end)]
    if covering:
        return covering[-1].unit
    in_year = [a for a in assignments if a.start_date.year <= year]
    if in_year:
        return in_year[-1].unit
    return cadre.unit


def cadres_of_unit_in_year(unit: Unit, year: int):
    """People who worked in the unit at some time during the year, by given name."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    ids = Assignment.objects.filter(unit=unit, start_date__lte=end).exclude(end_date__lt=start)
    return sorted(
        Cadre.objects.filter(pk__in=ids.values("cadre_id")).select_related("unit"),
        key=lambda c: (c.given_name, c.full_name),
    )


@transaction.atomic
def rate_cadres(unit: Unit, *, actor, year: int, levels: Mapping[int, str], notes: Mapping[int, str]) -> int:
    """Record the year's ratings for a unit's people in one go; an empty level removes one.

    `levels` maps a person's id to a RatingLevel value (or ""). Only people who worked in
    the unit that year may be rated by it. Returns the number of rows changed.
    """
    allowed = {c.pk for c in cadres_of_unit_in_year(unit, year)}
    stray = set(levels) - allowed
    if stray:
        raise UnitsError(
            _("Some people did not work in %(unit)s in %(year)s.") % {"unit": unit, "year": year}
        )
    existing = {
        r.cadre_id: r for r in CadreRating.objects.select_for_update().filter(cadre_id__in=levels, year=year)
    }
    changed = 0
    for cadre_id, level in levels.items():
        note = notes.get(cadre_id, "")
        rating = existing.get(cadre_id)
        if not level:
            if rating:
                rating.delete()
                changed += 1
            continue
        if rating is None:
            CadreRating.objects.create(cadre_id=cadre_id, year=year, level=level, unit=unit, note=note)
            changed += 1
        elif (rating.level, rating.note, rating.unit_id) != (level, note, unit.pk):
            rating.level, rating.note, rating.unit = level, note, unit
            rating.save()
            changed += 1
    return changed


@transaction.atomic
def rate_unit(unit: Unit, *, actor, year: int, level: str, note: str = "") -> UnitRating | None:
    """Record (or with an empty level, remove) a unit's rating for a year."""
    rating = UnitRating.objects.select_for_update().filter(unit=unit, year=year).first()
    if not level:
        if rating:
            rating.delete()
        return None
    if rating is None:
        return UnitRating.objects.create(unit=unit, year=year, level=level, note=note)
    if (rating.level, rating.note) != (level, note):
        rating.level, rating.note = level, note
        rating.save()
    return rating


def units_missing_rating(year: int, units: Iterable[Unit] | None = None) -> list[Unit]:
    """Active units (other than the authorities themselves) with no rating for the year."""
    rated = set(UnitRating.objects.filter(year=year).values_list("unit_id", flat=True))
    pool = units if units is not None else Unit.objects.active().exclude(kind="authority")
    return [u for u in pool if u.pk not in rated]


# The first words of a head's position ("Giám đốc", "Trưởng phòng Kinh tế", "Chủ tịch Hội"):
# positions are free text, so the head is recognised by them; a deputy ("Phó …") never is.
HEAD_POSITIONS = (
    "giám đốc",
    "trưởng",
    "chánh văn phòng",
    "chủ tịch",
    "bí thư",
    "hiệu trưởng",
    "chỉ huy trưởng",
)


def head_of_unit(unit: Unit) -> tuple[str, str]:
    """(full name, position) of the unit's head, who signs for it as "THỦ TRƯỞNG ĐƠN VỊ": the
    active person of the unit whose position is a head's (the first by name), else the
    account holding the "Head of unit" role there; ("", "") when the records name none, so
    that the name is written by hand rather than someone else's printed."""
    for cadre in unit.cadres.filter(is_active=True).order_by("full_name", "pk"):
        position = cadre.position.casefold()
        if position.startswith(HEAD_POSITIONS) and not position.startswith("phó"):
            return cadre.full_name, cadre.position
    membership = (
        unit.memberships.filter(role=Role.UNIT_HEAD, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership and membership.user.full_name:
        return membership.user.full_name, ""
    return "", ""


def office_unit() -> Unit | None:
    """The unit of the Phòng Văn hóa – Xã hội: where the office's officers hold their role."""
    return Unit.objects.filter(memberships__role=Role.VHXH_OFFICER).order_by("pk").first()
