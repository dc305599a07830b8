"""Benchmark of the achievement report PDF (a measurement to read, not a timed test).

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.report_pdf              # 20 renders
    DEBUG=1 .venv/bin/python -m bench.report_pdf --rounds 50

It never touches the portal's database: before Django starts, DATABASE_URL is pointed at a
SQLite file in a new temporary folder, which is migrated, filled and removed at the end.
Data: a filled Mẫu 08 of an individual (ten target rows, long texts, three prior awards).
Prints the first render (fonts loaded, templates compiled) and then the median and p95.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time

from bench.common import create_commune, median_p95, temporary_database


def _seed():
    """A commune, a unit, a person and their filled Mẫu 08 report in an open annual round."""
    from campaigns.models import Campaign
    from nominations.models import AwardForm, Nomination, Proposal, Round, RoundKind
    from units.models import Cadre, Unit, UnitKind, User

    create_commune()
    unit = Unit.objects.create(name="Trung tâm Phục vụ hành chính công", kind=UnitKind.CENTRE)
    person = Cadre.objects.create(
        full_name="Nguyễn Thị Hưởng",
        sex="female",
        date_of_birth=datetime.date(1985, 3, 7),
        position="Phó Giám đốc",
        category="cong_chuc",
        unit=unit,
    )
    campaign = Campaign.objects.create(
        title="Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân",
        code="cchc",
        start_year=2026,
        end_year=2030,
    )
    award = AwardForm.objects.create(code="giay-khen-bench", name="Giấy khen của Chủ tịch UBND xã")
    round_ = Round.objects.create(
        campaign=campaign,
        year=2026,
        kind=RoundKind.ANNUAL,
        title="Khen thưởng hằng năm 2026",
        submit_by=datetime.date(2026, 12, 15),
        state="open",
    )
    proposal = Proposal.objects.create(round=round_, unit=unit)
    author = User.objects.create_user("bench")
    text = "Chủ động hướng dẫn người dân sử dụng dịch vụ công trực tuyến toàn trình. " * 8
    report = {
        "profile": {"full_name": person.full_name, "date_of_birth": "07/03/1985", "unit": unit.name},
        "achievements": {
            "solutions": text,
            "initiatives": text,
            "effect": text,
            "rows": [
                {"indicator": f"Chỉ tiêu thử nghiệm số {n}", "plan": "90", "actual": "85.5", "percent": "95"}
                for n in range(1, 11)
            ],
        },
        "awards": {
            "rows": [
                {
                    "award": "Giấy khen của Chủ tịch UBND xã",
                    "year": str(y),
                    "decision": f"{y}/QĐ-UBND",
                    "issuer": "UBND xã",
                }
                for y in (2023, 2024, 2025)
            ]
        },
    }
    return Nomination.objects.create(
        proposal=proposal,
        round=round_,
        subject_type="individual",
        subject_cadre=person,
        award_form=award,
        report=report,
        created_by=author,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="renders after the first (default 20)")
    args = parser.parse_args(argv)
    with temporary_database(prefix="report-pdf-bench-"):
        from nominations.documents import report_pdf

        nomination = _seed()
        start = time.perf_counter()
        size = len(report_pdf(nomination))
        first = (time.perf_counter() - start) * 1000
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            report_pdf(nomination)
            times.append((time.perf_counter() - start) * 1000)
    median, p95 = median_p95(times)
    print(f"PDF of {size:,} bytes; first render {first:.1f} ms")
    print(f"{args.rounds} renders: median {median:.1f} ms, p95 {p95:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
