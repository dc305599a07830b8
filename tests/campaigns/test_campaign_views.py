"""Campaign, year, indicator and target screens, as the office and units see them."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from campaigns.models import Campaign, CampaignYear, Indicator, IndicatorTarget
from tests.factories import UnitFactory
from tests.factories.campaigns import (
    CampaignFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

CAMPAIGN_FORM = {
    "title": "Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân",
    "code": "cchc-2026-2030",
    "plan_number": "15/KH-UBND",
    "plan_date": "2026-03-10",
    "launch_date": "2026-03-20",
    "start_year": "2026",
    "end_year": "2030",
    "midterm_year": "2028",
    "legal_bases": "Luật Thi đua, khen thưởng năm 2022\nNghị định số 152/2025/NĐ-CP",
    "description": "",
    "is_public": "on",
}
INDICATOR_FORM = {
    "code": "so-hoa",
    "name": "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
    "definition": "Hồ sơ được số hóa trên tổng số hồ sơ tiếp nhận.",
    "kind": "ratio",
    "direction": "higher",
    "frequency": "monthly",
    "numerator_label": "Hồ sơ được số hóa",
    "denominator_label": "Tổng số hồ sơ",
    "final_target": "100",
    "order": "2",
}


def errors(response) -> dict:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


# --------------------------------------------------------------------------- list and detail


def test_list_shows_campaigns_with_their_indicator_count(client_for, unit_staff, online_kpi, campaign):
    IndicatorFactory(campaign=campaign)
    CampaignFactory(
        code="cchc-2021-2025",
        title="Đẩy mạnh cải cách hành chính",
        start_year=2021,
        end_year=2025,
        midterm_year=None,
    )
    response = client_for(unit_staff).get(reverse("campaigns:campaign_list"))
    rows = [(c.title, c.indicator_count) for c in response.context["object_list"]]
    assert rows == [
        ("Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân", 2),
        ("Đẩy mạnh cải cách hành chính", 0),
    ]
    assert "New campaign" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow(client_for, vhxh_officer, rows, django_assert_max_num_queries):
    for n in range(rows):
        IndicatorFactory(campaign=CampaignFactory(code=f"phong-trao-{n}"))
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("campaigns:campaign_list")).status_code == 200


def test_detail_shows_plan_years_reviews_deadlines_and_targets(client_for, unit_head, campaign, online_kpi):
    CampaignYear.objects.filter(campaign=campaign, year=2027).update(
        registration_deadline=datetime.date(2027, 1, 31)
    )
    IndicatorTargetFactory(indicator=online_kpi, year=2030, value=Decimal("80.5"))
    response = client_for(unit_head).get(campaign.get_absolute_url())
    periods = [(p.year, points, p.registration_deadline) for p, points in response.context["periods"]]
    assert periods == [
        (2026, ["Annual review"], None),
        (2027, ["Annual review"], datetime.date(2027, 1, 31)),
        (2028, ["Annual review", "Mid-term review (sơ kết)"], None),
        (2029, ["Annual review"], None),
        (2030, ["Annual review", "Final review (tổng kết)"], None),
    ]
    assert response.context["target_rows"] == [
        (online_kpi, [Decimal("60"), None, None, None, Decimal("80.5")])
    ]
    html = response.content.decode()
    assert "<li>Nghị định số 152/2025/NĐ-CP</li>" in html
    assert "80,5" in html
    assert reverse("campaigns:campaign_edit", args=[campaign.pk]) not in html


@pytest.mark.parametrize("indicators", [1, 15])
def test_detail_query_count_does_not_grow(
    client_for, vhxh_officer, campaign, indicators, django_assert_max_num_queries
):
    for _ in range(indicators):
        indicator = IndicatorFactory(campaign=campaign)
        for year in campaign.years:
            IndicatorTargetFactory(indicator=indicator, year=year)
    campaign.publishing_units.add(UnitFactory(), UnitFactory())
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(10):
        assert client.get(campaign.get_absolute_url()).status_code == 200


# --------------------------------------------------------------------------- create and edit


def test_office_creates_a_campaign_with_its_years_and_audit(client_for, vhxh_officer):
    publisher = UnitFactory(name="Trung tâm dịch vụ tổng hợp")
    response = client_for(vhxh_officer).post(
        reverse("campaigns:campaign_create"), {**CAMPAIGN_FORM, "publishing_units": [publisher.pk]}
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == campaign.get_absolute_url()
    assert list(campaign.periods.values_list("year", flat=True)) == [2026, 2027, 2028, 2029, 2030]
    assert list(campaign.publishing_units.all()) == [publisher]
    assert LogEntry.objects.get_for_object(campaign).get().actor == vhxh_officer


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"end_year": "2025"},
            {"end_year": ["The last year (2025) cannot come before the first year (2026)."]},
        ),
        (
            {"midterm_year": "2031"},
            {"midterm_year": ["The mid-term review year 2031 must lie between 2026 and 2030."]},
        ),
    ],
)
def test_create_form_names_the_bad_year(client_for, vhxh_officer, changes, expected):
    response = client_for(vhxh_officer).post(
        reverse("campaigns:campaign_create"), {**CAMPAIGN_FORM, **changes}
    )
    assert response.status_code == 200
    assert errors(response) == expected
    assert not Campaign.objects.exists()


def test_shrinking_the_years_on_the_form_is_refused_with_the_reason(
    client_for, vhxh_officer, campaign, own_unit
):
    RegistrationFactory(campaign=campaign, unit=own_unit, year=2030)
    response = client_for(vhxh_officer).post(
        reverse("campaigns:campaign_edit", args=[campaign.pk]), {**CAMPAIGN_FORM, "end_year": "2029"}
    )
    assert errors(response) == {
        "__all__": [
            "The campaign's years cannot become 2026–2029: registrations for 2030 would be left outside them. "
            "Move or remove them first."
        ]
    }
    assert Campaign.objects.values_list("end_year", flat=True).get() == 2030
    assert CampaignYear.objects.filter(campaign=campaign).count() == 5


def test_office_edits_a_campaign(client_for, vhxh_officer, campaign):
    response = client_for(vhxh_officer).post(
        reverse("campaigns:campaign_edit", args=[campaign.pk]), {**CAMPAIGN_FORM, "midterm_year": "2027"}
    )
    assert response.status_code == 302
    assert Campaign.objects.values_list("midterm_year", flat=True).get() == 2027


def test_office_sets_a_registration_deadline(client_for, vhxh_officer, campaign):
    url = reverse("campaigns:campaign_year_edit", args=[campaign.pk, 2027])
    client = client_for(vhxh_officer)
    assert (
        client.post(url, {"registration_deadline": "2026-12-20"})["Location"] == campaign.get_absolute_url()
    )
    assert CampaignYear.objects.get(campaign=campaign, year=2027).registration_deadline == datetime.date(
        2026, 12, 20
    )
    response = client.post(url, {"registration_deadline": "2030-01-01"})
    assert errors(response) == {
        "registration_deadline": [
            "The registration deadline for 2027 must fall in 2026 or 2027, not on 01/01/2030."
        ]
    }
    assert CampaignYear.objects.get(campaign=campaign, year=2027).registration_deadline == datetime.date(
        2026, 12, 20
    )


# --------------------------------------------------------------------------- indicators and targets


def test_office_adds_an_indicator_with_reporting_units(
    client_for, vhxh_officer, campaign, own_unit, other_unit
):
    response = client_for(vhxh_officer).post(
        reverse("campaigns:indicator_create", args=[campaign.pk]),
        {**INDICATOR_FORM, "reporting_units": [own_unit.pk, other_unit.pk]},
    )
    indicator = Indicator.objects.get()
    assert response["Location"] == indicator.get_absolute_url()
    assert (indicator.campaign, indicator.final_target) == (campaign, Decimal("100"))
    assert sorted(u.name for u in indicator.reporting_units.all()) == [
        "Phòng Kinh tế",
        "Trung tâm Phục vụ hành chính công",
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"final_target": "120"},
            {"final_target": ["The target for the last year is a percentage and cannot exceed 100 (120)."]},
        ),
        ({"final_target": "-3"}, {"final_target": ["The target for the last year cannot be negative (-3)."]}),
        (
            {"numerator_label": ""},
            {"numerator_label": ["A ratio of two counts needs both a numerator and a denominator label."]},
        ),
    ],
)
def test_indicator_form_refuses_bad_input(client_for, vhxh_officer, campaign, changes, expected):
    response = client_for(vhxh_officer).post(
        reverse("campaigns:indicator_create", args=[campaign.pk]), {**INDICATOR_FORM, **changes}
    )
    assert errors(response) == expected
    assert not Indicator.objects.exists()


def test_indicator_form_refuses_a_code_in_use(client_for, vhxh_officer, campaign, online_kpi):
    response = client_for(vhxh_officer).post(
        reverse("campaigns:indicator_create", args=[campaign.pk]),
        {**INDICATOR_FORM, "code": "dvc-truc-tuyen"},
    )
    assert errors(response) == {
        "code": ["The code “dvc-truc-tuyen” is already used by another indicator of this campaign."]
    }
    assert Indicator.objects.count() == 1


def test_office_edits_an_indicator(client_for, vhxh_officer, online_kpi, other_unit):
    client_for(vhxh_officer).post(
        reverse("campaigns:indicator_edit", args=[online_kpi.pk]),
        {**INDICATOR_FORM, "code": "dvc-truc-tuyen", "reporting_units": [other_unit.pk]},
    )
    online_kpi.refresh_from_db()
    assert (online_kpi.name, list(online_kpi.reporting_units.all())) == (INDICATOR_FORM["name"], [other_unit])


def test_indicator_detail_shows_targets_per_year_and_units(client_for, unit_staff, online_kpi):
    response = client_for(unit_staff).get(online_kpi.get_absolute_url())
    assert response.context["targets"] == [
        (2026, Decimal("60")),
        (2027, None),
        (2028, None),
        (2029, None),
        (2030, None),
    ]
    assert [u.name for u in response.context["reporting_units"]] == ["Trung tâm Phục vụ hành chính công"]


def test_targets_form_has_one_field_per_year_and_saves_them(client_for, vhxh_officer, online_kpi):
    client = client_for(vhxh_officer)
    url = reverse("campaigns:indicator_targets", args=[online_kpi.pk])
    form = client.get(url).context["form"]
    assert list(form.fields) == ["target_2026", "target_2027", "target_2028", "target_2029", "target_2030"]
    assert form["target_2026"].value() == Decimal("60")
    response = client.post(url, {"target_2026": "", "target_2027": "65", "target_2030": "80"})
    assert response["Location"] == online_kpi.get_absolute_url()
    assert list(IndicatorTarget.objects.values_list("year", "value")) == [
        (2027, Decimal("65")),
        (2030, Decimal("80")),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"target_2028": "101"},
            {"target_2028": ["The target for 2028 is a percentage and cannot exceed 100 (101)."]},
        ),
        ({"target_2027": "-1"}, {"target_2027": ["The target for 2027 cannot be negative (-1)."]}),
        (
            {"target_2027": "abc"},
            {
                "target_2027": [
                    "“abc” is not a number. Write it the Vietnamese way: 1.234 for a thousand two hundred and thirty-four, 72,75 for seventy-two point seventy-five."
                ]
            },
        ),
    ],
)
def test_targets_form_refuses_bad_input_and_saves_nothing(
    client_for, vhxh_officer, online_kpi, data, expected
):
    response = client_for(vhxh_officer).post(
        reverse("campaigns:indicator_targets", args=[online_kpi.pk]), {"target_2026": "70", **data}
    )
    assert errors(response) == expected
    assert list(IndicatorTarget.objects.values_list("year", "value")) == [(2026, Decimal("60"))]
