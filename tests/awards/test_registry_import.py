"""Excel import of past awards: every row checked first (person by name and date of birth,
unit by name, no duplicate), one bad row imports no row, problems named by row and column."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards.imports import AWARD_COLUMNS, check_rows
from awards.models import Award, AwardSource
from awards.services.registry import registry_lines
from campaigns.checks import CheckStatus
from nominations.models import AwardForm, SubjectType
from nominations.services import eligibility
from nominations.services.eligibility.checks import Candidate
from tests.factories import CadreFactory, UnitFactory
from tests.factories.decisions import ImportedAwardFactory
from thiduaportal.imports import IMPORTERS, ImportRefused

HEADERS = [c.header for c in AWARD_COLUMNS]
BORN = datetime.date(1985, 3, 15)
GIAY_KHEN = "Giấy khen của Chủ tịch UBND xã"


@pytest.fixture
def person(own_unit):
    return CadreFactory(
        unit=own_unit, full_name="Nguyễn Thị Hưởng", date_of_birth=BORN, position="Chuyên viên"
    )


@pytest.fixture
def giay_khen(db):
    form, _ = AwardForm.objects.get_or_create(
        code="giay-khen-chu-tich", defaults={"name": GIAY_KHEN, "level": "commune"}
    )
    return form


def row(
    subject="Cá nhân",
    name="Nguyễn Thị Hưởng",
    born=BORN,
    unit="Trung tâm Phục vụ hành chính công",
    position="Chuyên viên",
    award=GIAY_KHEN,
    year=2024,
    number="210/QĐ-UBND",
    date=datetime.date(2024, 12, 20),
    issuer="Chủ tịch UBND xã Quất Động",
    achievement="Đã có thành tích xuất sắc trong công tác năm 2024",
    book="57",
):
    return [subject, name, born, unit, position, award, year, number, date, issuer, achievement, book]


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "khen-thuong.xlsx"
    return buffer


def parse(rows, user):
    return IMPORTERS["awards"].parse(xlsx(rows), user=user)


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def test_the_importer_is_registered_for_the_shared_screens():
    importer = IMPORTERS["awards"]
    assert importer.permission == "awards.import_awards"
    assert importer.after_import == "awards:award_list"
    assert str(importer.heading) == "Import past awards from Excel"
    assert HEADERS == [
        "Đối tượng", "Họ và tên", "Ngày sinh", "Đơn vị", "Chức vụ", "Hình thức khen thưởng", "Năm",
        "Số quyết định", "Ngày quyết định", "Cơ quan quyết định", "Nội dung thành tích", "Số sổ vàng",
    ]  # fmt: skip


def test_template_has_the_headers_an_example_and_a_guide(db):
    workbook = load_workbook(io.BytesIO(IMPORTERS["awards"].template()))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["A2"].value == "Cá nhân"
    assert "Hướng dẫn" in workbook.sheetnames


def test_import_writes_frozen_awards_linked_to_the_person_and_form(vhxh_officer, person, own_unit, giay_khen):
    collective = row(subject="Tập thể", name="", born=None, position="", number="211/QĐ-UBND", book="")
    result = parse([row(), collective], vhxh_officer)
    assert errors_of(result) == []
    assert IMPORTERS["awards"].import_(result, actor=vhxh_officer) == 2
    award = Award.objects.get(cadre=person)
    assert award.source == AwardSource.IMPORTED
    assert (award.code, award.created_by, award.award_form) == (None, vhxh_officer, giay_khen)
    assert award.subject_type == SubjectType.INDIVIDUAL
    assert award.recipient_name == "Nguyễn Thị Hưởng"
    assert award.recipient_detail == "Chuyên viên, Trung tâm Phục vụ hành chính công"
    assert (award.unit, award.unit_name) == (own_unit, "Trung tâm Phục vụ hành chính công")
    assert (award.year, award.decision_number, award.decision_date) == (
        2024,
        "210/QĐ-UBND",
        datetime.date(2024, 12, 20),
    )
    assert (award.issuer, award.book_number) == ("Chủ tịch UBND xã Quất Động", "57")
    assert award.search_text == "nguyen thi huong trung tam phuc vu hanh chinh cong 210/qd-ubnd"
    unit_award = Award.objects.get(subject_type=SubjectType.COLLECTIVE)
    assert (unit_award.unit, unit_award.cadre, unit_award.recipient_name) == (own_unit, None, own_unit.name)
    # Each award is in the audit log under the clerk who imported it.
    entries = LogEntry.objects.get_for_objects(Award.objects.all())
    assert {e.actor for e in entries} == {vhxh_officer}


def test_a_typed_award_that_matches_no_form_is_kept_as_typed(vhxh_officer, person, giay_khen):
    result = parse(
        [row(award="giấy khen của chủ tịch ubnd xã"), row(award="Bằng khen của Bộ Nội vụ")], vhxh_officer
    )
    IMPORTERS["awards"].import_(result, actor=vhxh_officer)
    awards = {a.award_name: a.award_form for a in Award.objects.all()}
    assert awards == {"giấy khen của chủ tịch ubnd xã": giay_khen, "Bằng khen của Bộ Nội vụ": None}


def test_unknown_person_unit_and_bad_dates_are_named_by_row_and_column(vhxh_officer, person):
    rows = [
        row(),
        row(name="Nguyễn Thị Hưởng", born=datetime.date(1990, 1, 1)),
        row(unit="Phòng Không Có"),
        row(number="1/QĐ-UBND", date=datetime.date(2026, 12, 31) + datetime.timedelta(days=3650)),
        row(number="2/QĐ-UBND", year=2020),
        row(subject="Tập thể", name="Ai đó", born=BORN),
        row(name="", born=None),
    ]
    result = parse(rows, vhxh_officer)
    assert errors_of(result) == [
        (3, "Họ và tên", "No person named Nguyễn Thị Hưởng, born 01/01/1990, is in the list."),
        (4, "Đơn vị", "Unknown unit “Phòng Không Có”."),
        (5, "Ngày quyết định", "The decision date is in the future."),
        (
            6,
            "Ngày quyết định",
            "A decision of 20/12/2024 cannot award the year 2020; check the year or the date.",
        ),
        (7, "Họ và tên", "Leave the name and date of birth empty for a collective."),
        (8, "Họ và tên", "An individual's award needs their full name and date of birth."),
    ]
    assert not result.ok


def test_one_bad_row_imports_no_row(client_for, vhxh_officer, person):
    client = client_for(vhxh_officer)
    response = client.post(
        reverse("import_upload", args=["awards"]), {"file": xlsx([row(), row(unit="Phòng Không Có")])}
    )
    preview = response["Location"]
    page = client.get(preview).content.decode()
    assert "Unknown unit “Phòng Không Có”." in page
    client.post(preview)
    assert Award.objects.count() == 0


def test_a_duplicate_of_the_registry_or_of_another_row_is_refused(vhxh_officer, person):
    ImportedAwardFactory(cadre=person, decision_number="210/QĐ-UBND", award_name=GIAY_KHEN)
    result = parse(
        [row(number="210/qđ-ubnd "), row(number="5/QĐ-UBND"), row(number="5/QĐ-UBND")], vhxh_officer
    )
    assert errors_of(result) == [
        (
            2,
            "Số quyết định",
            "Nguyễn Thị Hưởng already has “Giấy khen của Chủ tịch UBND xã” by decision 210/qđ-ubnd in the registry.",
        ),
        (4, "Số quyết định", "This award appears twice in the file, on rows 3 and 4."),
    ]


def test_same_decision_for_another_person_or_another_award_is_not_a_duplicate(vhxh_officer, person, own_unit):
    other = CadreFactory(unit=own_unit, full_name="Trần Văn Bình", date_of_birth=BORN)
    ImportedAwardFactory(cadre=person, decision_number="210/QĐ-UBND", award_name=GIAY_KHEN)
    result = parse(
        [row(name=other.full_name), row(award="Bằng khen của Chủ tịch UBND Thành phố")], vhxh_officer
    )
    assert errors_of(result) == []


def test_an_award_written_meanwhile_stops_the_import(vhxh_officer, person):
    result = parse([row()], vhxh_officer)
    ImportedAwardFactory(cadre=person, decision_number="210/QĐ-UBND", award_name=GIAY_KHEN)

    with pytest.raises(ImportRefused, match="The data changed while importing"):
        IMPORTERS["awards"].import_(result, actor=vhxh_officer)
    assert Award.objects.count() == 1


def test_an_archived_unit_still_takes_its_past_awards(vhxh_officer):
    unit = UnitFactory(name="Trường Mầm non Quất Động", is_active=False)
    result = parse([row(subject="Tập thể", name="", born=None, unit=unit.name)], vhxh_officer)
    assert errors_of(result) == []
    IMPORTERS["awards"].import_(result, actor=vhxh_officer)
    assert Award.objects.get().unit == unit


def test_check_rows_applies_the_sheet_parsers_and_checks(vhxh_officer, person):
    cells = dict(zip([c.key for c in AWARD_COLUMNS], row(), strict=True))
    result = check_rows(
        [cells, {**cells, "year": "năm ngoái", "decision_date": "20/12/2024"}], user=vhxh_officer
    )
    assert errors_of(result) == [
        (3, "Năm", "Expected a whole number from 1945 to 2100."),
        (3, "Ngày quyết định", "A date must be a Date cell, not text (format the cell as Date)."),
    ]


def test_upload_page_explains_the_awards_import(client_for, vhxh_officer, unit_staff):
    html = client_for(vhxh_officer).get(reverse("import_upload", args=["awards"])).content.decode()
    assert "Import past awards from Excel" in html
    assert "A person is found by full name and date of birth" in html
    assert client_for(unit_staff).get(reverse("import_upload", args=["awards"])).status_code == 403


def test_preview_then_confirm_imports_and_opens_the_registry(client_for, vhxh_officer, person):
    client = client_for(vhxh_officer)
    preview = client.post(reverse("import_upload", args=["awards"]), {"file": xlsx([row()])})["Location"]
    response = client.post(preview, follow=True)
    assert response.redirect_chain == [(reverse("awards:award_list"), 302)]
    assert "1 row was imported." in response.content.decode()
    assert Award.objects.get().cadre == person


def test_paper_titles_link_to_their_award_form_however_they_are_written(vhxh_officer, person):
    """ "Danh hiệu" or not, any case, with or without diacritics: the title's award form, so the
    consecutive-years checks (which read the registry by award form) count paper titles."""
    typed = [
        ("Lao động tiên tiến", 2021, "101/QĐ-UBND", datetime.date(2021, 12, 20)),
        ("DANH HIỆU LAO ĐỘNG TIÊN TIẾN", 2022, "102/QĐ-UBND", datetime.date(2022, 12, 20)),
        ("lao dong tien tien", 2023, "103/QĐ-UBND", datetime.date(2023, 12, 20)),
        ("Chiến sĩ thi đua cơ sở", 2023, "104/QĐ-UBND", datetime.date(2024, 1, 5)),
        ("Danh hiệu chien si thi dua co so", 2024, "105/QĐ-UBND", datetime.date(2024, 12, 20)),
    ]
    rows = [
        row(award=award, year=year, number=number, date=date, book="") for award, year, number, date in typed
    ]
    result = parse(rows, vhxh_officer)
    assert errors_of(result) == []
    assert IMPORTERS["awards"].import_(result, actor=vhxh_officer) == 5
    linked = Award.objects.order_by("decision_number").values_list("award_name", "award_form__code")
    assert list(linked) == [
        ("Lao động tiên tiến", "lao-dong-tien-tien"),
        ("DANH HIỆU LAO ĐỘNG TIÊN TIẾN", "lao-dong-tien-tien"),
        ("lao dong tien tien", "lao-dong-tien-tien"),
        ("Chiến sĩ thi đua cơ sở", "chien-si-thi-dua-co-so"),
        ("Danh hiệu chien si thi dua co so", "chien-si-thi-dua-co-so"),
    ]
    ldtt = AwardForm.objects.get(code="lao-dong-tien-tien")
    lines = registry_lines([], [person.pk], [2021, 2022, 2023], [ldtt.pk])
    assert [(line.year, line.decision_number) for line in lines] == [
        (2021, "101/QĐ-UBND"),
        (2022, "102/QĐ-UBND"),
        (2023, "103/QĐ-UBND"),
    ]
    # The consecutive-years check of a higher title reads them: three years of LĐTT before 2024.
    candidate = Candidate(None, SubjectType.INDIVIDUAL, None, person, 2024, ldtt.pk, None, person.commune_id)
    spec = (("consecutive_years", {"award_form": "lao-dong-tien-tien", "years": 3}),)
    [[check]] = eligibility.compute([candidate], [spec])
    assert (check.result.status, check.result.reason) == (
        CheckStatus.MET,
        "Nguyễn Thị Hưởng held “Danh hiệu Lao động tiên tiến” in each of 2021, 2022, 2023.",
    )
