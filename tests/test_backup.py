"""manage.py backup and restore: a round trip into an empty database and media folder gives
the same rows and files; a restore refuses a database in use and a damaged archive."""

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from tests import services
from tests.factories import CadreFactory
from tests.factories.decisions import issued_decision

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def filled(settings, tmp_path, commune, vhxh_officer):
    """Some rows (an issued decision with its frozen PDF) and files, some with Vietnamese names."""
    settings.MEDIA_ROOT = tmp_path / "media"
    decision = issued_decision(vhxh_officer, collectives=1, individuals=2)
    CadreFactory(full_name="Trần Thị Ánh")
    evidence = settings.MEDIA_ROOT / "dossiers" / "7" / "minh-chứng.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 scan\n" * 100)
    assert decision.pdf.name
    return settings.MEDIA_ROOT


def _rows(cursor, table: str) -> list:
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the models
    return sorted((tuple(row) for row in cursor.fetchall()), key=repr)


def _tables() -> list[str]:
    return sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True)} | {"django_migrations"}
    )


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def empty_database(tmp_path):
    """(DATABASE_URL, connect to it, connect to the test database): a new empty database of
    the same engine; both connections read values as the same Python types."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        # Django's own type detection, so dates and decimals come back as on its connection.
        detect = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=detect), lambda: connection
        return

    name = f"restore_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = services.database_url({**db, "NAME": name})

    def connect(url: str):
        return psycopg.connect(url.replace("postgres://", "postgresql://", 1))

    yield url, lambda: connect(url), lambda: connect(services.database_url(db))
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_into_empty_database_gives_same_rows_and_files(filled, tmp_path, empty_database):
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"Backup written to {archive}" in out.getvalue()
    url, connect, connect_source = empty_database
    media = tmp_path / "restored-media"
    media.mkdir()
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), "DEBUG": "1"}
    env.pop("SQLITE_TEST_NAME", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "every SHA-256 matches the manifest" in done.stdout

    copy, source = connect(), connect_source()
    for table in _tables():
        assert _rows(copy.cursor(), table) == _rows(source.cursor(), table), table
    copy.close()
    if source is not connection:
        source.close()
    assert _files(media) == _files(filled)
    assert len(_files(media)) >= 2


def test_restore_refuses_database_with_portal_tables(filled, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already has .* of the portal's tables"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_restore_refuses_damaged_archive(filled, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("minh-chứng.pdf"):
                data = data.replace(b"scan", b"SCAN", 1)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match=r"damaged: 1 file\(s\).*minh-chứng.pdf"):
        call_command("restore", str(damaged), stdout=io.StringIO())
