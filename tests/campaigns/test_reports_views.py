"""Asking for the periodic report: the form, every refusal, the background job from
pending to done with its file, and the job page's progress bar."""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from campaigns.forms.reports import initial_values
from campaigns.services.reports import (
    REPORT_KIND,
    ReportError,
    check_report_request,
    run_report,
    start_report,
)
from campaigns.tasks import task_build_report
from tests.factories.campaigns import CampaignFactory, ResultFactory
from thiduaportal.models import Job, JobState

pytestmark = pytest.mark.django_db
URL = reverse("campaigns:report_create")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def figures(online_kpi, own_unit):
    for month, numerator in ((1, 50), (2, 60), (3, 70)):
        ResultFactory(
            indicator=online_kpi, unit=own_unit, year=2026, period=month, numerator=numerator, denominator=100
        )
    return online_kpi


def form_data(campaign, **changes):
    return {
        "campaign": campaign.pk,
        "year": 2026,
        "period": "q1",
        "file_format": "pdf",
        "number": "25/BC-VHXH",
        "report_date": "2026-04-05",
        "assessment": "",
        **changes,
    }


def form_errors(response) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in response.context["form"].errors.items()}


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


# --------------------------------------------------------------------------- the job


def test_report_goes_pending_then_done_with_a_pdf(
    client_for, vhxh_officer, commune, campaign, figures, django_capture_on_commit_callbacks
):
    client = client_for(vhxh_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, form_data(campaign, assessment="  Đề nghị biểu dương.  "))
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.owner, job.kind, job.state, job.progress) == (vhxh_officer, REPORT_KIND, JobState.PENDING, 0)
    assert job.params == {
        "campaign": campaign.pk,
        "year": 2026,
        "period": "q1",
        "format": "pdf",
        "number": "25",
        "date": "2026-04-05",
        "assessment": "Đề nghị biểu dương.",
        "task": "campaigns.tasks.task_build_report",
    }
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert (job.state, job.progress, job.filename, job.error) == (
        JobState.DONE,
        100,
        "bao-cao-phong-trao-2026-q1.pdf",
        "",
    )
    download = client.get(reverse("job_download", args=[job.pk]))
    text = pdf_text(b"".join(download.streaming_content))
    assert "Số: 25/BC-VHXH" in text
    assert "180/300 60,00 Đạt" in text
    assert "Đề nghị biểu dương." in text


