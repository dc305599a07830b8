"""Initiative screens: search list, forms with uploads, private evidence, the outcome."""

import datetime
from urllib.parse import quote

import pytest
from django.urls import reverse

from campaigns.models import Initiative, InitiativeEvidence, InitiativeState
from campaigns.services import initiatives as services
from tests.campaigns.test_initiatives_services import BAD_IDS, BAD_UPLOADS, CONTENT, stored_files, upload
from tests.factories import UnitFactory
from tests.factories.campaigns import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 1000


def form_data(**changes):
    return {
        "kind": "solution",
        "title": "Số hóa hồ sơ ngay khi tiếp nhận",
        "description": "Quét và ký số tại quầy.",
        "applied_where": "Bộ phận Một cửa",
        "applied_since": "2026-03-02",
        **changes,
    }


# --------------------------------------------------------------------------- the list


def test_search_ignores_diacritics_and_case(client_for, vhxh_officer, own_unit):
    wanted = InitiativeFactory(owner_unit=own_unit, title="Số hóa hồ sơ tại Bộ phận Một cửa")
    InitiativeFactory(owner_unit=own_unit, title="Thu phí bằng mã QR")
    response = client_for(vhxh_officer).get(reverse("campaigns:initiative_list"), {"q": "SO HOA  mot cua"})
    assert list(response.context["object_list"]) == [wanted]


def test_filters_by_state_year_of_recognition_and_unit(client_for, vhxh_officer, own_unit, other_unit):
    this_year = InitiativeFactory(owner_unit=own_unit, recognised=True)
    InitiativeFactory(owner_unit=own_unit, recognised=True, decision_date=datetime.date(2025, 5, 1))
    shared = InitiativeFactory(owner_unit=other_unit)
    shared.units.add(own_unit)
    client = client_for(vhxh_officer)
    url = reverse("campaigns:initiative_list")
    assert list(client.get(url, {"year": 2026}).context["object_list"]) == [this_year]
    assert list(client.get(url, {"state": "proposed"}).context["object_list"]) == [shared]
    assert set(client.get(url, {"unit": own_unit.pk}).context["object_list"]) == set(Initiative.objects.all())
    assert list(client.get(url, {"unit": other_unit.pk}).context["object_list"]) == [shared]


def test_unit_sees_and_opens_its_own_and_shared_initiatives_only(
    client_for, unit_staff, own_unit, other_unit
):
    own = InitiativeFactory(owner_unit=own_unit, title="Của mình")
    shared = InitiativeFactory(owner_unit=other_unit, title="Chung")
    shared.units.add(own_unit)
    foreign = InitiativeFactory(owner_unit=other_unit, title="Của đơn vị khác")
    client = client_for(unit_staff)
    response = client.get(reverse("campaigns:initiative_list"))
    assert [i.title for i in response.context["object_list"]] == ["Chung", "Của mình"]
    html = response.content.decode()
    assert own.get_absolute_url() in html
    assert shared.get_absolute_url() in html
    assert client.get(shared.get_absolute_url()).status_code == 200
    assert client.get(foreign.get_absolute_url()).status_code == 403


def test_list_is_paginated(client_for, vhxh_officer, own_unit):
    for _ in range(26):
        InitiativeFactory(owner_unit=own_unit)
    response = client_for(vhxh_officer).get(reverse("campaigns:initiative_list"), {"page": 2})
    assert (response.context["paginator"].count, len(response.context["object_list"])) == (26, 1)


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(("persona", "limit"), [("vhxh_officer", 8), ("unit_staff", 12)])
def test_list_query_count_does_not_grow(
    request, client, own_unit, own_cadre, rows, persona, limit, django_assert_max_num_queries
):
    for i in range(rows):
        initiative = InitiativeFactory(owner_unit=own_unit if i % 2 else UnitFactory(), authors=[own_cadre])
        initiative.units.add(own_unit)
    client.force_login(request.getfixturevalue(persona))
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("campaigns:initiative_list"), {"q": "so hoa"})
    assert response.context["paginator"].count == rows


# --------------------------------------------------------------------------- proposing


