"""Excel imports: every bad file is refused with its row and column; good files import all rows."""

import datetime
import io
import time
import unicodedata
import zipfile

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tests.factories import CadreFactory, CadreRatingFactory, UnitFactory
from thiduaportal import excel
from thiduaportal.imports import IMPORTERS, ImportRefused
from units import services
from units.imports import CADRE_COLUMNS, RATING_COLUMNS, UNIT_COLUMNS
from units.models import Assignment, Cadre, CadreRating, Unit, UnitKind, UnitRating

CADRE_HEADERS = [c.header for c in CADRE_COLUMNS]
RATING_HEADERS = [c.header for c in RATING_COLUMNS]
UNIT_HEADERS = [c.header for c in UNIT_COLUMNS]
NOT_XLSX = "The file is not an Excel workbook (.xlsx). Save it from Excel as “Excel Workbook (.xlsx)”."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def xlsx(headers, rows, *, merge=None) -> io.BytesIO:
    """A real workbook: headers in row 1, rows below."""
    workbook = Workbook()
    sheet = workbook.active
    if headers:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "data.xlsx"
    return buffer


def person(
    name="Trần Thị Lan", born=datetime.date(1985, 3, 15), unit="Trung tâm Phục vụ hành chính công", **kw
):
    row = {
        "Họ và tên": name,
        "Giới tính": "Nữ",
        "Ngày sinh": born,
        "Chức vụ": "Chuyên viên",
        "Đối tượng": "Công chức",
        "Cơ quan, đơn vị": unit,
        "Tham mưu CCHC": "Có",
        "Quê quán": "Thượng Phúc",
        "Trình độ chuyên môn": "Cử nhân",
    }
    row.update(kw)
    return [row[h] for h in CADRE_HEADERS]


def people(count, unit="Trung tâm Phục vụ hành chính công"):
    start = datetime.date(1960, 1, 1)
    return [person(f"Nguyễn Văn Số {n}", start + datetime.timedelta(days=n), unit) for n in range(count)]


def parse(kind, upload, user):
    return IMPORTERS[kind].parse(upload, user=user)


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


# --- Bad files -------------------------------------------------------------------------


def test_plain_text_file_is_refused(vhxh_officer):
    result = parse("cadres", io.BytesIO(b"Ho va ten;Ngay sinh\nAn;1980"), vhxh_officer)
    assert errors_of(result) == [(None, "", NOT_XLSX)]


def test_renamed_word_document_is_refused(vhxh_officer):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    result = parse("cadres", docx, vhxh_officer)
    assert errors_of(result) == [(None, "", NOT_XLSX)]


def test_zip_bomb_is_refused_before_unpacking(vhxh_officer, monkeypatch):
    monkeypatch.setattr(excel, "MAX_UNPACKED_BYTES", 1_000_000)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2_000_000)
    assert len(bomb.getvalue()) < 20_000
    result = parse("cadres", bomb, vhxh_officer)
    assert errors_of(result) == [
        (None, "", "The workbook is too large once unpacked; split it into smaller files.")
    ]


def test_file_over_the_size_limit_is_refused(vhxh_officer, settings):
    settings.IMPORT_MAX_BYTES = 1024
    result = parse("cadres", xlsx(CADRE_HEADERS, people(3)), vhxh_officer)
    [error] = result.errors
    assert (error.row, error.column) == (None, "")
    assert error.message.startswith("The file is too large")


def test_wrong_headers_are_named(vhxh_officer, own_unit):
    headers = ["Tên"] + CADRE_HEADERS[1:]
    result = parse("cadres", xlsx(headers, people(1)), vhxh_officer)
    assert errors_of(result) == [
        (None, "", "Unknown column header “Tên”."),
        (None, "", "Missing column headers: “Họ và tên”. Use the template."),
    ]
    assert Cadre.objects.count() == 0


def test_missing_headers_are_named(vhxh_officer, own_unit):
    headers = CADRE_HEADERS[:3]
    result = parse("cadres", xlsx(headers, [r[:3] for r in people(1)]), vhxh_officer)
    missing = ", ".join(f"“{h}”" for h in CADRE_HEADERS[3:])
    assert errors_of(result) == [(None, "", f"Missing column headers: {missing}. Use the template.")]


