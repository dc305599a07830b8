"""Round screens: list and detail with query guards, the settings form, the moves."""

import datetime

import pytest
from django.urls import reverse

from nominations.models import AwardForm, Round, RoundState
from tests.factories import UnitFactory
from tests.factories.campaigns import CampaignFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _round(**kwargs):
    return RoundFactory(
        submit_by=TODAY + datetime.timedelta(days=3),
        review_by=None,
        council_on=None,
        **kwargs,
    )


def _fill(count):
    rounds = [_round(title=f"Đợt {i}") for i in range(count)]
    for i, round in enumerate(rounds):
        proposal = ProposalFactory(round=round, unit=UnitFactory(name=f"Đơn vị {i}"))
        NominationFactory(proposal=proposal, submitted=True)
    return rounds


@pytest.mark.parametrize("count", [1, 12])
def test_round_list_queries_do_not_grow(client_for, vhxh_officer, django_assert_max_num_queries, count):
    _fill(count)
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("nominations:round_list"))
    assert len(response.context["rows"]) == count
    assert response.context["rows"][0][0].submitted_count == 1


@pytest.mark.parametrize("count", [1, 12])
def test_round_list_for_a_unit_queries(
    client_for, unit_staff, own_unit, django_assert_max_num_queries, count
):
    rounds = _fill(count)
    ProposalFactory(round=rounds[0], unit=own_unit)
    client = client_for(unit_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("nominations:round_list"))
    own = [row[3] for row in response.context["rows"] if row[3]]
    assert len(own) == 1
    assert "Accepting proposals until the end of" in response.content.decode()


def test_round_list_hides_drafts_from_units(client_for, unit_staff):
    _round(state=RoundState.DRAFT)
    response = client_for(unit_staff).get(reverse("nominations:round_list"))
    assert response.context["rows"] == []


@pytest.mark.parametrize("count", [1, 12])
def test_round_detail_office_queries(client_for, vhxh_officer, django_assert_max_num_queries, count):
    round = _round()
    for i in range(count):
        proposal = ProposalFactory(round=round, unit=UnitFactory(name=f"Đơn vị {i}"))
        NominationFactory(proposal=proposal)
        NominationFactory(proposal=proposal, submitted=True)
    client = client_for(vhxh_officer)
    # 12 before decisions: + the round's decisions, + whether it has city nominations to forward.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("nominations:round_detail", args=[round.pk]))
    rows = response.context["proposal_rows"]
    assert len(rows) == count
    assert (rows[0].total, rows[0].counts["draft"], rows[0].counts["submitted"]) == (2, 1, 1)
    assert [state for state, _label in response.context["moves"]] == ["closed"]


def test_round_detail_unit_sees_prepare_button_then_its_proposal(client_for, unit_staff, own_unit):
    round = _round()
    client = client_for(unit_staff)
    page = client.get(reverse("nominations:round_detail", args=[round.pk])).content.decode()
    assert reverse("nominations:proposal_for_round", args=[round.pk]) in page
    response = client.post(reverse("nominations:proposal_for_round", args=[round.pk]))
    proposal = round.proposals.get()
    assert proposal.unit == own_unit
    assert response["Location"] == reverse("nominations:proposal_detail", args=[proposal.pk])
    page = client.get(reverse("nominations:round_detail", args=[round.pk])).content.decode()
    assert proposal.get_absolute_url() in page


