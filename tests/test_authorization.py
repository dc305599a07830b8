"""The authorization matrix: every URL pattern, every role, the expected answer.

A new URL without a row here fails `test_matrix_covers_every_url_pattern`; a view without
a declared permission fails `test_every_view_declares_its_permission`.
"""

import importlib
import pathlib
import uuid

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz import (
    EVERYONE,
    FORBIDDEN,
    HEADS,
    LISTS,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OFFICE,
    OK,
    OTHER_UNIT_CHANGE,
    OTHER_UNIT_VIEW,
    OWN_UNIT_CHANGE,
    OWN_UNIT_VIEW,
    REDIRECT,
    ROLES,
    SIGNED_IN,
    UNIT_WORKERS,
    row,
    with_changes,
)
from tests.conftest import TEST_SETTINGS, rolled_back
from tests.factories import CadreFactory, TransferRequestFactory
from tests.personas import PERSONAS, make_persona, make_unit
from thiduaportal.models import Job, JobState

# name -> list of (case label, kwargs builder, expected by role)
MATRIX = {
    "home": [("", None, SIGNED_IN)],
    "healthz": [("", None, EVERYONE)],
    "login": [("", None, with_changes(dict.fromkeys(ROLES, REDIRECT), anonymous=OK))],
    "logout": [("", None, dict.fromkeys(ROLES, NOT_ALLOWED))],
    "password_change": [("", None, SIGNED_IN)],
    "password_change_done": [("", None, SIGNED_IN)],
    "password_reset": [("", None, EVERYONE)],
    "password_reset_done": [("", None, EVERYONE)],
    "password_reset_confirm": [("", lambda f: {"uidb64": "MQ", "token": "set-password"}, EVERYONE)],
    "password_reset_complete": [("", None, EVERYONE)],
    "set_language": [("", None, dict.fromkeys(ROLES, REDIRECT))],
    "choose_language": [("English", lambda f: {"code": "en"}, dict.fromkeys(ROLES, REDIRECT))],
    "job_detail": [("vhxh's job", lambda f: {"pk": f["job"].pk}, OFFICE)],
    "job_download": [("vhxh's job", lambda f: {"pk": f["job"].pk}, OFFICE)],
    "admin:index": [("", None, with_changes(dict.fromkeys(ROLES, REDIRECT), administrator=OK))],
    "units:commune_edit": [("", None, OFFICE)],
    "units:unit_list": [("", None, LISTS)],
    "units:unit_create": [("", None, OFFICE)],
    "units:unit_detail": [
        ("own", lambda f: {"pk": f["own_unit"].pk}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": f["other_unit"].pk}, OTHER_UNIT_VIEW),
    ],
    "units:unit_edit": [("own", lambda f: {"pk": f["own_unit"].pk}, OFFICE)],
    "units:ratings": [
        ("own", lambda f: {"pk": f["own_unit"].pk, "year": 2026}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": f["other_unit"].pk, "year": 2026}, OTHER_UNIT_VIEW),
    ],
    "units:cadre_list": [("", None, LISTS)],
    "units:cadre_create": [("", None, UNIT_WORKERS)],
    "units:cadre_detail": [
        ("own", lambda f: {"pk": f["own_cadre"].pk}, OWN_UNIT_VIEW),
        ("other", lambda f: {"pk": f["other_cadre"].pk}, OTHER_UNIT_VIEW),
    ],
    "units:cadre_edit": [
        ("own", lambda f: {"pk": f["own_cadre"].pk}, OWN_UNIT_CHANGE),
        ("other", lambda f: {"pk": f["other_cadre"].pk}, OTHER_UNIT_CHANGE),
    ],
    "units:cadre_transfer": [
        ("own", lambda f: {"pk": f["own_cadre"].pk}, HEADS),
        ("other", lambda f: {"pk": f["other_cadre"].pk}, OFFICE),
    ],
    "units:transfer_list": [("", None, LISTS)],
    # POST only: those who may answer get 405 on GET. The request moves own_unit's person to
    # other_unit, whose only persona is staff (not its head): the asking head may withdraw it.
    "units:transfer_answer": [
        (
            "own to other",
            lambda f: {"pk": TransferRequestFactory(cadre=f["own_cadre"], to_unit=f["other_unit"]).pk},
            row(
                LOGIN,
                FORBIDDEN,
                NOT_ALLOWED,
                FORBIDDEN,
                NOT_ALLOWED,
                FORBIDDEN,
                FORBIDDEN,
                FORBIDDEN,
                NOT_ALLOWED,
            ),
        )
    ],
    "import_upload": [
        ("units", lambda f: {"kind": "units"}, OFFICE),
        ("cadres", lambda f: {"kind": "cadres"}, UNIT_WORKERS),
        ("ratings", lambda f: {"kind": "ratings"}, HEADS),
        ("results", lambda f: {"kind": "results"}, UNIT_WORKERS),
        ("awards", lambda f: {"kind": "awards"}, OFFICE),
        (
            "unknown kind",
            lambda f: {"kind": "votes"},
            with_changes(dict.fromkeys(ROLES, NOT_FOUND), anonymous=LOGIN),
        ),
    ],
    "import_template": [
        ("units", lambda f: {"kind": "units"}, OFFICE),
        ("cadres", lambda f: {"kind": "cadres"}, UNIT_WORKERS),
        ("ratings", lambda f: {"kind": "ratings"}, HEADS),
        ("results", lambda f: {"kind": "results"}, UNIT_WORKERS),
        ("awards", lambda f: {"kind": "awards"}, OFFICE),
    ],
    "import_preview": [
        # Nobody holds this upload in their session, so the allowed roles are told it is gone.
        (
            "unknown upload",
            lambda f: {"kind": "cadres", "token": uuid.UUID(int=1)},
            {
                **dict.fromkeys(ROLES, NOT_FOUND),
                "anonymous": LOGIN,
                "council_member": FORBIDDEN,
                "council_secretary": FORBIDDEN,
                "chairman": FORBIDDEN,
            },
        ),
    ],
    "units:export_units": [("", None, LISTS)],
    "units:export_cadres": [
        (
            "",
            None,
            {
                **dict.fromkeys(ROLES, NOT_ALLOWED),
                "anonymous": LOGIN,
                "council_member": FORBIDDEN,
                "council_secretary": FORBIDDEN,
            },
        )
    ],
    "units:export_ratings": [("", lambda f: {"year": 2026}, LISTS)],
    "audit_list": [("", None, OFFICE)],
}
# Each app keeps its rows beside its tests: tests/<app>/authz_<topic>.py defines MATRIX.
for _module in sorted(pathlib.Path(__file__).parent.glob("*/authz_*.py")):
    _name = ".".join(_module.relative_to(pathlib.Path(__file__).parent.parent).with_suffix("").parts)
    for _url_name, _cases in importlib.import_module(_name).MATRIX.items():
        assert _url_name not in MATRIX, f"{_url_name} has rows in two places"
        MATRIX[_url_name] = _cases


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if ns == "admin:":
                yield "admin:index"  # the admin is one door, guarded by Django's staff check
                continue
            yield from url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"
        elif isinstance(pattern, URLPattern):
            pytest.fail(f"URL pattern {pattern.pattern} has no name")


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _views(pattern.url_patterns)
        else:
            yield pattern


PUBLIC_VIEWS = {
    "LoginView",
    "LogoutView",
    "PasswordResetView",
    "ThrottledPasswordResetView",
    "PasswordResetDoneView",
    "PasswordResetConfirmView",
    "PasswordResetCompleteView",
    "healthz",
    "set_language",
    "choose_language",
    "PasswordChangeView",
    "PasswordChangeDoneView",
    "HomeView",
}


def test_matrix_covers_every_url_pattern():
    assert sorted(set(url_names(get_resolver().url_patterns))) == sorted(MATRIX)


def test_every_view_declares_its_permission():
    for pattern in _views(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        name = view_class.__name__ if view_class else pattern.callback.__name__
        if name in PUBLIC_VIEWS:
            continue
        assert view_class is not None, f"{pattern.name}: function views need a permission wrapper"
        assert getattr(view_class, "permission_required", None), (
            f"{pattern.name} ({name}) names no permission"
        )


# The authorization matrix checks who may open which page: the rules and the views' dispatch,
# not the database engine (the other tests of each view run on both engines). scripts/test runs
# it on SQLite only, passing --no-matrix to the PostgreSQL run: it is a tenth of the suite's
# tests and the slowest part of it.
pytestmark = pytest.mark.matrix

# One test per (URL, case, role). The world (units, personas, a job) is built once per module;
# each (URL, case) builds its rows once, in a savepoint inside the world's, for all roles; each
# role's request runs in a savepoint inside that. No case sees another's rows.
CASES = [(name, label, build, expected) for name, cases in MATRIX.items() for label, build, expected in cases]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(**TEST_SETTINGS, MEDIA_ROOT=media):
            units = {name: make_unit(name) for name in ("own_unit", "other_unit", "office_unit")}
            personas = {name: make_persona(name, units[unit]) for name, (_, unit, _, _) in PERSONAS.items()}
            job = Job.objects.create(
                owner=personas["vhxh_officer"], kind="cadres", state=JobState.DONE, filename="x.xlsx"
            )
            job.file.save("x.xlsx", ContentFile(b"PK"), save=True)
            built = {
                "own_unit": units["own_unit"],
                "other_unit": units["other_unit"],
                "own_cadre": CadreFactory(unit=units["own_unit"]),
                "other_cadre": CadreFactory(unit=units["other_unit"]),
                "job": job,
            }
        yield {"rows": built, "personas": personas, "media": media}


@pytest.fixture(scope="module")
def case(request, world, django_db_blocker):
    """The URL of one (URL, case) row and the answer expected by each role."""
    name, _, build, expected = request.param
    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock(), override_settings(**TEST_SETTINGS, MEDIA_ROOT=world["media"]):
            # A copy: builders may keep what they made in it for the next builder of the case.
            url = reverse(name, kwargs=build(dict(world["rows"])) if build else None)
        yield url, expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c[0]}[{c[1]}]" if c[1] else c[0] for c in CASES], indirect=True
)
def test_matrix(client, settings, world, case, role):
    settings.MEDIA_ROOT = world["media"]
    url, expected_by_role = case
    expected = expected_by_role[role]
    if role != "anonymous":
        client.force_login(world["personas"][role])
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{role} GET {url}"