def test_headers_match_whatever_the_case_and_column_order(vhxh_officer, own_unit):
    headers = [h.upper() for h in reversed(CADRE_HEADERS)]
    result = parse("cadres", xlsx(headers, [list(reversed(r)) for r in people(2)]), vhxh_officer)
    assert result.errors == []
    assert [row["full_name"] for _n, row in result.rows] == ["Nguyễn Văn Số 0", "Nguyễn Văn Số 1"]


def test_empty_sheet_is_refused(vhxh_officer):
    result = parse("cadres", xlsx([], []), vhxh_officer)
    assert errors_of(result) == [(None, "", "The first sheet is empty: put the column headers in row 1.")]


def test_headers_without_rows_are_refused(vhxh_officer):
    result = parse("cadres", xlsx(CADRE_HEADERS, [[None] * 9, []]), vhxh_officer)
    assert errors_of(result) == [(None, "", "There are no data rows under the headers.")]


def test_merged_header_cells_are_refused(vhxh_officer, own_unit):
    result = parse("cadres", xlsx(CADRE_HEADERS, people(1), merge="A1:B1"), vhxh_officer)
    assert errors_of(result) == [
        (
            None,
            "",
            "The header row has merged cells (A1:B1); unmerge them and use one header per column.",
        )
    ]


def test_merged_cells_below_the_header_do_not_matter(vhxh_officer, own_unit):
    result = parse("cadres", xlsx(CADRE_HEADERS, people(2), merge="H2:I2"), vhxh_officer)
    assert result.errors == []


def test_date_typed_as_text_is_reported_with_row_and_column(vhxh_officer, own_unit):
    rows = people(3)
    rows[1][2] = "05/01/1980"
    result = parse("cadres", xlsx(CADRE_HEADERS, rows), vhxh_officer)
    assert errors_of(result) == [
        (3, "Ngày sinh", "A date must be a Date cell, not text (format the cell as Date).")
    ]


def test_text_starting_with_equals_is_refused_as_a_formula(vhxh_officer, own_unit):
    upload = xlsx(CADRE_HEADERS, people(1))
    workbook = load_workbook(upload)
    cell = workbook.active["D2"]
    cell.value = '=HYPERLINK("http://x")'
    cell.data_type = "s"  # stored as text, the way a pasted value arrives
    upload = io.BytesIO()
    workbook.save(upload)
    result = parse("cadres", upload, vhxh_officer)
    assert errors_of(result) == [(2, "Chức vụ", "Formulas are not accepted; type the value itself.")]


def test_every_cell_problem_is_reported_not_only_the_first(vhxh_officer, own_unit):
    rows = people(4)
    rows[0][1] = "Nam giới"
    rows[2][0] = None
    rows[2][4] = "Bộ đội"
    rows[3][6] = "có lẽ"
    result = parse("cadres", xlsx(CADRE_HEADERS, rows), vhxh_officer)
    assert errors_of(result) == [
        (2, "Giới tính", "Not one of the allowed values: Nam; Nữ."),
        (4, "Họ và tên", "Required; the cell is empty."),
        (4, "Đối tượng", "Not one of the allowed values: Cán bộ; Công chức; Viên chức; Người lao động."),
        (5, "Tham mưu CCHC", "Write “Có” or “Không” (or “x” or leave blank)."),
    ]


def test_labels_match_without_diacritics_or_case(vhxh_officer, own_unit):
    rows = [person(**{"Giới tính": "nu", "Đối tượng": "VIEN CHUC", "Tham mưu CCHC": "x"})]
    result = parse("cadres", xlsx(CADRE_HEADERS, rows), vhxh_officer)
    assert result.errors == []
    row = result.rows[0][1]
    assert (row["sex"], row["category"], row["advises_cchc"]) == ("female", "vien_chuc", True)


