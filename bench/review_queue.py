"""Benchmark of the office's review queue (a measurement to read, not a timed test).

Requirement: a review queue over 5,000 nominations answers with the same number of queries
as over 5.

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.review_queue            # 7 rounds per filter
    DEBUG=1 .venv/bin/python -m bench.review_queue --rounds 20 --count 2000

It never touches the portal's database (see `bench.common`). Data, written with
bulk_create: a commune, 20 units, one annual 2026 round of a campaign with one proposal per
unit, and N nominations in every state but draft: one collective per unit among the first
hundred, the rest individuals (one person each). The eligibility checks have work to do:
ratings (some too low), recognised initiatives (some people and units have none, one unit's
was refused), PAR INDEX components (some fell), discipline records (some in the
year, some older) and a few overrides. Nominations are submitted one after another, so
every page measured holds both collectives and individuals and the checks run the same
queries at both sizes.

The queue is rendered through the test client for a VHXH officer: plain, page 2,
`failed=on` and `state=submitted&mine=on`; one warm-up, then the rounds. It prints one
table (N, filter, median and p95 server time, queries of one render) and, last, whether
each filter's query count is the same at 5 as at N.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from decimal import Decimal

from bench.common import create_commune, measure_page, temporary_database, wipe

UNITS = 20
YEAR = 2026
FILTERS = {
    "plain": "",
    "page 2": "page=2",
    "failed": "failed=on",
    "submitted, mine": "state=submitted&mine=on",
}
# Every state but draft, submitted most often. With every third nomination assigned to the
# officer, the first (a collective) and the fourth (a person) match `state=submitted&mine=on`
# at N = 5 too.
STATES = [
    "submitted",
    "returned",
    "accepted",
    "submitted",
    "rejected",
    "submitted",
    "shortlisted",
    "withdrawn",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc", "Đức", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hưởng", "Lan", "Long", "Mai", "Nam", "Phúc", "Tâm", "Trang"]


def _is_collective(n: int) -> bool:
    """Nomination `n` is a collective: every fifth among the first hundred, one per unit."""
    return n % 5 == 0 and n // 5 < UNITS


def _units() -> list:
    """20 units, every other one advising on CCHC, each rated for the year (every fifth
    one only "good", which fails an advising collective)."""
    from thiduaportal.text import fold
    from units.models import Unit, UnitKind, UnitRating

    names = [f"Đơn vị thử nghiệm {n:02d}" for n in range(1, UNITS + 1)]
    units = Unit.objects.bulk_create(
        Unit(name=name, kind=UnitKind.DEPARTMENT, advises_cchc=n % 2 == 0, search_name=fold(name))
        for n, name in enumerate(names)
    )
    UnitRating.objects.bulk_create(
        UnitRating(unit=unit, year=YEAR, level="good" if n % 5 == 0 else "excellent")
        for n, unit in enumerate(units)
    )
    return units


def _cadres(units: list, count: int) -> list:
    """`count` people spread over the units, most advising on CCHC, rated for the year
    (every 17th only "completed", which fails an advising person; every 23rd not rated)."""
    from thiduaportal.text import fold
    from units.models import Cadre, CadreRating

    people = []
    for n in range(count):
        name = f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 8]} {GIVEN[n // 80 % 13]}"
        people.append(
            Cadre(
                full_name=name,
                sex="female" if n % 2 else "male",
                date_of_birth=datetime.date(1965, 1, 1) + datetime.timedelta(days=3 * n),
                position="Chuyên viên",
                category="cong_chuc",
                unit=units[n % UNITS],
                advises_cchc=n % 3 != 2,
                search_name=fold(name),
                search_position="chuyen vien",
            )
        )
    cadres = Cadre.objects.bulk_create(people, batch_size=1000)
    CadreRating.objects.bulk_create(
        (
            CadreRating(cadre=c, year=YEAR, unit=c.unit, level="completed" if n % 17 == 5 else "good")
            for n, c in enumerate(cadres)
            if n % 23 != 7
        ),
        batch_size=1000,
    )
    return cadres


def _discipline(cadres: list, author) -> set[int]:
    """Every 29th person disciplined in the year, every 31st only in 2023–2024. Returns
    the ids of the people disciplined in the year."""
    from nominations.models import DisciplineRecord

    records = [
        DisciplineRecord(
            cadre=c, measure="Khiển trách", start_date=datetime.date(YEAR, 4, 1), created_by=author
        )
        for n, c in enumerate(cadres)
        if n % 29 == 3
    ]
    records += [
        DisciplineRecord(
            cadre=c,
            measure="Đang bị thanh tra",
            start_date=datetime.date(2023, 6, 1),
            end_date=datetime.date(2024, 6, 1),
            created_by=author,
        )
        for n, c in enumerate(cadres)
        if n % 31 == 4
    ]
    DisciplineRecord.objects.bulk_create(records, batch_size=1000)
    return {r.cadre_id for r in records if r.end_date is None}


def _initiatives(campaign, units: list, cadres: list, author) -> None:
    """One initiative per unit, recognised in the year except unit 7's (refused); its
    authors are the unit's people, but for every 11th person."""
    from campaigns.models import Initiative
    from thiduaportal.text import fold

    initiatives = Initiative.objects.bulk_create(
        Initiative(
            campaign=campaign,
            owner_unit=unit,
            title=f"Giải pháp số hoá hồ sơ {n + 1}",
            description="Thử nghiệm.",
            state="refused" if n == 7 else "recognised",
            refusal_reason="Chưa chứng minh hiệu quả." if n == 7 else "",
            council_level="" if n == 7 else "commune",
            decision_number="" if n == 7 else f"{n + 1}/QĐ-HĐSK",
            decision_date=None if n == 7 else datetime.date(YEAR, 1 + n % 12, 10),
            search_title=fold(f"Giai phap so hoa ho so {n + 1}"),
            created_by=author,
        )
        for n, unit in enumerate(units)
    )
    Authors = Initiative.authors.through
    Authors.objects.bulk_create(
        (
            Authors(initiative_id=initiatives[n % UNITS].pk, cadre_id=c.pk)
            for n, c in enumerate(cadres)
            if n % 11 != 6
        ),
        batch_size=1000,
    )


