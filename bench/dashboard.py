"""Benchmark of the dashboard page (a measurement to read, not a timed test).

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.dashboard            # 7 rounds per reader
    DEBUG=1 .venv/bin/python -m bench.dashboard --rounds 20

It never touches the portal's database: before Django starts, DATABASE_URL is pointed at a
SQLite file in a new temporary folder, which is migrated, filled and removed at the end.
Data: one 2026–2030 campaign with 10 monthly indicators reported by every unit, and results
for five years × 60 units × 12 months × 10 indicators (36,000 rows, written with
bulk_create), plus registrations, PAR INDEX / SIPAS components and recognised initiatives.
The dashboard is rendered through the test client for an office user (the commune) and a
unit user (its own figures): one warm-up, then the rounds. It prints one table: server time
(median, p95) and the number of queries of one render, first at a tenth of the data (6
units, 3,600 results), then at the full size, to show the query count does not grow.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from decimal import Decimal

from bench.common import measure_page, temporary_database, wipe

YEARS = range(2026, 2031)
MONTHS = range(1, 13)
INDICATORS = 10
FULL_UNITS = 60


def _campaign(units: list) -> tuple:
    """The campaign, its years and its indicators (reported by every unit) with targets."""
    from campaigns.models import Campaign, CampaignYear, Indicator, IndicatorTarget

    campaign = Campaign.objects.create(
        title="Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân",
        code="cchc-2026-2030",
        start_year=2026,
        end_year=2030,
        midterm_year=2028,
    )
    CampaignYear.objects.bulk_create(CampaignYear(campaign=campaign, year=year) for year in YEARS)
    indicators = []
    for n in range(1, INDICATORS + 1):
        indicator = Indicator.objects.create(
            campaign=campaign,
            code=f"kpi-{n}",
            name=f"Chỉ tiêu {n}",
            final_target=Decimal(80),
            is_city_kpi=n <= 5,
            order=n,
        )
        indicator.reporting_units.set(units)
        indicators.append(indicator)
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=i, year=year, value=Decimal(60 + 5 * (year - 2026)))
        for i in indicators
        for year in YEARS
    )
    return campaign, indicators


def _results(indicators: list, units: list) -> int:
    from campaigns.models import Result

    rows = [
        Result(
            indicator=indicator,
            unit=unit,
            year=year,
            period=month,
            numerator=40 + (unit.pk * 7 + month * 3 + indicator.pk) % 60,
            denominator=100,
        )
        for indicator in indicators
        for unit in units
        for year in YEARS
        for month in MONTHS
    ]
    Result.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _extras(campaign, units: list, author) -> None:
    """Registrations, two years of components and one recognised initiative per unit."""
    from campaigns.models import (
        CouncilLevel,
        IndexComponent,
        IndexKind,
        Initiative,
        InitiativeState,
        Registration,
        RegistrationState,
    )

    states = [RegistrationState.ACCEPTED, RegistrationState.SUBMITTED, RegistrationState.DRAFT]
    Registration.objects.bulk_create(
        Registration(campaign=campaign, unit=unit, year=2026, state=states[n % 3])
        for n, unit in enumerate(units)
    )
    for n, unit in enumerate(units):
        for year in (2025, 2026):
            IndexComponent.objects.create(
                index=IndexKind.PAR if n % 2 else IndexKind.SIPAS,
                year=year,
                group="Nhóm thử nghiệm",
                code=f"{n // 10 + 1}.{n % 10 + 1}",
                name=f"Thành phần {n}",
                max_points=Decimal(2),
                score=Decimal("1.5") if year == 2025 else Decimal("1.75"),
            ).units.add(unit)
        Initiative.objects.create(
            campaign=campaign,
            owner_unit=unit,
            title=f"Giải pháp {n}",
            description="Thử nghiệm.",
            state=InitiativeState.RECOGNISED,
            council_level=CouncilLevel.COMMUNE,
            decision_number=f"{n + 1}/QĐ-HĐSK",
            decision_date=datetime.date(2026, 1 + n % 12, 1 + n % 28),
            created_by=author,
        )


def _seed(unit_count: int):
    """Write the campaign and its data; return (office user, unit user, result count)."""
    from units.models import Membership, Unit, UnitKind, User

    units = Unit.objects.bulk_create(
        Unit(name=f"Đơn vị thử nghiệm {n:02d}", kind=UnitKind.DEPARTMENT, search_name=f"don vi {n:02d}")
        for n in range(1, unit_count + 1)
    )
    campaign, indicators = _campaign(units)
    count = _results(indicators, units)
    office_user = User.objects.create_user(f"office{unit_count}")
    unit_user = User.objects.create_user(f"unit{unit_count}")
    Membership.objects.create(user=office_user, unit=units[0], role="vhxh")
    Membership.objects.create(user=unit_user, unit=units[1], role="unit_staff")
    _extras(campaign, units, office_user)
    return office_user, unit_user, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="renders per reader (default 7)")
    args = parser.parse_args(argv)
    with temporary_database(prefix="dashboard-bench-"):
        from django.urls import reverse

        url = reverse("campaigns:dashboard") + "?year=2026"
        lines = []
        for units in (FULL_UNITS // 10, FULL_UNITS):
            office_user, unit_user, count = _seed(units)
            for reader, user in (("office", office_user), ("unit", unit_user)):
                median, p95, queries = measure_page(user, url, args.rounds)
                lines.append((f"{units} units", f"{count:,}", reader, median, p95, queries))
            wipe()
    print(f"{'data':<10} {'results':>8} {'reader':<7} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for data, count, reader, median, p95, queries in lines:
        print(f"{data:<10} {count:>8} {reader:<7} {median:>10.1f} {p95:>8.1f} {queries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
