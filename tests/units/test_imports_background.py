"""A large Excel file is imported by the background worker (IMPORT_BACKGROUND_ROWS): the
confirmation leads to a job page, the rows are checked again and written all or none, and
the page says how many or why none. (Without a broker, tasks run inline: the job is done or
failed when the confirmation's redirect arrives.)"""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.units.test_imports import CADRE_HEADERS, people, person, upload, xlsx
from thiduaportal.imports import IMPORT_JOB_KIND
from thiduaportal.models import Job, JobState
from units.models import Cadre


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_ROWS = 2


def test_file_over_the_threshold_is_imported_by_a_job_whose_page_says_so(
    client_for, unit_staff, own_unit, settings, django_capture_on_commit_callbacks
):
    client = client_for(unit_staff)
    preview = upload(client, "cadres", xlsx(CADRE_HEADERS, people(3)))
    [stored] = list((settings.MEDIA_ROOT / "imports").iterdir())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(preview)
    job = Job.objects.get(kind=IMPORT_JOB_KIND)
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.owner, job.state, job.row_count, job.error) == (unit_staff, JobState.DONE, 3, "")
    assert Cadre.objects.filter(unit=own_unit).count() == 3
    assert LogEntry.objects.filter(actor=unit_staff, content_type__model="cadre").count() == 3
    assert not stored.exists()
    assert client.get(preview).status_code == 404  # the token is spent
    page = client.get(response["Location"]).content.decode()
    assert "Import finished" in page
    assert "3 rows were imported." in page
    assert f'href="{reverse("units:cadre_list")}">Continue</a>' in page
    assert reverse("job_download", args=[job.pk]) not in page


def test_file_at_the_threshold_is_imported_at_once(client_for, unit_staff, own_unit):
    client = client_for(unit_staff)
    response = client.post(upload(client, "cadres", xlsx(CADRE_HEADERS, people(2))))
    assert response["Location"] == reverse("units:cadre_list")
    assert not Job.objects.exists()
    assert Cadre.objects.count() == 2


def test_data_changed_before_the_job_runs_fails_it_and_imports_nothing(
    client_for, unit_staff, own_unit, settings, django_capture_on_commit_callbacks
):
    """The job checks the file again when it runs: a person added meanwhile is a duplicate."""
    client = client_for(unit_staff)
    preview = upload(client, "cadres", xlsx(CADRE_HEADERS, people(3)))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(preview)
    job = Job.objects.get(kind=IMPORT_JOB_KIND)
    assert job.state == JobState.PENDING
    page = client.get(response["Location"]).content.decode()
    assert "Import in progress" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    client.post(upload(client, "cadres", xlsx(CADRE_HEADERS, people(1))))  # one row: at once
    assert Cadre.objects.count() == 1
    for callback in callbacks:  # the worker takes the job now
        callback()
    job.refresh_from_db()
    assert (job.state, job.row_count) == (JobState.FAILED, 0)
    assert job.error == "Tệp có lỗi; không có dữ liệu nào được nhập."  # the portal's language
    assert Cadre.objects.count() == 1
    assert not list((settings.MEDIA_ROOT / "imports").iterdir())
    page = client.get(response["Location"]).content.decode()
    assert "The import failed; nothing was imported." in page
    assert job.error in page


def test_a_refused_file_never_starts_a_job(client_for, unit_staff, own_unit):
    rows = [*people(2), person("Lê Văn Sai", **{"Giới tính": "Nam giới"})]
    client = client_for(unit_staff)
    response = client.post(upload(client, "cadres", xlsx(CADRE_HEADERS, rows)))
    assert response.status_code == 200
    assert not Job.objects.exists()
    assert Cadre.objects.count() == 0
