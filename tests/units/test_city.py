"""The city's administration of its communes: creating one with its first administrator,
listing, archiving (refused while rounds run; its accounts then cannot sign in), importing
into one commune. Two communes of one city and a city administrator, all real rows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.models import CertificateDesign
from council.forms.sessions import MemberForm
from tests.factories import CadreFactory, CommuneFactory, MembershipFactory, UnitFactory, UserFactory
from tests.factories.decisions import EMBLEM_PNG
from tests.factories.nominations import RoundFactory
from tests.units.test_imports import CADRE_HEADERS, UNIT_HEADERS, upload, xlsx
from thiduaportal import tenancy
from units import communes
from units.communes import CommuneRefused
from units.models import Cadre, Commune, CommuneKind, Membership, Unit, User


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form_data(**changes):
    data = {
        "name": "xã Vân Đình",
        "place_name": "Vân Đình",
        "kind": "commune",
        "code": "van-dinh",
        "province": "Thành phố Hà Nội",
        "authority_name": "ỦY BAN NHÂN DÂN XÃ VÂN ĐÌNH",
        "chairman_name": "Nguyễn Văn Chủ",
        "admin_unit": "Văn phòng HĐND và UBND",
        "username": "vandinh",
        "full_name": "Lê Thị Quản",
        "admin_email": "quantri@vandinh.example.vn",
    }
    return {**data, **changes}


def test_city_admin_lists_the_city_communes_with_their_counts(client_for, city_admin, an_binh, thuong_phuc):
    with tenancy.within(an_binh):
        CadreFactory(unit=UnitFactory(name="Trạm Y tế xã"))
    CadreFactory.create_batch(2, unit=UnitFactory(name="Trường Tiểu học", commune=thuong_phuc))
    other_city = CommuneFactory(name="Tỉnh Khác", kind=CommuneKind.CITY, code="tinh-khac")
    CommuneFactory(name="xã Xa", code="xa-xa", parent=other_city)
    response = client_for(city_admin).get(reverse("units:city_communes"))
    assert response.status_code == 200
    rows = [(c.name, n["units"], n["cadres"]) for c, n in response.context["rows"]]
    assert rows == [("xã An Bình", 1, 1), ("xã Thượng Phúc", 1, 2)]


def test_city_admin_creates_a_commune_whose_administrator_signs_in(client_for, city_admin, city, an_binh):
    png = SimpleUploadedFile("quoc-huy.png", EMBLEM_PNG, content_type="image/png")
    response = client_for(city_admin).post(
        reverse("units:city_commune_create"), {**form_data(), "emblem": png}
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    created = Commune.objects.get(code="van-dinh")
    assert (created.parent, created.kind, created.authority_name) == (
        city,
        "commune",
        "ỦY BAN NHÂN DÂN XÃ VÂN ĐÌNH",
    )
    user = User.objects.get(username="vandinh")
    assert (user.commune, user.full_name, user.email) == (
        created,
        "Lê Thị Quản",
        "quantri@vandinh.example.vn",
    )
    with tenancy.within(created):
        membership = Membership.objects.get(user=user)
        assert (membership.role, membership.unit.name) == ("admin", "Văn phòng HĐND và UBND")
        assert CertificateDesign.current().emblem.read() == EMBLEM_PNG
    with tenancy.within(an_binh):
        assert not CertificateDesign.objects.exists()
    password = response.context["created"].password
    assert len(password) == 12
    assert password in response.content.decode()
    client = Client()
    signed_in = client.post(reverse("login"), {"username": "vandinh", "password": password})
    assert signed_in.status_code == 302
    assert client.get(reverse("units:commune_edit")).context["form"].instance == created


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "thanhpho"}, "The login name “thanhpho” is already taken."),
        ({"code": "an-binh"}, "The short code “an-binh” is already used by another commune."),
    ],
)
def test_create_commune_refuses_a_taken_name_and_changes_nothing(
    client_for, city_admin, an_binh, changes, message
):
    before = (Commune.objects.count(), User.objects.count(), Unit._base_manager.count())
    response = client_for(city_admin).post(reverse("units:city_commune_create"), form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Commune.objects.count(), User.objects.count(), Unit._base_manager.count()) == before


def test_create_commune_refuses_an_svg_emblem_and_changes_nothing(client_for, city_admin, an_binh):
    svg = SimpleUploadedFile("quoc-huy.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    response = client_for(city_admin).post(
        reverse("units:city_commune_create"), {**form_data(), "emblem": svg}
    )
    assert "is an SVG drawing, which the portal does not accept" in response.content.decode()
    assert not Commune.objects.filter(code="van-dinh").exists()
    assert not User.objects.filter(username="vandinh").exists()


def test_archiving_is_refused_while_rounds_run_and_names_them(client_for, city_admin, an_binh):
    with tenancy.within(an_binh):
        RoundFactory(title="Khen thưởng hằng năm 2026")
    client = client_for(city_admin)
    client.cookies["django_language"] = "vi"
    response = client.post(reverse("units:city_commune_archive", args=[an_binh.pk]), follow=True)
    text = response.content.decode()
    assert "xã An Bình chưa thể lưu trữ khi còn đợt xét đang diễn ra: “Khen thưởng hằng năm 2026”" in text
    an_binh.refresh_from_db()
    assert an_binh.archived_at is None


def test_an_archived_commune_signs_in_no_more_and_its_public_pages_say_so(
    client_for, city_admin, an_binh, thuong_phuc
):
    with tenancy.within(an_binh):
        staff = UserFactory(username="canbo")
        MembershipFactory(user=staff, unit=UnitFactory(name="Phòng Kinh tế"), role="unit_staff")
    signed_in = client_for(staff)
    response = client_for(city_admin).post(reverse("units:city_commune_archive", args=[an_binh.pk]))
    assert response.status_code == 302
    an_binh.refresh_from_db()
    assert an_binh.archived_at is not None
    # The data stays; the session already open ends; a new sign-in is told why.
    assert Unit._base_manager.filter(commune=an_binh, name="Phòng Kinh tế").exists()
    assert signed_in.get(reverse("home"))["Location"].startswith(reverse("login"))
    login = Client()
    login.cookies["django_language"] = "en"
    response = login.post(reverse("login"), {"username": "canbo", "password": "thidua2026"})
    assert (
        "xã An Bình is archived in the portal; its accounts can no longer sign in."
        in response.content.decode()
    )
    wrong = login.post(reverse("login"), {"username": "canbo", "password": "wrong"})
    assert "is archived" not in wrong.content.decode()
    public = login.get(reverse("awards:verify_lookup") + "?xa=an-binh")
    assert "xã An Bình is archived in the portal" in public.content.decode()
    other = login.get(reverse("awards:verify_lookup") + "?xa=thuong-phuc")
    assert "is archived in the portal" not in other.content.decode()


def test_archive_service_refuses_twice(city_admin, an_binh):
    communes.archive_commune(an_binh, actor=city_admin)
    with translation.override("en"), pytest.raises(CommuneRefused, match="xã An Bình is already archived."):
        communes.archive_commune(an_binh, actor=city_admin)


def test_a_commune_of_another_city_is_not_found(client_for, city_admin, an_binh):
    other_city = CommuneFactory(name="Tỉnh Khác", kind=CommuneKind.CITY, code="tinh-khac")
    far = CommuneFactory(name="xã Xa", code="xa-xa", parent=other_city)
    response = client_for(city_admin).post(reverse("units:city_commune_archive", args=[far.pk]))
    assert response.status_code == 404
    far.refresh_from_db()
    assert far.archived_at is None


@pytest.mark.parametrize("name", ["units:city_communes", "units:city_commune_create", "units:city_move_unit"])
def test_a_commune_administrator_is_no_city_administrator(client_for, commune_admin, name):
    assert client_for(commune_admin).get(reverse(name)).status_code == 403


def test_city_admin_imports_people_into_the_commune_they_choose(client_for, city_admin, an_binh, thuong_phuc):
    UnitFactory(name="Trường Tiểu học", commune=thuong_phuc)
    client = client_for(city_admin)
    url = reverse("import_upload", args=["cadres"]) + f"?into={thuong_phuc.pk}"
    assert "The rows are imported into xã Thượng Phúc" in client.get(url).content.decode()
    rows = [["Đỗ Văn Mới", "Nam", datetime.date(1990, 5, 1), "Giáo viên", "Viên chức", "Trường Tiểu học"]]
    response = client.post(url, {"file": xlsx(CADRE_HEADERS, rows)})
    preview = response["Location"]
    assert client.post(preview).status_code == 302
    person = Cadre._base_manager.get(full_name="Đỗ Văn Mới")
    assert (person.commune, person.unit.name) == (thuong_phuc, "Trường Tiểu học")


def test_an_import_row_naming_another_commune_unit_is_refused_with_its_row(
    client_for, city_admin, an_binh, thuong_phuc
):
    UnitFactory(name="Trường Tiểu học", commune=thuong_phuc)
    UnitFactory(name="Trạm Y tế xã", commune=an_binh)
    client = client_for(city_admin)
    rows = [
        ["Đỗ Văn Mới", "Nam", datetime.date(1990, 5, 1), "Giáo viên", "Viên chức", "Trường Tiểu học"],
        ["Phạm Thị Lạ", "Nữ", datetime.date(1991, 6, 2), "Y sĩ", "Viên chức", "Trạm Y tế xã"],
    ]
    url = reverse("import_upload", args=["cadres"]) + f"?into={thuong_phuc.pk}"
    preview = client.post(url, {"file": xlsx(CADRE_HEADERS, rows)})["Location"]
    html = client.get(preview).content.decode()
    assert (
        "<tr><td>3</td><td>Cơ quan, đơn vị</td><td>“Trạm Y tế xã” is a unit of xã An Bình, not of this commune; "
        "a row may only name this commune&#x27;s units.</td></tr>"
    ) in html
    assert client.post(preview).status_code == 200
    assert not Cadre._base_manager.exists()


def test_a_commune_import_naming_another_commune_parent_unit_is_refused(client_for, an_binh, thuong_phuc):
    UnitFactory(name="Trường Tiểu học", commune=thuong_phuc)
    with tenancy.within(an_binh):
        office = UserFactory(username="vanhoa")
        MembershipFactory(user=office, unit=UnitFactory(name="Phòng Văn hóa – Xã hội"), role="vhxh")
    client = client_for(office)
    rows = [["Tổ chuyên môn", "", "Khác", "Trường Tiểu học", "Không", "", ""]]
    preview = upload(client, "units", xlsx(UNIT_HEADERS, rows))
    html = client.get(preview).content.decode()
    assert "“Trường Tiểu học” is a unit of xã Thượng Phúc, not of this commune" in html
    assert not Unit._base_manager.filter(name="Tổ chuyên môn").exists()


def test_only_a_city_administrator_may_import_into_another_commune(client_for, an_binh, thuong_phuc):
    with tenancy.within(an_binh):
        office = UserFactory(username="vanhoa")
        MembershipFactory(user=office, unit=UnitFactory(name="Phòng Văn hóa – Xã hội"), role="vhxh")
    url = reverse("import_upload", args=["cadres"]) + f"?into={thuong_phuc.pk}"
    assert client_for(office).get(url).status_code == 404


def test_a_commune_administrator_sees_their_commune_accounts_only_in_the_admin(
    client_for, commune_admin, an_binh, thuong_phuc
):
    far = UserFactory(username="nguoixa")
    MembershipFactory(
        user=far, unit=UnitFactory(name="Trường Tiểu học", commune=thuong_phuc), role="unit_staff"
    )
    client = client_for(commune_admin)
    listed = client.get(reverse("admin:units_user_changelist"))
    assert [u.username for u in listed.context["cl"].result_list] == ["quantri"]
    assert client.get(reverse("admin:units_user_change", args=[far.pk])).status_code == 302
    communes_listed = client.get(reverse("admin:units_commune_changelist")).context["cl"].result_list
    assert list(communes_listed) == [an_binh]


def test_the_council_seat_form_lists_the_commune_accounts_and_those_of_none(an_binh, thuong_phuc):
    here = UserFactory(username="tai-day")
    MembershipFactory(user=here, unit=UnitFactory(name="Phòng Kinh tế", commune=an_binh))
    far = UserFactory(username="o-xa")
    MembershipFactory(user=far, unit=UnitFactory(name="Phòng Kinh tế", commune=thuong_phuc))
    new = UserFactory(username="moi")
    UserFactory(username="goc", is_superuser=True)
    with tenancy.within(an_binh), translation.override("en"):
        assert list(MemberForm().fields["user"].queryset) == [new, here]


@pytest.mark.parametrize("count", [1, 12])
def test_the_communes_page_query_count_does_not_grow(
    client_for, city_admin, city, count, django_assert_max_num_queries
):
    for n in range(count):
        commune = CommuneFactory(name=f"xã Mẫu {n}", code=f"xa-mau-{n}", parent=city)
        CadreFactory(unit=UnitFactory(name=f"Trạm Y tế {n}", commune=commune))
    client = client_for(city_admin)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("units:city_communes"))
    assert len(response.context["rows"]) == count
    assert all(n == {"units": 1, "cadres": 1, "users": 0} for _c, n in response.context["rows"])


def test_a_large_import_into_a_commune_runs_as_a_job_its_owner_follows(
    client_for, city_admin, an_binh, thuong_phuc, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    UnitFactory(name="Trường Tiểu học", commune=thuong_phuc)
    client = client_for(city_admin)
    rows = [
        ["Đỗ Văn Mới", "Nam", datetime.date(1990, 5, 1), "Giáo viên", "Viên chức", "Trường Tiểu học"],
        ["Phạm Thị Hai", "Nữ", datetime.date(1991, 6, 2), "Giáo viên", "Viên chức", "Trường Tiểu học"],
    ]
    url = reverse("import_upload", args=["cadres"]) + f"?into={thuong_phuc.pk}"
    preview = client.post(url, {"file": xlsx(CADRE_HEADERS, rows)})["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        job_url = client.post(preview)["Location"]
    page = client.get(job_url)
    assert page.status_code == 200
    assert (page.context["object"].state, page.context["object"].row_count) == ("done", 2), page.context[
        "object"
    ].error
    assert sorted(Cadre._base_manager.filter(commune=thuong_phuc).values_list("full_name", flat=True)) == [
        "Phạm Thị Hai",
        "Đỗ Văn Mới",
    ]
