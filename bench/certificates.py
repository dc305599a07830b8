"""Benchmark of batch certificate printing (issue 6 "Performance"; a measurement, not a test).

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.certificates              # 200 certificates, 3 runs
    DEBUG=1 .venv/bin/python -m bench.certificates --pages 500 --runs 1

It never touches the portal's database: a SQLite file in a new temporary folder is migrated
and filled with one issued decision of N awards (and a 600 × 600 PNG emblem), then removed.
Each measurement runs in a fresh subprocess that first renders one page (fonts loaded,
templates compiled) and then times the batch `--runs` times: the median wall time, and the
least CPU time of the process (the figure the overhead is computed from, since a shared
machine makes wall times jump by ±30 %):

- portal, batch job: `printing.run_print` on a Job (database, view-model, QR
  codes, template, chunked WeasyPrint, file saved), full design;
- portal, blank mode: `certificates.certificate_pdf(..., mode="blank")`, text only;
- WeasyPrint alone: the same N pages of full-design HTML, rendered beforehand into one
  string, through `HTML(string=...).write_pdf(font_config=...)`.

Peak memory is the subprocess's own peak resident set (`getrusage(RUSAGE_SELF).ru_maxrss`).
The portal's overhead is (portal − WeasyPrint alone) / WeasyPrint alone in CPU time; the target is
≤ 25 %.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile

from bench.common import create_commune, temporary_database, timed


def seed_decision(count: int) -> int:
    """An issued decision of `count` individual awards with codes and book numbers; the emblem."""
    from django.core.files.base import ContentFile
    from PIL import Image

    from awards.models import Award, CertificateDesign, Decision
    from awards.services.decisions import codes
    from units.models import Cadre, Unit, UnitKind, User

    create_commune()
    user = User.objects.create_user("bench")
    unit = Unit.objects.create(name="Trung tâm Phục vụ hành chính công", kind=UnitKind.CENTRE)
    day = datetime.date(2026, 9, 15)
    decision = Decision.objects.create(
        state="issued",
        number=15,
        year=2026,
        issued_on=day,
        title="Về việc tặng Giấy khen",
        achievement="xuất sắc trong phong trào thi đua",
        signer_name="Lý Văn Dũng",
        created_by=user,
        snapshot={
            "parent_body": "ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC",
            "place": "Thượng Phúc",
            "signer_capacity": "chairman",
            "signer_name": "Lý Văn Dũng",
            "lines": [{"position": n, "name": f"Nguyễn Thị Hưởng {n}"} for n in range(1, count + 1)],
        },
    )
    cadres = Cadre.objects.bulk_create(
        Cadre(
            full_name=f"Nguyễn Thị Hưởng {n}",
            sex="female",
            date_of_birth=datetime.date(1985, 3, 7),
            position="Chuyên viên",
            category="cong_chuc",
            unit=unit,
        )
        for n in range(1, count + 1)
    )
    Award.objects.bulk_create(
        Award(
            decision=decision,
            subject_type="individual",
            cadre=cadre,
            unit=unit,
            recipient_name=cadre.full_name,
            recipient_detail=f"Chuyên viên, {unit.name}",
            unit_name=unit.name,
            award_name="Giấy khen của Chủ tịch UBND xã",
            achievement="Đã có thành tích xuất sắc trong phong trào thi đua “Cải cách hành chính” năm 2026",
            year=2026,
            decision_number="15/QĐ-UBND",
            decision_date=day,
            issuer="Chủ tịch UBND xã",
            position=n,
            book_number=str(n + 26),
            code=codes.new_code(),
            search_text=cadre.full_name,
            created_by=user,
        )
        for n, cadre in enumerate(cadres, start=1)
    )
    emblem = io.BytesIO()
    Image.new("RGB", (600, 600), (200, 30, 30)).save(emblem, "PNG")
    CertificateDesign.objects.create().emblem.save("emblem.png", ContentFile(emblem.getvalue()))
    return decision.pk


def _measure(kind: str, decision_id: int, html_path: str, runs: int) -> dict:
    """One measurement inside this (fresh) process."""
    import django

    django.setup()
    from awards import certificates
    from awards.models import Award, Decision
    from awards.services import printing
    from thiduaportal import documents
    from thiduaportal.models import Job
    from units.models import User

    decision = Decision.objects.get(pk=decision_id)
    awards = list(decision.awards.order_by("position"))
    certificates.certificate_pdf(awards[:1])  # warm-up: fonts, templates
    if kind == "job":
        owner = User.objects.get(username="bench")

        def job() -> bytes:
            created = printing.start_print(
                decision, actor=owner, award_ids=[a.pk for a in awards], mode="full", printer=None
            )
            printing.run_print(created)
            return Job.objects.get(pk=created.pk).file.read()

        result = timed(job, runs)
    elif kind == "blank":
        result = timed(
            lambda: certificates.certificate_pdf(
                Award.objects.filter(decision=decision).order_by("position"), mode="blank"
            ),
            runs,
        )
    else:
        from weasyprint import HTML

        html = pathlib.Path(html_path).read_text(encoding="utf-8")
        root = documents.static_root()

        def alone() -> bytes:
            document = HTML(string=html, base_url=f"{root}/", url_fetcher=documents.static_files_only(root))
            return document.write_pdf(font_config=documents.font_configuration())

        result = timed(alone, runs)
    return {**result, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def write_static_html(decision_id: int, path: pathlib.Path) -> None:
    """The decision's certificate HTML written to `path`, for the renderer-alone runs."""
    from awards import certificates
    from awards.models import Decision

    decision = Decision.objects.get(pk=decision_id)
    pages = certificates.pages_of(decision.awards.order_by("position"))
    path.write_text(
        certificates.certificate_html(pages, certificates.sheet_for("full", None)), encoding="utf-8"
    )