def test_unit_proposes_with_files_in_its_own_name(client_for, unit_staff, own_unit, own_cadre):
    data = form_data(
        authors=[own_cadre.pk], units=[own_unit.pk], files=[upload("quyết định.pdf"), upload("anh.png")]
    )
    response = client_for(unit_staff).post(reverse("campaigns:initiative_create"), data)
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert (initiative.owner_unit, initiative.created_by) == (own_unit, unit_staff)
    assert list(initiative.evidence.values_list("original_name", flat=True)) == ["quyết định.pdf", "anh.png"]


def test_unit_form_offers_only_its_own_people(client_for, unit_staff, own_cadre, other_cadre):
    form = client_for(unit_staff).get(reverse("campaigns:initiative_create")).context["form"]
    assert "owner_unit" not in form.fields
    assert list(form.fields["authors"].queryset) == [own_cadre]
    response = client_for(unit_staff).post(
        reverse("campaigns:initiative_create"), form_data(authors=[other_cadre.pk])
    )
    assert "authors" in response.context["form"].errors
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS, ids=BAD_IDS)
def test_a_rejected_upload_is_named_and_nothing_is_saved(
    client_for, unit_staff, tmp_path, name, content, message
):
    response = client_for(unit_staff).post(
        reverse("campaigns:initiative_create"), form_data(files=[upload("tot.pdf"), upload(name, content)])
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"files": [message]}
    assert not Initiative.objects.exists()
    assert stored_files(tmp_path) == []


def test_edit_with_a_rejected_upload_changes_nothing(client_for, unit_staff, own_unit, tmp_path):
    initiative = InitiativeFactory(owner_unit=own_unit, title="Tên cũ")
    response = client_for(unit_staff).post(
        reverse("campaigns:initiative_edit", args=[initiative.pk]),
        form_data(title="Tên mới", files=[upload("ke-hoach.pdf", b"MZ\x90\x00")]),
    )
    assert response.context["form"].errors == {
        "files": ["“ke-hoach.pdf” is not a real PDF file: its content does not match its name."]
    }
    initiative.refresh_from_db()
    assert initiative.title == "Tên cũ"
    assert stored_files(tmp_path) == []


def test_edit_form_starts_from_the_initiative(client_for, unit_staff, own_unit, own_cadre):
    initiative = InitiativeFactory(owner_unit=own_unit, title="Tên cũ", authors=[own_cadre])
    form = (
        client_for(unit_staff).get(reverse("campaigns:initiative_edit", args=[initiative.pk])).context["form"]
    )
    assert (form.initial["title"], form.initial["authors"]) == ("Tên cũ", [own_cadre.pk])


