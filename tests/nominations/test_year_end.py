"""The year-end review: a unit's sheet of all its people and itself with the titles each
qualifies for (the criteria library over ratings, discipline, titles held or proposed and the
unit's members), the bulk proposal with the unit's reasons, the submission with the catalogue's
caps, and the office's view by unit."""

import datetime
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.checks import CheckStatus
from nominations import documents
from nominations.catalogue import CSTDCS, LDTT, TTLDTT
from nominations.models import AttachmentKind, DisciplineLevel, Nomination, NominationState, Title
from nominations.services import NominationError, QuotaExceeded, eligibility, titles, workflow, yearend
from nominations.services.dossiers import add_attachment
from nominations.services.yearend import Pick
from tests.concurrency import all_at_once
from tests.factories import CadreFactory, UnitFactory, UserFactory
from tests.factories.nominations import DisciplineRecordFactory, RoundFactory
from tests.factories.units import CadreRatingFactory, UnitRatingFactory
from tests.nominations.test_documents import pdf_text
from tests.nominations.test_year_end_reports import complete_report
from units.models import RatingLevel, Sex, UnitKind

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def _title(round, code) -> Title:
    return next(t for t in titles.catalogue_of(round.commune) if t.award_form.code == code)


@pytest.fixture
def people(own_unit):
    """Three people of the unit: one rated well, one only "completed", one rated well but
    reprimanded in the year; the unit rated excellently."""
    good = CadreFactory(unit=own_unit, full_name="An Thị Tốt", sex=Sex.FEMALE)
    weak = CadreFactory(unit=own_unit, full_name="Bùi Văn Yếu")
    punished = CadreFactory(unit=own_unit, full_name="Cao Văn Kỷ")
    CadreRatingFactory(cadre=good, level=RatingLevel.EXCELLENT)
    CadreRatingFactory(cadre=weak, level=RatingLevel.COMPLETED)
    CadreRatingFactory(cadre=punished, level=RatingLevel.GOOD)
    DisciplineRecordFactory(
        cadre=punished,
        measure="Khiển trách",
        level=DisciplineLevel.REPRIMAND,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 9, 1),
    )
    UnitRatingFactory(unit=own_unit, level=RatingLevel.EXCELLENT)
    return good, weak, punished


def _cell(sheet, subject, code):
    row = next(
        row for row in sheet.rows if row.subject.pk == subject.pk and row.subject_type == _kind(subject)
    )
    return next(cell for cell in row.cells if cell.title.award_form.code == code)


def _kind(subject) -> str:
    return "individual" if hasattr(subject, "full_name") else "collective"


def _statuses(cell) -> dict[str, str]:
    return {check.code: check.result.status for check in cell.checks}


def _pick(subject, title, reason=""):
    return Pick(_kind(subject), subject.pk, title.pk, reason)


def _attach_minutes(review, unit, actor):
    proposal = yearend.proposals.get_or_create_proposal(review, unit, actor=actor)
    for kind, name in (
        (AttachmentKind.LETTER_SCAN, "tờ trình.pdf"),
        (AttachmentKind.MINUTES_SCAN, "biên bản.pdf"),
    ):
        add_attachment(
            proposal, actor=actor, kind=kind, upload=SimpleUploadedFile(name, PDF, "application/pdf")
        )
    return proposal


# --------------------------------------------------------------------------- the sheet


