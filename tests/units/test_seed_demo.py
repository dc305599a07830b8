"""seed_demo's commune, seeded once for the module by the `demo` fixture (tests/conftest.py)."""

import io
import unicodedata

import pytest
from django.apps import apps
from django.core.management import call_command

from awards.city_models import CitySubmission, SubmissionState
from awards.models import Decision
from nominations.models import Nomination, NominationState, Round, RoundKind, Title
from nominations.services import NominationError, yearend
from thiduaportal import tenancy
from thiduaportal.roles import Role
from thiduaportal.text import fold
from units.models import Assignment, Cadre, CadreRating, Commune, Unit, UnitKind, UnitRating, User

DEMO_LOGINS = {
    "admin": (Role.ADMIN, "Văn phòng HĐND và UBND"),
    "vhxh": (Role.VHXH_OFFICER, "Phòng Văn hóa – Xã hội"),
    "chutich": (Role.CHAIRMAN, "Ủy ban nhân dân xã Thượng Phúc"),
    "thuky": (Role.COUNCIL_SECRETARY, "Phòng Văn hóa – Xã hội"),
    **{f"hoidong{i}": (Role.COUNCIL_MEMBER, None) for i in range(1, 8)},
    "donvi1": (Role.UNIT_STAFF, "Trung tâm Phục vụ hành chính công"),
    "truongdonvi1": (Role.UNIT_HEAD, "Trung tâm Phục vụ hành chính công"),
    "donvi2": (Role.UNIT_STAFF, "Phòng Kinh tế"),
}


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seed_demo_builds_the_commune_units_and_people(demo, in_thuong_phuc):
    output = demo

    commune = Commune.objects.local().get(name="xã Thượng Phúc")
    assert (commune.name, commune.authority_name, commune.chairman_name) == (
        "xã Thượng Phúc",
        "ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC",
        "Lý Văn Dũng",
    )
    assert Unit.objects.count() >= 20
    assert Cadre.objects.count() >= 150
    root = Unit.objects.get(name="Ủy ban nhân dân xã Thượng Phúc")
    assert (root.kind, root.parent) == (UnitKind.AUTHORITY, None)
    assert Unit.objects.get(name="Phòng Kinh tế").parent == root
    assert set(Unit.objects.filter(advises_cchc=True).values_list("name", flat=True)) == {
        "Văn phòng HĐND và UBND",
        "Phòng Văn hóa – Xã hội",
        "Trung tâm Phục vụ hành chính công",
        "Phòng Kinh tế",
    }
    chairman = Cadre.objects.get(full_name="Lý Văn Dũng")
    assert (chairman.unit, chairman.category) == (root, "can_bo")
    assert "DEMO accounts" in output


def test_seed_demo_keeps_history_and_ratings_for_two_years(demo):
    moved = Cadre.objects.filter(assignments__end_date__isnull=False).distinct()
    assert moved.count() >= 2
    for cadre in moved:
        assert Assignment.objects.filter(cadre=cadre, end_date__isnull=True).get().unit == cadre.unit
    assert Cadre.objects.filter(is_active=False).count() >= 2
    for year in (2025, 2026):
        assert UnitRating.objects.filter(year=year).count() >= 20
        rated = CadreRating.objects.filter(year=year)
        assert rated.count() >= 140
        assert rated.filter(level="good").count() > rated.count() / 2


def test_seed_demo_names_are_nfc_and_searchable_without_diacritics(demo):
    names = [*Cadre.objects.values_list("full_name", flat=True), *Unit.objects.values_list("name", flat=True)]
    names += list(User.objects.values_list("full_name", flat=True))
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert any("huong" in fold(name) for name in Cadre.objects.values_list("full_name", flat=True))
    assert Cadre.objects.search("huong").exists()


def test_seed_demo_creates_each_demo_login(demo):
    for username, (role, unit_name) in DEMO_LOGINS.items():
        user = User.objects.get(username=username)
        assert user.check_password("thidua2026"), username
        assert user.full_name, username
        assert list(user.memberships.values_list("role", flat=True)) == [role], username
        if unit_name:
            assert user.unit.name == unit_name, username
    council_units = {User.objects.get(username=f"hoidong{i}").unit_id for i in range(1, 8)}
    assert len(council_units) >= 5
    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert User.objects.get(username="chutich").full_name == "Lý Văn Dũng"


def test_seed_demo_second_run_changes_nothing(demo, settings):
    # The module's demo was seeded once (tests/conftest.py); the command refuses without DEBUG.
    settings.DEBUG = True
    before = _row_counts()
    passwords = dict(User.objects.values_list("username", "password"))

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    output = out.getvalue()

    assert _row_counts() == before
    assert before["auditlog.LogEntry"] > 0
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert "people: 0 created" in output


def test_seed_demo_builds_the_city_with_a_second_commune_and_a_dossier_waiting(demo):
    city = Commune.objects.get(kind="city")
    home = Commune.objects.get(name="xã Thượng Phúc")
    hong_van = Commune.objects.get(name="xã Hồng Vân")
    assert (city.name, home.parent, hong_van.parent) == ("Thành phố Hà Nội", city, city)
    logins = {u.username: u.commune_id for u in User.objects.filter(username__startswith="hongvan_")}
    assert logins == {"hongvan_admin": hong_van.pk, "hongvan_vhxh": hong_van.pk}
    officer = User.objects.get(username="thanhpho")
    assert officer.commune_id == city.pk
    assert officer.check_password("thidua2026")
    with tenancy.within(hong_van):
        assert Unit.objects.count() == 5
        assert Cadre.objects.count() == 20
    waiting = CitySubmission.objects.get()
    assert (waiting.commune_id, waiting.city_id, waiting.state) == (
        home.pk,
        city.pk,
        SubmissionState.SUBMITTED,
    )
    assert waiting.files.count() >= 4


def test_seed_demo_builds_xa_thuong_phuc_year_end_reviews(demo, in_thuong_phuc):
    """xã Thượng Phúc's 2025 review is decided by one decision listing LĐTT by unit; its 2026
    review is open: most units proposed and three submitted, donvi1's unit has not started, one
    unit's list is over the commune's cap of 2 CSTĐCS and stays in draft, one proposal of
    donvi2's unit is returned."""
    past = Round.objects.get(kind=RoundKind.YEAR_END, year=2025)
    decision = Decision.objects.get(round=past)
    assert (decision.number_text, str(decision.issued_on)) == ("178/QĐ-UBND", "2025-12-26")
    assert decision.title == "Về việc công nhận danh hiệu thi đua năm 2025"
    assert decision.awards.count() == past.nominations.count() == 26
    assert {a.award_form.code for a in decision.awards.all()} == {"lao-dong-tien-tien"}
    current = Round.objects.get(kind=RoundKind.YEAR_END, year=2026)
    assert current.state == "open"
    states = set(Nomination.objects.filter(round=current).values_list("proposal__unit__name", "state"))
    assert not any(name == "Trung tâm Phục vụ hành chính công" for name, _state in states)
    assert ("Trường Mầm non Hòa Bình", NominationState.DRAFT) in states
    assert ("Phòng Kinh tế", NominationState.RETURNED) in states
    assert len({name for name, _state in states}) >= 12
    assert Title.objects.get(award_form__code="chien-si-thi-dua-co-so").cap_per_unit == 2
    school = Unit.objects.get(name="Trường Mầm non Hòa Bình")
    with pytest.raises(NominationError, match="Trường Mầm non Hòa Bình được tối đa 2 và đã có 2"):
        yearend.submit_review(current, school, actor=User.objects.get(username="vhxh"))
