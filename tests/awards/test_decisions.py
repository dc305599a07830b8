"""Decisions: drafted from the council's approved list (or an ad hoc shortlist), numbered
from a locked counter on issuing, frozen, corrected only by a new decision."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection

from awards.documents import decision_pdf
from awards.models import Award, Decision, DecisionKind, DecisionState, DocumentCounter
from awards.services.decisions import DecisionError, drafting, issuing, lines
from council.services import tally, voting
from nominations.models import RoundState
from nominations.services import rounds
from tests.concurrency import all_at_once
from tests.factories.council import CouncilSessionFactory, council_session
from tests.factories.decisions import ISSUED_ON, adhoc_shortlist, drafted_decision, issued_decision
from tests.factories.nominations import AwardFormFactory, RoundFactory
from tests.nominations.test_documents import page_text, pdf_info, pdf_text
from thiduaportal.workflow import MoveNotAllowed

pytestmark = pytest.mark.django_db


def voted_council(chairman):
    """Two individuals on the agenda; all nine vote for the first and against the second."""
    council = council_session(members=9, individuals=2, voting=True)
    first, second = council.items
    for seat in council.members:
        voting.cast_ballot(first, user=seat.user, choice="for")
        voting.cast_ballot(second, user=seat.user, choice="against")
    voting.close_voting(council.session, actor=council.secretary)
    council.count()
    tally.finalise_session(council.session, actor=council.secretary)
    return council.refresh()


def test_draft_takes_only_the_candidates_the_council_approved(commune, vhxh_officer, chairman):
    council = voted_council(chairman)
    passed, failed = (item.nomination for item in council.items)
    decision = drafting.draft_decision(council.session.round, actor=vhxh_officer)
    assert list(decision.nominations.all()) == [passed]
    assert decision.session == council.session
    with pytest.raises(DecisionError) as error:
        drafting.update_draft(decision, actor=vhxh_officer, nominations=[passed, failed])
    assert (
        str(error.value)
        == f"{failed.subject_name} cannot be awarded in this decision: it was not approved by the council."
    )
    assert list(decision.nominations.all()) == [passed]


def test_issuing_numbers_freezes_and_fills_the_registry(commune, chairman):
    decision = issued_decision(chairman, collectives=1, individuals=2)
    assert (decision.state, decision.number_text, decision.issued_on) == ("issued", "01/QĐ-UBND", ISSUED_ON)
    awards = list(Award.objects.order_by("position"))
    # Issued on 15/9/2026: lương cơ sở 2.530.000 đ (in force from 01/7/2026).
    assert [(a.position, a.book_number, a.amount) for a in awards] == [
        (1, "1", Decimal(1_518_000)),
        (2, "2", Decimal(759_000)),
        (3, "3", Decimal(759_000)),
    ]
    assert all(len(a.code) == 16 for a in awards)
    assert len({a.code for a in awards}) == 3
    # An ad hoc round decided without a council goes from the review to "decided".
    decision.round.refresh_from_db()
    assert decision.round.state == RoundState.DECIDED
    moved = decision.round.transitions.latest("pk")
    assert (moved.from_state, moved.to_state, moved.reason) == (
        "review",
        "decided",
        "Decision 01/QĐ-UBND issued.",
    )
    assert decision.transitions.get().to_state == "issued"
    text = pdf_text(decision.pdf.read())
    assert "Số: 01/QĐ-UBND" in text
    assert "Nguyễn Thị Hường 1" in text
    assert "Tổng cộng" in text
    assert "Ba triệu không trăm ba mươi sáu nghìn đồng" in text


def test_issued_decision_never_changes_when_people_do(commune, chairman):
    decision = issued_decision(chairman, collectives=0, individuals=1)
    award = decision.awards.get()
    stored = decision.pdf.read()
    cadre = award.cadre
    cadre.full_name, cadre.position = "Nguyễn Thị Hương", "Phó Trưởng phòng"
    cadre.save()
    decision.refresh_from_db()
    award.refresh_from_db()
    assert award.recipient_name == "Nguyễn Thị Hường 1"
    assert award.recipient_detail == "Chuyên viên, Phòng Kinh tế"
    assert pdf_text(decision_pdf(decision)) == pdf_text(stored)
    with pytest.raises(DecisionError) as error:
        drafting.update_draft(decision, actor=chairman, title="Tiêu đề khác")
    assert "is issued and can no longer change" in str(error.value)


def test_issuing_twice_is_refused_and_takes_no_number(commune, chairman):
    decision = issued_decision(chairman)
    with pytest.raises(DecisionError) as error:
        issuing.issue_decision(decision, actor=chairman)
    assert str(error.value) == "Decision 01/QĐ-UBND is already issued."
    assert DocumentCounter.objects.get(scope="QĐ-UBND").last_number == 1
    assert Award.objects.count() == 3


def test_the_same_candidates_cannot_be_decided_twice(commune, vhxh_officer, chairman):
    decision = issued_decision(chairman)
    with pytest.raises(DecisionError) as error:
        drafting.draft_decision(decision.round, actor=vhxh_officer)
    assert str(error.value) == "No candidate of this round is left to award."


def test_missing_letter_refuses_issuing_and_changes_nothing(commune, vhxh_officer, chairman):
    round_ = adhoc_shortlist()
    decision = drafting.draft_decision(round_, actor=vhxh_officer)
    with pytest.raises(DecisionError) as error:
        issuing.issue_decision(decision, actor=chairman)
    assert error.value.field == "letter_reference"
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT
    assert decision.number is None
    assert not DocumentCounter.objects.exists()
    assert not Award.objects.exists()


def test_numbers_run_on_within_a_year_and_restart_the_next(commune, chairman):

    first = issued_decision(chairman, issued_on=datetime.date(2026, 3, 2))
    second = issued_decision(chairman, issued_on=datetime.date(2026, 9, 1))
    third = issued_decision(chairman, issued_on=datetime.date(2027, 1, 5), year=2027)
    assert [d.number_text for d in (first, second, third)] == ["01/QĐ-UBND", "02/QĐ-UBND", "01/QĐ-UBND"]
    assert list(second.awards.values_list("book_number", flat=True).order_by("position")) == ["4", "5", "6"]


def test_cash_amount_rounds_up_when_set(settings):

    form = AwardFormFactory.build()
    assert lines.cash_amount(form, "individual", 2_340_000) == Decimal(702_000)
    settings.CASH_ROUND_UP_TO = 10_000
    assert lines.cash_amount(form, "individual", 2_340_000) == Decimal(710_000)
    assert lines.cash_amount(form, "collective", 2_340_000) == Decimal(1_410_000)


def test_revocation_revokes_only_the_chosen_award(commune, vhxh_officer, chairman):
    decision = issued_decision(chairman)
    wrong = decision.awards.get(position=2)
    correction = drafting.draft_correction(
        decision,
        actor=vhxh_officer,
        kind=DecisionKind.REVOCATION,
        awards=[wrong],
        reason="Khai man thành tích",
    )
    drafting.update_draft(
        correction, actor=vhxh_officer, letter_reference="Tờ trình số 30/TTr-VHXH ngày 20/9/2026"
    )
    revocation = issuing.issue_decision(correction, actor=chairman)
    assert revocation.number_text == "02/QĐ-UBND"
    assert revocation.corrects == decision
    wrong.refresh_from_db()
    assert (wrong.revoked_by, wrong.revoked_on) == (revocation, revocation.issued_on)
    assert Award.objects.valid().count() == 2
    text = pdf_text(revocation.pdf.read())
    assert "Thu hồi Giấy khen đã tặng tại Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026" in text
    with pytest.raises(DecisionError):
        drafting.draft_correction(
            decision, actor=vhxh_officer, kind=DecisionKind.REVOCATION, awards=[wrong], reason="Lần nữa"
        )


def test_amendment_awards_again_from_the_corrected_record(commune, vhxh_officer, chairman):
    decision = issued_decision(chairman, collectives=0, individuals=1)
    old = decision.awards.get()
    old.cadre.full_name = "Nguyễn Thị Hương"
    old.cadre.save()
    correction = drafting.draft_correction(
        decision, actor=vhxh_officer, kind=DecisionKind.AMENDMENT, awards=[old], reason="Sai họ tên"
    )
    drafting.update_draft(
        correction, actor=vhxh_officer, letter_reference="Tờ trình số 31/TTr-VHXH ngày 21/9/2026"
    )
    amendment = issuing.issue_decision(correction, actor=chairman)
    new = amendment.awards.get()
    old.refresh_from_db()
    assert (new.recipient_name, new.replaces, old.revoked_by) == ("Nguyễn Thị Hương", old, amendment)
    assert new.book_number == "2"
    assert new.code != old.code


def test_unissued_decision_is_a_draft_everywhere(commune, vhxh_officer):
    decision = drafted_decision(adhoc_shortlist(), vhxh_officer)
    assert decision.number_text == ""
    assert decision.awards.count() == 0
    assert "Số:" in pdf_text(decision_pdf(decision))


def test_draft_pdf_says_draft_on_every_page_and_the_issued_one_never(commune, vhxh_officer, chairman):
    data = decision_pdf(drafted_decision(adhoc_shortlist(), vhxh_officer))
    count = int(re.search(r"Pages:\s+(\d+)", pdf_info(data))[1])
    assert count >= 2  # the decision, then its annexed list
    for page in range(1, count + 1):
        assert "DỰ THẢO" in page_text(data, page), page
    issued = issued_decision(chairman, collectives=0, individuals=1)
    assert "DỰ THẢO" not in pdf_text(issued.pdf.read())
    assert "DỰ THẢO" not in pdf_text(decision_pdf(issued))


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_issues_get_fifty_consecutive_numbers(commune, vhxh_officer, chairman):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL (SQLite serialises every write)")
    drafts = [
        drafted_decision(adhoc_shortlist(collectives=0, individuals=1), vhxh_officer) for _ in range(50)
    ]
    outcomes = all_at_once(lambda decision: issuing.issue_decision(decision, actor=chairman).number, drafts)
    assert sorted(outcomes) == list(range(1, 51))
    numbers = sorted(Decision.objects.filter(state="issued").values_list("number", flat=True))
    assert numbers == list(range(1, 51))
    assert sorted(int(b) for b in Award.objects.values_list("book_number", flat=True)) == list(range(1, 51))


def test_an_annual_round_in_review_is_never_decided_without_its_council(commune, chairman):
    """The move from review to decided is for ad hoc rounds decided without a session only."""

    annual = RoundFactory(state=RoundState.REVIEW)
    with pytest.raises(MoveNotAllowed):
        rounds.decide_round(annual, actor=chairman, without_council=True)
    annual.refresh_from_db()
    assert annual.state == RoundState.REVIEW
    assert not annual.transitions.exists()


def test_a_convened_council_is_never_bypassed_by_an_ad_hoc_decision(english, commune, vhxh_officer):
    round_ = adhoc_shortlist()
    CouncilSessionFactory(round=round_, title="Phiên họp xét khen thưởng đột xuất")
    assert drafting.candidates(round_) == []
    with pytest.raises(DecisionError) as error:
        drafting.draft_decision(round_, actor=vhxh_officer)
    assert str(error.value) == (
        "The council session “Phiên họp xét khen thưởng đột xuất” of this round is convened and its result "
        "is not final yet: the decision is drafted from its result."
    )
    assert not Decision.objects.exists()