def test_duplicate_people_in_the_file_name_both_rows(vhxh_officer, own_unit):
    rows = people(5)
    rows.append(person("nguyễn  văn số 1", datetime.date(1960, 1, 2)))
    result = parse("cadres", xlsx(CADRE_HEADERS, rows), vhxh_officer)
    assert errors_of(result) == [
        (
            7,
            "Họ và tên",
            "nguyễn văn số 1, born 02/01/1960, appears twice in the file, on rows 3 and 7.",
        )
    ]


def test_person_already_in_the_database_is_reported(vhxh_officer, own_unit):
    CadreFactory(unit=own_unit, full_name="Trần Thị Lan", date_of_birth=datetime.date(1985, 3, 15))
    result = parse("cadres", xlsx(CADRE_HEADERS, [person()]), vhxh_officer)
    assert errors_of(result) == [(2, "Họ và tên", "Trần Thị Lan, born 15/03/1985, is already in the list.")]


def test_unknown_unit_name_is_reported(vhxh_officer, own_unit):
    rows = people(2) + [person("Lê Văn Mới", unit="Phòng Không Có")]
    result = parse("cadres", xlsx(CADRE_HEADERS, rows), vhxh_officer)
    assert errors_of(result) == [(4, "Cơ quan, đơn vị", "Unknown unit “Phòng Không Có”.")]


def test_unit_staff_cannot_import_people_into_another_unit(unit_staff, own_unit, other_unit):
    rows = [person("Lê Văn Một"), person("Lê Văn Hai", unit="Phòng Kinh tế")]
    result = parse("cadres", xlsx(CADRE_HEADERS, rows), unit_staff)
    assert errors_of(result) == [
        (3, "Cơ quan, đơn vị", "You may only import people into your own unit, not into “Phòng Kinh tế”.")
    ]
    with pytest.raises(ImportRefused, match="nothing was imported"):
        IMPORTERS["cadres"].import_(result, actor=unit_staff)
    assert Cadre.objects.count() == 0


def test_file_over_the_row_limit_is_refused(vhxh_officer, own_unit, settings):
    settings.IMPORT_MAX_ROWS = 50
    result = parse("cadres", xlsx(CADRE_HEADERS, people(51)), vhxh_officer)
    assert errors_of(result) == [
        (None, "", "The file has more than 50 data rows; split it into smaller files.")
    ]


# --- Good files --------------------------------------------------------------------------


def test_good_import_writes_every_row_with_audit_entries_by_the_actor(unit_staff, own_unit):
    result = parse("cadres", xlsx(CADRE_HEADERS, people(3)), unit_staff)
    assert result.ok
    assert IMPORTERS["cadres"].import_(result, actor=unit_staff) == 3
    cadres = list(Cadre.objects.order_by("date_of_birth"))
    assert [(c.full_name, c.date_of_birth, c.sex, c.category, c.unit, c.advises_cchc) for c in cadres] == [
        (f"Nguyễn Văn Số {n}", datetime.date(1960, 1, 1 + n), "female", "cong_chuc", own_unit, True)
        for n in range(3)
    ]
    assert Assignment.objects.filter(unit=own_unit, end_date__isnull=True).count() == 3
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Cadre))
    assert sorted(e.object_pk for e in entries) == sorted(str(c.pk) for c in cadres)
    assert {e.actor for e in entries} == {unit_staff}
    assert {e.action for e in entries} == {LogEntry.Action.CREATE}


def test_person_added_between_check_and_import_refuses_the_whole_file(vhxh_officer, own_unit):
    """The rows are written in bulk (COPY on PostgreSQL): a person entered by hand after the
    file was checked breaks the unique name and birth date, and nothing of the file is kept,
    neither rows nor audit entries."""
    result = parse("cadres", xlsx(CADRE_HEADERS, people(3)), vhxh_officer)
    assert result.ok
    services.create_cadre(actor=vhxh_officer, **result.rows[2][1])
    entries = LogEntry.objects.count()

    with pytest.raises(ImportRefused, match="The data changed while importing; nothing was imported"):
        IMPORTERS["cadres"].import_(result, actor=vhxh_officer)

    assert list(Cadre.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn Số 2"]
    assert Assignment.objects.count() == 1
    assert LogEntry.objects.count() == entries


def test_ten_thousand_rows_import_all_at_once(vhxh_officer, own_unit, capsys):
    # The time is printed to read, not asserted: a loaded machine must not fail the suite.
    upload = xlsx(CADRE_HEADERS, people(10_000))
    started = time.perf_counter()
    result = parse("cadres", upload, vhxh_officer)
    parsed = time.perf_counter()
    assert result.errors == []
    assert IMPORTERS["cadres"].import_(result, actor=vhxh_officer) == 10_000
    finished = time.perf_counter()
    with capsys.disabled():
        print(f"\n10,000 people: parse {parsed - started:.1f} s, import {finished - parsed:.1f} s")
    assert Cadre.objects.count() == 10_000
    assert LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Cadre)).count() == 10_000


