"""The dashboard's service: cards, units behind, missing results, components, initiatives."""

import datetime
from decimal import Decimal

import pytest

from campaigns.models import Frequency, IndexKind, IndicatorKind
from campaigns.services import dashboard
from campaigns.services.rates import Status
from tests.factories import UnitFactory
from tests.factories.campaigns import (
    IndexComponentFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    RegistrationFactory,
    ResultFactory,
)

NOVEMBER = datetime.date(2026, 11, 25)


@pytest.fixture
def payment_kpi(campaign, other_unit):
    """Online payment, quarterly, reported by other_unit: 50% in 2026, 80% by 2030."""
    indicator = IndicatorFactory(
        campaign=campaign, code="thanh-toan", name="Tỷ lệ thanh toán trực tuyến", order=2,
        frequency=Frequency.QUARTERLY,
    )  # fmt: skip
    indicator.reporting_units.add(other_unit)
    IndicatorTargetFactory(indicator=indicator, year=2026, value=Decimal("50"))
    return indicator


@pytest.fixture
def internal(campaign, own_unit):
    """An internal (non-city) indicator ordered first, to show city KPIs come first."""
    indicator = IndicatorFactory(
        campaign=campaign, code="noi-bo", name="Chỉ tiêu nội bộ", order=0, is_city_kpi=False
    )
    indicator.reporting_units.add(own_unit)
    return indicator


@pytest.fixture
def figures(online_kpi, payment_kpi, own_unit, other_unit):
    """own_unit: 60, 70, 80 of 100 in months 1-3 (70%); other_unit on the online KPI 30 of
    100 in month 1 (30%); commune 240/400 = 60%. Payment: other_unit 40 of 100 in Q1."""
    online_kpi.reporting_units.add(other_unit)
    for month, numerator in ((1, 60), (2, 70), (3, 80)):
        ResultFactory(indicator=online_kpi, unit=own_unit, period=month, numerator=numerator)
    ResultFactory(indicator=online_kpi, unit=other_unit, period=1, numerator=30)
    ResultFactory(indicator=payment_kpi, unit=other_unit, period=1, numerator=40)


def test_completed_period_reads_the_frequency_and_the_date():
    monthly = IndicatorFactory.build(frequency=Frequency.MONTHLY)
    quarterly = IndicatorFactory.build(frequency=Frequency.QUARTERLY)
    assert dashboard.completed_period(monthly, 2026, today=NOVEMBER) == 10
    assert dashboard.completed_period(quarterly, 2026, today=NOVEMBER) == 3
    assert dashboard.completed_period(monthly, 2025, today=NOVEMBER) == 12
    assert dashboard.completed_period(quarterly, 2025, today=NOVEMBER) == 4
    assert dashboard.completed_period(monthly, 2027, today=NOVEMBER) == 0
    assert dashboard.completed_period(monthly, 2026, today=datetime.date(2026, 1, 31)) == 0
    assert dashboard.completed_period(quarterly, 2026, today=datetime.date(2026, 3, 31)) == 0
    assert dashboard.completed_period(quarterly, 2026, today=datetime.date(2026, 4, 1)) == 1


def test_years_are_the_baseline_and_the_campaign(campaign):
    assert dashboard.dashboard_years(campaign) == [2025, 2026, 2027, 2028, 2029, 2030]


def test_commune_cards_hold_rates_targets_and_statuses(campaign, figures, online_kpi, payment_kpi, internal):
    board = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER)
    assert [card.indicator.code for card in board.cards] == ["dvc-truc-tuyen", "thanh-toan", "noi-bo"]
    online = board.cards[0]
    assert online.status.percent == Decimal("60.00")
    assert online.status.target == Decimal("60")
    assert online.status.year_status == Status.REACHED
    assert online.status.final_status == Status.ON_TRACK
    assert [(p.period, p.rate, p.to_date) for p in online.points[:4]] == [
        (1, Decimal("45.00"), Decimal("45.00")),
        (2, Decimal("70.00"), Decimal("53.33")),
        (3, Decimal("80.00"), Decimal("60.00")),
        (4, None, None),
    ]
    assert len(online.points) == 12
    payment = board.cards[1]
    assert (payment.status.percent, payment.status.year_status) == (Decimal("40.00"), Status.BEHIND)
    assert len(payment.points) == 4
    assert board.cards[2].status.year_status == Status.NO_DATA


