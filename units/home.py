"""Home-page panels for master data: what a person should look at today."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thiduaportal.home import Item, Panel, register
from thiduaportal.models import Job
from thiduaportal.roles import Role, roles_of, sees_all

from .models import Cadre, CadreRating, TransferRequest, TransferState, Unit
from .services import units_missing_rating


def _unrated_people(year: int, unit_ids=None) -> int:
    people = Cadre.objects.active()
    if unit_ids is not None:
        people = people.filter(unit_id__in=unit_ids)
    rated = CadreRating.objects.filter(year=year).values("cadre_id")
    return people.exclude(pk__in=rated).count()


@register
def unit_panels(user) -> list[Panel]:
    roles = roles_of(user)
    if not roles & Role.UNIT_ROLES or not user.unit_id:
        return []
    year = timezone.localdate().year
    unit = Unit.objects.get(pk=user.unit_id)
    active = unit.cadres.filter(is_active=True).count()
    unrated = _unrated_people(year, [unit.pk])
    items = [
        Item(_("People working in %(unit)s") % {"unit": unit}, reverse("units:cadre_list"), active),
        Item(
            _("People without a rating for %(year)s") % {"year": year},
            reverse("units:ratings", args=[unit.pk, year]),
            unrated,
            "warning" if unrated else "success",
        ),
    ]
    if Role.UNIT_HEAD in roles:
        items += _waiting_transfers(TransferRequest.objects.filter(to_unit_id=unit.pk))
    return [Panel(_("Your unit"), items, order=10)]


def _waiting_transfers(requests) -> list[Item]:
    """A line for the transfer requests waiting for an answer, when there are any."""
    waiting = requests.filter(state=TransferState.PENDING).count()
    if not waiting:
        return []
    return [
        Item(
            _("Transfer requests waiting for your answer"), reverse("units:transfer_list"), waiting, "warning"
        )
    ]


@register
def office_panels(user) -> list[Panel]:
    if not sees_all(user):
        return []
    year = timezone.localdate().year
    missing = units_missing_rating(year)
    counts = Unit.objects.active().aggregate(
        units=Count("pk"), advising=Count("pk", filter=Q(advises_cchc=True))
    )
    items = [
        Item(_("Active units"), reverse("units:unit_list"), counts["units"]),
        Item(_("People working"), reverse("units:cadre_list"), Cadre.objects.active().count()),
        Item(
            _("Units without a rating for %(year)s") % {"year": year},
            reverse("units:unit_list"),
            len(missing),
            "warning" if missing else "success",
        ),
        Item(
            _("People without a rating for %(year)s") % {"year": year},
            reverse("units:cadre_list"),
            _unrated_people(year),
            "secondary",
        ),
        *_waiting_transfers(TransferRequest.objects.all()),
    ]
    return [Panel(_("The commune's units and people"), items, order=20)]


@register
def export_panels(user) -> list[Panel]:
    jobs = Job.objects.filter(owner=user).order_by("-created_at")[:5]
    if not jobs:
        return []
    items = [
        Item(f"{job.filename or job.kind} · {job.get_state_display()}", reverse("job_detail", args=[job.pk]))
        for job in jobs
    ]
    return [Panel(_("Your recent exports"), items, order=90)]