def test_units_may_name_a_parent_later_in_the_same_file(vhxh_officer):
    mttq = UnitFactory(name="Ủy ban MTTQ Việt Nam xã", kind=UnitKind.FRONT)
    rows = [
        ["Chi hội Phụ nữ thôn Mai Sao", "", "MTTQ, đoàn thể", "Hội Liên hiệp Phụ nữ xã", "Không", "", ""],
        [
            "Hội Liên hiệp Phụ nữ xã",
            "HLHPN",
            "mttq, doan the",
            "Ủy ban MTTQ Việt Nam xã",
            "x",
            "Mai Sao",
            243001,
        ],
    ]
    result = parse("units", xlsx(UNIT_HEADERS, rows), vhxh_officer)
    assert result.errors == []
    assert IMPORTERS["units"].import_(result, actor=vhxh_officer) == 2
    women = Unit.objects.get(name="Hội Liên hiệp Phụ nữ xã")
    assert (women.short_name, women.kind, women.parent, women.advises_cchc, women.phone) == (
        "HLHPN",
        "front",
        mttq,
        True,
        "243001",
    )
    assert Unit.objects.get(name="Chi hội Phụ nữ thôn Mai Sao").parent == women


def test_unit_names_already_listed_duplicated_or_in_a_cycle_are_reported(vhxh_officer, own_unit):
    rows = [
        ["Trung tâm phục vụ hành chính công", "", "Trung tâm", "", "", "", ""],
        ["Thôn A", "", "Thôn", "Thôn B", "", "", ""],
        ["Thôn B", "", "Thôn", "Thôn A", "", "", ""],
        ["Thôn a", "", "Thôn", "", "", "", ""],
        ["Thôn C", "", "Thôn", "Phòng Ma", "", "", ""],
    ]
    result = parse("units", xlsx(UNIT_HEADERS, rows), vhxh_officer)
    assert errors_of(result) == [
        (2, "Tên cơ quan, đơn vị", "“Trung tâm phục vụ hành chính công” is already in the list."),
        (3, "Trực thuộc", "A unit cannot be placed under itself."),
        (4, "Trực thuộc", "A unit cannot be placed under itself."),
        (5, "Tên cơ quan, đơn vị", "“Thôn a” appears twice in the file, on rows 3 and 5."),
        (6, "Trực thuộc", "Unknown unit “Phòng Ma”."),
    ]


def _rating(subject, unit, level, name=None, born=None, year=2026):
    return [year, subject, unit, name, born, level, ""]


def test_unit_head_imports_ratings_of_own_people_only(unit_head, own_unit, own_cadre, other_cadre):
    rows = [
        _rating(
            "Cá nhân", own_unit.name, "Hoàn thành tốt nhiệm vụ", own_cadre.full_name, own_cadre.date_of_birth
        ),
        _rating(
            "Cá nhân",
            "Phòng Kinh tế",
            "Hoàn thành nhiệm vụ",
            other_cadre.full_name,
            other_cadre.date_of_birth,
        ),
        _rating("Tập thể", own_unit.name, "Hoàn thành xuất sắc nhiệm vụ"),
    ]
    result = parse("ratings", xlsx(RATING_HEADERS, rows), unit_head)
    assert errors_of(result) == [
        (3, "Tập thể hay cá nhân", "You may only rate the people of your own unit, not of “Phòng Kinh tế”."),
        (4, "Tập thể hay cá nhân", "Only the Culture and Society office rates units."),
    ]
    result = parse("ratings", xlsx(RATING_HEADERS, rows[:1]), unit_head)
    assert IMPORTERS["ratings"].import_(result, actor=unit_head) == 1
    rating = CadreRating.objects.get()
    assert (rating.cadre, rating.unit, rating.year, rating.level) == (own_cadre, own_unit, 2026, "good")


