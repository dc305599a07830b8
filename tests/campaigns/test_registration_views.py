"""Registration screens: a unit registers and submits, the office reviews and follows up."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignYear, Registration, RegistrationCommitment, RegistrationState
from campaigns.services import campaign as campaign_services
from tests.factories import UnitFactory
from tests.factories.campaigns import CommitmentFactory, IndicatorFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def edit_url(campaign, year=2026):
    return reverse("campaigns:registration_edit", args=[campaign.pk, year])


def list_url(**params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('campaigns:registration_list')}?{query}"


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --------------------------------------------------------------------------- the unit's side


def test_entry_form_lists_every_indicator_with_its_target_and_marks_the_reported_ones(
    client_for, unit_staff, campaign, online_kpi
):
    other = IndicatorFactory(campaign=campaign, name="Tỷ lệ thanh toán trực tuyến", order=2)
    response = client_for(unit_staff).get(edit_url(campaign))
    rows = [(i.name, target, reported) for i, target, reported, _field in response.context["form"].rows()]
    assert rows == [
        ("Tỷ lệ sử dụng dịch vụ công trực tuyến", Decimal("60"), True),
        ("Tỷ lệ thanh toán trực tuyến", None, False),
    ]
    assert other.pk in [i.pk for i in response.context["form"].indicators]


def test_unit_saves_a_draft_then_submits_it(client_for, unit_staff, campaign, online_kpi, own_unit):
    client = client_for(unit_staff)
    response = client.post(
        edit_url(campaign), {f"level_{online_kpi.pk}": "82.5", "pledges": "Không để hồ sơ trễ hạn"}
    )
    registration = Registration.objects.get()
    assert response["Location"] == registration.get_absolute_url()
    assert (registration.unit, registration.state, registration.pledges) == (
        own_unit,
        "draft",
        "Không để hồ sơ trễ hạn",
    )
    assert list(registration.commitments.values_list("level", flat=True)) == [Decimal("82.50")]
    submit = reverse("campaigns:registration_submit", args=[registration.pk])
    asked = client.post(submit)
    page = asked.content.decode()
    assert 'id="confirmation-title"' in page
    assert "the unit can no longer change it unless the office returns it" in page
    assert Registration.objects.get().state == "draft"  # nothing is sent before it is confirmed
    assert "The registration was saved as a draft" in page  # the save's message, shown there
    response = client.post(submit, {"confirmed": "1"}, follow=True)
    assert messages_of(response) == [
        "The registration of Trung tâm Phục vụ hành chính công for 2026 was submitted to the office.",
    ]
    assert Registration.objects.get().state == "submitted"
    assert response.context["can_edit"] is False


@pytest.mark.parametrize(
    ("level", "message"),
    [
        ("-2", "The committed level for “Tỷ lệ sử dụng dịch vụ công trực tuyến” cannot be negative (-2)."),
        (
            "150",
            "The committed level for “Tỷ lệ sử dụng dịch vụ công trực tuyến” is a percentage and cannot exceed 100 (150).",
        ),
        (
            "nhiều",
            "“nhiều” is not a number. Write it the Vietnamese way: 1.234 for a thousand two hundred and thirty-four, 72,75 for seventy-two point seventy-five.",
        ),
    ],
)
def test_entry_form_refuses_a_bad_level_and_saves_nothing(
    client_for, unit_staff, campaign, online_kpi, level, message
):
    response = client_for(unit_staff).post(
        edit_url(campaign), {f"level_{online_kpi.pk}": level, "pledges": "Cam kết"}
    )
    assert response.status_code == 200
    assert dict(response.context["form"].errors) == {f"level_{online_kpi.pk}": [message]}
    assert not Registration.objects.exists()


def test_submitting_an_empty_registration_shows_why(client_for, unit_staff, campaign, own_unit):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, pledges="")
    response = client_for(unit_staff).post(
        reverse("campaigns:registration_submit", args=[registration.pk]), {"confirmed": "1"}, follow=True
    )
    assert messages_of(response) == [
        "Commit to at least one indicator or write a pledge before submitting the registration."
    ]
    assert Registration.objects.get().state == "draft"


def test_a_submitted_registration_cannot_be_edited(client_for, unit_staff, campaign, online_kpi, own_unit):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    client = client_for(unit_staff)
    response = client.get(edit_url(campaign))
    assert response["Location"] == registration.get_absolute_url()
    response = client.post(edit_url(campaign), {f"level_{online_kpi.pk}": "90", "pledges": "Sửa"})
    assert dict(response.context["form"].errors) == {
        "__all__": [
            "The registration of Trung tâm Phục vụ hành chính công for 2026 is “Submitted” and can no longer be changed."
        ]
    }
    assert not RegistrationCommitment.objects.exists()


def test_unit_staff_cannot_register_for_another_unit(client_for, unit_staff, campaign, other_unit):
    client = client_for(unit_staff)
    assert client.get(f"{edit_url(campaign)}?unit={other_unit.pk}").status_code == 403
    assert client.post(f"{edit_url(campaign)}?unit={other_unit.pk}", {"pledges": "X"}).status_code == 403
    assert not Registration.objects.exists()


def test_the_unit_sees_the_return_reason_and_the_history(
    client_for, unit_head, vhxh_officer, campaign, own_unit
):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    client_for(vhxh_officer).post(
        reverse("campaigns:registration_return", args=[registration.pk]), {"reason": "Bổ sung cam kết số hóa"}
    )
    client = client_for(unit_head)
    detail = client.get(registration.get_absolute_url())
    html = detail.content.decode()
    assert "The office returned this registration for revision." in html
    assert "Bổ sung cam kết số hóa" in html
    assert [(t.from_state, t.to_state, t.reason) for t in detail.context["transitions"]] == [
        ("submitted", "returned", "Bổ sung cam kết số hóa")
    ]
    assert detail.context["can_edit"] is True
    listing = client.get(list_url(campaign=campaign.pk))
    assert [(r.period.year, r.state) for r in listing.context["unit_rows"]][:2] == [
        (2026, "returned"),
        (2027, "none"),
    ]
    assert "Bổ sung cam kết số hóa" in listing.content.decode()
    edit = client.get(edit_url(campaign))
    assert "Bổ sung cam kết số hóa" in edit.content.decode()


def test_the_unit_list_shows_only_its_own_registrations(
    client_for, other_staff, campaign, own_unit, other_unit
):
    RegistrationFactory(campaign=campaign, unit=own_unit, accepted=True)
    RegistrationFactory(campaign=campaign, unit=other_unit, year=2027)
    response = client_for(other_staff).get(reverse("campaigns:registration_list"))
    assert response.context["office"] is False
    assert [(r.period.year, r.state) for r in response.context["unit_rows"]] == [
        (2026, "none"),
        (2027, "draft"),
        (2028, "none"),
        (2029, "none"),
        (2030, "none"),
    ]


@pytest.mark.parametrize("years", [1, 10])
def test_unit_list_query_count_does_not_grow(
    client_for, unit_staff, own_unit, campaign, years, django_assert_max_num_queries
):

    campaign_services.update_campaign(campaign, actor=None, end_year=2025 + years, midterm_year=None)
    for year in range(2026, 2026 + years):
        CommitmentFactory(registration=RegistrationFactory(campaign=campaign, unit=own_unit, year=year))
    client = client_for(unit_staff)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("campaigns:registration_list")).status_code == 200


# --------------------------------------------------------------------------- the office's side


def test_office_accepts_a_submitted_registration(client_for, vhxh_officer, campaign, own_unit):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    client = client_for(vhxh_officer)
    assert client.get(registration.get_absolute_url()).context["can_review"] is True
    response = client.post(reverse("campaigns:registration_accept", args=[registration.pk]), follow=True)
    assert messages_of(response) == [
        "The registration of Trung tâm Phục vụ hành chính công for 2026 was accepted."
    ]
    assert Registration.objects.get().state == "accepted"


def test_returning_without_a_reason_is_refused(client_for, vhxh_officer, campaign, own_unit):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    response = client_for(vhxh_officer).post(
        reverse("campaigns:registration_return", args=[registration.pk]), {"reason": "  "}, follow=True
    )
    assert messages_of(response) == ["Say why the registration is returned."]
    assert Registration.objects.get().state == "submitted"


def test_accepting_a_draft_is_refused(client_for, vhxh_officer, campaign, own_unit):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit)
    response = client_for(vhxh_officer).post(
        reverse("campaigns:registration_accept", args=[registration.pk]), follow=True
    )
    assert messages_of(response) == ["A registration that is “Draft” cannot become “Accepted”."]
    assert Registration.objects.get().state == "draft"


def test_the_chairman_reads_but_does_not_review(client_for, chairman, campaign, own_unit):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    assert client_for(chairman).get(registration.get_absolute_url()).context["can_review"] is False


def test_office_registers_on_behalf_of_a_unit(client_for, vhxh_officer, campaign, online_kpi, other_unit):
    url = f"{edit_url(campaign)}?unit={other_unit.pk}"
    client = client_for(vhxh_officer)
    assert client.get(url).context["for_other_unit"] is True
    client.post(edit_url(campaign), {"unit": other_unit.pk, f"level_{online_kpi.pk}": "75", "pledges": ""})
    assert Registration.objects.values_list("unit__name", "state").get() == ("Phòng Kinh tế", "draft")


@pytest.fixture
def year_of_registrations(campaign, own_unit, other_unit, unit_staff):
    """The deadline passed ten days ago. Own unit submitted the day before it, Phòng Kinh
    tế and the office's own unit have not registered, Hội Nông dân xã still drafts."""
    deadline = timezone.localdate() - datetime.timedelta(days=10)
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(registration_deadline=deadline)
    submitted = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    submitted.transitions.create(actor=unit_staff, from_state="draft", to_state="submitted")
    on_time = timezone.make_aware(
        datetime.datetime.combine(deadline - datetime.timedelta(days=1), datetime.time(10))
    )
    submitted.transitions.update(at=on_time)
    RegistrationFactory(campaign=campaign, unit=UnitFactory(name="Hội Nông dân xã"))
    return campaign