def test_report_as_excel_is_read_back(
    client_for, vhxh_officer, commune, campaign, figures, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(vhxh_officer).post(URL, form_data(campaign, file_format="xlsx", number="", period="m2"))
    job = Job.objects.get()
    assert (job.state, job.progress, job.filename) == (JobState.DONE, 100, "bao-cao-phong-trao-2026-m2.xlsx")
    workbook = load_workbook(io.BytesIO(job.file.read()))
    assert list(workbook["Chỉ tiêu"].values)[1] == (
        1,
        "Tỷ lệ sử dụng dịch vụ công trực tuyến",
        60,
        60,
        100,
        60,
        "Đạt",
    )
    assert list(workbook["Báo cáo"].values)[2] == ("Số", "/BC-VHXH")


def test_job_page_shows_the_progress_of_a_running_report(client_for, vhxh_officer):
    job = Job.objects.create(owner=vhxh_officer, kind=REPORT_KIND, state=JobState.RUNNING, progress=45)
    page = client_for(vhxh_officer).get(reverse("job_detail", args=[job.pk])).content.decode()
    assert 'aria-valuenow="45"' in page
    assert '<div class="progress-bar" style="width: 45%">45%</div>' in page
    assert "File being prepared" in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_done_report_page_offers_the_file_without_a_row_count(client_for, vhxh_officer):
    job = Job.objects.create(
        owner=vhxh_officer, kind=REPORT_KIND, state=JobState.DONE, progress=100, filename="bao-cao.pdf"
    )
    job.file.save("bao-cao.pdf", ContentFile(b"%PDF"), save=True)
    page = client_for(vhxh_officer).get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "The file is ready." in page
    assert "row" not in page.split("alert-success")[1].split("</div>")[0]
    assert reverse("job_download", args=[job.pk]) in page


def test_task_run_twice_leaves_a_done_report_alone(vhxh_officer, commune, campaign, figures):
    job = start_report(campaign, actor=vhxh_officer, year=2026, period="q1", file_format="pdf")
    task_build_report(job_id=str(job.pk))
    job.refresh_from_db()
    first = (job.file.name, job.finished_at)
    task_build_report(job_id=str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.progress, job.file.name, job.finished_at) == (JobState.DONE, 100, *first)


def test_task_ignores_other_kinds_of_job(vhxh_officer):
    job = Job.objects.create(owner=vhxh_officer, kind="units.cadres")
    task_build_report(job_id=str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.progress) == (JobState.PENDING, 0)


def test_report_of_a_deleted_campaign_fails_with_a_message(client_for, vhxh_officer, commune):
    job = Job.objects.create(
        owner=vhxh_officer,
        kind=REPORT_KIND,
        params={"campaign": 999, "year": 2026, "period": "q1", "format": "pdf", "date": "2026-04-05"},
    )
    run_report(job)
    job.refresh_from_db()
    assert (job.state, bool(job.file), job.finished_at is not None) == (JobState.FAILED, False, True)
    assert job.error == "Không tạo được tệp. Vui lòng thử lại sau hoặc báo cho quản trị hệ thống."
    page = client_for(vhxh_officer).get(reverse("job_detail", args=[job.pk])).content.decode()
    assert job.error in page


# --------------------------------------------------------------------------- the form


def test_form_starts_at_the_current_campaign_and_the_last_ended_quarter(client_for, vhxh_officer, campaign):
    response = client_for(vhxh_officer).get(URL)
    today = timezone.localdate()
    year, quarter = (today.year, (today.month - 1) // 3) if today.month > 3 else (today.year - 1, 4)
    assert response.context["form"].initial == {
        "campaign": campaign,
        "year": year,
        "period": f"q{quarter}",
        "file_format": "pdf",
    }


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 12, 7), (2026, "q3")),  # quarter IV is not over
        (datetime.date(2026, 10, 1), (2026, "q3")),
        (datetime.date(2026, 9, 30), (2026, "q2")),
        (datetime.date(2027, 2, 14), (2026, "q4")),
    ],
)
def test_the_default_period_is_a_quarter_that_has_ended(day, expected):
    values = initial_values(None, today=day)
    assert (values["year"], values["period"]) == expected


def test_form_lists_the_users_latest_reports(
    client_for, vhxh_officer, administrator, django_assert_max_num_queries
):
    for code in ("q1", "m2"):
        Job.objects.create(
            owner=vhxh_officer, kind=REPORT_KIND, params={"year": 2026, "period": code, "format": "pdf"}
        )
    Job.objects.create(owner=administrator, kind=REPORT_KIND, params={"year": 2026, "period": "h1"})
    Job.objects.create(owner=vhxh_officer, kind="units.cadres")
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(12) as one:
        response = client.get(URL)
    assert [(period, year) for _job, period, year, _f in response.context["recent_jobs"]] == [
        ("Month 2", 2026),
        ("Quarter I", 2026),
    ]
    for _ in range(15):
        Job.objects.create(owner=vhxh_officer, kind=REPORT_KIND, params={"year": 2026, "period": "year"})
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert len(response.context["recent_jobs"]) == 10


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"year": "2031"},
            "year",
            "2031 is not a year of “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” (2026–2030).",
        ),
        (
            {"year": "2025"},
            "year",
            "2025 is not a year of “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” (2026–2030).",
        ),
        ({"period": "q5"}, "period", "Select a valid choice. q5 is not one of the available choices."),
        (
            {"file_format": "docx"},
            "file_format",
            "Select a valid choice. docx is not one of the available choices.",
        ),
        (
            {"number": "25/QĐ-UBND"},
            "number",
            "Write the document number as “25” or “25/BC-VHXH” (“25/QĐ-UBND” is not a number).",
        ),
        (
            {"number": "0"},
            "number",
            "Write the document number as “25” or “25/BC-VHXH” (“0” is not a number).",
        ),
        (
            {"report_date": "2025-12-31"},
            "report_date",
            "The report cannot be dated before its period begins (01/01/2026).",
        ),
        (
            {"assessment": "x" * 10_001},
            "assessment",
            "The assessment is too long (10001 characters); at most 10000.",
        ),
    ],
)
def test_each_bad_input_is_named_and_nothing_is_started(
    client_for, vhxh_officer, commune, campaign, changes, field, message
):
    response = client_for(vhxh_officer).post(URL, form_data(campaign, **changes))
    assert response.status_code == 200
    assert form_errors(response) == {field: [message]}
    assert not Job.objects.exists()


