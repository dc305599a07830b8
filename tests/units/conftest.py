"""Two communes of one city (xã An Bình, xã Thượng Phúc), the city's administrator and An
Bình's own administrator, for the administration and merger tests."""

import pytest

from tests.factories import CommuneFactory, MembershipFactory, UnitFactory, UserFactory
from units.models import CommuneKind


@pytest.fixture
def city(db):
    return CommuneFactory(
        name="Thành phố Hà Nội",
        place_name="Hà Nội",
        kind=CommuneKind.CITY,
        code="ha-noi",
        authority_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
    )


@pytest.fixture
def an_binh(city):
    return CommuneFactory(code="an-binh", parent=city)


@pytest.fixture
def thuong_phuc(an_binh, city):
    return CommuneFactory(
        name="xã Thượng Phúc",
        place_name="Thượng Phúc",
        code="thuong-phuc",
        parent=city,
        authority_name="ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC",
    )


@pytest.fixture
def city_admin(city):
    unit = UnitFactory(name="Sở Nội vụ", commune=city)
    user = UserFactory(username="thanhpho")
    MembershipFactory(user=user, unit=unit, role="city_admin")
    return user


@pytest.fixture
def commune_admin(an_binh):
    """An Bình's own administrator: a superuser of one commune, not of the city."""
    unit = UnitFactory(name="Văn phòng HĐND và UBND", commune=an_binh)
    user = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    MembershipFactory(user=user, unit=unit, role="admin")
    return user
