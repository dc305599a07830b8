"""Personas and shared fixtures. Each persona is a real user with a real membership."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import CadreFactory, CommuneFactory, MembershipFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    # Tests read the Vietnamese UI unless they ask for English.
    settings.LANGUAGE_CODE = "vi"
    settings.SECURE_SSL_REDIRECT = False
    # Password hashing is deliberately slow; tests make hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploads, exports and the demo's signed scans stay out of the developer's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters are kept per client address, and every test client is 127.0.0.1.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commune(db):
    return CommuneFactory()


@pytest.fixture
def own_unit(db):
    return UnitFactory(name="Trung tâm Phục vụ hành chính công", advises_cchc=True)


@pytest.fixture
def other_unit(db):
    return UnitFactory(name="Phòng Kinh tế")


@pytest.fixture
def office_unit(db):
    return UnitFactory(name="Phòng Văn hóa – Xã hội")


def _persona(username, unit, *roles, **user_fields):
    user = UserFactory(username=username, **user_fields)
    for role in roles:
        MembershipFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def unit_staff(own_unit):
    return _persona("staff", own_unit, "unit_staff")


@pytest.fixture
def unit_head(own_unit):
    return _persona("head", own_unit, "unit_head")


@pytest.fixture
def other_staff(other_unit):
    return _persona("otherstaff", other_unit, "unit_staff")


@pytest.fixture
def vhxh_officer(office_unit):
    return _persona("officer", office_unit, "vhxh")


@pytest.fixture
def council_member(other_unit):
    return _persona("member", other_unit, "council_member")


@pytest.fixture
def council_secretary(office_unit):
    return _persona("secretary", office_unit, "council_secretary")


@pytest.fixture
def chairman(office_unit):
    return _persona("chair", office_unit, "chairman")


@pytest.fixture
def administrator(office_unit):
    return _persona("root", office_unit, "admin", is_staff=True, is_superuser=True)


@pytest.fixture
def own_cadre(own_unit):
    return CadreFactory(unit=own_unit, full_name="Nguyễn Thị Hưởng")


@pytest.fixture
def other_cadre(other_unit):
    return CadreFactory(unit=other_unit, full_name="Lê Văn Khác")


@pytest.fixture
def client_for():
    """A signed-in client for a user, with English chosen in the language switcher."""

    def make(user):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.force_login(user)
        return client

    return make
