"""The batch print split across workers: chunk tasks (inline Celery here) rendered into
storage, joined in the decision's order into one PDF; a chunk done twice, a worker killed
midway, a message delivered again and an award revoked midway; files only through storage."""

import pytest
from celery.signals import task_prerun
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from awards.models import Award
from awards.services import printing
from awards.tasks import task_print_certificates
from tests.factories.decisions import issued_decision
from thiduaportal.models import Job, JobState

from .test_certificates import page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(commune, vhxh_officer, settings):
    settings.CERTIFICATE_PAGES_PER_TASK = 2  # five certificates: chunks of 2, 2 and 1
    return issued_decision(vhxh_officer, collectives=0, individuals=5)


@pytest.fixture
def job(decision, vhxh_officer):
    ids = [a.pk for a in decision.awards.all()]
    return printing.start_print(decision, actor=vhxh_officer, award_ids=ids, mode="blank", printer=None)


@pytest.fixture
def tasks_run():
    """(task name, kwargs) of every task run, in order, from Celery's own signal."""
    seen = []

    def record(sender=None, kwargs=None, **_extra):
        seen.append((sender.name, kwargs))

    task_prerun.connect(record, weak=False)
    yield seen
    task_prerun.disconnect(record)


def _names(decision):
    return [a.recipient_name for a in decision.awards.order_by("position")]


def _chunk_files(job):
    folder = f"print-chunks/{job.pk}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def _assert_each_name_once_in_order(job, decision):
    texts = page_texts(job.file.read())
    names = _names(decision)
    assert len(texts) == 5
    assert [[name in text for name in names].index(True) for text in texts] == [0, 1, 2, 3, 4]
    assert [sum(name in text for text in texts) for name in names] == [1, 1, 1, 1, 1]


def test_batch_is_printed_by_chunk_tasks_joined_in_order(job, decision, tasks_run):
    request = dict(job.params)
    task_print_certificates.delay(job_id=str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.progress, job.filename) == (JobState.DONE, 100, "giay-khen-qd-1-2026.pdf")
    assert [(name.rsplit(".", 1)[1], kwargs.get("index")) for name, kwargs in tasks_run] == [
        ("task_print_certificates", None),
        ("task_print_certificate_chunk", 0),
        ("task_print_certificate_chunk", 1),
        ("task_print_certificate_chunk", 2),
        ("task_finish_print", None),
    ]
    _assert_each_name_once_in_order(job, decision)
    # The chunks are gone from storage and from the job, which keeps only its request.
    assert _chunk_files(job) == []
    assert job.params == request


def test_a_chunk_done_twice_is_kept_once_and_finishing_twice_keeps_the_file(job, decision):
    assert printing.begin_print(job) == [0, 1, 2]
    assert printing.print_chunk(job, 0) is False
    first = job.params[printing.CHUNKS]["0"]
    assert printing.print_chunk(job, 0) is False  # the message came twice
    job.refresh_from_db()
    assert job.params[printing.CHUNKS] == {"0": first}
    assert _chunk_files(job) == ["0.pdf"]
    assert (job.state, job.progress) == (JobState.RUNNING, 10 + 80 * 1 // 3)
    printing.finish_print(job)  # a chunk is missing: nothing happens
    assert (job.state, bool(job.file)) == (JobState.RUNNING, False)
    assert printing.print_chunk(job, 2) is False
    assert printing.print_chunk(job, 1) is True  # the last one in, whatever its index
    printing.finish_print(job)
    stored = job.file.name
    printing.finish_print(job)
    job.refresh_from_db()
    assert (job.state, job.file.name) == (JobState.DONE, stored)
    _assert_each_name_once_in_order(job, decision)


def test_worker_killed_midway_has_only_its_chunks_redone(job, decision, tasks_run):
    printing.begin_print(job)
    printing.print_chunk(job, 0)
    # The worker rendering chunk 1 was killed after storing its file, before recording it.
    default_storage.save(f"print-chunks/{job.pk}/1.pdf", ContentFile(b"%PDF-1.7 cut short"))
    task_print_certificates.delay(job_id=str(job.pk))  # the start message delivered again
    job.refresh_from_db()
    assert [kwargs.get("index") for _name, kwargs in tasks_run] == [None, 1, 2, None]
    assert job.state == JobState.DONE
    _assert_each_name_once_in_order(job, decision)
    assert _chunk_files(job) == []  # the killed worker's copy too


def test_award_revoked_midway_fails_the_job_with_its_reason(job, decision, vhxh_officer):
    printing.begin_print(job)
    printing.print_chunk(job, 0)
    last = decision.awards.order_by("position").last()
    other = issued_decision(vhxh_officer, collectives=0, individuals=1)
    Award.objects.filter(pk=last.pk).update(revoked_by=other)
    assert printing.print_chunk(job, 2) is False
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == f"The award of {last.recipient_name} is revoked: its certificate is not printed."
    assert _chunk_files(job) == []  # what was rendered before is deleted
    assert printing.print_chunk(job, 1) is False
    printing.finish_print(job)
    job.refresh_from_db()
    assert (job.state, bool(job.file), job.params[printing.CHUNKS].keys()) == (
        JobState.FAILED,
        False,
        {"0"},
    )
    assert _chunk_files(job) == []


def test_files_go_through_the_storage_api_only(settings, tmp_path, commune, vhxh_officer, client_for):
    settings.MEDIA_ROOT = tmp_path / "unused"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.CERTIFICATE_PAGES_PER_TASK = 2
    decision = issued_decision(vhxh_officer, collectives=0, individuals=3)
    ids = [a.pk for a in decision.awards.all()]
    job = printing.start_print(decision, actor=vhxh_officer, award_ids=ids, mode="blank", printer=None)
    task_print_certificates.delay(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.DONE
    response = client_for(vhxh_officer).get(reverse("job_download", args=[job.pk]))
    body = b"".join(response.streaming_content)
    assert (response.status_code, body) == (200, default_storage.open(job.file.name).read())
    assert len(page_texts(body)) == 3
    assert Job.objects.get().file.name.startswith("exports/")
    assert not settings.MEDIA_ROOT.exists()  # nothing was written to the local folder
