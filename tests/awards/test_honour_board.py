"""The public honour board: no sign-in, the commune's name, the valid awards of a year in
two lists, nothing private (no date of birth, amount, code or achievement)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.models import AwardSource
from tests.awards.test_registry import collective_award, revoking_decision
from tests.factories import CadreFactory
from tests.factories.decisions import ImportedAwardFactory

BOARD = reverse("awards:honour_board")


@pytest.fixture
def board(commune, own_unit, vhxh_officer):
    person = CadreFactory(
        unit=own_unit,
        full_name="Phạm Thị Lan",
        position="Chuyên viên",
        date_of_birth=datetime.date(1988, 4, 9),
    )
    ImportedAwardFactory(
        cadre=person,
        year=2025,
        decision_number="96/QĐ-UBND",
        decision_date=datetime.date(2025, 12, 18),
        source=AwardSource.PORTAL,
        code="ABCDEFGHJKMNPQRS",
        amount=702000,
        book_number="Sổ vàng số 57",
        achievement="Thành tích riêng tư không hiện",
    )
    collective_award(
        own_unit, year=2025, decision_number="96/QĐ-UBND", decision_date=datetime.date(2025, 12, 18)
    )
    ImportedAwardFactory(
        cadre=CadreFactory(unit=own_unit, full_name="Đỗ Văn Thu Hồi"),
        year=2025,
        revoked_by=revoking_decision(vhxh_officer),
    )
    ImportedAwardFactory(cadre=CadreFactory(unit=own_unit, full_name="Vũ Thị Năm Trước"), year=2024)


def test_anonymous_visitors_see_the_latest_year_without_the_app_menu(board, commune):
    response = Client().get(BOARD)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["board"].year == 2025
    assert commune.name in page
    assert "Phạm Thị Lan" in page
    assert "Chuyên viên, Trung tâm Phục vụ hành chính công" in page
    assert "Trung tâm Phục vụ hành chính công" in page
    assert "Ủy ban nhân dân xã Thượng Phúc" in page
    assert "96/QĐ-UBND" in page
    assert "18/12/2025" in page
    assert "Vũ Thị Năm Trước" not in page  # another year
    assert "Đỗ Văn Thu Hồi" not in page  # revoked
    assert 'id="mainnav"' not in page  # no app menu for a visitor
    assert 'href="?year=2024"' in page


def test_nothing_private_is_shown(board):
    page = Client().get(BOARD).content.decode()
    # Each private value is looked for in a form no CSRF token or nonce can contain by chance.
    for private in (
        "09/04/1988",
        "702.000",
        "702000",
        "ABCDEFGHJKMNPQRS",
        "Thành tích riêng tư",
        "Sổ vàng số 57",
    ):
        assert private not in page


def test_a_year_link_and_a_wrong_year(board):
    assert "Vũ Thị Năm Trước" in Client().get(BOARD, {"year": "2024"}).content.decode()
    assert Client().get(BOARD, {"year": "abc"}).context["board"].year == 2025
    assert Client().get(BOARD, {"year": "1990"}).context["board"].year == 2025


def test_empty_board(db):
    response = Client().get(BOARD)
    assert response.status_code == 200
    # The public page speaks Vietnamese to a visitor without a language cookie.
    with translation.override("vi"):
        expected = translation.gettext("No award has been published yet.")
    assert expected in response.content.decode()


def test_signed_in_users_see_it_too(client_for, unit_staff, board):
    assert "Phạm Thị Lan" in client_for(unit_staff).get(BOARD).content.decode()


@pytest.mark.parametrize("count", [1, 40])
def test_board_query_count_does_not_grow(db, commune, own_unit, count, django_assert_max_num_queries):
    for n in range(count):
        ImportedAwardFactory(cadre=CadreFactory(unit=own_unit), year=2025, decision_number=f"{n}/QĐ-UBND")
    # commune, the years, the year's awards
    with django_assert_max_num_queries(3):
        assert Client().get(BOARD).status_code == 200
