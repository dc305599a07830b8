"""A merger: a unit or a person moves into another commune of the same city with what belongs
to them; the awards the old commune recorded stay in its registry and still show on their page.
Refused, nothing changed, on a clash in the target or a record that must stay behind."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from awards.models import Award
from tests.factories import (
    CadreFactory,
    CadreRatingFactory,
    CommuneFactory,
    MembershipFactory,
    UnitFactory,
    UnitRatingFactory,
    UserFactory,
)
from tests.factories.campaigns import RegistrationFactory
from tests.factories.decisions import ImportedAwardFactory
from thiduaportal import tenancy
from units.communes import CommuneRefused
from units.mergers import move_cadre, move_unit
from units.models import Assignment, Cadre, CadreRating, CommuneKind, Membership, Unit, UnitRating, User


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def school(an_binh):
    """An Bình's school with a sub-unit, a teacher (rated, awarded), a unit rating and an account."""
    unit = UnitFactory(name="Trường Tiểu học", commune=an_binh)
    UnitFactory(name="Tổ chuyên môn", parent=unit, commune=an_binh)
    teacher = CadreFactory(unit=unit, full_name="Vũ Thị Giáo", date_of_birth=datetime.date(1988, 2, 3))
    CadreRatingFactory(cadre=teacher, year=2025)
    UnitRatingFactory(unit=unit, year=2025)
    ImportedAwardFactory(cadre=teacher, year=2024, issuer="Chủ tịch UBND xã An Bình")
    MembershipFactory(user=UserFactory(username="hieutruong"), unit=unit, role="unit_head")
    return unit


def _communes(model, **filters):
    return sorted(set(model._base_manager.filter(**filters).values_list("commune__code", flat=True)))


def test_a_unit_moves_with_what_belongs_to_it_and_the_award_stays(
    school, thuong_phuc, city_admin, client_for
):
    teacher = Cadre._base_manager.get(full_name="Vũ Thị Giáo")
    moved = move_unit(school, to=thuong_phuc, actor=city_admin)
    # The unit, its sub-unit, person, assignment, two ratings and membership: seven rows.
    assert moved == 7
    assert _communes(Unit, name__in=["Trường Tiểu học", "Tổ chuyên môn"]) == ["thuong-phuc"]
    assert _communes(Cadre, pk=teacher.pk) == ["thuong-phuc"]
    assert _communes(Assignment, cadre=teacher) == ["thuong-phuc"]
    assert _communes(CadreRating, cadre=teacher) == _communes(UnitRating, unit=school) == ["thuong-phuc"]
    assert _communes(Membership, unit=school) == ["thuong-phuc"]
    assert User.objects.get(username="hieutruong").commune == thuong_phuc
    assert _communes(Award, cadre=teacher) == ["an-binh"]
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Unit),
        object_pk=str(school.pk),
        action=LogEntry.Action.UPDATE,
    )
    assert sorted(e.additional_data["commune"] for e in entries if e.changes_dict.get("commune")) == sorted(
        [school.commune_id, thuong_phuc.pk]
    )
    # Read in the new commune, the person's page still lists the award the old one keeps.
    with tenancy.within(thuong_phuc):
        office = UserFactory(username="vhxh-tp")
        MembershipFactory(user=office, unit=UnitFactory(name="Phòng Văn hóa – Xã hội"), role="vhxh")
    page = client_for(office).get(reverse("units:cadre_detail", args=[teacher.pk])).content.decode()
    assert "Giấy khen của Chủ tịch UBND xã" in page
    assert "kept in the registry of xã An Bình" in page


def test_a_unit_whose_name_the_target_has_is_refused_and_nothing_moves(school, thuong_phuc, city_admin):
    UnitFactory(name="Trường tiểu học", commune=thuong_phuc)
    with pytest.raises(CommuneRefused, match="xã Thượng Phúc already has a unit named “Trường Tiểu học”"):
        move_unit(school, to=thuong_phuc, actor=city_admin)
    assert _communes(Unit, name__in=["Trường Tiểu học", "Tổ chuyên môn"], commune__code="an-binh") == [
        "an-binh"
    ]
    assert Unit._base_manager.filter(commune__code="an-binh").count() == 2
    assert _communes(Cadre, full_name="Vũ Thị Giáo") == ["an-binh"]


