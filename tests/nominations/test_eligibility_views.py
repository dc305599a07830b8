"""Screens of the eligibility topic: the checks on the nomination's pages, and the office's
discipline records (list with search, create, edit)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from nominations.models import DisciplineRecord
from nominations.services.eligibility import record_override
from tests.factories.nominations import DisciplineRecordFactory, NominationFactory
from tests.factories.units import CadreFactory

LIST = reverse("nominations:discipline_list")
CREATE = reverse("nominations:discipline_create")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def disciplined(own_proposal, own_cadre):
    DisciplineRecordFactory(
        cadre=own_cadre,
        measure="Khiển trách",
        decision_number="05/QĐ-UBND",
        start_date=datetime.date(2026, 2, 1),
    )
    return NominationFactory(proposal=own_proposal, subject_cadre=own_cadre, submitted=True)


# --------------------------------------------------------------------------- the checks shown


def test_unit_sees_the_checks_as_warnings_while_drafting(client_for, unit_staff, own_proposal, own_cadre):
    DisciplineRecordFactory(cadre=own_cadre, start_date=datetime.date(2026, 2, 1))
    nomination = NominationFactory(proposal=own_proposal, subject_cadre=own_cadre)
    response = client_for(unit_staff).get(reverse("nominations:nomination_detail", args=[nomination.pk]))
    page = response.content.decode()
    assert [c.code for c in response.context["checks"]] == [
        "initiative",
        "index",
        "unit_rating",
        "person_rating",
        "discipline",
        "same_award",
    ]
    assert "Eligibility checks" in page
    assert "A failed check does not stop the submission" in page
    assert f"A discipline record of {own_cadre.full_name} covers 2026: Khiển trách, from 01/02/2026" in page
    section = page[
        page.index('aria-labelledby="checks-') : page.index(
            "</section>", page.index('aria-labelledby="checks-')
        )
    ]
    assert section.count('class="badge text-bg-danger"') == 2  # initiative and discipline


def test_office_sees_the_override_with_who_and_why(client_for, vhxh_officer, disciplined):
    record_override(
        disciplined, actor=vhxh_officer, code="discipline", justification="Kỷ luật đã được xóa theo quy định."
    )
    response = client_for(vhxh_officer).get(reverse("nominations:nomination_review", args=[disciplined.pk]))
    page = response.content.decode()
    assert "Accepted with a justification" in page
    assert "Kỷ luật đã được xóa theo quy định." in page
    assert f"by {vhxh_officer}," in page
    assert "A failed check does not stop the submission" not in page


# --------------------------------------------------------------------------- discipline list


def _records(count):
    return [DisciplineRecordFactory(cadre=CadreFactory()) for _ in range(count)]


@pytest.mark.parametrize("count", [1, 25])
def test_list_query_count(client_for, vhxh_officer, django_assert_max_num_queries, count):
    _records(count)
    client = client_for(vhxh_officer)
    # session, user, roles, membership, count, page.
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == count


def test_list_searches_names_without_diacritics(client_for, vhxh_officer, own_unit):
    wanted = DisciplineRecordFactory(cadre=CadreFactory(full_name="Đặng Thị Hường", unit=own_unit))
    DisciplineRecordFactory(cadre=CadreFactory(full_name="Trần Văn Nam", unit=own_unit))
    response = client_for(vhxh_officer).get(LIST, {"q": "dang huong"})
    assert list(response.context["object_list"]) == [wanted]
    assert "1 record found" in response.content.decode()


def test_list_filters_by_year(client_for, vhxh_officer):
    old = DisciplineRecordFactory(start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 6, 30))
    current = DisciplineRecordFactory(start_date=datetime.date(2025, 3, 1))
    response = client_for(vhxh_officer).get(LIST, {"year": 2026})
    assert list(response.context["object_list"]) == [current]
    response = client_for(vhxh_officer).get(LIST, {"year": 2024})
    assert list(response.context["object_list"]) == [old]


# --------------------------------------------------------------------------- create and edit


def test_create_by_form(client_for, vhxh_officer, own_cadre):
    response = client_for(vhxh_officer).post(
        CREATE,
        {
            "cadre": own_cadre.pk,
            "measure": "Cảnh cáo",
            "decision_number": "07/QĐ-UBND",
            "start_date": "2026-04-01",
            "end_date": "2027-03-31",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    record = DisciplineRecord.objects.get()
    assert (record.cadre, record.measure, record.decision_number, record.created_by) == (
        own_cadre,
        "Cảnh cáo",
        "07/QĐ-UBND",
        vhxh_officer,
    )
    assert (record.start_date, record.end_date) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cadre": ""}, "cadre", "Choose the person the record concerns."),
        ({"measure": ""}, "measure", "Write the measure, e.g. “Khiển trách”."),
        ({"start_date": ""}, "start_date", "Enter the date the measure starts."),
        (
            {"end_date": "2026-03-31"},
            "end_date",
            "The end date (31/03/2026) is before the start date (01/04/2026).",
        ),
    ],
)
def test_create_refuses_bad_input(client_for, vhxh_officer, own_cadre, changes, field, message):
    data = {"cadre": own_cadre.pk, "measure": "Cảnh cáo", "start_date": "2026-04-01", "end_date": ""}
    response = client_for(vhxh_officer).post(CREATE, {**data, **changes})
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert not DisciplineRecord.objects.exists()


def test_edit_by_form(client_for, vhxh_officer, own_cadre):
    record = DisciplineRecordFactory(cadre=own_cadre, start_date=datetime.date(2026, 1, 5))
    url = reverse("nominations:discipline_edit", args=[record.pk])
    client = client_for(vhxh_officer)
    form = client.get(url).context["form"]
    assert form.initial["measure"] == "Khiển trách"
    data = {
        "cadre": own_cadre.pk,
        "measure": "Khiển trách",
        "start_date": "2026-01-05",
        "end_date": "2026-12-31",
    }
    assert client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert record.end_date == datetime.date(2026, 12, 31)


def test_edit_unknown_record_is_not_found(client_for, vhxh_officer):
    response = client_for(vhxh_officer).get(reverse("nominations:discipline_edit", args=[999]))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["unit_staff", "unit_head", "chairman", "council_member"])
def test_only_the_office_keeps_discipline_records(client_for, request, own_cadre, persona):
    user = request.getfixturevalue(persona)
    data = {"cadre": own_cadre.pk, "measure": "Cảnh cáo", "start_date": "2026-04-01"}
    assert client_for(user).post(CREATE, data).status_code == 403
    assert not DisciplineRecord.objects.exists()
