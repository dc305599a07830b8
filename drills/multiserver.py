"""Drill: two app servers and two workers on one database and one broker. Mixed load is
spread over both servers while a 200-certificate batch prints across both workers; one app
server and one worker are killed (SIGKILL) midway; nothing is lost and nothing is doubled.

    python -m drills.multiserver

Real PostgreSQL, Redis (broker and shared cache), two gunicorn servers (production
settings, one SECRET_KEY, one media folder: the shared store) and two Celery workers, each
on its own loopback port. Seeded here through the test factories: an issued decision of 200
awards, an open round of 20 units each with a draft nomination lacking only its signed report
scan, and a VHXH officer.

Every account signs in through the login form on its home server (even units on A; odd
units and the officer on B), then, all at once:

- the officer starts the batch print through A's print form (chunks of 10 certificates,
  shared by the workers), then works the review queue: each arriving dossier is opened and
  its files downloaded through the server the unit did NOT upload through, and accepted;
- each unit uploads its scan through its home server, opens its nomination on the other
  server (the session made on one works on the other), submits there, and keeps reading
  pages on both servers until the batch is printed.

Once the print is 30 % done, server A and worker 1 are killed with SIGKILL. A client whose
server does not answer goes to the other one, as a load balancer would: a GET (or a POST
that never reached the server) is sent again; a POST that got no answer is sent again only
if the portal does not hold its effect (the person looks before trying again).

Afterwards, from the database, the storage and the logs: the job done once with one file of
exactly 200 pages (names and golden-book numbers 1..200 each once), downloaded through B;
both workers rendered chunks, each chunk recorded once; each unit's scan stored once with
the SHA-256 sent and downloaded equal through the other server; each nomination submitted
and accepted with exactly those two transitions; every client's session still valid on B;
no 5xx, and every request answered or sent again to the surviving server.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drills import common, mixed_load, worker_kill

NAME = "multiserver"
AWARDS, UNITS = 200, 20
PAGES_PER_TASK = 10
KILL_AT = 30  # % of the print done when server A and worker 1 are killed
READ_PAUSE = 1.0  # seconds between two pages a unit reads once its nomination is in
STAGGER = 0.4  # seconds between two units' starts: the load goes on while the print runs
LOAD_TIMEOUT = 400
JUSTIFICATION = "Đã đối chiếu hồ sơ giấy; đề nghị chấp nhận (diễn tập nhiều máy chủ)."
CHUNK_TASK = re.compile(
    r"Task awards\.tasks\.task_print_certificate_chunk\[([0-9a-f-]+)\] (received|succeeded)"
)


class Unanswered(Exception):
    """A POST whose server went away before answering: it may or may not have taken effect."""


def _never_reached(error: OSError) -> bool:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, ConnectionRefusedError)


class Balancer:
    """Which servers are up, as the load balancer in front of them sees it."""

    def __init__(self, bases: list[str]):
        self.bases = bases
        self.down: set[str] = set()
        self.lock = threading.Lock()

    def pick(self, index: int) -> str:
        with self.lock:
            wanted = self.bases[index]
            return wanted if wanted not in self.down else next(b for b in self.bases if b not in self.down)

    def failed(self, base: str) -> str:
        """Mark `base` down; the server to use instead."""
        with self.lock:
            self.down.add(base)
            return next(b for b in self.bases if b not in self.down)


@dataclass
class Retry:
    who: str
    method: str
    path: str
    from_base: str
    to_base: str


class Client(mixed_load.Client):
    """A signed-in person's browser behind the balancer: `on(i)` picks server i (or the
    survivor); a request without an answer goes to the other server when that is safe."""

    def __init__(self, balancer: Balancer, who: str, home: int):
        super().__init__(balancer.pick(home), who)
        self.balancer, self.home = balancer, home
        self.retries: list[Retry] = []
        self.served: Counter = Counter()  # answered requests per server

    def _record(self, request, status, started):
        super()._record(request, status, started)
        if status:
            self.served[self.base] += 1

    def on(self, index: int) -> Client:
        self.base = self.balancer.pick(index)
        return self

    def _again(self, request: urllib.request.Request, error: OSError) -> urllib.request.Request:
        path = request.full_url.removeprefix(self.base)
        if request.get_method() != "GET" and not _never_reached(error):
            self.balancer.failed(self.base)
            raise Unanswered(f"{request.get_method()} {path}") from error
        old, self.base = self.base, self.balancer.failed(self.base)
        self.retries.append(Retry(self.who, request.get_method(), path, old, self.base))
        headers = dict(request.header_items())
        return urllib.request.Request(self.base + path, data=request.data, headers=headers)  # noqa: S310

    def _open(self, request, timeout):
        try:
            return super()._open(request, timeout)
        except OSError as error:
            return super()._open(self._again(request, error), timeout)

    def download(self, path: str) -> tuple[int, bytes]:
        try:
            return super().download(path)
        except OSError as error:
            self._again(urllib.request.Request(self.base + path), error)  # noqa: S310 - loopback
            return super().download(path)

    def post_list(self, path: str, pairs: list[tuple[str, str]], *, page: str) -> tuple[int, str, str]:
        """POST a form whose fields repeat (ticked boxes)."""
        payload = urllib.parse.urlencode([("csrfmiddlewaretoken", mixed_load.token(page)), *pairs]).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback http only
            self.base + path, data=payload, headers={"Referer": self.base + path}
        )
        return self._open(request, 120)


# --------------------------------------------------------------------------- seed


@dataclass
class Seed:
    decision_pk: int
    award_ids: list[int]
    units: list[mixed_load.UnitCase]
    officer: str
    round_pk: int


def _seed() -> Seed:
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from awards.services.decisions import issuing
    from tests.factories import CommuneFactory, MembershipFactory, UnitFactory, UserFactory
    from tests.factories.decisions import ISSUED_ON, adhoc_shortlist, drafted_decision, upload_emblem
    from tests.factories.nominations import RoundFactory

    CommuneFactory()
    upload_emblem()
    officer = UserFactory(username="vhxh")
    MembershipFactory(user=officer, unit=UnitFactory(name="Phòng Văn hóa – Xã hội"), role="vhxh")
    start = time.monotonic()
    shortlist = adhoc_shortlist(collectives=0, individuals=AWARDS)
    decision = issuing.issue_decision(
        drafted_decision(shortlist, officer), actor=officer, issued_on=ISSUED_ON
    )
    common.say(f"decision of {AWARDS} awards issued in {time.monotonic() - start:.0f} s")
    today = timezone.localdate()
    round_ = RoundFactory(
        title="Khen thưởng hằng năm – diễn tập nhiều máy chủ",
        submit_by=today + datetime.timedelta(days=30),
        review_by=today + datetime.timedelta(days=40),
        council_on=today + datetime.timedelta(days=45),
    )

    def paths(name: str, pk: int) -> str:
        return reverse(f"nominations:{name}", args=[pk])

    units = [mixed_load.seed_unit(index, round_, paths) for index in range(UNITS)]
    for case in units:
        case.plan = "accept"
    return Seed(
        decision_pk=decision.pk,
        award_ids=list(decision.awards.order_by("position").values_list("pk", flat=True)),
        units=units,
        officer=officer.username,
        round_pk=round_.pk,
    )


# --------------------------------------------------------------------------- the load


@dataclass
class Load:
    errors: list[str] = field(default_factory=list)
    job_pk: str = ""
    checked_after_no_answer: list[str] = field(default_factory=list)
    killed_at: float = 0.0
    cross_reads: int = 0  # pages read on the other server than the session's home
    matched: set[int] = field(default_factory=set)
    upload_base: dict[int, str] = field(default_factory=dict)  # nomination -> server it went through
    files: int = 0
    cross_downloads: int = 0  # scans uploaded through A and downloaded, equal, through B
    files_without_row: int = 0  # an upload cut off after its file was stored, before its commit


def _effect_or_again(load: Load, what: str, send, took_effect) -> tuple[int, str, str] | None:
    """Send a POST; when its server went away unanswered, look whether it took effect (as the
    person would, on the page) and send it again only if not."""
    try:
        return send()
    except Unanswered:
        if took_effect():
            load.checked_after_no_answer.append(f"{what}: unanswered, but done")
            return None
        load.checked_after_no_answer.append(f"{what}: unanswered, not done, sent again")
        return send()


def _has_scan(case) -> bool:
    from nominations.models import Attachment, AttachmentKind

    return Attachment.objects.filter(
        nomination_id=case.nomination_pk, kind=AttachmentKind.REPORT_SCAN, replaced_at=None
    ).exists()


def _in_state(pk: int, state: str) -> bool:
    from nominations.models import Nomination

    return Nomination.objects.filter(pk=pk, state=state).exists()


def _unit(client: Client, case, load: Load, stop: threading.Event) -> None:
    """Upload through the home server, open and submit on the other, then keep reading."""
    other = 1 - client.home

    def upload():
        status, page, url = client.on(client.home).get(case.upload_path)
        mixed_load.expect(
            status == 200 and "multipart/form-data" in page, "the upload form", status, page, url
        )
        load.upload_base[case.nomination_pk] = client.base
        return client.upload(case.upload_path, {"kind": "report_scan"}, "upload", case.scan, page=page)

    done = _effect_or_again(load, f"{client.who}'s upload", upload, lambda: _has_scan(case))
    if done is not None:
        status, page, url = done
        ok = status == 200 and url == case.detail_path and case.scan.name in page
        mixed_load.expect(ok, f"uploading {case.scan.name}", status, page, url)
    status, page, url = client.on(other).get(case.detail_path)
    mixed_load.expect(
        status == 200 and url == case.detail_path, "the nomination on the other server", status, page, url
    )
    load.cross_reads += 1

    def submit():
        return client.submit(case.submit_path, {}, page=page, referer=case.detail_path)

    done = _effect_or_again(
        load, f"{client.who}'s submit", submit, lambda: _in_state(case.nomination_pk, "submitted")
    )
    if done is not None:
        status, page, url = done
        ok = status == 200 and url == case.detail_path and not mixed_load.refusal(page)
        mixed_load.expect(ok, "submitting", status, page, url)
    turn = 0
    while not stop.is_set():  # reading on both servers until the print is done
        status, page, url = client.on(turn % 2).get(case.detail_path if turn % 3 else "/")
        mixed_load.expect(status == 200 and "/accounts/login/" not in url, "a page", status, page, url)
        load.cross_reads += client.base != client.balancer.bases[client.home]
        turn += 1
        stop.wait(READ_PAUSE)


def _start_print(client: Client, seed: Seed, load: Load) -> None:
    from django.urls import reverse

    path = reverse("awards:certificate_print", args=[seed.decision_pk])
    status, page, url = client.on(0).get(path)
    mixed_load.expect(status == 200, "the print page", status, page, url)
    pairs = [("awards", str(pk)) for pk in seed.award_ids] + [("mode", "full"), ("printer", "")]
    status, page, url = client.post_list(path, pairs, page=page)
    match = re.search(r"/jobs/([0-9a-f-]{36})/", url)
    mixed_load.expect(status == 200 and match is not None, "starting the print", status, page, url)
    load.job_pk = match.group(1)


def _review(client: Client, seed: Seed, load: Load, pk: int, paths: dict[str, str]) -> None:
    """Open the dossier on the server its scan did not go through, download, accept."""
    case = next(case for case in seed.units if case.nomination_pk == pk)
    went_through = load.upload_base.get(pk)
    client.on(1 if went_through == client.balancer.bases[0] else 0)
    review = paths["review"].format(pk=pk)
    status, page, url = client.get(review)
    ok = status == 200 and 'id="nomination-state" data-state="submitted"' in page
    mixed_load.expect(ok, f"review page of {pk}", status, page, url)
    for file_pk in dict.fromkeys(re.findall(paths["download"], page)):
        status, data = client.download(paths["file"].format(pk=file_pk))
        mixed_load.expect(status == 200, f"downloading file {file_pk}", status, "", paths["file"])
        load.files += 1
        if hashlib.sha256(data).hexdigest() == case.scan.sha256:
            load.matched.add(pk)
            load.cross_downloads += went_through == client.balancer.bases[0] != client.base
    fields = dict.fromkeys(re.findall(r'name="(justification_\w+)"', page), JUSTIFICATION)
    done = _effect_or_again(
        load,
        f"accepting {pk}",
        lambda: client.submit(paths["accept"].format(pk=pk), fields, page=page, referer=review),
        lambda: _in_state(pk, "accepted"),
    )
    if done is not None:
        status, page, url = done
        mixed_load.expect(
            status == 200 and url == review and not mixed_load.refusal(page),
            f"accepting {pk}",
            status,
            page,
            url,
        )


def _officer(client: Client, seed: Seed, load: Load, units_done: threading.Event) -> None:
    from django.urls import reverse

    def url(name: str) -> str:
        return reverse(f"nominations:{name}", args=[987654321]).replace("987654321", "{pk}")

    _start_print(client, seed, load)
    paths = {name: url(f"nomination_{name}") for name in ("review", "accept")}
    paths["file"] = url("attachment_download")
    paths["download"] = re.escape(paths["file"]).replace(re.escape("{pk}"), r"(\d+)")
    queue = reverse("nominations:review_queue") + f"?round={seed.round_pk}&state=submitted"
    decided: set[int] = set()
    deadline, turn = time.monotonic() + LOAD_TIMEOUT, 0
    while time.monotonic() < deadline and len(decided) < UNITS:
        status, page, where = client.on(turn % 2).get(queue)
        mixed_load.expect(status == 200, "the review queue", status, page, where)
        turn += 1
        arrived = [int(pk) for pk in re.findall(r'id="nomination-(\d+)"', page) if int(pk) not in decided]
        for pk in arrived:
            _review(client, seed, load, pk, paths)
            decided.add(pk)
        if not arrived:
            units_done.wait(0.3)
    if len(decided) < UNITS:
        raise common.DrillFailure(f"the officer decided {len(decided)} of {UNITS} in {LOAD_TIMEOUT} s")


def _thread(target, who: str, load: Load) -> threading.Thread:
    def body():
        try:
            target()
        except Exception as error:  # every client's failure is reported, not only the first
            load.errors.append(f"{who}: {type(error).__name__}: {error}")

    return threading.Thread(target=body, name=who, daemon=True)


# --------------------------------------------------------------------------- the drill


def _job(load: Load):
    from thiduaportal.models import Job

    return Job.objects.filter(pk=load.job_pk).first() if load.job_pk else None


def _run_load(clients, seed, load, kill, worker1_busy) -> float:
    """Release everyone; kill A and worker 1 at KILL_AT %, while worker 1 renders a chunk;
    wait for the load and the print."""
    from thiduaportal.models import JobState

    stop, units_done = threading.Event(), threading.Event()
    officer = _thread(lambda: _officer(clients[seed.officer], seed, load, units_done), seed.officer, load)
    officer.start()
    units = []
    for case in seed.units:
        client = clients[case.username]
        units.append(_thread(lambda c=client, k=case: _unit(c, k, load, stop), case.username, load))
        units[-1].start()
        time.sleep(STAGGER)
        if not officer.is_alive() and load.errors:
            break
    started, job = time.monotonic(), None
    while time.monotonic() - started < LOAD_TIMEOUT and not load.errors:
        job = _job(load)
        if job is not None and not load.killed_at and job.progress >= KILL_AT and worker1_busy():
            kill(job.progress)
            load.killed_at = time.monotonic()
        if job is not None and job.state in (JobState.DONE, JobState.FAILED) and not officer.is_alive():
            break
        time.sleep(0.1)
    stop.set()
    units_done.set()
    for thread in [officer, *units]:
        thread.join(60)
    return time.monotonic() - started


def drill(stack: contextlib.ExitStack, workdir: Path) -> str:
    server = common.start_postgres(stack, workdir)
    _redis, broker = common.start_redis(stack, workdir)
    # One environment (one SECRET_KEY, one media folder) for both servers and both workers.
    env = {
        **common.portal_env(server.url(), workdir / "media", broker_url=broker, debug=False),
        "CACHE_URL": broker.rsplit("/", 1)[0] + "/1",
        "CELERY_VISIBILITY_TIMEOUT": "20",
        "CERTIFICATE_PAGES_PER_TASK": str(PAGES_PER_TASK),
    }
    common.migrate(env)
    common.setup_django({**env, "EMAIL_URL": "memorymail://"})
    from django.db import connections

    stack.callback(connections.close_all)
    seed = _seed()
    mixed_load.plan_scans(seed.units)
    servers = [
        common.start_gunicorn(stack, workdir, env=env, workers=2, log_name=f"gunicorn-{name}.log")
        for name in "ab"
    ]
    workers = [
        common.start_worker(stack, workdir / f"worker{n}", broker_url=broker, env=env, name=f"worker{n}")
        for n in (1, 2)
    ]
    balancer = Balancer([base for _process, base in servers])
    homes = {case.username: case.index % 2 for case in seed.units} | {seed.officer: 1}
    clients = {}
    for who, home in homes.items():
        clients[who] = Client(balancer, who, home)
        clients[who].login(who, mixed_load.PASSWORD)
    common.say(f"{len(clients)} accounts signed in on their home servers")
    load = Load()
    killed: dict[str, object] = {}

    def kill(progress: int) -> None:
        killed["a"] = common.kill_hard(servers[0][0])
        killed["worker1"] = common.kill_hard(workers[0])
        killed["progress"] = progress
        common.say(f"killed server A {killed['a']} and worker 1 {killed['worker1']} at {progress} %")

    def worker1_busy() -> bool:
        received, done = _chunk_tasks(workdir)[0]
        return bool(received - done)

    seconds = _run_load(clients, seed, load, kill, worker1_busy)
    common.say(f"load and print over in {seconds:.0f} s")
    if load.errors:
        raise common.DrillFailure("; ".join(load.errors[:5]))
    if not load.killed_at:
        raise common.DrillFailure("the print never reached the moment to kill (server A and worker 1 lived)")
    return _count(seed, clients, load, workdir, killed, seconds)


# --------------------------------------------------------------------------- the count


def _check_print(load: Load, officer: Client, workdir: Path) -> str:
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from thiduaportal.models import Job, JobState

    jobs = list(Job.objects.filter(kind="certificates"))
    job = jobs[0] if len(jobs) == 1 else None
    if job is None or job.state != JobState.DONE:
        raise common.DrillFailure(f"print jobs: {[(j.pk, j.state, j.error) for j in jobs]}")
    exports = [
        f"{folder}/{name}"
        for folder in _folders(default_storage, "exports")
        for name in default_storage.listdir(folder)[1]
    ]
    if exports != [job.file.name]:
        raise common.DrillFailure(f"the storage holds {exports} for the one job file {job.file.name}")
    if _folders(default_storage, "print-chunks") and any(
        default_storage.listdir(f)[1] for f in _folders(default_storage, "print-chunks")
    ):
        raise common.DrillFailure("chunk files were left in storage")
    status, data = officer.on(1).download(reverse("job_download", args=[job.pk]))
    if status != 200:
        raise common.DrillFailure(f"the job's file answered {status} through server B")
    (workdir / "print.pdf").write_bytes(data)
    return worker_kill.check_pdf(workdir / "print.pdf")


def _folders(storage, top: str) -> list[str]:
    """`top` and every folder under it, through the storage API."""
    if not storage.exists(top):
        return []
    found, todo = [], [top]
    while todo:
        folder = todo.pop()
        found.append(folder)
        todo += [f"{folder}/{name}" for name in storage.listdir(folder)[0]]
    return sorted(found)


def _check_uploads(seed: Seed, load: Load) -> list[str]:
    from django.core.files.storage import default_storage

    from nominations.models import Attachment, AttachmentKind

    problems = []
    for case in seed.units:
        scans = list(
            Attachment.objects.filter(nomination_id=case.nomination_pk, kind=AttachmentKind.REPORT_SCAN)
        )
        if len(scans) != 1:
            problems.append(f"{case.username}: {len(scans)} report scans, not 1")
            continue
        with scans[0].file.open("rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != case.scan.sha256:
                problems.append(f"{case.username}: the stored scan differs from the one sent")
        if case.nomination_pk not in load.matched:
            problems.append(f"{case.username}: the scan downloaded through the other server differs")
    stored = {
        f"{folder}/{name}"
        for folder in _folders(default_storage, "dossiers")
        for name in default_storage.listdir(folder)[1]
    }
    rows = set(Attachment.objects.values_list("file", flat=True))
    if rows - stored:
        problems.append(f"{len(rows - stored)} attachments without their file")
    load.files_without_row = len(stored - rows)  # a POST cut off after the file, before the commit
    return problems


def _check_nominations(seed: Seed) -> list[str]:
    from nominations.models import Nomination

    problems = []
    for case in seed.units:
        nomination = Nomination.objects.get(pk=case.nomination_pk)
        moves = list(
            nomination.transitions.order_by("pk").values_list("from_state", "to_state", "actor__username")
        )
        want = [("draft", "submitted", case.username), ("submitted", "accepted", seed.officer)]
        if (nomination.state, moves) != ("accepted", want):
            problems.append(f"{case.username}: {nomination.state}, transitions {moves}")
    return problems


def _check_sessions(clients: dict[str, Client], balancer: Balancer) -> list[str]:
    """Every session, wherever it was made, still opens a page on the surviving server."""
    problems = []
    for who, client in clients.items():
        status, _page, url = client.on(1).get("/")
        if status != 200 or "/accounts/login/" in url:
            problems.append(f"{who}'s session (made on {'AB'[client.home]}) answered {status} at {url} on B")
    return problems


def _chunk_tasks(workdir: Path) -> list[tuple[set[str], set[str]]]:
    """(chunk task ids received, ids succeeded) in each worker's log."""
    found = []
    for n in (1, 2):
        text = (workdir / f"worker{n}" / "celery.log").read_text(errors="replace")
        found.append(
            tuple(
                {m.group(1) for m in CHUNK_TASK.finditer(text) if m.group(2) == word}
                for word in ("received", "succeeded")
            )
        )
    return found


