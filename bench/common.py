"""What the benchmarks share: a throwaway database, the commune row and the figures.

`temporary_database` must be entered before anything imports a model: it points
DATABASE_URL at a SQLite file in a new temporary folder, starts Django, migrates, and on
exit closes the connections and removes the folder, so the portal's own database is never
opened.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import statistics
import tempfile
import time
from collections.abc import Iterator


@contextlib.contextmanager
def temporary_database(prefix: str) -> Iterator[None]:
    """Django started on a new, migrated SQLite database that is removed on exit."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        # Set, not defaulted: a DATABASE_URL from the shell or .env must not be used here.
        os.environ["DATABASE_URL"] = f"sqlite:///{pathlib.Path(folder, 'bench.sqlite3')}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings")
        import django  # only now: the settings read DATABASE_URL

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


def wipe() -> None:
    """Empty every table (the schema stays), to seed the next size from scratch."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def create_commune():
    """The one commune row the portal's headers and documents read."""
    from units.models import Commune

    return Commune.objects.create(
        name="xã Thượng Phúc", place_name="Thượng Phúc", authority_name="ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC"
    )


def median_p95(times: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (nearest rank) of `times`."""
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure_page(user, url: str, rounds: int) -> tuple[float, float, int]:
    """(median ms, p95 ms, queries of one render) of GET `url` through the test client,
    signed in as `user`, after one warm-up render (session, caches, templates)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times, queries = [], 0
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return (*median_p95(times), queries)


def write_json(path: str | None, rows: list[dict]) -> None:
    """Write a part's rows where `bench.run` asked (`--json PATH`); nothing without a path."""
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(rows, out, indent=2, ensure_ascii=False)


def timed(function, runs: int) -> dict:
    """Wall and CPU seconds of `runs` calls: the median wall time, and the least CPU time
    (the machine may be shared; CPU time of this process is what the work itself costs)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        size = len(function())
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return {"seconds": statistics.median(walls), "cpu": min(cpus), "bytes": size}