def _index(units: list) -> None:
    """A PAR INDEX component per unit in the year and the year before: it rose, except for
    every sixth unit (fell)."""
    from campaigns.models import IndexComponent

    components = IndexComponent.objects.bulk_create(
        IndexComponent(
            index="par",
            year=year,
            group="Nhóm thử nghiệm",
            code=f"{n // 10 + 1}.{n % 10 + 1}",
            name=f"Thành phần {n + 1}",
            max_points=Decimal(2),
            score=Decimal("1.50") if year == YEAR - 1 else Decimal("1.25" if n % 6 == 1 else "1.75"),
        )
        for year in (YEAR - 1, YEAR)
        for n in range(len(units))
    )
    Links = IndexComponent.units.through
    Links.objects.bulk_create(
        Links(indexcomponent_id=component.pk, unit_id=units[n % UNITS].pk)
        for n, component in enumerate(components)
    )


def _round(units: list):
    """The campaign, its 2026 annual round under review, one award form, one proposal per unit."""
    from campaigns.models import Campaign
    from nominations.models import AwardForm, Proposal, Round

    campaign = Campaign.objects.create(
        title="Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân",
        code="cchc-2026-2030",
        start_year=2026,
        end_year=2030,
    )
    # The migrations create it, but `wipe` empties the table before the second size.
    award, _ = AwardForm.objects.get_or_create(
        code="giay-khen-chu-tich", defaults={"name": "Giấy khen của Chủ tịch UBND xã"}
    )
    round_ = Round.objects.create(
        campaign=campaign,
        year=YEAR,
        kind="annual",
        title="Khen thưởng hằng năm 2026",
        submit_by=datetime.date(YEAR, 12, 15),
        state="review",
    )
    round_.award_forms.set([award])
    proposals = Proposal.objects.bulk_create(Proposal(round=round_, unit=unit) for unit in units)
    return campaign, round_, award, proposals


