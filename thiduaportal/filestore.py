"""Where uploaded and generated files are kept: the local folder (MEDIA_ROOT) by default, or an
S3-compatible object store (django-storages) when `STORAGE_BACKEND=s3`, so that several app
servers and workers share one store. Read by settings.py; code reaches the files only through
Django's storage API (`default_storage`, a FileField's `.open()`), never by path.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

LOCAL, S3 = "local", "s3"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"


def default_storage_config(env) -> dict[str, Any]:
    """STORAGES["default"] from the environment (`env` is a django-environ `Env`). Refuses an
    unknown STORAGE_BACKEND, or S3 without its bucket, at start-up rather than at the first
    upload."""
    backend = env.str("STORAGE_BACKEND", default=LOCAL).strip().lower()
    if backend == LOCAL:
        return {"BACKEND": FILESYSTEM_BACKEND}
    if backend != S3:
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be '{LOCAL}' or '{S3}', not {backend!r}.")
    bucket = env.str("S3_BUCKET", default="").strip()
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET (the bucket's name).")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Files live under this prefix, so one bucket can hold several installs.
        "location": env.str("S3_PREFIX", default="").strip("/"),
        # Two uploads of "bao-cao.pdf" must both be kept: django-storages overwrites by default.
        "file_overwrite": False,
        # Private files: no public-read ACL; the bucket's own (private) policy applies, and any
        # link the store would make is signed and short-lived. Downloads go through the views.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env.int("S3_URL_SECONDS", default=300),
    }
    for option, name in (
        ("endpoint_url", "S3_ENDPOINT_URL"),  # MinIO, Ceph, a provider's S3-compatible store
        ("region_name", "S3_REGION"),
        ("access_key", "S3_ACCESS_KEY_ID"),
        ("secret_key", "S3_SECRET_ACCESS_KEY"),
        ("addressing_style", "S3_ADDRESSING_STYLE"),  # "path" for most self-hosted stores
    ):
        value = env.str(name, default="").strip()
        if value:
            options[option] = value
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def refuse_object_store(command: str) -> None:
    """Stop `manage.py backup`/`restore` when the files are not in the local folder they copy
    by path: an object store is backed up with its own tools (versioning, replication)."""
    from django.conf import settings  # noqa: PLC0415 - settings.py itself imports this module
    from django.core.management.base import CommandError  # noqa: PLC0415 - as above

    if settings.STORAGES["default"]["BACKEND"] != FILESYSTEM_BACKEND:
        raise CommandError(
            f"manage.py {command} copies the files of MEDIA_ROOT, but they are kept in an object "
            "store (STORAGE_BACKEND=s3): back the bucket up with the store's own versioning or "
            "replication, and the database with pg_dump (README, Production)."
        )
