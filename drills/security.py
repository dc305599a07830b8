"""Security drill: malformed uploads and Excel files through the real endpoints, login
throttling, and the authorization matrix over a seeded database.

Run from the project folder (a throwaway SQLite database and media folder; nothing else is
touched):

    DEBUG=1 .venv/bin/python -m drills.security                 # everything
    DEBUG=1 .venv/bin/python -m drills.security --small         # 30 files, no matrix
    DEBUG=1 .venv/bin/python -m drills.security --seed 0        # matrix without the bulk seed

1. Every file of `drills.malformed` is posted through Django's test client, signed in as a
   role allowed to use the endpoint: the Excel imports (upload, preview, confirm) of units,
   cadres, ratings, results and awards; a nomination's dossier file, an initiative's
   evidence, the council's signed minutes and the certificate emblem. A malformed file must
   be refused with a message and leave no row and no stored file; a valid control must be
   accepted. Each file is recorded (endpoint, file, expected, got) and flagged "accepted
   wrongly" or "server error". The process's peak memory is printed: the zip bombs must not
   be unpacked.
2. LOGIN_FAILURE_LIMIT wrong passwords for one user from one address lock that pair
   (django-axes): the right password is then refused, while another user, and the same user
   from another address, still sign in.
3. The authorization matrix of tests/test_authorization.py (every URL pattern, every role)
   after a bulk seed (bench.review_queue: units, people, a round with N nominations), each
   case in a savepoint rolled back afterwards, as pytest-django does.

Prints one table and, last, `PASS security: ...` or `FAIL security: ...` (exit 0 / 1).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import logging
import os
import pathlib
import resource
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from drills import malformed
from drills.malformed import ACCEPT, REFUSE, SAFE, ExcelSpec, Sample

MEMORY_LIMIT_MB = 1024  # peak RSS of the whole drill; a bomb unpacked in memory passes it at once
OWN_UNIT = "Trung tâm Phục vụ hành chính công"
PASSWORD = "thidua2026"  # noqa: S105 - tests.factories.UserFactory's, for throwaway users
PERSONAS = {  # role -> (username, unit key, membership role, extra user fields): as tests/conftest.py
    "unit_staff": ("staff", "own", "unit_staff", {}),
    "unit_head": ("head", "own", "unit_head", {}),
    "other_staff": ("otherstaff", "other", "unit_staff", {}),
    "vhxh_officer": ("officer", "office", "vhxh", {}),
    "council_member": ("member", "other", "council_member", {}),
    "council_secretary": ("secretary", "office", "council_secretary", {}),
    "chairman": ("chair", "office", "chairman", {}),
    "administrator": ("root", "office", "admin", {"is_staff": True, "is_superuser": True}),
}
# Which persona posts to which import kind (tests/test_authorization.py: OFFICE, UNIT_WORKERS, HEADS).
IMPORT_ACTORS = {
    "units": "vhxh_officer",
    "cadres": "unit_staff",
    "ratings": "vhxh_officer",
    "results": "unit_staff",
    "awards": "vhxh_officer",
}
UPLOAD_TYPES = {
    "dossier": {"pdf", "jpg", "jpeg", "png", "docx", "xlsx"},
    "evidence": {"pdf", "jpg", "jpeg", "png", "docx", "xlsx"},
    "minutes": {"pdf", "jpg", "jpeg", "png"},
    "emblem": {"png", "jpg", "jpeg", "svg"},
}
GIAY_KHEN = "Giấy khen của Chủ tịch UBND xã"


@dataclass
class Record:
    endpoint: str
    sample: Sample
    expected: str
    status: str = ""  # e.g. "200", "302>200"
    outcome: str = ""  # refused / accepted / error
    detail: str = ""  # the message, the row count or the traceback's last line
    seconds: float = 0.0
    flag: str = ""  # "", "accepted wrongly", "server error", "refused wrongly", "kept data"

    @property
    def ok(self) -> bool:
        return not self.flag


@dataclass
class Report:
    records: list[Record] = field(default_factory=list)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (what, passed, detail)
    notes: list[str] = field(default_factory=list)

    def check(self, what: str, passed: bool, detail: str = "") -> None:
        self.checks.append((what, passed, detail))

    @property
    def failures(self) -> list[str]:
        bad = [
            f"{r.endpoint} {r.sample.name!r} ({r.sample.description}): {r.flag}: {r.detail}"
            for r in self.records
            if r.flag
        ]
        return bad + [f"{what}: {detail}" for what, passed, detail in self.checks if not passed]


# --- the world -----------------------------------------------------------------------------


def make_personas(units: dict) -> dict:
    """The personas of tests/conftest.py (same usernames and roles) on `units` ("own",
    "other", "office"); returns the world dict the matrix builders and the drill read."""
    from tests.factories import MembershipFactory, UserFactory

    world: dict = {"own_unit": units["own"], "other_unit": units["other"], "office_unit": units["office"]}
    for role, (username, unit, membership, extra) in PERSONAS.items():
        user = UserFactory(username=username, **extra)
        MembershipFactory(user=user, unit=units[unit], role=membership)
        world[role] = user
    return world


def make_world() -> dict:
    """Units, the personas and the objects the uploads go to, in an empty database."""
    from council.models import SessionState
    from nominations.models import AwardForm
    from tests.factories import UnitFactory
    from tests.factories.campaigns import CampaignFactory, IndicatorFactory, InitiativeFactory
    from tests.factories.council import CouncilSessionFactory
    from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

    world = make_personas(
        {
            "own": UnitFactory(name=OWN_UNIT, advises_cchc=True),
            "other": UnitFactory(name="Phòng Kinh tế"),
            "office": UnitFactory(name="Phòng Văn hóa – Xã hội"),
        }
    )
    proposal = ProposalFactory(round=RoundFactory(), unit=world["own_unit"])
    world["nomination"] = NominationFactory(proposal=proposal)
    world["initiative"] = InitiativeFactory(owner_unit=world["own_unit"])
    world["session"] = CouncilSessionFactory(state=SessionState.CLOSED)
    campaign = CampaignFactory(code="cchc-2026-2030")
    indicator = IndicatorFactory(
        campaign=campaign, code="dvc-truc-tuyen", name="Dịch vụ công trực tuyến", order=1
    )
    indicator.reporting_units.add(world["own_unit"])
    AwardForm.objects.get_or_create(
        code="giay-khen-chu-tich", defaults={"name": GIAY_KHEN, "level": "commune"}
    )
    return world


def scale_world(sizes: dict, report: Report) -> dict:
    """Empty the database, write bench.scale's seed (`sizes` as its keyword arguments) and
    put the personas on three of its units, as the matrix's world."""
    from bench.common import wipe
    from bench.scale import seed_scale
    from units.models import Unit

    wipe()
    seed = seed_scale(quiet=True, **sizes)
    counts = ", ".join(f"{v:,} {k}" for k, v in seed["counts"].items())
    report.notes.append(f"matrix seed (bench.scale.seed_scale): {counts}, written in {seed['seconds']:.0f} s")
    named = {"own": OWN_UNIT, "other": "Phòng Kinh tế", "office": "Phòng Văn hóa - Xã hội"}
    return make_personas({key: Unit.objects.get(name=name) for key, name in named.items()})


