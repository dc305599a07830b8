"""The statistical report on commendation (issue 17, deliver 4): the figures of each layout
from a registry with known awards (valid, revoked, of another year, of another commune), the
year-end summary, the Excel and PDF files built as a background job, the page's permission
and bad input, and fixed query counts."""

from __future__ import annotations

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Decision
from awards.statistics import document, figures, layouts, workbook
from awards.statistics.reports import STATISTICS_KIND, StatisticsRequest
from awards.tasks import task_build_statistics_report
from nominations import catalogue
from nominations.models import AwardForm, SubjectType
from tests.factories import CadreFactory, CommuneFactory, UnitFactory, UserFactory
from tests.factories.decisions import ImportedAwardFactory
from tests.nominations.test_documents import assert_layout
from thiduaportal import tenancy
from thiduaportal.models import Job, JobState
from units.models import CadreCategory, Sex

pytestmark = pytest.mark.django_db

URL = reverse("awards:statistics")
YEARLY, HALF_YEARLY = layouts.LAYOUTS
LDTT_CASH, TTLDTT_CASH = Decimal(702_000), Decimal(1_872_000)  # 0,3 and 0,8 × 2.340.000 đ


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def pdf_fonts(data: bytes) -> set[tuple[str, str]]:
    result = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True, text=False)
    rows = [line.split() for line in result.stdout.decode().splitlines()[2:]]
    return {(row[0].split("+")[-1], row[-5]) for row in rows}


def _form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def _person_award(form, *, sex=Sex.MALE, category=CadreCategory.CONG_CHUC, unit=None, **fields):
    cadre = CadreFactory(sex=sex, category=category, **({"unit": unit} if unit else {}))
    fields.setdefault("year", 2025)
    fields.setdefault("decision_date", datetime.date(2025, 12, 20))
    fields.setdefault("amount", LDTT_CASH if form else Decimal(0))
    return ImportedAwardFactory(
        cadre=cadre,
        award_form=form,
        award_name=form.name if form else "Giấy khen của Chủ tịch UBND huyện",
        **fields,
    )


@pytest.fixture
def registry(commune):
    """xã An Bình's 2025: LĐTT to 3 women and 2 men (one a viên chức), a 4th woman's LĐTT
    revoked, one LĐTT of 2024, TTLĐTT to 2 units (decided in June), and one old paper award to
    a woman linked to no award form; and one LĐTT of another commune."""
    ldtt, ttldtt = _form(catalogue.LDTT), _form(catalogue.TTLDTT)
    school = UnitFactory(name="Trường Tiểu học An Bình")
    for _ in range(3):
        _person_award(ldtt, sex=Sex.FEMALE, unit=school)
    _person_award(ldtt)
    _person_award(ldtt, category=CadreCategory.VIEN_CHUC, unit=school)
    revoked = _person_award(ldtt, sex=Sex.FEMALE)
    revoking = Decision.objects.create(
        kind="award", title="Thu hồi", achievement="-", created_by=UserFactory()
    )
    type(revoked).objects.filter(pk=revoked.pk).update(revoked_by=revoking)
    _person_award(ldtt, sex=Sex.FEMALE, year=2024, decision_date=datetime.date(2024, 12, 20))
    for name in ("Phòng Kinh tế", "Trạm Y tế xã An Bình"):
        unit = UnitFactory(name=name)
        ImportedAwardFactory(
            subject_type=SubjectType.COLLECTIVE,
            cadre=None,
            unit=unit,
            recipient_name=name,
            recipient_detail="Ủy ban nhân dân xã An Bình",
            unit_name=name,
            award_form=ttldtt,
            award_name=ttldtt.name,
            year=2025,
            decision_date=datetime.date(2025, 6, 10),
            amount=TTLDTT_CASH,
        )
    _person_award(None, sex=Sex.FEMALE, unit=school)
    other = CommuneFactory(
        name="xã Bình Minh", place_name="Bình Minh", authority_name="ỦY BAN NHÂN DÂN XÃ BÌNH MINH"
    )
    with tenancy.within(other):
        _person_award(ldtt, sex=Sex.FEMALE)
    return commune


# --------------------------------------------------------------------------- the figures

