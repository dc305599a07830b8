"""Work done for every commune of the install in turn, each in its own scope."""

from __future__ import annotations

from collections.abc import Callable

from thiduaportal import tenancy

from .models import Commune


def in_each_commune(work: Callable[[], int]) -> int:
    """Run `work` once in the scope of each open commune and ward (so what it reads and the
    commune it names are that commune's); the sum of what it returns."""
    total = 0
    for commune in Commune.objects.local().open().order_by("pk"):
        with tenancy.within(commune):
            total += work()
    return total