def test_the_sheet_shows_everyone_with_the_titles_they_qualify_for(review, own_unit, people):
    good, weak, punished = people
    sheet = yearend.review_sheet(review, own_unit)
    assert [row.subject_type for row in sheet.rows] == [
        "collective",
        "individual",
        "individual",
        "individual",
    ]
    assert [str(row.subject) for row in sheet.rows[1:]] == ["An Thị Tốt", "Bùi Văn Yếu", "Cao Văn Kỷ"]
    assert [t.award_form.code for t in sheet.individual_titles] == [LDTT, CSTDCS]
    assert _cell(sheet, good, LDTT).qualifies
    assert _statuses(_cell(sheet, weak, LDTT))["rating_at_least"] == CheckStatus.NOT_MET
    weak_rating = next(c for c in _cell(sheet, weak, LDTT).checks if c.code == "rating_at_least")
    assert weak_rating.label == "Rated at least “Well completed duties” for the year"
    assert weak_rating.result.reason == (
        "Bùi Văn Yếu was rated “Completed duties” in 2026; at least “Well completed duties” is required."
    )
    discipline = next(c for c in _cell(sheet, punished, LDTT).checks if c.code == "no_discipline")
    assert discipline.result.status == CheckStatus.NOT_MET
    assert "Khiển trách" in discipline.result.reason
    # CSTĐCS needs LĐTT held or proposed: nobody holds it yet.
    holds = next(c for c in _cell(sheet, good, CSTDCS).checks if c.code == "holds_title_same_year")
    assert holds.result.reason == (
        "An Thị Tốt holds no “Danh hiệu Lao động tiên tiến” for 2026 and is not proposed for it."
    )
    # The unit: 0 of 3 members hold or are proposed for LĐTT.
    share = next(c for c in _cell(sheet, own_unit, TTLDTT).checks if c.code == "member_share")
    assert share.result.status == CheckStatus.NOT_MET
    assert share.result.reason.startswith("0 of the 3 members of")


def test_a_village_is_offered_the_village_title_only(review, commune):
    village = UnitFactory(kind=UnitKind.VILLAGE, name="Thôn Đông")
    sheet = yearend.review_sheet(review, village)
    offered = [cell.title.award_form.code for cell in sheet.rows[0].cells if cell.offered]
    assert offered == ["thon-van-hoa"]


def test_titles_ticked_together_count_for_each_other(review, own_unit, people):
    good, weak, punished = people
    ldtt, cstdcs = _title(review, LDTT), _title(review, CSTDCS)
    also = [yearend.Proposed("individual", p.pk, ldtt.award_form_id) for p in (good, weak, punished)]
    sheet = yearend.review_sheet(review, own_unit, also_proposed=also)
    assert _statuses(_cell(sheet, good, CSTDCS))["holds_title_same_year"] == CheckStatus.MET
    share = next(c for c in _cell(sheet, own_unit, TTLDTT).checks if c.code == "member_share")
    assert share.result.status == CheckStatus.MET
    assert share.result.reason.startswith("3 of the 3 members of")
    assert cstdcs.council_vote


def test_the_sheet_and_the_engine_read_the_criteria_the_office_adds_and_removes(
    review, own_unit, people, vhxh_officer, unit_staff
):
    good, weak, punished = people
    ldtt = _title(review, LDTT)
    titles.remove_criterion(ldtt, actor=vhxh_officer, code="no_discipline")
    cell = _cell(yearend.review_sheet(review, own_unit), punished, LDTT)
    assert cell.qualifies
    assert [check.code for check in cell.checks] == ["rating_at_least", "same_award"]
    # Added from the library, the discipline check fails the person reprimanded in the year.
    titles.add_criterion(ldtt, actor=vhxh_officer, code="no_discipline", params={"from_level": "reprimand"})
    cell = _cell(yearend.review_sheet(review, own_unit), punished, LDTT)
    assert not cell.qualifies
    assert [check.code for check in cell.failed] == ["no_discipline"]
    assert "Khiển trách" in cell.failed[0].result.reason
    # Without the rating check, the person rated only "completed" qualifies.
    assert not _cell(yearend.review_sheet(review, own_unit), weak, LDTT).qualifies
    titles.remove_criterion(ldtt, actor=vhxh_officer, code="rating_at_least")
    cell = _cell(yearend.review_sheet(review, own_unit), weak, LDTT)
    assert cell.qualifies
    assert [check.code for check in cell.checks] == ["no_discipline", "same_award"]
    # The engine checks a proposal of the title by the same criteria.
    (nomination,) = yearend.propose_titles(review, own_unit, actor=unit_staff, picks=[_pick(weak, ldtt)])
    checks = eligibility.run_checks(nomination)
    assert [(check.code, check.result.status) for check in checks] == [
        ("no_discipline", CheckStatus.MET),
        ("same_award", CheckStatus.MET),
    ]