def test_to_date_of_a_percentage_weighs_each_report(campaign, own_unit, other_unit):
    indicator = IndicatorFactory(campaign=campaign, kind=IndicatorKind.PERCENT)
    for unit, period, value in ((own_unit, 1, "50"), (other_unit, 1, "70"), (own_unit, 2, "90")):
        ResultFactory(
            indicator=indicator,
            unit=unit,
            period=period,
            numerator=None,
            denominator=None,
            value=Decimal(value),
        )
    (card,) = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER).cards
    assert [(p.rate, p.to_date) for p in card.points[:2]] == [
        (Decimal("60.00"), Decimal("60.00")),
        (Decimal("90.00"), Decimal("70.00")),
    ]


def test_units_behind_lists_each_unit_below_its_year_target_with_the_gap(
    campaign, figures, own_unit, other_unit
):
    board = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER)
    assert [(r.indicator.code, r.unit, r.rate, r.target, r.gap) for r in board.behind] == [
        ("dvc-truc-tuyen", other_unit, Decimal("30.00"), Decimal("60"), Decimal("30.00")),
        ("thanh-toan", other_unit, Decimal("40.00"), Decimal("50"), Decimal("10.00")),
    ]


def test_units_behind_reads_a_lower_is_better_indicator(campaign, own_unit, other_unit):
    late = IndicatorFactory(campaign=campaign, code="tre-han", direction="lower")
    IndicatorTargetFactory(indicator=late, year=2026, value=Decimal("5"))
    ResultFactory(indicator=late, unit=own_unit, numerator=4, denominator=100)
    ResultFactory(indicator=late, unit=other_unit, numerator=9, denominator=100)
    board = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER)
    assert [(r.unit, r.gap) for r in board.behind] == [(other_unit, Decimal("4.00"))]


def test_missing_results_for_the_commune_name_the_latest_completed_period(
    campaign, figures, own_unit, other_unit, online_kpi, payment_kpi
):
    ResultFactory(indicator=online_kpi, unit=own_unit, period=10)
    ResultFactory(indicator=payment_kpi, unit=other_unit, period=3)
    board = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER)
    assert [(r.unit, r.indicator.code, r.periods) for r in board.missing] == [
        (other_unit, "dvc-truc-tuyen", [10])
    ]


def test_missing_results_for_a_unit_list_every_completed_period(campaign, figures, own_unit, other_unit):
    board = dashboard.unit_dashboard(campaign, 2026, unit=own_unit, today=NOVEMBER)
    assert [(r.unit, r.indicator.code, r.periods) for r in board.missing] == [
        (own_unit, "dvc-truc-tuyen", [4, 5, 6, 7, 8, 9, 10])
    ]
    early = dashboard.unit_dashboard(campaign, 2026, unit=own_unit, today=datetime.date(2026, 3, 5))
    assert early.missing == []
    other = dashboard.unit_dashboard(campaign, 2026, unit=other_unit, today=datetime.date(2026, 7, 1))
    assert [(r.indicator.code, r.periods) for r in other.missing] == [
        ("dvc-truc-tuyen", [2, 3, 4, 5, 6]),
        ("thanh-toan", [2]),
    ]


def test_a_future_year_misses_nothing(campaign, figures):
    assert dashboard.commune_dashboard(campaign, 2027, today=NOVEMBER).missing == []


def test_unit_dashboard_holds_only_the_units_own_figures(campaign, figures, own_unit, payment_kpi):
    board = dashboard.unit_dashboard(campaign, 2026, unit=own_unit, today=NOVEMBER)
    assert [card.indicator.code for card in board.cards] == ["dvc-truc-tuyen"]
    assert board.cards[0].status.percent == Decimal("70.00")
    assert board.cards[0].status.rate.denominator == 300
    assert [row[0].code for row in board.year_table] == ["dvc-truc-tuyen"]
    assert board.behind == []
    assert board.without_registration is None


def test_unit_dashboard_shows_an_indicator_it_has_results_for_without_reporting_it(
    campaign, figures, own_unit, payment_kpi
):
    ResultFactory(indicator=payment_kpi, unit=own_unit, numerator=10, denominator=20)
    board = dashboard.unit_dashboard(campaign, 2026, unit=own_unit, today=NOVEMBER)
    assert [(card.indicator.code, card.status.percent) for card in board.cards] == [
        ("dvc-truc-tuyen", Decimal("70.00")),
        ("thanh-toan", Decimal("50.00")),
    ]


