"""Benchmark of the biggest Excel export: the award registry (issue 7; a measurement).

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.exports                  # 5,000 and 50,000 rows, 3 runs
    DEBUG=1 .venv/bin/python -m bench.exports --sizes 500 5000 --runs 1

A throwaway database (see `bench.scale.bench_database`) gets the scale seed's units and
people and the largest size of registry awards (portal, imported and revoked). Each
measurement runs in a fresh subprocess that first exports 100 rows (imports, first
queries), then times `--runs` exports; the median wall time and the least CPU time are kept,
and the peak is the process's own maximum resident set (`getrusage`):

- portal: `awards.exports.registry_workbook` on the registry search's queryset (what the
  "Export to Excel" button of the registry runs), rows streamed from the database;
- openpyxl alone: the same rows, fetched beforehand into a list of tuples, written by
  openpyxl's write-only workbook with no formatting. Its peak includes that list.

The ratio is portal / openpyxl alone, in CPU time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys

from bench.common import timed, write_json
from bench.scale import bench_database, peak_mb, seed_scale


def _awards(count: int):
    """The registry search's queryset (no filter), first `count` rows."""
    from awards.models import Award
    from awards.services import registry

    return registry.search(Award.objects.all(), registry.Filters())[:count]


def _measure(kind: str, count: int, runs: int) -> dict:
    """One measurement inside this (fresh) process."""
    import django

    django.setup()
    from openpyxl import Workbook

    from awards import exports
    from awards.services.registry import export_rows

    exports.registry_workbook(_awards(100))  # warm-up
    if kind == "portal":
        result = timed(lambda: exports.registry_workbook(_awards(count))[1], runs)
    else:
        rows = [tuple(row) for row in export_rows(_awards(count).iterator(chunk_size=2000))]
        assert len(rows) == count, (len(rows), count)

        def alone() -> bytes:
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("Sheet")
            for row in rows:
                sheet.append(row)
            out = io.BytesIO()
            workbook.save(out)
            return out.getvalue()

        result = timed(alone, runs)
    return {**result, "peak_mb": peak_mb()}


def _child(kind: str, count: int, runs: int) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.exports",
        "--child",
        kind,
        "--count",
        str(count),
        "--runs",
        str(runs),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ.copy()).stdout
    return json.loads(output.strip().splitlines()[-1])


def collect(sizes: list[int], runs: int) -> list[dict]:
    """Seed, measure both kinds at every size, return the table rows."""
    rows = []
    with bench_database(prefix="exports-bench-"):
        seed_scale(nominations=2000, results=0, awards=max(sizes), quiet=True)
        for count in sizes:
            portal, alone = _child("portal", count, runs), _child("openpyxl", count, runs)
            rows.append(
                {
                    "name": f"Excel export, registry, {count:,} rows",
                    "figure": portal["cpu"],
                    "unit": "s CPU",
                    "baseline": alone["cpu"],
                    "baseline_name": "openpyxl write-only alone, same rows",
                    "ratio": portal["cpu"] / alone["cpu"],
                    "peak_mb": portal["peak_mb"],
                    "baseline_peak_mb": alone["peak_mb"],
                    "detail": {"rows": count, "portal": portal, "openpyxl": alone, "runs": runs},
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[5000, 50000], help="rows (default 5000 50000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (default 3)")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--child", choices=["portal", "openpyxl"], help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_measure(args.child, args.count, args.runs)))
        return 0
    rows = collect(args.sizes, args.runs)
    print(f"Registry export, each measurement in a fresh process, median of {args.runs} runs")
    print(f"{'rows':>8} {'kind':<16}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'xlsx KB':>9}")
    for row in rows:
        count = f"{row['detail']['rows']:,}"
        for kind in ("portal", "openpyxl"):
            m = row["detail"][kind]
            print(
                f"{count:>8} {kind:<16}{m['seconds']:>8.2f}{m['cpu']:>8.2f}{m['peak_mb']:>9.0f}{m['bytes'] / 1024:>9.0f}"
            )
        print(f"{'':>8} ratio (CPU) {row['ratio']:.2f}")
    write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
