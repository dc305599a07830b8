"""Drill: Redis (the Celery broker) goes down while the portal is in use.

    python -m drills.redis_down

Real PostgreSQL with the demo commune, Redis, a Celery worker, Celery beat and gunicorn
(production settings) on loopback. With Redis stopped it shows (a) the pages still answer for a signed-in
user, (b) starting a background job (the people export) answers without a server error and
the job shows a clear waiting/failed state, and (c) once Redis is back that job runs.
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

from drills import common

NAME = "redis_down"
PAGES = {"home": "/", "registry": "/registry/", "review queue": "/review/"}
EXPORT, EXPORT_FORM = "/export/people/", "/people/"
# How long a job started during the outage may take to run once Redis is back (a periodic
# task may need a minute to send it again, then the worker builds it).
RECOVERY = 150


def _start_export(browser: common.Browser) -> tuple[int, float, str]:
    """POST the people export; (status, seconds, final URL)."""
    start = time.monotonic()
    try:
        status, _body, url = browser.post(EXPORT, {}, form_path=EXPORT_FORM, timeout=90)
    except TimeoutError:
        return 0, time.monotonic() - start, ""
    return status, time.monotonic() - start, url


def _newest_job():
    from thiduaportal.models import Job

    return Job.objects.order_by("-created_at").first()


def _wait_state(job, states, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return True
        time.sleep(0.5)
    return False


def _requeue_schedule() -> list[str]:
    """Beat entries that could re-send a job whose message never reached the broker."""
    from django.conf import settings

    return [
        name
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if re.search(r"pending|requeue|stale_job|resend|retry", f"{name} {entry['task']}")
    ]


def drill(stack: contextlib.ExitStack, workdir: Path) -> str:
    server = common.start_postgres(stack, workdir)
    redis_process, broker = common.start_redis(stack, workdir)
    redis_port = int(broker.rsplit(":", 1)[1].split("/")[0])
    media = workdir / "media"
    env = common.portal_env(server.url(), media, broker_url=broker)
    common.migrate(env)
    start = time.monotonic()
    common.manage("seed_demo", "--force", env=env)
    common.say(f"demo seeded in {time.monotonic() - start:.0f} s")
    common.setup_django(env)
    from django.db import connections

    from thiduaportal.models import JobState

    stack.callback(connections.close_all)
    common.start_worker(stack, workdir / "worker", broker_url=broker, env=env)
    common.start_beat(stack, workdir / "beat", broker_url=broker, env=env)
    _gunicorn, base = common.start_gunicorn(
        stack, workdir, env=common.portal_env(server.url(), media, broker_url=broker, debug=False), workers=1
    )
    browser = common.Browser(base)
    browser.login("vhxh", "thidua2026")

    status, seconds, _url = _start_export(browser)
    job = _newest_job()
    if status != 200 or not _wait_state(job, {JobState.DONE}, 60):
        raise common.DrillFailure(
            f"with Redis up the export did not run (status {status}, job {job and job.state})"
        )
    common.say(f"with Redis up: export done ({seconds:.1f} s to answer)")

    redis_process.terminate()
    redis_process.wait(10)
    common.say("Redis stopped")
    problems, shown = [], []

    # (a) pages
    for label, path in PAGES.items():
        start = time.monotonic()
        status, _body, _url = browser.get(path)
        took = time.monotonic() - start
        if status != 200:
            problems.append(f"{label} answered {status} with Redis down")
        shown.append(f"{label} {status} in {took * 1000:.0f} ms")

    # (b) a background job
    before = _newest_job().pk
    status, seconds, url = _start_export(browser)
    job = _newest_job()
    started = job if job.pk != before else None
    common.say(
        f"export with Redis down: status {status} after {seconds:.1f} s, job {started and started.state}"
    )
    if status == 0:
        problems.append(f"starting an export hung for {seconds:.0f} s with Redis down")
    elif status >= 500:
        problems.append(
            f"starting an export with Redis down answered {status} after {seconds:.1f} s "
            f"(the job row was {'left ' + started.state if started else 'not created'}, nobody is told)"
        )
    else:
        status_page, body, _ = browser.get(url.removeprefix(base)) if url else (0, "", "")
        shown.append(
            f"export started with Redis down answered {status} in {seconds:.1f} s, job {started.state}"
        )
        if status_page != 200:
            problems.append(f"the job page answered {status_page}")

    # (c) Redis back
    common.start_redis(stack, workdir, port=redis_port)
    recovered = started is not None and _wait_state(started, {JobState.DONE}, RECOVERY)
    if started is not None and not recovered:
        requeue = _requeue_schedule()
        problems.append(
            f"{RECOVERY} s after Redis came back the job started during the outage is still {started.state}: "
            f"its task message never reached the broker and "
            + (
                f"beat entries {requeue} did not re-send it"
                if requeue
                else "no periodic task re-sends pending jobs"
            )
        )
    elif recovered:
        shown.append("that job ran once Redis was back")
    status, seconds, _url = _start_export(browser)
    fresh = _newest_job()
    if status != 200 or not _wait_state(fresh, {JobState.DONE}, 60):
        problems.append(
            f"a new export after Redis came back did not run (status {status}, job {fresh.state})"
        )
    else:
        shown.append("a new export after Redis came back ran")
    if problems:
        raise common.DrillFailure("; ".join(problems) + " [pages: " + ", ".join(shown) + "]")
    return "; ".join(shown)


if __name__ == "__main__":
    common.main(NAME, drill)
