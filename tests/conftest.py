"""Personas and shared fixtures. Each persona is a real user with a real membership."""

import contextlib
import io
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import translation

from awards.services.decisions import salary
from tests.factories import CadreFactory, CommuneFactory
from tests.personas import make_persona, make_unit
from thiduaportal import tenancy
from units.models import Commune

TEST_SETTINGS = {
    # Tests read the Vietnamese UI unless they ask for English.
    "LANGUAGE_CODE": "vi",
    "SECURE_SSL_REDIRECT": False,
    # Password hashing is deliberately slow; tests make hundreds of users.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # A public address: certificates refuse to print QR codes to a loopback one outside DEBUG.
    "SITE_URL": "https://thidua.anbinh.example.vn",
}


def pytest_addoption(parser):
    parser.addoption(
        "--no-matrix",
        action="store_true",
        help="Skip the tests marked `matrix` (scripts/test passes it to the PostgreSQL run).",
    )
    parser.addoption(
        "--no-browser",
        action="store_true",
        help="Skip the tests marked `browser` (scripts/test passes it to the PostgreSQL run).",
    )


SKIPPED_BY_OPTION = {
    "--no-matrix": ("matrix", "the authorization matrix runs on SQLite only (--no-matrix)"),
    "--no-browser": ("browser", "the browser journeys run on SQLite only (--no-browser)"),
}


def pytest_collection_modifyitems(config, items):
    # Skipped rather than deselected: a selection (-k) of matrix tests only is not "no tests".
    for option, (marker, reason) in SKIPPED_BY_OPTION.items():
        if not config.getoption(option):
            continue
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if item.get_closest_marker(marker) is not None:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploads, exports and the demo's signed scans stay out of the developer's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """A transactional test starts on a database flushed by the one before it, without the
    rows the migrations wrote: the table of base salaries is written again."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        salary.record_known()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters are kept per client address, and every test client is 127.0.0.1.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commune(db):
    return CommuneFactory()


@pytest.fixture
def own_unit(db):
    return make_unit("own_unit")


@pytest.fixture
def other_unit(db):
    return make_unit("other_unit")


@pytest.fixture
def office_unit(db):
    return make_unit("office_unit")


@pytest.fixture
def unit_staff(own_unit):
    return make_persona("unit_staff", own_unit)


@pytest.fixture
def unit_head(own_unit):
    return make_persona("unit_head", own_unit)


@pytest.fixture
def other_staff(other_unit):
    return make_persona("other_staff", other_unit)


@pytest.fixture
def vhxh_officer(office_unit):
    return make_persona("vhxh_officer", office_unit)


@pytest.fixture
def council_member(other_unit):
    return make_persona("council_member", other_unit)


@pytest.fixture
def council_secretary(office_unit):
    return make_persona("council_secretary", office_unit)


@pytest.fixture
def chairman(office_unit):
    return make_persona("chairman", office_unit)


@pytest.fixture
def administrator(office_unit):
    return make_persona("administrator", office_unit)


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


@contextlib.contextmanager
def rolled_back(django_db_blocker):
    """A transaction (a savepoint inside another) for data that outlives one test: a wider
    fixture builds its rows inside it, each test's own transaction (the `db` fixture) nests in
    it, and everything is rolled back when the fixture ends. Tests using it must not be
    transactional (`transactional_db` would flush the rows of the tests after it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_language():
    """The language active while the module's demo is seeded, as it is in its tests (None: the
    default); tests/nominations overrides it."""
    return None


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker, tmp_path_factory, demo_language):
    """`seed_demo`, run once per test module (it takes seconds): its rows live in a transaction
    rolled back when the module ends, its files in a folder of the module. Tests ask for `demo`."""
    media = tmp_path_factory.mktemp("demo-media")
    language = translation.override(demo_language) if demo_language else contextlib.nullcontext()
    with rolled_back(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(**TEST_SETTINGS, DEBUG=True, MEDIA_ROOT=media),
            language,
            # The command commits once at its end; run what waits for that commit, as it would.
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            out = io.StringIO()
            call_command("seed_demo", stdout=out)
        yield {"media": media, "output": out.getvalue()}


@pytest.fixture
def demo(request, demo_module, db, settings, tmp_path):
    """The demo commune for one test: what it changes is rolled back after it (the `db`
    transaction nests in the module's), and it reads and writes a copy of the demo's files.
    Returns what the command printed."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        pytest.fail("`demo` cannot be used by a transactional test: it would flush the module's demo")
    settings.MEDIA_ROOT = tmp_path / "media"
    shutil.copytree(demo_module["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    return demo_module["output"]


@pytest.fixture
def in_thuong_phuc(demo):
    """The demo's first commune's scope: its rows only, as its users see them (the demo's
    city has a second commune, xã Hồng Vân, with units of the same names)."""
    with tenancy.within(Commune.objects.get(name="xã Thượng Phúc")):
        yield
