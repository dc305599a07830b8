"""Drill: mixed load. While 30 council members vote at once and 20 unit staff upload a file
and submit their nomination, the VHXH officer works the review queue; afterwards every
ballot, nomination and file is counted and matches what was sent, with no server error.

    python -m drills.mixed_load

Real PostgreSQL, Redis (the Celery broker and the cache the web processes share) and
gunicorn (3 workers, production settings) on loopback. Seeded in this process through the
test factories and services:

- a council session open for online voting: 30 members, all recorded present, 3 items
  (one collective, two individuals), nobody recused;
- an open annual round: 20 units, each with a unit-staff account and one eligible draft
  nomination whose dossier lacks only the signed achievement report scan (Tờ trình,
  minutes and the report's sections are there);
- a VHXH officer.

Every account signs in through the login form before the load. Then 51 clients start
together behind a barrier, each with its own session, posting the forms the pages show:

- each member opens the voting page and votes on every item (the choice, then the
  confirmation); the choices are drawn beforehand, so the expected counters are known;
- each unit's staff uploads its report scan (a valid PDF of 64-512 kB of random hex lines, a
  Vietnamese file name) through the upload form and submits the nomination;
- the officer reloads the queue (this round, submitted), opens each nomination arriving,
  downloads its files, and accepts it (even units) or returns it with a reason (odd
  units), until the others are done and the queue shows nothing new.

Afterwards everything is read from the database and the storage, never from the clients'
own tally: each item holds 30 voter marks (one per member) and counters equal to the
choices sent; each nomination is accepted or returned as planned, version 1, with exactly
the transitions submit (unit) and accept/return (office); each report scan is stored once
with the name, size and SHA-256 sent (and no file in storage lacks its row); no response
was a 5xx (or a broken connection), and gunicorn's log holds no 5xx status, traceback or
worker timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drills import common
from tests import services

NAME = "mixed_load"
MEMBERS, UNITS = 30, 20
COLLECTIVES, INDIVIDUALS = 1, 2
WORKERS = 3  # gunicorn processes: 51 clients queue for them as they would at a busy desk
PASSWORD = "thidua2026"  # noqa: S105 - tests.factories.UserFactory's, for throwaway users
CHOICES = ("for", "against", "abstain")
SCAN_BYTES = (64 * 1024, 512 * 1024)
RETURN_REASON = "Đề nghị bổ sung số liệu năm 2026 vào báo cáo thành tích (diễn tập tải)."
JUSTIFICATION = "Đã đối chiếu hồ sơ giấy; đề nghị chấp nhận (diễn tập tải)."
QUEUE_PAUSE = 0.25  # the officer's pause when the queue shows nothing new
LOAD_TIMEOUT = 300
ACCESS_LINE = re.compile(r"^(\d{3}) ([A-Z]+) (\S+) ([\d.]+)s pid=<?\d+>?$")  # gunicorn 27 writes pid=<123>
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DANGER = re.compile(r'class="alert alert-danger[^"]*"[^>]*>(.*?)<', re.S)


# --------------------------------------------------------------------------- what is sent


@dataclass
class Scan:
    """The report scan one unit uploads."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class UnitCase:
    index: int
    username: str
    nomination_pk: int
    upload_path: str
    detail_path: str
    submit_path: str
    plan: str  # accept | return
    scan: Scan | None = None


@dataclass
class Seed:
    vote_path: str
    items: dict[int, str]  # item pk -> its vote URL, in agenda order
    members: list[str]
    units: list[UnitCase]
    officer: str
    round_pk: int
    ballots: dict[tuple[str, int], str] = field(default_factory=dict)  # (member, item) -> choice


def _plan(seed: Seed) -> None:
    """Draw every member's choice on every item and every unit's scan (distinct bytes)."""

    rng = secrets.SystemRandom()
    for member in seed.members:
        for item_pk in seed.items:
            seed.ballots[member, item_pk] = rng.choice(CHOICES)
    plan_scans(seed.units)


