"""The city's administration of its communes: creating one with its first administrator,
listing them with their counts, archiving one.

`in_each_commune` runs work once per open commune, each in its own scope (the beat tasks).

The rooms above answer what this room cannot see: `archive_refusal` (nominations: the
commune's rounds still running) and `save_emblem` (awards: the commune's certificate design).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thiduaportal import tenancy
from thiduaportal.hooks import Hook
from thiduaportal.roles import Role
from thiduaportal.text import nfc

from .models import Cadre, Commune, CommuneKind, Membership, Unit, UnitKind, User
from .rules import is_city_admin
from .services import UnitsError

# Why a commune may not be archived now (its rounds still running), or "" (nominations).
archive_refusal = Hook("units.archive_refusal", default="")
# Store an uploaded emblem as the scope's commune's certificate design (awards).
save_emblem = Hook("units.save_emblem")

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - the letters of generated passwords, no password


class CommuneRefused(UnitsError):
    """The commune cannot be created, archived or merged as asked; nothing changed."""


@dataclass
class NewCommune:
    commune: Commune
    administrator: User
    password: str  # shown once to the city administrator, stored hashed only


def city_of(user) -> Commune | None:
    """The city a city administrator works for (an install's superuser: the first city)."""
    city = (
        Commune.objects.filter(pk=user.commune_id, kind=CommuneKind.CITY).first() if user.commune_id else None
    )
    if city is None and user.is_superuser:
        city = Commune.objects.filter(kind=CommuneKind.CITY).order_by("pk").first()
    return city


def communes_of(user):
    """The communes and wards a city administrator administers: the city's (every one for an
    install's superuser)."""
    communes = Commune.objects.local()
    if user.is_superuser and not user.commune_id:
        return communes
    city = city_of(user)
    return communes.filter(parent=city) if city else communes.none()


def counts(communes) -> dict[int, dict[str, int]]:
    """Per commune id: its units, people and accounts (two grouped queries and one for users)."""
    ids = [commune.pk for commune in communes]
    result = {pk: {"units": 0, "cadres": 0, "users": 0} for pk in ids}
    with tenancy.everywhere():
        for key, model in (("units", Unit), ("cadres", Cadre)):
            rows = model.objects.filter(commune_id__in=ids).values("commune_id").annotate(n=Count("pk"))
            for row in rows:
                result[row["commune_id"]][key] = row["n"]
    for row in User.objects.filter(commune_id__in=ids).values("commune_id").annotate(n=Count("pk")):
        result[row["commune_id"]]["users"] = row["n"]
    return result


def users_here(users, *, unplaced: bool = False):
    """These accounts, narrowed to the scope's commune: `User` carries a commune but is not a
    tenant model (an install's superuser belongs to none), so no manager narrows it. With
    `unplaced`, also the accounts no commune holds yet (a role or a seat gives them one),
    an install's superusers excepted."""
    ids = tenancy.active_ids()
    if ids is None:
        return users
    here = Q(commune_id__in=ids)
    if unplaced:
        here |= Q(commune__isnull=True, is_superuser=False)
    return users.filter(here)


def create_commune(
    *,
    actor,
    city: Commune | None,
    fields: dict,
    admin_unit: str,
    username: str,
    full_name: str,
    email: str,
    emblem=None,
) -> NewCommune:
    """Create a commune (or ward) of `city` with its administrator's unit, the administrator's
    account (an administrator's role there, a one-time password returned once) and, when
    given, its emblem. One transaction: a refusal changes nothing."""
    username = nfc(username).strip()
    if User.objects.filter(username__iexact=username).exists():
        raise CommuneRefused(_("The login name “%(name)s” is already taken.") % {"name": username})
    if fields.get("code") and Commune.objects.filter(code=fields["code"]).exists():
        raise CommuneRefused(_("The short code “%(code)s” is already used by another commune.") % fields)
    if fields.get("kind") == CommuneKind.CITY:
        raise CommuneRefused(_("Only a commune or a ward can be created here."))
    password = "".join(secrets.choice(PASSWORD_ALPHABET) for _n in range(12))
    with transaction.atomic():
        commune = Commune.objects.create(parent=city, **fields)
        with tenancy.within(commune):
            unit = Unit.objects.create(name=nfc(admin_unit).strip(), kind=UnitKind.AUTHORITY)
            user = User.objects.create_user(
                username, email=email, password=password, full_name=nfc(full_name).strip()
            )
            Membership.objects.create(user=user, unit=unit, role=Role.ADMIN)
            if emblem is not None:
                save_emblem(emblem)
    user.refresh_from_db()
    return NewCommune(commune=commune, administrator=user, password=password)


def archive_commune(commune: Commune, *, actor) -> Commune:
    """Archive the commune: its users can no longer sign in, its public pages say it is
    archived, its data stays. Refused while one of its rounds is still running."""
    if commune.archived_at is not None:
        raise CommuneRefused(_("%(name)s is already archived.") % {"name": commune.name})
    if commune.is_city:
        raise CommuneRefused(_("A city is not archived from this page."))
    with tenancy.within(commune):
        refusal = archive_refusal(commune)
    if refusal:
        raise CommuneRefused(refusal)
    with transaction.atomic():
        commune.archived_at = timezone.now()
        commune.save(update_fields=["archived_at"])
    return commune


def reopen_commune(commune: Commune, *, actor) -> Commune:
    """Undo `archive_commune`: its users sign in again."""
    commune.archived_at = None
    commune.save(update_fields=["archived_at"])
    return commune


def import_target(user, asked: str) -> Commune | None:
    """The commune (id as text) a city administrator may import into; None otherwise."""
    if not asked.isdigit() or not is_city_admin(user):
        return None
    return communes_of(user).open().filter(pk=int(asked)).first()


def in_each_commune(work: Callable[[], int]) -> int:
    """Run `work` once in the scope of each open commune and ward (so what it reads and the
    commune it names are that commune's); the sum of what it returns."""
    total = 0
    for commune in Commune.objects.local().open().order_by("pk"):
        with tenancy.within(commune):
            total += work()
    return total
