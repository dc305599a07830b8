"""Results rules: every bad input is refused with its field and nothing is written; rates
aggregate the entered counts; units missing the latest period are found."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.utils import translation

from campaigns.models import CampaignYear, Frequency, IndicatorKind, Result
from campaigns.services import rates
from campaigns.services.results import (
    ResultEntry,
    ResultsError,
    check_results,
    missing_results,
    open_periods,
    save_results,
)
from tests.factories import UnitFactory
from tests.factories.campaigns import CampaignFactory, IndicatorFactory, IndicatorTargetFactory, ResultFactory

JUNE = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def percent_kpi(campaign, own_unit):
    indicator = IndicatorFactory(
        campaign=campaign,
        code="hai-long",
        name="Mức độ hài lòng",
        kind=IndicatorKind.PERCENT,
        frequency=Frequency.QUARTERLY,
        order=2,
    )
    indicator.reporting_units.add(own_unit)
    return indicator


@pytest.fixture
def score_kpi(campaign, own_unit):
    indicator = IndicatorFactory(
        campaign=campaign, code="diem", name="Điểm chấm", kind=IndicatorKind.SCORE, order=3
    )
    indicator.reporting_units.add(own_unit)
    return indicator


def save(unit, entries, actor, *, year=2026, campaign=None, **kwargs):
    campaign = campaign or entries[0].indicator.campaign
    return save_results(
        unit, campaign=campaign, year=year, actor=actor, entries=entries, today=JUNE, **kwargs
    )


def problems(unit, entries, *, year=2026, campaign=None, **kwargs):
    campaign = campaign or entries[0].indicator.campaign
    found = check_results(unit, campaign=campaign, year=year, entries=entries, today=JUNE, **kwargs)
    return [(p.index, p.field, p.message) for p in found]


# --- writes and aggregation --------------------------------------------------------------


def test_counts_are_saved_and_rates_are_sums_of_counts(online_kpi, own_unit, other_unit, vhxh_officer):
    online_kpi.reporting_units.add(other_unit)
    saved = save(
        own_unit,
        [
            ResultEntry(online_kpi, 1, numerator=45, denominator=60, note="  Tháng  một "),
            ResultEntry(online_kpi, 2, numerator=Decimal("30"), denominator=Decimal("40")),
            ResultEntry(online_kpi, 3, numerator=0, denominator=0),
        ],
        vhxh_officer,
    )
    save(other_unit, [ResultEntry(online_kpi, 1, numerator=10, denominator=100)], vhxh_officer)
    assert (saved.created, saved.updated, saved.removed) == (3, 0, 0)
    first = Result.objects.get(unit=own_unit, period=1)
    assert (first.numerator, first.denominator, first.value, first.note) == (45, 60, None, "Tháng  một")
    assert first.entered_by == vhxh_officer
    commune = rates.year_rates(online_kpi.campaign, 2026)[online_kpi.pk]
    assert (commune.numerator, commune.denominator, commune.percent) == (85, 200, Decimal("42.50"))
    own = rates.unit_rates(online_kpi.campaign, 2026)[online_kpi.pk, own_unit.pk]
    assert (own.numerator, own.denominator, own.reports, own.percent) == (75, 100, 3, Decimal("75.00"))
    [status] = rates.summary(online_kpi.campaign, 2026, units=[own_unit])
    assert (status.year_status, status.final_status) == (rates.Status.REACHED, rates.Status.ON_TRACK)


def test_note_is_normalised_to_nfc(online_kpi, own_unit, unit_staff):
    decomposed = "Ghi chu\u0301 thêm"
    save(own_unit, [ResultEntry(online_kpi, 1, numerator=1, denominator=2, note=decomposed)], unit_staff)
    assert Result.objects.get().note == "Ghi chú thêm"


def test_editing_updates_changed_results_and_leaves_the_others(
    online_kpi, own_unit, unit_staff, vhxh_officer
):
    save(
        own_unit,
        [
            ResultEntry(online_kpi, 1, numerator=5, denominator=10),
            ResultEntry(online_kpi, 2, numerator=6, denominator=10),
        ],
        unit_staff,
    )
    logs_before = LogEntry.objects.count()
    saved = save(
        own_unit,
        [
            ResultEntry(online_kpi, 1, numerator=7, denominator=10),
            ResultEntry(online_kpi, 2, numerator=6, denominator=10),
        ],
        vhxh_officer,
    )
    assert (saved.created, saved.updated, saved.removed) == (0, 1, 0)
    assert dict(Result.objects.values_list("period", "numerator")) == {1: 7, 2: 6}
    assert dict(Result.objects.values_list("period", "entered_by")) == {1: vhxh_officer.pk, 2: unit_staff.pk}
    assert LogEntry.objects.count() == logs_before + 1


def test_a_cleared_entry_removes_the_stored_result(online_kpi, own_unit, unit_staff):
    save(own_unit, [ResultEntry(online_kpi, 1, numerator=5, denominator=10)], unit_staff)
    saved = save(own_unit, [ResultEntry(online_kpi, 1)], unit_staff)
    assert saved.removed == 1
    assert Result.objects.count() == 0


def test_percentage_and_score_values_are_saved_and_averaged(percent_kpi, score_kpi, own_unit, unit_staff):
    save(
        own_unit,
        [
            ResultEntry(percent_kpi, 1, value=Decimal("90.5")),
            ResultEntry(percent_kpi, 2, value=Decimal("80")),
            ResultEntry(score_kpi, 1, value=Decimal("250.25")),
        ],
        unit_staff,
    )
    totals = rates.year_rates(percent_kpi.campaign, 2026)
    assert totals[percent_kpi.pk].percent == Decimal("85.25")
    assert totals[score_kpi.pk].percent == Decimal("250.25")


def test_the_baseline_year_takes_results(online_kpi, own_unit, unit_staff):
    save(own_unit, [ResultEntry(online_kpi, 12, numerator=3, denominator=4)], unit_staff, year=2025)
    assert Result.objects.get().year == 2025


def test_the_current_period_is_open_but_not_the_next(online_kpi, percent_kpi):
    assert list(open_periods(online_kpi, 2026, today=JUNE)) == [1, 2, 3, 4, 5, 6]
    assert list(open_periods(percent_kpi, 2026, today=JUNE)) == [1, 2]
    assert list(open_periods(online_kpi, 2025, today=JUNE)) == list(range(1, 13))
    assert list(open_periods(percent_kpi, 2027, today=JUNE)) == []


# --- every bad input ---------------------------------------------------------------------


def _ratio(**kw):
    return lambda f: ResultEntry(f["ratio"], kw.pop("period", 1), **kw)


def _value(**kw):
    return lambda f: ResultEntry(f["percent"], kw.pop("period", 1), **kw)


BAD = [
    (
        "numerator above denominator",
        _ratio(numerator=45, denominator=40),
        "numerator",
        "The numerator (45) cannot exceed the denominator (40).",
    ),
    (
        "negative numerator",
        _ratio(numerator=-1, denominator=40),
        "numerator",
        "The numerator cannot be negative (-1).",
    ),
    (
        "negative denominator",
        _ratio(numerator=0, denominator=-3),
        "denominator",
        "The denominator cannot be negative (-3).",
    ),
    (
        "non-integer count",
        _ratio(numerator=1, denominator=Decimal("2.5")),
        "denominator",
        "The denominator must be a whole number (2,5).",
    ),
    (
        "count too large",
        _ratio(numerator=1, denominator=3_000_000_000),
        "denominator",
        "The denominator is too large (3000000000).",
    ),
    (
        "denominator 0 under a numerator",
        _ratio(numerator=3, denominator=0),
        "denominator",
        "The denominator is 0 while the numerator is 3; a rate needs a denominator above 0.",
    ),
    ("numerator without denominator", _ratio(numerator=3), "denominator", "Enter the denominator too."),
    ("denominator without numerator", _ratio(denominator=3), "numerator", "Enter the numerator too."),
    (
        "note without figures",
        _ratio(note="chưa có số liệu"),
        "numerator",
        "Enter the numerator and the denominator.",
    ),
    (
        "value for a ratio",
        _ratio(value=Decimal("50")),
        "value",
        "This indicator is a ratio of two counts: enter the numerator and the denominator, not a value.",
    ),
    (
        "percentage above 100",
        _value(value=Decimal("120")),
        "value",
        "The value is a percentage and cannot exceed 100 (120).",
    ),
    ("negative percentage", _value(value=Decimal("-1")), "value", "The value cannot be negative (-1)."),
    (
        "three decimals",
        _value(value=Decimal("50.125")),
        "value",
        "The value takes at most two decimal places (50,125).",
    ),
    (
        "counts for a percentage",
        _value(numerator=1, denominator=2),
        "numerator",
        "This indicator takes a value, not two counts: leave the numerator and the denominator empty.",
    ),
    ("percentage without value", _value(note="x"), "value", "Enter the value."),
    (
        "month 13",
        _ratio(period=13, numerator=1, denominator=2),
        "period",
        "“Tỷ lệ sử dụng dịch vụ công trực tuyến” is reported by month: the period must be from 1 to 12, not 13.",
    ),
    (
        "quarter 5",
        _value(period=5, value=Decimal("50")),
        "period",
        "“Mức độ hài lòng” is reported by quarter: the period must be from 1 to 4, not 5.",
    ),
    (
        "month in the future",
        _ratio(period=7, numerator=1, denominator=2),
        "period",
        "Month 7/2026 has not started yet; results cannot be entered in advance.",
    ),
    (
        "quarter in the future",
        _value(period=3, value=Decimal("50")),
        "period",
        "Quarter 3/2026 has not started yet; results cannot be entered in advance.",
    ),
    (
        "note too long",
        _ratio(numerator=1, denominator=2, note="x" * 256),
        "note",
        "The note is too long: at most 255 characters.",
    ),
]


@pytest.mark.parametrize(("case", "build", "field", "message"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_entry_is_refused_with_its_field_and_nothing_is_saved(
    case, build, field, message, online_kpi, percent_kpi, own_unit, unit_staff
):
    bad = build({"ratio": online_kpi, "percent": percent_kpi})
    entries = [ResultEntry(online_kpi, 2, numerator=5, denominator=10), bad]
    assert problems(own_unit, entries) == [(1, field, message)]
    with pytest.raises(ResultsError) as refused:
        save(own_unit, entries, unit_staff)
    assert refused.value.problems[0].message == message
    assert str(refused.value).endswith(f": {message}")
    assert Result.objects.count() == 0


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (
            2024,
            "2024 is outside “{c}”: results are entered for 2025–2030 (the year before the first is the baseline).",
        ),
        (
            2031,
            "2031 is outside “{c}”: results are entered for 2025–2030 (the year before the first is the baseline).",
        ),
        (2027, "Month 1/2027 has not started yet; results cannot be entered in advance."),
    ],
)
def test_a_year_outside_the_campaign_or_not_started_is_refused(online_kpi, own_unit, year, message):
    entry = ResultEntry(online_kpi, 1, numerator=1, denominator=2)
    field = "period" if year == 2027 else "year"
    assert problems(own_unit, [entry], year=year) == [(0, field, message.format(c=online_kpi.campaign))]


def test_a_closed_year_is_refused(online_kpi, own_unit):
    CampaignYear.objects.filter(campaign=online_kpi.campaign, year=2026).update(is_closed=True)
    entry = ResultEntry(online_kpi, 1, numerator=1, denominator=2)
    assert problems(own_unit, [entry]) == [
        (0, "year", f"The year 2026 of “{online_kpi.campaign}” is closed; its results can no longer change.")
    ]


def test_a_unit_that_does_not_report_the_indicator_is_refused(online_kpi, other_unit):
    entry = ResultEntry(online_kpi, 1, numerator=1, denominator=2)
    assert problems(other_unit, [entry]) == [
        (0, "unit", "This unit does not report “Tỷ lệ sử dụng dịch vụ công trực tuyến”.")
    ]


def test_an_indicator_of_another_campaign_is_refused(online_kpi, own_unit):
    other = CampaignFactory(code="khac", title="Phong trào khác")
    entry = ResultEntry(online_kpi, 1, numerator=1, denominator=2)
    assert problems(own_unit, [entry], campaign=other) == [
        (0, "indicator", "“Tỷ lệ sử dụng dịch vụ công trực tuyến” is not an indicator of “Phong trào khác”.")
    ]


def test_the_same_period_twice_is_refused(online_kpi, own_unit):
    entries = [ResultEntry(online_kpi, 1, numerator=1, denominator=2)] * 2
    assert problems(own_unit, entries) == [(1, "period", "This period is entered more than once.")]


def test_a_stored_period_is_refused_when_not_updating(online_kpi, own_unit, unit_staff):
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2026, period=1, numerator=45, denominator=60)
    entries = [ResultEntry(online_kpi, 1, numerator=1, denominator=2)]
    assert problems(own_unit, entries, update_existing=False) == [
        (
            0,
            "period",
            "A result is already stored for this period (45/60); correct it on the results entry screen "
            "instead of importing it again.",
        )
    ]
    assert problems(own_unit, entries) == []


def test_every_problem_is_returned_and_the_error_counts_them(online_kpi, own_unit, unit_staff):
    entries = [
        ResultEntry(online_kpi, 1, numerator=5, denominator=4),
        ResultEntry(online_kpi, 2, numerator=1, denominator=2),
        ResultEntry(online_kpi, 3, numerator=-1, denominator=2),
    ]
    assert [(i, f) for i, f, _m in problems(own_unit, entries)] == [(0, "numerator"), (2, "numerator")]
    with pytest.raises(ResultsError, match=r"^2 problems; nothing was saved\.$"):
        save(own_unit, entries, unit_staff)
    assert Result.objects.count() == 0


def test_the_database_still_refuses_a_numerator_above_the_denominator(online_kpi, own_unit):

    with pytest.raises(IntegrityError), transaction.atomic():
        ResultFactory(indicator=online_kpi, unit=own_unit, numerator=5, denominator=4)


def test_checks_run_a_fixed_number_of_queries(online_kpi, own_unit, django_assert_max_num_queries):
    entries = [ResultEntry(online_kpi, p, numerator=1, denominator=2) for p in range(1, 7)]
    with django_assert_max_num_queries(3):
        assert problems(own_unit, entries) == []


# --- units without results ----------------------------------------------------------------


def test_missing_results_names_units_without_the_latest_period(
    campaign, online_kpi, percent_kpi, own_unit, other_unit, django_assert_num_queries
):
    archived = UnitFactory(archived=True)
    online_kpi.reporting_units.add(other_unit, archived)
    IndicatorTargetFactory(indicator=percent_kpi, year=2026, value=Decimal("90"))
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2026, period=5)
    ResultFactory(indicator=online_kpi, unit=other_unit, year=2026, period=4)
    ResultFactory(
        indicator=percent_kpi, unit=own_unit, year=2026, period=1, numerator=None, denominator=None, value=80
    )
    with django_assert_num_queries(2):
        missing = missing_results(campaign, today=JUNE)  # May is the last month over; Q1 the last quarter
    assert {unit: [i.code for i in indicators] for unit, indicators in missing.items()} == {
        other_unit.pk: ["dvc-truc-tuyen"]
    }
    assert {u: [i.code for i in v] for u, v in missing_results(campaign, 2026, 6, today=JUNE).items()} == {
        own_unit.pk: ["dvc-truc-tuyen", "hai-long"],
        other_unit.pk: ["dvc-truc-tuyen"],
    }


def test_nothing_is_missing_before_the_first_period_is_over(campaign, online_kpi, percent_kpi):
    assert missing_results(campaign, today=datetime.date(2026, 1, 20)) == {}
    only_monthly = missing_results(campaign, today=datetime.date(2026, 2, 20))
    assert [[i.code for i in v] for v in only_monthly.values()] == [["dvc-truc-tuyen"]]
    assert missing_results(campaign, 2031, today=JUNE) == {}