def plan_scans(units: list[UnitCase]) -> None:
    """Every unit's report scan: a valid PDF of random bytes, distinct per unit."""
    from demo.nominations import scan_pdf

    rng = secrets.SystemRandom()
    for case in units:
        # Random lines of 64 hex digits (a scan's bulk, as far as the upload checks can tell).
        noise = [secrets.token_hex(32) for _ in range(rng.randint(*SCAN_BYTES) // 80)]
        name = unicodedata.normalize("NFC", f"Báo cáo thành tích đơn vị {case.index + 1:02d}.pdf")
        case.scan = Scan(name, scan_pdf(f"Bao cao thanh tich {case.username}", *noise))


# --------------------------------------------------------------------------- seed


def _report(nomination) -> dict:
    """The report's required sections, as the unit would have written them."""
    return {
        "profile": {
            "full_name": nomination.subject_name,
            "date_of_birth": "12/03/1985",
            "unit": str(nomination.proposal.unit),
        },
        "achievements": {"solutions": "Số hóa 100% hồ sơ thủ tục hành chính tiếp nhận trong năm."},
    }


def seed_unit(index: int, round_, paths) -> UnitCase:
    """A unit with its staff account and a draft nomination missing only the report scan."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo.nominations import scan_pdf
    from nominations.models import AttachmentKind, Nomination
    from nominations.services import dossiers, reports
    from tests.factories import MembershipFactory, UnitFactory, UserFactory
    from tests.factories.nominations import ProposalFactory, eligible_nomination

    unit = UnitFactory()
    user = UserFactory(username=f"donvi{index + 1:02d}")
    MembershipFactory(user=user, unit=unit, role="unit_staff")
    proposal = ProposalFactory(round=round_, unit=unit)
    nomination = eligible_nomination(proposal, created_by=user)
    for kind, name in (
        (AttachmentKind.LETTER_SCAN, "to-trinh.pdf"),
        (AttachmentKind.MINUTES_SCAN, "bien-ban.pdf"),
    ):
        upload = SimpleUploadedFile(name, scan_pdf(name, unit.name), content_type="application/pdf")
        dossiers.add_attachment(proposal, actor=user, kind=kind, upload=upload)
    Nomination.objects.filter(pk=nomination.pk).update(report=_report(nomination))
    nomination.refresh_from_db()
    missing = dossiers.missing_items(nomination) + reports.missing_sections(nomination)
    if len(missing) != 1:
        raise common.DrillFailure(f"seed: {nomination} should miss only the report scan, misses {missing}")
    query = urllib.parse.urlencode({"nomination": nomination.pk, "kind": AttachmentKind.REPORT_SCAN})
    return UnitCase(
        index=index,
        username=user.username,
        nomination_pk=nomination.pk,
        upload_path=f"{paths('attachment_upload', proposal.pk)}?{query}",
        detail_path=paths("nomination_detail", nomination.pk),
        submit_path=paths("nomination_submit", nomination.pk),
        plan="accept" if index % 2 == 0 else "return",
    )


def _seed() -> Seed:
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from council.models import Recusal
    from tests.factories import CommuneFactory, MembershipFactory, UnitFactory, UserFactory
    from tests.factories.council import council_session
    from tests.factories.nominations import RoundFactory

    def paths(name: str, pk: int) -> str:
        return reverse(f"nominations:{name}", args=[pk])

    CommuneFactory()
    council = council_session(members=MEMBERS, collectives=COLLECTIVES, individuals=INDIVIDUALS, voting=True)
    session = council.session
    if Recusal.objects.filter(item__session=session).exists():
        raise common.DrillFailure("seed: the portal recused members; every member should vote on every item")
    today = timezone.localdate()
    round_ = RoundFactory(
        title="Khen thưởng hằng năm – diễn tập tải hỗn hợp",
        submit_by=today + datetime.timedelta(days=30),
        review_by=today + datetime.timedelta(days=40),
        council_on=today + datetime.timedelta(days=45),
    )
    officer = UserFactory(username="vhxh")
    MembershipFactory(user=officer, unit=UnitFactory(name="Phòng Văn hóa – Xã hội"), role="vhxh")
    return Seed(
        vote_path=reverse("council:session_vote", args=[session.pk]),
        items={item.pk: reverse("council:item_vote", args=[item.pk]) for item in council.items},
        members=[member.user.username for member in council.members],
        units=[seed_unit(index, round_, paths) for index in range(UNITS)],
        officer=officer.username,
        round_pk=round_.pk,
    )


# --------------------------------------------------------------------------- HTTP clients


@dataclass(frozen=True)
class Exchange:
    who: str
    method: str
    path: str
    status: int  # 0: no answer (connection refused, reset or timed out)
    started: float
    seconds: float


class Client(common.Browser):
    """A signed-in person's browser: records every exchange and posts the forms of the page
    it read last (its CSRF token), urlencoded or multipart."""

    def __init__(self, base: str, who: str):
        super().__init__(base)
        self.who = who
        self.exchanges: list[Exchange] = []

    def _record(self, request: urllib.request.Request, status: int, started: float) -> None:
        path = request.full_url.removeprefix(self.base)
        seconds = time.monotonic() - started
        self.exchanges.append(Exchange(self.who, request.get_method(), path, status, started, seconds))

    def _open(self, request, timeout):
        started = time.monotonic()
        try:
            status, body, url = super()._open(request, timeout)
        except OSError:
            self._record(request, 0, started)
            raise
        self._record(request, status, started)
        return status, body, url.removeprefix(self.base)

    def download(self, path: str) -> tuple[int, bytes]:
        """GET a file's bytes as they are (no decoding)."""
        started, request = time.monotonic(), urllib.request.Request(self.base + path)  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=60) as response:
                status, data = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, data = error.code, b""
        except OSError:
            self._record(request, 0, started)
            raise
        self._record(request, status, started)
        return status, data

    def submit(self, path: str, data: dict[str, str], *, page: str, referer: str) -> tuple[int, str, str]:
        """POST an urlencoded form of `page` (its CSRF token) to `path`."""
        payload = urllib.parse.urlencode({"csrfmiddlewaretoken": token(page), **data}).encode()
        headers = {"Referer": self.base + referer}
        request = urllib.request.Request(self.base + path, data=payload, headers=headers)  # noqa: S310
        return self._open(request, 60)

    def upload(self, path: str, data: dict[str, str], field_name: str, scan: Scan, *, page: str):
        """POST a multipart form of `page` with one file, as a browser sends it."""
        boundary = f"----drill{secrets.token_hex(12)}"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in {"csrfmiddlewaretoken": token(page), **data}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{scan.name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + scan.data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + path}
        body = b"".join(parts)
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        return self._open(request, 60)


def token(page: str) -> str:
    match = TOKEN.search(page)
    if not match:
        raise common.DrillFailure("a page held no form with a CSRF token")
    return match.group(1)


def refusal(page: str) -> str:
    """The text of the page's error message, if any."""
    match = DANGER.search(page)
    return " ".join(match.group(1).split()) if match else ""


def expect(ok: bool, what: str, status: int, page: str, url: str) -> None:
    if not ok:
        said = refusal(page)
        raise common.DrillFailure(f"{what}: status {status} at {url}" + (f", said “{said}”" if said else ""))


def _log_in_all(base: str, usernames: list[str]) -> dict[str, Client]:
    """Every account signed in through the login form, four at a time (not the load)."""
    from concurrent.futures import ThreadPoolExecutor

    def log_in(username: str) -> Client:
        client = Client(base, username)
        client.login(username, PASSWORD)
        return client

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(usernames, pool.map(log_in, usernames), strict=True))


