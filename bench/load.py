"""Pages under concurrent load at the scale seed: locust (headless) against gunicorn, a real
PostgreSQL and Redis, all started here on loopback ports and stopped at the end.

    DEBUG=1 .venv/bin/python -m bench.load                  # 26 users for 120 s after a 20 s warm-up
    DEBUG=1 .venv/bin/python -m bench.load --quick          # small seed, 20 s: checks that it runs
    DEBUG=1 .venv/bin/python -m bench.load --step           # capacity: 24, 48, 72, 100, ... users

The portal runs in production mode (DEBUG off) under gunicorn with SERVER_TIMING on: every
response then carries the server's time and its query count (`Server-Timing`), and /floor/
serves the bare layout (base.html with an empty page) to the signed-in user. Each role's
simulated users open their pages at random with 1–2 s between them (bench/locustfile.py);
every role also opens the floor, so each page is compared with the floor of the same role in
the same run: the ratio says what the page adds over the layout, whatever the machine's load.

For each page: requests, p50 and p95 of the server time (the Server-Timing header: from the
first middleware in to the response out) and of the time locust saw, queries per request
(median; the maximum when it varies), and the ratios of its p50 and p95 server times to the
floor's.
Any status other than 200, and any 5xx in gunicorn's log, is counted as an error and makes
the command exit 1.

The step run (`--step`) measures capacity: the same mix, in the same proportions of roles,
with 24 users, then 48, 72, 100, 125, 150, 175 and 200, each step held 60 s of which the
first 15 s (new users signing in, queues filling) are not measured. It stops after the first
step where any page's p95 client time (what a person waits, queueing for a free worker
included) passes 1 s or any request fails, prints a table per step, and the users and
requests per second of the last step that held. It exits 1 only when no step held.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import median_p95, write_json
from drills import common

PASSWORD = "load-bench-password-2026"  # noqa: S105 - throwaway accounts on a throwaway database
WORKERS = 5  # gunicorn's advice for 2 cores: 2 × cores + 1 sync workers
FULL = {"users": 26, "seconds": 120, "warmup": 20, "sizes": {}}
QUICK = {
    "users": 12,
    "seconds": 20,
    "warmup": 8,
    "sizes": {"units": 10, "cadres": 100, "years": 3, "nominations": 300, "results": 3000, "awards": 500},
}
STEP = {"users": [24, 48, 72, 100, 125, 150, 175, 200], "seconds": 60, "settle": 15}
QUICK_STEP = {"users": [6, 12], "seconds": 20, "settle": 8}
P95_LIMIT_MS = 1000  # the step run's rule: every page's p95 within a second
TARGET_USERS = 100  # issue 15: at least 100 concurrent users on 2 cores, 5 workers


def _role_accounts(seed: dict) -> tuple[dict[str, list[str]], object]:
    """The seed's accounts per role, with the roles the scale seed does not make: a head of
    unit, an administrator, and a council with its secretary in an open session whose
    voting is open (three items), so the council's home pages show what they would on a
    voting day. Returns the accounts and the council."""
    from django.contrib.auth.hashers import make_password

    from campaigns.models import Campaign
    from nominations.models import RoundState
    from tests.factories.council import council_session
    from tests.factories.nominations import RoundFactory
    from units.models import Membership, User

    units = [m.unit for m in Membership.objects.filter(role="unit_staff").select_related("unit")[:2]]
    # On an ad hoc round of the seed's campaign: a second campaign would become the
    # dashboard's current one.
    council_round = RoundFactory(
        adhoc=True, state=RoundState.COUNCIL, campaign=Campaign.objects.get(), year=seed["last_year"]
    )
    council = council_session(members=3, collectives=1, individuals=2, voting=True, round=council_round)
    roles = [
        (User.objects.create(username="head", full_name="Trưởng đơn vị"), "unit_head", units[1]),
        (User.objects.create(username="admin", full_name="Quản trị"), "admin", units[0]),
        (council.secretary, "council_secretary", units[0]),
        *((seat.user, "council_member", seat.unit) for seat in council.members[1:]),
    ]
    Membership.objects.bulk_create(Membership(user=user, unit=unit, role=role) for user, role, unit in roles)
    User.objects.update(password=make_password(PASSWORD))  # one hash for all: hashing is slow on purpose
    return {
        "VHXH": [seed["officer"].username],
        "unit staff": [s.username for s in seed["staff"]],
        "chairman": [seed["chairman"].username],
        "head of unit": ["head"],
        "council member": [seat.user.username for seat in council.members[1:]],
        "council secretary": [council.secretary.username],
        "administrator": ["admin"],
        "anonymous": [],
    }, council


PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)


def _seed_pages(seed: dict) -> dict[str, str]:
    """The pages of single objects the mix opens: the last annual round, one of its submitted
    nominations, an issued decision and one of its awards' verification page."""
    from django.urls import reverse

    from awards.models import Award, DecisionState
    from nominations.models import Nomination, NominationState, Round

    round_ = Round.objects.filter(year=seed["last_year"]).exclude(kind="adhoc").order_by("-pk").first()
    nomination = (
        Nomination.objects.filter(round=round_, state=NominationState.SUBMITTED).order_by("pk").first()
    )
    award = (
        Award.objects.filter(
            decision__state=DecisionState.ISSUED, code__isnull=False, revoked_by__isnull=True
        )
        .select_related("decision")
        .order_by("-pk")
        .first()
    )
    decision = award.decision
    return {
        "round": reverse("nominations:round_detail", args=[round_.pk]),
        "nomination review": reverse("nominations:nomination_review", args=[nomination.pk]),
        "decision": reverse("awards:decision_detail", args=[decision.pk]),
        "verification": reverse("awards:verify", args=[award.code]),
    }