def test_office_imports_unit_ratings_and_updates_existing_ones(vhxh_officer, own_unit, own_cadre):
    CadreRatingFactory(cadre=own_cadre, year=2026, level="completed")
    rows = [
        _rating("Tập thể", own_unit.name, "Hoàn thành xuất sắc nhiệm vụ"),
        _rating(
            "Cá nhân", own_unit.name, "Hoàn thành tốt nhiệm vụ", own_cadre.full_name, own_cadre.date_of_birth
        ),
    ]
    result = parse("ratings", xlsx(RATING_HEADERS, rows), vhxh_officer)
    assert IMPORTERS["ratings"].import_(result, actor=vhxh_officer) == 2
    assert list(UnitRating.objects.values_list("unit__name", "year", "level")) == [
        (own_unit.name, 2026, "excellent")
    ]
    assert list(CadreRating.objects.values_list("cadre__full_name", "level")) == [
        (own_cadre.full_name, "good")
    ]


def test_ratings_of_unknown_people_or_years_outside_their_unit_are_reported(
    vhxh_officer, own_unit, own_cadre
):
    rows = [
        _rating("Cá nhân", own_unit.name, "Hoàn thành nhiệm vụ", "Người Lạ", datetime.date(1990, 1, 1)),
        _rating(
            "Cá nhân",
            own_unit.name,
            "Hoàn thành nhiệm vụ",
            own_cadre.full_name,
            own_cadre.date_of_birth,
            2019,
        ),
        _rating("Cá nhân", own_unit.name, "Hoàn thành nhiệm vụ", own_cadre.full_name),
        _rating("Tập thể", own_unit.name, "Hoàn thành nhiệm vụ"),
        _rating("Tập thể", own_unit.name, "Hoàn thành tốt nhiệm vụ"),
    ]
    result = parse("ratings", xlsx(RATING_HEADERS, rows), vhxh_officer)
    assert errors_of(result) == [
        (2, "Họ và tên", "No person named Người Lạ, born 01/01/1990, is in the list."),
        (3, "Họ và tên", f"{own_cadre.full_name} did not work in {own_unit.name} in 2019."),
        (4, "Họ và tên", "A person's rating needs their full name and date of birth."),
        (6, "Tập thể hay cá nhân", "This rating appears twice in the file, on rows 5 and 6."),
    ]


@pytest.mark.parametrize(
    ("kind", "stem"), [("units", "don-vi"), ("cadres", "ca-nhan"), ("ratings", "xep-loai")]
)
def test_template_lists_headers_example_and_guide(kind, stem, administrator):
    response = Client().get(reverse("import_template", args=[kind]))
    assert response.status_code == 302  # anonymous: to the login page
    client = Client()
    client.force_login(administrator)
    response = client.get(reverse("import_template", args=[kind]))
    assert response["Content-Disposition"] == f'attachment; filename="mau-nhap-{stem}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [IMPORTERS[kind].title, "Hướng dẫn", "Danh sách"]
    # Each column of fixed values has its drop-down list of exactly those values.
    lists = workbook["Danh sách"]
    listed = {
        lists.cell(1, index).value: [
            row[0].value for row in lists.iter_rows(min_row=2, min_col=index, max_col=index) if row[0].value
        ]
        for index in range(1, lists.max_column + 1)
        if lists.cell(1, index).value
    }
    fixed = {c.header: c.parser.labels for c in IMPORTERS[kind].columns if getattr(c.parser, "labels", None)}
    assert fixed
    assert listed == fixed
    assert len(workbook.worksheets[0].data_validations.dataValidation) == len(fixed)
    first = list(workbook.worksheets[0].values)
    assert list(first[0]) == [c.header for c in IMPORTERS[kind].columns]
    assert len(first) == 2
    guide = list(workbook["Hướng dẫn"].values)
    assert guide[0] == ("Cột", "Bắt buộc", "Cách nhập / giá trị cho phép")
    assert [r[0] for r in guide[1 : len(first[0]) + 1]] == list(first[0])


