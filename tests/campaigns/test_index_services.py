"""PAR INDEX / SIPAS components: the service rules, criterion 2 and the trends."""

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.utils import translation

from campaigns.checks import CheckStatus
from campaigns.models import IndexComponent, IndexKind
from campaigns.services import CampaignError
from campaigns.services import index as services
from campaigns.services.index import IndexInputError
from tests.factories import UnitFactory
from tests.factories.campaigns import IndexComponentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def fields(**changes):
    return {
        "index": IndexKind.PAR,
        "year": 2026,
        "group": "Cải cách thủ tục hành chính",
        "code": "3.2",
        "name": "Công khai TTHC",
        "max_points": Decimal("2"),
        **changes,
    }


def pair(unit, before, after, *, code="3.2", name="Công khai TTHC", max_points="2", index=IndexKind.PAR):
    """The same component in 2025 and 2026 with the given scores; 2026's assigned to unit."""
    maximum = Decimal(max_points)
    if before is not False:
        IndexComponentFactory(
            index=index, year=2025, code=code, name=name, max_points=maximum,
            score=None if before is None else Decimal(before),
        )  # fmt: skip
    current = IndexComponentFactory(
        index=index, year=2026, code=code, name=name, max_points=maximum,
        score=None if after is None else Decimal(after),
    )  # fmt: skip
    current.units.add(unit)
    return current


# --------------------------------------------------------------------------- components


def test_create_component_normalises_text_and_is_audited_with_its_actor(vhxh_officer):
    decomposed = "Co\u0302ng khai TTHC"
    with set_actor(vhxh_officer):
        component = services.create_component(
            actor=vhxh_officer, **fields(name=f"  {decomposed} ", code=" 3.2 ")
        )
    component.refresh_from_db()
    assert (component.name, component.code, component.score) == ("Công khai TTHC", "3.2", None)
    entry = LogEntry.objects.get_for_object(component).get()
    assert entry.actor == vhxh_officer


def test_create_component_refuses_a_duplicate_code_in_the_same_year(vhxh_officer):
    IndexComponentFactory(index=IndexKind.PAR, year=2026, code="3.2")
    with pytest.raises(IndexInputError) as error:
        services.create_component(actor=vhxh_officer, **fields())
    assert str(error.value) == "PAR INDEX already has a component 3.2 in 2026."
    assert error.value.field == "code"
    assert IndexComponent.objects.count() == 1


def test_the_same_code_may_exist_in_another_year_or_index(vhxh_officer):
    IndexComponentFactory(index=IndexKind.PAR, year=2025, code="3.2")
    IndexComponentFactory(index=IndexKind.SIPAS, year=2026, code="3.2")
    services.create_component(actor=vhxh_officer, **fields())
    assert IndexComponent.objects.filter(code="3.2").count() == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"index": "cpi"}, "index", "Choose PAR INDEX or SIPAS."),
        ({"year": 1999}, "year", "The year must be between 2000 and 2100."),
        ({"group": "  "}, "group", "The group is required."),
        ({"code": ""}, "code", "The code is required."),
        ({"code": "x" * 21}, "code", "The code is too long (at most 20 characters)."),
        ({"name": ""}, "name", "The component name is required."),
        (
            {"max_points": Decimal("0")},
            "max_points",
            "The maximum points must be above 0 and below 10000,00.",
        ),
        (
            {"max_points": Decimal("-1")},
            "max_points",
            "The maximum points must be above 0 and below 10000,00.",
        ),
        (
            {"max_points": Decimal("1.255")},
            "max_points",
            "The maximum points takes at most two decimal places (1.255).",
        ),
        ({"max_points": "abc"}, "max_points", "The maximum points must be a number."),
    ],
)
def test_create_component_refuses_bad_fields(vhxh_officer, changes, field, message):
    with pytest.raises(IndexInputError) as error:
        services.create_component(actor=vhxh_officer, **fields(**changes))
    assert (error.value.field, str(error.value)) == (field, message)
    assert not IndexComponent.objects.exists()


def test_update_component_refuses_a_maximum_below_the_recorded_score(vhxh_officer):
    component = IndexComponentFactory(**fields(score=Decimal("1.75")))
    with pytest.raises(IndexInputError) as error:
        services.update_component(component, actor=vhxh_officer, **fields(max_points=Decimal("1.5")))
    assert str(error.value) == (
        "The maximum of PAR INDEX 3.2 Công khai TTHC cannot be lower than its recorded score of 1,75."
    )
    component.refresh_from_db()
    assert component.max_points == Decimal("2.00")


