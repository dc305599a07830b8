"""Background jobs when the broker is down: the page still answers, the job waits marked
unsent, and it is sent again (and built) once a broker takes it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from tests import services
from tests.factories import CadreFactory
from thiduaportal import jobs
from thiduaportal.celery import app as celery_app
from thiduaportal.models import Job, JobState

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dead_broker(settings):
    """A Redis URL on a port nobody listens on; Celery sends for real (not inline)."""
    url = f"redis://127.0.0.1:{services.free_port()}/0"
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield url
    celery_app.conf.update(**saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_export_started_while_the_broker_is_down_waits_then_runs(client, vhxh_officer, dead_broker):
    CadreFactory()
    client.force_login(vhxh_officer)
    response = client.post(reverse("units:export_cadres"))
    job = Job.objects.get()
    assert response.status_code == 302
    assert (job.state, job.params["unsent"], job.params["task"]) == (
        JobState.PENDING,
        True,
        "units.tasks.task_export_cadres",
    )
    page = client.get(reverse("job_detail", args=[job.pk]))
    with translation.override("vi"):
        waiting = translation.gettext(
            "The background service is not answering; the file will be built as soon as it is back. "
            "You may leave this page and come back later."
        )
    assert waiting in page.content.decode()
    assert jobs.resend_unsent() == 0  # still down: nothing sent, nothing lost
    celery_app.conf.update(task_always_eager=True)  # a broker (here: inline) takes jobs again
    assert jobs.resend_unsent() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert "unsent" not in job.params


def test_run_shows_progress_only_for_jobs_that_report_it(vhxh_officer):
    """A job that cannot count keeps progress 0 while running: its page shows a moving bar,
    not a bar stuck at 5 %."""
    seen = []

    def build(job):
        seen.append(Job.objects.get(pk=job.pk).progress)
        return ""

    for reports in (True, False):
        job = Job.objects.create(owner=vhxh_officer, kind="test")
        jobs.run(job, build, failure="never shown", reports_progress=reports)
        assert (job.state, job.progress) == (JobState.DONE, 100)
    assert seen == [5, 0]


def test_run_shows_an_explained_error_as_it_is_and_any_other_as_the_failure_message(vhxh_officer, caplog):
    def refused(job):
        raise ValueError("Row 3: the unit is archived.")

    def broken(job):
        raise KeyError("internal detail")

    explained = Job.objects.create(owner=vhxh_officer, kind="test")
    jobs.run(explained, refused, failure="Something went wrong.", explained=(ValueError,))
    other = Job.objects.create(owner=vhxh_officer, kind="test")
    jobs.run(other, broken, failure="Something went wrong.", explained=(ValueError,))
    assert (explained.state, explained.error) == (JobState.FAILED, "Row 3: the unit is archived.")
    assert (other.state, other.error) == (JobState.FAILED, "Something went wrong.")
    assert "internal detail" not in other.error
    assert "internal detail" in caplog.text
    assert Job.objects.filter(state=JobState.FAILED).count() == 2


def test_rename_to_job_keeps_every_row_and_the_content_type(vhxh_officer):
    """A database made before the rename migrates forward with its jobs and content type."""
    call_command("migrate", "thiduaportal", "0003_exportjob_progress", verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(("thiduaportal", "0003_exportjob_progress")).apps
    old_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="thiduaportal", model="exportjob"
    )
    old.get_model("thiduaportal", "ExportJob").objects.create(
        owner_id=vhxh_officer.pk,
        kind="units.cadres",
        state=JobState.DONE,
        filename="can-bo.xlsx",
        row_count=7,
    )

    call_command("migrate", verbosity=0)

    job = Job.objects.get()
    assert (job.owner, job.kind, job.filename, job.row_count) == (
        vhxh_officer,
        "units.cadres",
        "can-bo.xlsx",
        7,
    )
    renamed = ContentType.objects.get(pk=old_type.pk)
    assert (renamed.app_label, renamed.model) == ("thiduaportal", "job")
    assert ContentType.objects.get_for_model(Job) == renamed