EXPECTED_2025 = {
    # row: (total, collectives, individuals, women, cán bộ/công chức, cash)
    "01": (8, 2, 6, 4, 5, 5 * LDTT_CASH + 2 * TTLDTT_CASH),
    "02": (7, 2, 5, 3, 4, 5 * LDTT_CASH + 2 * TTLDTT_CASH),
    "03": (0, 0, 0, 0, 0, 0),
    "04": (5, 0, 5, 3, 4, 5 * LDTT_CASH),
    "05": (2, 2, 0, 0, 0, 2 * TTLDTT_CASH),
    "06": (0, 0, 0, 0, 0, 0),
    "07": (0, 0, 0, 0, 0, 0),
    "08": (0, 0, 0, 0, 0, 0),
    "09": (0, 0, 0, 0, 0, 0),
    "10": (0, 0, 0, 0, 0, 0),
    "11": (1, 0, 1, 1, 1, 0),
}


def test_yearly_form_counts_the_valid_awards_of_the_year_in_the_commune(registry):
    table = figures.table(YEARLY, commune=registry, period=figures.Period(2025))
    assert {row.code: row.values for row in table.rows} == EXPECTED_2025
    assert table.value("04", "6") == Decimal(3_510_000)
    assert table.rows[0].written == ("8", "2", "6", "4", "5", "7.254.000")


def test_half_year_form_counts_the_awards_decided_in_that_half(registry):
    first = figures.table(HALF_YEARLY, commune=registry, period=figures.Period(2025, 1))
    second = figures.table(HALF_YEARLY, commune=registry, period=figures.Period(2025, 2))
    assert first.rows[0].values == (2, 2, 0, 0, 0, 2 * TTLDTT_CASH)
    assert second.rows[0].values == (6, 0, 6, 4, 5, 5 * LDTT_CASH)
    assert figures.Period(2025, 1).phrase == "6 tháng đầu năm 2025"


def test_another_year_has_only_its_own_awards(registry):
    table = figures.table(YEARLY, commune=registry, period=figures.Period(2024))
    assert table.rows[0].values == (1, 0, 1, 1, 1, LDTT_CASH)


def test_summary_counts_by_title_unit_sex_and_category(registry):
    summary = figures.summary(commune=registry, period=figures.Period(2025))
    assert (summary.total.total, summary.total.collectives, summary.total.individuals) == (8, 2, 6)
    assert [(line.label, line.collectives, line.individuals, line.amount) for line in summary.by_title] == [
        ("Danh hiệu Lao động tiên tiến", 0, 5, 5 * LDTT_CASH),
        ("Danh hiệu Tập thể lao động tiên tiến", 2, 0, 2 * TTLDTT_CASH),
        ("Giấy khen của Chủ tịch UBND huyện", 0, 1, 0),
    ]
    by_unit = {line.label: line.total for line in summary.by_unit}
    assert by_unit["Trường Tiểu học An Bình"] == 5
    assert (by_unit["Phòng Kinh tế"], by_unit["Trạm Y tế xã An Bình"]) == (1, 1)
    assert sum(by_unit.values()) == 8
    assert [(line.label, line.individuals) for line in summary.by_sex] == [("Nữ", 4), ("Nam", 2)]
    assert [(line.label, line.individuals) for line in summary.by_category] == [
        ("Công chức", 5),
        ("Viên chức", 1),
    ]


def test_figures_take_one_query_whatever_the_number_of_awards(commune, django_assert_num_queries):
    ldtt = _form(catalogue.LDTT)
    _person_award(ldtt)
    period = figures.Period(2025)
    with django_assert_num_queries(1):
        figures.table(YEARLY, commune=commune, period=period)
    with django_assert_num_queries(1):
        figures.summary(commune=commune, period=period)
    for _ in range(30):
        _person_award(ldtt, sex=Sex.FEMALE)
    with django_assert_num_queries(1):
        assert figures.table(YEARLY, commune=commune, period=period).value("04", "4") == 30
    with django_assert_num_queries(1):
        assert figures.summary(commune=commune, period=period).total.total == 31


def test_every_layout_adds_up(registry):
    """Row 01 = rows 02 + 08 + 11 and column 1 = columns 2 + 3, as the form's notes say."""
    for layout in layouts.LAYOUTS:
        period = figures.Period(2025, 2 if layout.is_half_year else None)
        table = figures.table(layout, commune=registry, period=period)
        for column in ("1", "2", "3", "4", "5", "6"):
            assert table.value("01", column) == sum(table.value(r, column) for r in ("02", "08", "11"))
        for row in table.rows:
            assert row.values[0] == row.values[1] + row.values[2]