def excel_specs() -> dict[str, ExcelSpec]:
    """Headers and a good row of each import kind (unique per n, so controls never collide)."""
    from thiduaportal.imports import IMPORTERS

    def headers(kind: str) -> list[str]:
        return [c.header for c in IMPORTERS[kind].columns]

    def unit_row(n: int) -> list:
        return [f"Tổ công tác số {n}", "", "Khác", "", "Không", "Thôn Mai Sao", "0243 000 000"]

    def cadre_row(n: int) -> list:
        return [
            f"Trần Văn Kiểm {n}",
            "Nam",
            malformed.good_date(n),
            "Chuyên viên",
            "Công chức",
            OWN_UNIT,
            "Không",
            "",
            "",
        ]

    def rating_row(n: int) -> list:
        return [2000 + n % 25, "Tập thể", OWN_UNIT, "", None, "Hoàn thành tốt nhiệm vụ", "Ghi chú"]

    # Every valid result row takes its own past month, so no file repeats a stored period.
    periods = itertools.cycle(
        [(2025, month) for month in range(1, 13)] + [(2026, month) for month in range(1, 11)]
    )

    def result_row(n: int) -> list:
        year, month = next(periods)
        return [year, month, "dvc-truc-tuyen", "", OWN_UNIT, 45, 60, None, "Ghi chú"]

    def award_row(n: int) -> list:
        return [
            "Tập thể", "", None, OWN_UNIT, "", GIAY_KHEN, 2024, f"{n}/QĐ-UBND",
            datetime.date(2024, 12, 20), "Chủ tịch UBND xã", "Thành tích xuất sắc", "",
        ]  # fmt: skip

    return {
        "units": ExcelSpec("units", headers("units"), unit_row, 0),
        "cadres": ExcelSpec("cadres", headers("cadres"), cadre_row, 3),
        "ratings": ExcelSpec("ratings", headers("ratings"), rating_row, 6),
        "results": ExcelSpec("results", headers("results"), result_row, 8),
        "awards": ExcelSpec("awards", headers("awards"), award_row, 10),
    }