def test_evidence_upload_page_refuses_a_bad_file_and_keeps_a_good_one(client_for, unit_staff, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit)
    client, url = (
        client_for(unit_staff),
        reverse("campaigns:initiative_evidence_upload", args=[initiative.pk]),
    )
    response = client.post(url, {"files": [upload("trong.pdf", b"")]})
    assert response.context["form"].errors == {"files": ["“trong.pdf” is empty."]}
    assert not initiative.evidence.exists()
    response = client.post(url, {"files": [upload("bao-cao.docx"), upload("anh.jpg")]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Uploaded: bao-cao.docx, anh.jpg."]
    assert list(initiative.evidence.values_list("original_name", flat=True)) == ["bao-cao.docx", "anh.jpg"]


# --------------------------------------------------------------------------- evidence download


def evidence_of(initiative, uploader, name="quyết định.pdf"):
    [evidence] = services.add_evidence(initiative, actor=uploader, files=[upload(name)])
    return evidence


def test_evidence_is_streamed_as_an_attachment_with_its_name(client_for, unit_staff, vhxh_officer, own_unit):
    evidence = evidence_of(InitiativeFactory(owner_unit=own_unit), vhxh_officer)
    response = client_for(unit_staff).get(reverse("campaigns:initiative_evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('quyết định.pdf')}"
    assert b"".join(response.streaming_content) == CONTENT["pdf"]


def test_another_units_staff_cannot_see_the_evidence(client_for, other_staff, vhxh_officer, own_unit):
    evidence = evidence_of(InitiativeFactory(owner_unit=own_unit), vhxh_officer)
    assert (
        client_for(other_staff).get(reverse("campaigns:initiative_evidence", args=[evidence.pk])).status_code
        == 403
    )


def test_evidence_has_no_public_url(client, vhxh_officer, own_unit, settings):
    evidence = evidence_of(InitiativeFactory(owner_unit=own_unit), vhxh_officer)
    assert client.get(settings.MEDIA_URL + evidence.file.name).status_code == 404


def test_unit_deletes_evidence_while_proposed(client_for, unit_staff, vhxh_officer, own_unit, tmp_path):
    evidence = evidence_of(InitiativeFactory(owner_unit=own_unit), vhxh_officer)
    response = client_for(unit_staff).post(
        reverse("campaigns:initiative_evidence_delete", args=[evidence.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["“quyết định.pdf” was deleted."]
    assert not InitiativeEvidence.objects.exists()


def test_unit_cannot_delete_evidence_once_recognised(client_for, unit_staff, vhxh_officer, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit)
    evidence = evidence_of(initiative, vhxh_officer)
    services.recognise_initiative(
        initiative, actor=vhxh_officer, council_level="commune", decision_number="12/QĐ-HĐSK",
        decision_date=datetime.date(2026, 9, 15),
    )  # fmt: skip
    response = client_for(unit_staff).post(
        reverse("campaigns:initiative_evidence_delete", args=[evidence.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"“{initiative.title}” is “Recognised”; only the office may change it now."
    ]
    assert InitiativeEvidence.objects.count() == 1


# --------------------------------------------------------------------------- the outcome


def test_office_recognises_and_the_page_shows_the_decision(client_for, vhxh_officer, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit)
    client = client_for(vhxh_officer)
    data = {
        "outcome": "recognise",
        "council_level": "city",
        "decision_number": "215/QĐ-HĐSK",
        "decision_date": "2026-10-05",
    }
    response = client.post(reverse("campaigns:initiative_decide", args=[initiative.pk]), data, follow=True)
    initiative.refresh_from_db()
    assert (initiative.state, initiative.decision_date) == (
        InitiativeState.RECOGNISED,
        datetime.date(2026, 10, 5),
    )
    html = response.content.decode()
    assert "215/QĐ-HĐSK" in html
    assert "05/10/2026" in html
    assert response.context["history"][0]["actor"] == vhxh_officer


def test_refusal_needs_a_reason_shown_beside_the_field(client_for, vhxh_officer, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit)
    url = reverse("campaigns:initiative_decide", args=[initiative.pk])
    response = client_for(vhxh_officer).post(url, {"outcome": "refuse", "reason": ""})
    assert response.context["form"].errors == {"reason": ["Say why the initiative was not recognised."]}
    assert Initiative.objects.get(pk=initiative.pk).state == InitiativeState.PROPOSED


def test_office_reopens_a_refused_one_and_the_history_keeps_who_and_why(client_for, vhxh_officer, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit, refused=True)
    client = client_for(vhxh_officer)
    url = reverse("campaigns:initiative_reopen", args=[initiative.pk])
    response = client.post(url, {"reason": "Đã bổ sung số liệu."}, follow=True)
    assert Initiative.objects.get(pk=initiative.pk).state == InitiativeState.PROPOSED
    [row] = response.context["history"]
    assert (row["actor"], row["from"], row["to"], row["reason"]) == (
        vhxh_officer, "Not recognised", "Awaiting recognition", "Đã bổ sung số liệu."
    )  # fmt: skip
    assert "Đã bổ sung số liệu." in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_detail_query_count_does_not_grow(
    client, vhxh_officer, own_unit, rows, django_assert_max_num_queries
):
    initiative = InitiativeFactory(owner_unit=own_unit)
    for _ in range(rows):
        evidence_of(initiative, vhxh_officer)
    client.force_login(vhxh_officer)
    with django_assert_max_num_queries(10):
        response = client.get(initiative.get_absolute_url())
    assert len(response.context["evidence"]) == rows