def run_child(kind: str, decision_id: int, html_path: pathlib.Path, runs: int) -> dict:
    """One measurement of `kind` in a fresh process (its JSON result)."""
    command = [sys.executable, "-m", "bench.certificates", "--child", kind, "--decision", str(decision_id)]
    command += ["--html", str(html_path), "--runs", str(runs)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ.copy()).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="certificates in the batch (default 200)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (default 3)")
    parser.add_argument("--child", choices=["job", "blank", "weasyprint"], help=argparse.SUPPRESS)
    parser.add_argument("--decision", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--html", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_measure(args.child, args.decision, args.html, args.runs)))
        return 0
    with tempfile.TemporaryDirectory(prefix="certificates-bench-media-") as media:
        os.environ["MEDIA_ROOT"] = media
        with temporary_database(prefix="certificates-bench-"):
            decision_id = seed_decision(args.pages)
            html_path = pathlib.Path(media, "static.html")
            write_static_html(decision_id, html_path)
            # The children open the same temporary database (DATABASE_URL is set for them).
            results = {
                kind: run_child(kind, decision_id, html_path, args.runs)
                for kind in ("weasyprint", "job", "blank")
            }
    alone = results["weasyprint"]["cpu"]
    labels = {
        "job": "portal batch job (full design)",
        "blank": "portal, blank mode (text only)",
        "weasyprint": "WeasyPrint alone, static HTML",
    }
    print(f"{args.pages} certificates, median of {args.runs} runs, each measurement in a fresh process")
    print(f"{'measurement':<34}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'PDF KB':>8}{'overhead':>10}")
    for kind in ("job", "blank", "weasyprint"):
        row = results[kind]
        overhead = f"{(row['cpu'] - alone) / alone:+.0%}" if kind != "weasyprint" else ""
        print(
            f"{labels[kind]:<34}{row['seconds']:>8.2f}{row['cpu']:>8.2f}{row['peak_mb']:>9.0f}"
            f"{row['bytes'] / 1024:>8.0f}{overhead:>10}"
        )
    print("overhead = (portal CPU − WeasyPrint-alone CPU) / WeasyPrint-alone CPU; target ≤ +25 %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
