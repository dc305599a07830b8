"""Campaigns, their years, indicators and yearly targets: the service rules."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from campaigns.models import Campaign, CampaignYear, Indicator, IndicatorKind, IndicatorTarget
from campaigns.services import CampaignError
from campaigns.services import campaign as services
from campaigns.services.campaign import InvalidInput
from tests.factories import UnitFactory
from tests.factories.campaigns import (
    CampaignFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    RegistrationFactory,
    ResultFactory,
    ScoringCriterionFactory,
)

pytestmark = pytest.mark.django_db

PLAN = {
    "title": "Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân",
    "code": "cchc-2026-2030",
    "plan_number": "15/KH-UBND",
    "plan_date": datetime.date(2026, 3, 10),
    "legal_bases": "Luật Thi đua, khen thưởng năm 2022",
    "start_year": 2026,
    "end_year": 2030,
    "midterm_year": 2028,
    "description": "",
    "launch_date": datetime.date(2026, 3, 20),
    "is_public": True,
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def years_of(campaign):
    return list(CampaignYear.objects.filter(campaign=campaign).values_list("year", flat=True))


def ratio_fields(**changes):
    fields = {
        "code": "dvc-truc-tuyen",
        "name": "Tỷ lệ sử dụng dịch vụ công trực tuyến",
        "definition": "",
        "numerator_label": "Hồ sơ nộp trực tuyến",
        "denominator_label": "Tổng số hồ sơ",
        "kind": IndicatorKind.RATIO,
        "direction": "higher",
        "frequency": "monthly",
        "final_target": Decimal("80"),
        "is_city_kpi": True,
        "order": 1,
    }
    return {**fields, **changes}


# --------------------------------------------------------------------------- campaigns


def test_create_campaign_makes_one_period_per_year_and_normalises_text(vhxh_officer):
    publisher = UnitFactory(name="Trung tâm dịch vụ tổng hợp")
    decomposed = "Ca\u0309i ca\u0301ch ha\u0300nh chi\u0301nh"  # typed with combining marks
    campaign = services.create_campaign(
        actor=vhxh_officer, publishing_units=[publisher], **{**PLAN, "title": f"  {decomposed} "}
    )
    assert campaign.title == "Cải cách hành chính"
    assert years_of(campaign) == [2026, 2027, 2028, 2029, 2030]
    assert list(campaign.publishing_units.all()) == [publisher]


def test_review_points_follow_the_chosen_midterm_year(vhxh_officer):
    campaign = services.create_campaign(actor=vhxh_officer, **PLAN)
    assert campaign.review_points() == [
        (2026, "annual"),
        (2027, "annual"),
        (2028, "annual"),
        (2028, "midterm"),
        (2029, "annual"),
        (2030, "annual"),
        (2030, "final"),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_year": 2025}, "end_year", "The last year (2025) cannot come before the first year (2026)."),
        (
            {"midterm_year": 2031},
            "midterm_year",
            "The mid-term review year 2031 must lie between 2026 and 2030.",
        ),
        ({"start_year": 1990}, "start_year", "1990 is not a year the portal accepts (2000–2100)."),
        ({"title": "  "}, "title", "Enter the campaign's title."),
    ],
)
def test_create_campaign_refuses_bad_years_and_names_the_field(vhxh_officer, changes, field, message):
    with pytest.raises(InvalidInput) as caught:
        services.create_campaign(actor=vhxh_officer, **{**PLAN, **changes})
    assert (caught.value.field, str(caught.value)) == (field, message)
    assert not Campaign.objects.exists()


def test_create_campaign_refuses_a_code_in_use(vhxh_officer):
    CampaignFactory(code="cchc-2026-2030", title="Phong trào cũ")
    with pytest.raises(
        InvalidInput, match="The code “cchc-2026-2030” is already used by the campaign “Phong trào cũ”."
    ):
        services.create_campaign(actor=vhxh_officer, **PLAN)
    assert Campaign.objects.count() == 1


def test_extending_the_years_adds_periods_and_keeps_deadlines(vhxh_officer, campaign):
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(
        registration_deadline=datetime.date(2026, 3, 31)
    )
    services.update_campaign(campaign, actor=vhxh_officer, end_year=2031)
    assert years_of(campaign) == [2026, 2027, 2028, 2029, 2030, 2031]
    assert CampaignYear.objects.get(campaign=campaign, year=2026).registration_deadline == datetime.date(
        2026, 3, 31
    )


def test_shrinking_the_years_without_data_removes_the_periods(vhxh_officer, campaign):
    services.update_campaign(campaign, actor=vhxh_officer, start_year=2027, end_year=2029, midterm_year=2028)
    assert years_of(campaign) == [2027, 2028, 2029]


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (
            lambda c, u: IndicatorTargetFactory(indicator=IndicatorFactory(campaign=c), year=2030),
            "yearly targets for 2030",
        ),
        (
            lambda c, u: ResultFactory(indicator=IndicatorFactory(campaign=c), unit=u, year=2030),
            "results for 2030",
        ),
        (lambda c, u: RegistrationFactory(campaign=c, unit=u, year=2030), "registrations for 2030"),
        (lambda c, u: ScoringCriterionFactory(campaign=c, year=2030), "a scoring sheet for 2030"),
        (
            lambda c, u: CampaignYear.objects.filter(campaign=c, year=2030).update(is_closed=True),
            "closed years 2030",
        ),
    ],
    ids=["targets", "results", "registrations", "scoring", "closed"],
)
def test_shrinking_the_years_refuses_to_orphan_data(vhxh_officer, campaign, own_unit, make, phrase):
    make(campaign, own_unit)
    with pytest.raises(InvalidInput) as caught:
        services.update_campaign(campaign, actor=vhxh_officer, end_year=2029)
    assert str(caught.value) == (
        f"The campaign's years cannot become 2026–2029: {phrase} would be left outside them. "
        "Move or remove them first."
    )
    campaign.refresh_from_db()
    assert (campaign.end_year, years_of(campaign)) == (2030, [2026, 2027, 2028, 2029, 2030])


def test_shrinking_lists_every_kind_of_data_left_outside(vhxh_officer, campaign, own_unit):
    indicator = IndicatorFactory(campaign=campaign)
    IndicatorTargetFactory(indicator=indicator, year=2026)
    ResultFactory(indicator=indicator, unit=own_unit, year=2025)  # the baseline year of 2026
    RegistrationFactory(campaign=campaign, unit=own_unit, year=2026)
    with pytest.raises(InvalidInput) as caught:
        services.update_campaign(campaign, actor=vhxh_officer, start_year=2028)
    assert str(caught.value) == (
        "The campaign's years cannot become 2028–2030: yearly targets for 2026; results for 2025; "
        "registrations for 2026 would be left outside them. Move or remove them first."
    )


def test_baseline_results_stay_valid_when_the_start_moves_by_one(vhxh_officer, campaign, own_unit):
    ResultFactory(indicator=IndicatorFactory(campaign=campaign), unit=own_unit, year=2026)
    services.update_campaign(campaign, actor=vhxh_officer, start_year=2027)
    assert years_of(campaign) == [2027, 2028, 2029, 2030]


def test_update_campaign_replaces_publishing_units_only_when_given(vhxh_officer, campaign):
    first, second = UnitFactory(), UnitFactory()
    campaign.publishing_units.set([first])
    services.update_campaign(campaign, actor=vhxh_officer, description="Mô tả")
    assert list(campaign.publishing_units.all()) == [first]
    services.update_campaign(campaign, actor=vhxh_officer, publishing_units=[second])
    assert list(campaign.publishing_units.all()) == [second]


def test_registration_deadline_is_set_and_cleared(vhxh_officer, campaign):
    period = CampaignYear.objects.get(campaign=campaign, year=2027)
    services.set_registration_deadline(period, actor=vhxh_officer, deadline=datetime.date(2026, 12, 20))
    assert CampaignYear.objects.get(pk=period.pk).registration_deadline == datetime.date(2026, 12, 20)
    services.set_registration_deadline(period, actor=vhxh_officer, deadline=None)
    assert CampaignYear.objects.get(pk=period.pk).registration_deadline is None


def test_registration_deadline_far_from_its_year_is_refused(vhxh_officer, campaign):
    period = CampaignYear.objects.get(campaign=campaign, year=2027)
    with pytest.raises(InvalidInput, match="must fall in 2026 or 2027"):
        services.set_registration_deadline(period, actor=vhxh_officer, deadline=datetime.date(2029, 1, 15))
    assert CampaignYear.objects.get(pk=period.pk).registration_deadline is None


def test_current_campaign_and_default_year(campaign):
    older = CampaignFactory(code="cchc-2021-2025", start_year=2021, end_year=2025, midterm_year=None)
    assert services.current_campaign(today=datetime.date(2027, 5, 1)) == campaign
    assert services.current_campaign(today=datetime.date(2023, 5, 1)) == older
    assert services.current_campaign(today=datetime.date(2040, 1, 1)) == campaign
    assert services.default_year(campaign, today=datetime.date(2024, 6, 1)) == 2026
    assert services.default_year(campaign, today=datetime.date(2028, 6, 1)) == 2028
    assert services.default_year(campaign, today=datetime.date(2035, 6, 1)) == 2030


# --------------------------------------------------------------------------- indicators


def test_create_indicator_with_reporting_units(vhxh_officer, campaign, own_unit):
    indicator = services.create_indicator(
        campaign, actor=vhxh_officer, reporting_units=[own_unit], **ratio_fields(name=" Tỷ lệ  ")
    )
    assert (indicator.campaign, indicator.name, indicator.final_target) == (campaign, "Tỷ lệ", Decimal("80"))
    assert list(indicator.reporting_units.all()) == [own_unit]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"final_target": Decimal("-1")},
            "final_target",
            "The target for the last year cannot be negative (-1).",
        ),
        (
            {"final_target": Decimal("120")},
            "final_target",
            "The target for the last year is a percentage and cannot exceed 100 (120).",
        ),
        (
            {"kind": IndicatorKind.PERCENT, "final_target": Decimal("100.5")},
            "final_target",
            "The target for the last year is a percentage and cannot exceed 100 (100,5).",
        ),
        (
            {"final_target": Decimal("80.125")},
            "final_target",
            "The target for the last year takes at most two decimal places (80,125).",
        ),
        (
            {"denominator_label": ""},
            "denominator_label",
            "A ratio of two counts needs both a numerator and a denominator label.",
        ),
        ({"name": ""}, "name", "Enter the indicator's name."),
    ],
)
def test_create_indicator_refuses_bad_input(vhxh_officer, campaign, changes, field, message):
    with pytest.raises(InvalidInput) as caught:
        services.create_indicator(campaign, actor=vhxh_officer, **ratio_fields(**changes))
    assert (caught.value.field, str(caught.value)) == (field, message)
    assert not Indicator.objects.exists()


def test_a_score_may_exceed_100(vhxh_officer, campaign):
    indicator = services.create_indicator(
        campaign,
        actor=vhxh_officer,
        **ratio_fields(
            kind=IndicatorKind.SCORE, final_target=Decimal("250"), numerator_label="", denominator_label=""
        ),
    )
    assert indicator.final_target == Decimal("250")


def test_indicator_code_is_unique_within_its_campaign(vhxh_officer, campaign, online_kpi):
    with pytest.raises(InvalidInput, match="The code “dvc-truc-tuyen” is already used"):
        services.create_indicator(campaign, actor=vhxh_officer, **ratio_fields())
    other = CampaignFactory(code="khac")
    assert services.create_indicator(other, actor=vhxh_officer, **ratio_fields()).campaign == other


def test_update_indicator_keeps_units_unless_given(vhxh_officer, online_kpi, own_unit, other_unit):
    services.update_indicator(online_kpi, actor=vhxh_officer, name="Tỷ lệ mới")
    assert list(online_kpi.reporting_units.all()) == [own_unit]
    services.update_indicator(online_kpi, actor=vhxh_officer, reporting_units=[other_unit])
    online_kpi.refresh_from_db()
    assert (online_kpi.name, list(online_kpi.reporting_units.all())) == ("Tỷ lệ mới", [other_unit])


@pytest.mark.parametrize(
    ("changes", "field"), [({"kind": "percent"}, "kind"), ({"frequency": "quarterly"}, "frequency")]
)
def test_kind_and_period_are_fixed_once_results_exist(vhxh_officer, online_kpi, own_unit, changes, field):
    ResultFactory(indicator=online_kpi, unit=own_unit)
    with pytest.raises(InvalidInput) as caught:
        services.update_indicator(online_kpi, actor=vhxh_officer, **changes)
    assert caught.value.field == field
    assert str(caught.value) == (
        "“Tỷ lệ sử dụng dịch vụ công trực tuyến” already has results; its kind and reporting period can no "
        "longer change."
    )
    assert Indicator.objects.values_list("kind", "frequency").get(pk=online_kpi.pk) == ("ratio", "monthly")


# --------------------------------------------------------------------------- targets


def test_set_targets_creates_updates_and_removes(vhxh_officer, online_kpi):
    IndicatorTargetFactory(indicator=online_kpi, year=2027, value=Decimal("65"))
    result = services.set_targets(
        online_kpi,
        actor=vhxh_officer,
        targets={2026: Decimal("62.5"), 2027: None, 2028: Decimal("70"), 2030: 80},
    )
    assert result == {2026: Decimal("62.50"), 2028: Decimal("70.00"), 2030: Decimal("80.00")}


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        (
            {2031: Decimal("85")},
            "2031 is not a year of the campaign (2026–2030), so it cannot have a target.",
        ),
        (
            {2025: Decimal("50")},
            "2025 is not a year of the campaign (2026–2030), so it cannot have a target.",
        ),
        ({2027: Decimal("-5")}, "The target for 2027 cannot be negative (-5)."),
        ({2027: Decimal("101")}, "The target for 2027 is a percentage and cannot exceed 100 (101)."),
    ],
    ids=["after", "baseline", "negative", "over-100"],
)
def test_set_targets_refuses_bad_input_and_saves_nothing(vhxh_officer, online_kpi, targets, message):
    with pytest.raises(InvalidInput) as caught:
        services.set_targets(online_kpi, actor=vhxh_officer, targets={2028: Decimal("70"), **targets})
    assert str(caught.value) == message
    assert list(IndicatorTarget.objects.values_list("year", "value")) == [(2026, Decimal("60.00"))]


def test_refusals_are_campaign_errors(vhxh_officer, online_kpi):
    with pytest.raises(CampaignError):
        services.set_targets(online_kpi, actor=vhxh_officer, targets={2040: Decimal("1")})


def test_target_table_lists_each_year_in_order(online_kpi, campaign):
    second = IndicatorFactory(campaign=campaign, name="Tỷ lệ số hóa", order=2)
    IndicatorTargetFactory(indicator=second, year=2030, value=Decimal("100"))
    assert services.target_table(campaign) == [
        (online_kpi, [Decimal("60"), None, None, None, None]),
        (second, [None, None, None, None, Decimal("100")]),
    ]