# --------------------------------------------------------------------------- proposing


def test_bulk_proposal_needs_a_reason_for_a_failed_check(review, own_unit, people, unit_staff):
    good, weak, punished = people
    ldtt = _title(review, LDTT)
    picks = [_pick(good, ldtt), _pick(weak, ldtt), _pick(punished, ldtt)]
    with pytest.raises(NominationError) as error:
        yearend.propose_titles(review, own_unit, actor=unit_staff, picks=picks)
    message = str(error.value)
    assert message.startswith("Nothing was proposed.")
    assert (
        "Bùi Văn Yếu does not meet “Rated at least “Well completed duties” for the year” for "
        "“Danh hiệu Lao động tiên tiến”: write the unit's reason for proposing (at least 10 characters)."
    ) in message
    assert (
        "Cao Văn Kỷ does not meet “No discipline at “Reprimand (khiển trách)” or above in the year”"
        in message
    )
    assert not Nomination.objects.filter(round=review).exists()

    reason = "Hoàn thành tốt nhiệm vụ trong quý IV, đơn vị đề nghị xem xét"
    picks = [
        _pick(good, ldtt),
        _pick(weak, ldtt, reason),
        _pick(punished, ldtt, "Kỷ luật đã hết hiệu lực từ tháng 9"),
    ]
    created = yearend.propose_titles(review, own_unit, actor=unit_staff, picks=picks)
    assert [(n.subject_cadre.full_name, n.state, n.proposal_reason) for n in created] == [
        ("An Thị Tốt", "draft", ""),
        ("Bùi Văn Yếu", "draft", reason),
        ("Cao Văn Kỷ", "draft", "Kỷ luật đã hết hiệu lực từ tháng 9"),
    ]
    assert {n.award_form.code for n in created} == {LDTT}


def test_refusals_name_the_person_and_the_rule(review, own_unit, people, unit_staff, other_cadre):
    good, _weak, _punished = people
    ldtt, ttldtt = _title(review, LDTT), _title(review, TTLDTT)
    yearend.propose_titles(review, own_unit, actor=unit_staff, picks=[_pick(good, ldtt)])
    with pytest.raises(
        NominationError, match="An Thị Tốt is already proposed for “Danh hiệu Lao động tiên tiến”"
    ):
        yearend.propose_titles(review, own_unit, actor=unit_staff, picks=[_pick(good, ldtt)])
    with pytest.raises(NominationError, match="is not of"):
        yearend.propose_titles(review, own_unit, actor=unit_staff, picks=[_pick(other_cadre, ldtt)])
    with pytest.raises(
        NominationError, match="An Thị Tốt: “Danh hiệu Tập thể lao động tiên tiến” is not a title"
    ):
        yearend.propose_titles(
            review, own_unit, actor=unit_staff, picks=[Pick("individual", good.pk, ttldtt.pk)]
        )
    Title.objects.filter(pk=ldtt.pk).update(is_current=False)
    weak = people[1]
    with pytest.raises(NominationError, match="is not a current title of the catalogue"):
        yearend.propose_titles(
            review, own_unit, actor=unit_staff, picks=[_pick(weak, ldtt, "Lý do đủ dài để ghi")]
        )
    assert Nomination.objects.filter(round=review).count() == 1


def test_a_campaign_round_refuses_the_sheet(commune, own_unit, unit_staff, people):
    annual = RoundFactory()
    with pytest.raises(NominationError, match="is not a year-end review"):
        yearend.propose_titles(
            annual, own_unit, actor=unit_staff, picks=[_pick(people[0], _title(annual, LDTT))]
        )


# --------------------------------------------------------------------------- submitting, caps


