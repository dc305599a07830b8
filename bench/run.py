"""Every benchmark in one command: one table, and the same figures as JSON (issue 7).

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.run                 # SQLite, full sizes (about 6 min on 2 cores)
    DEBUG=1 .venv/bin/python -m bench.run --postgres      # a throwaway PostgreSQL server instead
    DEBUG=1 .venv/bin/python -m bench.run --quick         # tiny sizes: checks that it all runs
    DEBUG=1 .venv/bin/python -m bench.run --only exports imports

Parts, each run as its own subprocess on its own throwaway database (`bench.scale.bench_database`):

- certificates (`bench.clerk_tool`): the portal's batch of 200 certificates against
  WeasyPrint alone (`bench.certificates`' measurements) and against the clerk's tool, one
  merged .docx converted by LibreOffice headless (installed by the bench when missing);
- exports (`bench.exports`): the registry's Excel export of 5,000 and 50,000 rows against
  openpyxl's write-only writer alone;
- imports (`bench.imports`): 10,000 people through the real importer;
- scale (`bench.scale`): the scale seed (80 units, 2,000 people, 10 years, 20,000
  nominations, 200,000 results, 5,000 awards) and the VHXH officer's pages on it;
- load (`bench.load`): the same seed on PostgreSQL under 26 simulated users (locust,
  headless) against gunicorn and Redis, every role's pages beside the bare layout (the
  floor); it always starts its own PostgreSQL and Redis.

The table's figure is the portal's, the baseline the tool underneath on the same work, the
ratio figure / baseline (CPU time of the measuring processes, which a busy machine changes
less than wall time; page timings and the seed are wall times). Peak MB is the measuring
process's maximum resident set, the baseline's in brackets. The JSON, with every wall and
CPU time, goes to bench/results/<date>.json (not in git).

With `--postgres` a PostgreSQL server is started as the postgres user in a temporary folder
on a free loopback port (fsync off, as `scripts/pg-test-server`) and stopped at the end; each
part creates its own database on it and drops it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import pathlib
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

RESULTS = pathlib.Path(__file__).resolve().parent / "results"
FULL = {
    "certificates": ["bench.clerk_tool", "--pages", "200", "--runs", "3"],
    "exports": ["bench.exports", "--sizes", "5000", "50000", "--runs", "3"],
    "imports": ["bench.imports", "--count", "10000", "--runs", "3"],
    "scale": ["bench.scale", "--rounds", "7"],
    "load": ["bench.load"],
}
QUICK = {
    "certificates": ["bench.clerk_tool", "--pages", "10", "--runs", "1"],
    "exports": ["bench.exports", "--sizes", "200", "1000", "--runs", "1"],
    "imports": ["bench.imports", "--count", "300", "--runs", "1"],
    "scale": ["bench.scale", "--units", "10", "--cadres", "100", "--years", "3", "--nominations", "300"]
    + ["--results", "3000", "--awards", "500", "--rounds", "2"],
    "load": ["bench.load", "--quick"],
}


# --------------------------------------------------------------------------- PostgreSQL


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL server for the run; yields the URL of its maintenance database (the role
    is a superuser, so each part can create and drop its own database)."""
    found = sorted(pathlib.Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise SystemExit("PostgreSQL server binaries not found under /usr/lib/postgresql.")
    bin_dir = found[-1].parent
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="thidua-bench-pg-"))
    data, sockets, password = folder / "data", folder / "socket", secrets.token_hex(16)
    sockets.mkdir()
    (folder / "pwfile").write_text(password + "\n")
    if as_pg:
        for path in (folder, sockets, folder / "pwfile"):
            shutil.chown(path, "postgres", "postgres")
    try:
        subprocess.run(
            [
                *as_pg,
                bin_dir / "initdb",
                "-D",
                data,
                "-U",
                "thidua",
                f"--pwfile={folder / 'pwfile'}",
                "-E",
                "UTF8",
            ]
            + ["--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"],
            check=True,
            capture_output=True,
        )
        (folder / "pwfile").unlink()
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{sockets}'\n")
            conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        for _attempt in range(3):  # a free port may be taken before the server binds it
            port = _free_port()
            start = [*as_pg, bin_dir / "pg_ctl", "-D", data, "-l", folder / "server.log", "-o", f"-p {port}"]
            if subprocess.run([*start, "-w", "-t", "30", "start"], capture_output=True).returncode == 0:
                break
        else:
            raise SystemExit((folder / "server.log").read_text())
        print(f"PostgreSQL on 127.0.0.1:{port} (throwaway, {folder})", flush=True)
        yield f"postgres://thidua:{password}@127.0.0.1:{port}/postgres"
    finally:
        pid_file = data / "postmaster.pid"
        if pid_file.exists():
            stop = [*as_pg, bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "30", "stop"]
            if subprocess.run(stop, capture_output=True).returncode != 0 and pid_file.exists():
                os.kill(int(pid_file.read_text().split()[0]), 9)  # the postmaster we started
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- running and reporting


