"""Build the demo commune xã Thượng Phúc: units, people with history, ratings, demo logins.

Safe to run again: rows are found by their natural keys (unit name, person's name and
date of birth, username) and rows that exist are left exactly as they are.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from units import demo_data
from units.demo_data import CadreSpec, Plan
from units.models import Cadre, CadreRating, Commune, Membership, Unit, UnitRating, User
from units.services import (
    create_cadre,
    rate_cadres,
    rate_unit,
    transfer_cadre,
    unit_of_cadre_in_year,
    update_cadre,
)

DEMO_PASSWORD = "thidua2026"
SEED = 20260101  # changing it changes every invented name, birthday and rating
HISTORY = ("transfers", "people who left")


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
                f"(one a superuser) whose password is {DEMO_PASSWORD!r}. Use --force on a demo server only."
            )
        plan = demo_data.build_plan(random.Random(SEED))
        self.created: Counter[str] = Counter()
        self.found: Counter[str] = Counter()
        with transaction.atomic():
            self._commune()
            units = self._units()
            self._cadres(plan, units)
            self._unit_ratings(plan, units)
            self._cadre_ratings(plan, units)
            self._users(plan, units)
            for extension in demo_data.EXTENSIONS:
                extension(random.Random(SEED), self.created, self.found)
        self._report()

    def _count(self, kind: str, created: bool) -> None:
        (self.created if created else self.found)[kind] += 1

    def _commune(self) -> None:
        fields = dict(demo_data.COMMUNE)
        _, created = Commune.objects.get_or_create(name=fields.pop("name"), defaults=fields)
        self._count("communes", created)

    def _units(self) -> dict[str, Unit]:
        names = [spec.name for spec in demo_data.UNITS]
        units: dict[str, Unit] = {u.name: u for u in Unit.objects.filter(name__in=names)}
        for spec in demo_data.UNITS:  # parents come first
            created = spec.name not in units
            if created:
                units[spec.name] = Unit.objects.create(
                    name=spec.name,
                    short_name=spec.short_name,
                    kind=spec.kind,
                    parent=units[spec.parent] if spec.parent else None,
                    advises_cchc=spec.advises_cchc,
                    address=spec.address,
                )
            self._count("units", created)
        return units

    def _cadres(self, plan: Plan, units: dict[str, Unit]) -> None:
        existing = {
            (c.full_name, c.date_of_birth): c
            for c in Cadre.objects.filter(full_name__in=[s.full_name for s in plan.cadres])
        }
        for spec in plan.cadres:
            if (spec.full_name, spec.date_of_birth) in existing:
                self._count("people", False)
                continue
            self._create_cadre(spec, units)
            self._count("people", True)

    def _create_cadre(self, spec: CadreSpec, units: dict[str, Unit]) -> None:
        cadre = create_cadre(
            actor=None,
            start_date=demo_data.FORMED,
            full_name=spec.full_name,
            sex=spec.sex,
            date_of_birth=spec.date_of_birth,
            position=spec.position,
            category=spec.category,
            unit=units[spec.unit],
            advises_cchc=spec.advises_cchc,
            home_town=spec.home_town,
            qualifications=spec.qualifications,
        )
        if spec.transfer:
            to_unit, on, note = spec.transfer
            transfer_cadre(cadre, actor=None, to_unit=units[to_unit], on=on, note=note)
            self.created["transfers"] += 1
        if spec.left_on:
            update_cadre(cadre, actor=None, is_active=False)
            self.created["people who left"] += 1

    def _unit_ratings(self, plan: Plan, units: dict[str, Unit]) -> None:
        rated = set(UnitRating.objects.values_list("unit__name", "year"))
        for (name, year), level in plan.unit_ratings.items():
            if (name, year) in rated:
                self._count("unit ratings", False)
                continue
            rate_unit(units[name], actor=None, year=year, level=level)
            self._count("unit ratings", True)

    def _cadre_ratings(self, plan: Plan, units: dict[str, Unit]) -> None:
        cadres = {
            (c.full_name, c.date_of_birth): c
            for c in Cadre.objects.filter(full_name__in=[s.full_name for s in plan.cadres]).prefetch_related(
                "assignments__unit"
            )
        }
        for year in demo_data.RATING_YEARS:
            rated = set(CadreRating.objects.filter(year=year).values_list("cadre_id", flat=True))
            by_unit: dict[Unit, dict[int, str]] = defaultdict(dict)
            for spec in plan.cadres:
                cadre = cadres[spec.full_name, spec.date_of_birth]
                level = spec.ratings.get(year)
                if not level:
                    continue
                if cadre.pk in rated:
                    self._count("personal ratings", False)
                    continue
                # Rated by the unit they worked in at the end of that year.
                by_unit[unit_of_cadre_in_year(cadre, year)][cadre.pk] = level
            for unit, levels in by_unit.items():
                self.created["personal ratings"] += rate_cadres(
                    unit, actor=None, year=year, levels=levels, notes={}
                )

    def _users(self, plan: Plan, units: dict[str, Unit]) -> None:
        password_hash = ""
        for spec in demo_data.USERS:
            user = User.objects.filter(username=spec.username).first()
            if user is not None:
                # Never touch an account that is already there, demo or not.
                self._count("users", False)
                continue
            # One hash for all: hashing is deliberately slow and the password is the same.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=spec.username,
                full_name=plan.user_names[spec.username],
                email=f"{spec.username}@thuongphuc.invalid",
                password=password_hash,
                is_staff=spec.is_staff,
                is_superuser=spec.is_staff,
            )
            Membership.objects.create(user=user, unit=units[spec.unit], role=spec.role)
            self._count("users", True)

    def _report(self) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo commune {demo_data.COMMUNE['name']}:"))
        base = ("communes", "units", "people", "unit ratings", "personal ratings", "users")
        more = [kind for kind in {**self.created, **self.found} if kind not in base and kind not in HISTORY]
        for kind in (*base, *more):
            self.stdout.write(f"  {kind}: {self.created[kind]} created, {self.found[kind]} already there")
        moved, left = self.created["transfers"], self.created["people who left"]
        self.stdout.write(f"  history made now: {moved} transfers, {left} people who left")
        self.stdout.write("Demo logins:")
        for spec in demo_data.USERS:
            self.stdout.write(f"  {spec.username:<13} {spec.role:<18} {spec.unit}")
        self.stdout.write(
            self.style.WARNING(
                f"WARNING: these are DEMO accounts with the published password {DEMO_PASSWORD!r} "
                "(admin is a superuser). Never load them into a production database."
            )
        )
