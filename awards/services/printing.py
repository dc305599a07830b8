"""The batch print of a decision's certificates, run in the background: `start_print`
checks the request and records a `Job`; `awards.tasks.task_print_certificates` calls
`run_print`, which renders the pages in chunks (progress after each), joins them into one PDF
and attaches it. The pages themselves come from `awards.certificates`."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.certificates import check_site_address, pages_of, render_pages, sheet_for
from awards.models import Award, Decision, PrinterProfile
from awards.services.decisions import DecisionError
from thiduaportal import jobs, signing
from thiduaportal.models import Job

PRINT_KIND = "certificates"


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
    awards = {a.pk: a for a in decision.awards.filter(pk__in=award_ids)}
    foreign = [str(pk) for pk in award_ids if pk not in awards]
    if foreign:
        raise DecisionError(
            _("Award %(ids)s is not part of decision %(number)s.")
            % {"ids": ", ".join(foreign), "number": decision.number_text},
            field="awards",
        )
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


def _set_progress(job: Job, percent: int) -> None:
    # Saved at once, outside any transaction, so the job page sees it while the task runs.
    job.progress = percent
    Job.objects.filter(pk=job.pk).update(progress=percent)


def build_print(job: Job) -> tuple[str, bytes]:
    """Render the job's certificates: (file name, PDF bytes). Progress 10 → 90."""
    params = job.params
    decision = Decision.objects.get(pk=params["decision"])
    printer = PrinterProfile.objects.get(pk=params["printer"]) if params.get("printer") else None
    awards = chosen_awards(decision, params["awards"])
    check_site_address(awards)
    _set_progress(job, 10)
    pages = pages_of(awards)
    data = render_pages(
        pages,
        sheet_for(params["mode"], printer),
        progress=lambda done, total: _set_progress(job, 10 + 80 * done // total),
    )
    # Signed like the decision when a certificate is configured (PAdES); unchanged otherwise.
    data, _signed = signing.sign_pdf(
        data,
        reason=f"Giấy khen theo Quyết định số {decision.number_text}",
        location=decision.snapshot.get("place", ""),
    )
    return print_filename(decision), data


def run_print(job: Job) -> None:
    """Build the job's PDF and attach it (`thiduaportal.jobs.run`: running -> done or
    failed). A done job is left alone; a job interrupted midway is built again from the
    start, so the file always holds each chosen certificate exactly once."""

    def build(job: Job) -> str:
        filename, data = build_print(job)
        job.file.save(filename, ContentFile(data), save=False)
        return filename

    jobs.run(
        job,
        build,
        failure=gettext_lazy(
            "The certificates could not be printed. Try again later or tell the administrator."
        ),
    )