# --- measuring -----------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def data_rows() -> int:
    """Rows in every table of the portal's own apps (what an import could write)."""
    from django.apps import apps

    return sum(
        model.objects.count()
        for label in ("units", "campaigns", "nominations")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    )


def text_contains(marker: str) -> int:
    """How many rows of the portal's own apps hold `marker` in a text column."""
    from django.apps import apps
    from django.db import models
    from django.db.models import Q

    found = 0
    for label in ("units", "campaigns", "nominations"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
            ]
            if fields:
                query = Q()
                for name in fields:
                    query |= Q(**{f"{name}__contains": marker})
                found += model._default_manager.filter(query).count()
    return found


def media_files(root: pathlib.Path, *, skip: str = "imports") -> list[pathlib.Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] != skip]


def _messages(response) -> list[str]:
    context = getattr(response, "context", None)
    texts = []
    if context is not None:
        form = context.get("form")
        if form is not None and form.errors:
            texts += [str(e) for errors in form.errors.values() for e in errors]
        result = context.get("result")
        if result is not None and getattr(result, "errors", None):
            texts += [str(e.message) for e in result.errors]
        texts += [str(m) for m in context.get("messages", []) if "error" in m.tags]
    if response.status_code == 303:
        # An upload stopped while it streamed: back to the form, the reason flashed.
        from django.contrib.messages import get_messages  # noqa: PLC0415 - Django is set up by then

        texts += [str(m) for m in get_messages(response.wsgi_request) if "error" in m.tags]
    return texts


def _error_summary() -> str:
    lines = traceback.format_exc().strip().splitlines()
    frames = [line.strip() for line in lines if line.strip().startswith("File ") and "/.venv/" not in line]
    return f"{lines[-1]} (at {frames[-1] if frames else lines[-3].strip()})"


