"""The dashboard's data version, and the cache of its rendered page under that version.

The dashboard sums every result of the campaign; at ten years of 80 units that is 200,000
rows on every request. Instead, its rendered content is kept in the cache under a key that
carries the version number of its data (`DashboardVersion`). Every write of what the
dashboard reads raises the number inside the writer's own transaction (signal receivers
below, connected in `CampaignsConfig.ready`), so the next page load after a commit misses
the cache and sums afresh: the figures are never older than the last committed write.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from thiduaportal import tenancy
from units.models import Cadre, Commune, Unit

from ..models import (
    Campaign,
    CampaignYear,
    DashboardVersion,
    IndexComponent,
    Indicator,
    IndicatorTarget,
    Initiative,
    Registration,
    Result,
)

T = TypeVar("T")
# Long enough to serve a day of readers; an old version's entries are never read again and
# expire on their own.
CACHE_SECONDS = 6 * 60 * 60
# Cadre: a unit's dashboard lists the initiatives its people wrote (by the person's unit).
WATCHED = (
    Cadre,
    Campaign,
    CampaignYear,
    Indicator,
    IndicatorTarget,
    Result,
    Registration,
    IndexComponent,
    Initiative,
    Unit,
)
WATCHED_M2M = (
    Indicator.reporting_units.through,
    IndexComponent.units.through,
    Initiative.units.through,
    Initiative.authors.through,
)


def _commune_id() -> int | None:
    """The commune being read: the request's (or job's) scope, else the install's first."""
    ids = tenancy.active_ids()
    if ids is not None:
        return ids[0] if ids else None
    lone = Commune.objects.lone()
    return lone.pk if lone else None


def current_version() -> tuple | None:
    """The commune's dashboard data version: its commune, number and when it last moved (so
    that a database restored to an older state never meets a page cached from another one
    with the same number), (commune, 0, None) before the first write; None without a commune
    (nothing is cached then). One query in a request."""
    commune_id = _commune_id()
    if commune_id is None:
        return None
    row = DashboardVersion.objects.filter(commune_id=commune_id).values_list("number", "changed_at").first()
    return (commune_id, *(row or (0, None)))


def bump_version(commune_id: int | None = None) -> None:
    """Raise the version of `commune_id` (the written row's commune; default: the scope's),
    inside the caller's transaction (its row lock orders concurrent writers; others see the
    new number when the write commits). One or two queries."""
    commune_id = commune_id or _commune_id()
    if commune_id is None:
        return
    counter = DashboardVersion.objects.filter(commune_id=commune_id)
    if not counter.update(number=F("number") + 1, changed_at=timezone.now()):
        _row, created = DashboardVersion.objects.get_or_create(commune_id=commune_id, defaults={"number": 1})
        if not created:  # another writer made the counter meanwhile
            counter.update(number=F("number") + 1, changed_at=timezone.now())


def _bump(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: fixtures, not a write of the portal
        return
    bump_version(getattr(kwargs.get("instance"), "commune_id", None))


def _bump_m2m(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump_version(getattr(kwargs.get("instance"), "commune_id", None))


def connect() -> None:
    """Watch every model the dashboard reads (called once, from the app's ready())."""
    for model in WATCHED:
        post_save.connect(_bump, sender=model, dispatch_uid=f"dashboard-version-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"dashboard-version-delete-{model.__name__}")
    for through in WATCHED_M2M:
        m2m_changed.connect(
            _bump_m2m, sender=through, dispatch_uid=f"dashboard-version-m2m-{through.__name__}"
        )


def cached(parts: tuple, render: Callable[[], T]) -> T:
    """`render()`'s result (picklable) under a key made of `parts` and the current data
    version: computed once per version, then read from the cache. One query on a hit."""
    version = current_version()
    if version is None:
        return render()
    digest = hashlib.sha256(repr((*version, *parts)).encode()).hexdigest()[:32]
    key = f"dashboard:{digest}"
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, CACHE_SECONDS)
    return value
