"""Council terms and their seats: who serves on a date."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from council.models import CouncilMember, CouncilRole, CouncilTerm
from council.services import CouncilError
from units.models import Cadre, Unit


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def create_term(
    *,
    actor,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> CouncilTerm:
    """Create a council term (set up by one decision). Refused without a title or a start
    date, or when it ends before it starts."""
    title = _clean(title)
    if not title:
        raise CouncilError(_("Enter the title of the council term."), field="title")
    if starts_on is None:
        raise CouncilError(_("Enter the date the council term starts."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise CouncilError(
            _("The council term ends (%(end)s) before it starts (%(start)s).")
            % {"end": _d(ends_on), "start": _d(starts_on)},
            field="ends_on",
        )
    return CouncilTerm.objects.create(
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        decision_number=_clean(decision_number),
        decision_date=decision_date,
    )


def seats(term: CouncilTerm, *, on: datetime.date) -> QuerySet[CouncilMember]:
    """The seats of `term` serving on `on`: joined on or before it and not left (or left
    after it)."""
    return term.members.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


def current_term(on: datetime.date | None = None) -> CouncilTerm | None:
    """The term serving on `on` (today by default): the latest that started and has not
    ended."""
    on = on or timezone.localdate()
    return (
        CouncilTerm.objects.filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on", "-pk")
        .first()
    )


def member_for(user, term: CouncilTerm) -> CouncilMember | None:
    """The user's seat in `term` (also one the user has left), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return term.members.filter(user=user).first()


@transaction.atomic
def add_member(
    term: CouncilTerm,
    *,
    actor,
    user,
    role: str,
    joined_on: datetime.date,
    cadre: Cadre | None = None,
    unit: Unit | None = None,
    full_name: str = "",
    position: str = "",
) -> CouncilMember:
    """Give `user` a seat in `term`. The name defaults to the person's (`cadre`) or the
    account's. Refused: a role that does not exist, the user already has a seat in the term,
    a second serving chair, a joining date outside the term."""
    term = CouncilTerm.objects.select_for_update().get(pk=term.pk)
    if role not in CouncilRole.values:
        raise CouncilError(_("Choose the member's role in the council."), field="role")
    if joined_on is None or joined_on < term.starts_on or (term.ends_on and joined_on > term.ends_on):
        raise CouncilError(
            _("The joining date must fall within the term “%(term)s”.") % {"term": term}, field="joined_on"
        )
    if term.members.filter(user=user).exists():
        raise CouncilError(
            _("%(user)s already has a seat in the council term “%(term)s”.") % {"user": user, "term": term},
            field="user",
        )
    if (
        role == CouncilRole.CHAIR
        and term.members.filter(role=CouncilRole.CHAIR, left_on__isnull=True).exists()
    ):
        raise CouncilError(
            _("The council term “%(term)s” already has a chair; end that membership first.") % {"term": term},
            field="role",
        )
    full_name = (
        _clean(full_name)
        or (cadre.full_name if cadre else "")
        or _clean(getattr(user, "full_name", "") or user.get_full_name())
    )
    full_name = full_name or user.get_username()
    return CouncilMember.objects.create(
        term=term,
        user=user,
        role=role,
        joined_on=joined_on,
        cadre=cadre,
        unit=unit if unit is not None else (cadre.unit if cadre else None),
        full_name=full_name,
        position=_clean(position),
    )


@transaction.atomic
def end_membership(member: CouncilMember, *, actor, left_on: datetime.date) -> CouncilMember:
    """The member leaves the council on `left_on` (serves no session after it). Refused when
    already left or before joining."""
    locked = CouncilMember.objects.select_for_update().get(pk=member.pk)
    if locked.left_on is not None:
        raise CouncilError(
            _("%(member)s already left the council on %(date)s.")
            % {"member": locked.full_name, "date": _d(locked.left_on)}
        )
    if left_on is None or left_on < locked.joined_on:
        raise CouncilError(
            _("%(member)s cannot leave before joining the council (%(date)s).")
            % {"member": locked.full_name, "date": _d(locked.joined_on)},
            field="left_on",
        )
    locked.left_on = left_on
    locked.save(update_fields=["left_on"])
    member.left_on = left_on
    return locked
