"""The year-end merit reports (NĐ 152/2025/NĐ-CP, Mẫu 05 for a person, Mẫu 04 for a
collective): which titles need one (the catalogue's `report_form`: CSTĐCS and the collective
titles, never LĐTT), their prefill from the records (the person, the year's rating, the
initiatives recognised in the year, the titles already received), the refusal to submit while
a required part is empty, and the printed report."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from nominations import documents
from nominations.catalogue import CSTDCS, LDTT, TTLDTT, TTLDXS
from nominations.models import AttachmentKind, Nomination, NominationState, Title
from nominations.services import NominationError, reports, titles, workflow, yearend
from nominations.services.dossiers import add_attachment
from nominations.services.yearend import Pick
from tests.factories import CadreFactory
from tests.factories.campaigns import InitiativeFactory
from tests.factories.decisions import ImportedAwardFactory
from tests.factories.nominations import NominationFactory
from tests.factories.units import CadreRatingFactory, UnitRatingFactory
from tests.nominations.test_catalogue_views import edit_url, post_data
from tests.nominations.test_documents import pdf_text
from units.models import RatingLevel, Sex

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
RESULTS = "Hoàn thành 100 % nhiệm vụ được giao, đúng hạn và bảo đảm chất lượng."


def complete_report(nomination: Nomination, actor) -> Nomination:
    """The unit fills the year-end report: the records' prefill and what the records cannot
    know (the year's results, a collective's functions), with a rating where none is recorded."""
    report = reports.merged(nomination)
    report["achievements"]["results"] = report["achievements"]["results"] or RESULTS
    report["achievements"]["rating"] = report["achievements"]["rating"] or "Hoàn thành xuất sắc nhiệm vụ"
    if "functions" in report["profile"]:
        report["profile"]["functions"] = report["profile"]["functions"] or "Tham mưu, tổng hợp."
    return reports.save_report(nomination, actor=actor, data=report)


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(review):
    return {title.award_form.code: title for title in titles.catalogue_of(review.commune)}


@pytest.fixture
def person(own_unit):
    person = CadreFactory(
        unit=own_unit,
        full_name="Phạm Thị Hồng Nhung",
        sex=Sex.FEMALE,
        position="Phó Chánh Văn phòng",
        date_of_birth=datetime.date(1985, 4, 12),
        qualifications="Cử nhân Luật",
    )
    CadreRatingFactory(cadre=person, level=RatingLevel.EXCELLENT)
    return person


def _propose(review, unit, actor, *picks) -> list[Nomination]:
    return yearend.propose_titles(review, unit, actor=actor, picks=list(picks))


def _attach_minutes(review, unit, actor) -> None:
    proposal = yearend.proposals.get_or_create_proposal(review, unit, actor=actor)
    for kind, name in ((AttachmentKind.LETTER_SCAN, "tờ trình.pdf"), (AttachmentKind.MINUTES_SCAN, "bb.pdf")):
        add_attachment(
            proposal, actor=actor, kind=kind, upload=SimpleUploadedFile(name, PDF, "application/pdf")
        )


def _reason() -> str:
    return "Lý do của đơn vị đủ dài"


# --------------------------------------------------------------------------- which titles


def test_the_catalogue_names_mau_05_for_cstdcs_mau_04_for_collectives_none_for_ldtt(catalogue):
    forms = {code: title.report_form for code, title in catalogue.items()}
    assert (forms[LDTT], forms[CSTDCS], forms[TTLDTT], forms[TTLDXS]) == ("", "05", "04", "04")


def test_ldtt_needs_no_report_and_is_submitted_without_one(
    review, own_unit, person, unit_staff, catalogue, client_for
):
    (ldtt,) = _propose(review, own_unit, unit_staff, Pick("individual", person.pk, catalogue[LDTT].pk))
    assert (ldtt.report_form, reports.needs_report(ldtt)) == ("", False)
    assert (reports.sections(ldtt), reports.prefill(ldtt), reports.missing_sections(ldtt)) == ([], {}, [])
    client = client_for(unit_staff)
    assert client.get(reverse("nominations:nomination_report_edit", args=[ldtt.pk])).status_code == 404
    assert client.get(reverse("nominations:nomination_report_pdf", args=[ldtt.pk])).status_code == 404
    page = client.get(ldtt.get_absolute_url()).content.decode()
    assert "report.pdf" not in page
    with pytest.raises(NominationError, match="needs no achievement report"):
        reports.save_report(ldtt, actor=unit_staff, data={})
    _attach_minutes(review, own_unit, unit_staff)
    assert yearend.submit_review(review, own_unit, actor=unit_staff) == 1


def test_a_collective_title_gets_mau_04_with_the_units_sections(review, own_unit, unit_staff, catalogue):
    (collective,) = _propose(
        review, own_unit, unit_staff, Pick("collective", own_unit.pk, catalogue[TTLDTT].pk, _reason())
    )
    assert collective.report_form == "04"
    assert reports.form_of(collective).printed_title == "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG DANH HIỆU THI ĐUA"
    profile, achievements, awards = reports.sections(collective)
    assert profile.title == "ĐẶC ĐIỂM, TÌNH HÌNH"
    assert [f.key for f in achievements.fields] == ["results", "initiatives", "rating", "members", "movement"]
    assert awards.title == "CÁC DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG ĐÃ ĐẠT ĐƯỢC"
    assert [c.key for c in awards.table.columns] == ["year", "award", "decision", "issuer"]
    assert reports.missing_sections(collective) == [
        "I. Characteristics and situation",
        "II. Achievements – Results of the year's duties",
        "II. Achievements – Rating of the year",
    ]
    text = pdf_text(documents.report_pdf(collective))
    assert text.startswith("Mẫu số 04 ")
    assert "Mẫu số 05" not in text
    assert f"Tên tập thể đề nghị: {own_unit.name}" in text
    assert "(Đề nghị tặng danh hiệu “Tập thể lao động tiên tiến” năm 2026)" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ (Ký, đóng dấu)" in text


# --------------------------------------------------------------------------- prefill


def test_the_report_is_prefilled_from_the_records(review, own_unit, person, unit_staff, catalogue):
    InitiativeFactory(owner_unit=own_unit, recognised=True, authors=[person], title="Số hóa hồ sơ một cửa")
    InitiativeFactory(
        owner_unit=own_unit,
        recognised=True,
        authors=[person],
        title="Giải pháp năm trước",
        decision_date=datetime.date(2025, 6, 1),
    )
    ImportedAwardFactory(
        cadre=person,
        award_name="Danh hiệu Lao động tiên tiến",
        year=2025,
        decision_number="178/QĐ-UBND",
        decision_date=datetime.date(2025, 12, 26),
    )
    ImportedAwardFactory(cadre=person, year=2024)
    picks = [Pick("individual", person.pk, catalogue[code].pk, _reason()) for code in (LDTT, CSTDCS)]
    _ldtt, cstdcs = _propose(review, own_unit, unit_staff, *picks)
    report = reports.prefill(cstdcs)
    assert report["profile"] == {
        "full_name": "Phạm Thị Hồng Nhung",
        "date_of_birth": "12/04/1985",
        "sex": "Nữ",
        "home_town": "",
        "residence": "",
        "unit": own_unit.name,
        "position": "Phó Chánh Văn phòng",
        "qualifications": "Cử nhân Luật",
    }
    assert report["achievements"] == {
        "duties": "",
        "results": "",
        "initiatives": (
            "- Giải pháp “Số hóa hồ sơ một cửa” được Hội đồng Sáng kiến xã công nhận tại Quyết định "
            "số 12/QĐ-HĐSK ngày 15/09/2026."
        ),
        "rating": "Hoàn thành xuất sắc nhiệm vụ",
        "conduct": "",
    }
    assert report["awards"]["rows"] == [
        {
            "award": "Giấy khen của Chủ tịch UBND xã",
            "year": "2024",
            "decision": "210/QĐ-UBND ngày 20/12/2024",
            "issuer": "Chủ tịch UBND xã Thượng Phúc",
        },
        {
            "award": "Danh hiệu Lao động tiên tiến",
            "year": "2025",
            "decision": "178/QĐ-UBND ngày 26/12/2025",
            "issuer": "Chủ tịch UBND xã Thượng Phúc",
        },
    ]


def test_a_collectives_report_counts_its_members_proposed_for_ldtt(
    review, own_unit, person, unit_staff, catalogue
):
    CadreFactory(unit=own_unit)
    UnitRatingFactory(unit=own_unit, level=RatingLevel.GOOD)
    picks = [
        Pick("individual", person.pk, catalogue[LDTT].pk),
        Pick("collective", own_unit.pk, catalogue[TTLDTT].pk, _reason()),
    ]
    _ldtt, collective = _propose(review, own_unit, unit_staff, *picks)
    achievements = reports.prefill(collective)["achievements"]
    assert achievements["rating"] == "Hoàn thành tốt nhiệm vụ"
    assert achievements["members"] == (
        "1/2 thành viên (50 %) được đề nghị công nhận danh hiệu Lao động tiên tiến năm 2026"
    )


# --------------------------------------------------------------------------- submission


def test_cstdcs_is_not_submitted_until_its_report_is_filled(review, own_unit, person, unit_staff, catalogue):
    picks = [Pick("individual", person.pk, catalogue[code].pk, _reason()) for code in (LDTT, CSTDCS)]
    ldtt, cstdcs = _propose(review, own_unit, unit_staff, *picks)
    _attach_minutes(review, own_unit, unit_staff)
    missing = (
        "The achievement report (Mẫu 05) of Phạm Thị Hồng Nhung for “Danh hiệu Chiến sĩ thi đua cơ sở” "
        "still misses: I. Brief curriculum vitae; II. Achievements – Results of the year's duties; "
        "II. Achievements – Rating of the year."
    )
    with pytest.raises(NominationError) as error:
        yearend.submit_review(review, own_unit, actor=unit_staff)
    assert str(error.value) == f"Nothing was submitted. {missing}"
    # The LĐTT before it was rolled back with it: nothing changed.
    for nomination in (ldtt, cstdcs):
        nomination.refresh_from_db()
        assert (nomination.state, nomination.version, nomination.report) == (NominationState.DRAFT, 0, {})
        assert not nomination.versions.exists()
        assert not nomination.transitions.exists()
    # The single submission refuses the same way.
    with pytest.raises(NominationError) as error:
        workflow.submit_nomination(cstdcs, actor=unit_staff)
    assert str(error.value) == missing
    assert Nomination.objects.get(pk=cstdcs.pk).state == NominationState.DRAFT

    complete_report(cstdcs, unit_staff)
    assert reports.missing_sections(Nomination.objects.get(pk=cstdcs.pk)) == []
    assert yearend.submit_review(review, own_unit, actor=unit_staff) == 2
    submitted = Nomination.objects.get(pk=cstdcs.pk)
    assert submitted.state == NominationState.SUBMITTED
    assert submitted.report["achievements"]["results"] == RESULTS


def test_the_sheet_links_the_report_and_says_it_is_to_be_completed(
    review, own_unit, person, unit_staff, catalogue, client_for
):
    picks = [Pick("individual", person.pk, catalogue[code].pk, _reason()) for code in (LDTT, CSTDCS)]
    ldtt, cstdcs = _propose(review, own_unit, unit_staff, *picks)
    url = reverse("nominations:year_end_sheet", args=[review.pk])
    client = client_for(unit_staff)
    page = client.get(url).content.decode()
    report_url = reverse("nominations:nomination_report_edit", args=[cstdcs.pk])
    assert f'href="{report_url}"' in page
    assert "Achievement report (Mẫu 05)" in page
    assert "to be completed before submitting" in page
    assert reverse("nominations:nomination_report_edit", args=[ldtt.pk]) not in page
    complete_report(cstdcs, unit_staff)
    assert "to be completed before submitting" not in client.get(url).content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_sheet_with_reports_asks_a_fixed_number_of_queries(
    review, own_unit, unit_staff, catalogue, client_for, count, django_assert_max_num_queries
):
    picks = []
    for _index in range(count):
        cadre = CadreFactory(unit=own_unit)
        CadreRatingFactory(cadre=cadre)
        picks += [Pick("individual", cadre.pk, catalogue[code].pk, _reason()) for code in (LDTT, CSTDCS)]
    _propose(review, own_unit, unit_staff, *picks)
    client = client_for(unit_staff)
    with django_assert_max_num_queries(32):
        assert client.get(reverse("nominations:year_end_sheet", args=[review.pk])).status_code == 200


# --------------------------------------------------------------------------- the printed report


def test_the_printed_mau_05_names_the_form_the_person_and_her_titles(
    review, own_unit, person, unit_staff, catalogue, client_for
):
    ImportedAwardFactory(
        cadre=person,
        award_name="Danh hiệu Lao động tiên tiến",
        year=2025,
        decision_number="178/QĐ-UBND",
        decision_date=datetime.date(2025, 12, 26),
    )
    picks = [Pick("individual", person.pk, catalogue[code].pk, _reason()) for code in (LDTT, CSTDCS)]
    _ldtt, cstdcs = _propose(review, own_unit, unit_staff, *picks)
    complete_report(cstdcs, unit_staff)
    text = pdf_text(documents.report_pdf(cstdcs))
    assert text.startswith("Mẫu số 05 ")
    assert (
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG DANH HIỆU THI ĐUA "
        "(Đề nghị tặng danh hiệu “Chiến sĩ thi đua cơ sở” năm 2026) "
        "(Thành tích trong thực hiện nhiệm vụ năm 2026) Họ và tên: Phạm Thị Hồng Nhung"
    ) in text
    assert "I. SƠ LƯỢC LÝ LỊCH" in text
    assert f"Kết quả thực hiện nhiệm vụ được giao trong năm: {RESULTS}" in text
    assert "Kết quả đánh giá, xếp loại trong năm: Hoàn thành xuất sắc nhiệm vụ" in text
    assert "III. CÁC DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG ĐÃ ĐẠT ĐƯỢC" in text
    assert "1 2025 Danh hiệu Lao động tiên tiến 178/QĐ-UBND ngày 26/12/2025" in text
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH (Ký, ghi rõ họ và tên) Phạm Thị Hồng Nhung" in text
    # Reachable from the proposal's page.
    page = client_for(unit_staff).get(cstdcs.get_absolute_url()).content.decode()
    pdf_url = reverse("nominations:nomination_report_pdf", args=[cstdcs.pk])
    assert f'href="{pdf_url}"' in page
    response = client_for(unit_staff).get(pdf_url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_the_campaign_reports_print_their_form_number(own_proposal, commune):
    nomination = NominationFactory(proposal=own_proposal, collective=True)
    assert pdf_text(documents.report_pdf(nomination)).startswith("Mẫu số 08 ")


# --------------------------------------------------------------------------- the catalogue


def test_the_office_changes_a_titles_report_form_within_its_kind(
    review, catalogue, vhxh_officer, own_unit, unit_staff
):
    cstdcs = catalogue[CSTDCS]
    with pytest.raises(NominationError) as error:
        titles.update_title(cstdcs, actor=vhxh_officer, report_form="04")
    assert (error.value.field, str(error.value)) == (
        "report_form",
        "Mẫu 04 is not the report for “Danh hiệu Chiến sĩ thi đua cơ sở”: Mẫu 05 is an individual's, "
        "Mẫu 04 a collective's.",
    )
    with pytest.raises(NominationError, match="is no year-end report form"):
        titles.update_title(cstdcs, actor=vhxh_officer, report_form="06")
    assert Title.objects.get(pk=cstdcs.pk).report_form == "05"
    titles.update_title(cstdcs, actor=vhxh_officer, report_form="")
    person = CadreFactory(unit=own_unit)
    picks = [Pick("individual", person.pk, catalogue[code].pk, _reason()) for code in (LDTT, CSTDCS)]
    _ldtt, nomination = _propose(review, own_unit, unit_staff, *picks)
    assert (nomination.report_form, reports.missing_sections(nomination)) == ("", [])


def test_the_catalogue_page_shows_and_edits_the_report_form(catalogue, vhxh_officer, client_for):
    client = client_for(vhxh_officer)
    page = client.get(reverse("nominations:catalogue")).content.decode()
    assert "Mẫu 05 of Decree 152/2025/NĐ-CP (Báo cáo thành tích đề nghị tặng danh hiệu thi đua)" in page
    assert "None: proposed on the unit&#x27;s minutes" in page
    ttldxs = catalogue[TTLDXS]
    form = client.get(edit_url(ttldxs)).content.decode()
    assert 'name="report_form"' in form
    assert "Mẫu 04: a collective&#x27;s achievement report" in form
    response = client.post(edit_url(ttldxs), post_data(ttldxs, report_form=""))
    assert response.status_code == 302
    assert Title.objects.get(pk=ttldxs.pk).report_form == ""
