"""Drill: `manage.py backup` of a filled portal, `manage.py restore` into an empty database
and an empty media folder, and the two compared.

    python -m drills.backup_restore          PostgreSQL, then SQLite
    python -m drills.backup_restore --postgresql-only

The demo commune (`seed_demo`) fills the database: registry awards, nominations with their
scanned attachments, issued decisions with frozen snapshots and PDFs, counters, the audit
log. Compared: every Award row's fields, nominations, attachments (rows and file bytes by
SHA-256), decisions (numbers, snapshots, PDF bytes), counters, the audit log's size, the row
count of every table, and every file of MEDIA_ROOT.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

from drills import common

NAME = "backup_restore"


def fingerprint() -> dict:
    """What must survive a restore, as plain JSON (run inside Django on one database)."""
    from auditlog.models import LogEntry
    from django.apps import apps
    from django.conf import settings
    from django.core.serializers.json import DjangoJSONEncoder
    from django.db.models.fields.files import FieldFile

    from awards.models import Award, Decision, DocumentCounter
    from nominations.models import Attachment, Nomination

    def rows(model, *, files=()):
        fields = [f.attname for f in model._meta.concrete_fields]
        out = []
        for obj in model.objects.order_by("pk"):
            row = {name: getattr(obj, name) for name in fields}
            row.update({name: row[name].name for name in row if isinstance(row[name], FieldFile)})
            for name in files:
                field = getattr(obj, name)
                row[f"{name}_sha256"] = hashlib.sha256(field.read()).hexdigest() if field else ""
                if field:
                    field.close()
            out.append(row)
        return out

    media = Path(settings.MEDIA_ROOT)
    data = {
        "awards": rows(Award),
        "nominations": rows(Nomination),
        "attachments": rows(Attachment, files=("file",)),
        "decisions": rows(Decision, files=("pdf",)),
        "counters": rows(DocumentCounter),
        "audit_log_entries": LogEntry.objects.count(),
        "table_rows": {m._meta.label: m.objects.count() for m in apps.get_models()},
        "media": {
            p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(media.rglob("*"))
            if p.is_file()
        },
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _fingerprint_of(env: dict[str, str]) -> dict:
    done = subprocess.run(  # noqa: S603 - this module, in a process on the given database
        [common.PYTHON, "-m", "drills.backup_restore", "--fingerprint"],
        env=env,
        cwd=common.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise common.DrillFailure(f"fingerprint failed: {done.stderr[-1500:]}")
    return json.loads(done.stdout)


def _differences(before: dict, after: dict) -> list[str]:
    found = []
    for key in before:
        if before[key] != after.get(key):
            if isinstance(before[key], list):
                wrong = sum(1 for a, b in zip(before[key], after.get(key) or [], strict=False) if a != b)
                found.append(
                    f"{key} ({len(before[key])} vs {len(after.get(key) or [])} rows, {wrong} differ)"
                )
            elif isinstance(before[key], dict):
                keys = {
                    k
                    for k in before[key].keys() | after[key].keys()
                    if before[key].get(k) != after[key].get(k)
                }
                found.append(f"{key} ({sorted(keys)[:5]})")
            else:
                found.append(f"{key} ({before[key]} vs {after.get(key)})")
    return found


def round_trip(label: str, workdir: Path, source_url: str, target_url: str) -> str:
    """Seed, back up, restore into the empty `target_url`, compare; returns what was shown."""
    source = common.portal_env(source_url, workdir / "media")
    target_media = workdir / "restored-media"
    target_media.mkdir()
    target = common.portal_env(target_url, target_media)
    common.migrate(source)
    start = time.monotonic()
    common.manage("seed_demo", "--force", env=source)
    common.say(f"{label}: demo seeded in {time.monotonic() - start:.0f} s")
    archive = workdir / f"backup-{label}.tar.gz"
    start = time.monotonic()
    common.manage("backup", str(archive), env=source)
    backup_s = time.monotonic() - start
    start = time.monotonic()
    restored = common.manage("restore", str(archive), env=target)
    restore_s = time.monotonic() - start
    common.say(f"{label}: {restored.stdout.strip()}")
    before, after = _fingerprint_of(source), _fingerprint_of(target)
    counts = {k: len(before[k]) for k in ("awards", "nominations", "attachments", "decisions", "media")}
    if not all(counts.values()) or not before["audit_log_entries"]:
        raise common.DrillFailure(f"{label}: the demo left something empty, nothing to compare: {counts}")
    differences = _differences(before, after)
    if differences:
        raise common.DrillFailure(f"{label}: the restored portal differs: {'; '.join(differences)}")
    again = common.manage("restore", str(archive), env=target, check=False)
    if again.returncode == 0 or "already has" not in again.stderr:
        raise common.DrillFailure(f"{label}: a second restore into the filled database was not refused")
    return (
        f"{label} identical after restore ({counts['awards']} awards, {counts['nominations']} nominations, "
        f"{counts['attachments']} attachments, {counts['decisions']} decisions, {len(before['counters'])} counters, "
        f"{before['audit_log_entries']} audit entries, {counts['media']} files; "
        f"backup {archive.stat().st_size / 1e6:.1f} MB in {backup_s:.1f} s, restore {restore_s:.1f} s)"
    )


def drill(stack: contextlib.ExitStack, workdir: Path) -> str:
    shown = []
    server = common.start_postgres(stack, workdir)
    folder = workdir / "postgresql"
    folder.mkdir()
    shown.append(round_trip("PostgreSQL", folder, server.url(), server.create_database("restored")))
    if "--postgresql-only" not in sys.argv:
        folder = workdir / "sqlite"
        folder.mkdir()
        shown.append(
            round_trip(
                "SQLite",
                folder,
                f"sqlite:///{folder / 'portal.sqlite3'}",
                f"sqlite:///{folder / 'restored.sqlite3'}",
            )
        )
    return "; ".join(shown) + "; a restore into a database in use is refused"


if __name__ == "__main__":
    if "--fingerprint" in sys.argv:
        import django

        django.setup()
        print(json.dumps(fingerprint()))
    else:
        common.main(NAME, drill)