def test_year_table_holds_each_year_with_its_target(campaign, figures, online_kpi, own_unit):
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2025, numerator=55, denominator=100)
    board = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER)
    assert board.years == [2025, 2026, 2027, 2028, 2029, 2030]
    indicator, cells = board.year_table[0]
    assert indicator == online_kpi
    assert [(c.year, c.rate, c.target, c.met) for c in cells[:3]] == [
        (2025, Decimal("55.00"), None, False),
        (2026, Decimal("60.00"), Decimal("60"), True),
        (2027, None, None, False),
    ]


def test_units_without_registration_count_drafts_and_returned_ones(campaign, own_unit, other_unit):
    RegistrationFactory(campaign=campaign, unit=own_unit, accepted=True)
    RegistrationFactory(campaign=campaign, unit=other_unit, state="returned")
    waiting = UnitFactory(name="Hội Nông dân xã")
    RegistrationFactory(campaign=campaign, unit=waiting, submitted=True)
    board = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER)
    assert [unit.name for unit in board.without_registration] == ["Phòng Kinh tế"]
    assert dashboard.commune_dashboard(campaign, 2025, today=NOVEMBER).without_registration is None


def test_unit_dashboard_carries_its_registration(campaign, own_unit, other_unit):
    mine = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    RegistrationFactory(campaign=campaign, unit=other_unit, accepted=True)
    assert dashboard.unit_dashboard(campaign, 2026, unit=own_unit).registration == mine
    assert dashboard.unit_dashboard(campaign, 2027, unit=own_unit).registration is None


def test_component_lines_give_scores_by_year_and_shares(campaign, own_unit, other_unit):
    for year, score in ((2025, "1.50"), (2026, "1.25")):
        IndexComponentFactory(code="3.2", name="Công khai TTHC", year=year, score=Decimal(score)).units.add(
            own_unit
        )
    IndexComponentFactory(code="3.10", name="Số hóa", year=2026, score=Decimal("2.00")).units.add(other_unit)
    IndexComponentFactory(
        index=IndexKind.SIPAS,
        code="S1",
        name="Tiếp cận",
        year=2026,
        max_points=Decimal("20"),
        score=Decimal("17.80"),
    )
    board = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER)
    assert board.component_years == [2025, 2026]
    assert list(board.components) == ["par", "sipas"]
    par = board.components["par"]
    assert [(line.code, line.scores) for line in par] == [
        ("3.2", {2025: Decimal("1.50"), 2026: Decimal("1.25")}),
        ("3.10", {2025: None, 2026: Decimal("2.00")}),
    ]
    assert (par[0].share(2025), par[0].share(2026), par[1].share(2025)) == (
        Decimal("75.00"),
        Decimal("62.50"),
        None,
    )
    assert board.components["sipas"][0].share(2026) == Decimal("89.00")
    mine = dashboard.unit_dashboard(campaign, 2026, unit=own_unit).components
    assert {index: [line.code for line in lines] for index, lines in mine.items()} == {"par": ["3.2"]}


def test_recognised_initiatives_count_the_year_and_keep_the_latest_five(campaign, own_unit, other_unit):
    for day in range(1, 8):
        InitiativeFactory(
            campaign=campaign,
            owner_unit=other_unit,
            recognised=True,
            decision_date=datetime.date(2026, 5, day),
        )
    mine = InitiativeFactory(
        campaign=None, owner_unit=own_unit, recognised=True, decision_date=datetime.date(2026, 6, 1)
    )
    InitiativeFactory(
        campaign=campaign, owner_unit=own_unit, recognised=True, decision_date=datetime.date(2025, 6, 1)
    )
    InitiativeFactory(campaign=campaign, owner_unit=own_unit)
    InitiativeFactory(campaign=campaign, owner_unit=own_unit, refused=True)
    board = dashboard.commune_dashboard(campaign, 2026, today=NOVEMBER)
    assert board.initiative_count == 8
    assert [i.decision_date.day for i in board.initiatives] == [1, 7, 6, 5, 4]
    assert board.initiatives[0] == mine
    unit = dashboard.unit_dashboard(campaign, 2026, unit=own_unit)
    assert (unit.initiative_count, unit.initiatives) == (1, [mine])


def test_a_unit_counts_initiatives_it_applies_or_authored_once(campaign, own_unit, other_unit, own_cadre):
    shared = InitiativeFactory(campaign=campaign, owner_unit=other_unit, recognised=True, authors=[own_cadre])
    shared.units.add(own_unit, other_unit)
    board = dashboard.unit_dashboard(campaign, 2026, unit=own_unit)
    assert (board.initiative_count, board.initiatives) == (1, [shared])
