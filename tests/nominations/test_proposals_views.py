"""A unit's proposal and nomination screens: own unit only, query guards, bad input."""

import datetime

import pytest
from django.urls import reverse

from nominations.models import Nomination, NominationState, NominationTransition
from nominations.services import workflow
from tests.factories import CadreFactory
from tests.factories.nominations import (
    AwardFormFactory,
    NominationFactory,
    ProposalFactory,
    RoundFactory,
    eligible_nomination,
)
from tests.nominations.test_workflow_services import complete

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
# The nomination page of a returned nomination, measured; the refusal alert is one of them
# (21 since the eligibility checks read the award registry).
QUERIES_OF_A_RETURNED_NOMINATION = 21


@pytest.fixture
def proposal(own_unit):
    round = RoundFactory(submit_by=TODAY + datetime.timedelta(days=3), review_by=None, council_on=None)
    return ProposalFactory(round=round, unit=own_unit)


@pytest.mark.parametrize("count", [1, 15])
def test_proposal_detail_queries(client_for, unit_staff, proposal, django_assert_max_num_queries, count):
    for _ in range(count):
        NominationFactory(proposal=proposal)
    client = client_for(unit_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("nominations:proposal_detail", args=[proposal.pk]))
    assert len(response.context["nominations"]) == count
    assert response.context["can_add"] is True


def test_other_unit_cannot_see_the_proposal_or_its_nominations(client_for, other_staff, proposal):
    nomination = NominationFactory(proposal=proposal)
    client = client_for(other_staff)
    assert client.get(reverse("nominations:proposal_detail", args=[proposal.pk])).status_code == 403
    assert client.get(reverse("nominations:nomination_detail", args=[nomination.pk])).status_code == 403
    assert client.get(reverse("nominations:nomination_create", args=[proposal.pk])).status_code == 403


def test_office_reads_the_nomination_without_edit_links(client_for, vhxh_officer, proposal):
    nomination = NominationFactory(proposal=proposal)
    response = client_for(vhxh_officer).get(reverse("nominations:nomination_detail", args=[nomination.pk]))
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert reverse("nominations:nomination_edit", args=[nomination.pk]) not in response.content.decode()


def test_add_nomination_by_form(client_for, unit_staff, proposal, own_cadre):
    form = AwardFormFactory()
    response = client_for(unit_staff).post(
        reverse("nominations:nomination_create", args=[proposal.pk]),
        {
            "subject_type": "individual",
            "subject_cadre": own_cadre.pk,
            "award_form": form.pk,
            "summary": "Xuất sắc",
        },
    )
    nomination = Nomination.objects.get()
    assert response["Location"] == nomination.get_absolute_url()
    assert (nomination.subject_cadre, nomination.summary, nomination.state) == (
        own_cadre,
        "Xuất sắc",
        "draft",
    )


def test_add_nomination_of_another_units_person_is_refused(client_for, unit_staff, proposal, other_cadre):
    response = client_for(unit_staff).post(
        reverse("nominations:nomination_create", args=[proposal.pk]),
        {"subject_type": "individual", "subject_cadre": other_cadre.pk, "award_form": AwardFormFactory().pk},
    )
    assert response.status_code == 200
    assert "subject_cadre" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_add_the_same_person_twice_names_them(client_for, unit_staff, proposal, own_cadre):
    NominationFactory(proposal=proposal, subject_cadre=own_cadre)
    response = client_for(unit_staff).post(
        reverse("nominations:nomination_create", args=[proposal.pk]),
        {"subject_type": "individual", "subject_cadre": own_cadre.pk, "award_form": AwardFormFactory().pk},
    )
    assert response.context["form"].errors["subject_cadre"] == [
        f"Nguyễn Thị Hưởng is already nominated in “{proposal.round}” (proposal of {proposal.unit})."
    ]
    assert Nomination.objects.count() == 1


def test_collective_without_a_unit_is_refused(client_for, unit_staff, proposal):
    response = client_for(unit_staff).post(
        reverse("nominations:nomination_create", args=[proposal.pk]),
        {"subject_type": "collective", "award_form": AwardFormFactory().pk},
    )
    assert response.context["form"].errors["subject_unit"] == ["Choose the collective to nominate."]


def test_edit_nomination_and_submitted_one_redirects(client_for, unit_staff, proposal):
    nomination = NominationFactory(proposal=proposal)
    client = client_for(unit_staff)
    client.post(
        reverse("nominations:nomination_edit", args=[nomination.pk]),
        {"award_form": nomination.award_form_id, "summary": "Mới"},
    )
    nomination.refresh_from_db()
    assert nomination.summary == "Mới"
    submitted = NominationFactory(
        proposal=proposal, subject_cadre=CadreFactory(unit=proposal.unit), submitted=True
    )
    response = client.get(reverse("nominations:nomination_edit", args=[submitted.pk]))
    assert response["Location"] == submitted.get_absolute_url()


