"""The eligibility checks of REFERENCE §3 plus discipline: each status with its exact reason
(English msgids), the batch against single runs, and the query count."""

import datetime
from decimal import Decimal

import pytest

from campaigns.checks import CheckStatus
from nominations.models import Nomination
from nominations.services.eligibility import CODES, Check, run_checks, run_checks_many
from tests.factories.campaigns import IndexComponentFactory, InitiativeFactory
from tests.factories.nominations import DisciplineRecordFactory, NominationFactory, ProposalFactory
from tests.factories.units import CadreFactory, CadreRatingFactory, UnitFactory, UnitRatingFactory
from units.models import RatingLevel

MET, NOT_MET, NA, UNKNOWN = (
    CheckStatus.MET,
    CheckStatus.NOT_MET,
    CheckStatus.NOT_APPLICABLE,
    CheckStatus.UNKNOWN,
)
CONDUCT = (
    "Exemplary conduct (Party and State policy, the law, internal unity) is a judgement "
    "the office makes in review."
)


def _check(nomination, code):
    return {check.code: check for check in run_checks(nomination)}[code]


def _person(own_proposal, **cadre_fields):
    cadre = CadreFactory(unit=own_proposal.unit, full_name="Lê Thị Hoa", **cadre_fields)
    return NominationFactory(proposal=own_proposal, subject_cadre=cadre)


def _collective(own_proposal, unit=None):
    unit = unit or own_proposal.unit
    return NominationFactory(proposal=own_proposal, collective=True, subject_unit=unit)


def test_checks_come_in_stable_order_with_labels(own_proposal):
    checks = run_checks(_person(own_proposal))
    assert [c.code for c in checks] == list(CODES)
    assert [c.label for c in checks] == [
        "Exemplary conduct and a recognised CCHC initiative",
        "PAR INDEX and SIPAS components rose",
        "Collective rated “Excellently completed duties”",
        "Individual rated at least “Well completed duties”",
        "No discipline or inspection in the year",
        "Not already given the same award for the year",
    ]
    assert all(isinstance(c, Check) and c.override is None for c in checks)


# --------------------------------------------------------------------------- 1. initiative


def test_initiative_met_for_an_author_says_conduct_is_judged(own_proposal):
    nomination = _person(own_proposal)
    InitiativeFactory(recognised=True, title="Một cửa số", authors=[nomination.subject_cadre])
    check = _check(nomination, "initiative")
    assert check.result.status == MET
    assert check.result.reason == (
        "Recognised: “Một cửa số”: recognised by the Commune initiative council, decision "
        f"12/QĐ-HĐSK of 15/09/2026. {CONDUCT}"
    )
    assert not check.blocking


def test_initiative_not_met_without_any(own_proposal):
    check = _check(_collective(own_proposal), "initiative")
    assert check.result.status == NOT_MET
    assert check.result.reason == (
        "No initiative is recorded, so none was recognised by an initiative council in 2026."
    )
    assert check.blocking


def test_initiative_of_the_unit_counts_for_the_collective(own_proposal):
    InitiativeFactory(recognised=True, owner_unit=own_proposal.unit, title="Hẹn trả qua Zalo")
    assert _check(_collective(own_proposal), "initiative").result.status == MET


# --------------------------------------------------------------------------- 2. index


def _component(unit, before, after, max_points="2.00", code="3.2"):
    IndexComponentFactory(
        year=2025, code=code, name="Công khai TTHC", score=Decimal(before), max_points=max_points
    )
    component = IndexComponentFactory(
        year=2026, code=code, name="Công khai TTHC", score=after and Decimal(after), max_points=max_points
    )
    component.units.set([unit])


def test_index_not_applicable_to_an_individual(own_proposal):
    check = _check(_person(own_proposal), "index")
    assert check.result.status == NA
    assert check.result.reason == (
        "The criterion concerns units assigned PAR INDEX or SIPAS components; it does not apply "
        "to an individual."
    )


def test_index_not_applicable_without_components(own_proposal):
    check = _check(_collective(own_proposal), "index")
    assert (check.result.status, check.result.reason) == (
        NA,
        "No PAR INDEX or SIPAS component was assigned to the unit in 2026.",
    )


def test_index_met_when_the_component_rose(own_proposal):
    _component(own_proposal.unit, "1.25", "1.50")
    check = _check(_collective(own_proposal), "index")
    assert check.result.status == MET
    assert check.result.details == ("PAR INDEX 3.2 Công khai TTHC: 1,25 → 1,50 (+0,25)",)