def test_opening_the_proposal_link_creates_nothing_and_asks_to_confirm(client_for, unit_staff, own_unit):
    round = _round()
    client = client_for(unit_staff)
    url = reverse("nominations:proposal_for_round", args=[round.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not round.proposals.exists()
    page = response.content.decode()
    assert '<form method="post" class="d-flex gap-2">' in page
    assert f"{own_unit.name} has no proposal in the round “{round}” yet. Start one now?" in page
    response = client.post(url)
    proposal = round.proposals.get()
    assert response["Location"] == reverse("nominations:proposal_detail", args=[proposal.pk])
    assert client.get(url)["Location"] == reverse("nominations:proposal_detail", args=[proposal.pk])
    assert round.proposals.count() == 1


def test_opening_the_link_of_a_closed_round_says_so_and_creates_nothing(client_for, unit_staff):
    round = _round(state=RoundState.CLOSED)
    response = client_for(unit_staff).get(
        reverse("nominations:proposal_for_round", args=[round.pk]), follow=True
    )
    assert not round.proposals.exists()
    assert "stopped accepting proposals" in response.content.decode()


def test_proposal_for_a_closed_round_is_refused(client_for, unit_staff):
    round = _round(state=RoundState.CLOSED)
    response = client_for(unit_staff).post(
        reverse("nominations:proposal_for_round", args=[round.pk]), follow=True
    )
    assert not round.proposals.exists()
    assert "stopped accepting proposals" in response.content.decode()


def _post_data(campaign, **changes):
    # The forms a campaign round offers (not the year's titles).
    forms = (
        AwardForm.objects.filter(kind__in=["certificate", "forwarded"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return {
        "kind": "annual",
        "campaign": campaign.pk,
        "year": "2026",
        "title": "Khen thưởng hằng năm 2026",
        "submit_by": "2026-12-15",
        "review_by": "2026-12-25",
        "council_on": "2026-12-28",
        "quota_collectives": "5",
        "quota_individuals": "10",
        "award_forms": list(forms),
        **changes,
    }


def test_create_round_by_form(client_for, vhxh_officer):
    campaign = CampaignFactory(code="cchc-2026-2030")
    response = client_for(vhxh_officer).post(reverse("nominations:round_create"), _post_data(campaign))
    round = Round.objects.get()
    assert response["Location"] == round.get_absolute_url()
    assert (round.state, round.quota_individuals, round.award_forms.count()) == ("draft", 10, 2)


def test_create_form_prefills_quotas_by_kind(client_for, vhxh_officer):
    client = client_for(vhxh_officer)
    annual = client.get(reverse("nominations:round_create")).context["form"]
    adhoc = client.get(reverse("nominations:round_create") + "?kind=adhoc").context["form"]
    assert (annual.initial["quota_collectives"], annual.initial["quota_individuals"]) == (5, 10)
    assert (adhoc.initial["quota_collectives"], adhoc.initial["quota_individuals"]) == (None, None)
    assert len(annual.initial["award_forms"]) == 2


def test_create_round_bad_deadlines_show_beside_the_field(client_for, vhxh_officer):
    campaign = CampaignFactory(code="cchc-2026-2030")
    response = client_for(vhxh_officer).post(
        reverse("nominations:round_create"), _post_data(campaign, review_by="2026-12-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["review_by"] == [
        "The office's review date (01/12/2026) is before the units' deadline (15/12/2026)."
    ]
    assert not Round.objects.exists()


def test_edit_round_by_form(client_for, vhxh_officer):
    round = RoundFactory()
    data = _post_data(round.campaign, title="Khen thưởng năm 2026 (sửa)")
    client_for(vhxh_officer).post(reverse("nominations:round_edit", args=[round.pk]), data)
    round.refresh_from_db()
    assert round.title == "Khen thưởng năm 2026 (sửa)"


def test_move_round_by_button(client_for, vhxh_officer):
    round = _round()
    client = client_for(vhxh_officer)
    client.post(
        reverse("nominations:round_move", args=[round.pk]),
        {"to": "closed", "reason": "Hết hạn", "confirm": "1"},
    )
    round.refresh_from_db()
    assert round.state == "closed"
    response = client.post(
        reverse("nominations:round_move", args=[round.pk]), {"to": "archived", "confirm": "1"}, follow=True
    )
    round.refresh_from_db()
    assert round.state == "closed"
    assert "cannot become" in response.content.decode()


def test_create_a_year_end_review_by_form(client_for, vhxh_officer):
    campaign = CampaignFactory(code="cchc-2026-2030")
    client = client_for(vhxh_officer)
    fields = {
        "kind": "yearend",
        "title": "Bình xét thi đua cuối năm 2026",
        "quota_collectives": "",
        "quota_individuals": "",
    }
    refused = client.post(reverse("nominations:round_create"), _post_data(campaign, award_forms=[], **fields))
    assert refused.status_code == 200
    assert refused.context["form"].errors["campaign"] == [
        "The year-end review covers the commune's whole year, not one campaign: leave the campaign empty."
    ]
    response = client.post(
        reverse("nominations:round_create"),
        {**_post_data(campaign, award_forms=[], **fields), "campaign": ""},
    )
    round = Round.objects.get()
    assert response["Location"] == round.get_absolute_url()
    assert (round.is_year_end, round.campaign, round.quota_collectives, round.quota_individuals) == (
        True,
        None,
        None,
        None,
    )
    assert sorted(round.award_forms.values_list("code", flat=True)) == [
        "chien-si-thi-dua-co-so",
        "lao-dong-tien-tien",
        "tap-the-lao-dong-tien-tien",
        "tap-the-lao-dong-xuat-sac",
        "thon-van-hoa",
    ]