def _nominations(
    count: int, round_, award, proposals: list, cadres: list, officers: list, disciplined: set
) -> None:
    """`count` nominations, submitted a few minutes apart; a third assigned to the officer,
    a third to a colleague."""
    from nominations.models import EligibilityOverride, Nomination

    start = datetime.datetime(YEAR, 11, 2, 8, tzinfo=datetime.UTC)
    rows, people = [], iter(cadres)
    for n in range(count):
        collective = _is_collective(n)
        unit = n // 5 if collective else n % UNITS
        submitted_at = start + datetime.timedelta(minutes=7 * n)
        rows.append(
            Nomination(
                proposal=proposals[unit],
                round=round_,
                subject_type="collective" if collective else "individual",
                subject_unit=proposals[unit].unit if collective else None,
                subject_cadre=None if collective else next(people),
                award_form=award,
                summary="Đã có thành tích xuất sắc trong công tác CCHC năm 2026",
                state=STATES[n % len(STATES)],
                version=2 if n % 13 == 0 else 1,
                submitted_at=submitted_at,
                settle_by=submitted_at.date() + datetime.timedelta(days=28),
                assigned_to=officers[n % 3] if n % 3 < 2 else None,
                created_by=officers[1],
            )
        )
    nominations = Nomination.objects.bulk_create(rows, batch_size=1000)
    # The office accepted a few disciplined people anyway, with a justification.
    EligibilityOverride.objects.bulk_create(
        EligibilityOverride(
            nomination=n,
            check_code="discipline",
            justification="Mức kỷ luật nhẹ, đã khắc phục.",
            actor=officers[0],
        )
        for n in nominations
        if n.state == "accepted" and n.subject_cadre_id in disciplined
    )


def _seed(count: int):
    """Everything the queue reads, with `count` nominations; returns the VHXH officer."""
    from units.models import Membership, User

    create_commune()
    units = _units()
    officer = User.objects.create_user(f"officer{count}", full_name="Cán bộ VHXH")
    colleague = User.objects.create_user(f"colleague{count}", full_name="Đồng nghiệp VHXH")
    Membership.objects.bulk_create(
        [
            Membership(user=officer, unit=units[0], role="vhxh"),
            Membership(user=colleague, unit=units[0], role="vhxh"),
        ]
    )
    campaign, round_, award, proposals = _round(units)
    individuals = sum(1 for n in range(count) if not _is_collective(n))
    cadres = _cadres(units, individuals)
    disciplined = _discipline(cadres, officer)
    _initiatives(campaign, units, cadres, officer)
    _index(units)
    _nominations(count, round_, award, proposals, cadres, [officer, colleague], disciplined)
    return officer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="renders per filter (default 7)")
    parser.add_argument(
        "--count", type=int, default=5000, help="nominations of the large queue (default 5000)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with temporary_database(prefix="review-queue-bench-"):
        from django.urls import reverse

        queue = reverse("nominations:review_queue")
        lines, queries = [], {}
        for count in (5, args.count):
            officer = _seed(count)
            for name, query in FILTERS.items():
                url = f"{queue}?{query}" if query else queue
                median, p95, n = measure_page(officer, url, args.rounds)
                lines.append((count, name, median, p95, n))
                queries.setdefault(name, []).append(n)
            wipe()
    print(f"Seeded and measured in {time.perf_counter() - started:.1f} s.")
    print(f"{'N':>6} {'filter':<16} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for count, name, median, p95, n in lines:
        print(f"{count:>6,} {name:<16} {median:>10.1f} {p95:>8.1f} {n:>8}")
    differ = [f"{name} ({a} vs {b})" for name, (a, b) in queries.items() if a != b]
    if differ:
        print(f"Query counts differ between 5 and {args.count:,}: {', '.join(differ)}.")
    else:
        print(f"Query counts are equal between 5 and {args.count:,} for every filter.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