def machine() -> dict:
    """What the figures were measured on."""
    release = dict(
        line.split("=", 1) for line in pathlib.Path("/etc/os-release").read_text().splitlines() if "=" in line
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line for line in pathlib.Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "system": release.get("PRETTY_NAME", platform.platform()).strip('"'),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(int(memory.split()[1]) / 1024 / 1024, 1),
        "python": platform.python_version(),
    }


def run_part(name: str, command: list[str], env: dict) -> tuple[list[dict], str | None]:
    """Run one part in its own process (its output shown as it goes); its rows, or an error."""
    print(f"\n=== {name}: {' '.join(command)}", flush=True)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = pathlib.Path(handle.name)
    try:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", *command, "--json", str(out)], env=env, check=False)
        print(f"=== {name}: {time.perf_counter() - start:.0f} s", flush=True)
        if done.returncode != 0:
            return [], f"{name} exited with {done.returncode}"
        return [{"part": name, **row} for row in json.loads(out.read_text())], None
    finally:
        out.unlink(missing_ok=True)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit.startswith("ms"):
        return f"{value:,.0f} {unit}"
    return f"{value:,.2f} {unit}"


def _label(row: dict) -> str:
    """The row's name; a page's with its p95 and queries per request."""
    detail = row.get("detail", {})
    if "p95_ms" in detail:
        return f"{row['name']} (p95 {detail['p95_ms']:.0f} ms, {detail['queries']} queries)"
    return row["name"]


def table(rows: list[dict]) -> str:
    """The one table: name, figure, baseline, ratio, peak MB (baseline's in brackets)."""
    names = [_label(r) for r in rows]
    width = max(len(name) for name in names)
    lines = [f"{'benchmark':<{width}}  {'figure':>14}  {'baseline':>14}  {'ratio':>6}  {'peak MB':>11}"]
    for r, name in zip(rows, names, strict=True):
        peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") else ""
        if r.get("baseline_peak_mb"):
            peak += f" ({r['baseline_peak_mb']:.0f})"
        ratio = f"{r['ratio']:.2f}" if r.get("ratio") else ""
        lines.append(
            f"{name:<{width}}  {_number(r['figure'], r['unit']):>14}  "
            f"{_number(r.get('baseline'), r['unit']):>14}  {ratio:>6}  {peak:>11}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="run on a throwaway PostgreSQL server")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run: a smoke test")
    parser.add_argument("--only", nargs="+", choices=list(FULL), help="run only these parts")
    parser.add_argument("--no-install", action="store_true", help="never install LibreOffice")
    args = parser.parse_args(argv)
    parts = {
        k: list(v) for k, v in (QUICK if args.quick else FULL).items() if not args.only or k in args.only
    }
    if args.no_install and "certificates" in parts:
        parts["certificates"].append("--no-install")
    started, rows, errors = time.perf_counter(), [], []
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BENCH_POSTGRES_URL")}
    with throwaway_postgres() if args.postgres else contextlib.nullcontext() as server:
        if server:
            env["BENCH_POSTGRES_URL"] = server
        for name, command in parts.items():
            part_rows, error = run_part(name, command, env)
            rows += part_rows
            if error:
                errors.append(error)
    when = datetime.datetime.now(datetime.UTC)
    report = {
        "date": when.isoformat(timespec="seconds"),
        "machine": machine(),
        "database": "postgresql" if args.postgres else "sqlite",
        "quick": args.quick,
        "seconds": time.perf_counter() - started,
        "rows": rows,
        "errors": errors,
    }
    RESULTS.mkdir(exist_ok=True)
    path = (
        RESULTS
        / f"{when:%Y-%m-%d}{'-quick' if args.quick else ''}{'-postgres' if args.postgres else ''}.json"
    )
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    info = report["machine"]
    print(
        f"\n{when:%Y-%m-%d %H:%M} UTC · {info['system']} · {info['cores']} cores · {info['cpu']} · {report['database']}"
    )
    if rows:
        print(table(rows))
    for error in errors:
        print(f"FAILED: {error}")
    print(
        f"Figures written to {path.relative_to(pathlib.Path.cwd()) if path.is_relative_to(pathlib.Path.cwd()) else path}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