def test_update_component_changes_fields_and_refuses_taking_another_code(vhxh_officer):
    component = IndexComponentFactory(**fields())
    IndexComponentFactory(index=IndexKind.PAR, year=2026, code="3.3")
    services.update_component(component, actor=vhxh_officer, **fields(name="Công khai, minh bạch TTHC"))
    assert IndexComponent.objects.get(pk=component.pk).name == "Công khai, minh bạch TTHC"
    with pytest.raises(IndexInputError, match="already has a component 3.3 in 2026"):
        services.update_component(component, actor=vhxh_officer, **fields(code="3.3"))


def test_assign_units_replaces_the_choice_and_refuses_a_newly_archived_unit(
    vhxh_officer, own_unit, other_unit
):
    component = IndexComponentFactory()
    services.assign_units(component, actor=vhxh_officer, units=[own_unit])
    services.assign_units(component, actor=vhxh_officer, units=[other_unit])
    assert list(component.units.all()) == [other_unit]
    archived = UnitFactory(name="Ban cũ", archived=True)
    with pytest.raises(IndexInputError) as error:
        services.assign_units(component, actor=vhxh_officer, units=[own_unit, archived])
    assert str(error.value) == "Ban cũ is archived and cannot be made responsible for a component."
    assert list(component.units.all()) == [other_unit]


# --------------------------------------------------------------------------- scores


def test_record_scores_saves_the_year_and_counts_changes(vhxh_officer):
    first = IndexComponentFactory(code="3.1", max_points=Decimal("1.5"), score=Decimal("1.00"))
    second = IndexComponentFactory(code="3.2", max_points=Decimal("2"))
    changed = services.record_scores(
        2026, actor=vhxh_officer, scores={first.pk: Decimal("1.00"), second.pk: Decimal("1.25")}
    )
    assert changed == 1
    assert IndexComponent.objects.get(pk=second.pk).score == Decimal("1.25")
    assert services.record_scores(2026, actor=vhxh_officer, scores={first.pk: None}) == 1
    assert IndexComponent.objects.get(pk=first.pk).score is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            Decimal("2.25"),
            "The score of PAR INDEX 3.2 Công khai TTHC (2,25) is above its maximum of 2,00 points.",
        ),
        (Decimal("-0.5"), "The score of PAR INDEX 3.2 Công khai TTHC cannot be negative (\u22120,50)."),
        (
            Decimal("1.333"),
            "The score of PAR INDEX 3.2 Công khai TTHC takes at most two decimal places (1.333).",
        ),
        ("một", "The score of PAR INDEX 3.2 Công khai TTHC must be a number."),
    ],
)
def test_record_scores_is_all_or_nothing(vhxh_officer, value, message):
    good = IndexComponentFactory(code="3.1", name="Kiểm soát TTHC", max_points=Decimal("1.5"))
    bad = IndexComponentFactory(**fields())
    with pytest.raises(IndexInputError) as error:
        services.record_scores(2026, actor=vhxh_officer, scores={good.pk: Decimal("1.25"), bad.pk: value})
    assert str(error.value) == message
    assert error.value.field == f"score_{bad.pk}"
    assert list(IndexComponent.objects.values_list("score", flat=True)) == [None, None]


def test_record_scores_refuses_a_component_of_another_year(vhxh_officer):
    other_year = IndexComponentFactory(year=2025)
    with pytest.raises(
        IndexInputError, match=f"Component number {other_year.pk} is not a component of 2026."
    ):
        services.record_scores(2026, actor=vhxh_officer, scores={other_year.pk: Decimal("1")})


def test_the_database_also_refuses_a_score_above_the_maximum():

    with pytest.raises(IntegrityError), transaction.atomic():
        IndexComponentFactory(max_points=Decimal("2"), score=Decimal("2.5"))


# --------------------------------------------------------------------------- copying a year


