"""PAR INDEX / SIPAS screens: the year's table, the forms, the unit page, query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import IndexComponent, IndexKind
from tests.factories import UnitFactory
from tests.factories.campaigns import IndexComponentFactory

pytestmark = pytest.mark.django_db


def two_years(unit, before="1.50", after="1.25", **fields):
    fields = {"code": "3.2", "name": "Công khai TTHC", "max_points": Decimal("2"), **fields}
    IndexComponentFactory(year=2025, score=Decimal(before), **fields)
    current = IndexComponentFactory(year=2026, score=Decimal(after), **fields)
    current.units.add(unit)
    return current


def test_list_shows_scores_with_decimal_commas_and_a_coloured_change(client, unit_staff, own_unit):
    two_years(own_unit)
    two_years(own_unit, "0.75", "1.00", code="1.2", name="Tuyên truyền CCHC")
    client.force_login(unit_staff)  # Vietnamese, the default
    response = client.get(reverse("campaigns:index_list"), {"year": 2026})
    html = response.content.decode()
    assert response.context["year"] == 2026
    assert [row.component.code for row in response.context["rows"]] == ["1.2", "3.2"]
    assert 'text-danger fw-semibold">\u22120,25</td>' in html
    assert 'text-success">+0,25</td>' in html
    assert ">1,50</td>" in html
    assert ">2,00</td>" in html
    assert own_unit.name in html
    assert reverse("campaigns:index_edit", args=[1]) not in html  # no edit links for a unit


def test_list_defaults_to_the_latest_year_with_components(client, vhxh_officer, own_unit):
    two_years(own_unit)
    client.force_login(vhxh_officer)
    response = client.get(reverse("campaigns:index_list"))
    assert response.context["year"] == 2026
    assert response.context["years"] == [2025, 2026]


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow(client, vhxh_officer, rows, django_assert_max_num_queries):
    for i in range(rows):
        component = IndexComponentFactory(year=2026, code=f"3.{i}", score=Decimal("1"))
        component.units.add(UnitFactory(), UnitFactory())
        IndexComponentFactory(year=2025, code=f"3.{i}", score=Decimal("1"))
    client.force_login(vhxh_officer)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("campaigns:index_list"), {"year": 2026})
    assert len(response.context["rows"]) == rows


def test_office_creates_a_component_and_is_told_of_a_duplicate(client_for, vhxh_officer):
    client = client_for(vhxh_officer)
    data = {
        "index": "par", "year": "2026", "group": "Cải cách TTHC", "code": "3.2",
        "name": "Công khai TTHC", "max_points": "2",
    }  # fmt: skip
    response = client.post(reverse("campaigns:index_create"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:index_list") + "?year=2026"
    response = client.post(reverse("campaigns:index_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["PAR INDEX already has a component 3.2 in 2026."]}
    assert IndexComponent.objects.count() == 1


def test_office_edits_a_component(client_for, vhxh_officer, own_unit):
    component = two_years(own_unit)
    client = client_for(vhxh_officer)
    form = client.get(reverse("campaigns:index_edit", args=[component.pk])).context["form"]
    assert form.initial["code"] == "3.2"
    data = {**form.initial, "name": "Công khai, minh bạch TTHC", "max_points": "1.20"}
    response = client.post(reverse("campaigns:index_edit", args=[component.pk]), data)
    assert response.context["form"].errors == {
        "max_points": [
            "The maximum of PAR INDEX 3.2 Công khai TTHC cannot be lower than its recorded score of 1,25."
        ]
    }
    data["max_points"] = "2.5"
    assert client.post(reverse("campaigns:index_edit", args=[component.pk]), data).status_code == 302
    component.refresh_from_db()
    assert (component.name, component.max_points) == ("Công khai, minh bạch TTHC", Decimal("2.50"))


def _two_components():
    first = IndexComponentFactory(year=2026, code="3.1", name="Kiểm soát TTHC", max_points=Decimal("1.5"))
    second = IndexComponentFactory(year=2026, code="3.2", name="Công khai TTHC", max_points=Decimal("2"))
    return first, second


def test_scores_form_takes_vietnamese_decimals_and_is_all_or_nothing(client, vhxh_officer):
    first, second = _two_components()
    client.force_login(vhxh_officer)  # Vietnamese, the default
    url = reverse("campaigns:index_scores", args=[2026])
    response = client.post(url, {f"score_{first.pk}": "1,25", f"score_{second.pk}": "2,25"})
    assert response.status_code == 200
    [error] = response.context["form"].errors[f"score_{second.pk}"]
    assert "PAR INDEX 3.2 Công khai TTHC" in error
    assert "(2,25)" in error
    assert "2,00" in error
    assert list(IndexComponent.objects.values_list("score", flat=True)) == [None, None]
    response = client.post(url, {f"score_{first.pk}": "1,25", f"score_{second.pk}": ""})
    assert response.status_code == 302
    assert list(IndexComponent.objects.order_by("code").values_list("score", flat=True)) == [
        Decimal("1.25"),
        None,
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2.25", "The score of PAR INDEX 3.2 Công khai TTHC (2,25) is above its maximum of 2,00 points."),
        ("-1", "The score of PAR INDEX 3.2 Công khai TTHC cannot be negative (\u22121,00)."),
        (
            "nhiều",
            "“nhiều” is not a number. Write it the Vietnamese way: 1.234 for a thousand two hundred and thirty-four, 72,75 for seventy-two point seventy-five.",
        ),
    ],
)
def test_scores_form_names_the_component_and_saves_nothing(client_for, vhxh_officer, value, message):
    first, second = _two_components()
    url = reverse("campaigns:index_scores", args=[2026])
    response = client_for(vhxh_officer).post(url, {f"score_{first.pk}": "1.25", f"score_{second.pk}": value})
    assert response.context["form"].errors == {f"score_{second.pk}": [message]}
    assert list(IndexComponent.objects.values_list("score", flat=True)) == [None, None]


def test_scores_page_shows_current_scores(client_for, vhxh_officer):
    component = IndexComponentFactory(year=2026, score=Decimal("1.75"))
    response = client_for(vhxh_officer).get(reverse("campaigns:index_scores", args=[2026]))
    assert (
        f'name="score_{component.pk}" id="id_score_{component.pk}" value="1,75"' in response.content.decode()
    )


def test_office_assigns_units(client_for, vhxh_officer, own_unit, other_unit):
    component = IndexComponentFactory(year=2026)
    client = client_for(vhxh_officer)
    url = reverse("campaigns:index_units", args=[component.pk])
    assert client.post(url, {"units": [own_unit.pk, other_unit.pk]}).status_code == 302
    assert set(component.units.all()) == {own_unit, other_unit}
    assert client.post(url, {}).status_code == 302
    assert not component.units.exists()


def test_office_copies_a_year(client_for, vhxh_officer, own_unit):
    two_years(own_unit)
    IndexComponentFactory(year=2025, code="1.1")
    client = client_for(vhxh_officer)
    response = client.post(
        reverse("campaigns:index_copy"), {"from_year": "2025", "to_year": "2027"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["2 components were copied."]
    assert sorted(IndexComponent.objects.filter(year=2027).values_list("code", flat=True)) == ["1.1", "3.2"]
    response = client.post(reverse("campaigns:index_copy"), {"from_year": "2020", "to_year": "2027"})
    assert response.context["form"].errors == {"from_year": ["There is no component in 2020 to copy."]}


def test_unit_page_shows_criterion_2_with_the_fall(client, unit_staff, own_unit):
    two_years(own_unit)
    client.force_login(unit_staff)
    response = client.get(reverse("campaigns:index_unit", args=[own_unit.pk, 2026]))
    assert response.context["check"].status == "not_met"
    assert "PAR INDEX 3.2 Công khai TTHC: 1,50 → 1,25 (\u22120,25)" in response.content.decode()


def test_unit_page_without_assignment_says_not_applicable(client_for, other_staff, other_unit):
    response = client_for(other_staff).get(reverse("campaigns:index_unit", args=[other_unit.pk, 2026]))
    assert response.context["check"].status == "not_applicable"
    assert response.context["comparisons"] == []


@pytest.mark.parametrize("rows", [1, 20])
def test_unit_page_query_count_does_not_grow(
    client, vhxh_officer, own_unit, rows, django_assert_max_num_queries
):
    for i in range(rows):
        two_years(own_unit, code=f"3.{i}")
    client.force_login(vhxh_officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("campaigns:index_unit", args=[own_unit.pk, 2026]))
    assert len(response.context["comparisons"]) == rows


def test_index_kind_labels_in_the_table(client_for, vhxh_officer):
    IndexComponentFactory(
        index=IndexKind.SIPAS, year=2026, group="Chỉ số SIPAS", code="S1", max_points=Decimal("20")
    )
    html = client_for(vhxh_officer).get(reverse("campaigns:index_list")).content.decode()
    assert '<th scope="rowgroup" colspan="8">SIPAS</th>' in html
    assert "Chỉ số SIPAS" in html