# --------------------------------------------------------------------------- the three roles


def _vote(client: Client, seed: Seed) -> None:
    """Open the voting page; on each item choose, then confirm."""
    status, page, url = client.get(seed.vote_path)
    expect(status == 200 and url == seed.vote_path, "the voting page", status, page, url)
    for item_pk, item_path in seed.items.items():
        choice = seed.ballots[client.who, item_pk]
        status, page, url = client.submit(item_path, {"choice": choice}, page=page, referer=seed.vote_path)
        expect(status == 200 and 'name="confirm"' in page, f"choosing on item {item_pk}", status, page, url)
        status, page, url = client.submit(
            item_path, {"choice": choice, "confirm": "1"}, page=page, referer=item_path
        )
        voted = f'id="item-{item_pk}" data-state="voted"' in page
        ok = status == 200 and url.startswith(seed.vote_path) and voted and not refusal(page)
        expect(ok, f"confirming the ballot on item {item_pk}", status, page, url)


def _upload_and_submit(client: Client, case: UnitCase) -> None:
    """Open the upload form, send the scan, then press Submit on the nomination's page."""
    status, page, url = client.get(case.upload_path)
    expect(status == 200 and "multipart/form-data" in page, "the upload form", status, page, url)
    status, page, url = client.upload(
        case.upload_path, {"kind": "report_scan"}, "upload", case.scan, page=page
    )
    ok = status == 200 and url == case.detail_path and not refusal(page) and case.scan.name in page
    expect(ok, f"uploading {case.scan.name}", status, page, url)
    status, page, url = client.submit(case.submit_path, {}, page=page, referer=case.detail_path)
    expect(status == 200 and url == case.detail_path and not refusal(page), "submitting", status, page, url)