def test_copy_components_copies_fields_and_units_without_scores_and_skips_existing(
    vhxh_officer, own_unit, other_unit
):
    kept = IndexComponentFactory(
        year=2025, code="1.1", group="Chỉ đạo", name="Kế hoạch CCHC", score=Decimal("1.5")
    )
    kept.units.add(own_unit)
    IndexComponentFactory(year=2025, code="3.2", score=Decimal("1.5")).units.add(other_unit)
    IndexComponentFactory(year=2026, code="3.2", name="Đã có")
    created = services.copy_components(from_year=2025, to_year=2026, actor=vhxh_officer)
    assert [(c.code, c.group, c.name, c.max_points, c.score) for c in created] == [
        ("1.1", "Chỉ đạo", "Kế hoạch CCHC", Decimal("2.00"), None)
    ]
    assert list(created[0].units.all()) == [own_unit]
    assert IndexComponent.objects.get(year=2026, code="3.2").name == "Đã có"
    assert services.copy_components(from_year=2025, to_year=2026, actor=vhxh_officer) == []


@pytest.mark.parametrize(
    ("from_year", "to_year", "message"),
    [
        (2026, 2026, "Choose two different years."),
        (2024, 2026, "There is no component in 2024 to copy."),
        (2025, 3000, "The year must be between 2000 and 2100."),
    ],
)
def test_copy_components_refuses_bad_years(vhxh_officer, from_year, to_year, message):
    IndexComponentFactory(year=2025)
    with pytest.raises(CampaignError) as error:
        services.copy_components(from_year=from_year, to_year=to_year, actor=vhxh_officer)
    assert str(error.value) == message
    assert IndexComponent.objects.count() == 1


# --------------------------------------------------------------------------- criterion 2


def test_criterion_2_met_when_the_score_rose(own_unit):
    pair(own_unit, "1.25", "1.50")
    result = services.index_check(own_unit, 2026)
    assert result.status == CheckStatus.MET
    assert result.reason == "The assigned component rose, or held its maximum, against 2025."
    assert result.details == ("PAR INDEX 3.2 Công khai TTHC: 1,25 → 1,50 (+0,25)",)


def test_criterion_2_met_when_equal_at_the_maximum(own_unit):
    pair(own_unit, "3", "3", code="3.3", name="Một cửa", max_points="3")
    pair(
        own_unit, "17.20", "17.80", code="S1", name="Tiếp cận dịch vụ", max_points="20", index=IndexKind.SIPAS
    )
    result = services.index_check(own_unit, 2026)
    assert result.status == CheckStatus.MET
    assert result.reason == "All 2 assigned components rose, or held their maximum, against 2025."
    assert result.details == (
        "PAR INDEX 3.3 Một cửa: 3,00 → 3,00 (held at the maximum)",
        "SIPAS S1 Tiếp cận dịch vụ: 17,20 → 17,80 (+0,60)",
    )


def test_criterion_2_not_met_when_equal_below_the_maximum(own_unit):
    pair(own_unit, "1.50", "1.50")
    result = services.index_check(own_unit, 2026)
    assert result.status == CheckStatus.NOT_MET
    assert result.reason == (
        "Fell or did not rise against 2025: "
        "PAR INDEX 3.2 Công khai TTHC: 1,50 → 1,50 (unchanged, below the maximum of 2,00)."
    )


def test_criterion_2_not_met_names_the_component_that_fell_and_by_how_much(own_unit):
    pair(own_unit, "1.00", "1.25", code="3.1", name="Kiểm soát TTHC")
    pair(own_unit, "1.50", "1.25")
    pair(own_unit, None, "2.00", code="3.4", name="Mới")  # missing 2025 does not soften a fall
    result = services.index_check(own_unit, 2026)
    assert result.status == CheckStatus.NOT_MET
    assert (
        result.reason
        == "Fell or did not rise against 2025: PAR INDEX 3.2 Công khai TTHC: 1,50 → 1,25 (\u22120,25)."
    )
    assert result.details == (
        "PAR INDEX 3.1 Kiểm soát TTHC: 1,00 → 1,25 (+0,25)",
        "PAR INDEX 3.2 Công khai TTHC: 1,50 → 1,25 (\u22120,25)",
        "PAR INDEX 3.4 Mới: no official score for 2025",
    )
    assert not result.passed


def test_criterion_2_reason_uses_vietnamese_decimal_commas(own_unit):
    pair(own_unit, "1.50", "1.25")
    with translation.override("vi"):
        result = services.index_check(own_unit, 2026)
    assert "PAR INDEX 3.2 Công khai TTHC: 1,50 → 1,25 (\u22120,25)" in result.reason
    assert result.details == ("PAR INDEX 3.2 Công khai TTHC: 1,50 → 1,25 (\u22120,25)",)