def test_a_period_that_has_not_begun_is_refused(client_for, vhxh_officer, commune):
    next_year = timezone.localdate().year + 1
    campaign = CampaignFactory(start_year=next_year - 1, end_year=next_year + 1, midterm_year=None)
    response = client_for(vhxh_officer).post(
        URL, form_data(campaign, year=str(next_year), period="year", report_date="")
    )
    assert form_errors(response) == {
        "period": [f"That period has not begun yet (it starts on 01/01/{next_year}); choose one that has."]
    }


def test_a_date_far_ahead_is_refused(client_for, vhxh_officer, commune, campaign):
    ahead = timezone.localdate() + datetime.timedelta(days=40)
    response = client_for(vhxh_officer).post(URL, form_data(campaign, report_date=ahead.isoformat()))
    assert form_errors(response) == {
        "report_date": ["The report date is more than 31 days ahead; check the year."]
    }


def test_without_the_communes_details_no_report_is_started(client_for, vhxh_officer, campaign):
    response = client_for(vhxh_officer).post(URL, form_data(campaign))
    assert form_errors(response) == {
        "__all__": ["Enter the commune's details first: the report's header names its People's Committee."]
    }
    assert not Job.objects.exists()


# --------------------------------------------------------------------------- the service's checks


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"period": "q5"}, "period", "Choose a month, a quarter, six months or the whole year."),
        ({"file_format": "docx"}, "file_format", "Choose PDF or Excel."),
        ({"year": None}, "year", "Enter the year of the report."),
        (
            {"period": "m12", "today": datetime.date(2026, 11, 30)},
            "period",
            "That period has not begun yet (it starts on 01/12/2026); choose one that has.",
        ),
    ],
)
def test_service_refuses_what_the_form_lets_through(campaign, fields, field, message):
    values = {
        "year": 2026,
        "period": "q1",
        "file_format": "pdf",
        "today": datetime.date(2026, 6, 1),
        **fields,
    }
    with translation.override("en"), pytest.raises(ReportError) as refused:
        check_report_request(campaign, **values)
    assert (refused.value.field, str(refused.value)) == (field, message)


def test_service_cleans_the_request(campaign):
    request = check_report_request(
        campaign,
        year=2026,
        period="h1",
        file_format="xlsx",
        number=" 7 / bc-vhxh ",
        assessment="Đê\u0300 nghị",
        today=datetime.date(2026, 6, 1),
    )
    assert (request.period.code, request.number, request.date, request.assessment) == (
        "h1",
        "7",
        datetime.date(2026, 6, 1),
        "Đề nghị",
    )
    assert request.campaign.pk == campaign.pk
    assert Decimal(request.period.year) == 2026


def test_a_report_dated_before_the_plan_it_reports_on_is_refused(campaign):
    campaign.plan_number, campaign.plan_date = "15/KH-UBND", datetime.date(2026, 3, 16)
    with translation.override("en"), pytest.raises(ReportError) as refused:
        check_report_request(
            campaign,
            year=2026,
            period="q1",
            file_format="pdf",
            report_date=datetime.date(2026, 2, 3),
            today=datetime.date(2026, 6, 1),
        )
    assert (refused.value.field, str(refused.value)) == (
        "report_date",
        "The report cannot be dated before the plan it reports on (15/KH-UBND of 16/03/2026).",
    )
    request = check_report_request(
        campaign,
        year=2026,
        period="q1",
        file_format="pdf",
        report_date=datetime.date(2026, 3, 16),
        today=datetime.date(2026, 6, 1),
    )
    assert request.date == datetime.date(2026, 3, 16)