@dataclass
class Desk:
    """What the officer did: queue pages read, decisions, files downloaded and matched."""

    pages: int = 0
    decided: dict[int, str] = field(default_factory=dict)
    files: int = 0
    matched: set[int] = field(default_factory=set)  # nominations whose scan downloaded equal


def _review(client: Client, seed: Seed, desk: Desk, pk: int, paths: dict[str, str]) -> None:
    """Open the nomination's review page, download its files, accept or return it."""
    review = paths["review"].format(pk=pk)
    status, page, url = client.get(review)
    expect(
        status == 200 and 'id="nomination-state" data-state="submitted"' in page,
        f"review page of {pk}",
        status,
        page,
        url,
    )
    case = next(case for case in seed.units if case.nomination_pk == pk)
    for file_pk in dict.fromkeys(re.findall(paths["download"], page)):
        status, data = client.download(paths["file"].format(pk=file_pk))
        expect(
            status == 200, f"downloading file {file_pk} of {pk}", status, "", paths["file"].format(pk=file_pk)
        )
        desk.files += 1
        if hashlib.sha256(data).hexdigest() == case.scan.sha256:
            desk.matched.add(pk)
    if case.plan == "accept":
        fields = dict.fromkeys(re.findall(r'name="(justification_\w+)"', page), JUSTIFICATION)
        status, page, url = client.submit(paths["accept"].format(pk=pk), fields, page=page, referer=review)
    else:
        data = {"reason": RETURN_REASON}
        status, page, url = client.submit(paths["return"].format(pk=pk), data, page=page, referer=review)
    expect(status == 200 and url == review and not refusal(page), f"{case.plan} of {pk}", status, page, url)
    desk.decided[pk] = case.plan