def _count(seed, clients, load, workdir, killed, seconds) -> str:
    balancer = next(iter(clients.values())).balancer
    exchanges = [e for c in clients.values() for e in c.exchanges]
    served = Counter()  # answered requests of the load per server (before the checks' own)
    for client in clients.values():
        served.update({"AB"[balancer.bases.index(base)]: n for base, n in client.served.items()})
    retries = [r for c in clients.values() for r in c.retries]
    errors = [e for e in exchanges if e.status >= 500]
    unanswered = [e for e in exchanges if e.status == 0]
    problems = [f"{e.who} got {e.status} on {e.method} {e.path}" for e in errors]
    if len(unanswered) != len(retries) + len(load.checked_after_no_answer):
        problems.append(
            f"{len(unanswered)} requests without an answer, but {len(retries)} sent again and "
            f"{len(load.checked_after_no_answer)} checked"
        )
    checked = _check_print(load, clients[seed.officer], workdir)
    problems += _check_uploads(seed, load) + _check_nominations(seed) + _check_sessions(clients, balancer)
    (received1, done1), (received2, done2) = _chunk_tasks(workdir)
    chunks = -(-AWARDS // PAGES_PER_TASK)
    cut = received1 - done1  # the chunk worker 1 was rendering when it was killed
    if not done1 or not done2 or len(done1 | done2) != chunks or not cut or not cut <= done2:
        problems.append(
            f"chunks done by worker 1: {len(done1)}, by worker 2: {len(done2)}, distinct "
            f"{len(done1 | done2)} of {chunks}; cut off on worker 1: {len(cut)}, of them redone "
            f"on worker 2: {len(cut & done2)}"
        )
    if problems:
        more = f" (+{len(problems) - 6} more)" if len(problems) > 6 else ""
        raise common.DrillFailure("; ".join(problems[:6]) + more)
    return (
        f"2 servers, 2 workers; server A and worker 1 SIGKILLed at {killed['progress']} % of the print; "
        f"{len(exchanges)} requests (A {served['A']}, B {served['B']}), 0 server errors, "
        f"{len(unanswered)} unanswered ({len(retries)} sent again to B, "
        f"{len(load.checked_after_no_answer)} POSTs found done or sent again after a look); "
        f"{UNITS} scans uploaded once each (sha-256 equal stored and downloaded through the other server; "
        f"{load.cross_downloads} of them uploaded through A and downloaded through B; "
        f"{load.files_without_row} cut-off files without a row), {UNITS} nominations submitted and "
        f"accepted with exactly 2 transitions; {len(clients)} sessions valid on B "
        f"({load.cross_reads} pages read on the server the session was not made on); print of "
        f"{chunks} chunks: worker 1 rendered {len(done1)}, worker 2 {len(done2)}, of them {len(cut & done2)} "
        f"cut off on worker 1 by the kill and redone ({len(done1 & done2)} rendered twice); "
        f"one job, one file: {checked}; {seconds:.0f} s"
    )


if __name__ == "__main__":
    common.main(NAME, drill)
