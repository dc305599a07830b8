"""The batch print of a decision's certificates, run in the background: `start_print`
checks the request and records a `Job`. The work is split so that several Celery workers share
it: `begin_print` names the chunks still to render (`PAGES_PER_TASK` certificates each), each
`print_chunk` renders one into storage and records it on the job under a lock, and the chunk
that completes the set lets `finish_print` join them, in order, into the one PDF of the job.
Every step is safe to run twice (a worker killed midway has its message delivered again): a
chunk recorded once is kept, a second copy deleted; a done job is left alone. `run_print`
does all of it in one process. The pages themselves come from `awards.certificates`: the Giấy khen and the titles'
Giấy chứng nhận of one decision print in the same job, in the decision's list order."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import certificates
from awards.certificates import check_site_address, pages_of, render_pages, sheet_for
from awards.models import Award, Decision, PrinterProfile
from awards.services.decisions import DecisionError
from thiduaportal import jobs, signing
from thiduaportal.models import Job, JobState

PRINT_KIND = "certificates"
# Job.params key of the rendered chunks: {"<index>": "<storage name>"}.
CHUNKS = "chunks"
FAILURE = gettext_lazy("The certificates could not be printed. Try again later or tell the administrator.")


def has_certificate(award: Award, catalogue: dict[tuple[int, int], str] | None = None) -> bool:
    """Whether the award prints a certificate: a Giấy khen, an imported award of no form, or
    an emulation title whose catalogue entry prints a Giấy chứng nhận (`Title.has_certificate`;
    `catalogue` from `certificates.catalogue_headings`, read here when not given). Any other
    title is recognised in the decision's list only."""
    return certificates.has_certificate(award, catalogue)


def chosen_awards(decision: Decision, award_ids: Sequence[int]) -> list[Award]:
    """The decision's awards named by `award_ids`, in the decision's list order. Refused when
    the decision is not issued, nothing is chosen, an id is not one of the decision's
    awards, or an award is revoked."""
    if not decision.is_issued:
        raise DecisionError(
            _("The decision is not issued yet: certificates are printed from issued decisions only.")
        )
    if not award_ids:
        raise DecisionError(_("Choose at least one certificate to print."), field="awards")
    awards = {a.pk: a for a in decision.awards.filter(pk__in=award_ids).select_related("award_form")}
    foreign = [str(pk) for pk in award_ids if pk not in awards]
    if foreign:
        raise DecisionError(
            _("Award %(ids)s is not part of decision %(number)s.")
            % {"ids": ", ".join(foreign), "number": decision.number_text},
            field="awards",
        )
    chosen = list(awards.values())
    certificates.refuse_without_certificate(chosen, certificates.catalogue_headings(chosen))
    revoked = [a.recipient_name for a in awards.values() if not a.is_valid]
    if revoked:
        raise DecisionError(
            _("The award of %(names)s is revoked: its certificate is not printed.")
            % {"names": ", ".join(revoked)},
            field="awards",
        )
    return sorted(awards.values(), key=lambda a: (a.position or 0, a.pk))


def start_print(
    decision: Decision, *, actor, award_ids: Sequence[int], mode: str, printer: PrinterProfile | None
) -> Job:
    """Check the request (see `chosen_awards`; the full design needs the emblem, and QR
    codes need a public site address, see `check_site_address`) and record a pending job for `actor`. Side
    effect: one `Job` of kind "certificates". The caller enqueues
    `task_print_certificates` once the transaction commits."""
    awards = chosen_awards(decision, award_ids)
    sheet_for(mode, printer)
    check_site_address(awards)
    params = {
        "decision": decision.pk,
        "awards": [a.pk for a in awards],
        "mode": mode,
        "printer": printer.pk if printer else None,
    }
    with transaction.atomic():
        return Job.objects.create(owner=actor, kind=PRINT_KIND, params=params)


def print_filename(decision: Decision) -> str:
    """ "giay-khen-qd-15-2026.pdf" """
    return f"giay-khen-qd-{decision.number}-{decision.year}.pdf"


def chunk_count(job: Job) -> int:
    """How many chunks the job's certificates make (`CERTIFICATE_PAGES_PER_TASK` each)."""
    return math.ceil(len(job.params["awards"]) / settings.CERTIFICATE_PAGES_PER_TASK)


def _chunk_folder(job: Job) -> str:
    return f"print-chunks/{job.pk}"


def _is_over(job: Job) -> bool:
    return job.state in (JobState.DONE, JobState.FAILED)


