"""A unit's proposal and its nominations: who may be nominated, once, while the round is open."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import translation

from nominations.models import Nomination, NominationState, Proposal, RoundState
from nominations.services import NominationError
from nominations.services import proposals as services
from tests.factories import CadreFactory, UnitFactory
from tests.factories.nominations import AwardFormFactory, NominationFactory, ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(db):
    """Open, with a deadline a week ahead, whatever today is."""
    today = datetime.date.today()
    return RoundFactory(
        submit_by=today + datetime.timedelta(days=7),
        review_by=today + datetime.timedelta(days=14),
        council_on=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def proposal(open_round, own_unit):
    return ProposalFactory(round=open_round, unit=own_unit)


@pytest.fixture
def giay_khen(db):
    return AwardFormFactory()


def _add(proposal, actor, **kwargs):
    return services.add_nomination(proposal, actor=actor, award_form=AwardFormFactory(), **kwargs)


def test_get_or_create_proposal_creates_once(open_round, own_unit, unit_staff):
    first = services.get_or_create_proposal(open_round, own_unit, actor=unit_staff)
    second = services.get_or_create_proposal(open_round, own_unit, actor=unit_staff)
    assert first.pk == second.pk
    assert Proposal.objects.count() == 1


def test_get_or_create_proposal_refused_after_deadline_but_existing_returned(
    own_unit, other_unit, unit_staff
):
    round = RoundFactory(state=RoundState.CLOSED)
    existing = ProposalFactory(round=round, unit=own_unit)
    assert services.get_or_create_proposal(round, own_unit, actor=unit_staff) == existing
    with pytest.raises(NominationError, match="stopped accepting proposals on 15/12/2026"):
        services.get_or_create_proposal(round, other_unit, actor=unit_staff)
    assert Proposal.objects.count() == 1


def test_add_individual_of_own_unit(proposal, own_cadre, unit_staff):
    nomination = _add(
        proposal, unit_staff, subject_type="individual", subject_cadre=own_cadre, summary=" Có  thành tích "
    )
    assert (nomination.state, nomination.round, nomination.subject_cadre) == (
        "draft",
        proposal.round,
        own_cadre,
    )
    assert (nomination.summary, nomination.created_by) == ("Có thành tích", unit_staff)


def test_add_collective_own_unit_and_a_unit_under_it(proposal, own_unit, unit_staff):
    child = UnitFactory(name="Tổ một cửa", parent=own_unit)
    mine = _add(proposal, unit_staff, subject_type="collective", subject_unit=own_unit)
    under = _add(proposal, unit_staff, subject_type="collective", subject_unit=child)
    assert [mine.subject_unit, under.subject_unit] == [own_unit, child]


def test_add_refuses_a_collective_of_another_unit(proposal, other_unit, unit_staff):
    with pytest.raises(NominationError) as error:
        _add(proposal, unit_staff, subject_type="collective", subject_unit=other_unit)
    assert error.value.field == "subject_unit"
    assert (
        str(error.value) == "Phòng Kinh tế is neither Trung tâm Phục vụ hành chính công nor a unit under it."
    )
    assert not Nomination.objects.exists()


def test_add_refuses_a_person_of_another_unit(proposal, other_cadre, unit_staff):
    with pytest.raises(NominationError) as error:
        _add(proposal, unit_staff, subject_type="individual", subject_cadre=other_cadre)
    assert error.value.field == "subject_cadre"
    assert str(error.value) == "Lê Văn Khác does not work in Trung tâm Phục vụ hành chính công."
    assert not Nomination.objects.exists()


def test_add_refuses_a_person_who_left(proposal, own_unit, unit_staff):
    gone = CadreFactory(unit=own_unit, full_name="Trần Văn Nghỉ", is_active=False)
    with translation.override("vi"), pytest.raises(NominationError, match="Trần Văn Nghỉ đã nghỉ việc."):
        _add(proposal, unit_staff, subject_type="individual", subject_cadre=gone)


def test_add_refuses_a_missing_or_mixed_subject(proposal, own_unit, own_cadre, unit_staff):
    with pytest.raises(NominationError) as error:
        _add(proposal, unit_staff, subject_type="individual")
    assert error.value.field == "subject_cadre"
    with pytest.raises(NominationError) as error:
        _add(proposal, unit_staff, subject_type="collective", subject_unit=own_unit, subject_cadre=own_cadre)
    assert error.value.field == "subject_unit"
    with pytest.raises(NominationError) as error:
        _add(proposal, unit_staff, subject_type="group", subject_unit=own_unit)
    assert error.value.field == "subject_type"
    assert not Nomination.objects.exists()


def test_add_refuses_the_same_person_twice_in_a_round(proposal, own_cadre, unit_staff):
    _add(proposal, unit_staff, subject_type="individual", subject_cadre=own_cadre)
    with pytest.raises(NominationError) as error:
        _add(proposal, unit_staff, subject_type="individual", subject_cadre=own_cadre)
    assert str(error.value) == (
        "Nguyễn Thị Hưởng is already nominated in “Khen thưởng hằng năm 2026” "
        "(proposal of Trung tâm Phục vụ hành chính công)."
    )
    assert Nomination.objects.count() == 1


def test_a_withdrawn_nomination_does_not_block_a_new_one(proposal, own_cadre, unit_staff):
    NominationFactory(proposal=proposal, subject_cadre=own_cadre, state=NominationState.WITHDRAWN)
    nomination = _add(proposal, unit_staff, subject_type="individual", subject_cadre=own_cadre)
    assert nomination.state == "draft"


def test_database_refuses_the_same_unit_twice(proposal, own_unit):
    NominationFactory(proposal=proposal, collective=True)
    with pytest.raises(IntegrityError):
        NominationFactory(proposal=proposal, collective=True)


def test_add_refuses_an_award_form_the_round_does_not_offer(proposal, own_cadre, unit_staff):
    city = AwardFormFactory(city=True)
    with pytest.raises(NominationError) as error:
        services.add_nomination(
            proposal, actor=unit_staff, subject_type="individual", subject_cadre=own_cadre, award_form=city
        )
    assert error.value.field == "award_form"
    assert not Nomination.objects.exists()


def test_add_refuses_a_summary_too_long(proposal, own_cadre, unit_staff):
    with pytest.raises(NominationError, match="301 characters; at most 300") as error:
        _add(proposal, unit_staff, subject_type="individual", subject_cadre=own_cadre, summary="a" * 301)
    assert error.value.field == "summary"


@pytest.mark.parametrize("state", ["draft", "closed", "review"])
def test_add_refuses_a_round_not_open(proposal, own_cadre, unit_staff, state):
    proposal.round.state = state
    proposal.round.save()
    with pytest.raises(NominationError, match="Khen thưởng hằng năm 2026"):
        _add(proposal, unit_staff, subject_type="individual", subject_cadre=own_cadre)
    assert not Nomination.objects.exists()


def test_add_refuses_a_round_past_its_deadline(own_unit, own_cadre, unit_staff):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    round = RoundFactory(submit_by=yesterday, review_by=None, council_on=None)
    proposal = ProposalFactory(round=round, unit=own_unit)
    with pytest.raises(NominationError) as error:
        _add(proposal, unit_staff, subject_type="individual", subject_cadre=own_cadre)
    assert str(error.value) == (
        f"The round “Khen thưởng hằng năm 2026” stopped accepting proposals on {yesterday:%d/%m/%Y}."
    )


def test_add_accepted_on_the_deadline_day(own_unit, own_cadre, unit_staff):
    round = RoundFactory(submit_by=datetime.date.today(), review_by=None, council_on=None)
    proposal = ProposalFactory(round=round, unit=own_unit)
    assert _add(proposal, unit_staff, subject_type="individual", subject_cadre=own_cadre).pk


def test_update_nomination_in_draft(proposal, unit_staff):
    nomination = NominationFactory(proposal=proposal)
    services.update_nomination(nomination, actor=unit_staff, summary="Thành tích  mới")
    nomination.refresh_from_db()
    assert nomination.summary == "Thành tích mới"


def test_update_returned_nomination_after_the_deadline(own_unit, unit_staff):
    round = RoundFactory(state=RoundState.REVIEW)
    nomination = NominationFactory(proposal=ProposalFactory(round=round, unit=own_unit), state="returned")
    services.update_nomination(nomination, actor=unit_staff, summary="Đã bổ sung")
    nomination.refresh_from_db()
    assert nomination.summary == "Đã bổ sung"


@pytest.mark.parametrize("state", ["submitted", "accepted", "rejected", "shortlisted", "withdrawn"])
def test_update_refused_outside_draft_or_returned(proposal, unit_staff, state):
    nomination = NominationFactory(proposal=proposal, state=state)
    with pytest.raises(NominationError, match="can no longer be changed"):
        services.update_nomination(nomination, actor=unit_staff, summary="Khác")
    nomination.refresh_from_db()
    assert nomination.summary == "Đã có thành tích xuất sắc trong công tác CCHC năm 2026"
    assert services.is_editable(nomination) is False


def test_update_proposal_fields_normalised(proposal, unit_head):
    decomposed = "Nguye\u0302\u0303n Va\u0306n A"
    services.update_proposal(
        proposal,
        actor=unit_head,
        letter_number=" 12/TTr-TTPVHCC ",
        signer_name=decomposed,
        signer_title="Giám đốc",
        meeting_date=datetime.date(2026, 12, 1),
        letter_date=datetime.date(2026, 12, 2),
    )
    proposal.refresh_from_db()
    assert (proposal.letter_number, proposal.signer_name) == ("12/TTr-TTPVHCC", "Nguyễn Văn A")


def test_update_proposal_refuses_meeting_after_letter(proposal, unit_head):
    with pytest.raises(NominationError) as error:
        services.update_proposal(
            proposal,
            actor=unit_head,
            meeting_date=datetime.date(2026, 12, 3),
            letter_date=datetime.date(2026, 12, 2),
        )
    assert error.value.field == "meeting_date"
    proposal.refresh_from_db()
    assert proposal.meeting_date is None


def test_update_proposal_refused_once_at_the_council(proposal, unit_head):
    proposal.round.state = RoundState.COUNCIL
    proposal.round.save()
    with pytest.raises(NominationError, match="can no longer change"):
        services.update_proposal(proposal, actor=unit_head, letter_number="1/TTr")


def test_update_proposal_refuses_a_number_the_unit_used_that_year(proposal, unit_head):
    earlier = ProposalFactory(
        round=RoundFactory(adhoc=True, title="Khen thưởng đột xuất tháng 8"),
        unit=proposal.unit,
        letter_number="19/TTr-TTPVHCC",
        letter_date=datetime.date(2026, 8, 20),
    )
    with pytest.raises(NominationError) as error:
        services.update_proposal(
            proposal, actor=unit_head, letter_number="19/TTr-TTPVHCC", letter_date=datetime.date(2026, 12, 2)
        )
    assert error.value.field == "letter_number"
    assert str(error.value) == (
        "The number 19/TTr-TTPVHCC is already that of the unit's Tờ trình of 20/08/2026 for "
        "“Khen thưởng đột xuất tháng 8”."
    )
    proposal.refresh_from_db()
    assert proposal.letter_number == ""
    # Another year's register starts again.
    earlier.letter_date = datetime.date(2025, 8, 20)
    earlier.save()
    services.update_proposal(
        proposal, actor=unit_head, letter_number="19/TTr-TTPVHCC", letter_date=datetime.date(2026, 12, 2)
    )
