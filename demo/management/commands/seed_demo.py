"""Build the demo commune xã Thượng Phúc: the steps of `demo.steps.STEPS`, in their order,
in one transaction, then a report of what was made and what was already there.

Safe to run again: every step finds its rows by their natural keys and leaves rows that
exist exactly as they are.
"""

from __future__ import annotations

import contextlib
import random
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import city as demo_city
from demo import units as demo_units
from demo.steps import SEED, STEPS
from thiduaportal import tenancy
from units.models import Commune

HISTORY = ("transfers", "people who left")
BASE = ("communes", "units", "people", "unit ratings", "personal ratings", "users")


class Command(BaseCommand):
    help = "Create the demo commune xã Thượng Phúc with demo logins (password thidua2026)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. The demo logins have a published password.",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production database. seed_demo creates accounts "
                f"(one a superuser) whose password is {demo_units.DEMO_PASSWORD!r}. Use --force on a demo "
                "server only."
            )
        created: Counter[str] = Counter()
        found: Counter[str] = Counter()
        with transaction.atomic():
            for step in STEPS:
                # Each step draws from its own generator, so one step's data never shifts another's.
                # Thượng Phúc's steps read and write its rows only once it exists (the city's
                # step writes the city and the second commune, each in its own scope).
                home = Commune.objects.filter(name=demo_units.COMMUNE["name"]).first()
                scope = tenancy.everywhere() if step is demo_city else contextlib.nullcontext()
                if home and step is not demo_city:
                    scope = tenancy.within(home)
                with scope:
                    step.seed(random.Random(SEED), created, found)
        self._report(created, found)

    def _report(self, created: Counter[str], found: Counter[str]) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo commune {demo_units.COMMUNE['name']}:"))
        more = [kind for kind in {**created, **found} if kind not in BASE and kind not in HISTORY]
        for kind in (*BASE, *more):
            self.stdout.write(f"  {kind}: {created[kind]} created, {found[kind]} already there")
        moved, left = created["transfers"], created["people who left"]
        self.stdout.write(f"  history made now: {moved} transfers, {left} people who left")
        self.stdout.write("Demo logins:")
        for spec in demo_units.USERS:
            self.stdout.write(f"  {spec.username:<13} {spec.role:<18} {spec.unit}")
        for username, role, unit, _name in (*demo_city.CITY_USERS, *demo_city.HV_USERS):
            place = demo_city.CITY["name"] if role in {"city_officer"} else demo_city.HONG_VAN["name"]
            self.stdout.write(f"  {username:<13} {role:<18} {unit} ({place})")
        self.stdout.write(
            self.style.WARNING(
                f"WARNING: these are DEMO accounts with the published password {demo_units.DEMO_PASSWORD!r} "
                "(admin is a superuser). Never load them into a production database."
            )
        )
