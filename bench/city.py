"""Pages under load on one install for a whole city (issue 16): many communes under a city,
each with its own units, people, results, rounds and registry, on PostgreSQL; the same pages
for a commune's users and for a city officer, against the floor of the same role.

    DEBUG=1 .venv/bin/python -m bench.city                    # 126 communes, then load for 60 s
    DEBUG=1 .venv/bin/python -m bench.city --communes 1       # the same mix at one commune
    DEBUG=1 .venv/bin/python -m bench.city --quick            # 3 small communes, 15 s: checks it runs

The seed is `bench.scale`'s, written commune by commune inside `tenancy.within(commune)` (so
every row takes that commune; usernames carry the commune's code), with a city row above the
communes. The load (`bench.load`'s plan, locust file, services and table) then runs for one
commune among them (the last one seeded, so its rows are the furthest into every table) and
for a city officer: a VHXH officer whose unit belongs to the city row (the city's own roles
are not in the portal yet), opening the pages a VHXH officer opens that need no object of a
commune.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import load
from bench.scale import seed_awards, seed_campaign, seed_people, seed_rounds, seed_units
from drills import common

FULL = {
    "communes": 126,
    "sizes": {"units": 25, "cadres": 200, "years": 5, "indicators": 5, "nominations": 500, "awards": 200},
    "users": 26,
    "seconds": 60,
    "warmup": 15,
}
QUICK = {
    "communes": 3,
    "sizes": {"units": 6, "cadres": 40, "years": 2, "indicators": 2, "nominations": 40, "awards": 20},
    "users": 12,
    "seconds": 15,
    "warmup": 6,
}
CITY_ROLE = "city officer"
# The heaviest pages' queries, explained with the commune filter (see `explain`).
EXPLAINED = ("dashboard", "review queue", "registry search", "cadre search")


def _commune_users(units: list, code: str) -> dict:
    """A commune's VHXH officer, chairman and one staff member per unit (bench.scale's
    `seed_users`, with usernames of the commune)."""
    from django.contrib.auth.hashers import make_password

    from units.models import Membership, User

    unusable = make_password(None)
    officer = User.objects.create(username=f"vhxh-{code}", full_name="Cán bộ VHXH", password=unusable)
    chairman = User.objects.create(username=f"chairman-{code}", full_name="Lý Văn Dũng", password=unusable)
    staff = User.objects.bulk_create(
        User(username=f"staff-{code}-{n:02d}", full_name=f"Cán bộ đơn vị {n}", password=unusable)
        for n in range(len(units))
    )
    Membership.objects.bulk_create(
        [
            Membership(user=officer, unit=units[0], role="vhxh"),
            Membership(user=chairman, unit=units[0], role="chairman"),
            *(Membership(user=s, unit=u, role="unit_staff") for s, u in zip(staff, units, strict=True)),
        ]
    )
    for user in (officer, chairman, *staff):  # bulk_create skips the signal that sets it
        user.commune_id = units[0].commune_id
    User.objects.bulk_update([officer, chairman, *staff], ["commune"])
    return {"officer": officer, "chairman": chairman, "staff": staff}


def seed_city(*, communes: int, sizes: dict, last_year: int = 2026) -> dict:
    """The city row, `communes` communes under it each with bench.scale's seed at `sizes`,
    and the city officer. Returns the last commune's seed (as `seed_scale` does), the city
    officer, the row counts and the seconds."""
    from campaigns.models import Result
    from nominations.models import Nomination
    from thiduaportal import tenancy
    from units.models import Cadre, Commune, CommuneKind, Membership, Unit, User

    started = time.perf_counter()
    span = range(last_year - sizes["years"] + 1, last_year + 1)
    city = Commune.objects.create(
        name="thành phố Thượng Phúc",
        place_name="Thượng Phúc",
        authority_name="ỦY BAN NHÂN DÂN THÀNH PHỐ THƯỢNG PHÚC",
        kind=CommuneKind.CITY,
        code="tp",
    )
    seed: dict = {}
    for n in range(communes):
        code = f"xa-{n + 1:03d}"
        commune = Commune.objects.create(
            name=f"xã Thượng Phúc {n + 1}",
            place_name=f"Thượng Phúc {n + 1}",
            authority_name=f"ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC {n + 1}",
            parent=city,
            code=code,
        )
        with tenancy.within(commune):
            units = seed_units(sizes["units"])
            users = _commune_users(units, code)
            people = seed_people(units, sizes["cadres"], span)
            per_indicator = len(units) * len(span) * 12
            campaign = seed_campaign(units, span, sizes["indicators"] * per_indicator)
            rounds = seed_rounds(campaign, units, people, users, sizes["nominations"])
            seed_awards(rounds, units, people, users, sizes["awards"])
        seed = {**users, "commune": commune, "last_year": last_year}
        if (n + 1) % 10 == 0 or n + 1 == communes:
            common.say(f"seeded {n + 1} communes in {time.perf_counter() - started:.0f} s")
    with tenancy.within(city):
        office = Unit.objects.create(name="Văn phòng UBND thành phố", kind="authority")
        officer = User.objects.create(username="vhxh-tp", full_name="Cán bộ VHXH thành phố")
        Membership.objects.create(user=officer, unit=office, role="vhxh")
    with tenancy.everywhere():
        counts = {
            "communes": communes,
            "units": Unit.objects.count(),
            "people": Cadre.objects.count(),
            "results": Result.objects.count(),
            "nominations": Nomination.objects.count(),
        }
        from awards.models import Award

        counts["awards"] = Award.objects.count()
    seconds = time.perf_counter() - started
    common.say(f"seeded in {seconds:.0f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    return {**seed, "city": city, "city_officer": officer, "counts": counts, "seconds": seconds}


def city_plan(seed: dict, users: int) -> dict:
    """bench.load's plan for the seed's last commune, with the city officer added (as many
    simulated users as VHXH has, taken from the total) on the pages of a VHXH officer that
    need no object of one commune."""
    from thiduaportal import tenancy
    from units.models import User

    with tenancy.within(seed["commune"]):
        plan = load.plan(seed, users)
    # bench.load's extra accounts get their memberships by bulk_create, which skips the
    # signal that gives an account its commune: give them the commune of their unit.
    User.objects.filter(commune__isnull=True).update(commune_id=seed["commune"].pk)
    vhxh = plan["roles"]["VHXH"]
    keep = ("home", "floor", "cadre search", "review queue", "registry search", "dashboard")
    plan["roles"][CITY_ROLE] = {
        "users": max(1, vhxh["users"] // 2),
        "accounts": [seed["city_officer"].username],
        "pages": {k: v for k, v in vhxh["pages"].items() if k in keep},
    }
    vhxh["users"] = max(1, vhxh["users"] - plan["roles"][CITY_ROLE]["users"])
    from django.contrib.auth.hashers import make_password

    User.objects.filter(pk=seed["city_officer"].pk).update(password=make_password(load.PASSWORD))
    return plan


def explain(seed: dict) -> list[str]:
    """EXPLAIN ANALYZE of every query the heaviest pages make for the commune's VHXH officer
    (its commune filter included): the sequential scans that read and drop more than 1,000
    rows, each with its query's execution time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    urls = {
        "dashboard": reverse("campaigns:dashboard") + f"?year={seed['last_year']}",
        "review queue": reverse("nominations:review_queue"),
        "registry search": reverse("awards:award_list") + "?q=nguyen",
        "cadre search": reverse("units:cadre_list") + "?q=nguyen+thi",
    }
    client = Client()
    seed["officer"].refresh_from_db()  # the plan gave every account its password
    client.force_login(seed["officer"])
    scans = []
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or "commune_id" not in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            total = next((line for line in plan if "Execution Time" in line), "").strip()
            for at, line in enumerate(plan):
                if "Seq Scan" not in line:
                    continue
                removed = next(
                    (int(x.split(":")[1]) for x in plan[at + 1 : at + 4] if "Rows Removed by Filter" in x), 0
                )
                if removed > 1000:
                    scans.append(f"{name}: {line.strip()}, {removed} rows removed by filter [{total}]")
    return scans