def test_index_not_met_when_the_component_fell(own_proposal):
    _component(own_proposal.unit, "1.50", "1.25")
    check = _check(_collective(own_proposal), "index")
    assert check.result.status == NOT_MET
    assert check.result.reason == (
        "Fell or did not rise against 2025: PAR INDEX 3.2 Công khai TTHC: 1,50 → 1,25 (−0,25)."
    )


def test_index_unknown_without_this_years_score(own_proposal):
    _component(own_proposal.unit, "1.50", None)
    check = _check(_collective(own_proposal), "index")
    assert check.result.status == UNKNOWN
    assert (
        check.result.reason == "Scores are missing: PAR INDEX 3.2 Công khai TTHC: no official score for 2026."
    )


# --------------------------------------------------------------------------- 3. unit rating


def test_unit_rating_met(own_proposal):
    UnitRatingFactory(unit=own_proposal.unit, level=RatingLevel.EXCELLENT)
    check = _check(_collective(own_proposal), "unit_rating")
    assert (check.result.status, check.result.reason) == (
        MET,
        "Trung tâm Phục vụ hành chính công was rated “Excellently completed duties” in 2026.",
    )


def test_unit_rating_not_met_when_only_good(own_proposal):
    UnitRatingFactory(unit=own_proposal.unit, level=RatingLevel.GOOD)
    check = _check(_collective(own_proposal), "unit_rating")
    assert (check.result.status, check.result.reason) == (
        NOT_MET,
        "Trung tâm Phục vụ hành chính công was rated “Well completed duties” in 2026; "
        "“Excellently completed duties” is required.",
    )


def test_unit_rating_of_another_year_is_unknown(own_proposal):
    UnitRatingFactory(unit=own_proposal.unit, year=2025)
    check = _check(_collective(own_proposal), "unit_rating")
    assert (check.result.status, check.result.reason) == (
        UNKNOWN,
        "No rating of Trung tâm Phục vụ hành chính công for 2026 is recorded yet.",
    )


def test_unit_rating_not_applicable_when_not_advising(own_proposal):
    unit = UnitFactory(name="Phòng Tài chính", advises_cchc=False)
    UnitRatingFactory(unit=unit, level=RatingLevel.COMPLETED)
    check = _check(_collective(own_proposal, unit), "unit_rating")
    assert (check.result.status, check.result.reason) == (
        NA,
        "Phòng Tài chính does not directly advise on administrative reform.",
    )


def test_unit_rating_not_applicable_to_an_individual(own_proposal):
    check = _check(_person(own_proposal), "unit_rating")
    assert (check.result.status, check.result.reason) == (NA, "The criterion concerns collectives.")


# --------------------------------------------------------------------------- 4. person rating


@pytest.mark.parametrize(
    ("level", "status", "reason"),
    [
        (RatingLevel.EXCELLENT, MET, "Lê Thị Hoa was rated “Excellently completed duties” in 2026."),
        (RatingLevel.GOOD, MET, "Lê Thị Hoa was rated “Well completed duties” in 2026."),
        (
            RatingLevel.COMPLETED,
            NOT_MET,
            "Lê Thị Hoa was rated “Completed duties” in 2026; at least “Well completed duties” is required.",
        ),
        (
            RatingLevel.NOT_COMPLETED,
            NOT_MET,
            "Lê Thị Hoa was rated “Did not complete duties” in 2026; at least “Well completed duties” is "
            "required.",
        ),
    ],
)
def test_person_rating_by_level(own_proposal, level, status, reason):
    nomination = _person(own_proposal, advises_cchc=True)
    CadreRatingFactory(cadre=nomination.subject_cadre, level=level)
    check = _check(nomination, "person_rating")
    assert (check.result.status, check.result.reason) == (status, reason)


def test_person_rating_unknown_without_rating(own_proposal):
    check = _check(_person(own_proposal, advises_cchc=True), "person_rating")
    assert (check.result.status, check.result.reason) == (
        UNKNOWN,
        "No rating of Lê Thị Hoa for 2026 is recorded yet.",
    )


def test_person_rating_not_applicable_when_not_advising(own_proposal):
    nomination = _person(own_proposal, advises_cchc=False)
    CadreRatingFactory(cadre=nomination.subject_cadre, level=RatingLevel.COMPLETED)
    check = _check(nomination, "person_rating")
    assert (check.result.status, check.result.reason) == (
        NA,
        "Lê Thị Hoa does not directly advise on administrative reform.",
    )


def test_person_rating_not_applicable_to_a_collective(own_proposal):
    check = _check(_collective(own_proposal), "person_rating")
    assert (check.result.status, check.result.reason) == (NA, "The criterion concerns individuals.")


