"""Rules of the master data, called directly."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import CadreFactory, CadreRatingFactory, UnitFactory
from thiduaportal.dates import legal_date
from thiduaportal.text import fold, nfc
from units import services
from units.models import CadreRating, Membership

pytestmark = pytest.mark.django_db


def test_fold_strips_vietnamese_marks_and_case():
    assert fold("Nguyễn Thị HƯỞNG") == "nguyen thi huong"
    assert fold("Đặng  Đức") == "dang duc"


def test_names_are_stored_nfc(own_unit):
    cadre = CadreFactory(unit=own_unit, full_name="Nguye\u0302\u0303n Thi\u0323 Hu\u031bo\u031b\u0309ng")
    cadre.refresh_from_db()
    assert cadre.full_name == nfc("Nguyễn Thị Hưởng")
    assert cadre.full_name == "Nguyễn Thị Hưởng"


def test_unit_in_year_follows_transfers(own_unit, other_unit):
    cadre = CadreFactory(unit=own_unit)
    services.transfer_cadre(cadre, actor=None, to_unit=other_unit, on=datetime.date(2026, 7, 1))
    cadre.refresh_from_db()
    assert services.unit_of_cadre_in_year(cadre, 2025) == own_unit
    assert services.unit_of_cadre_in_year(cadre, 2026) == other_unit
    assert cadre.unit == other_unit


def test_transfer_to_same_unit_is_refused(own_unit):
    cadre = CadreFactory(unit=own_unit)
    with pytest.raises(services.UnitsError):
        services.transfer_cadre(cadre, actor=None, to_unit=own_unit, on=datetime.date(2026, 7, 1))


def test_transfer_to_archived_unit_is_refused(own_unit):
    cadre = CadreFactory(unit=own_unit)
    with pytest.raises(services.UnitsError):
        services.transfer_cadre(
            cadre, actor=None, to_unit=UnitFactory(archived=True), on=datetime.date(2026, 7, 1)
        )


def test_rating_people_of_another_unit_is_refused(own_unit, other_unit):
    stranger = CadreFactory(unit=other_unit)
    with pytest.raises(services.UnitsError):
        services.rate_cadres(own_unit, actor=None, year=2026, levels={stranger.pk: "good"}, notes={})
    assert not CadreRating.objects.exists()


def test_empty_level_removes_rating(own_unit):
    rating = CadreRatingFactory(cadre=CadreFactory(unit=own_unit), year=2026)
    changed = services.rate_cadres(own_unit, actor=None, year=2026, levels={rating.cadre_id: ""}, notes={})
    assert changed == 1
    assert not CadreRating.objects.exists()


def test_one_rating_per_person_per_year_is_enforced_by_the_database(own_unit):

    rating = CadreRatingFactory(cadre=CadreFactory(unit=own_unit), year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        CadreRating.objects.create(cadre=rating.cadre, unit=own_unit, year=2026, level="good")


def test_legal_date_pads_day_and_first_two_months():

    assert legal_date(datetime.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert legal_date(datetime.date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert legal_date(datetime.date(2026, 12, 25), "Thượng Phúc") == "Thượng Phúc, ngày 25 tháng 12 năm 2026"


def test_an_account_holds_all_its_roles_in_one_unit(unit_staff, own_unit, other_unit):

    Membership(user=unit_staff, unit=own_unit, role="unit_head").full_clean()
    with pytest.raises(ValidationError) as error:
        Membership(user=unit_staff, unit=other_unit, role="unit_head").full_clean()
    assert error.value.message_dict["unit"] == [
        f"{unit_staff.full_name} đã thuộc Trung tâm Phục vụ hành chính công; mọi vai trò của một tài khoản đều thuộc cùng một đơn vị."
    ]