def run(settings: dict) -> tuple[list[dict], list[str], dict, list[str]]:
    """Start the services, seed the city, explain, load, stop: bench.load's rows, the server
    errors, the seed's counts and seconds, and the whole-table scans found."""
    with contextlib.ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="bench-city-"))
        workdir.chmod(0o755)
        stack.callback(subprocess.run, ["rm", "-rf", str(workdir)], check=False)
        database = common.start_postgres(stack, workdir)
        _redis, redis_url = common.start_redis(stack, workdir)
        env = common.portal_env(database.url("thidua"), workdir / "media", broker_url=redis_url, debug=False)
        env.update(
            SERVER_TIMING="1",
            VERIFY_RATE_PER_MINUTE="1000000",
            CACHE_URL=redis_url.rsplit("/", 1)[0] + "/1",
            CONN_MAX_AGE="60",
        )
        common.migrate(env)
        common.setup_django(env)
        from django.conf import settings as django_settings
        from django.db import connection, connections

        django_settings.ALLOWED_HOSTS = [*django_settings.ALLOWED_HOSTS, "testserver"]
        seed = seed_city(communes=settings["communes"], sizes=settings["sizes"])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        load_plan = city_plan(seed, settings["users"])
        scans = explain(seed)
        connections.close_all()
        _gunicorn, base = common.start_gunicorn(stack, workdir, env=env, workers=load.WORKERS)
        output = load.run_locust(base, load_plan, workdir, settings)
        samples = output["samples"]
        rows = load.summarise(samples, settings["warmup"])
        end = max((s[0] for s in samples), default=0) + 1
        extra = {"seed_seconds": seed["seconds"], "counts": seed["counts"]}
        rows.insert(0, load.totals_row(samples, settings["warmup"], end, settings["users"], extra))
        return rows, load.server_errors(workdir / "gunicorn.log"), extra, scans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 small communes, short run: a smoke test")
    parser.add_argument("--communes", type=int, help="communes under the city (default 126)")
    parser.add_argument("--years", type=int, help="years of results and rounds (default 5)")
    parser.add_argument("--seconds", type=int, help="measured seconds after the warm-up (default 60)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    settings = {**(QUICK if args.quick else FULL)}
    settings["sizes"] = dict(settings["sizes"])
    if args.communes:
        settings["communes"] = args.communes
    if args.years:
        settings["sizes"]["years"] = args.years
    if args.seconds:
        settings["seconds"] = args.seconds
    started = time.perf_counter()
    rows, errors, extra, scans = run(settings)
    print(f"\nCity at scale in {time.perf_counter() - started:.0f} s; seed {extra['seed_seconds']:.0f} s:")
    print("  " + ", ".join(f"{v:,} {k}" for k, v in extra["counts"].items()))
    for line in scans:
        print(f"whole-table scan: {line}")
    for line in errors[:20]:
        print(f"server error: {line}")
    load.print_table(rows)
    load.write_json(args.json, rows)
    failed = sum(r["detail"].get("errors", 0) for r in rows[1:])
    if failed or errors:
        print(f"FAILED: {failed} requests answered other than 200, {len(errors)} server errors")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
