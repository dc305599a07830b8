"""`manage.py backup PATH.tar.gz`: the database and every uploaded or generated file in one
archive, with a manifest to check a restore against.

Inside the archive:
  manifest.json  date, database engine, applied migrations, the files with their SHA-256
  database.dump  PostgreSQL: `pg_dump --format=custom`; or
  database.sqlite3  SQLite: a consistent copy made with SQLite's online backup API
  media/...      MEDIA_ROOT as it is
The archive is written next to PATH under a temporary name and renamed when complete, so
a half-written backup never has the final name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from thiduaportal.filestore import refuse_object_store

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(media_root: Path) -> list[str]:
    """Every file under `media_root`, as sorted POSIX paths relative to it."""
    if not media_root.is_dir():
        return []
    return sorted(p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file())


def pg_tool(name: str) -> Path:
    """`pg_dump` or `pg_restore` of the newest PostgreSQL installed (it reads older
    servers' databases), else the one on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path is None:
        raise CommandError(
            f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client)."
        )
    return Path(on_path)


def pg_connection_args(db: dict) -> list[str]:
    """The host, port, user and database of Django's connection settings `db`."""
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    return args


def pg_env(db: dict) -> dict[str, str]:
    """The environment for the PostgreSQL tools: the password never goes on a command line."""
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


class Command(BaseCommand):
    help = "Write the database and MEDIA_ROOT into one .tar.gz archive (see README, Backup and restore)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. /var/backups/thidua-2026-11-26.tar.gz")

    def handle(self, *args, path: str, **options) -> None:
        refuse_object_store("backup")
        target = Path(path).resolve()
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(prefix="thidua-backup-") as folder:
            dump = self._dump_database(Path(folder))
            files = media_files(media_root)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "django": django.get_version(),
                "database": {"name": dump.name, "sha256": sha256_of(dump), "size": dump.stat().st_size},
                "migrations": self._migrations(),
                "file_count": len(files),
                "files": {name: sha256_of(media_root / name) for name in files},
            }
            partial = target.with_name(f".{target.name}.partial")
            try:
                with tarfile.open(partial, "w:gz") as archive:
                    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
                    archive.addfile(info, io.BytesIO(data))
                    archive.add(dump, arcname=dump.name, recursive=False)
                    for name in files:
                        archive.add(media_root / name, arcname=f"{MEDIA}/{name}", recursive=False)
                partial.chmod(0o600)  # it holds every person's data and the password hashes
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
        size = target.stat().st_size
        self.stdout.write(
            f"Backup written to {target} ({size / 1e6:.1f} MB): {connection.vendor} database "
            f"({len(manifest['migrations'])} migrations applied), {len(files)} files from {media_root}."
        )

    def _migrations(self) -> list[str]:
        recorder = MigrationRecorder(connection)
        return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())

    def _dump_database(self, folder: Path) -> Path:
        if connection.vendor == "postgresql":
            dump = folder / PG_DUMP
            db = settings.DATABASES["default"]
            command = [
                str(pg_tool("pg_dump")),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={dump}",
                *pg_connection_args(db),
            ]
            done = subprocess.run(  # noqa: S603 - fixed binary, arguments from settings
                command, env=pg_env(db), capture_output=True, text=True, check=False
            )
            if done.returncode:
                raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
            return dump
        if connection.vendor == "sqlite":
            dump = folder / SQLITE_DUMP
            connection.ensure_connection()
            copy = sqlite3.connect(dump)
            try:
                # The online backup API copies a consistent state while others keep writing.
                connection.connection.backup(copy)
            finally:
                copy.close()
            return dump
        raise CommandError(f"Backups of a {connection.vendor} database are not supported.")