def _job_awards(job: Job) -> tuple[Decision, list[Award]]:
    decision = Decision.objects.get(pk=job.params["decision"])
    awards = chosen_awards(decision, job.params["awards"])
    check_site_address(awards)
    return decision, awards


def begin_print(job: Job) -> list[int]:
    """Mark the job running and return the indices of the chunks not yet rendered ([] when
    the job is over). Checks the request again (an award revoked since it was started fails
    the job with that reason). Safe to run twice: rendered chunks are not named again."""
    if _is_over(job):
        return []
    try:
        _job_awards(job)
    except DecisionError as error:
        jobs.fail(job, error, failure=FAILURE, explained=(DecisionError,))
        return []
    if job.state == JobState.PENDING:
        job.state, job.error, job.progress = JobState.RUNNING, "", 10
        job.save(update_fields=["state", "error", "progress"])
    done = job.params.get(CHUNKS, {})
    return [index for index in range(chunk_count(job)) if str(index) not in done]


def _render_chunk(job: Job, index: int) -> bytes:
    _decision, awards = _job_awards(job)
    size = settings.CERTIFICATE_PAGES_PER_TASK
    printer = PrinterProfile.objects.get(pk=job.params["printer"]) if job.params.get("printer") else None
    return render_pages(
        pages_of(awards[index * size : (index + 1) * size]), sheet_for(job.params["mode"], printer)
    )


def print_chunk(job: Job, index: int) -> bool:
    """Render chunk `index` of the job into storage and record it on the job; True when this
    made the set complete (or found it complete), so the job can be finished. A chunk
    already recorded keeps its first file (this copy is deleted); a failure fails the job and
    deletes the chunks rendered so far."""
    if _is_over(job):
        return False
    try:
        data = _render_chunk(job, index)
    except Exception as error:  # the job page shows it rather than a log only
        jobs.fail(job, error, failure=FAILURE, explained=(DecisionError,))
        _remove_chunks(job)
        return False
    name = default_storage.save(f"{_chunk_folder(job)}/{index}.pdf", ContentFile(data))
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        chunks = dict(locked.params.get(CHUNKS, {}))
        # A chunk already in keeps its first file; a job that failed meanwhile keeps none.
        duplicate = str(index) in chunks or _is_over(locked)
        if not duplicate:
            chunks[str(index)] = name
            total = chunk_count(locked)
            locked.params = {**locked.params, CHUNKS: chunks}
            locked.progress = 10 + 80 * len(chunks) // total
            Job.objects.filter(pk=job.pk).update(params=locked.params, progress=locked.progress)
    if duplicate:
        default_storage.delete(name)
    job.params, job.progress = locked.params, locked.progress
    return len(chunks) == chunk_count(locked) and not _is_over(locked)


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    """The pages of `parts`, in order, as one PDF."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 - only the worker that finishes a print loads it

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def finish_print(job: Job) -> None:
    """Join the job's chunks in order into one PDF, sign it (PAdES, when a certificate is
    configured) and attach it: the job is done. Under a lock on the job, so two finishers
    make one file; a job over, or one still missing a chunk, is left alone. The chunks'
    files (and any copy a killed worker left) are deleted afterwards."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        chunks = locked.params.get(CHUNKS, {})
        if _is_over(locked) or len(chunks) != chunk_count(locked):
            return
        try:
            decision = Decision.objects.get(pk=locked.params["decision"])
            data = merge_pdfs([_read(chunks[str(index)]) for index in range(chunk_count(locked))])
            data, _signed = signing.sign_pdf(
                data,
                reason=f"Giấy khen, giấy chứng nhận theo Quyết định số {decision.number_text}",
                location=decision.snapshot.get("place", ""),
            )
            filename = print_filename(decision)
            locked.file.save(filename, ContentFile(data), save=False)
        except Exception as error:  # the job page shows it rather than a log only
            jobs.fail(locked, error, failure=FAILURE)
        else:
            # The chunks are about to be deleted: the done job keeps only its request.
            locked.params = {key: value for key, value in locked.params.items() if key != CHUNKS}
            Job.objects.filter(pk=locked.pk).update(params=locked.params)
            jobs.finish(locked, filename)
    _remove_chunks(locked)
    job.refresh_from_db()


def _remove_chunks(job: Job) -> None:
    folder = _chunk_folder(job)
    if default_storage.exists(folder):
        for name in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{name}")


def run_print(job: Job) -> None:
    """Print the whole job in this process: every chunk not yet rendered, then the one PDF
    (what the tasks do across workers). A done job is left alone; a job interrupted midway
    keeps the chunks it recorded, so the file holds each chosen certificate exactly once."""
    for index in begin_print(job):
        print_chunk(job, index)
    finish_print(job)