@pytest.mark.parametrize(
    ("before", "after", "line"),
    [
        (None, "1.50", "PAR INDEX 3.2 Công khai TTHC: no official score for 2025"),
        (False, "1.50", "PAR INDEX 3.2 Công khai TTHC: no official score for 2025"),
        ("1.50", None, "PAR INDEX 3.2 Công khai TTHC: no official score for 2026"),
        (None, None, "PAR INDEX 3.2 Công khai TTHC: no official score for 2025, 2026"),
    ],
    ids=["no 2025 score", "no 2025 component", "no 2026 score", "neither"],
)
def test_criterion_2_unknown_names_the_missing_year(own_unit, before, after, line):
    pair(own_unit, before, after)
    result = services.index_check(own_unit, 2026)
    assert result.status == CheckStatus.UNKNOWN
    assert result.reason == f"Scores are missing: {line}."
    assert result.details == (line,)


def test_criterion_2_not_applicable_without_assignment(own_unit, other_unit):
    pair(other_unit, "1.50", "1.25")
    IndexComponentFactory(year=2025, code="9.9").units.add(own_unit)  # last year's assignment does not count
    result = services.index_check(own_unit, 2026)
    assert result.status == CheckStatus.NOT_APPLICABLE
    assert result.reason == "No PAR INDEX or SIPAS component was assigned to the unit in 2026."
    assert result.details == ()
    assert result.passed


@pytest.mark.parametrize("count", [1, 12])
def test_index_checks_for_many_units_take_two_queries(django_assert_num_queries, count):
    units = [UnitFactory() for _ in range(count)]
    for number, unit in enumerate(units):
        pair(unit, "1.00", "1.25" if number % 2 else "0.75", code=f"3.{number}")
    with django_assert_num_queries(2):
        results = services.index_checks(units, 2026)
    expected = [CheckStatus.MET if number % 2 else CheckStatus.NOT_MET for number in range(count)]
    assert [results[u.pk].status for u in units] == expected


def test_index_checks_agree_with_index_check(own_unit, other_unit):
    pair(own_unit, "1.50", "1.25")
    pair(other_unit, "1.00", "1.25", code="3.1")
    results = services.index_checks([own_unit, other_unit], 2026)
    assert results == {
        own_unit.pk: services.index_check(own_unit, 2026),
        other_unit.pk: services.index_check(other_unit, 2026),
    }


# --------------------------------------------------------------------------- reading


def test_component_trends_per_code_in_one_query(django_assert_num_queries):
    for year, score in ((2025, "1.50"), (2026, "1.25")):
        IndexComponentFactory(year=year, code="3.2", name=f"Công khai {year}", score=Decimal(score))
    IndexComponentFactory(year=2026, code="3.10", name="Mới", score=Decimal("1"))
    IndexComponentFactory(year=2026, code="1.1", score=None)
    IndexComponentFactory(index=IndexKind.SIPAS, year=2026, code="S1", max_points=Decimal("20"))
    with django_assert_num_queries(1):
        trends = services.component_trends(IndexKind.PAR, 2025, 2027)
    assert list(trends) == ["1.1", "3.2", "3.10"]
    assert trends["3.2"].scores == {2025: Decimal("1.50"), 2026: Decimal("1.25"), 2027: None}
    assert trends["3.2"].name == "Công khai 2026"
    assert trends["3.10"].scores == {2025: None, 2026: Decimal("1.00"), 2027: None}
    assert trends["1.1"].scores == {2025: None, 2026: None, 2027: None}


def test_year_overview_pairs_last_years_score_in_code_order(own_unit):
    IndexComponentFactory(year=2025, code="3.2", score=Decimal("1.50"))
    later = IndexComponentFactory(year=2026, code="3.10", score=Decimal("1.00"))
    current = IndexComponentFactory(year=2026, code="3.2", score=Decimal("1.25"))
    sipas = IndexComponentFactory(index=IndexKind.SIPAS, year=2026, code="S1", max_points=Decimal("20"))
    rows = services.year_overview(2026)
    assert [(r.component, r.previous_score, r.change) for r in rows] == [
        (current, Decimal("1.50"), Decimal("-0.25")),
        (later, None, None),
        (sipas, None, None),
    ]
    assert rows[0].change_text == "\u22120,25"
    assert services.available_years() == [2026, 2025]
