"""`manage.py restore PATH.tar.gz`: put back a backup made by `manage.py backup` into an
empty database and an empty MEDIA_ROOT.

Refuses a database that already holds the portal's tables, or a media folder with files,
unless `--force`. Every file's SHA-256 is checked against the archive's manifest before
anything is written, and again once the file is in place.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from thiduaportal.filestore import refuse_object_store

from .backup import (
    FORMAT,
    MANIFEST,
    MEDIA,
    PG_DUMP,
    SQLITE_DUMP,
    media_files,
    pg_connection_args,
    pg_env,
    pg_tool,
    sha256_of,
)


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though the database has the portal's tables or MEDIA_ROOT has files "
            "(they are overwritten).",
        )

    def handle(self, *args, path: str, force: bool = False, **options) -> None:
        refuse_object_store("restore")
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No backup archive at {source}.")
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(prefix="thidua-restore-") as folder:
            unpacked = Path(folder)
            manifest = self._unpack(source, unpacked)
            self._check_target(manifest, media_root, force=force)
            self._restore_database(manifest, unpacked / manifest["database"]["name"], force=force)
            self._restore_media(manifest, unpacked / MEDIA, media_root)
        self._report(manifest, media_root)

    # ----------------------------------------------------------------------- archive

    def _unpack(self, source: Path, folder: Path) -> dict:
        """Extract the archive into `folder` and check it against its manifest."""
        try:
            with tarfile.open(source, "r:gz") as archive:
                manifest = self._manifest(archive, source)
                expected = {MANIFEST, manifest["database"]["name"]} | {
                    f"{MEDIA}/{name}" for name in manifest["files"]
                }
                members = [m for m in archive.getmembers() if m.isfile()]
                unknown = sorted(m.name for m in members if m.name not in expected)
                if unknown:
                    raise CommandError(
                        f"The archive holds files its manifest does not list: {', '.join(unknown[:5])}"
                    )
                # The "data" filter refuses absolute paths, links out of the folder and devices.
                archive.extractall(folder, members=members, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise CommandError(f"{source} is not a readable backup archive: {error}") from error
        damaged = []
        dump = folder / manifest["database"]["name"]
        if not dump.is_file() or sha256_of(dump) != manifest["database"]["sha256"]:
            damaged.append(manifest["database"]["name"])
        for name, digest in manifest["files"].items():
            file = folder / MEDIA / name
            if not file.is_file() or sha256_of(file) != digest:
                damaged.append(f"{MEDIA}/{name}")
        if damaged:
            raise CommandError(
                f"The archive is damaged: {len(damaged)} file(s) missing or not matching the manifest's "
                f"SHA-256: {', '.join(damaged[:5])}. Nothing was restored."
            )
        return manifest

    def _manifest(self, archive: tarfile.TarFile, source: Path) -> dict:
        try:
            handle = archive.extractfile(MANIFEST)
            manifest = json.load(handle) if handle else None
        except (KeyError, ValueError):
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise CommandError(f"{source} has no manifest.json of manage.py backup: not a portal backup.")
        if manifest["database"]["name"] not in (PG_DUMP, SQLITE_DUMP):
            raise CommandError(f"Unknown database dump {manifest['database']['name']!r} in the manifest.")
        return manifest

    # ----------------------------------------------------------------------- target

    def _check_target(self, manifest: dict, media_root: Path, *, force: bool) -> None:
        if manifest["engine"] != connection.vendor:
            raise CommandError(
                f"The backup is of a {manifest['engine']} database but DATABASE_URL points to "
                f"{connection.vendor}: restore it into the same kind of database."
            )
        if force:
            return
        ours = {m._meta.db_table for m in apps.get_models(include_auto_created=True)} | {"django_migrations"}
        present = sorted(ours & set(connection.introspection.table_names()))
        if present:
            raise CommandError(
                f"The database already has {len(present)} of the portal's tables (e.g. {present[0]}): "
                "restore into an empty database, or use --force to overwrite it."
            )
        if media_files(media_root):
            raise CommandError(
                f"MEDIA_ROOT ({media_root}) already holds files: restore into an empty folder, or use "
                "--force to overwrite them."
            )

    # ----------------------------------------------------------------------- restoring

    def _restore_database(self, manifest: dict, dump: Path, *, force: bool) -> None:
        if connection.vendor == "postgresql":
            db = settings.DATABASES["default"]
            connections.close_all()
            command = [
                str(pg_tool("pg_restore")),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *(["--clean", "--if-exists"] if force else []),
                *pg_connection_args(db),
                str(dump),
            ]
            done = subprocess.run(  # noqa: S603 - fixed binary, arguments from settings
                command, env=pg_env(db), capture_output=True, text=True, check=False
            )
            if done.returncode:
                raise CommandError(f"pg_restore failed, nothing was restored: {done.stderr.strip()}")
        else:
            connection.ensure_connection()
            source = sqlite3.connect(dump)
            try:
                # Page by page over the whole target database: it ends as an exact copy.
                source.backup(connection.connection)
            finally:
                source.close()
            connection.close()

    def _restore_media(self, manifest: dict, unpacked: Path, media_root: Path) -> None:
        for name, digest in manifest["files"].items():
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(unpacked / name, target)
            if sha256_of(target) != digest:
                raise CommandError(f"{target} does not match the manifest after copying: is the disk full?")

    def _report(self, manifest: dict, media_root: Path) -> None:
        applied = {f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()}
        if applied != set(manifest["migrations"]):
            raise CommandError("The restored database does not record the migrations the manifest lists.")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        size = sum((media_root / name).stat().st_size for name in manifest["files"])
        self.stdout.write(
            f"Restored the {manifest['engine']} database of the backup made {manifest['created_at']} "
            f"({len(applied)} migrations applied) and {manifest['file_count']} files ({size / 1e6:.1f} MB) "
            f"into {media_root}; every SHA-256 matches the manifest."
        )
        if pending:
            self.stdout.write(
                f"This code has {len(pending)} migration(s) newer than the backup: run manage.py migrate."
            )