def _client(user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _judge(record: Record, accepted: bool, *, safe_problem: str = "") -> None:
    record.outcome = "accepted" if accepted else "refused"
    expected = record.expected
    if expected == REFUSE and accepted:
        record.flag = "accepted wrongly"
    elif expected == ACCEPT and not accepted:
        record.flag = "refused wrongly"
    elif expected == SAFE and accepted and safe_problem:
        record.flag = "accepted wrongly"
        record.detail = f"{safe_problem}; {record.detail}"


# --- Excel imports ---------------------------------------------------------------------------


def send_excel(world: dict, kind: str, sample: Sample, data: bytes) -> Record:
    """Upload, preview and (when the preview has no problem) confirm one workbook."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    record = Record(f"import:{kind}", sample, sample.expected)
    client = _client(world[IMPORT_ACTORS[kind]])
    before = data_rows()
    marked = text_contains(sample.marker) if sample.marker else 0
    start = time.perf_counter()
    try:
        upload = SimpleUploadedFile(sample.name, data, content_type=malformed_type(sample.name))
        response = client.post(reverse("import_upload", kwargs={"kind": kind}), {"file": upload})
        statuses = [response.status_code]
        accepted = False
        if response.status_code == 302:
            preview = response["Location"]
            response = client.get(preview)
            statuses.append(response.status_code)
            result = response.context["result"] if response.status_code == 200 else None
            if sample.marker and sample.marker in response.content.decode():
                record.detail = f"preview shows {sample.marker!r}"
                if sample.category == "xml bomb":  # an entity read a server file: a leak even if refused
                    record.flag = "leaked a server file"
            if result is not None and result.ok:
                response = client.post(preview)
                statuses.append(response.status_code)
                accepted = response.status_code == 302
        record.status = ">".join(map(str, statuses))
        messages = _messages(response)
        imported = data_rows() - before
        record.detail = (record.detail + "; " if record.detail else "") + (
            f"{imported} rows imported"
            if accepted
            else (messages[0] if messages else f"no message, {imported} rows")
        )
        if not accepted and not messages:
            record.flag = "refused without a message"
        if not accepted and imported:
            record.flag = "kept data"
        _judge(
            record,
            accepted,
            safe_problem=_excel_safety(world, kind, sample, record, marked) if accepted else "",
        )
    except Exception:  # a 500: the test client re-raises the view's exception
        record.outcome, record.flag, record.detail = "error", "server error", _error_summary()
    record.seconds = time.perf_counter() - start
    return record


def _excel_safety(world: dict, kind: str, sample: Sample, record: Record, marked: int) -> str:
    """Why an accepted hostile workbook is not safe, or "" when it is."""
    if record.detail.startswith("preview shows"):
        return record.detail
    if sample.marker and text_contains(sample.marker) > marked:
        return f"{sample.marker!r} was stored"
    if kind == "units" and sample.category == "formula":
        return _export_formulas(world)
    return ""


def _export_formulas(world: dict) -> str:
    """The list of units exported to Excel must hold values, never a formula."""
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    response = _client(world["vhxh_officer"]).get(reverse("units:export_units"))
    workbook = load_workbook(io.BytesIO(response.content))
    formulas = [
        c.coordinate for s in workbook.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    return f"the units export holds formulas in {', '.join(formulas[:3])}" if formulas else ""


def malformed_type(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {
        "pdf": "application/pdf",
        "png": "image/png",
        "jpg": "image/jpeg",
        "svg": "image/svg+xml",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }.get(extension, "application/octet-stream")


# --- file uploads ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str
    actor: str
    url: Callable[[dict], str]
    payload: Callable[[object], dict]
    stored: Callable[[dict], list]  # what a stored file leaves: rows (newest last)
    download: Callable[[object], str] | None = None


def endpoints() -> list[Endpoint]:
    from django.urls import reverse

    from awards.models import CertificateDesign
    from campaigns.models import InitiativeEvidence
    from council.models import SessionFile
    from nominations.models import Attachment

    def dossier_url(w: dict) -> str:
        nomination = w["nomination"]
        base = reverse("nominations:attachment_upload", args=[nomination.proposal_id])
        return f"{base}?nomination={nomination.pk}&kind=evidence"

    def emblem_rows(w: dict) -> list:
        design = CertificateDesign.current()
        return [design.emblem.name] if design.emblem else []

    return [
        Endpoint(
            "dossier",
            "unit_staff",
            dossier_url,
            lambda f: {"kind": "evidence", "upload": f},
            lambda w: list(Attachment.objects.order_by("pk")),
            lambda a: reverse("nominations:attachment_download", args=[a.pk]),
        ),
        Endpoint(
            "evidence",
            "unit_staff",
            lambda w: reverse("campaigns:initiative_evidence_upload", args=[w["initiative"].pk]),
            lambda f: {"files": [f]},
            lambda w: list(InitiativeEvidence.objects.order_by("pk")),
            lambda e: reverse("campaigns:initiative_evidence", args=[e.pk]),
        ),
        Endpoint(
            "minutes",
            "council_secretary",
            lambda w: reverse("council:session_minutes_upload", args=[w["session"].pk]),
            lambda f: {"upload": f},
            lambda w: list(SessionFile.objects.order_by("pk")),
            lambda s: reverse("council:session_minutes_scan", args=[s.session_id]),
        ),
        Endpoint(
            "emblem",
            "vhxh_officer",
            lambda w: reverse("awards:certificate_design"),
            lambda f: {"emblem": f},
            emblem_rows,
        ),
    ]


def expected_at(endpoint: Endpoint, sample: Sample) -> str:
    extension = sample.name.rsplit(".", 1)[-1].lower() if "." in sample.name else ""
    if sample.expected in (ACCEPT, SAFE) and extension not in UPLOAD_TYPES[endpoint.name]:
        return REFUSE
    return sample.expected


def send_upload(world: dict, endpoint: Endpoint, sample: Sample, data: bytes, media: pathlib.Path) -> Record:
    from django.core.files.uploadedfile import SimpleUploadedFile

    record = Record(endpoint.name, sample, expected_at(endpoint, sample))
    client = _client(world[endpoint.actor])
    rows_before, files_before = endpoint.stored(world), set(media_files(media))
    start = time.perf_counter()
    try:
        upload = SimpleUploadedFile(sample.name, data, content_type=malformed_type(sample.name))
        response = client.post(endpoint.url(world), endpoint.payload(upload))
        record.status = str(response.status_code)
        rows_after, files_after = endpoint.stored(world), set(media_files(media))
        accepted = len(rows_after) != len(rows_before) or rows_after[-1:] != rows_before[-1:]
        messages = _messages(response)
        new_files = files_after - files_before
        if accepted:
            record.detail = f"stored: {len(new_files)} file(s)"
            problem = _stored_problem(client, endpoint, rows_after[-1], new_files, media)
        else:
            record.detail = messages[0] if messages else f"no message (status {response.status_code})"
            problem = ""
            if not messages:
                record.flag = "refused without a message"
            if new_files:
                record.flag = "kept data"
                record.detail += f"; {len(new_files)} file(s) left in the media folder"
        _judge(record, accepted, safe_problem=problem)
        if accepted and record.expected == ACCEPT and problem:
            record.flag, record.detail = "accepted badly", f"{problem}; {record.detail}"
    except Exception:
        record.outcome, record.flag, record.detail = "error", "server error", _error_summary()
    record.seconds = time.perf_counter() - start
    return record


def _stored_problem(client, endpoint: Endpoint, stored, new_files: set, media: pathlib.Path) -> str:
    """Why an accepted file is not safely kept: outside the media folder, a name with control
    characters or not in NFC, or no download."""
    root = media.resolve()
    if any(root not in p.resolve().parents for p in new_files) or len(new_files) != 1:
        return f"{len(new_files)} new files in the media folder"
    name = getattr(stored, "original_name", stored if isinstance(stored, str) else "")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        return f"the stored name keeps control characters: {name!r}"
    if name != unicodedata.normalize("NFC", name):
        return f"the stored name is not NFC: {name!r}"
    if endpoint.download is not None:
        response = client.get(endpoint.download(stored))
        if response.status_code != 200:
            return f"its download answers {response.status_code}"
        disposition = response.get("Content-Disposition", "")
        if any(ord(ch) < 32 for ch in disposition):
            return f"its download header holds control characters: {disposition!r}"
        # Read to the end: the test client then closes the file without closing the
        # database connection (response.close() would, inside a test's transaction).
        b"".join(response.streaming_content) if response.streaming else response.content
    return ""


# --- the runs ----------------------------------------------------------------------------------


def excel_plan(specs: dict[str, ExcelSpec], *, max_rows: int, max_bytes: int) -> list[tuple[str, Sample]]:
    """(kind, sample) pairs: light samples to every kind, heavy ones to one kind each, in turn."""
    counter = itertools.count(1)
    kinds = list(specs)
    turn = itertools.cycle(kinds)
    plan = []
    by_kind = {
        kind: malformed.excel_samples(
            spec, max_rows=max_rows, max_bytes=max_bytes, serial=lambda: next(counter)
        )
        for kind, spec in specs.items()
    }
    heavy_done: set[str] = set()
    for kind in kinds:
        for sample in by_kind[kind]:
            if not sample.heavy:
                plan.append((kind, sample))
    for index, sample in enumerate(by_kind[kinds[0]]):
        if sample.heavy and sample.description not in heavy_done:
            kind = next(turn)
            plan.append((kind, by_kind[kind][index]))
            heavy_done.add(sample.description)
    return plan


def run_files(world: dict, media: pathlib.Path, *, only: Iterable[str] | None = None, log=print) -> Report:
    """Send every sample (or the ones named in `only`) through its endpoints."""
    from django.conf import settings
    from django.core.cache import cache

    report = Report()
    wanted = set(only) if only is not None else None
    plan = excel_plan(excel_specs(), max_rows=settings.IMPORT_MAX_ROWS, max_bytes=settings.IMPORT_MAX_BYTES)
    for kind, sample in plan:
        if wanted is not None and sample.name not in wanted:
            continue
        cache.clear()  # rate limits count per address; every request here comes from 127.0.0.1
        record = send_excel(world, kind, sample, sample.build())
        report.records.append(record)
        _log(log, record)
    for sample in malformed.upload_samples(max_bytes=settings.UPLOAD_MAX_BYTES):
        if wanted is not None and sample.name not in wanted:
            continue
        data = sample.build()
        for endpoint in endpoints():
            cache.clear()
            record = send_upload(world, endpoint, sample, data, media)
            report.records.append(record)
            _log(log, record)
        del data
    return report


def _log(log, record: Record) -> None:
    if record.flag:
        log(f"  ! {record.endpoint:15} {record.sample.name[:40]!r:44} {record.flag}: {record.detail[:160]}")


def run_throttle(world: dict, report: Report) -> None:
    """LOGIN_FAILURE_LIMIT failures lock one username at one address, nothing else."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    url, limit = reverse("login"), settings.AXES_FAILURE_LIMIT
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    answers = [
        attacker.post(url, {"username": "staff", "password": f"sai{n}"}).status_code for n in range(limit)
    ]
    locked = attacker.post(url, {"username": "staff", "password": PASSWORD})
    report.check(
        f"{limit} failed logins lock 'staff' at 203.0.113.7",
        locked.status_code == 429 and "_auth_user_id" not in attacker.session,
        f"failures answered {answers}, then the right password answered {locked.status_code}",
    )
    other_user = Client(REMOTE_ADDR="203.0.113.7").post(url, {"username": "head", "password": PASSWORD})
    report.check(
        "another user at the same address signs in",
        other_user.status_code == 302,
        f"answered {other_user.status_code}",
    )
    elsewhere = Client(REMOTE_ADDR="198.51.100.9").post(url, {"username": "staff", "password": PASSWORD})
    report.check(
        "the same user from another address signs in",
        elsewhere.status_code == 302,
        f"answered {elsewhere.status_code}",
    )


def run_matrix(world: dict, report: Report, *, prefix: str = "", log=print) -> None:
    """Every URL pattern as every role (tests/test_authorization.py), each case rolled back."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from tests.authz import LOGIN, ROLES
    from tests.test_authorization import MATRIX

    clients = {role: Client() if role == "anonymous" else _client(world[role]) for role in ROLES}
    for client in clients.values():
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    base = {k: world[k] for k in ("own_unit", "other_unit", "own_cadre", "other_cadre", "job")}
    wrong, errors, total, names = [], [], 0, 0
    for name, cases in MATRIX.items():
        if not name.startswith(prefix):
            continue
        names += 1
        for label, build, expected in cases:
            for role in ROLES:
                cache.clear()
                total += 1
                try:
                    with transaction.atomic():
                        url = reverse(name, kwargs=build(dict(base)) if build else None)
                        response = clients[role].get(url)
                        transaction.set_rollback(True)
                except Exception:
                    errors.append(f"{name}[{label}] as {role}: {_error_summary()}")
                    continue
                want = expected[role]
                if want == LOGIN:
                    good = response.status_code == 302 and response["Location"].startswith(reverse("login"))
                else:
                    good = response.status_code == want
                if not good:
                    wrong.append(f"{name}[{label}] as {role}: {response.status_code}, expected {want}")
    for line in (wrong + errors)[:20]:
        log(f"  ! matrix {line}")
    report.check(
        f"authorization matrix: {total} URL x role requests",
        not wrong and not errors,
        f"{len(wrong)} wrong answers, {len(errors)} server errors",
    )
    report.notes.append(
        f"matrix: {total} requests over {names} URL names, {len(wrong)} wrong, {len(errors)} errors"
    )


def matrix_world(world: dict) -> None:
    """What tests/test_authorization.py's `world` fixture adds: people and a finished job."""
    from django.core.files.base import ContentFile

    from tests.factories import CadreFactory
    from thiduaportal.models import Job, JobState

    job = Job.objects.create(
        owner=world["vhxh_officer"], kind="cadres", state=JobState.DONE, filename="x.xlsx"
    )
    job.file.save("x.xlsx", ContentFile(b"PK"), save=True)
    world.update(
        own_cadre=CadreFactory(unit=world["own_unit"]),
        other_cadre=CadreFactory(unit=world["other_unit"]),
        job=job,
    )


# --- output ------------------------------------------------------------------------------------


def write_records(report: Report, path: pathlib.Path) -> None:
    """One line per file sent: endpoint, file, description, expected, got, flag."""
    columns = [
        "endpoint",
        "file",
        "description",
        "category",
        "expected",
        "status",
        "outcome",
        "detail",
        "seconds",
        "flag",
    ]
    lines = ["\t".join(columns)]
    for r in report.records:
        values = [
            r.endpoint, repr(r.sample.name)[1:-1], r.sample.description, r.sample.category, r.expected,
            r.status, r.outcome, r.detail, f"{r.seconds:.3f}", r.flag,
        ]  # fmt: skip
        lines.append("\t".join(" ".join(str(v).split()) for v in values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def table(report: Report) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in report.records:
        column = {
            "server error": "server errors",
            "accepted wrongly": "accepted wrongly",
        }.get(r.flag, "")
        if not column:
            if r.flag:
                column = "other problems"
            else:
                column = "accepted ok" if r.outcome == "accepted" else "refused ok"
        counts[r.endpoint][column] += 1
    columns = ["refused ok", "accepted ok", "accepted wrongly", "server errors", "other problems"]
    lines = [f"{'endpoint':16}" + "".join(f"{c:>18}" for c in columns) + f"{'slowest s':>11}"]
    for endpoint in sorted(counts):
        slowest = max(r.seconds for r in report.records if r.endpoint == endpoint)
        lines.append(
            f"{endpoint:16}" + "".join(f"{counts[endpoint][c]:>18}" for c in columns) + f"{slowest:>11.2f}"
        )
    total = Counter()
    for c in counts.values():
        total.update(c)
    lines.append(f"{'total':16}" + "".join(f"{total[c]:>18}" for c in columns))
    return "\n".join(lines)


def summary(report: Report, files: int) -> tuple[bool, str]:
    failures = report.failures
    flags = Counter(r.flag for r in report.records if r.flag)
    checks = sum(1 for _w, passed, _d in report.checks if passed)
    if failures:
        why = ", ".join(f"{n} {flag}" for flag, n in flags.items()) or "checks failed"
        failed_checks = [w for w, passed, _d in report.checks if not passed]
        return False, f"{why} among {files} files" + (
            f"; failed: {'; '.join(failed_checks)}" if failed_checks else ""
        )
    return True, (
        f"{files} malformed and control files ({sum(1 for r in report.records if r.outcome == 'refused')} refused, "
        f"{sum(1 for r in report.records if r.outcome == 'accepted')} accepted as expected), no server error, "
        f"{checks} throttling/matrix checks passed, peak memory {peak_rss_mb():.0f} MB"
    )


FULL_SCALE = {
    "units": 80,
    "cadres": 2000,
    "years": 10,
    "nominations": 20000,
    "results": 200000,
    "awards": 5000,
}
TINY_SCALE = {"units": 12, "cadres": 100, "years": 2, "nominations": 100, "results": 1000, "awards": 100}
SMALL_SCALE = {
    "units": 80,
    "cadres": 2000,
    "years": 10,
    "nominations": 5000,
    "results": 20000,
    "awards": 2000,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="30 files and no matrix (a smoke run)")
    parser.add_argument(
        "--scale",
        choices=["full", "small", "tiny", "none"],
        default="full",
        help="the seed under the matrix: the issue's scale seed, a quarter of it, a smoke-test one or none",
    )
    parser.add_argument("--no-matrix", action="store_true")
    parser.add_argument("--records", metavar="PATH", help="write every file's record here (tab-separated)")
    parser.add_argument("--matrix", default="", metavar="PREFIX", help="only the URL names starting so")
    parser.add_argument("--only", action="append", metavar="FILE", help="send only this file (repeatable)")
    args = parser.parse_args(argv)
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks inline: the drill starts no worker

    from bench.common import temporary_database

    started = time.perf_counter()
    try:
        with (
            temporary_database("drill-security-"),
            tempfile.TemporaryDirectory(prefix="drill-media-") as media,
        ):
            report = _run(pathlib.Path(media), args)
    except Exception:
        traceback.print_exc()
        print(f"FAIL security: the drill itself crashed: {_error_summary()}")
        return 1
    if args.records:
        write_records(report, pathlib.Path(args.records))
    print()
    print(table(report))
    for what, passed, detail in report.checks:
        print(f"{'ok  ' if passed else 'FAIL'} {what}: {detail}")
    for note in report.notes:
        print(f"note: {note}")
    for line in report.failures[:80]:
        print(f"  - {line}")
    print(
        f"{len(report.records)} uploads; {time.perf_counter() - started:.0f} s; peak RSS {peak_rss_mb():.0f} MB"
    )
    passed, line = summary(report, len(report.records))
    print(f"{'PASS' if passed else 'FAIL'} security: {line}")
    return 0 if passed else 1


def _run(media: pathlib.Path, args) -> Report:
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()  # responses carry their template context, mail stays in memory
    for quiet in ("axes", "django.request"):  # each refused login and 4xx would print a line
        logging.getLogger(quiet).setLevel(logging.ERROR)
    settings.MEDIA_ROOT = str(media)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    print(
        f"security drill: IMPORT_MAX_ROWS={settings.IMPORT_MAX_ROWS}, IMPORT_MAX_BYTES="
        f"{settings.IMPORT_MAX_BYTES}, UPLOAD_MAX_BYTES={settings.UPLOAD_MAX_BYTES}, "
        f"LOGIN_FAILURE_LIMIT={settings.AXES_FAILURE_LIMIT}",
        flush=True,
    )
    world = make_world()
    clock = time.perf_counter()
    report = run_files(world, media, only=args.only or (SMALL_SET if args.small else None))
    report.notes.append(f"files sent in {time.perf_counter() - clock:.0f} s")
    waiting = len(list((media / "imports").glob("*"))) if (media / "imports").exists() else 0
    report.notes.append(
        f"{waiting} refused workbooks wait in media/imports/ (the upload keeps them for the preview)"
    )
    if not args.small and not args.only:
        files = len({(r.endpoint.startswith("import"), r.sample.name) for r in report.records})
        report.check("at least 200 malformed and control files", files >= 200, f"{files} files")
    rss = peak_rss_mb()
    report.check(
        f"peak memory under {MEMORY_LIMIT_MB} MB after the files", rss < MEMORY_LIMIT_MB, f"{rss:.0f} MB"
    )
    run_throttle(world, report)
    if args.matrix or (not args.small and not args.only and not args.no_matrix):
        clock = time.perf_counter()
        sizes = {"full": FULL_SCALE, "small": SMALL_SCALE, "tiny": TINY_SCALE}.get(args.scale)
        if sizes:
            world = scale_world(sizes, report)
        else:
            from bench.common import wipe

            wipe()
            world = make_world()
        matrix_world(world)
        run_matrix(world, report, prefix=args.matrix)
        report.notes.append(f"matrix (with its seed) in {time.perf_counter() - clock:.0f} s")
    return report


# The reduced set (also tests/test_security_drill.py): one or two of every category.
SMALL_SET = {
    "units-exe.xlsx", "cadres-docx.xlsx", "ratings-cut50.xlsx", "results-cut99.xlsx", "awards-zip.xlsx",
    "ratings-bomb-lie.xlsx", "units-laughs-ss.xlsx", "cadres-xxe-ss.xlsx", "units-eq-dde.xlsx",
    "units-f-dde.xlsx", "units-plus.xlsx", "ratings-empty.xlsx", "results-cp1258.xlsx", "awards-merged.xlsx",
    "awards-rows.xlsx", "cadres-good.xlsx", "awards-nfd.xlsx", "units-good.xlsx",
    "renamed-exe.pdf", "renamed-html.jpg", "renamed-svg.png", "cut-pdf-half.pdf", "cut-docx-half.docx",
    "empty.pdf", "utf16.svg", "emblem-script.svg", "Tờ trình.pdf", "Ảnh minh chứng.png", "Quốc huy.svg",
    "bao\x07cao\x1b[2J.pdf",
}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
