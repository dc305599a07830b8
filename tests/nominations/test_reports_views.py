"""The report's edit page and the document downloads through the portal."""

import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nominations.models import NominationState
from tests.factories.nominations import NominationFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination(own_proposal, own_cadre):
    return NominationFactory(proposal=own_proposal, subject_cadre=own_cadre)


def _post(nomination, **changes):
    data = {
        "achievements_rows-TOTAL_FORMS": "1",
        "achievements_rows-INITIAL_FORMS": "0",
        "awards_rows-TOTAL_FORMS": "1",
        "awards_rows-INITIAL_FORMS": "0",
        "profile-full_name": nomination.subject_name,
        "profile-date_of_birth": "01/01/1980",
        "profile-unit": "Trung tâm Phục vụ hành chính công",
        "achievements-solutions": "Tiếp nhận hồ sơ ngoài giờ.",
        "achievements_rows-0-indicator": "Tỷ lệ số hóa",
        "achievements_rows-0-plan": "90",
    }
    return {**data, **changes}


def test_edit_page_shows_prefill(client_for, unit_staff, nomination):
    response = client_for(unit_staff).get(reverse("nominations:nomination_report_edit", args=[nomination.pk]))
    assert response.status_code == 200
    assert response.context["form"]["profile-full_name"].value() == "Nguyễn Thị Hưởng"
    assert response.context["missing"] == ["I. Brief curriculum vitae", "II. Achievements"]


def test_edit_page_names_each_table_cell_by_its_column_and_row(client_for, unit_staff, nomination):
    response = client_for(unit_staff).get(reverse("nominations:nomination_report_edit", args=[nomination.pk]))
    page = response.content.decode()
    cells = re.findall(r'<(?:input|textarea)[^>]*id="id_(\w+_rows-\d+-\w+)"[^>]*>', page)
    labelled = re.findall(
        r'<(?:input|textarea)[^>]*aria-label="([^"]*)"[^>]*id="id_(\w+_rows-\d+-\w+)"', page
    )
    labels = {cell: label for label, cell in labelled}
    assert len(cells) == 4 * 2 + 4 * 2  # two empty rows of each table, four columns each
    assert set(labels) == set(cells)
    assert labels["achievements_rows-0-indicator"] == "Indicator, row 1"
    assert labels["achievements_rows-1-plan"] == html.escape("Registered / planned (%), row 2")
    assert labels["awards_rows-1-award"] == "Award, row 2"


def test_edit_saves_report(client_for, unit_staff, nomination):
    url = reverse("nominations:nomination_report_edit", args=[nomination.pk])
    response = client_for(unit_staff).post(url, _post(nomination))
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.report["achievements"]["rows"] == [
        {"indicator": "Tỷ lệ số hóa", "plan": "90", "actual": "", "percent": ""}
    ]


def test_edit_shows_bad_number_beside_the_cell(client_for, unit_staff, nomination):
    url = reverse("nominations:nomination_report_edit", args=[nomination.pk])
    response = client_for(unit_staff).post(url, _post(nomination, **{"achievements_rows-0-plan": "nhiều"}))
    assert response.status_code == 200
    formset = response.context["form"].formsets["achievements"]
    assert formset.forms[0].errors["plan"] == [
        "II. Achievements, row 1, “Registered / planned (%)” must be a number, e.g. 85,5."
    ]
    nomination.refresh_from_db()
    assert nomination.report == {}


def test_submitted_report_is_read_only(client_for, unit_staff, own_proposal):
    submitted = NominationFactory(proposal=own_proposal, state=NominationState.SUBMITTED)
    url = reverse("nominations:nomination_report_edit", args=[submitted.pk])
    client = client_for(unit_staff)
    assert "form" not in client.get(url).context
    assert client.post(url, _post(submitted)).status_code == 302
    submitted.refresh_from_db()
    assert submitted.report == {}


def test_other_units_report_is_forbidden(client_for, other_staff, nomination):
    client = client_for(other_staff)
    assert client.get(reverse("nominations:nomination_report_pdf", args=[nomination.pk])).status_code == 403
    assert client.get(reverse("nominations:nomination_report_edit", args=[nomination.pk])).status_code == 403


def test_report_pdf_download(client_for, vhxh_officer, nomination):
    response = client_for(vhxh_officer).get(
        reverse("nominations:nomination_report_pdf", args=[nomination.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]


@pytest.mark.parametrize("count", [1, 12])
def test_round_list_xlsx_unit_sees_own_rows(
    client_for, unit_staff, vhxh_officer, own_proposal, other_unit, count, django_assert_max_num_queries
):
    for _ in range(count):
        NominationFactory(proposal=own_proposal)
    NominationFactory(proposal=ProposalFactory(round=own_proposal.round, unit=other_unit))
    url = reverse("nominations:round_list_xlsx", args=[own_proposal.round.pk])
    staff = client_for(unit_staff)
    with django_assert_max_num_queries(8):
        response = staff.get(url)
    assert [row[3] for row in _rows(response)] == ["Trung tâm Phục vụ hành chính công"] * count
    assert len(_rows(client_for(vhxh_officer).get(url))) == count + 1


@pytest.mark.parametrize("count", [1, 12])
def test_letter_pdf_queries_do_not_grow(
    client_for, unit_staff, own_proposal, count, django_assert_max_num_queries
):
    for _ in range(count):
        NominationFactory(proposal=own_proposal)
    client, url = client_for(unit_staff), reverse("nominations:proposal_letter_pdf", args=[own_proposal.pk])
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
