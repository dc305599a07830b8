"""The periodic movement report to the UBND (the plan's "định kỳ tổng hợp báo cáo").

The office asks for a report of one campaign over a month, a quarter, six months or the
whole year, as PDF or Excel. `start_report` checks the request and records a pending
`Job`; the view enqueues `campaigns.tasks.task_build_report`, which calls
`run_report`: it gathers the sections (`campaigns.documents.gather_report`), reporting
progress on the job as it goes, renders the file and attaches it to the job.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from thiduaportal import excel, jobs
from thiduaportal.excel import DATE_FORMAT
from thiduaportal.models import Job
from thiduaportal.text import nfc
from units.models import Commune

from .. import documents
from ..models import Campaign
from .campaign import InvalidInput

REPORT_KIND = "campaigns.report"
FORMATS = ("pdf", "xlsx")
ROMAN = ("I", "II", "III", "IV")
PERIOD_CODES = ("year", "h1", "h2", "q1", "q2", "q3", "q4", *(f"m{n}" for n in range(1, 13)))
ASSESSMENT_MAX = 10_000
DAYS_AHEAD = 31  # a report may be dated for its signing a few weeks ahead, no further
_NUMBER = re.compile(rf"^(\d{{1,6}})(?:\s*/\s*{documents.SYMBOL})?$", re.IGNORECASE)


class ReportError(InvalidInput):
    """The report cannot be made as asked; the message names the field and the problem."""


# --------------------------------------------------------------------------- the period


@dataclass(frozen=True)
class ReportPeriod:
    """A month (`m1`–`m12`), a quarter (`q1`–`q4`), six months (`h1`, `h2`) or the whole
    year (`year`). Quarterly indicators count the quarters that end inside the period (a
    March report holds the first quarter, a February report none)."""

    year: int
    code: str

    def __post_init__(self):
        if self.code not in PERIOD_CODES:
            raise ValueError(f"Unknown report period {self.code!r}")

    @property
    def _n(self) -> int:
        return 1 if self.code == "year" else int(self.code[1:])

    @property
    def first_month(self) -> int:
        return {"y": 1, "h": 6 * self._n - 5, "q": 3 * self._n - 2, "m": self._n}[self.code[0]]

    @property
    def last_month(self) -> int:
        return {"y": 12, "h": 6 * self._n, "q": 3 * self._n, "m": self._n}[self.code[0]]

    @property
    def quarters(self) -> tuple[int, ...]:
        return tuple(month // 3 for month in range(self.first_month, self.last_month + 1) if month % 3 == 0)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.first_month, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def phrase(self) -> str:
        """ "năm 2026", "6 tháng đầu năm 2026", "quý I năm 2026", "tháng 3 năm 2026"."""
        kind, year = self.code[0], f"năm {self.year}"
        if kind == "y":
            return year
        if kind == "h":
            return f"6 tháng {'đầu' if self._n == 1 else 'cuối'} {year}"
        if kind == "q":
            return f"quý {ROMAN[self._n - 1]} {year}"
        return f"tháng {self._n} {year}"

    @property
    def slug(self) -> str:
        return str(self.year) if self.code == "year" else f"{self.year}-{self.code}"


# --------------------------------------------------------------------------- the request


@dataclass(frozen=True)
class ReportRequest:
    """A checked request, stored in the job's parameters."""

    campaign: Campaign
    period: ReportPeriod
    file_format: str
    number: str
    date: datetime.date
    assessment: str

    def to_params(self) -> dict:
        return {
            "campaign": self.campaign.pk,
            "year": self.period.year,
            "period": self.period.code,
            "format": self.file_format,
            "number": self.number,
            "date": self.date.isoformat(),
            "assessment": self.assessment,
        }

    @classmethod
    def from_params(cls, params: dict) -> ReportRequest:
        return cls(
            campaign=Campaign.objects.get(pk=params["campaign"]),
            period=ReportPeriod(int(params["year"]), params["period"]),
            file_format=params["format"],
            number=params.get("number", ""),
            date=datetime.date.fromisoformat(params["date"]),
            assessment=params.get("assessment", ""),
        )