def test_submission_counts_the_cap_per_unit_and_submits_all_or_nothing(review, own_unit, people, unit_staff):
    good, weak, punished = people
    ldtt = _title(review, LDTT)
    Title.objects.filter(pk=ldtt.pk).update(cap_per_unit=2)
    reason = "Lý do của đơn vị đủ dài"
    picks = [_pick(good, ldtt), _pick(weak, ldtt, reason), _pick(punished, ldtt, reason)]
    yearend.propose_titles(review, own_unit, actor=unit_staff, picks=picks)
    with pytest.raises(NominationError) as error:
        yearend.submit_review(review, own_unit, actor=unit_staff)
    assert "the dossier of" in str(error.value).lower()
    _attach_minutes(review, own_unit, unit_staff)
    with pytest.raises(NominationError) as error:
        yearend.submit_review(review, own_unit, actor=unit_staff)
    assert str(error.value) == (
        "Nothing was submitted. Cao Văn Kỷ cannot be counted for “Danh hiệu Lao động tiên tiến”: "
        f"{own_unit} may have at most 2 and already has 2."
    )
    assert set(Nomination.objects.filter(round=review).values_list("state", flat=True)) == {"draft"}
    Title.objects.filter(pk=ldtt.pk).update(cap_per_unit=None)
    assert yearend.submit_review(review, own_unit, actor=unit_staff) == 3
    assert set(Nomination.objects.filter(round=review).values_list("state", flat=True)) == {"submitted"}


def test_the_office_accepts_against_a_failed_check_with_its_justification(
    review, own_unit, people, unit_staff, vhxh_officer
):
    _good, weak, _punished = people
    ldtt = _title(review, LDTT)
    yearend.propose_titles(
        review, own_unit, actor=unit_staff, picks=[_pick(weak, ldtt, "Lý do của đơn vị đủ dài")]
    )
    _attach_minutes(review, own_unit, unit_staff)
    yearend.submit_review(review, own_unit, actor=unit_staff)
    nomination = Nomination.objects.get(round=review)
    with pytest.raises(NominationError, match="needs a written justification"):
        workflow.accept_nomination(nomination, actor=vhxh_officer)
    workflow.accept_nomination(
        nomination,
        actor=vhxh_officer,
        justifications={"rating_at_least": "Đơn vị giải trình hợp lý, chấp nhận"},
    )
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.ACCEPTED


def test_the_share_cap_counts_the_base_title(review, own_unit, people, unit_staff):
    good, weak, punished = people
    ldtt, cstdcs = _title(review, LDTT), _title(review, CSTDCS)
    Title.objects.filter(pk=cstdcs.pk).update(cap_share="0.34", cap_base=ldtt)
    reason = "Lý do của đơn vị đủ dài"
    picks = [_pick(p, ldtt, reason) for p in people] + [
        _pick(good, cstdcs, reason),
        _pick(weak, cstdcs, reason),
    ]
    yearend.propose_titles(review, own_unit, actor=unit_staff, picks=picks)
    _attach_minutes(review, own_unit, unit_staff)
    first, second = Nomination.objects.filter(round=review, award_form=cstdcs.award_form).order_by("pk")
    for nomination in (first, second):
        complete_report(nomination, unit_staff)  # CSTĐCS needs its Mẫu 05
    # The submission counts the ones already submitted: a second CSTĐCS passes 34 % of 3 LĐTT.
    workflow.submit_nomination(first, actor=unit_staff)
    with pytest.raises(QuotaExceeded) as error:
        workflow.submit_nomination(second, actor=unit_staff)
    assert (
        "at most 34 % of its 3 proposals for “Danh hiệu Lao động tiên tiến”, that is 1, and already has 1"
        in str(error.value)
    )


# --------------------------------------------------------------------------- the screens


