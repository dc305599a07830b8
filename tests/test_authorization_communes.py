"""The authorization matrix with two communes: the personas of commune A open every URL that
names an object, with the id of commune B's object, and are refused (404 or 403), by GET and by
POST, never shown the page nor sent on to a success page; a POST changes nothing of B's.

The rows of B come from the builders of the one-commune matrix (tests/test_authorization.py and
tests/<app>/authz_*.py), run inside B's scope with B's units, people and job: every URL with an
object argument is covered as soon as it has a row there, and
`test_every_url_with_an_object_is_crossed` fails when one has none.
"""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import get_resolver, reverse

from tests.conftest import TEST_SETTINGS, rolled_back
from tests.factories import CadreFactory, CommuneFactory, MembershipFactory, UnitFactory, UserFactory
from tests.personas import PERSONAS, UNITS, make_persona, make_unit
from tests.test_authorization import MATRIX, url_names
from thiduaportal import tenancy
from thiduaportal.models import Job, JobState

pytestmark = pytest.mark.matrix

# URL arguments that name a row of a commune's data.
OBJECT_ARGUMENTS = {"pk", "campaign_pk", "unit_pk"}
# Not object ids: `year`, `kind`, `direction`, a language `code`; an import's `token` lives in
# the uploader's own session; a verification `code` is looked up in every commune on purpose
# (the page names the issuer: tests/awards/test_verification.py).
B_NAMES = {
    "own_unit": "Phòng Riêng Của Xã Bình Minh",
    "other_unit": "Ban Chỉ Huy Quân Sự Bình Minh",
    "office_unit": "Văn Phòng Xã Bình Minh",
}


# The roles that may open the most of their own commune (the one-commune matrix,
# tests/test_authorization.py, shows which role opens what): unit staff open a subset of what
# their head opens, another unit's staff the same, and a visitor is sent to the login page
# whatever the commune. The question here is only whether an object of commune B can be
# reached from commune A by a role that could reach its own commune's.
CROSSING_ROLES = [
    "administrator",
    "vhxh_officer",
    "chairman",
    "council_secretary",
    "council_member",
    "unit_head",
]


def _object_urls():
    found = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if ns != "admin:":
                    walk(pattern.url_patterns, ns)
            elif set(pattern.pattern.converters) & OBJECT_ARGUMENTS:
                found[f"{namespace}{pattern.name}"] = sorted(pattern.pattern.converters)

    walk(get_resolver().url_patterns)
    return found


OBJECT_URLS = _object_urls()
CASES = [
    (name, label, build)
    for name in sorted(OBJECT_URLS)
    for label, build, _ in MATRIX.get(name, [])
    if build is not None
]


def test_every_url_with_an_object_is_crossed():
    assert set(_url_names_with_objects()) <= set(MATRIX)
    crossed = {name for name, _, _ in CASES}
    assert crossed == set(OBJECT_URLS)
    # The count the issue asks to see: (URL, case) rows, each by every role, by GET and POST.
    print(
        f"two-commune matrix: {len(crossed)} URLs, {len(CASES)} cases, {len(CASES) * len(CROSSING_ROLES) * 2} requests"
    )
    assert len(crossed) >= 100


def _url_names_with_objects():
    names = set(url_names(get_resolver().url_patterns))
    return [name for name in OBJECT_URLS if name in names]


def _make_commune_b_rows():
    units = {name: UnitFactory(**{**_unit_fields(name), "name": B_NAMES[name]}) for name in B_NAMES}
    officer = make_persona_b(units["office_unit"])
    job = Job.objects.create(owner=officer, kind="cadres", state=JobState.DONE, filename="b.xlsx")
    job.file.save("b.xlsx", ContentFile(b"PK"), save=True)
    return {
        "own_unit": units["own_unit"],
        "other_unit": units["other_unit"],
        "own_cadre": CadreFactory(unit=units["own_unit"], full_name="Hoàng Thị Bình Minh"),
        "other_cadre": CadreFactory(unit=units["other_unit"], full_name="Đỗ Văn Bình Minh"),
        "job": job,
    }


def _unit_fields(name):
    return UNITS[name]


def make_persona_b(unit):
    """Commune B's office officer, the owner of B's job."""
    user = UserFactory(username="officer-b")
    MembershipFactory(user=user, unit=unit, role="vhxh")
    return user


def fingerprint(commune_id) -> str:
    """A digest of every row of commune B's data: equal before and after a request when the
    request changed nothing of B's."""
    digest = hashlib.sha256()
    with tenancy.everywhere():
        for model in sorted(tenancy.tenant_models(), key=lambda m: m._meta.label):
            rows = model._base_manager.filter(commune_id=commune_id).order_by("pk").values_list()
            digest.update(repr((model._meta.label, list(rows))).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("communes-media")
    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(**TEST_SETTINGS, MEDIA_ROOT=media):
            commune_a = CommuneFactory(code="an-binh")
            commune_b = CommuneFactory(code="binh-minh", name="xã Bình Minh", place_name="Bình Minh")
            with tenancy.within(commune_a):
                units = {name: make_unit(name) for name in ("own_unit", "other_unit", "office_unit")}
                personas = {
                    name: make_persona(name, units[unit]) for name, (_, unit, _, _) in PERSONAS.items()
                }
            with tenancy.within(commune_b):
                rows_b = _make_commune_b_rows()
            assert {p.commune_id for p in personas.values()} == {commune_a.pk}
            assert rows_b["own_unit"].commune_id == commune_b.pk
        yield {"a": commune_a, "b": commune_b, "rows": rows_b, "personas": personas, "media": media}


@pytest.fixture(scope="module")
def case(request, world, django_db_blocker):
    """B's object of one (URL, case) row, built in B's scope, and B's data's fingerprint."""
    name, _, build = request.param
    with rolled_back(django_db_blocker):
        with (
            django_db_blocker.unblock(),
            override_settings(**TEST_SETTINGS, MEDIA_ROOT=world["media"]),
            tenancy.within(world["b"]),
        ):
            url = reverse(name, kwargs=build(dict(world["rows"])))
            before = fingerprint(world["b"].pk)
        yield url, before


def _refused(response, role):
    if response.status_code == 302 and role == "anonymous":
        return response["Location"].startswith(reverse("login"))
    return response.status_code in (403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", CROSSING_ROLES)
@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c[0]}[{c[1]}]" if c[1] else c[0] for c in CASES], indirect=True
)
def test_commune_a_is_refused_commune_bs_object(client, settings, world, case, role, method):
    settings.MEDIA_ROOT = world["media"]
    url, before = case
    if role != "anonymous":
        client.force_login(world["personas"][role])
    response = getattr(client, method)(url)
    if response.status_code == 405:
        # A button's URL refuses GET (its POST is the request that matters), a page's refuses
        # POST (its GET is): either way the view never ran.
        return
    assert _refused(response, role), f"{role} {method.upper()} {url}: {response.status_code}"
    assert fingerprint(world["b"].pk) == before, f"{role} {method.upper()} {url} changed commune B's data"