def test_cadre_template_example_row_imports_once_its_unit_exists(vhxh_officer):
    UnitFactory(name="Trạm Y tế xã")
    result = parse("cadres", io.BytesIO(IMPORTERS["cadres"].template()), vhxh_officer)
    assert result.errors == []
    assert result.rows[0][1]["date_of_birth"] == datetime.date(1985, 3, 15)


# --- Screens -----------------------------------------------------------------------------


def upload(client, kind, workbook):
    response = client.post(reverse("import_upload", args=[kind]), {"file": workbook})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_one_bad_row_in_200_imports_nothing_and_the_preview_names_it(client_for, unit_staff, own_unit):
    rows = people(200)
    rows[136][1] = "Nam giới"  # data row 137 is Excel row 138
    client = client_for(unit_staff)
    preview = upload(client, "cadres", xlsx(CADRE_HEADERS, rows))
    response = client.get(preview)
    html = response.content.decode()
    assert "1 problem; no row has been imported yet." in html
    assert "<tr><td>138</td><td>Giới tính</td><td>Not one of the allowed values: Nam; Nữ.</td></tr>" in html
    assert "Confirm and import" not in html
    response = client.post(preview)
    assert Cadre.objects.count() == 0
    assert "<tr><td>138</td><td>Giới tính</td>" in response.content.decode()


def test_good_file_is_previewed_then_imported_and_cleaned_up(client_for, unit_staff, own_unit, settings):
    client = client_for(unit_staff)
    preview = upload(client, "cadres", xlsx(CADRE_HEADERS, people(3)))
    [stored] = list((settings.MEDIA_ROOT / "imports").iterdir())
    response = client.get(preview)
    html = response.content.decode()
    assert "3 rows are ready to be imported." in html
    assert "<td>2</td><td>Nguyễn Văn Số 0</td><td>Nữ</td><td>01/01/1960</td>" in html
    assert Cadre.objects.count() == 0
    response = client.post(preview, follow=True)
    assert response.redirect_chain == [(reverse("units:cadre_list"), 302)]
    assert "3 rows were imported." in response.content.decode()
    assert Cadre.objects.filter(unit=own_unit).count() == 3
    assert not stored.exists()
    assert client.get(preview).status_code == 404  # the token is spent


def test_preview_of_someone_elses_upload_is_not_found(client_for, unit_staff, vhxh_officer, own_unit):
    preview = upload(client_for(unit_staff), "cadres", xlsx(CADRE_HEADERS, people(1)))
    assert client_for(vhxh_officer).get(preview).status_code == 404


@pytest.mark.parametrize(
    ("persona", "kind", "status"),
    [
        ("unit_staff", "cadres", 200),
        ("unit_staff", "ratings", 403),
        ("unit_staff", "units", 403),
        ("other_staff", "ratings", 403),
        ("unit_head", "ratings", 200),
        ("chairman", "cadres", 403),
        ("vhxh_officer", "units", 200),
        ("vhxh_officer", "nonsense", 404),
    ],
)
def test_upload_page_permissions(client_for, request, persona, kind, status):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("import_upload", args=[kind])).status_code == status


