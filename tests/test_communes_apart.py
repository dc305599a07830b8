"""Two communes on one install: lists, counts, messages and forms of commune A never show,
reach or accept commune B's rows; public pages name the commune a visitor picks (`?xa=`);
number sequences are the issuing commune's own."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from awards.models import AwardSource
from council.forms.sessions import MemberForm
from nominations.models import NominationState, Notification
from nominations.services import notifications
from tests.factories import CadreFactory, CommuneFactory, MembershipFactory, UnitFactory, UserFactory
from tests.factories.decisions import ImportedAwardFactory, issued_decision
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory
from thiduaportal import tenancy
from units.models import Cadre

B_UNIT = "Phòng Riêng Của Xã Bình Minh"
B_PERSON = "Hoàng Thị Bình Minh"
B_ROUND = "Khen thưởng riêng xã Bình Minh 2026"


@pytest.fixture
def annual_round(db):
    return RoundFactory()


@pytest.fixture
def own_proposal(annual_round, own_unit):
    return ProposalFactory(round=annual_round, unit=own_unit)


@pytest.fixture
def commune_a(commune):
    commune.code = "an-binh"
    commune.save()
    return commune


@pytest.fixture
def commune_b(commune_a):
    return CommuneFactory(
        code="binh-minh",
        name="xã Bình Minh",
        place_name="Bình Minh",
        authority_name="ỦY BAN NHÂN DÂN XÃ BÌNH MINH",
    )


@pytest.fixture
def b(commune_b):
    """Commune B's unit, person, office officer and an open round with a submitted dossier."""
    with tenancy.within(commune_b):
        unit = UnitFactory(name=B_UNIT)
        person = CadreFactory(unit=unit, full_name=B_PERSON)
        officer = UserFactory(username="officer-b", email="officer-b@binhminh.example.vn")
        MembershipFactory(user=officer, unit=unit, role="vhxh")
        staff = UserFactory(username="staff-b", email="staff-b@binhminh.example.vn")
        MembershipFactory(user=staff, unit=unit, role="unit_staff")
        round_ = RoundFactory(title=B_ROUND)
        nomination = NominationFactory(
            proposal=ProposalFactory(round=round_, unit=unit), subject_cadre=person, submitted=True
        )
    return {
        "unit": unit,
        "person": person,
        "officer": officer,
        "staff": staff,
        "round": round_,
        "nomination": nomination,
    }


@pytest.mark.parametrize(
    "name",
    [
        "units:unit_list",
        "units:cadre_list",
        "nominations:round_list",
        "nominations:review_queue",
        "units:transfer_list",
        "home",
    ],
)
def test_commune_as_lists_never_show_commune_bs_rows(client_for, vhxh_officer, own_cadre, b, name):
    page = client_for(vhxh_officer).get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    for foreign in (B_UNIT, B_PERSON, B_ROUND):
        assert foreign not in html, f"{name} shows {foreign}"


def test_the_people_list_counts_commune_as_people_only(client_for, vhxh_officer, own_cadre, other_cadre, b):
    page = client_for(vhxh_officer).get(reverse("units:cadre_list"))
    assert sorted(c.full_name for c in page.context["page_obj"]) == sorted(
        [own_cadre.full_name, other_cadre.full_name]
    )
    assert page.context["paginator"].count == 2


def test_a_dossier_of_commune_a_reaches_commune_as_office_only(own_proposal, own_cadre, vhxh_officer, b):
    nomination = NominationFactory(proposal=own_proposal, subject_cadre=own_cadre, submitted=True)
    with tenancy.within(nomination.commune_id):
        sent = notifications.notify_transition(
            nomination, to_state=NominationState.SUBMITTED, reason="", actor=vhxh_officer
        )
    assert [n.recipient for n in sent] == [vhxh_officer]
    assert b["officer"] not in {n.recipient for n in Notification.objects.all()}


