"""A round's move is confirmed on a page that says what it means; closing before the
published deadline tells every unit, and the real closing day is the one units are told."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.models import NominationState, Notification, RoundState
from nominations.services import NominationError, proposals
from nominations.services import rounds as services
from tests.factories import UnitFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory
from tests.factories.units import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _open_round(**kwargs):
    return RoundFactory(
        submit_by=TODAY + datetime.timedelta(days=20), review_by=None, council_on=None, **kwargs
    )


def _d(day):
    return day.strftime("%d/%m/%Y")


def test_move_button_shows_the_consequences_and_changes_nothing(client_for, vhxh_officer, unit_staff):
    round = _open_round()
    proposal = ProposalFactory(round=round, unit=unit_staff.unit)
    NominationFactory(proposal=proposal)
    response = client_for(vhxh_officer).post(
        reverse("nominations:round_move", args=[round.pk]), {"to": "closed"}
    )
    round.refresh_from_db()
    assert round.state == RoundState.OPEN
    assert response.templates[0].name == "nominations/rounds/move_confirm.html"
    assert response.context["consequences"] == [
        "Units can no longer submit proposals.",
        f"The published deadline is {_d(round.submit_by)}, 20 days from now. Every unit is told "
        f"that the round closes today, {_d(TODAY)}.",
        f"{unit_staff.unit.name}: 1 nomination in draft can no longer be submitted.",
    ]
    assert 'name="confirm" value="1"' in response.content.decode()


def test_consequences_of_review_and_council_list_unsettled_dossiers(unit_staff):
    round = _open_round(state=RoundState.CLOSED)
    proposal = ProposalFactory(round=round, unit=unit_staff.unit)
    NominationFactory(proposal=proposal, submitted=True)
    NominationFactory(proposal=proposal, state=NominationState.RETURNED, version=1)
    NominationFactory(proposal=proposal, accepted=True)
    name = unit_staff.unit.name
    assert services.move_consequences(round, RoundState.REVIEW) == [
        "The round's settings can no longer change, and it cannot be opened again.",
        f"{name}: 1 dossier submitted and not yet reviewed.",
        f"{name}: 1 dossier returned for revision and not yet submitted again.",
    ]
    assert services.move_consequences(round, RoundState.COUNCIL)[:2] == [
        "The shortlist goes to the council; the office no longer reviews this round.",
        "1 accepted nomination is not shortlisted and does not go to the council.",
    ]


def test_closing_early_tells_every_unit_and_names_the_real_day(vhxh_officer, unit_staff):
    round = _open_round()
    other = UnitFactory(name="Phòng Kinh tế")
    MembershipFactory(user=UserFactory(username="kt"), unit=other, role="unit_staff")
    draft = NominationFactory(proposal=ProposalFactory(round=round, unit=unit_staff.unit))
    services.close_round(round, actor=vhxh_officer)
    messages = {n.recipient.username: n for n in Notification.objects.filter(round=round)}
    assert set(messages) == {unit_staff.username, "kt"}
    mine = messages[unit_staff.username]
    assert mine.subject == (
        f'[Thi đua – Khen thưởng] Đợt xét "{round}" đã dừng nhận đề nghị từ ngày {_d(TODAY)}'
    )
    assert f"trước thời hạn đã thông báo (hết ngày {_d(round.submit_by)})" in mine.body
    assert "còn 1 đề nghị ở dạng bản nháp; các bản nháp này không còn gửi được" in mine.body
    assert "bản nháp" not in messages["kt"].body
    assert services.closed_on(round) == TODAY
    with pytest.raises(NominationError) as refused:
        proposals.update_nomination(draft, actor=unit_staff, summary="Thành tích mới")
    assert f"stopped accepting proposals on {_d(TODAY)}." in str(refused.value)


def test_closing_after_the_deadline_tells_no_one(vhxh_officer, unit_staff):
    round = RoundFactory(submit_by=TODAY - datetime.timedelta(days=1))
    services.close_round(round, actor=vhxh_officer)
    assert not Notification.objects.exists()
    assert services.closed_on(round) == round.submit_by


def test_round_page_links_its_documents_and_shows_places_in_use(client_for, vhxh_officer, unit_staff):
    round = _open_round(state=RoundState.REVIEW)
    proposal = ProposalFactory(round=round, unit=unit_staff.unit)
    NominationFactory(proposal=proposal, state=NominationState.SHORTLISTED, version=1)
    NominationFactory(proposal=proposal, collective=True, state=NominationState.SHORTLISTED, version=1)
    NominationFactory(proposal=proposal, accepted=True)
    html = client_for(vhxh_officer).get(round.get_absolute_url()).content.decode()
    assert reverse("nominations:round_list_xlsx", args=[round.pk]) in html
    assert reverse("nominations:round_office_letter_pdf", args=[round.pk]) in html
    assert "1/5 collectives" in html
    assert "1/10 individuals" in html
    queue = client_for(vhxh_officer).get(reverse("nominations:review_queue")).content.decode()
    assert f"Places in use, {round.title}:" in queue
    assert "1/5 collectives" in queue
    # A unit sees the list of its own nominations, not the office's letter.
    unit_html = client_for(unit_staff).get(round.get_absolute_url()).content.decode()
    assert reverse("nominations:round_list_xlsx", args=[round.pk]) in unit_html
    assert reverse("nominations:round_office_letter_pdf", args=[round.pk]) not in unit_html


def test_stranded_drafts_are_marked_on_the_proposal_and_the_home_page(client_for, vhxh_officer, unit_staff):
    round = _open_round()
    proposal = ProposalFactory(round=round, unit=unit_staff.unit)
    NominationFactory(proposal=proposal)
    services.close_round(round, actor=vhxh_officer)
    page = client_for(unit_staff).get(proposal.get_absolute_url()).content.decode()
    assert f"Can no longer be submitted: the round closed on {_d(TODAY)}." in page
    assert f"No longer accepting proposals since {_d(TODAY)}" in page
    home = client_for(unit_staff).get("/").content.decode()
    assert f"Drafts that can no longer be submitted (the round is closed): {round.title}" in home
    assert "Nominations still in draft" in home  # the panel's own line counts none left


def test_review_page_warns_of_missing_paper_and_shows_places_before_shortlisting(
    client_for, vhxh_officer, unit_staff
):
    round = _open_round(state=RoundState.REVIEW)
    proposal = ProposalFactory(round=round, unit=unit_staff.unit)
    accepted = NominationFactory(proposal=proposal, accepted=True)
    NominationFactory(proposal=proposal, state=NominationState.SHORTLISTED, version=1)
    html = (
        client_for(vhxh_officer)
        .get(reverse("nominations:nomination_review", args=[accepted.pk]))
        .content.decode()
    )
    assert 'id="wf-shortlist-quota"' in html
    assert "1/10 individuals" in html
    assert "Paper originals received: 0 of " in html
    assert 'aria-label="Breadcrumb"' in html