def plan(seed: dict, users: int) -> dict:
    """Which pages each role opens and how many simulated users it gets (VHXH, with the
    most pages, a third of them; unit staff a quarter; the other roles share the rest).
    A page is a URL, or [URL, headers] (the council member votes on a phone)."""
    from django.urls import reverse

    accounts, council = _role_accounts(seed)
    objects = _seed_pages(seed)
    home = {"home": reverse("home"), "floor": reverse("floor")}
    cadre_search = reverse("units:cadre_list") + "?q=nguyen+thi"
    session = council.session.pk
    review = seed["year_end"]
    year_end_sheet = reverse("nominations:year_end_sheet", args=[review["round"].pk])
    year_end = {
        f"year-end summary ({review['units']} units)": year_end_sheet,
        f"year-end sheet ({review['people']} people)": f"{year_end_sheet}?unit={review['unit'].pk}",
    }
    pages = {
        "VHXH": {
            **home,
            "cadre search": cadre_search,
            "review queue": reverse("nominations:review_queue"),
            "registry search": reverse("awards:award_list") + "?q=nguyen",
            "statistical report": reverse("awards:statistics") + f"?year={seed['last_year']}",
            "dashboard": reverse("campaigns:dashboard") + f"?year={seed['last_year']}",
            "round": objects["round"],
            "nomination review": objects["nomination review"],
            "decision": objects["decision"],
            **year_end,
        },
        "unit staff": {
            **home,
            "cadre search": cadre_search,
            "dashboard": reverse("campaigns:dashboard") + f"?year={seed['last_year']}",
            "year-end sheet (own unit)": year_end_sheet,
        },
        "council secretary": {**home, "council session": reverse("council:session_detail", args=[session])},
        "council member": {
            **home,
            "voting (phone)": [reverse("council:session_vote", args=[session]), {"User-Agent": PHONE}],
        },
        "administrator": {**home, "audit log": reverse("audit_list")},
        "anonymous": {
            "floor": reverse("floor_public"),
            "verification": objects["verification"],
            "CCHC page": reverse("campaigns:public_home"),
        },
    }
    vhxh, staff = users // 3, users // 4
    others = [r for r in accounts if r not in ("VHXH", "unit staff")]
    share = [(users - vhxh - staff) // len(others)] * len(others)
    for i in range((users - vhxh - staff) % len(others)):
        share[i] += 1
    counts = {"VHXH": vhxh, "unit staff": staff, **dict(zip(others, share, strict=True))}
    return {
        "password": PASSWORD,
        "roles": {
            role: {"users": counts[role], "accounts": accounts[role], "pages": pages.get(role, home)}
            for role in accounts
            if counts[role]
        },
    }


def summarise(samples: list[list], warmup: float) -> list[dict]:
    """One row per page from locust's samples after the warm-up, with its ratio to the
    floor of the same role."""
    by_name: dict[str, list[list]] = {}
    for sample in samples:
        if sample[0] >= warmup and not sample[1].startswith("login"):
            by_name.setdefault(sample[1], []).append(sample)
    rows = {}
    for name, group in sorted(by_name.items()):
        ok = [s for s in group if s[5] == 200 and s[3] is not None]
        server = median_p95([s[3] for s in ok]) if ok else (0.0, 0.0)
        client = median_p95([s[2] for s in ok]) if ok else (0.0, 0.0)
        queries = [s[4] for s in ok]
        rows[name] = {
            "name": f"load: {name}",
            "figure": server[0],
            "unit": "ms server",
            "detail": {
                "requests": len(group),
                "errors": len(group) - len(ok),
                "p50_ms": server[0],
                "p95_ms": server[1],
                "client_p50_ms": client[0],
                "client_p95_ms": client[1],
                "queries": int(statistics.median(queries)) if queries else None,
                "queries_max": max(queries) if queries else None,
            },
        }
    for name, row in rows.items():
        match = re.fullmatch(r"(.+) \((.+)\)", name)
        floor = rows.get(f"floor ({match.group(2)})") if match else None
        if floor and floor is not row and floor["figure"]:
            row["baseline"] = floor["figure"]
            row["ratio"] = row["figure"] / floor["figure"]
            if floor["detail"]["p95_ms"]:
                row["detail"]["ratio_p95"] = row["detail"]["p95_ms"] / floor["detail"]["p95_ms"]
    return list(rows.values())


def server_errors(log: Path) -> list[str]:
    """gunicorn's access-log lines (status first, see drills.common) with a 5xx status."""
    return [line for line in log.read_text(errors="replace").splitlines() if re.match(r"5\d\d ", line)]


def warm_ups(log: Path) -> list[str]:
    """gunicorn's lines of workers that warmed up before serving (gunicorn.conf.py)."""
    return [line for line in log.read_text(errors="replace").splitlines() if " warmed up: " in line]


def run_locust(base: str, load_plan: dict, workdir: Path, settings: dict) -> dict:
    """Run locust headless with `load_plan` against `base`; its samples and steps."""
    samples_file = workdir / "samples.json"
    locust = Path(sys.executable).with_name("locust")
    if "steps" in load_plan:
        timing: list[str] = []  # the plan's StepShape sets users and stops the run
        common.say(f"locust: steps of {load_plan['steps']['users']} users against {base}")
    else:
        seconds = settings["warmup"] + settings["seconds"]
        timing = ["--users", str(settings["users"]), "--spawn-rate", "4", "--run-time", f"{seconds}s"]
        common.say(f"locust: {settings['users']} users for {seconds} s against {base}")
    done = subprocess.run(  # noqa: S603 - our venv's locust, arguments built here
        [
            str(locust),
            *("-f", str(Path(__file__).with_name("locustfile.py")), "--headless", "--only-summary"),
            *timing,
            *("--host", base, "--stop-timeout", "10", "--loglevel", "WARNING"),
        ],
        env={**os.environ, "LOAD_PLAN": json.dumps(load_plan), "LOAD_SAMPLES": str(samples_file)},
        cwd=common.BASE_DIR,
        check=False,
    )
    if not samples_file.exists():
        raise SystemExit(f"locust exited {done.returncode} without samples")
    return json.loads(samples_file.read_text())


def totals_row(samples: list[list], since: float, until: float, users, extra: dict) -> dict:
    """The first row of a table: requests finished in [since, until) and their rate."""
    measured = [s for s in samples if since <= s[0] < until and not s[1].startswith("login")]
    span = min(until, max((s[0] for s in measured), default=since)) - since
    return {
        "name": f"load: {users} users, {WORKERS} gunicorn workers, PostgreSQL, Redis",
        "figure": len(measured) / span if span > 0 else 0,
        "unit": "req/s",
        "detail": {"requests": len(measured), "seconds": span, **extra},
    }


def run(settings: dict) -> tuple[list[dict] | list[list[dict]], list[str]]:
    """Start the services, seed, load, stop; the rows (one table per step for a step run)
    and the server errors."""
    with contextlib.ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
        workdir.chmod(0o755)  # the PostgreSQL server (postgres user) keeps its data inside
        stack.callback(subprocess.run, ["rm", "-rf", str(workdir)], check=False)
        database = common.start_postgres(stack, workdir)
        _redis, redis_url = common.start_redis(stack, workdir)
        env = common.portal_env(database.url("thidua"), workdir / "media", broker_url=redis_url, debug=False)
        # The anonymous users all come from 127.0.0.1: the verification page's per-address limit
        # would answer them 429 after 30 lookups a minute.
        env.update(
            SERVER_TIMING="1",
            VERIFY_RATE_PER_MINUTE="1000000",
            CACHE_URL=redis_url.rsplit("/", 1)[0] + "/1",
            CONN_MAX_AGE="60",
        )
        common.migrate(env)
        common.setup_django(env)
        from django.db import connections

        from bench.scale import seed_scale, seed_year_end

        seed = seed_scale(**settings["sizes"])
        seed["year_end"] = seed_year_end(seed)
        # A step run keeps the 24-user mix's proportions of roles (the plan's users are weights).
        load_plan = plan(seed, FULL["users"] if settings.get("step") else settings["users"])
        if settings.get("step"):
            load_plan["steps"] = {**settings["step"], "p95_ms": P95_LIMIT_MS, "spawn_rate": 10}
        connections.close_all()
        _gunicorn, base = common.start_gunicorn(stack, workdir, env=env, workers=WORKERS)
        output = run_locust(base, load_plan, workdir, settings)
        for line in warm_ups(workdir / "gunicorn.log"):
            common.say(line.split("] ", 1)[-1])
        samples, extra = output["samples"], {"seed_seconds": seed["seconds"], "counts": seed["counts"]}
        if not settings.get("step"):
            extra["users"] = {role: spec["users"] for role, spec in load_plan["roles"].items()}
            end = max((s[0] for s in samples), default=0) + 1
            rows = summarise(samples, settings["warmup"])
            rows.insert(0, totals_row(samples, settings["warmup"], end, settings["users"], extra))
            return rows, server_errors(workdir / "gunicorn.log")
        tables = []
        for step in output["steps"]:
            window = [s for s in samples if s[0] < step.get("until", float("inf"))]
            rows = summarise(window, step["since"])
            first = totals_row(samples, step["since"], step.get("until", float("inf")), step["users"], extra)
            first["detail"].update(users=step["users"], passed=step.get("passed", False))
            tables.append([first, *rows])
        return tables, server_errors(workdir / "gunicorn.log")


def print_table(rows: list[dict]) -> None:
    """A table of pages as bench.load prints it, then the requests and their rate."""
    print(
        f"{'page (role)':<36} {'req':>5} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'client p95':>10} {'queries':>8} {'× floor':>8} {'p95 ×':>6}"
    )
    for row in rows[1:]:
        d = row["detail"]
        queries = f"{d['queries']}" + (f"–{d['queries_max']}" if d["queries_max"] != d["queries"] else "")
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") else ""
        ratio_p95 = f"{d['ratio_p95']:.2f}" if d.get("ratio_p95") else ""
        print(
            f"{row['name'][6:]:<36} {d['requests']:>5} {d['errors']:>4} {d['p50_ms']:>8.1f} "
            f"{d['p95_ms']:>8.1f} {d['client_p95_ms']:>10.1f} {queries:>8} {ratio:>8} {ratio_p95:>6}"
        )
    print(f"{rows[0]['detail']['requests']} requests, {rows[0]['figure']:.1f} per second")


def capacity_row(tables: list[list[dict]]) -> dict:
    """The step run's result: the last step that held (users, requests per second) and,
    for every step, its users, rate, worst page p95 (client) and errors."""
    steps = []
    for rows in tables:
        pages = rows[1:]
        worst = max(pages, key=lambda r: r["detail"]["client_p95_ms"], default=None)
        steps.append(
            {
                "users": rows[0]["detail"]["users"],
                "req_per_s": rows[0]["figure"],
                "requests": rows[0]["detail"]["requests"],
                "errors": sum(r["detail"]["errors"] for r in pages),
                "worst_page": worst["name"][6:] if worst else "",
                "worst_client_p95_ms": worst["detail"]["client_p95_ms"] if worst else 0.0,
                "worst_server_p95_ms": max((r["detail"]["p95_ms"] for r in pages), default=0.0),
                "passed": rows[0]["detail"]["passed"],
            }
        )
    held = None
    for step in steps:  # the run stops at the first step that fails
        if not step["passed"]:
            break
        held = step
    return {
        "name": f"capacity: users held with every page's p95 ≤ {P95_LIMIT_MS} ms and no error",
        "figure": held["users"] if held else 0,
        "unit": "users",
        "detail": {"req_per_s": held["req_per_s"] if held else 0.0, "steps": steps, "target": TARGET_USERS},
    }


def _print_steps(tables: list[list[dict]]) -> dict:
    for rows in tables:
        d = rows[0]["detail"]
        verdict = "held" if d["passed"] else "not held"
        print(f"\nStep: {d['users']} users ({d['seconds']:.0f} s measured): {verdict}")
        print_table(rows)
    row = capacity_row(tables)
    print(f"\n{'users':>6} {'req/s':>7} {'requests':>9} {'errors':>7} {'worst p95 client':>17}  page")
    for step in row["detail"]["steps"]:
        print(
            f"{step['users']:>6} {step['req_per_s']:>7.1f} {step['requests']:>9} {step['errors']:>7} "
            f"{step['worst_client_p95_ms']:>14.0f} ms  {step['worst_page']}"
            f"{'' if step['passed'] else '  (not held)'}"
        )
    met = "met" if row["figure"] >= TARGET_USERS else "not met"
    print(
        f"Held: {row['figure']} users, {row['detail']['req_per_s']:.1f} requests per second "
        f"(target ≥ {TARGET_USERS} users with every page's p95 ≤ {P95_LIMIT_MS} ms and no error: {met})"
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small seed, short run: a smoke test")
    parser.add_argument(
        "--users", type=int, help="simulated users (default 26: 8 VHXH, 6 unit staff, 2 of each other role)"
    )
    parser.add_argument("--seconds", type=int, help="measured seconds after the warm-up (default 120)")
    parser.add_argument("--step", action="store_true", help="capacity: raise the users step by step")
    parser.add_argument("--step-seconds", type=int, help="seconds per step, settling included (default 60)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    settings = dict(QUICK if args.quick else FULL)
    settings.update({k: v for k, v in (("users", args.users), ("seconds", args.seconds)) if v})
    if args.step:
        settings["step"] = dict(QUICK_STEP if args.quick else STEP)
        if args.step_seconds:
            settings["step"]["seconds"] = args.step_seconds
    started = time.perf_counter()
    result, errors = run(settings)
    print(f"\nLoad at scale in {time.perf_counter() - started:.0f} s")
    for line in errors[:20]:
        print(f"server error: {line}")
    if args.step:
        row = _print_steps(result)
        write_json(args.json, [row, *(r for rows in result for r in rows)])
        return 0 if row["figure"] else 1
    print_table(result)
    write_json(args.json, result)
    failed = sum(r["detail"].get("errors", 0) for r in result[1:])
    if failed or errors:
        print(f"FAILED: {failed} requests answered other than 200, {len(errors)} server errors")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