def clean_number(value: str | None) -> str:
    """ "25" or "25/BC-VHXH" -> "25"; empty stays empty (numbered by hand when issued)."""
    text = nfc(value).strip()
    if not text:
        return ""
    match = _NUMBER.match(text)
    if not match or int(match.group(1)) == 0:
        raise ReportError(
            _("Write the document number as “25” or “25/%(symbol)s” (“%(value)s” is not a number).")
            % {"symbol": documents.SYMBOL, "value": text},
            field="number",
        )
    return match.group(1)


def _check_period(campaign: Campaign, year: int | None, code: str, today: datetime.date) -> ReportPeriod:
    if year is None:
        raise ReportError(_("Enter the year of the report."), field="year")
    if not campaign.covers(year):
        raise ReportError(
            _("%(year)s is not a year of “%(campaign)s” (%(start)s–%(end)s).")
            % {"year": year, "campaign": campaign, "start": campaign.start_year, "end": campaign.end_year},
            field="year",
        )
    if code not in PERIOD_CODES:
        raise ReportError(_("Choose a month, a quarter, six months or the whole year."), field="period")
    period = ReportPeriod(year, code)
    if period.start > today:
        raise ReportError(
            _("That period has not begun yet (it starts on %(start)s); choose one that has.")
            % {"start": date_format(period.start, "SHORT_DATE_FORMAT")},
            field="period",
        )
    return period


def check_report_request(
    campaign: Campaign,
    *,
    year: int | None,
    period: str,
    file_format: str,
    number: str = "",
    report_date: datetime.date | None = None,
    assessment: str = "",
    today: datetime.date | None = None,
) -> ReportRequest:
    """Check every field of a report request; raise `ReportError` naming the first field
    at fault. The date defaults to today; text is normalised to NFC."""
    today = today or timezone.localdate()
    checked = _check_period(campaign, year, period, today)
    if file_format not in FORMATS:
        raise ReportError(_("Choose PDF or Excel."), field="file_format")
    number = clean_number(number)
    date = report_date or today
    if date < checked.start:
        raise ReportError(
            _("The report cannot be dated before its period begins (%(start)s).")
            % {"start": date_format(checked.start, "SHORT_DATE_FORMAT")},
            field="report_date",
        )
    if campaign.plan_date and date < campaign.plan_date:
        raise ReportError(
            _("The report cannot be dated before the plan it reports on (%(plan)s of %(date)s).")
            % {
                "plan": campaign.plan_number or _("the plan"),
                "date": date_format(campaign.plan_date, "SHORT_DATE_FORMAT"),
            },
            field="report_date",
        )
    if date > today + datetime.timedelta(days=DAYS_AHEAD):
        raise ReportError(
            _("The report date is more than %(days)s days ahead; check the year.") % {"days": DAYS_AHEAD},
            field="report_date",
        )
    assessment = nfc(assessment).strip()
    if len(assessment) > ASSESSMENT_MAX:
        raise ReportError(
            _("The assessment is too long (%(length)s characters); at most %(max)s.")
            % {"length": len(assessment), "max": ASSESSMENT_MAX},
            field="assessment",
        )
    return ReportRequest(campaign, checked, file_format, number, date, assessment)


def start_report(campaign: Campaign, *, actor, **fields) -> Job:
    """Check the request (see `check_report_request` for `fields`) and record a pending
    job for `actor`. Side effect: one `Job` of kind `campaigns.report`. The caller
    enqueues `task_build_report` once the transaction commits."""
    request = check_report_request(campaign, **fields)
    if Commune.current() is None:
        raise ReportError(
            _("Enter the commune's details first: the report's header names its People's Committee.")
        )
    with transaction.atomic():
        return Job.objects.create(owner=actor, kind=REPORT_KIND, params=request.to_params())


# --------------------------------------------------------------------------- building


def build_report(job: Job) -> tuple[str, bytes]:
    """Gather and render the job's report: (file name, bytes). Progress 10 → 90."""
    request = ReportRequest.from_params(job.params)
    jobs.set_progress(job, 10)
    report = documents.gather_report(
        request.campaign,
        request.period,
        commune=Commune.current(),
        number=request.number,
        date=request.date,
        assessment=request.assessment,
        on_progress=lambda percent: jobs.set_progress(job, percent),
    )
    render = documents.render_report_pdf if request.file_format == "pdf" else report_workbook
    data = render(report)
    jobs.set_progress(job, 90)
    return f"bao-cao-phong-trao-{request.period.slug}.{request.file_format}", data


