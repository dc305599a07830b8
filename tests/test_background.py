"""A background export through a real Redis broker and a real Celery worker process."""

import io
import subprocess
import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests import services
from tests.factories import CadreFactory
from tests.factories.campaigns import CampaignFactory, IndicatorFactory, IndicatorTargetFactory, ResultFactory
from tests.units.test_imports import CADRE_HEADERS, people, upload, xlsx
from thiduaportal.celery import app as celery_app
from thiduaportal.models import Job, JobState
from units.models import Cadre

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _in_memory(db: dict) -> bool:
    name = str(db.get("NAME") or "")
    return db["ENGINE"].endswith("sqlite3") and (name == ":memory:" or "mode=memory" in name)


def _forget_connections() -> None:
    """Drop the app's cached connection and producer pools so the next send uses the
    broker now configured (kombu keys its pools by connection, so old ones stay put)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _wait_until_finished(job: Job, timeout: float = 60) -> None:
    """Poll the job until the worker has finished it (done or failed) or `timeout` passed."""
    deadline = time.monotonic() + timeout
    while job.state in (JobState.PENDING, JobState.RUNNING) and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()


@pytest.fixture
def worker(settings, tmp_path, transactional_db):
    """Redis and a Celery worker sharing this test's database and media folder; the web
    side enqueues to that broker for the test's duration."""
    db = django_settings.DATABASES["default"]
    if _in_memory(db):
        pytest.skip("The worker needs a file database: set SQLITE_TEST_NAME=/tmp/…/test.sqlite3")
    settings.MEDIA_ROOT = tmp_path / "media"
    redis_process, broker_url = services.start_redis(tmp_path)
    try:
        process = services.start_celery_worker(
            tmp_path,
            broker_url=broker_url,
            env={
                "DJANGO_SETTINGS_MODULE": "thiduaportal.settings",
                "DATABASE_URL": services.database_url(db),
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "DEBUG": "1",
            },
        )
    except Exception:
        services.stop(redis_process)
        raise
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = broker_url, False
    celery_app.conf.update(broker_url=broker_url, task_always_eager=False)
    _forget_connections()
    yield tmp_path
    celery_app.pool.force_close_all()
    celery_app.conf.update(saved)
    _forget_connections()
    services.stop(process)
    services.stop(redis_process)


def test_cadre_export_is_built_by_the_worker(worker, vhxh_officer, own_unit, other_unit):
    CadreFactory.create_batch(3, unit=own_unit)
    CadreFactory(unit=other_unit, full_name="Đỗ Văn Khác")
    client = Client()
    client.force_login(vhxh_officer)
    response = client.post(reverse("units:export_cadres") + f"?unit={own_unit.pk}")
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])

    _wait_until_finished(job)
    assert job.state == JobState.DONE, services.worker_log(worker)
    assert job.row_count == 3

    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="danh-sach-ca-nhan-')
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    rows = list(sheet.values)
    expected = sorted(own_unit.cadres.values_list("full_name", flat=True))
    assert [r[0] for r in rows[1:]] == expected
    assert {r[5] for r in rows[1:]} == {own_unit.name}


def test_periodic_report_pdf_is_built_by_the_worker(worker, commune, vhxh_officer, own_unit):

    campaign = CampaignFactory(code="cchc-worker")
    indicator = IndicatorFactory(campaign=campaign, name="Tỷ lệ hồ sơ trực tuyến")
    indicator.reporting_units.add(own_unit)
    IndicatorTargetFactory(indicator=indicator, year=2026)
    for period, numerator in ((1, 40), (2, 50), (3, 60)):
        ResultFactory(indicator=indicator, unit=own_unit, period=period, numerator=numerator, denominator=100)
    client = Client()
    client.force_login(vhxh_officer)
    response = client.post(
        reverse("campaigns:report_create"),
        {
            "campaign": campaign.pk,
            "year": 2026,
            "period": "q1",
            "file_format": "pdf",
            "number": "25/BC-VHXH",
            "report_date": "2026-04-05",
            "assessment": "",
        },
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    deadline = time.monotonic() + 90
    while job.state in (JobState.PENDING, JobState.RUNNING) and time.monotonic() < deadline:
        time.sleep(0.3)
        job.refresh_from_db()
    assert job.state == JobState.DONE, services.worker_log(worker)
    assert job.progress == 100
    pdf = b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)
    assert pdf.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Tỷ lệ hồ sơ trực tuyến" in text
    assert "150/300" in text  # the quarter's counts summed over its months
    assert "Chưa đạt" in text  # 50% against a 60% target


def test_large_import_is_written_by_the_worker(worker, settings, unit_staff, own_unit):
    """A file over IMPORT_BACKGROUND_ROWS: the worker process checks it again and writes it."""

    settings.IMPORT_BACKGROUND_ROWS = 2
    client = Client()
    client.force_login(unit_staff)
    response = client.post(upload(client, "cadres", xlsx(CADRE_HEADERS, people(5))))
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])

    _wait_until_finished(job)
    assert (job.state, job.row_count) == (JobState.DONE, 5), services.worker_log(worker)
    assert Cadre.objects.filter(unit=own_unit).count() == 5
    assert not list((settings.MEDIA_ROOT / "imports").iterdir())