# --------------------------------------------------------------------------- the files


def _report(commune, layout=YEARLY):
    return document.gather(
        layout,
        commune=commune,
        period=figures.Period(2025),
        date=datetime.date(2026, 1, 8),
        preparer="Lê Thị Lập",
    )


def test_workbook_cells_read_back(registry):
    book = load_workbook(io.BytesIO(workbook.render(_report(registry))))
    rows = list(book[workbook.TABLE_SHEET].values)
    header = workbook.HEADER_ROW - 1
    assert rows[header][:8] == (
        "Mã số", "Chỉ tiêu", "Tổng số", "Tập thể", "Cá nhân", "Trong đó: nữ",
        "Trong đó: cán bộ, công chức", "Tiền thưởng (đồng)",
    )  # fmt: skip
    assert rows[header + 1][:8] == ("A", "B", "1", "2", "3", "4", "5", "6")
    body = {row[0]: row[2:8] for row in rows[header + 2 : header + 2 + len(YEARLY.rows)]}
    assert body == {code: tuple(int(v) for v in values) for code, values in EXPECTED_2025.items()}
    assert rows[2][0] == "SỐ LƯỢNG KHEN THƯỞNG CỦA XÃ NĂM 2025"
    summary = list(book[workbook.SUMMARY_SHEET].values)
    assert "Danh hiệu Lao động tiên tiến" in {row[1] for row in summary if row and len(row) > 1}
    assert (1, "Nữ", 4, 0, 4, 3 * 702_000) in summary


def test_pdf_prints_header_table_summary_and_both_signatures_with_embedded_fonts(registry):
    data = document.render(_report(registry))
    text = pdf_text(data)
    assert "ỦY BAN NHÂN DÂN XÃ AN BÌNH" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "An Bình, ngày 08 tháng 01 năm 2026" in text
    assert "BÁO CÁO THỐNG KÊ Số lượng khen thưởng của xã năm 2025" in text
    assert "01 Tổng số 8 2 6 4 5 7.254.000" in text
    assert "04 Lao động tiên tiến 5 0 5 3 4 3.510.000" in text
    assert "Danh hiệu Tập thể lao động tiên tiến 2 2 0 3.744.000" in text
    assert "NGƯỜI LẬP BIỂU" in text
    assert "CHỦ TỊCH" in text
    assert "Lê Thị Lập" in text
    assert "Trần Văn Chủ" in text
    assert_layout(data)  # A4, the NĐ 30/2020 margins, Tinos embedded
    fonts = pdf_fonts(data)
    assert fonts
    assert all(name.startswith("Tinos") and embedded == "yes" for name, embedded in fonts)


# --------------------------------------------------------------------------- the page and the job


def test_page_shows_the_figures_to_the_office(client_for, vhxh_officer, registry):
    page = client_for(vhxh_officer).get(URL, {"layout": YEARLY.code, "year": "2025"}).content.decode()
    assert 'data-cell="01-1">8<' in page
    assert 'data-cell="04-6">3.510.000<' in page
    assert 'data-cell="11-4">1<' in page
    assert "Download Excel" in page


def test_page_is_the_office_and_chairmans_only(client_for, unit_staff, chairman, vhxh_officer):
    assert client_for(unit_staff).get(URL).status_code == 403
    assert client_for(chairman).get(URL).status_code == 200
    assert client_for(vhxh_officer).get(URL).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "hai nghìn"}, "The year of the report must be a number such as"),
        ({"year": "1990"}, "The year of the report must be from 2000 to"),
        (
            {"year": "2025", "layout": HALF_YEARLY.code, "half": "3"},
            "is a half-year report: choose the first (1)",
        ),
        ({"year": "2025", "layout": "0601.N"}, "There is no statistical form “0601.N”."),
    ],
)
def test_bad_input_is_named_and_queues_nothing(client_for, vhxh_officer, commune, data, message):
    client = client_for(vhxh_officer)
    shown = client.get(URL, data)
    posted = client.post(URL, {**data, "file_format": "xlsx"})
    assert (shown.status_code, posted.status_code) == (200, 200)
    assert message in shown.content.decode()
    assert message in posted.content.decode()
    assert not Job.objects.exists()


