"""Screens for units and people, as each persona sees them."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CadreFactory,
    CadreRatingFactory,
    MembershipFactory,
    TransferRequestFactory,
    UnitFactory,
    UserFactory,
)
from thiduaportal.dates import legal_date
from units import services
from units.models import Assignment, Cadre, CadreRating, TransferRequest, UnitRating
from units.services import transfer_cadre

pytestmark = pytest.mark.django_db


def names_in(response):
    return [c.full_name for c in response.context["object_list"]]


def test_unit_staff_sees_only_own_units_people(client, unit_staff, own_cadre, other_cadre):
    client.force_login(unit_staff)
    response = client.get(reverse("units:cadre_list"))
    assert names_in(response) == ["Nguyễn Thị Hưởng"]


def test_vhxh_sees_everyone(client, vhxh_officer, own_cadre, other_cadre):
    client.force_login(vhxh_officer)
    response = client.get(reverse("units:cadre_list"))
    assert sorted(names_in(response)) == ["Lê Văn Khác", "Nguyễn Thị Hưởng"]


def test_search_ignores_diacritics_and_case(client, vhxh_officer, own_cadre, other_cadre):
    client.force_login(vhxh_officer)
    response = client.get(reverse("units:cadre_list"), {"q": "HUONG"})
    assert names_in(response) == ["Nguyễn Thị Hưởng"]
    response = client.get(reverse("units:cadre_list"), {"q": "nguyen huong"})
    assert names_in(response) == ["Nguyễn Thị Hưởng"]


def test_search_with_decomposed_input_finds_precomposed_name(client, vhxh_officer, own_cadre):
    client.force_login(vhxh_officer)
    decomposed = "Hu\u031bo\u031b\u0309ng"  # "Hưởng" typed as base letters + combining marks
    response = client.get(reverse("units:cadre_list"), {"q": decomposed})
    assert names_in(response) == ["Nguyễn Thị Hưởng"]


def test_cadre_list_filters_by_category_and_status(client, vhxh_officer, own_unit):
    CadreFactory(unit=own_unit, full_name="Trần Văn An", category="vien_chuc")
    CadreFactory(unit=own_unit, full_name="Trần Văn Bình", category="cong_chuc")
    CadreFactory(unit=own_unit, full_name="Trần Văn Cường", category="vien_chuc", is_active=False)
    client.force_login(vhxh_officer)
    assert names_in(client.get(reverse("units:cadre_list"), {"category": "vien_chuc"})) == ["Trần Văn An"]
    response = client.get(reverse("units:cadre_list"), {"category": "vien_chuc", "status": "left"})
    assert names_in(response) == ["Trần Văn Cường"]


def test_cadre_list_paginates(client, vhxh_officer, own_unit):
    for i in range(30):
        CadreFactory(unit=own_unit, full_name=f"Phạm Văn Số {i:02d}")
    client.force_login(vhxh_officer)
    first = client.get(reverse("units:cadre_list"))
    second = client.get(reverse("units:cadre_list"), {"page": 2})
    assert len(first.context["object_list"]) == 25
    assert len(second.context["object_list"]) == 5
    assert first.context["paginator"].count == 30


@pytest.mark.parametrize("rows", [1, 40])
def test_cadre_list_query_count_does_not_grow(
    client, vhxh_officer, own_unit, rows, django_assert_max_num_queries
):
    for i in range(rows):
        CadreFactory(unit=UnitFactory() if i % 2 else own_unit)
    client.force_login(vhxh_officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("units:cadre_list")).status_code == 200


@pytest.mark.parametrize("rows", [1, 40])
def test_unit_list_query_count_does_not_grow(client, vhxh_officer, rows, django_assert_max_num_queries):
    parent = UnitFactory()
    for _ in range(rows):
        UnitFactory(parent=parent)
    client.force_login(vhxh_officer)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("units:unit_list")).status_code == 200


def test_staff_adds_person_to_own_unit_with_history_and_audit(client, unit_staff, own_unit):
    client.force_login(unit_staff)
    response = client.post(
        reverse("units:cadre_create"),
        {
            "full_name": "  Đỗ   Thu Hà ",
            "sex": "female",
            "date_of_birth": "1990-03-05",
            "position": "Chuyên viên",
            "category": "cong_chuc",
            "unit": own_unit.pk,
            "is_active": "on",
        },
    )
    cadre = Cadre.objects.get(full_name="Đỗ Thu Hà")
    assert response.status_code == 302
    assert response["Location"] == cadre.get_absolute_url()
    assert cadre.unit == own_unit
    assert list(Assignment.objects.filter(cadre=cadre).values_list("unit_id", "end_date")) == [
        (own_unit.pk, None)
    ]
    entry = LogEntry.objects.get_for_object(cadre).get()
    assert entry.actor == unit_staff
    assert entry.changes_dict["full_name"] == ["None", "Đỗ Thu Hà"]


def test_staff_cannot_add_person_to_another_unit(client, unit_staff, other_unit):
    client.force_login(unit_staff)
    response = client.post(
        reverse("units:cadre_create"),
        {
            "full_name": "Người Ngoài",
            "sex": "male",
            "date_of_birth": "1990-01-01",
            "category": "cong_chuc",
            "unit": other_unit.pk,
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Cadre.objects.filter(full_name="Người Ngoài").exists()


def test_duplicate_person_is_refused_with_name_and_date(client, vhxh_officer, own_cadre):
    client.force_login(vhxh_officer)
    response = client.post(
        reverse("units:cadre_create"),
        {
            "full_name": own_cadre.full_name,
            "sex": "female",
            "date_of_birth": own_cadre.date_of_birth.isoformat(),
            "category": "cong_chuc",
            "unit": own_cadre.unit_id,
        },
    )
    errors = response.context["form"].non_field_errors()
    assert errors == [
        f"Nguyễn Thị Hưởng, sinh ngày {own_cadre.date_of_birth:%d/%m/%Y}, đã có trong danh sách."
    ]
    assert Cadre.objects.count() == 1


def test_edit_records_before_and_after(client, unit_staff, own_cadre):
    client.force_login(unit_staff)
    data = {
        "full_name": own_cadre.full_name,
        "sex": own_cadre.sex,
        "date_of_birth": own_cadre.date_of_birth.isoformat(),
        "position": "Phó Giám đốc",
        "category": own_cadre.category,
        "is_active": "on",
    }
    response = client.post(reverse("units:cadre_edit", args=[own_cadre.pk]), data)
    assert response.status_code == 302
    own_cadre.refresh_from_db()
    assert own_cadre.position == "Phó Giám đốc"
    entry = LogEntry.objects.get_for_object(own_cadre).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["position"] == ["Chuyên viên", "Phó Giám đốc"]
    assert entry.actor == unit_staff


def _history(cadre) -> list[tuple]:
    return list(
        Assignment.objects.filter(cadre=cadre)
        .order_by("start_date")
        .values_list("unit__name", "start_date", "end_date")
    )


@pytest.fixture
def other_head(other_unit):
    """The head of the receiving unit."""
    user = UserFactory(username="other-head")
    MembershipFactory(user=user, unit=other_unit, role="unit_head")
    return user


def test_office_transfers_person_at_once_and_history_is_kept(client, vhxh_officer, own_cadre, other_unit):
    client.force_login(vhxh_officer)
    response = client.post(
        reverse("units:cadre_transfer", args=[own_cadre.pk]),
        {"to_unit": other_unit.pk, "on": "2026-03-01", "position": "Chuyên viên"},
    )
    assert response.status_code == 302
    assert _history(own_cadre) == [
        ("Trung tâm Phục vụ hành chính công", datetime.date(2020, 1, 1), datetime.date(2026, 2, 28)),
        ("Phòng Kinh tế", datetime.date(2026, 3, 1), None),
    ]
    assert not TransferRequest.objects.exists()


def test_head_only_asks_and_the_person_moves_when_the_receiving_head_accepts(
    client, unit_head, other_head, own_cadre, other_unit
):
    client.force_login(unit_head)
    response = client.post(
        reverse("units:cadre_transfer", args=[own_cadre.pk]),
        {"to_unit": other_unit.pk, "on": "2026-03-01", "position": "Chuyên viên", "note": "QĐ 15/QĐ-UBND"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Đã gửi đề nghị chuyển {own_cadre} sang {other_unit}; người này chỉ chuyển khi trưởng {other_unit} "
        "hoặc Phòng Văn hóa – Xã hội chấp nhận."
    ]
    own_cadre.refresh_from_db()
    assert own_cadre.unit_id != other_unit.pk
    assert _history(own_cadre) == [("Trung tâm Phục vụ hành chính công", datetime.date(2020, 1, 1), None)]
    transfer = TransferRequest.objects.get()
    assert (transfer.state, transfer.from_unit, transfer.to_unit, transfer.requested_by) == (
        "pending",
        own_cadre.unit,
        other_unit,
        unit_head,
    )
    # The asking head cannot accept their own request.
    answer = reverse("units:transfer_answer", args=[transfer.pk])
    assert client.post(answer, {"answer": "accepted"}).status_code == 403

    receiving = Client()
    receiving.force_login(other_head)
    page = receiving.get(reverse("units:transfer_list")).content.decode()
    assert own_cadre.full_name in page
    assert 'value="accepted"' in page
    assert receiving.post(answer, {"answer": "accepted"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == "accepted"
    assert _history(own_cadre) == [
        ("Trung tâm Phục vụ hành chính công", datetime.date(2020, 1, 1), datetime.date(2026, 2, 28)),
        ("Phòng Kinh tế", datetime.date(2026, 3, 1), None),
    ]
    assert list(transfer.transitions.values_list("actor", "from_state", "to_state")) == [
        (other_head.pk, "pending", "accepted")
    ]
    logged = LogEntry.objects.get_for_object(transfer).values_list("action", "actor")
    assert list(logged.order_by("pk")) == [
        (LogEntry.Action.CREATE, unit_head.pk),
        (LogEntry.Action.UPDATE, other_head.pk),
    ]
    # The head's unit no longer holds the person, so the head no longer sees them.
    assert client.get(reverse("units:cadre_detail", args=[own_cadre.pk])).status_code == 403


def test_staff_of_the_receiving_unit_cannot_accept(client, other_staff, own_cadre, other_unit):
    transfer = TransferRequestFactory(cadre=own_cadre, to_unit=other_unit)
    client.force_login(other_staff)
    assert (
        client.post(reverse("units:transfer_answer", args=[transfer.pk]), {"answer": "accepted"}).status_code
        == 403
    )
    transfer.refresh_from_db()
    assert transfer.state == "pending"
    assert own_cadre.unit_id != other_unit.pk


def test_declining_needs_a_reason_and_moves_nobody(client, other_head, own_cadre, other_unit):
    transfer = TransferRequestFactory(cadre=own_cadre, to_unit=other_unit)
    client.force_login(other_head)
    url = reverse("units:transfer_answer", args=[transfer.pk])
    response = client.post(url, {"answer": "declined", "reason": "  "}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Hãy nêu lý do không nhận người chuyển đến."]
    transfer.refresh_from_db()
    assert transfer.state == "pending"
    client.post(url, {"answer": "declined", "reason": "Đơn vị đã đủ biên chế"})
    transfer.refresh_from_db()
    assert transfer.state == "declined"
    assert transfer.transitions.get().reason == "Đơn vị đã đủ biên chế"
    own_cadre.refresh_from_db()
    assert own_cadre.unit_id == transfer.from_unit_id


def test_a_second_request_for_the_same_person_is_refused(client, unit_head, own_cadre, other_unit):
    TransferRequestFactory(cadre=own_cadre, to_unit=other_unit, requested_by=unit_head)
    client.force_login(unit_head)
    response = client.post(
        reverse("units:cadre_transfer", args=[own_cadre.pk]),
        {"to_unit": UnitFactory().pk, "on": "2026-03-01"},
    )
    assert response.context["form"].non_field_errors() == [
        f"Đề nghị chuyển {own_cadre} sang {other_unit} đang chờ; hãy rút đề nghị đó trước."
    ]
    assert TransferRequest.objects.count() == 1


def test_the_asking_head_withdraws_and_an_accept_after_that_is_refused(
    client, unit_head, other_head, own_cadre, other_unit
):
    transfer = TransferRequestFactory(cadre=own_cadre, to_unit=other_unit, requested_by=unit_head)
    client.force_login(unit_head)
    url = reverse("units:transfer_answer", args=[transfer.pk])
    assert client.post(url, {"answer": "withdrawn"}).status_code == 302
    receiving = Client()
    receiving.force_login(other_head)
    response = receiving.post(url, {"answer": "accepted"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Đề nghị chuyển công tác đang ở trạng thái “Đã rút” nên không thể chuyển sang “Đã chấp nhận”."
    ]
    own_cadre.refresh_from_db()
    assert own_cadre.unit_id == transfer.from_unit_id


@pytest.mark.parametrize("count", [1, 20])
def test_transfer_list_query_count_does_not_grow(client, vhxh_officer, count, django_assert_max_num_queries):
    for _ in range(count):
        TransferRequestFactory()
    client.force_login(vhxh_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("units:transfer_list"))
    assert len(response.context["rows"]) == count


def test_transfer_date_before_current_assignment_is_refused(client, vhxh_officer, own_cadre, other_unit):
    client.force_login(vhxh_officer)
    response = client.post(
        reverse("units:cadre_transfer", args=[own_cadre.pk]), {"to_unit": other_unit.pk, "on": "2019-06-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Ngày chuyển công tác phải sau ngày 01/01/2020, ngày bắt đầu nhiệm vụ hiện tại."
    ]
    own_cadre.refresh_from_db()
    assert own_cadre.unit.name == "Trung tâm Phục vụ hành chính công"


def test_head_enters_ratings_for_whole_unit(client, unit_head, own_unit):
    people = [CadreFactory(unit=own_unit, full_name=name) for name in ("Lê Thị Mai", "Vũ Văn Nam")]
    client.force_login(unit_head)
    url = reverse("units:ratings", args=[own_unit.pk, 2026])
    response = client.post(url, {f"level_{people[0].pk}": "excellent", f"level_{people[1].pk}": "good"})
    assert response.status_code == 302
    assert dict(CadreRating.objects.filter(year=2026).values_list("cadre__full_name", "level")) == {
        "Lê Thị Mai": "excellent",
        "Vũ Văn Nam": "good",
    }
    # A head rates people, not the unit itself.
    assert not UnitRating.objects.exists()


def test_staff_sees_ratings_but_cannot_save(client, unit_staff, own_unit):
    person = CadreFactory(unit=own_unit)
    client.force_login(unit_staff)
    url = reverse("units:ratings", args=[own_unit.pk, 2026])
    assert client.get(url).status_code == 200
    assert client.post(url, {f"level_{person.pk}": "excellent"}).status_code == 403
    assert not CadreRating.objects.exists()


def test_office_rates_the_unit_itself(client, vhxh_officer, own_unit):
    client.force_login(vhxh_officer)
    url = reverse("units:ratings", args=[own_unit.pk, 2026])
    client.post(url, {"unit_level": "excellent", "unit_note": "Tiêu biểu"})
    assert list(UnitRating.objects.values_list("unit", "year", "level", "note")) == [
        (own_unit.pk, 2026, "excellent", "Tiêu biểu")
    ]


def test_ratings_table_lists_who_worked_in_the_unit_that_year(client, vhxh_officer, own_unit, other_unit):
    stayed = CadreFactory(unit=own_unit, full_name="Ở Lại")
    moved = CadreFactory(unit=own_unit, full_name="Đã Chuyển")

    transfer_cadre(moved, actor=vhxh_officer, to_unit=other_unit, on=datetime.date(2026, 6, 1))
    client.force_login(vhxh_officer)
    rows = client.get(reverse("units:ratings", args=[own_unit.pk, 2026])).context["form"].cadres
    assert {c.full_name for c in rows} == {"Ở Lại", "Đã Chuyển"}
    rows = client.get(reverse("units:ratings", args=[own_unit.pk, 2027])).context["form"].cadres
    assert [c.full_name for c in rows] == [stayed.full_name]


def test_audit_log_lists_changes_for_office(client, vhxh_officer, unit_staff, own_cadre):
    client.force_login(vhxh_officer)
    response = client.get(reverse("audit_list"))
    reprs = [entry.object_repr for entry in response.context["object_list"]]
    assert "Nguyễn Thị Hưởng" in reprs
    assert {entry.action_label for entry in response.context["object_list"]} == {"Tạo mới"}


def test_commune_details_are_data(client, vhxh_officer, commune):
    client.force_login(vhxh_officer)
    response = client.post(
        reverse("units:commune_edit"),
        {"name": "xã Bình Minh", "place_name": "Bình Minh", "authority_name": "ỦY BAN NHÂN DÂN XÃ BÌNH MINH"},
    )
    assert response.status_code == 302
    commune.refresh_from_db()
    assert (commune.name, commune.place_name) == ("xã Bình Minh", "Bình Minh")
    page = client.get(reverse("home")).content.decode()
    assert "xã Bình Minh" in page


def test_home_shows_unit_staff_what_needs_attention(client, unit_staff, own_unit):
    CadreFactory(unit=own_unit)
    CadreFactory(unit=own_unit)
    client.force_login(unit_staff)
    panels = client.get(reverse("home")).context["panels"]
    counts = {item.text: item.count for panel in panels for item in panel.items}
    assert counts["Cá nhân đang công tác tại Trung tâm Phục vụ hành chính công"] == 2
    assert counts["Cá nhân chưa có xếp loại năm 2026"] == 2


def test_audit_log_shows_before_and_after_without_noise(client, vhxh_officer, own_cadre):

    services.update_cadre(own_cadre, actor=vhxh_officer, position="Phó Giám đốc")
    client.force_login(vhxh_officer)
    entries = client.get(reverse("audit_list")).context["object_list"]
    update = next(
        e for e in entries if e.action == LogEntry.Action.UPDATE and e.object_repr == own_cadre.full_name
    )
    assert update.rows == [("Chức vụ", "Chuyên viên", "Phó Giám đốc")]
    create = next(
        e for e in entries if e.action == LogEntry.Action.CREATE and e.object_repr == own_cadre.full_name
    )
    assert ("Họ và tên", "", "Nguyễn Thị Hưởng") in create.rows
    assert all(label != "ID" for label, _, _ in create.rows)
    assert ("Đang công tác", "", "Có") in create.rows


def test_home_shows_todays_dateline_in_the_legal_format(client, unit_staff, commune):

    client.force_login(unit_staff)
    today = timezone.localdate()
    expected = legal_date(today, "An Bình")
    assert expected.startswith(f"An Bình, ngày {today.day:02d} tháng ")
    assert expected in client.get(reverse("home")).content.decode()


def test_home_works_before_the_commune_is_entered(client, unit_staff):

    client.force_login(unit_staff)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert legal_date(timezone.localdate()) in response.content.decode()


@pytest.mark.parametrize("people", [1, 30])
@pytest.mark.parametrize(
    ("persona", "page", "limit"),
    # home: 16 before decisions, + the decision panel's drafts and rounds awaiting a decision,
    # + the transfer requests waiting for an answer, + the council panel (sessions in
    # preparation, voting and results waiting to be made final).
    [("unit_head", "ratings", 14), ("vhxh_officer", "audit", 12), ("vhxh_officer", "home", 20)],
)
def test_page_query_count_does_not_grow(
    request, client, own_unit, people, persona, page, limit, django_assert_max_num_queries
):
    for _ in range(people):
        CadreFactory(unit=own_unit)
    client.force_login(request.getfixturevalue(persona))
    url = {
        "ratings": reverse("units:ratings", args=[own_unit.pk, 2026]),
        "audit": reverse("audit_list"),
        "home": reverse("home"),
    }[page]
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_audit_log_names_related_records_and_choices(client, vhxh_officer, own_cadre):

    CadreRatingFactory(cadre=own_cadre, year=2026, level="good")
    client.force_login(vhxh_officer)
    entries = client.get(reverse("audit_list")).context["object_list"]
    rating = next(e for e in entries if e.content_type.model == "cadrerating")
    assert ("Cá nhân", "", "Nguyễn Thị Hưởng") in rating.rows
    assert ("Xếp loại", "", "Hoàn thành tốt nhiệm vụ") in rating.rows
    assert ("Đơn vị xếp loại", "", "Trung tâm Phục vụ hành chính công") in rating.rows


def test_the_receiving_head_sees_the_waiting_request_on_the_home_page(
    client, other_head, own_cadre, other_unit
):
    client.force_login(other_head)
    assert reverse("units:transfer_list") not in client.get(reverse("home")).content.decode()
    TransferRequestFactory(cadre=own_cadre, to_unit=other_unit)
    page = client.get(reverse("home")).content.decode()
    assert "Đề nghị chuyển công tác chờ bạn trả lời" in page
    assert reverse("units:transfer_list") in page


def test_commune_form_records_the_head_of_the_office(client, vhxh_officer, commune):
    client.force_login(vhxh_officer)
    response = client.post(
        reverse("units:commune_edit"),
        {
            "name": "xã An Bình",
            "place_name": "An Bình",
            "authority_name": "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
            "office_head_name": "Hoa\u0300ng Thi\u0323 Trưởng",
        },
    )
    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.office_head_name == "Hoàng Thị Trưởng"  # stored in NFC