def test_deadline_reminders_reach_each_rounds_own_commune(annual_round, unit_staff, vhxh_officer, b):
    with tenancy.within(b["round"].commune_id):
        b["round"].state, b["round"].submit_by = annual_round.state, annual_round.submit_by
        b["round"].save()
        # B's unit has not submitted yet either: it is due a reminder of its own round.
        type(b["nomination"]).objects.filter(pk=b["nomination"].pk).update(state=NominationState.DRAFT)
    # Run by the beat: outside any commune's scope.
    notifications.send_deadline_reminders(today=annual_round.submit_by - datetime.timedelta(days=7))
    topic_a = f"reminder:{annual_round.pk}:7"
    topic_b = f"reminder:{b['round'].pk}:7"
    recipients = {topic: set() for topic in (topic_a, topic_b)}
    for topic, username in Notification.objects.filter(topic__in=recipients).values_list(
        "topic", "recipient__username"
    ):
        recipients[topic].add(username)
    assert "staff-b" not in recipients[topic_a]
    assert recipients[topic_b] == {"staff-b"}
    assert "staff" in recipients[topic_a]


def test_a_council_seat_cannot_name_another_communes_account(vhxh_officer, b):
    with tenancy.within(vhxh_officer.commune_id):
        form = MemberForm(
            data={"user": b["officer"].pk, "role": "member", "joined_on": "2026-01-05"},
        )
        assert not form.is_valid()
    assert form.errors["user"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]


def test_a_person_cannot_be_added_to_another_communes_unit(client, vhxh_officer, b):
    client.force_login(vhxh_officer)
    before = Cadre.objects.count()
    response = client.post(
        reverse("units:cadre_create"),
        {
            "full_name": "Người Xã Khác",
            "sex": "male",
            "date_of_birth": "1990-01-01",
            "category": "cong_chuc",
            "unit": b["unit"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert Cadre.objects.count() == before


def _award(unit, name, commune):
    with tenancy.within(commune):
        ImportedAwardFactory(
            cadre=CadreFactory(unit=unit, full_name=name), year=2025, source=AwardSource.PORTAL
        )


def test_each_communes_honour_board_shows_its_own_awards(commune_a, own_unit, b):
    _award(own_unit, "Phạm Thị Lan An Bình", commune_a)
    _award(b["unit"], "Trịnh Văn Bình Minh", b["unit"].commune)
    board = reverse("awards:honour_board")
    page_a = Client().get(board, {"xa": "an-binh"}).content.decode()
    page_b = Client().get(board, {"xa": "binh-minh"}).content.decode()
    assert "Phạm Thị Lan An Bình" in page_a
    assert "Trịnh Văn Bình Minh" not in page_a
    assert "Trịnh Văn Bình Minh" in page_b
    assert "Phạm Thị Lan An Bình" not in page_b
    assert commune_a.name in page_a
    assert "xã Bình Minh" in page_b
    # The choice is kept: the next visit without `?xa=` reads the same commune.
    visitor = Client()
    visitor.get(board, {"xa": "binh-minh"})
    assert "Trịnh Văn Bình Minh" in visitor.get(board).content.decode()
    # Without a choice, the install's first commune.
    assert "Phạm Thị Lan An Bình" in Client().get(board).content.decode()


def test_each_communes_first_decision_of_the_year_is_number_one(commune_a, chairman, b):
    first_a = issued_decision(chairman, issued_on=datetime.date(2026, 3, 2))
    with tenancy.within(b["unit"].commune):
        first_b = issued_decision(b["officer"], issued_on=datetime.date(2026, 3, 3))
    second_a = issued_decision(chairman, issued_on=datetime.date(2026, 4, 1))
    assert first_a.commune_id != first_b.commune_id
    assert [d.number_text for d in (first_a, first_b, second_a)] == ["01/QĐ-UBND", "01/QĐ-UBND", "02/QĐ-UBND"]
    # The golden book's numbers run per commune too.
    assert first_b.awards.order_by("position").values_list("book_number", flat=True)[0] == "1"
    assert first_a.awards.order_by("position").values_list("book_number", flat=True)[0] == "1"