# --------------------------------------------------------------------------- 5. discipline


def test_discipline_met_without_records(own_proposal):
    check = _check(_person(own_proposal), "discipline")
    assert (check.result.status, check.result.reason) == (
        MET,
        "No discipline record of Lê Thị Hoa covers 2026.",
    )


def test_discipline_not_met_names_measure_and_decision(own_proposal):
    nomination = _person(own_proposal)
    DisciplineRecordFactory(
        cadre=nomination.subject_cadre,
        measure="Khiển trách",
        decision_number="05/QĐ-UBND",
        start_date=datetime.date(2025, 11, 3),
        end_date=datetime.date(2026, 5, 2),
    )
    check = _check(nomination, "discipline")
    line = "Khiển trách (decision 05/QĐ-UBND), from 03/11/2025 to 02/05/2026"
    assert check.result.status == NOT_MET
    assert check.result.reason == f"A discipline record of Lê Thị Hoa covers 2026: {line}."
    assert check.result.details == (line,)
    assert check.blocking


def test_discipline_still_in_force_without_decision(own_proposal):
    nomination = _person(own_proposal)
    DisciplineRecordFactory(
        cadre=nomination.subject_cadre, measure="Đang bị thanh tra", start_date=datetime.date(2024, 6, 1)
    )
    check = _check(nomination, "discipline")
    assert check.result.reason == (
        "A discipline record of Lê Thị Hoa covers 2026: Đang bị thanh tra, from 01/06/2024, still in force."
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2027, 1, 1), None),
    ],
)
def test_discipline_of_other_years_does_not_count(own_proposal, start, end):
    nomination = _person(own_proposal)
    DisciplineRecordFactory(cadre=nomination.subject_cadre, start_date=start, end_date=end)
    DisciplineRecordFactory(start_date=datetime.date(2026, 3, 1))  # someone else
    assert _check(nomination, "discipline").result.status == MET


def test_discipline_not_applicable_to_a_collective(own_proposal):
    check = _check(_collective(own_proposal), "discipline")
    assert (check.result.status, check.result.reason) == (NA, "The check concerns individuals.")


# --------------------------------------------------------------------------- batch


def _mixed(own_proposal, count):
    nominations = []
    for i in range(count):
        if i % 2:
            unit = UnitFactory(advises_cchc=bool(i % 3))
            UnitRatingFactory(unit=unit, level=RatingLevel.GOOD)
            _component(unit, "1.00", "1.50", code=f"9.{unit.pk}")
            InitiativeFactory(recognised=True, owner_unit=unit)
            nominations.append(_collective(ProposalFactory(round=own_proposal.round, unit=unit)))
        else:
            cadre = CadreFactory(unit=own_proposal.unit, advises_cchc=True)
            CadreRatingFactory(cadre=cadre, level=RatingLevel.COMPLETED)
            DisciplineRecordFactory(cadre=cadre)
            InitiativeFactory(recognised=True, authors=[cadre])
            nominations.append(NominationFactory(proposal=own_proposal, subject_cadre=cadre))
    return nominations


def test_batch_equals_single_runs(own_proposal):
    nominations = _mixed(own_proposal, 6)
    batch = run_checks_many(nominations)
    assert list(batch) == [n.pk for n in nominations]
    for nomination in nominations:
        assert batch[nomination.pk] == run_checks(nomination)


def test_batch_of_nothing_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert run_checks_many([]) == {}


def _fresh(nominations):

    return list(Nomination.objects.filter(pk__in=[n.pk for n in nominations]).order_by("pk"))


@pytest.mark.parametrize("count", [1, 30])
def test_batch_query_count_is_fixed(own_proposal, django_assert_max_num_queries, count):
    nominations = _fresh(_mixed(own_proposal, count) + _mixed(own_proposal, 2))
    # round, subject units, subject people; ratings ×2, discipline, overrides; initiatives
    # of units (2) and of people (1); index (2); the award registry.
    with django_assert_max_num_queries(13):  # exactly 13 today, at 1 and at 30
        checks = run_checks_many(nominations)
    assert len(checks) == count + 2


def test_batch_with_related_already_selected(own_proposal, django_assert_num_queries):

    nomination = _person(own_proposal)
    loaded = Nomination.objects.select_related("round", "subject_unit", "subject_cadre").get(pk=nomination.pk)
    # people's ratings, discipline, overrides, initiatives of people, the award registry.
    with django_assert_num_queries(5):
        run_checks(loaded)
