"""The year-end review decided: one decision recognising the titles, its articles and its
annexed list by title and unit, the awards in the registry and in each person's history; the
titles print no Giấy khen."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from awards.documents import decision_pdf
from awards.models import Award
from awards.services import printing, registry
from awards.services.decisions import DecisionError, drafting, issuing
from nominations.catalogue import CSTDCS, LDTT
from nominations.models import AttachmentKind, Nomination, RoundState
from nominations.services import eligibility, titles, workflow, yearend
from nominations.services.dossiers import add_attachment
from tests.factories import CadreFactory, UnitFactory
from tests.factories.decisions import ISSUED_ON, confirm_numbering
from tests.factories.nominations import RoundFactory
from tests.factories.units import CadreRatingFactory
from tests.nominations.test_documents import pdf_text
from tests.nominations.test_year_end_reports import complete_report
from units.models import RatingLevel

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def _title(round_, code):
    return next(t for t in titles.catalogue_of(round_.commune) if t.award_form.code == code)


def _unit_proposes(review, unit, names, actor, *, cstdcs=()):
    people = []
    for name in names:
        person = CadreFactory(unit=unit, full_name=name, position="Chuyên viên")
        CadreRatingFactory(cadre=person, level=RatingLevel.EXCELLENT)
        people.append(person)
    ldtt = _title(review, LDTT)
    picks = [yearend.Pick("individual", p.pk, ldtt.pk) for p in people]
    picks += [
        yearend.Pick("individual", p.pk, _title(review, CSTDCS).pk, "Có giải pháp được công nhận")
        for p in people
        if p.full_name in cstdcs
    ]
    for nomination in yearend.propose_titles(review, unit, actor=actor, picks=picks):
        if nomination.report_form:
            complete_report(nomination, actor)  # CSTĐCS needs its Mẫu 05
    proposal = yearend.proposals.existing_proposal(review, unit)
    for kind, name in (
        (AttachmentKind.LETTER_SCAN, "tờ trình.pdf"),
        (AttachmentKind.MINUTES_SCAN, "biên bản.pdf"),
    ):
        add_attachment(
            proposal, actor=actor, kind=kind, upload=SimpleUploadedFile(name, PDF, "application/pdf")
        )
    yearend.submit_review(review, unit, actor=actor)
    return people


@pytest.fixture
def decided_review(commune, vhxh_officer, chairman):
    review = RoundFactory(year_end=True, submit_by=timezone.localdate() + datetime.timedelta(days=10))
    economy = UnitFactory(name="Phòng Kinh tế")
    office = UnitFactory(name="Văn phòng HĐND và UBND")
    _unit_proposes(review, office, ["Trần Văn Bình", "Lê Thị Cúc"], vhxh_officer, cstdcs=["Lê Thị Cúc"])
    _unit_proposes(review, economy, ["Phạm Văn An"], vhxh_officer)
    for nomination in Nomination.objects.filter(round=review):
        workflow.accept_nomination(
            nomination,
            actor=vhxh_officer,
            justifications={"initiative": "Giải pháp đã được Hội đồng sáng kiến công nhận"},
        )
    review.state = RoundState.COUNCIL
    review.save()
    return review


def test_the_decision_recognises_the_titles_the_council_does_not_vote_on(
    decided_review, vhxh_officer, chairman
):
    decision = drafting.draft_decision(decided_review, actor=vhxh_officer)
    # LĐTT needs no vote; CSTĐCS waits for the council's approval.
    assert [
        (n.subject_name, n.award_form.code) for n in drafting.candidates(decided_review, excluding=decision)
    ] == [
        ("Phạm Văn An", LDTT),
        ("Lê Thị Cúc", LDTT),
        ("Trần Văn Bình", LDTT),
    ]
    assert decision.title == "Về việc công nhận danh hiệu thi đua năm 2026"
    confirm_numbering(chairman, ISSUED_ON.year, timezone.localdate().year)
    decision = drafting.update_draft(
        decision,
        actor=chairman,
        letter_reference="Tờ trình số 30/TTr-VHXH ngày 20/12/2026",
        signer_name="Lý Văn Dũng",
    )
    issued = issuing.issue_decision(decision, actor=chairman, issued_on=ISSUED_ON)
    text = " ".join(pdf_text(decision_pdf(issued)).split())
    assert (
        "Công nhận danh hiệu thi đua năm 2026 cho 03 cá nhân (có danh sách kèm theo), gồm: danh hiệu “Lao động tiên tiến”: 03 cá nhân."
        in text
    )
    assert "danh hiệu “Lao động tiên tiến” mỗi cá nhân 759.000 đồng (bằng 0,3 lần mức lương cơ sở)" in text
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC CÔNG NHẬN DANH HIỆU THI ĐUA NĂM 2026" in text
    assert "DANH HIỆU “LAO ĐỘNG TIÊN TIẾN” (03 cá nhân)" in text
    # By unit, then by name: Phòng Kinh tế before Văn phòng.
    assert text.index("Phòng Kinh tế 1 Phạm Văn An") < text.index("Văn phòng HĐND và UBND 2 Lê Thị Cúc")
    assert text.index("2 Lê Thị Cúc") < text.index("3 Trần Văn Bình")
    awards = list(Award.objects.filter(decision=issued).order_by("position"))
    assert [(a.recipient_name, a.award_form.code, a.year) for a in awards] == [
        ("Phạm Văn An", LDTT, 2026),
        ("Lê Thị Cúc", LDTT, 2026),
        ("Trần Văn Bình", LDTT, 2026),
    ]
    history = registry.history(awards[1].cadre)
    assert [(a.award_name, a.decision_number) for a in history] == [
        ("Danh hiệu Lao động tiên tiến", issued.number_text)
    ]
    with pytest.raises(DecisionError, match="received an emulation title"):
        printing.chosen_awards(issued, [awards[0].pk])


def test_once_decided_the_base_title_is_read_from_the_registry(decided_review, vhxh_officer, chairman):
    cuc = Nomination.objects.get(round=decided_review, award_form__code=CSTDCS)
    holds = next(c for c in eligibility.run_checks(cuc) if c.code == "holds_title_same_year")
    assert (
        holds.result.reason
        == "Lê Thị Cúc is proposed for “Danh hiệu Lao động tiên tiến” for 2026 in this review."
    )
    confirm_numbering(chairman, ISSUED_ON.year, timezone.localdate().year)
    decision = drafting.draft_decision(decided_review, actor=vhxh_officer)
    decision = drafting.update_draft(
        decision,
        actor=chairman,
        letter_reference="Tờ trình số 30/TTr-VHXH ngày 20/12/2026",
        signer_name="Lý Văn Dũng",
    )
    issuing.issue_decision(decision, actor=chairman, issued_on=ISSUED_ON)
    holds = next(c for c in eligibility.run_checks(cuc) if c.code == "holds_title_same_year")
    assert (
        holds.result.reason
        == "Lê Thị Cúc holds “Danh hiệu Lao động tiên tiến” for 2026 (decision 01/QĐ-UBND)."
    )
