"""Automatic points: computed from results, registrations, PAR INDEX / SIPAS components and
initiatives, stored with their reason, recomputed on demand."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from campaigns.models import CriterionSource, Direction, IndicatorKind, InitiativeState, UnitScore
from campaigns.services import scoring
from campaigns.services.index import index_checks
from tests.factories import UnitFactory
from tests.factories.campaigns import (
    IndexComponentFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    RegistrationFactory,
    ResultFactory,
    ScoringCriterionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    # Stored comments are written in the default language; read them in English here.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def points_of(criterion, unit):
    """(points, comment) the criterion gives the unit, computed without storing."""
    found = scoring.automatic_points(criterion.campaign, criterion.year, [criterion], [unit])
    value = found[criterion.pk, unit.pk]
    return value.points, value.comment


def indicator_criterion(indicator, max_points="20"):
    return ScoringCriterionFactory(
        campaign=indicator.campaign,
        title=f"Điểm {indicator.name}",
        max_points=Decimal(max_points),
        source=CriterionSource.INDICATOR,
        indicator=indicator,
    )


def report(indicator, unit, *counts, year=2026):
    for period, (numerator, denominator) in enumerate(counts, start=1):
        ResultFactory(
            indicator=indicator,
            unit=unit,
            year=year,
            period=period,
            numerator=numerator,
            denominator=denominator,
        )


# --------------------------------------------------------------------------- indicator


def test_indicator_points_are_the_share_of_the_target(online_kpi, own_unit):
    """2026 target 60%: 29 of 40 dossiers online is 72.5%, above it; at 80% it would not be."""
    IndicatorTargetFactory(indicator=online_kpi, year=2027, value=Decimal("80"))
    report(online_kpi, own_unit, (29, 40), year=2027)
    criterion = ScoringCriterionFactory(
        campaign=online_kpi.campaign,
        year=2027,
        max_points=Decimal("20"),
        source=CriterionSource.INDICATOR,
        indicator=online_kpi,
    )
    # 20 × 72.5 / 80 = 18.125, rounded half up
    assert points_of(criterion, own_unit) == (Decimal("18.13"), "Rate 72,5% / target 80%")


def test_indicator_points_are_full_at_or_above_the_target(online_kpi, own_unit):
    report(online_kpi, own_unit, (60, 100), (70, 100))  # 65% against 60%
    assert points_of(indicator_criterion(online_kpi), own_unit) == (Decimal("20.00"), "Rate 65% / target 60%")


def test_indicator_points_sum_counts_over_the_year(online_kpi, own_unit):
    """Σ numerator / Σ denominator: (10 + 20) / (50 + 100) = 20%, never the mean of 20% and 20%."""
    report(online_kpi, own_unit, (10, 50), (20, 100))
    # 20 × 20 / 60 = 6.666… → 6.67
    assert points_of(indicator_criterion(online_kpi), own_unit) == (Decimal("6.67"), "Rate 20% / target 60%")


def test_indicator_points_are_zero_without_results(online_kpi, own_unit, other_unit):
    report(online_kpi, other_unit, (60, 100))
    assert points_of(indicator_criterion(online_kpi), own_unit) == (
        Decimal("0"),
        "No results reported for 2026.",
    )


def test_indicator_points_are_full_when_a_higher_is_better_target_is_zero(online_kpi, own_unit):
    online_kpi.targets.filter(year=2026).update(value=Decimal("0"))
    report(online_kpi, own_unit, (0, 100))
    assert points_of(indicator_criterion(online_kpi), own_unit) == (Decimal("20.00"), "Rate 0% / target 0%")


def test_indicator_points_use_the_final_target_when_the_year_has_none(online_kpi, own_unit):
    report(online_kpi, own_unit, (40, 100), year=2027)  # no 2027 target; final target 80%
    criterion = ScoringCriterionFactory(
        campaign=online_kpi.campaign,
        year=2027,
        max_points=Decimal("10"),
        source=CriterionSource.INDICATOR,
        indicator=online_kpi,
    )
    assert points_of(criterion, own_unit) == (
        Decimal("5.00"),
        "Rate 40% / final target 80% (no target for 2027)",
    )


@pytest.mark.parametrize(
    ("target", "counts", "expected", "comment"),
    [
        ("10", (5, 100), "20.00", "Rate 5% / target 10%"),  # below the ceiling: full
        ("10", (10, 100), "20.00", "Rate 10% / target 10%"),  # at it: full
        ("10", (40, 100), "5.00", "Rate 40% / target 10%"),  # 20 × 10 / 40
        ("10", (30, 100), "6.67", "Rate 30% / target 10%"),  # 20 × 10 / 30 = 6.666…
        ("0", (0, 100), "20.00", "Rate 0% / target 0%"),  # none late, none allowed: full
        ("0", (5, 100), "0.00", "Rate 5% / target 0%"),  # any above a zero ceiling: none
    ],
)
def test_lower_is_better_points_are_the_inverse_share(campaign, own_unit, target, counts, expected, comment):
    late = IndicatorFactory(
        campaign=campaign, name="Tỷ lệ hồ sơ trễ hạn", direction=Direction.LOWER, final_target=Decimal("0")
    )
    IndicatorTargetFactory(indicator=late, year=2026, value=Decimal(target))
    report(late, own_unit, counts)
    assert points_of(indicator_criterion(late), own_unit) == (Decimal(expected), comment)


def test_score_indicator_points_read_points_not_percent(campaign, own_unit):
    sipas = IndicatorFactory(
        campaign=campaign,
        name="Điểm SIPAS",
        kind=IndicatorKind.SCORE,
        numerator_label="",
        denominator_label="",
    )
    IndicatorTargetFactory(indicator=sipas, year=2026, value=Decimal("8"))
    ResultFactory(
        indicator=sipas, unit=own_unit, period=1, numerator=None, denominator=None, value=Decimal("7")
    )
    ResultFactory(
        indicator=sipas, unit=own_unit, period=2, numerator=None, denominator=None, value=Decimal("8")
    )
    # mean 7.5 of target 8: 10 × 7.5 / 8 = 9.375 → 9.38
    assert points_of(indicator_criterion(sipas, "10"), own_unit) == (Decimal("9.38"), "Score 7,5 / target 8")


def test_stored_comment_is_written_in_vietnamese_by_default(settings, online_kpi, own_unit, vhxh_officer):
    settings.LANGUAGE_CODE = "vi"
    report(online_kpi, own_unit, (29, 40))
    criterion = indicator_criterion(online_kpi)
    scoring.recalculate(online_kpi.campaign, year=2026, actor=vhxh_officer)
    comment = UnitScore.objects.get(criterion=criterion, unit=own_unit).comment
    assert "72,5%" in comment
    assert comment.endswith("60%")


# --------------------------------------------------------------------------- registration


@pytest.mark.parametrize(
    ("state", "expected", "comment"),
    [
        ("accepted", "5", "Registration for 2026 accepted."),
        ("submitted", "0", "Registration for 2026 not accepted (Submitted)."),
        ("returned", "0", "Registration for 2026 not accepted (Returned for revision)."),
        ("draft", "0", "Registration for 2026 not accepted (Draft)."),
        (None, "0", "No registration for 2026."),
    ],
)
def test_registration_points(campaign, own_unit, state, expected, comment):
    if state:
        RegistrationFactory(campaign=campaign, unit=own_unit, year=2026, state=state)
    RegistrationFactory(campaign=campaign, unit=own_unit, year=2027, accepted=True)  # another year
    criterion = ScoringCriterionFactory(
        campaign=campaign, max_points=Decimal("5"), source=CriterionSource.REGISTRATION
    )
    assert points_of(criterion, own_unit) == (Decimal(expected), comment)


# --------------------------------------------------------------------------- index (criterion 2)


def component(unit, before, after, *, code="3.2", max_points="2"):
    IndexComponentFactory(
        year=2025, code=code, name="Công khai TTHC", max_points=Decimal(max_points), score=before
    )
    current = IndexComponentFactory(
        year=2026, code=code, name="Công khai TTHC", max_points=Decimal(max_points), score=after
    )
    current.units.add(unit)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (Decimal("1.50"), Decimal("1.75"), "8"),  # rose: met
        (Decimal("2"), Decimal("2"), "8"),  # held at the maximum: met
        (Decimal("1.50"), Decimal("1.25"), "0"),  # fell: not met
        (Decimal("1.50"), Decimal("1.50"), "0"),  # unchanged below the maximum: not met
        (None, Decimal("1.50"), "0"),  # unknown
    ],
)
def test_index_points_follow_criterion_2(campaign, own_unit, before, after, expected):
    component(own_unit, before, after)
    criterion = ScoringCriterionFactory(
        campaign=campaign, max_points=Decimal("8"), source=CriterionSource.INDEX
    )
    check = index_checks([own_unit], 2026)[own_unit.pk]
    assert points_of(criterion, own_unit) == (Decimal(expected), check.reason)


def test_index_points_are_full_when_no_component_is_assigned(campaign, other_unit):
    criterion = ScoringCriterionFactory(
        campaign=campaign, max_points=Decimal("8"), source=CriterionSource.INDEX
    )
    assert points_of(criterion, other_unit) == (
        Decimal("8"),
        "No PAR INDEX or SIPAS component was assigned to the unit in 2026.",
    )


# --------------------------------------------------------------------------- initiatives


def initiatives_criterion(campaign):
    return ScoringCriterionFactory(
        campaign=campaign, max_points=Decimal("10"), source=CriterionSource.INITIATIVES
    )


def test_initiative_points_for_a_unit_that_proposed_one_recognised_in_the_year(campaign, own_unit):
    InitiativeFactory(owner_unit=own_unit, title="Một cửa số", recognised=True)
    assert points_of(initiatives_criterion(campaign), own_unit) == (
        Decimal("10"),
        "Recognised in 2026: “Một cửa số” (decision 12/QĐ-HĐSK).",
    )


def test_initiative_points_for_a_unit_that_took_part(campaign, own_unit, other_unit):
    shared = InitiativeFactory(owner_unit=other_unit, title="Chung tay", recognised=True)
    shared.units.add(own_unit)
    assert points_of(initiatives_criterion(campaign), own_unit) == (
        Decimal("10"),
        "Recognised in 2026: “Chung tay” (decision 12/QĐ-HĐSK).",
    )


def test_initiative_points_ignore_other_years_and_unrecognised_ones(campaign, own_unit):
    InitiativeFactory(owner_unit=own_unit, recognised=True, decision_date=datetime.date(2025, 12, 31))
    InitiativeFactory(owner_unit=own_unit, state=InitiativeState.PROPOSED)
    InitiativeFactory(owner_unit=own_unit, refused=True)
    assert points_of(initiatives_criterion(campaign), own_unit) == (
        Decimal("0"),
        "No initiative recognised in 2026.",
    )


# --------------------------------------------------------------------------- storing and cost


def test_recalculate_stores_changes_only(campaign, online_kpi, own_unit, vhxh_officer):
    criterion = indicator_criterion(online_kpi)
    first = scoring.recalculate(campaign, year=2026, actor=vhxh_officer)
    units = len(scoring.scored_units(campaign, 2026))
    assert first == units
    assert scoring.recalculate(campaign, year=2026, actor=vhxh_officer) == 0
    report(online_kpi, own_unit, (30, 100))
    assert scoring.recalculate(campaign, year=2026, actor=vhxh_officer) == 1
    score = UnitScore.objects.get(criterion=criterion, unit=own_unit)
    assert (score.points, score.comment) == (Decimal("10.00"), "Rate 30% / target 60%")


def test_automatic_points_cost_a_fixed_number_of_queries(
    campaign, online_kpi, own_unit, django_assert_num_queries
):
    criteria = [
        indicator_criterion(online_kpi),
        ScoringCriterionFactory(campaign=campaign, source=CriterionSource.REGISTRATION),
        ScoringCriterionFactory(campaign=campaign, source=CriterionSource.INDEX),
        ScoringCriterionFactory(campaign=campaign, source=CriterionSource.INITIATIVES),
    ]
    # kinds + rates, targets, registrations, 2 for criterion 2, 2 for initiatives
    with django_assert_num_queries(8):
        scoring.automatic_points(campaign, 2026, criteria, [own_unit])
    units = [own_unit, *UnitFactory.create_batch(12)]
    for unit in units:
        report(online_kpi, unit, (5, 10))
        RegistrationFactory(campaign=campaign, unit=unit, accepted=True)
        InitiativeFactory(owner_unit=unit, recognised=True)
    with django_assert_num_queries(8):
        found = scoring.automatic_points(campaign, 2026, criteria, units)
    assert len(found) == 4 * 13
