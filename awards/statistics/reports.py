"""The statistical report as a background job: `check_request` reads and checks what was asked
(the layout, the year, the half), `start_report` records a pending `Job` of kind
`awards.statistics` (the caller enqueues `awards.tasks.task_build_statistics_report` on
commit), and `run_report` builds the Excel or PDF file with progress and attaches it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thiduaportal import jobs
from thiduaportal.errors import DomainError
from thiduaportal.models import Job
from thiduaportal.text import nfc
from units.models import Commune

from . import document, workbook
from .figures import Period
from .layouts import LAYOUTS, Layout, by_code

STATISTICS_KIND = "awards.statistics"
FORMATS = ("xlsx", "pdf")
FIRST_YEAR = 2000


class StatisticsError(DomainError):
    """The report cannot be made as asked; the message names the field at fault."""


@dataclass(frozen=True)
class StatisticsRequest:
    """A checked request: which form, which period; stored in the job's parameters."""

    layout: Layout
    period: Period

    def to_params(self) -> dict:
        return {"layout": self.layout.code, "year": self.period.year, "half": self.period.half}

    @classmethod
    def from_params(cls, params: dict) -> StatisticsRequest:
        return cls(by_code(params["layout"]), Period(int(params["year"]), params.get("half")))


def _year(value, today) -> int:
    text = nfc("" if value is None else str(value)).strip()
    if not text:
        raise StatisticsError(
            _("Enter the year of the report, e.g. %(year)s.") % {"year": today.year - 1}, field="year"
        )
    if not text.isdigit():
        raise StatisticsError(
            _("The year of the report must be a number such as %(year)s; “%(value)s” is not one.")
            % {"year": today.year - 1, "value": text},
            field="year",
        )
    year = int(text)
    if not FIRST_YEAR <= year <= today.year:
        raise StatisticsError(
            _("The year of the report must be from %(first)s to %(last)s; %(year)s is outside.")
            % {"first": FIRST_YEAR, "last": today.year, "year": year},
            field="year",
        )
    return year


def _half(layout: Layout, value) -> int | None:
    if not layout.is_half_year:
        return None
    text = nfc("" if value is None else str(value)).strip()
    if text not in ("1", "2"):
        raise StatisticsError(
            _("Form %(code)s is a half-year report: choose the first (1) or the last (2) six months.")
            % {"code": layout.code},
            field="half",
        )
    return int(text)


def check_request(*, layout, year, half=None, today=None) -> StatisticsRequest:
    """Check a request's fields as typed; raise `StatisticsError` naming the first at fault:
    an unknown form, a year that is not a number or outside FIRST_YEAR–this year, a half
    other than 1 or 2 for a half-year form."""
    today = today or timezone.localdate()
    found = by_code(nfc(layout or "").strip()) if layout else LAYOUTS[0]
    if found is None:
        raise StatisticsError(
            _("There is no statistical form “%(code)s”.") % {"code": layout}, field="layout"
        )
    return StatisticsRequest(found, Period(_year(year, today), _half(found, half)))


def start_report(request: StatisticsRequest, *, file_format: str, actor) -> Job:
    """Record a pending job building `request` as `file_format` ("xlsx" or "pdf") for `actor`.
    Side effect: one `Job` of kind `awards.statistics`; nothing else is written."""
    if file_format not in FORMATS:
        raise StatisticsError(_("Choose Excel or PDF."), field="file_format")
    if Commune.current() is None:
        raise StatisticsError(
            _("Enter the commune's details first: the report's header names its People's Committee.")
        )
    with transaction.atomic():
        return Job.objects.create(
            owner=actor, kind=STATISTICS_KIND, params={**request.to_params(), "format": file_format}
        )


def build_report(job: Job) -> tuple[str, bytes]:
    """Gather and render the job's report: (file name, bytes). Progress 10 → 90."""
    request = StatisticsRequest.from_params(job.params)
    jobs.set_progress(job, 10)
    report = document.gather(
        request.layout,
        commune=Commune.current(),
        period=request.period,
        date=timezone.localdate(),
        preparer=job.owner.get_full_name(),
        on_progress=lambda percent: jobs.set_progress(job, percent),
    )
    file_format = job.params.get("format", "xlsx")
    data = (document.render if file_format == "pdf" else workbook.render)(report)
    jobs.set_progress(job, 90)
    return f"bao-cao-thong-ke-khen-thuong-{request.period.slug}.{file_format}", data


def run_report(job: Job) -> None:
    """Build the job's report and attach it (`thiduaportal.jobs.run`: running -> done or
    failed; a job already done is left alone, so running it twice builds one file)."""

    def build(job: Job) -> str:
        filename, data = build_report(job)
        job.file.save(filename, ContentFile(data), save=False)
        return filename

    jobs.run(
        job,
        build,
        failure=gettext_lazy("The file could not be built. Try again later or tell the administrator."),
    )