def run_report(job: Job) -> None:
    """Build the job's report and attach it (`thiduaportal.jobs.run`: running -> done or
    failed; a job already done is left alone)."""

    def build(job: Job) -> str:
        filename, data = build_report(job)
        job.file.save(filename, ContentFile(data), save=False)
        return filename

    jobs.run(
        job,
        build,
        failure=gettext_lazy("The file could not be built. Try again later or tell the administrator."),
    )


# --------------------------------------------------------------------------- Excel


def _sheet(workbook: Workbook, title: str, headers: list[tuple[str, int]], rows) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([excel.safe_value(header) for header, _width in headers])
    for index, (_header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([excel.safe_value(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT


def _summary_rows(report: documents.PeriodicReport):
    head = report.letterhead
    yield ["Cơ quan ban hành", f"{head.parent_body} – {head.issuer}"]
    yield ["Số", head.number_line.removeprefix("Số: ").strip()]
    yield ["Ngày", head.date]
    yield ["Trích yếu", report.summary_line]
    yield ["Phong trào", report.campaign.title]
    yield ["Kỳ báo cáo", f"{report.period.start:%d/%m/%Y} – {report.period.end:%d/%m/%Y}"]
    yield ["Đánh giá chung và đề xuất, kiến nghị", report.assessment]


def _result_sheets(report: documents.PeriodicReport):
    """(title, [(header, width)], rows) of the summary, the indicators and the units behind."""
    year = report.period.year
    yield "Báo cáo", [("Mục", 34), ("Nội dung", 90)], _summary_rows(report)
    yield (
        "Chỉ tiêu",
        [("STT", 6), ("Chỉ tiêu", 60), (f"Chỉ tiêu năm {year}", 14), ("Tử số", 12), ("Mẫu số", 12)]
        + [("Tỷ lệ %", 10), ("Đánh giá", 28)],
        (
            [x.position, x.name, x.year_target, x.numerator, x.denominator, x.percent, x.assessment]
            for x in report.indicators
        ),
    )
    yield (
        "Đơn vị chưa đạt",
        [("STT", 6), ("Chỉ tiêu", 50), ("Cơ quan, đơn vị", 40), ("Tử số", 12), ("Mẫu số", 12)]
        + [("Tỷ lệ %", 10), (f"Chỉ tiêu năm {year}", 14), ("Ghi chú", 24)],
        (
            [n, x.indicator, x.unit, x.numerator, x.denominator, x.percent, x.target]
            + ["" if x.reported else "Chưa báo cáo số liệu"]
            for n, x in enumerate(report.behind, start=1)
        ),
    )


def _other_sheets(report: documents.PeriodicReport):
    """(title, [(header, width)], rows) of registrations, index components, initiatives."""
    year, counts = report.period.year, report.registrations
    yield (
        "Đăng ký thi đua",
        [("Nội dung", 50), ("Số cơ quan, đơn vị", 20)],
        [
            ["Phải đăng ký", counts.expected],
            ["Đã đăng ký", counts.registered],
            ["Đã được chấp thuận", counts.accepted],
            ["Chưa đăng ký", counts.missing],
        ],
    )
    yield (
        "PAR INDEX - SIPAS",
        [("Chỉ số", 12), ("Mã", 8), ("Chỉ số thành phần", 50), ("Đơn vị phụ trách", 40), ("Điểm tối đa", 12)]
        + [(f"Điểm năm {year - 1}", 12), (f"Điểm năm {year}", 12), ("So với năm trước", 24)],
        (
            [x.index, x.code, x.name, x.units, x.max_points, x.previous, x.score, x.verdict]
            for x in report.components
        ),
    )
    yield (
        "Sáng kiến",
        [("STT", 6), ("Tên", 60), ("Loại", 12), ("Cơ quan, đơn vị", 40), ("Công nhận", 30)]
        + [("Số quyết định", 18), ("Ngày quyết định", 16)],
        (
            [n, x.title, x.kind, x.unit, x.council, x.decision_number, x.decision_date]
            for n, x in enumerate(report.initiatives, start=1)
        ),
    )


def report_workbook(report: documents.PeriodicReport) -> bytes:
    """The report's tables as an .xlsx workbook, one sheet per section, numbers as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in (*_result_sheets(report), *_other_sheets(report)):
        _sheet(workbook, title, headers, rows)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