def test_the_unit_proposes_on_the_screen_and_sees_the_refusal(
    review, own_unit, people, unit_staff, client_for
):
    good, weak, _punished = people
    ldtt = _title(review, LDTT)
    url = reverse("nominations:year_end_sheet", args=[review.pk])
    client = client_for(unit_staff)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "An Thị Tốt" in text
    assert f'value="i-{good.pk}-{ldtt.pk}"' in text
    refused = client.post(url, {"action": "propose", "pick": [f"i-{weak.pk}-{ldtt.pk}"]})
    assert refused.status_code == 200
    assert "Bùi Văn Yếu does not meet" in refused.content.decode()
    assert not Nomination.objects.filter(round=review).exists()
    key = f"i-{weak.pk}-{ldtt.pk}"
    done = client.post(url, {"action": "propose", "pick": [key], f"reason-{key}": "Lý do của đơn vị đủ dài"})
    assert done.status_code == 302
    assert Nomination.objects.get(round=review).proposal_reason == "Lý do của đơn vị đủ dài"


def test_the_office_sees_the_units_and_opens_a_sheet(
    review, own_unit, people, unit_staff, vhxh_officer, client_for
):
    yearend.propose_titles(review, own_unit, actor=unit_staff, picks=[_pick(people[0], _title(review, LDTT))])
    client = client_for(vhxh_officer)
    url = reverse("nominations:year_end_sheet", args=[review.pk])
    summary = client.get(url)
    assert summary.status_code == 200
    assert str(own_unit) in summary.content.decode()
    assert "1 drafts, 0 submitted, 0 returned, 0 accepted" in summary.content.decode()
    sheet = client.get(url, {"unit": own_unit.pk})
    assert "An Thị Tốt" in sheet.content.decode()
    assert 'name="pick"' not in sheet.content.decode()  # the office reads, the unit proposes
    assert client.post(url, {"unit": own_unit.pk, "action": "propose"}).status_code == 404


def test_another_unit_cannot_open_or_propose_for_this_unit(review, own_unit, people, other_staff, client_for):
    client = client_for(other_staff)
    url = reverse("nominations:year_end_sheet", args=[review.pk])
    page = client.get(url, {"unit": own_unit.pk}).content.decode()
    assert "An Thị Tốt" not in page  # a unit sees its own sheet, whatever the link says


@pytest.mark.parametrize("count", [3, 30, 80])
def test_the_sheet_asks_a_fixed_number_of_queries(
    review, own_unit, unit_staff, client_for, count, django_assert_max_num_queries
):
    for _index in range(count):
        cadre = CadreFactory(unit=own_unit)
        CadreRatingFactory(cadre=cadre)
    titles.ensure_catalogue(review.commune)
    client = client_for(unit_staff)
    with django_assert_max_num_queries(32):
        assert client.get(reverse("nominations:year_end_sheet", args=[review.pk])).status_code == 200


def _many(unit, count, level=RatingLevel.GOOD):
    made = []
    for index in range(count):
        cadre = CadreFactory(unit=unit, full_name=f"Nguyễn Văn {index:03d}")
        CadreRatingFactory(cadre=cadre, level=level)
        made.append(cadre)
    return made


def test_a_large_unit_is_worked_through_in_pages_and_found_by_name(
    review, own_unit, unit_staff, vhxh_officer, client_for
):
    people = _many(own_unit, 60)
    url = reverse("nominations:year_end_sheet", args=[review.pk])
    client = client_for(unit_staff)
    first = client.get(url).content.decode()
    assert 'id="sheet-unit"' in first  # the unit itself, on the first page
    assert "60 people" in first
    assert "page 1 of 3" in first
    assert people[0].full_name in first
    assert people[24].full_name in first
    assert people[25].full_name not in first
    last = client.get(url, {"page": 3}).content.decode()
    assert 'id="sheet-unit"' not in last
    assert people[50].full_name in last
    assert people[59].full_name in last
    assert people[49].full_name not in last
    assert 'name="page" value="3"' in last  # a proposal on page 3 comes back to page 3
    # The name looked for is found among the 60, accents as typed (NFD is read as NFC).
    found = client.get(url, {"q": unicodedata.normalize("NFD", "văn 042")}).content.decode()
    assert people[42].full_name in found
    assert people[41].full_name not in found
    assert "1 person" in found
    assert "Nobody of the unit" in client.get(url, {"q": "Không Có Ai"}).content.decode()
    # The office reads another unit's sheet in pages too: its links keep the unit.
    office = client_for(vhxh_officer).get(url, {"unit": own_unit.pk, "page": 2}).content.decode()
    assert people[30].full_name in office
    assert f"unit={own_unit.pk}&amp;page=3" in office