def test_anonymous_is_sent_to_login(db):
    response = Client().get(reverse("import_upload", args=["cadres"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_other_unit_staff_upload_into_our_unit_is_refused_in_preview(client_for, other_staff, own_unit):
    client = client_for(other_staff)
    preview = upload(client, "cadres", xlsx(CADRE_HEADERS, people(2)))
    html = client.get(preview).content.decode()
    assert (
        "<tr><td>2</td><td>Cơ quan, đơn vị</td><td>You may only import people into your own unit, "
        "not into “Trung tâm Phục vụ hành chính công”.</td></tr>"
    ) in html
    client.post(preview)
    assert Cadre.objects.count() == 0


def test_not_an_excel_upload_is_shown_as_a_file_problem(client_for, vhxh_officer):
    client = client_for(vhxh_officer)
    fake = io.BytesIO(b"%PDF-1.7 not a workbook")
    fake.name = "report.xlsx"
    html = client.get(upload(client, "units", fake)).content.decode()
    assert f"<tr><td>—</td><td>—</td><td>{NOT_XLSX}</td></tr>" in html


def _entries_of(obj) -> list[dict]:
    """The audit entries of one row, without what differs between two rows (ids, times)."""
    drop = {"id", "cadre"}
    return [
        {
            "model": e.content_type.model,
            "action": e.action,
            "repr": e.object_repr,
            "actor": e.actor,
            "actor_email": e.actor_email,
            "remote_addr": e.remote_addr,
            "cid": e.cid,
            "changes": {k: v for k, v in e.changes_dict.items() if k not in drop},
            "serialized": e.serialized_data,
            "additional": e.additional_data,
        }
        for e in LogEntry.objects.get_for_object(obj)
    ]


def test_bulk_import_writes_the_same_rows_and_audit_entries_as_one_by_one(unit_staff, own_unit):
    """The import inserts in bulk; its people, assignments and audit entries are those that
    `services.create_cadre` (one by one, its entries written by auditlog's signals) makes
    from the same cells."""
    decomposed = unicodedata.normalize("NFD", "  Trần   Thị Lan ")
    rows = [person(name=decomposed, born=datetime.date(1990, 5, 6)), person(name="Lê Thị Hoa")]
    result = parse("cadres", xlsx(CADRE_HEADERS, rows), unit_staff)
    assert result.ok, errors_of(result)
    with set_actor(unit_staff, remote_addr="10.0.0.7"):
        IMPORTERS["cadres"].import_(result, actor=unit_staff)
        by_hand = services.create_cadre(
            actor=unit_staff, **{**result.rows[0][1], "full_name": "Trần Thị Lân"}
        )
    bulk = Cadre.objects.get(full_name="Trần Thị Lan")
    assert bulk.full_name == "Trần Thị Lan" == unicodedata.normalize("NFC", bulk.full_name)

    def stored(cadre):
        return {
            f.attname: getattr(cadre, f.attname) for f in Cadre._meta.concrete_fields if f.attname != "id"
        }

    assert {**stored(bulk), "full_name": "Trần Thị Lân"} == stored(by_hand)
    got, expected = _entries_of(bulk), _entries_of(by_hand)
    assert len(got) == 1
    assert got[0]["repr"] == "Trần Thị Lan"
    assert got[0]["changes"].pop("full_name") == ["None", "Trần Thị Lan"]
    assert expected[0]["changes"].pop("full_name") == ["None", "Trần Thị Lân"]
    for entry in got + expected:
        del entry["repr"]
    assert got == expected
    assert (got[0]["actor"], got[0]["actor_email"], got[0]["remote_addr"]) == (
        unit_staff,
        unit_staff.email,
        "10.0.0.7",
    )
    bulk_job, hand_job = Assignment.objects.get(cadre=bulk), Assignment.objects.get(cadre=by_hand)
    got, expected = _entries_of(bulk_job), _entries_of(hand_job)
    assert len(got) == 1
    assert got[0].pop("repr").startswith("Trần Thị Lan · ")
    assert expected[0].pop("repr").startswith("Trần Thị Lân · ")
    assert got == expected
    assert (bulk_job.unit, bulk_job.position, bulk_job.start_date, bulk_job.end_date) == (
        hand_job.unit,
        hand_job.position,
        hand_job.start_date,
        None,
    )


def test_import_writes_in_batches_not_row_by_row(vhxh_officer, own_unit, django_assert_max_num_queries):
    """People, assignments and audit entries are inserted in batches (as many rows per INSERT
    as the database takes), not one row at a time: 300 people, 1,200 rows, in under 30
    queries (one by one it was over 1,200)."""
    result = parse("cadres", xlsx(CADRE_HEADERS, people(300)), vhxh_officer)
    assert result.ok
    with django_assert_max_num_queries(30):
        assert IMPORTERS["cadres"].import_(result, actor=vhxh_officer) == 300
    assert LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Assignment)).count() == 300
