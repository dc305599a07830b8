"""The scale seed (issue 7): ten years of a commune's history in one throwaway database, and
the single-reader page timings on it.

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.scale                  # the full seed, then the pages
    DEBUG=1 .venv/bin/python -m bench.scale --units 10 --cadres 100 --years 3 \\
        --nominations 300 --results 3000 --awards 500        # a small one

`seed_scale` is a benchmark fixture, not a use of the portal: it writes rows with
`bulk_create` in batches, bypassing the services (their checks, transitions, audit log and
numbering), so that 200,000 results take seconds; the services are what the other benches
measure. The rows keep every constraint and look like real ones: units of every kind under
their parent body, people with their assignments and yearly ratings, one campaign with its
indicators, yearly targets and monthly results, one annual round a year with a proposal
per unit and nominations in every state, issued decisions with their awards (portal awards
with verification codes, imported awards from the paper book, some revoked by a revocation
decision) and the document counters that follow them.

The database is SQLite in a temporary folder, or a new database on the PostgreSQL server
named by BENCH_POSTGRES_URL (`bench.run --postgres` starts one); see `bench_database`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import itertools
import math
import os
import pathlib
import resource
import secrets
import sys
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal

from bench.common import create_commune, measure_page, temporary_database, write_json

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc", "Đức", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hưởng", "Lan", "Long", "Mai", "Nam", "Phúc", "Tâm", "Trang"]
POSITIONS = ["Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng", "Giáo viên", "Y sĩ", "Trưởng thôn", "Kế toán"]
CATEGORIES = ["cong_chuc", "cong_chuc", "vien_chuc", "vien_chuc", "can_bo", "lao_dong"]
NAMED_UNITS = [
    ("Văn phòng HĐND và UBND xã", "department"),
    ("Phòng Kinh tế", "department"),
    ("Phòng Văn hóa - Xã hội", "department"),
    ("Trung tâm Phục vụ hành chính công", "centre"),
    ("Ủy ban MTTQ Việt Nam xã", "front"),
    ("Hội Liên hiệp Phụ nữ xã", "front"),
    ("Đoàn Thanh niên xã", "front"),
    ("Trạm Y tế xã", "health"),
    ("Công an xã", "police"),
    ("Ban Chỉ huy Quân sự xã", "military"),
]
PAST_STATES = ["shortlisted", "shortlisted", "rejected", "shortlisted", "withdrawn", "accepted"]
OPEN_STATES = ["submitted", "returned", "accepted", "submitted", "rejected", "submitted", "shortlisted"]
OPEN_STATES += ["withdrawn", "draft"]
BATCH = 5000


# --------------------------------------------------------------------------- the database


@contextlib.contextmanager
def bench_database(prefix: str) -> Iterator[None]:
    """Django started on a new, migrated, throwaway database, removed on exit: SQLite in a
    temporary folder (`bench.common.temporary_database`), or, when BENCH_POSTGRES_URL names a
    PostgreSQL server, a new database created on it and dropped afterwards. Child processes
    inherit DATABASE_URL and open the same database."""
    server = os.environ.get("BENCH_POSTGRES_URL")
    if not server:
        with temporary_database(prefix=prefix):
            yield
        return
    import psycopg
    from psycopg import sql

    name = f"bench_{prefix.strip('-').replace('-', '_')}_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        call_command("migrate", verbosity=0)
        try:
            yield
        finally:
            connections.close_all()
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def peak_mb() -> float:
    """This process's peak resident set so far, in MB: VmHWM, which starts afresh at exec.
    (On Linux `getrusage(RUSAGE_SELF).ru_maxrss` survives fork and exec, so a measuring
    child started by a parent holding 50,000 rows would report the parent's size.)"""
    with contextlib.suppress(OSError):
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bulk(model, rows: Iterable, batch: int = BATCH) -> int:
    """bulk_create `rows` (a generator is fine) `batch` at a time; return the count."""
    count, rows = 0, iter(rows)
    while chunk := list(itertools.islice(rows, batch)):
        model.objects.bulk_create(chunk)
        count += len(chunk)
    return count


# --------------------------------------------------------------------------- units and people


def person_name(n: int) -> str:
    """Three-word Vietnamese names; (name, `birth_date(n)`) is unique for n < 26,000."""
    return f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 8]} {GIVEN[n // 80 % 13]}"


def birth_date(n: int) -> datetime.date:
    return datetime.date(1964, 1, 1) + datetime.timedelta(days=n % 13000)


def seed_units(count: int) -> list:
    """The People's Committee and the Party committee, then named departments, centres,
    front organisations and services under them, then schools and villages."""
    from thiduaportal.text import fold
    from units.models import Unit

    def unit(name: str, kind: str, parent=None, n: int = 0):
        return Unit(name=name, kind=kind, parent=parent, advises_cchc=n % 3 == 0, search_name=fold(name))

    roots = Unit.objects.bulk_create(
        [unit("Ủy ban nhân dân xã Thượng Phúc", "authority"), unit("Đảng ủy xã Thượng Phúc", "authority")]
    )
    rest = []
    for n in range(max(0, count - 2)):
        if n < len(NAMED_UNITS):
            name, kind = NAMED_UNITS[n]
            parent = roots[1] if kind == "front" else roots[0]
        elif n % 3 == 0:
            name, kind, parent = f"Trường Tiểu học Thượng Phúc số {n}", "school", roots[0]
        else:
            name, kind, parent = f"Thôn Mai Sao {n}", "village", roots[0]
        rest.append(unit(name, kind, parent, n))
    return (roots + Unit.objects.bulk_create(rest))[:count]


def seed_people(units: list, count: int, years: range) -> list:
    """People spread over the units, with one open assignment each (every seventh moved from
    another unit, a closed assignment before it) and a rating for every year."""
    from thiduaportal.text import fold
    from units.models import Assignment, Cadre, CadreRating, UnitRating

    people = []
    for n in range(count):
        name, position = person_name(n), POSITIONS[n % len(POSITIONS)]
        people.append(
            Cadre(
                full_name=name,
                sex="female" if n % 2 else "male",
                date_of_birth=birth_date(n),
                position=position,
                category=CATEGORIES[n % len(CATEGORIES)],
                unit=units[n % len(units)],
                advises_cchc=n % 3 != 2,
                search_name=fold(name),
                search_position=fold(position),
            )
        )
    cadres = Cadre.objects.bulk_create(people, batch_size=1000)
    start = datetime.date(years.start - 3, 1, 1)
    moved = datetime.date(years.start + len(years) // 2, 7, 1)

    def assignments():
        for n, c in enumerate(cadres):
            if n % 7 == 3:
                earlier = units[(n + 1) % len(units)]
                yield Assignment(cadre=c, unit=earlier, start_date=start, end_date=moved, position=c.position)
                yield Assignment(cadre=c, unit=c.unit, start_date=moved, position=c.position)
            else:
                yield Assignment(cadre=c, unit=c.unit, start_date=start, position=c.position)

    _bulk(Assignment, assignments())
    levels = ["good", "excellent", "good", "completed", "good", "excellent", "not_completed"]
    _bulk(
        CadreRating,
        (
            CadreRating(cadre=c, year=year, unit=c.unit, level=levels[(n + year) % len(levels)])
            for year in years
            for n, c in enumerate(cadres)
        ),
    )
    UnitRating.objects.bulk_create(
        UnitRating(unit=u, year=year, level="good" if (n + year) % 5 == 0 else "excellent")
        for year in years
        for n, u in enumerate(units)
    )
    return cadres


def seed_users(units: list) -> dict:
    """The VHXH officer, the chairman and one staff member per unit (no usable password)."""
    from django.contrib.auth.hashers import make_password

    from units.models import Membership, User

    unusable = make_password(None)
    officer = User.objects.create(username="vhxh", full_name="Cán bộ VHXH", password=unusable)
    chairman = User.objects.create(username="chairman", full_name="Lý Văn Dũng", password=unusable)
    staff = User.objects.bulk_create(
        User(username=f"staff{n:03d}", full_name=f"Cán bộ đơn vị {n}", password=unusable)
        for n in range(len(units))
    )
    Membership.objects.bulk_create(
        [
            Membership(user=officer, unit=units[0], role="vhxh"),
            Membership(user=chairman, unit=units[0], role="chairman"),
            *(Membership(user=s, unit=u, role="unit_staff") for s, u in zip(staff, units, strict=True)),
        ]
    )
    return {"officer": officer, "chairman": chairman, "staff": staff}


# --------------------------------------------------------------------------- the campaign


def seed_campaign(units: list, years: range, results: int):
    """One campaign over `years` with enough monthly indicators, reported by every unit, to
    hold `results` results (the last indicator may be reported only for its first years)."""
    from campaigns.models import Campaign, CampaignYear, Indicator, IndicatorTarget, Result

    first, last = years.start, years.stop - 1
    campaign = Campaign.objects.create(
        title="Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân",
        code=f"cchc-{first}-{last}",
        plan_number="15/KH-UBND",
        start_year=first,
        end_year=last,
        midterm_year=first + (last - first) // 2,
    )
    CampaignYear.objects.bulk_create(
        CampaignYear(campaign=campaign, year=year, is_closed=year < last) for year in years
    )
    per_indicator = len(units) * len(years) * 12
    indicators = Indicator.objects.bulk_create(
        Indicator(
            campaign=campaign,
            code=f"kpi-{n}",
            name=f"Tỷ lệ hồ sơ giải quyết đúng hạn, nhóm {n}",
            numerator_label="Số hồ sơ đúng hạn",
            denominator_label="Tổng số hồ sơ",
            final_target=Decimal(90),
            is_city_kpi=n % 2 == 1,
            order=n,
        )
        for n in range(1, max(1, math.ceil(results / per_indicator)) + 1)
    )
    Links = Indicator.reporting_units.through
    Links.objects.bulk_create(Links(indicator_id=i.pk, unit_id=u.pk) for i in indicators for u in units)
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            indicator=i, year=year, value=Decimal(60 + 30 * (year - first) // max(1, last - first))
        )
        for i in indicators
        for year in years
    )
    rows = (
        Result(
            indicator=i,
            unit=u,
            year=year,
            period=month,
            numerator=40 + (u.pk * 7 + month * 3 + i.pk + year) % 60,
            denominator=100,
        )
        for i in indicators
        for year in years
        for u in units
        for month in range(1, 13)
    )
    _bulk(Result, itertools.islice(rows, results))
    return campaign


def seed_rounds(campaign, units: list, cadres: list, users: dict, nominations: int) -> list:
    """An annual round per year (archived, but the last, under review), a proposal per unit
    each year, and `nominations` nominations spread over the rounds: about one collective in
    twenty, the rest people (different ones each year); the last round's in every state."""
    from nominations.models import AwardForm, Nomination, Proposal, Round

    form, _ = AwardForm.objects.get_or_create(
        code="giay-khen-chu-tich", defaults={"name": "Giấy khen của Chủ tịch UBND xã"}
    )
    years = list(range(campaign.start_year, campaign.end_year + 1))
    rounds = Round.objects.bulk_create(
        Round(
            campaign=campaign,
            year=year,
            kind="annual",
            title=f"Khen thưởng hằng năm {year}",
            submit_by=datetime.date(year, 12, 15),
            review_by=datetime.date(year, 12, 25),
            state="review" if year == years[-1] else "archived",
        )
        for year in years
    )
    Forms = Round.award_forms.through
    Forms.objects.bulk_create(Forms(round_id=r.pk, awardform_id=form.pk) for r in rounds)
    proposals = Proposal.objects.bulk_create(Proposal(round=r, unit=u) for r in rounds for u in units)
    by_key = {(p.round_id, p.unit_id): p for p in proposals}
    staff_of = {u.pk: s for u, s in zip(units, users["staff"], strict=True)}

    def rows():
        for index, round_ in enumerate(rounds):
            share = nominations // len(rounds) + (1 if index < nominations % len(rounds) else 0)
            collectives = min(len(units), share // 20)
            if share - collectives > len(cadres):
                raise ValueError(
                    f"{share - collectives} people nominated in one round but {len(cadres)} exist"
                )
            states = OPEN_STATES if round_ is rounds[-1] else PAST_STATES
            start = datetime.datetime(round_.year, 11, 2, 8, tzinfo=datetime.UTC)
            for n in range(share):
                collective = n < collectives
                unit = units[n] if collective else cadres[(index * 131 + n) % len(cadres)].unit
                state = states[n % len(states)]
                submitted = start + datetime.timedelta(minutes=5 * n)
                yield Nomination(
                    proposal=by_key[round_.pk, unit.pk],
                    round=round_,
                    subject_type="collective" if collective else "individual",
                    subject_unit=unit if collective else None,
                    subject_cadre=None if collective else cadres[(index * 131 + n) % len(cadres)],
                    award_form=form,
                    summary=f"Đã có thành tích xuất sắc trong công tác CCHC năm {round_.year}",
                    state=state,
                    version=0 if state == "draft" else 1 + (n % 13 == 0),
                    submitted_at=None if state == "draft" else submitted,
                    settle_by=None if state == "draft" else submitted.date() + datetime.timedelta(days=28),
                    assigned_to=users["officer"] if n % 3 else None,
                    created_by=staff_of[unit.pk],
                )

    _bulk(Nomination, rows())
    return rounds


# --------------------------------------------------------------------------- decisions, registry


def _decision(round_, year: int, number: int, users: dict, **fields):
    from awards.models import Decision

    return Decision(
        round=round_,
        state="issued",
        year=year,
        number=number,
        issued_on=datetime.date(year, 12, 28),
        title="Về việc tặng Giấy khen"
        if fields.get("kind", "award") == "award"
        else "Về việc thu hồi Giấy khen",
        achievement=f"xuất sắc trong phong trào thi đua năm {year}",
        signer_name="Lý Văn Dũng",
        snapshot={
            "parent_body": "ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC",
            "place": "Thượng Phúc",
            "signer_capacity": "chairman",
            "signer_name": "Lý Văn Dũng",
        },
        created_by=users["officer"],
        issued_by=users["chairman"],
        issued_at=datetime.datetime(year, 12, 28, 9, tzinfo=datetime.UTC),
        **fields,
    )


def _subjects(round_, cadres: list) -> Iterator[tuple]:
    """(nomination id or None, unit or None, cadre or None): the round's shortlisted
    nominations first, then people without a nomination (awards of a special review)."""
    from nominations.models import Nomination

    for n in Nomination.objects.filter(round=round_, state="shortlisted").select_related(
        "subject_unit__parent", "subject_cadre__unit"
    ):
        yield n.pk, n.subject_unit, n.subject_cadre
    for cadre in itertools.cycle(cadres):
        yield None, None, cadre


def _award(decision_number: str, day: datetime.date, unit, cadre, **fields):
    from awards.models import Award
    from thiduaportal.text import fold

    if cadre is not None:
        name, detail, unit_name = cadre.full_name, f"{cadre.position}, {cadre.unit.name}", cadre.unit.name
        unit = cadre.unit
    else:
        name, unit_name = unit.name, unit.name
        detail = unit.parent.name if unit.parent_id else "Ủy ban nhân dân xã Thượng Phúc"
    return Award(
        subject_type="individual" if cadre is not None else "collective",
        unit=unit,
        cadre=cadre,
        recipient_name=name,
        recipient_detail=detail,
        unit_name=unit_name,
        award_name="Giấy khen của Chủ tịch UBND xã",
        achievement=f"Đã có thành tích xuất sắc trong phong trào thi đua năm {day.year}",
        decision_number=decision_number,
        decision_date=day,
        issuer="Chủ tịch UBND xã",
        search_text=fold(" ".join((name, unit_name, decision_number)))[:600],
        **fields,
    )


def seed_awards(rounds: list, units: list, cadres: list, users: dict, count: int) -> None:
    """`count` registry lines: three in five from portal decisions of the past rounds (one
    decision per 300 awards, every 97th award revoked by a revocation decision of the same
    year), the rest imported from the paper book of the ten years before; the counters."""
    from awards.models import Award, Decision, DocumentCounter
    from awards.services.decisions import codes
    from awards.services.decisions.numbering import BOOK_SCOPE

    past = rounds[:-1] or rounds
    portal = count * 3 // 5
    numbers: dict[int, int] = {}
    books: dict[int, int] = {}
    awards, links, targets = [], [], []
    for index, round_ in enumerate(past):
        year, share = round_.year, portal // len(past) + (1 if index < portal % len(past) else 0)
        subjects = _subjects(round_, cadres)
        for start in range(0, share, 300):
            numbers[year] = numbers.get(year, 0) + 1
            decision = _decision(round_, year, numbers[year], users)
            decision.save()
            revocation = None
            for position in range(1, min(300, share - start) + 1):
                nomination_id, unit, cadre = next(subjects)
                books[year] = books.get(year, 0) + 1
                award = _award(
                    decision.number_text,
                    decision.issued_on,
                    unit,
                    cadre,
                    decision=decision,
                    nomination_id=nomination_id,
                    year=year,
                    position=position,
                    book_number=str(books[year]),
                    amount=Decimal(702000 if cadre else 1404000),
                    code=codes.new_code(),
                    created_by=users["chairman"],
                )
                if nomination_id:
                    links.append((decision.pk, nomination_id))
                if (len(awards) + 1) % 97 == 0:
                    if revocation is None:
                        numbers[year] += 1
                        revocation = _decision(
                            round_, year, numbers[year], users, kind="revoke", corrects=decision
                        )
                        revocation.save()
                    award.revoked_by, award.revoked_on = revocation, datetime.date(year, 12, 30)
                    targets.append((revocation.pk, len(awards)))
                awards.append(award)
    first = rounds[0].year
    for n in range(count - portal):
        year = first - 10 + n * 10 // max(1, count - portal)
        cadre = cadres[(n * 37) % len(cadres)] if n % 15 else None
        unit = None if cadre else units[n % len(units)]
        awards.append(
            _award(
                f"{n // 50 + 1}/QĐ-UBND",
                datetime.date(year, 12, 20),
                unit,
                cadre,
                source="imported",
                year=year,
                book_number=str(n % 500 + 1),
                created_by=users["officer"],
            )
        )
    for start in range(0, len(awards), BATCH):
        Award.objects.bulk_create(awards[start : start + BATCH])
    Nominations = Decision.nominations.through
    Nominations.objects.bulk_create(Nominations(decision_id=d, nomination_id=n) for d, n in links)
    Targets = Decision.targets.through
    Targets.objects.bulk_create(Targets(decision_id=d, award_id=awards[i].pk) for d, i in targets)
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(scope="QĐ-UBND", year=y, last_number=n) for y, n in numbers.items()]
        + [DocumentCounter(scope=BOOK_SCOPE, year=y, last_number=n) for y, n in books.items()]
    )


# --------------------------------------------------------------------------- the whole seed


def seed_scale(
    *,
    units: int = 80,
    cadres: int = 2000,
    years: int = 10,
    nominations: int = 20000,
    results: int = 200000,
    awards: int = 5000,
    last_year: int = 2026,
    quiet: bool = False,
) -> dict:
    """Write the scale seed (see the module docstring) into the current, empty database and
    print how long each part took. A benchmark fixture: bulk_create, no services, no audit
    log. Returns the seconds per part and the total, the counts, and the users
    ("officer", "chairman", "staff")."""
    span = range(last_year - years + 1, last_year + 1)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(part: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[part] = now - clock
        clock = now
        if not quiet:
            print(f"  seeded {part:<13} {timings[part]:7.1f} s", flush=True)

    create_commune()
    unit_rows = seed_units(units)
    users = seed_users(unit_rows)
    lap("units, users")
    people = seed_people(unit_rows, cadres, span)
    lap("people")
    campaign = seed_campaign(unit_rows, span, results)
    lap("results")
    rounds = seed_rounds(campaign, unit_rows, people, users, nominations)
    lap("nominations")
    if awards:
        seed_awards(rounds, unit_rows, people, users, awards)
    lap("awards")
    total = sum(timings.values())
    if not quiet:
        print(f"  seeded in {total:.1f} s", flush=True)
    counts = {
        "units": units,
        "cadres": cadres,
        "years": years,
        "nominations": nominations,
        "results": results,
        "awards": awards,
    }
    return {"seconds": total, "parts": timings, "counts": counts, **users, "last_year": last_year}


# --------------------------------------------------------------------------- the year-end review


def seed_year_end(seed: dict, *, big: int = 300) -> dict:
    """The year-end review of the last year on top of the scale seed: the first staff member's
    unit grows to `big` active people (rated for the year), every unit proposes "Lao động tiên
    tiến" for its people rated well or better, submitted; the catalogue as seeded. Returns the
    round, the big unit and its staff member."""
    from nominations.models import Nomination, Proposal, Round
    from nominations.services import titles
    from thiduaportal.text import fold
    from units.models import Cadre, CadreRating, Commune, Unit

    year = seed["last_year"]
    staff = seed["staff"][0]
    unit = Unit.objects.get(memberships__user=staff)
    have = Cadre.objects.filter(unit=unit, is_active=True).count()
    added = Cadre.objects.bulk_create(
        Cadre(
            full_name=person_name(100_000 + n),
            sex="female" if n % 2 else "male",
            date_of_birth=birth_date(n),
            position=POSITIONS[n % len(POSITIONS)],
            category=CATEGORIES[n % len(CATEGORIES)],
            unit=unit,
            search_name=fold(person_name(100_000 + n)),
            search_position=fold(POSITIONS[n % len(POSITIONS)]),
        )
        for n in range(max(0, big - have))
    )
    levels = ["good", "excellent", "good", "completed"]
    _bulk(
        CadreRating,
        (CadreRating(cadre=c, year=year, unit=unit, level=levels[n % 4]) for n, c in enumerate(added)),
    )
    ldtt = {form.code: form for form in titles.ensure_award_forms().values()}["lao-dong-tien-tien"]
    titles.ensure_catalogue(Commune.objects.first())
    round_ = Round.objects.create(
        year=year,
        kind="yearend",
        title=f"Bình xét thi đua, khen thưởng cuối năm {year}",
        submit_by=datetime.date(year + 1, 1, 15),
        state="open",
    )
    round_.award_forms.set([ldtt])
    proposals = {
        p.unit_id: p
        for p in Proposal.objects.bulk_create(Proposal(round=round_, unit=u) for u in Unit.objects.all())
    }
    rated = CadreRating.objects.filter(year=year, level__in=("good", "excellent"), cadre__is_active=True)
    rows = rated.values_list("cadre_id", "cadre__unit_id")
    start = datetime.datetime(year, 12, 2, 8, tzinfo=datetime.UTC)
    _bulk(
        Nomination,
        (
            Nomination(
                proposal=proposals[unit_id],
                round=round_,
                subject_type="individual",
                subject_cadre_id=cadre_id,
                award_form=ldtt,
                state="submitted" if n % 5 else "draft",
                version=1 if n % 5 else 0,
                submitted_at=start if n % 5 else None,
                created_by=staff,
            )
            for n, (cadre_id, unit_id) in enumerate(rows)
        ),
    )
    return {"round": round_, "unit": unit, "staff": staff, "people": max(big, have), "units": len(proposals)}


def year_end_pages(seed: dict) -> dict[str, tuple]:
    """The year-end review's pages: (user, URL) of the unit's sheet of `big` people, read by its
    staff member, and the office's summary across the units."""
    from django.urls import reverse

    review = seed["year_end"]
    url = reverse("nominations:year_end_sheet", args=[review["round"].pk])
    return {
        f"year-end sheet, {review['people']} people (unit staff)": (review["staff"], url),
        f"year-end summary, {review['units']} units (VHXH)": (seed["officer"], url),
    }


# --------------------------------------------------------------------------- pages at scale


def page_rows(seed: dict, rounds: int) -> list[dict]:
    """The VHXH officer's pages at scale through the test client: the server time of one
    reader (median, p95) and the queries of one render."""
    from django.urls import reverse

    pages = {
        "home page (VHXH)": reverse("home"),
        "dashboard (VHXH)": reverse("campaigns:dashboard") + f"?year={seed['last_year']}",
        "review queue (VHXH)": reverse("nominations:review_queue"),
        "cadre search 'nguyen thi'": reverse("units:cadre_list") + "?q=nguyen+thi",
        "registry search 'nguyen'": reverse("awards:award_list") + "?q=nguyen",
    }
    rows = []
    users = dict.fromkeys(pages, seed["officer"])
    for name, (user, url) in (year_end_pages(seed) if "year_end" in seed else {}).items():
        pages[name], users[name] = url, user
    for name, url in pages.items():
        median, p95, queries = measure_page(users[name], url, rounds)
        rows.append(
            {
                "name": f"page at scale: {name}",
                "figure": median,
                "unit": "ms wall",
                "detail": {"median_ms": median, "p95_ms": p95, "queries": queries, "rounds": rounds},
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in (
        ("units", 80),
        ("cadres", 2000),
        ("years", 10),
        ("nominations", 20000),
        ("results", 200000),
        ("awards", 5000),
    ):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--rounds", type=int, default=5, help="renders per page (default 5; 0: no pages)")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    sizes = {k: getattr(args, k) for k in ("units", "cadres", "years", "nominations", "results", "awards")}
    with bench_database(prefix="scale-bench-"):
        from django.db import connection

        print(f"Scale seed on {connection.vendor}: " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()))
        seed = seed_scale(**sizes)
        started = time.perf_counter()
        seed["year_end"] = seed_year_end(seed)
        print(f"  seeded year-end review  {time.perf_counter() - started:7.1f} s", flush=True)
        rows = [
            {
                "name": "scale seed (" + ", ".join(f"{v:,} {k}" for k, v in sizes.items()) + ")",
                "figure": seed["seconds"],
                "unit": "s wall",
                "detail": {"parts": seed["parts"], "database": connection.vendor},
            }
        ]
        if args.rounds:
            rows += page_rows(seed, args.rounds)
        rows[0]["peak_mb"] = peak_mb()
    for row in rows[1:]:
        d = row["detail"]
        print(
            f"  {row['name']:<48} median {d['median_ms']:7.1f} ms  p95 {d['p95_ms']:7.1f} ms  {d['queries']} queries"
        )
    write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
