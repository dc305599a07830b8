"""Drill: PostgreSQL restarts (`pg_ctl restart -m fast`) while the portal is in use; the
requests after it succeed without restarting the portal.

    python -m drills.postgres_restart

Real PostgreSQL with the demo commune and gunicorn (2 workers, production settings,
CONN_MAX_AGE=60 so each worker holds a persistent connection that the restart breaks).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from drills import common

NAME = "postgres_restart"
# healthz (a query and nothing else) and a signed-in page, alternately.
PATHS = ("/healthz", "/")
BEFORE, AFTER = 10, 20


def _requests(browser: common.Browser, count: int) -> list[tuple[str, int, float]]:
    """(path, status, ms) of `count` requests, alternating PATHS."""
    done = []
    for number in range(count):
        path = PATHS[number % len(PATHS)]
        start = time.monotonic()
        try:
            status, _body, url = browser.get(path)
            if path == "/" and "/accounts/login/" in url:
                status = 401  # the session was lost: the user would have to sign in again
        except OSError:
            status = 0
        done.append((path, status, (time.monotonic() - start) * 1000))
    return done


def drill(stack: contextlib.ExitStack, workdir: Path) -> str:
    server = common.start_postgres(stack, workdir)
    media = workdir / "media"
    env = common.portal_env(server.url(), media)
    common.migrate(env)
    start = time.monotonic()
    common.manage("seed_demo", "--force", env=env)
    common.say(f"demo seeded in {time.monotonic() - start:.0f} s")
    web_env = {**common.portal_env(server.url(), media, debug=False), "CONN_MAX_AGE": "60"}
    _gunicorn, base = common.start_gunicorn(stack, workdir, env=web_env, workers=2)
    browser = common.Browser(base)
    browser.login("vhxh", "thidua2026")

    before = _requests(browser, BEFORE)
    if any(status != 200 for _path, status, _ms in before):
        raise common.DrillFailure(f"requests failed before the restart: {before}")
    took = server.restart()
    common.say(f"PostgreSQL restarted in {took:.1f} s")
    after = _requests(browser, AFTER)
    failed = [(path, status) for path, status, _ms in after if status != 200]
    first_path, first_status, first_ms = after[0]
    slowest = max(ms for _path, _status, ms in after)
    summary = (
        f"{AFTER - len(failed)}/{AFTER} requests after the restart ({took:.1f} s) answered 200 without restarting "
        f"gunicorn; the first ({first_path}) {first_status} in {first_ms:.0f} ms, slowest {slowest:.0f} ms"
    )
    if failed:
        raise common.DrillFailure(f"{summary}; failed: {failed}")
    return summary


if __name__ == "__main__":
    common.main(NAME, drill)