def _work_queue(client: Client, seed: Seed, desk: Desk, others_done: threading.Event) -> None:
    """Reload the queue and handle what arrives until the others are done and nothing new shows."""
    from django.urls import reverse

    def url(name: str) -> str:
        return reverse(f"nominations:{name}", args=[987654321]).replace("987654321", "{pk}")

    paths = {name: url(f"nomination_{name}") for name in ("review", "accept", "return")}
    paths["file"] = url("attachment_download")
    paths["download"] = re.escape(paths["file"]).replace(re.escape("{pk}"), r"(\d+)")
    queue = reverse("nominations:review_queue") + f"?round={seed.round_pk}&state=submitted"
    deadline = time.monotonic() + LOAD_TIMEOUT
    while time.monotonic() < deadline:
        finished = others_done.is_set()  # read first: what they committed is on the next page
        status, page, where = client.get(queue)
        expect(status == 200, "the review queue", status, page, where)
        desk.pages += 1
        arrived = [
            int(pk) for pk in re.findall(r'id="nomination-(\d+)"', page) if int(pk) not in desk.decided
        ]
        for pk in arrived:
            _review(client, seed, desk, pk, paths)
        if finished and not arrived:
            return
        if not arrived:
            others_done.wait(QUEUE_PAUSE)
    raise common.DrillFailure(f"the officer still found new nominations after {LOAD_TIMEOUT} s")


# --------------------------------------------------------------------------- the load


@dataclass
class Load:
    started: float = 0.0
    others_seconds: float = 0.0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    desk: Desk = field(default_factory=Desk)


def _run(target, who: str, barrier: threading.Barrier, load: Load, done: threading.Event | None = None):
    def body():
        try:
            barrier.wait()
            target()
        except Exception as error:  # every client's failure is reported, not only the first
            load.errors.append(f"{who}: {error}")
        finally:
            if done is not None:
                done.set()

    return threading.Thread(target=body, name=who, daemon=True)


def _load(clients: dict[str, Client], seed: Seed) -> Load:
    """All 51 clients released together behind a barrier; returns the timings and what went
    wrong on the clients' side."""
    load, others_done, officer_done = Load(), threading.Event(), threading.Event()
    barrier = threading.Barrier(len(seed.members) + len(seed.units) + 2, timeout=60)
    others = [_run(lambda c=clients[m]: _vote(c, seed), m, barrier, load) for m in seed.members]
    others += [
        _run(
            lambda c=clients[case.username], case=case: _upload_and_submit(c, case),
            case.username,
            barrier,
            load,
        )
        for case in seed.units
    ]
    officer = clients[seed.officer]
    desk = _run(
        lambda: _work_queue(officer, seed, load.desk, others_done), seed.officer, barrier, load, officer_done
    )
    for thread in [*others, desk]:
        thread.start()
    barrier.wait()
    load.started = time.monotonic()
    common.say(f"{len(others) + 1} clients released")
    for thread in others:
        thread.join(max(0.0, load.started + LOAD_TIMEOUT - time.monotonic()))
    load.others_seconds = time.monotonic() - load.started
    others_done.set()
    officer_done.wait(max(0.0, load.started + LOAD_TIMEOUT + 30 - time.monotonic()))
    load.seconds = time.monotonic() - load.started
    stuck = [thread.name for thread in [*others, desk] if thread.is_alive()]
    if stuck:
        raise common.DrillFailure(
            f"{len(stuck)} clients still running after {load.seconds:.0f} s: {stuck[:5]}"
        )
    return load


# --------------------------------------------------------------------------- the count


def _check_ballots(seed: Seed) -> tuple[list[str], int]:
    """Each item: one voter mark per member, counters equal to the choices sent."""
    from council.models import AgendaItem, ItemState, VoterMark

    problems, ballots = [], 0
    for item in AgendaItem.objects.filter(pk__in=seed.items).order_by("position"):
        voters = Counter(VoterMark.objects.filter(item=item).values_list("member__user__username", flat=True))
        ballots += sum(voters.values())
        missing = sorted(set(seed.members) - set(voters))
        twice = sorted(name for name, n in voters.items() if n > 1)
        sent = Counter(seed.ballots[member, item.pk] for member in seed.members)
        want = tuple(sent[choice] for choice in CHOICES)
        got = (item.votes_for, item.votes_against, item.votes_abstain)
        if sum(voters.values()) != MEMBERS or missing or twice:
            problems.append(
                f"item {item.position} holds {sum(voters.values())} voter marks, not {MEMBERS}"
                f" (missing {missing[:5]}, twice {twice[:5]})"
            )
        if got != want:
            problems.append(
                f"item {item.position}: counters for/against/abstain {got}, the members sent {want}"
            )
        if item.state != ItemState.VOTING:
            problems.append(f"item {item.position} is {item.state}, its voting should still be open")
    return problems, ballots


