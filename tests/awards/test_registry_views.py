"""The registry's pages: the search with its counts and buttons, one award, the export,
and the awards section on people's and units' pages; query counts stay flat."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Award, AwardSource
from tests.awards.test_registry import collective_award, revoking_decision
from tests.factories import CadreFactory
from tests.factories.decisions import ImportedAwardFactory, issued_decision

LIST = reverse("awards:award_list")


@pytest.fixture
def awards(own_cadre, other_cadre, own_unit, vhxh_officer):
    mine = ImportedAwardFactory(cadre=own_cadre, year=2024)
    revoked = ImportedAwardFactory(
        cadre=other_cadre,
        year=2025,
        decision_number="96/QĐ-UBND",
        source=AwardSource.PORTAL,
        revoked_by=revoking_decision(vhxh_officer, number=21),
        revoked_on=datetime.date(2026, 10, 2),
    )
    unit = collective_award(own_unit, year=2025, decision_number="96/QĐ-UBND")
    return {"mine": mine, "revoked": revoked, "unit": unit}


def test_search_page_lists_counts_and_filters(client_for, unit_staff, awards):
    client = client_for(unit_staff)
    response = client.get(LIST, {"q": "nguyen thi huong"})
    assert list(response.context["object_list"]) == [awards["mine"]]
    page = response.content.decode()
    assert "1 award found" in page
    assert awards["mine"].get_absolute_url() in page
    response = client.get(LIST)
    assert response.context["counts"] == {"total": 3, "collectives": 1, "individuals": 2, "revoked": 1}
    assert "revoked: 1" in response.content.decode()
    response = client.get(LIST, {"validity": "revoked", "year": "2025", "page": "1"})
    assert list(response.context["object_list"]) == [awards["revoked"]]
    assert response.context["query"] == "validity=revoked&year=2025"


def test_a_wrong_filter_value_is_ignored_not_an_error(client_for, unit_staff, awards):
    response = client_for(unit_staff).get(LIST, {"year": "abc", "unit": "999999", "q": "khac"})
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [awards["revoked"]]


def test_buttons_by_role(client_for, unit_staff, vhxh_officer, chairman, awards):
    export = reverse("awards:award_export")
    upload = reverse("import_upload", args=["awards"])
    staff_page = client_for(unit_staff).get(LIST).content.decode()
    assert export not in staff_page
    assert upload not in staff_page
    office_page = client_for(vhxh_officer).get(LIST, {"year": "2025"}).content.decode()
    assert f"{export}?year=2025" in office_page
    assert upload in office_page
    chairman_page = client_for(chairman).get(LIST).content.decode()
    assert export in chairman_page
    assert upload not in chairman_page


@pytest.mark.parametrize("count", [1, 60])
def test_list_query_count_does_not_grow(
    client_for, vhxh_officer, own_unit, count, django_assert_max_num_queries
):
    for n in range(count):
        ImportedAwardFactory(cadre=CadreFactory(unit=own_unit), decision_number=f"{n}/QĐ-UBND")
    client = client_for(vhxh_officer)
    # session, user, memberships, commune, inbox badge; the form's units, years and award
    # names; count, counts and the page: 11 at 1 and at 60 awards.
    with django_assert_max_num_queries(11):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == min(count, 50)


def test_detail_shows_the_frozen_facts_and_the_revocation(client_for, unit_staff, awards):
    page = client_for(unit_staff).get(awards["revoked"].get_absolute_url()).content.decode()
    assert "Lê Văn Khác" in page
    assert "96/QĐ-UBND" in page
    assert "Revoked by decision 21/QĐ-UBND of 02/10/2026." in page
    assert "Chủ tịch UBND xã Thượng Phúc" in page
    assert "Số sổ vàng" in page or "57" in page


def test_detail_of_a_valid_imported_award(client_for, unit_staff, awards):
    page = client_for(unit_staff).get(awards["mine"].get_absolute_url()).content.decode()
    assert "Valid" in page
    assert "Revoked by" not in page
    assert "Imported (past award)" in page
    assert f"{LIST}?cadre={awards['mine'].cadre_id}" in page


def test_export_downloads_the_filtered_registry(client_for, chairman, awards):
    response = client_for(chairman).get(reverse("awards:award_export"), {"year": "2025"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "so-khen-thuong.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert [r[3] for r in rows[1:]] == ["Lê Văn Khác", "Trung tâm Phục vụ hành chính công"]
    assert rows[1][12] == "Đã thu hồi"


# --------------------------------------------------------------------------- history sections


def test_a_persons_page_lists_their_awards_newest_first(client_for, vhxh_officer, own_cadre):
    older = ImportedAwardFactory(cadre=own_cadre, year=2023, decision_number="150/QĐ-UBND")
    newer = ImportedAwardFactory(cadre=own_cadre, year=2025, decision_number="96/QĐ-UBND")
    response = client_for(vhxh_officer).get(own_cadre.get_absolute_url())
    page = response.content.decode()
    assert [s.title for s in response.context["sections"]] == ["Awards"]
    assert page.index("96/QĐ-UBND") < page.index("150/QĐ-UBND")
    assert f"{LIST}?cadre={own_cadre.pk}" in page
    assert older.get_absolute_url() in page
    assert newer.get_absolute_url() in page


def test_a_units_page_lists_its_own_awards(client_for, unit_staff, own_unit, own_cadre):
    collective_award(own_unit, year=2025, decision_number="96/QĐ-UBND")
    ImportedAwardFactory(cadre=own_cadre, year=2024, decision_number="210/QĐ-UBND")
    page = client_for(unit_staff).get(own_unit.get_absolute_url()).content.decode()
    assert "96/QĐ-UBND" in page
    assert "210/QĐ-UBND" not in page
    assert f"{LIST}?unit={own_unit.pk}&amp;subject_type=collective" in page


def test_pages_without_awards_say_so(client_for, unit_staff, own_cadre):
    page = client_for(unit_staff).get(own_cadre.get_absolute_url()).content.decode()
    assert "No award recorded yet." in page


@pytest.mark.parametrize("count", [1, 20])
def test_detail_pages_query_count_does_not_grow(
    client_for, vhxh_officer, own_unit, own_cadre, count, django_assert_max_num_queries
):
    for n in range(count):
        ImportedAwardFactory(cadre=own_cadre, decision_number=f"{n}/QĐ-UBND")
        collective_award(own_unit, decision_number=f"{n}/QĐ-UBND")
    client = client_for(vhxh_officer)
    # The awards section adds one query to each page, at 1 and at 20 awards.
    with django_assert_max_num_queries(10):
        assert client.get(own_cadre.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(own_unit.get_absolute_url()).status_code == 200
    assert Award.objects.count() == 2 * count


def test_a_portal_awards_decision_is_linked_for_the_office_only(client_for, vhxh_officer, unit_staff):

    decision = issued_decision(vhxh_officer, collectives=0, individuals=1)
    award = decision.awards.get()
    decision_url = reverse("awards:decision_detail", args=[decision.pk])
    office_page = client_for(vhxh_officer).get(award.get_absolute_url()).content.decode()
    assert f'href="{decision_url}"' in office_page
    assert decision.number_text in office_page
    staff_page = client_for(unit_staff).get(award.get_absolute_url()).content.decode()
    assert decision_url not in staff_page
    assert decision.number_text in staff_page
    assert f'<dd class="col-sm-8">{award.book_number}/{award.decision_date.year}</dd>' in staff_page
    # and it is in the registry with the imported ones
    assert list(client_for(unit_staff).get(LIST).context["object_list"]) == [award]


def test_an_award_page_shows_its_verification_code_linked_to_the_public_check(
    client_for, vhxh_officer, commune
):
    decision = issued_decision(vhxh_officer, collectives=0, individuals=1)
    award = decision.awards.get()
    assert award.code
    page = client_for(vhxh_officer).get(award.get_absolute_url()).content.decode()
    assert f'href="{reverse("awards:verify", args=[award.code])}" id="verification-code"' in page
    assert award.code in page
    imported = ImportedAwardFactory()
    assert (
        'id="verification-code"'
        not in client_for(vhxh_officer).get(imported.get_absolute_url()).content.decode()
    )


def test_the_golden_book_number_carries_its_year_on_the_page_and_in_the_export(
    client_for, vhxh_officer, chairman
):
    # The golden book restarts at 1 every year: the number alone would be ambiguous.
    decision = issued_decision(vhxh_officer, collectives=0, individuals=1)
    award = decision.awards.get()
    expected = f"{award.book_number}/{decision.year}"
    assert award.book_reference == expected
    page = client_for(chairman).get(award.get_absolute_url()).content.decode()
    assert f'<dd class="col-sm-8">{expected}</dd>' in page
    response = client_for(chairman).get(reverse("awards:award_export"), {"year": str(award.year)})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert rows[0][11] == "Số sổ vàng"
    assert [r[11] for r in rows[1:] if r[3] == award.recipient_name] == [expected]
    decision_page = (
        client_for(vhxh_officer).get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    )
    assert f">{expected}</td>" in decision_page
