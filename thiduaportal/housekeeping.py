"""Removing what users leave behind: abandoned import uploads and old export files."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from .models import Job

IMPORT_UPLOADS = "imports"


def purge_abandoned_uploads(*, older_than: datetime.timedelta) -> int:
    """Delete uploaded import files nobody confirmed or cancelled within `older_than`.

    Returns how many files were deleted. Safe to run at any time: an upload younger than
    the limit (a clerk still reading the preview) is kept.
    """
    if not default_storage.exists(IMPORT_UPLOADS):
        return 0
    cutoff = timezone.now() - older_than
    _, files = default_storage.listdir(IMPORT_UPLOADS)
    deleted = 0
    for name in files:
        path = f"{IMPORT_UPLOADS}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted


def purge_old_exports(*, older_than: datetime.timedelta) -> int:
    """Delete export jobs (and their files) created more than `older_than` ago."""
    jobs = Job.objects.filter(created_at__lt=timezone.now() - older_than)
    count = 0
    for job in jobs.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
