"""Benchmark of the people import: 10,000 cadres through the real importer (issue 7).

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.imports                  # 10,000 people
    DEBUG=1 .venv/bin/python -m bench.imports --count 500
    DEBUG=1 .venv/bin/python -m bench.imports --profile write.prof   # cProfile of the write step

A throwaway database (see `bench.scale.bench_database`) gets the scale seed's 80 units and
2,000 people (the importer checks every row against them). The file is written as the
portal's own template is (`thiduaportal.excel.write_rows` with `units.imports.CADRE_COLUMNS`):
four-word names, real Date cells, Vietnamese labels, one of the 80 units per row. In a fresh
subprocess, after checking a 10-row file (imports, translations), the VHXH officer's upload
is checked (`CadreImporter.parse`: read, parse, every row validated against the database)
and then imported (`CadreImporter.import_`: one transaction, `services.create_cadres` inserting
people, assignments and their audit entries in batches). One run: the import writes. Peak memory is the
process's maximum resident set after each step.

Beside it, openpyxl alone reads the same file in read-only mode (values only): the floor of
the check step, ratio = check / openpyxl read, in CPU time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

from bench.common import timed, write_json
from bench.scale import FAMILY, GIVEN, MIDDLE, POSITIONS, bench_database, peak_mb, seed_scale

SECOND = ["Thu", "Hồng", "Kim", "Bảo", "Gia", "Khánh", "Phương", "Xuân"]


def write_file(path: pathlib.Path, count: int, unit_names: list[str]) -> None:
    """An import file of `count` new people, as a clerk fills the portal's template."""
    from thiduaportal import excel
    from units.imports import CADRE_COLUMNS, CadreImporter

    def rows():
        for n in range(count):
            yield [
                f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 8]} {SECOND[n // 1040 % 8]} {GIVEN[n // 80 % 13]}",
                "Nữ" if n % 2 else "Nam",
                datetime.date(1966, 1, 1) + datetime.timedelta(days=n % 12000),
                POSITIONS[n % len(POSITIONS)],
                ["Công chức", "Viên chức", "Cán bộ", "Người lao động"][n % 4],
                unit_names[n % len(unit_names)],
                "Có" if n % 3 == 0 else "Không",
                "xã Thượng Phúc, thành phố Hà Nội",
                "Cử nhân Luật" if n % 2 else "Kỹ sư Nông nghiệp",
            ]

    with path.open("wb") as out:
        excel.write_rows(out, CADRE_COLUMNS, rows(), title=CadreImporter.title)


def _backend_pid() -> int | None:
    """The PostgreSQL server process serving this one's connection (None on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _cpu_seconds(pid: int | None) -> float:
    """User and system CPU seconds of a process on this machine so far (Linux /proc)."""
    if not pid:
        return 0.0
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(kind: str, path: str, small: str, runs: int, profile: str | None = None) -> dict:
    """One measurement inside this (fresh) process."""
    import django

    django.setup()
    if kind == "openpyxl":
        from openpyxl import load_workbook

        def read() -> list:
            workbook = load_workbook(path, read_only=True, data_only=True)
            rows = list(workbook.worksheets[0].iter_rows(values_only=True))
            workbook.close()
            return rows

        return {**timed(read, runs), "peak_mb": peak_mb()}
    from auditlog.models import LogEntry

    from thiduaportal.imports import IMPORTERS
    from units.models import Cadre, User

    importer, officer = IMPORTERS["cadres"], User.objects.get(username="vhxh")
    with open(small, "rb") as upload:
        assert importer.parse(upload, user=officer).ok  # warm-up
    before, entries_before = Cadre.objects.count(), LogEntry.objects.count()
    steps = {}
    with open(path, "rb") as upload:
        start, cpu = time.perf_counter(), time.process_time()
        result = importer.parse(upload, user=officer)
        steps["check"] = {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}
    assert result.ok, result.errors[:5]
    steps["check"]["peak_mb"] = peak_mb()
    profiler = cProfile.Profile() if profile else None
    backend = _backend_pid()
    db_cpu = _cpu_seconds(backend)
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    written = importer.import_(result, actor=officer)
    if profiler:
        profiler.disable()
    steps["write"] = {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}
    if backend:
        steps["write"]["db_cpu"] = _cpu_seconds(backend) - db_cpu
    if profiler:
        profiler.dump_stats(profile)
    steps["write"]["peak_mb"] = peak_mb()
    assert written == len(result.rows) == Cadre.objects.count() - before, (written, len(result.rows))
    entries = LogEntry.objects.count() - entries_before
    assert entries == 2 * written, entries  # one for each person and one for their assignment
    return {**steps, "rows": written, "audit_entries": entries}


def _child(kind: str, path: pathlib.Path, small: pathlib.Path, runs: int, profile: str | None = None) -> dict:
    command = [sys.executable, "-m", "bench.imports", "--child", kind, "--file", str(path)]
    command += ["--small", str(small), "--runs", str(runs), *(["--profile", profile] if profile else [])]
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ.copy()).stdout
    return json.loads(output.strip().splitlines()[-1])


def collect(count: int, runs: int, profile: str | None = None) -> list[dict]:
    """Seed, write the files, measure; return the table rows."""
    with (
        tempfile.TemporaryDirectory(prefix="imports-bench-files-") as folder,
        bench_database(prefix="imports-bench-"),
    ):
        from units.models import Unit

        seed_scale(nominations=0, results=0, awards=0, quiet=True)
        names = list(Unit.objects.order_by("pk").values_list("name", flat=True))
        path, small = pathlib.Path(folder, "people.xlsx"), pathlib.Path(folder, "small.xlsx")
        write_file(path, count, names)
        write_file(small, 10, names)  # only checked (the warm-up), never imported
        alone = _child("openpyxl", path, small, runs)
        portal = _child("import", path, small, runs, profile)
        size_kb = path.stat().st_size / 1024
    check, write = portal["check"], portal["write"]
    detail = {"rows": count, "file_kb": size_kb, "openpyxl": alone, **portal}
    return [
        {
            "name": f"import {count:,} cadres: check (parse)",
            "figure": check["cpu"],
            "unit": "s CPU",
            "baseline": alone["cpu"],
            "baseline_name": "openpyxl read-only read of the same file",
            "ratio": check["cpu"] / alone["cpu"],
            "peak_mb": check["peak_mb"],
            "detail": detail,
        },
        {
            "name": f"import {count:,} cadres: write (import_)",
            "figure": write["seconds"],
            "unit": "s wall",
            "peak_mb": write["peak_mb"],
            "detail": {
                "rows": count,
                "seconds": write["seconds"],
                "cpu": write["cpu"],
                "db_cpu": write.get("db_cpu"),
                "audit_entries": portal["audit_entries"],
            },
        },
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000, help="people in the file (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the openpyxl read (default 3)")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--profile", help="write a cProfile of the write step to this file")
    parser.add_argument("--child", choices=["import", "openpyxl"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--small", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_measure(args.child, args.file, args.small, args.runs, args.profile)))
        return 0
    rows = collect(args.count, args.runs, args.profile and str(pathlib.Path(args.profile).resolve()))
    detail = rows[0]["detail"]
    print(f"Import of {args.count:,} people ({detail['file_kb']:.0f} KB), in a fresh process")
    print(f"{'step':<28}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}")
    for label, m in (
        ("check (parse)", detail["check"]),
        ("write (import_)", detail["write"]),
        ("openpyxl read alone", detail["openpyxl"]),
    ):
        print(f"{label:<28}{m['seconds']:>8.2f}{m['cpu']:>8.2f}{m['peak_mb']:>9.0f}")
    print(f"check / openpyxl read (CPU): {rows[0]['ratio']:.2f}")
    if detail["write"].get("db_cpu") is not None:
        write = detail["write"]
        print(
            f"write: {write['cpu']:.2f} s CPU here + {write['db_cpu']:.2f} s CPU in the PostgreSQL "
            f"server = {write['cpu'] + write['db_cpu']:.2f} s of work ({write['seconds']:.2f} s wall)"
        )
    print(f"audit entries written: {detail['audit_entries']:,} (a person and an assignment each)")
    write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