def _check_nominations(seed: Seed) -> tuple[list[str], Counter]:
    """Each nomination: the planned state, version 1, exactly submit then accept/return."""
    from nominations.models import Nomination

    problems, states = [], Counter()
    nominations = Nomination.objects.filter(round_id=seed.round_pk).in_bulk()
    if len(nominations) != UNITS:
        problems.append(f"the round holds {len(nominations)} nominations, not {UNITS}")
    for case in seed.units:
        nomination = nominations.get(case.nomination_pk)
        if nomination is None:
            problems.append(f"{case.username}'s nomination {case.nomination_pk} is gone")
            continue
        want_state = "accepted" if case.plan == "accept" else "returned"
        states[nomination.state] += 1
        moves = list(
            nomination.transitions.order_by("pk").values_list("from_state", "to_state", "actor__username")
        )
        want_moves = [("draft", "submitted", case.username), ("submitted", want_state, seed.officer)]
        versions = nomination.versions.count()
        if (nomination.state, nomination.version, versions, moves) != (want_state, 1, 1, want_moves):
            problems.append(
                f"{case.username}'s nomination is {nomination.state} (want {want_state}), version "
                f"{nomination.version}, {versions} stored versions, transitions {moves}"
            )
    return problems, states


def _check_files(seed: Seed) -> list[str]:
    """Each report scan stored once, with the name, size and SHA-256 sent; every file in the
    dossier storage has its row and every row its file."""
    from django.conf import settings

    from nominations.models import Attachment, AttachmentKind

    problems = []
    for case in seed.units:
        scans = list(
            Attachment.objects.filter(nomination_id=case.nomination_pk, kind=AttachmentKind.REPORT_SCAN)
        )
        if len(scans) != 1:
            problems.append(f"{case.username}'s nomination holds {len(scans)} report scans, not 1")
            continue
        scan = scans[0]
        with scan.file.open("rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        seen = (scan.original_name, scan.size, digest, scan.uploaded_by.username, scan.replaced_at)
        sent = (case.scan.name, len(case.scan.data), case.scan.sha256, case.username, None)
        if seen != sent:
            problems.append(
                f"{case.username}'s stored scan {seen[:2]} (sha-256 {digest[:12]}…) differs from "
                f"the one sent {sent[:2]} (sha-256 {sent[2][:12]}…)"
            )
    stored = {
        path.relative_to(settings.MEDIA_ROOT).as_posix()
        for path in Path(settings.MEDIA_ROOT, "dossiers").rglob("*")
        if path.is_file()
    }
    rows = set(Attachment.objects.values_list("file", flat=True))
    if stored != rows:
        problems.append(
            f"storage and rows differ: {len(stored - rows)} files without a row, "
            f"{len(rows - stored)} rows without a file"
        )
    return problems


def _check_server(clients: dict[str, Client], log: Path) -> tuple[list[str], int, int]:
    """No 5xx and no dropped connection seen by a client; none in gunicorn's log either."""
    exchanges = [e for client in clients.values() for e in client.exchanges]
    problems = [
        f"{e.who} got {e.status or 'no answer'} on {e.method} {e.path}"
        for e in exchanges
        if e.status >= 500 or e.status == 0
    ]
    text = log.read_text(errors="replace")
    lines = [match for line in text.splitlines() if (match := ACCESS_LINE.match(line))]
    problems += [
        f"gunicorn logged {m.group(1)} for {m.group(2)} {m.group(3)}" for m in lines if int(m.group(1)) >= 500
    ]
    for marker in ("Traceback", "WORKER TIMEOUT", "[ERROR]", "[CRITICAL]"):
        if marker in text:
            problems.append(f"gunicorn's log holds “{marker}”")
    if len(lines) < len(exchanges):
        problems.append(f"gunicorn's log holds {len(lines)} requests, fewer than the {len(exchanges)} sent")
    return problems, len(exchanges), len(lines)


def _fail_if(problems: list[str], what: str) -> None:
    if problems:
        more = f" (+{len(problems) - 6} more)" if len(problems) > 6 else ""
        raise common.DrillFailure(f"{what}: " + "; ".join(problems[:6]) + more)


# --------------------------------------------------------------------------- the drill


def drill(stack: contextlib.ExitStack, workdir: Path) -> str:
    server = common.start_postgres(stack, workdir)
    _redis, broker = common.start_redis(stack, workdir)
    env = {
        **common.portal_env(server.url(), workdir / "media", broker_url=broker, debug=False),
        "CACHE_URL": broker.rsplit("/", 1)[0] + "/1",
    }
    common.migrate(env)
    # Seeding opens the voting, which e-mails the members: keep those out of this output.
    common.setup_django({**env, "EMAIL_URL": "memorymail://"})
    from django.db import connections

    stack.callback(connections.close_all)
    start = time.monotonic()
    seed = _seed()
    _plan(seed)
    common.say(
        f"seeded {MEMBERS} members, {len(seed.items)} items, {UNITS} units "
        f"in {time.monotonic() - start:.0f} s"
    )
    gunicorn, base = common.start_gunicorn(stack, workdir, env=env, workers=WORKERS)
    start = time.monotonic()
    clients = _log_in_all(base, [*seed.members, *(case.username for case in seed.units), seed.officer])
    common.say(f"{len(clients)} accounts signed in in {time.monotonic() - start:.0f} s")
    load = _load(clients, seed)
    common.say(f"load done in {load.seconds:.1f} s ({load.desk.pages} queue pages)")
    services.stop(gunicorn)  # every access-log line written before it is read
    return _count(seed, clients, load, workdir / "gunicorn.log")


def _count(seed: Seed, clients: dict[str, Client], load: Load, log: Path) -> str:
    """Everything counted after the load (from the database, the storage and gunicorn's log);
    raises DrillFailure naming each mismatch, with what the clients saw beside it."""
    server_problems, requests, logged = _check_server(clients, log)
    _fail_if(server_problems, "server errors")
    ballot_problems, ballots = _check_ballots(seed)
    nomination_problems, states = _check_nominations(seed)
    stored = ballot_problems + nomination_problems + _check_files(seed)
    unmatched = sorted({case.nomination_pk for case in seed.units} - load.desk.matched)
    seen = load.errors + (
        [f"the officer's download of nominations {unmatched[:5]} differs from the scan sent"]
        if unmatched
        else []
    )
    _fail_if(stored + seen, "the database does not hold what was sent" if stored else "clients saw a problem")
    slowest = max(
        e.seconds for client in clients.values() for e in client.exchanges if e.started >= load.started
    )
    return (
        f"{MEMBERS} members cast {ballots} ballots on {len(seed.items)} items (marks and counters "
        f"equal to the choices sent); {UNITS} nominations submitted with {UNITS} report scans "
        f"(sha-256 equal in storage and as downloaded); the officer read {load.desk.pages} review-queue "
        f"pages, opened {len(load.desk.decided)} dossiers ({load.desk.files} files downloaded), "
        f"{states['accepted']} accepted and {states['returned']} returned; 0 server errors in "
        f"{requests} responses and {logged} access-log lines; {len(clients)} clients at once in "
        f"{load.seconds:.1f} s (votes and submissions done in {load.others_seconds:.1f} s, slowest "
        f"response {slowest:.1f} s)"
    )


if __name__ == "__main__":
    common.main(NAME, drill)
