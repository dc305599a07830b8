"""Drill: the Celery worker is killed (SIGKILL, worker and children) in the middle of a
200-certificate batch; a new worker finishes it; the PDF holds exactly 200 pages, each
name and golden-book number 1..200 once.

    python -m drills.worker_kill

Real PostgreSQL, Redis and Celery worker on loopback; the batch is started the way the
print page starts it (`printing.start_print`, then the task is enqueued).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

from drills import common

NAME = "worker_kill"
AWARDS = 200
# Beyond the visibility timeout: kombu looks for overdue messages every
# unacked_restore_interval × unacked_restore_throttle = 10 × 10 s, plus the print itself.
GRACE = 140


def _seed():
    """An issued decision of AWARDS individual awards and a pending print job of all of them."""
    from awards import certificates
    from awards.services import printing
    from awards.services.decisions import issuing
    from tests.factories import UserFactory
    from tests.factories.decisions import ISSUED_ON, adhoc_shortlist, drafted_decision, upload_emblem
    from tests.factories.units import CommuneFactory

    CommuneFactory()
    upload_emblem()  # the full design prints only with the national emblem
    actor = UserFactory()
    start = time.monotonic()
    round_ = adhoc_shortlist(collectives=0, individuals=AWARDS)
    common.say(f"{AWARDS} nominations in {time.monotonic() - start:.0f} s")
    decision = issuing.issue_decision(drafted_decision(round_, actor), actor=actor, issued_on=ISSUED_ON)
    award_ids = list(decision.awards.values_list("pk", flat=True))
    return printing.start_print(
        decision, actor=actor, award_ids=award_ids, mode=certificates.FULL, printer=None
    )


def _wait_for(job, check, *, timeout: float, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if check(job):
            return True
        time.sleep(every)
    job.refresh_from_db()
    return False


def _visibility_timeout() -> float:
    from thiduaportal.celery import app

    return float((app.conf.broker_transport_options or {}).get("visibility_timeout", 3600))


def _tool(name: str, *args: str) -> str:
    """The output of a poppler-utils tool."""
    binary = shutil.which(name)
    if binary is None:
        raise common.DrillFailure(f"{name} not found: apt-get install poppler-utils")
    return subprocess.run([binary, *args], capture_output=True, text=True, check=True).stdout  # noqa: S603


def stored_copy(field_file, path: Path) -> Path:
    """The stored file (read through its storage, wherever that keeps it) copied to `path`
    for the poppler tools."""
    with field_file.open("rb") as handle:
        path.write_bytes(handle.read())
    return path


def check_pdf(path: Path) -> str:
    info = _tool("pdfinfo", str(path))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if pages != AWARDS:
        raise common.DrillFailure(f"the PDF has {pages} pages, not {AWARDS}")
    text = _tool("pdftotext", "-layout", str(path), "-")
    texts = [unicodedata.normalize("NFC", t) for t in text.split("\f")][:pages]
    names, books = [], []
    for number, page in enumerate(texts, 1):
        found_names = re.findall(r"Nguyễn Thị Hường (\d+)", page, re.I)
        found_books = re.findall(r"Số sổ vàng: (\d+)", page)
        if len(found_names) != 1 or len(found_books) != 1:
            raise common.DrillFailure(
                f"page {number} does not show one name and one book number: {page[:200]!r}"
            )
        names.append(int(found_names[0]))
        books.append(int(found_books[0]))
    expected = list(range(1, AWARDS + 1))
    if sorted(names) != expected or sorted(books) != expected:
        twice = sorted({n for n in names if names.count(n) > 1})
        missing = sorted(set(expected) - set(names))
        raise common.DrillFailure(
            f"names twice {twice[:10]}, missing {missing[:10]}; books distinct {len(set(books))}"
        )
    return f"{pages} pages, names 1..{AWARDS} and golden-book numbers 1..{AWARDS} each exactly once"


def drill(stack: contextlib.ExitStack, workdir: Path) -> str:
    server = common.start_postgres(stack, workdir)
    _redis, broker = common.start_redis(stack, workdir)
    # A short redelivery delay for a killed worker's task, so the drill ends in minutes
    # (production keeps the settings' default, longer than any task).
    env = {
        **common.portal_env(server.url(), workdir / "media", broker_url=broker),
        "CELERY_VISIBILITY_TIMEOUT": "20",
    }
    common.migrate(env)
    common.setup_django(env)
    from django.db import connections

    stack.callback(connections.close_all)
    from thiduaportal.celery import app
    from thiduaportal.models import JobState

    start = time.monotonic()
    job = _seed()
    common.say(f"seeded {AWARDS} awards and job {job.pk} in {time.monotonic() - start:.0f} s")
    worker = common.start_worker(stack, workdir / "worker1", broker_url=broker, env=env)
    from awards.tasks import task_print_certificates

    task_print_certificates.delay(job_id=str(job.pk))
    if not _wait_for(job, lambda j: 30 <= j.progress < 90, timeout=120):
        raise common.DrillFailure(f"the job never got midway (state {job.state}, progress {job.progress})")
    progress_at_kill = job.progress
    killed = common.kill_hard(worker)
    common.say(f"killed worker {killed} at progress {progress_at_kill} %")
    time.sleep(1)
    job.refresh_from_db()
    common.say(f"job after the kill: {job.state} {job.progress} %")

    import redis

    client = redis.Redis.from_url(broker)
    unacked = client.hlen("unacked")
    restart = time.monotonic()
    common.start_worker(stack, workdir / "worker2", broker_url=broker, env=env)
    visibility = _visibility_timeout()
    wait = min(visibility + GRACE, 300)
    done = _wait_for(job, lambda j: j.state in (JobState.DONE, JobState.FAILED), timeout=wait, every=0.5)
    took = time.monotonic() - restart
    client.close()
    app.pool.force_close_all()
    if not done:
        raise common.DrillFailure(
            f"after the kill at {progress_at_kill} % and a new worker, the job stayed {job.state} "
            f"({job.progress} %) for {took:.0f} s: the task message is held in Redis' 'unacked' hash "
            f"({unacked} message) until the broker's visibility_timeout ({visibility:.0f} s; kombu's "
            "default is 3600 s) has passed and kombu's next sweep (every 100 s) redelivers it. Fix: set CELERY_BROKER_TRANSPORT_OPTIONS "
            '= {"visibility_timeout": ...} in settings (see the report)'
        )
    if job.state != JobState.DONE:
        raise common.DrillFailure(f"the job failed after the restart: {job.error}")
    checked = check_pdf(stored_copy(job.file, workdir / "print.pdf"))
    return (
        f"worker killed at {progress_at_kill} %, new worker finished the job {took:.0f} s later "
        f"(visibility timeout {visibility:.0f} s); {checked}"
    )


if __name__ == "__main__":
    common.main(NAME, drill)