def test_one_button_proposes_a_title_for_everyone_who_qualifies_on_every_page(
    review, own_unit, unit_staff, client_for
):
    qualifying = _many(own_unit, 40)
    weak = CadreFactory(unit=own_unit, full_name="Đỗ Văn Yếu")
    CadreRatingFactory(cadre=weak, level=RatingLevel.COMPLETED)
    ldtt = _title(review, LDTT)
    yearend.propose_titles(review, own_unit, actor=unit_staff, picks=[_pick(qualifying[0], ldtt)])
    url = reverse("nominations:year_end_sheet", args=[review.pk])
    client = client_for(unit_staff)
    assert "propose-qualifying-" in client.get(url).content.decode()
    done = client.post(url, {"action": "propose_qualifying", "title": ldtt.pk, "page": "2"})
    assert done.status_code == 302
    assert done["Location"].endswith("?page=2")
    proposed = Nomination.objects.filter(round=review, award_form=ldtt.award_form)
    assert set(proposed.values_list("subject_cadre_id", flat=True)) == {p.pk for p in qualifying}
    again = client.post(url, {"action": "propose_qualifying", "title": ldtt.pk})
    assert again.status_code == 200
    assert "Nobody left qualifies" in again.content.decode()
    assert proposed.count() == 40
    unknown = client.post(url, {"action": "propose_qualifying", "title": "999999"})
    assert "Choose a current title" in unknown.content.decode()


# --------------------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_for_the_last_places(commune):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL (SQLite serialises every write)")
    review = RoundFactory(year_end=True, submit_by=timezone.localdate() + datetime.timedelta(days=10))
    ldtt = _title(review, LDTT)
    Title.objects.filter(pk=ldtt.pk).update(cap_total=5)
    staff = UserFactory()
    contenders = []
    for index in range(20):
        unit = UnitFactory(name=f"Đơn vị {index}")
        person = CadreFactory(unit=unit)
        CadreRatingFactory(cadre=person)
        yearend.propose_titles(review, unit, actor=staff, picks=[_pick(person, ldtt)])
        _attach_minutes(review, unit, staff)
        contenders.append(unit)

    def submit(unit):
        try:
            yearend.submit_review(review, unit, actor=staff)
        except NominationError as error:
            # The threads speak the default language: the cap is told by its class.
            if isinstance(error.__cause__, QuotaExceeded):
                return "cap"
            raise
        return "ok"

    outcomes = all_at_once(submit, contenders)
    assert sorted(outcomes) == ["cap"] * 15 + ["ok"] * 5
    assert Nomination.objects.filter(round=review, state=NominationState.SUBMITTED).count() == 5


def test_the_units_letter_asks_to_recognise_the_titles(review, own_unit, people, unit_staff):
    good, weak, _punished = people
    ldtt, cstdcs = _title(review, LDTT), _title(review, CSTDCS)
    reason = "Lý do của đơn vị đủ dài"
    picks = [_pick(good, ldtt), _pick(weak, ldtt, reason), _pick(good, cstdcs, reason)]
    yearend.propose_titles(review, own_unit, actor=unit_staff, picks=picks)
    proposal = yearend.proposals.existing_proposal(review, own_unit)
    text = " ".join(pdf_text(documents.unit_letter_pdf(proposal)).split())
    assert "Về việc đề nghị công nhận danh hiệu thi đua năm 2026" in text
    assert (
        "xem xét, công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân; danh hiệu “Chiến sĩ thi đua cơ sở” "
        "cho 01 cá nhân đã có thành tích trong thực hiện nhiệm vụ năm 2026"
    ) in text
    assert "đột xuất" not in text
    assert "Giấy khen" not in text