def test_a_unit_registered_in_the_old_commune_movement_is_refused(school, thuong_phuc, city_admin):
    RegistrationFactory(unit=school, campaign__commune=school.commune)
    with pytest.raises(CommuneRefused) as refused:
        move_unit(school, to=thuong_phuc, actor=city_admin)
    assert str(refused.value) == (
        "It cannot be moved: these records also belong to lists of xã An Bình that stay there: "
        "registrations (1). Close or remove them first."
    )
    assert _communes(Unit, pk=school.pk) == ["an-binh"]


def test_a_person_moves_with_their_history_and_the_award_stays(school, thuong_phuc, city_admin):
    teacher = Cadre._base_manager.get(full_name="Vũ Thị Giáo")
    target = UnitFactory(name="Trường Mầm non", commune=thuong_phuc)
    move_cadre(teacher, to_unit=target, on=datetime.date(2026, 9, 1), actor=city_admin, position="Giáo viên")
    teacher = Cadre._base_manager.get(pk=teacher.pk)
    assert (teacher.commune, teacher.unit, teacher.position) == (thuong_phuc, target, "Giáo viên")
    history = list(
        Assignment._base_manager.filter(cadre=teacher)
        .order_by("start_date")
        .values_list("unit__name", "end_date")
    )
    assert history == [("Trường Tiểu học", datetime.date(2026, 8, 31)), ("Trường Mầm non", None)]
    assert _communes(Assignment, cadre=teacher) == _communes(CadreRating, cadre=teacher) == ["thuong-phuc"]
    assert _communes(Award, cadre=teacher) == ["an-binh"]
    assert _communes(Unit, pk=school.pk) == ["an-binh"]


def test_a_person_already_in_the_target_list_is_refused(school, thuong_phuc, city_admin):
    target = UnitFactory(name="Trường Mầm non", commune=thuong_phuc)
    CadreFactory(unit=target, full_name="Vũ  Thị Giáo", date_of_birth=datetime.date(1988, 2, 3))
    teacher = Cadre._base_manager.get(full_name="Vũ Thị Giáo", commune__code="an-binh")
    with pytest.raises(
        CommuneRefused, match="Vũ Thị Giáo, born 03/02/1988, is already in the list of xã Thượng Phúc"
    ):
        move_cadre(teacher, to_unit=target, on=datetime.date(2026, 9, 1), actor=city_admin)
    assert Assignment._base_manager.filter(cadre=teacher).count() == 1
    assert _communes(Cadre, pk=teacher.pk) == ["an-binh"]


def test_a_move_into_another_city_commune_is_refused(school, city_admin):
    other_city = CommuneFactory(name="Tỉnh Khác", kind=CommuneKind.CITY, code="tinh-khac")
    far = CommuneFactory(name="xã Xa", code="xa-xa", parent=other_city)
    with pytest.raises(CommuneRefused, match="xã Xa is not a commune of the same city as xã An Bình."):
        move_unit(school, to=far, actor=city_admin)


def test_the_city_admin_moves_a_person_on_the_page(school, thuong_phuc, city_admin, client_for):
    teacher = Cadre._base_manager.get(full_name="Vũ Thị Giáo")
    target = UnitFactory(name="Trường Mầm non", commune=thuong_phuc)
    client = client_for(city_admin)
    form = client.get(reverse("units:city_move_cadre"))
    assert "Vũ Thị Giáo (xã An Bình)" in form.content.decode()
    response = client.post(
        reverse("units:city_move_cadre"), {"cadre": teacher.pk, "to_unit": target.pk, "on": "01/09/2026"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Cadre._base_manager.get(pk=teacher.pk).commune == thuong_phuc


def test_the_move_page_shows_a_refusal_and_changes_nothing(school, thuong_phuc, city_admin, client_for):
    UnitFactory(name="Trường Tiểu học", commune=thuong_phuc)
    response = client_for(city_admin).post(
        reverse("units:city_move_unit"), {"unit": school.pk, "to": thuong_phuc.pk}
    )
    assert response.status_code == 200
    assert (
        "xã Thượng Phúc already has a unit named “Trường Tiểu học”; nothing was moved."
        in response.content.decode()
    )
    assert _communes(Unit, pk=school.pk) == ["an-binh"]