def test_bad_year_is_explained_in_vietnamese(client_for, vhxh_officer, commune, settings):
    client = client_for(vhxh_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.get(URL, {"year": "abc"}).content.decode()
    assert "Năm báo cáo phải là một số, ví dụ" in page
    assert "“abc” không phải là số năm." in page


def test_page_query_count_does_not_grow_with_the_awards(
    client_for, vhxh_officer, commune, django_assert_max_num_queries
):
    client = client_for(vhxh_officer)
    ldtt = _form(catalogue.LDTT)
    _person_award(ldtt)
    with django_assert_max_num_queries(9):
        client.get(URL, {"year": "2025"})
    for _ in range(40):
        _person_award(ldtt, sex=Sex.FEMALE)
    with django_assert_max_num_queries(9):
        page = client.get(URL, {"year": "2025"}).content.decode()
    assert 'data-cell="04-1">41<' in page


def test_excel_is_built_in_the_background_and_downloaded(
    client_for, vhxh_officer, registry, django_capture_on_commit_callbacks
):
    client = client_for(vhxh_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, {"layout": YEARLY.code, "year": "2025", "file_format": "xlsx"})
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.kind, job.state, job.progress) == (STATISTICS_KIND, JobState.PENDING, 0)
    assert job.params == {
        "layout": YEARLY.code,
        "year": 2025,
        "half": None,
        "format": "xlsx",
        "task": "awards.tasks.task_build_statistics_report",
    }
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert (job.state, job.progress, job.filename, job.error) == (
        JobState.DONE,
        100,
        "bao-cao-thong-ke-khen-thuong-2025.xlsx",
        "",
    )
    download = client.get(reverse("job_download", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert list(book[workbook.TABLE_SHEET].values)[workbook.HEADER_ROW + 1][:8] == (
        "01", "Tổng số", 8, 2, 6, 4, 5, 7_254_000,
    )  # fmt: skip


def test_half_year_pdf_job(client_for, vhxh_officer, registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(vhxh_officer).post(
            URL, {"layout": HALF_YEARLY.code, "year": "2025", "half": "1", "file_format": "pdf"}
        )
    job = Job.objects.get()
    assert (job.state, job.filename) == (JobState.DONE, "bao-cao-thong-ke-khen-thuong-2025-6t1.pdf")
    text = pdf_text(job.file.read())
    assert "Số lượng khen thưởng của xã (báo cáo 6 tháng) 6 tháng đầu năm 2025" in text
    assert "01 Tổng số 2 2 0 0 0 3.744.000" in text
    assert StatisticsRequest.from_params(job.params).period == figures.Period(2025, 1)


def test_page_lists_the_users_latest_reports_and_the_registry_links_to_it(client_for, vhxh_officer, commune):
    Job.objects.create(
        owner=vhxh_officer,
        kind=STATISTICS_KIND,
        params={"layout": HALF_YEARLY.code, "year": 2025, "half": 2, "format": "pdf"},
        state=JobState.DONE,
    )
    client = client_for(vhxh_officer)
    page = client.get(URL).content.decode()
    assert f"{HALF_YEARLY.code} · 2025 · Last six months · PDF</a> – Ready" in page
    assert f'href="{URL}"' in client.get(reverse("awards:award_list")).content.decode()


def test_task_run_twice_builds_one_file(vhxh_officer, registry):
    request = StatisticsRequest(YEARLY, figures.Period(2025))
    job = Job.objects.create(
        owner=vhxh_officer, kind=STATISTICS_KIND, params={**request.to_params(), "format": "xlsx"}
    )
    task_build_statistics_report(job_id=str(job.pk))
    job.refresh_from_db()
    first = (job.state, job.file.name, job.finished_at)
    task_build_statistics_report(job_id=str(job.pk))
    job.refresh_from_db()
    assert first[0] == JobState.DONE
    assert (job.state, job.file.name, job.finished_at) == first


def test_a_file_format_other_than_excel_or_pdf_queues_nothing(client_for, vhxh_officer, commune):
    response = client_for(vhxh_officer).post(
        URL, {"layout": YEARLY.code, "year": "2025", "file_format": "docx"}
    )
    assert response.status_code == 200
    assert "Choose Excel or PDF." in response.content.decode()
    assert not Job.objects.exists()