def test_office_list_shows_every_unit_including_those_not_registered(
    client_for, vhxh_officer, year_of_registrations
):
    response = client_for(vhxh_officer).get(list_url(campaign=year_of_registrations.pk, year=2026))
    assert response.context["office"] is True
    rows = [(row.unit.name, row.state) for row in response.context["rows"]]
    assert rows == [
        ("Hội Nông dân xã", "draft"),
        ("Phòng Kinh tế", "none"),
        ("Phòng Văn hóa – Xã hội", "none"),
        ("Trung tâm Phục vụ hành chính công", "submitted"),
    ]
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert counts == {"none": 2, "draft": 1, "submitted": 1, "returned": 0, "accepted": 0}
    assert "Not registered" in response.content.decode()


@pytest.mark.parametrize(
    ("state", "names"),
    [
        ("none", ["Phòng Kinh tế", "Phòng Văn hóa – Xã hội"]),
        ("submitted", ["Trung tâm Phục vụ hành chính công"]),
        ("accepted", []),
    ],
)
def test_office_list_filters_by_state(client_for, vhxh_officer, year_of_registrations, state, names):
    response = client_for(vhxh_officer).get(
        list_url(campaign=year_of_registrations.pk, year=2026, state=state)
    )
    assert [row.unit.name for row in response.context["rows"]] == names


