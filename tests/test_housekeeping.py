"""Abandoned uploads and old exports are removed; recent ones are kept."""

import datetime
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from thiduaportal.models import Job
from thiduaportal.tasks import task_purge_stale_files

pytestmark = pytest.mark.django_db


def test_purge_removes_only_stale_files(settings, tmp_path, vhxh_officer):
    settings.MEDIA_ROOT = tmp_path
    old_upload = default_storage.save("imports/old.xlsx", ContentFile(b"PK"))
    new_upload = default_storage.save("imports/new.xlsx", ContentFile(b"PK"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(tmp_path / old_upload, (two_days_ago, two_days_ago))
    old_job = Job.objects.create(owner=vhxh_officer, kind="cadres")
    old_job.file.save("old.xlsx", ContentFile(b"PK"))
    Job.objects.filter(pk=old_job.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    new_job = Job.objects.create(owner=vhxh_officer, kind="cadres")

    assert task_purge_stale_files.delay().get() == {"uploads": 1, "exports": 1}

    assert not default_storage.exists(old_upload)
    assert default_storage.exists(new_upload)
    assert not (tmp_path / old_job.file.name).exists()
    assert list(Job.objects.values_list("pk", flat=True)) == [new_job.pk]