def test_edit_proposal_by_form_and_bad_dates(client_for, unit_head, proposal):
    client = client_for(unit_head)
    url = reverse("nominations:proposal_edit", args=[proposal.pk])
    data = {
        "letter_number": "12/TTr-TTPVHCC",
        "letter_date": "2026-12-02",
        "signer_name": "Phạm Văn Bình",
        "signer_title": "Giám đốc",
        "meeting_date": "2026-12-03",
    }
    response = client.post(url, data)
    assert response.context["form"].errors["meeting_date"] == [
        "The selection meeting (03/12/2026) must come before the Tờ trình (02/12/2026)."
    ]
    response = client.post(url, {**data, "meeting_date": "2026-12-01"})
    proposal.refresh_from_db()
    assert (proposal.letter_number, proposal.signer_name) == ("12/TTr-TTPVHCC", "Phạm Văn Bình")


def test_nomination_detail_renders_the_parts(client_for, unit_staff, proposal):
    nomination = NominationFactory(proposal=proposal)
    response = client_for(unit_staff).get(reverse("nominations:nomination_detail", args=[nomination.pk]))
    names = [t.name for t in response.templates]
    for part in (
        "eligibility/_checks",
        "dossiers/_checklist",
        "workflow/_actions",
        "review/_comments",
        "inbox/_messages",
    ):
        assert f"nominations/{part}.html" in names
    assert response.context["can_edit"] is True


def _refusal_alert(client, nomination) -> str | None:
    """The text of the refusal alert at the top of the nomination page, or None."""
    page = client.get(reverse("nominations:nomination_detail", args=[nomination.pk])).content.decode()
    start = page.find('id="nomination-refusal"')
    if start < 0:
        return None
    inner = page[page.index(">", start) + 1 : page.index("</div>", start)]
    return " ".join(inner.split())


def test_returned_nomination_shows_who_returned_it_when_and_why(
    client_for, unit_staff, vhxh_officer, proposal
):
    nomination = NominationFactory(proposal=proposal, submitted=True)
    workflow.return_nomination(nomination, actor=vhxh_officer, reason="Thiếu số liệu năm 2026.")
    assert _refusal_alert(client_for(unit_staff), nomination) == (
        f"Returned for revision by {vhxh_officer.full_name} on {TODAY:%d/%m/%Y}: Thiếu số liệu năm 2026."
    )


def test_rejected_nomination_shows_who_rejected_it_when_and_why(
    client_for, unit_staff, vhxh_officer, proposal
):
    nomination = NominationFactory(proposal=proposal, submitted=True)
    workflow.reject_nomination(nomination, actor=vhxh_officer, reason="Chưa có sáng kiến được công nhận.")
    assert _refusal_alert(client_for(unit_staff), nomination) == (
        f"Rejected by {vhxh_officer.full_name} on {TODAY:%d/%m/%Y}: Chưa có sáng kiến được công nhận."
    )


def test_returned_again_shows_the_latest_return_and_resubmitted_shows_none(
    client_for, unit_staff, vhxh_officer, proposal
):
    nomination = complete(eligible_nomination(proposal), unit_staff)
    client = client_for(unit_staff)
    workflow.submit_nomination(nomination, actor=unit_staff)
    workflow.return_nomination(nomination, actor=vhxh_officer, reason="Lần một.")
    workflow.submit_nomination(nomination, actor=unit_staff)
    assert _refusal_alert(client, nomination) is None
    workflow.return_nomination(nomination, actor=vhxh_officer, reason="Lần hai.")
    assert _refusal_alert(client, nomination).endswith(": Lần hai.")


def test_draft_nomination_has_no_refusal_alert(client_for, unit_staff, proposal):
    nomination = NominationFactory(proposal=proposal)
    response = client_for(unit_staff).get(reverse("nominations:nomination_detail", args=[nomination.pk]))
    assert response.context["refusal"] is None
    assert 'id="nomination-refusal"' not in response.content.decode()


@pytest.mark.parametrize("returns", [1, 6])
def test_refusal_alert_costs_one_query_however_many_returns(
    client_for, unit_staff, vhxh_officer, proposal, django_assert_max_num_queries, returns
):
    nomination = NominationFactory(proposal=proposal, submitted=True)
    for number in range(returns):
        NominationTransition.objects.create(
            nomination=nomination,
            actor=vhxh_officer,
            from_state="submitted",
            to_state="returned",
            reason=f"{number}",
        )
    Nomination.objects.filter(pk=nomination.pk).update(state=NominationState.RETURNED)
    client = client_for(unit_staff)
    with django_assert_max_num_queries(QUERIES_OF_A_RETURNED_NOMINATION):
        response = client.get(reverse("nominations:nomination_detail", args=[nomination.pk]))
    assert response.context["refusal"].reason == f"{returns - 1}"
