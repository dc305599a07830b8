"""Where files are kept is a setting: the local folder by default, django-storages' S3 backend
with STORAGE_BACKEND=s3 (bucket, endpoint, keys from the environment); bad values stop the
start-up; backup and restore refuse a store they cannot copy."""

import json
import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from thiduaportal.filestore import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent
S3_VARIABLES = (
    "STORAGE_BACKEND",
    "S3_BUCKET",
    "S3_PREFIX",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_ADDRESSING_STYLE",
    "S3_URL_SECONDS",
)


@pytest.fixture
def environment(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_local_folder_by_default(environment):
    assert default_storage_config(environ.Env()) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    environment.setenv("STORAGE_BACKEND", " Local ")
    assert default_storage_config(environ.Env()) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_takes_bucket_endpoint_and_keys_from_the_environment(environment):
    environment.setenv("STORAGE_BACKEND", "s3")
    environment.setenv("S3_BUCKET", "thidua-files")
    environment.setenv("S3_PREFIX", "/xa-thuong-phuc/")
    environment.setenv("S3_ENDPOINT_URL", "https://s3.example.vn")
    environment.setenv("S3_REGION", "hn-1")
    environment.setenv("S3_ACCESS_KEY_ID", "AKIAEXAMPLE")
    environment.setenv("S3_SECRET_ACCESS_KEY", "secret-example")
    environment.setenv("S3_ADDRESSING_STYLE", "path")
    assert default_storage_config(environ.Env()) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "thidua-files",
            "location": "xa-thuong-phuc",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "endpoint_url": "https://s3.example.vn",
            "region_name": "hn-1",
            "access_key": "AKIAEXAMPLE",
            "secret_key": "secret-example",
            "addressing_style": "path",
        },
    }


def test_s3_without_keys_leaves_them_to_the_machine(environment):
    environment.setenv("STORAGE_BACKEND", "S3")
    environment.setenv("S3_BUCKET", "thidua-files")
    options = default_storage_config(environ.Env())["OPTIONS"]
    assert sorted(options) == [
        "bucket_name",
        "default_acl",
        "file_overwrite",
        "location",
        "querystring_auth",
        "querystring_expire",
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND must be 'local' or 's3', not 'ftp'."),
        ({"STORAGE_BACKEND": "s3"}, "STORAGE_BACKEND=s3 needs S3_BUCKET (the bucket's name)."),
        ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "  "}, "STORAGE_BACKEND=s3 needs S3_BUCKET"),
    ],
)
def test_bad_values_are_refused(environment, variables, message):
    for name, value in variables.items():
        environment.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        default_storage_config(environ.Env())


def _settings_in_a_new_process(**variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in S3_VARIABLES}
    env.update(variables)
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_settings_build_storages_from_the_environment():
    done = _settings_in_a_new_process(
        STORAGE_BACKEND="s3", S3_BUCKET="thidua-files", S3_ENDPOINT_URL="http://127.0.0.1:9000"
    )
    assert done.returncode == 0, done.stderr
    storages = json.loads(done.stdout)
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["bucket_name"] == "thidua-files"
    assert storages["default"]["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    # Static files stay with whitenoise whatever the uploads' store.
    assert storages["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    refused = _settings_in_a_new_process(STORAGE_BACKEND="s3")
    assert refused.returncode != 0
    assert "STORAGE_BACKEND=s3 needs S3_BUCKET" in refused.stderr


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_backup_and_restore_refuse_an_object_store(settings, tmp_path, command):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "b"}},
    }
    with pytest.raises(CommandError, match="STORAGE_BACKEND=s3"):
        call_command(command, str(tmp_path / "thidua.tar.gz"))
    assert list(tmp_path.iterdir()) == []