def test_office_list_marks_late_units_after_the_deadline(client_for, vhxh_officer, year_of_registrations):
    response = client_for(vhxh_officer).get(list_url(campaign=year_of_registrations.pk, year=2026, late="on"))
    assert [row.unit.name for row in response.context["rows"]] == [
        "Hội Nông dân xã",
        "Phòng Kinh tế",
        "Phòng Văn hóa – Xã hội",
    ]
    assert response.context["late_count"] == 3


def test_office_list_falls_back_to_a_year_of_the_campaign(client_for, vhxh_officer, campaign):
    response = client_for(vhxh_officer).get(list_url(campaign=campaign.pk, year=2040))
    assert campaign.start_year <= response.context["year"] <= campaign.end_year


def test_list_without_any_campaign_says_so(client_for, vhxh_officer):
    response = client_for(vhxh_officer).get(reverse("campaigns:registration_list"))
    assert response.context["campaign"] is None
    assert "No campaign yet." in response.content.decode()


@pytest.mark.parametrize("units", [1, 40])
def test_office_list_query_count_does_not_grow(
    client_for, vhxh_officer, campaign, online_kpi, units, django_assert_max_num_queries
):
    for n in range(units):
        unit = UnitFactory()
        UnitFactory()  # and one that has not registered
        registration = RegistrationFactory(
            campaign=campaign, unit=unit, state=list(RegistrationState.values)[n % 4]
        )
        CommitmentFactory(registration=registration, indicator=online_kpi)
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(10):
        response = client.get(list_url(campaign=campaign.pk, year=2026))
    assert len(response.context["rows"]) == 2 * units + 2
