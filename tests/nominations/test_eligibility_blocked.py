"""The verdicts-only path of the eligibility checks (`blocked_ids`, the queue's "failed"
filter): the same nominations block as in `run_checks_many`, in the queryset's order, in a
fixed number of queries."""

import datetime
from decimal import Decimal

import pytest

from nominations.models import EligibilityOverride, Nomination
from nominations.services.eligibility import blocked_ids, run_checks_many
from tests.factories.campaigns import IndexComponentFactory, InitiativeFactory
from tests.factories.nominations import (
    DisciplineRecordFactory,
    NominationFactory,
    ProposalFactory,
    RoundFactory,
)
from tests.factories.units import (
    CadreFactory,
    CadreRatingFactory,
    UnitFactory,
    UnitRatingFactory,
    UserFactory,
)
from units.models import RatingLevel

LEVELS = [RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.COMPLETED, None]


def _unit(proposal, n, shared):
    """A collective with the n-th combination of advising, rating, initiative and index."""
    unit = UnitFactory(advises_cchc=n % 2 == 0)
    if LEVELS[n % 4]:
        UnitRatingFactory(unit=unit, level=LEVELS[n % 4])
    if n % 4:
        shared.units.add(unit)
    elif n % 8 == 0:
        InitiativeFactory(refused=True, owner_unit=unit)
    after = ["1.75", "1.25", None][n % 3]
    IndexComponentFactory(year=2025, code=f"7.{n}", score=Decimal("1.50"))
    current = IndexComponentFactory(year=2026, code=f"7.{n}", score=after and Decimal(after))
    if n % 5:  # else no component is assigned: not applicable
        current.units.set([unit])
    return NominationFactory(proposal=ProposalFactory(round=proposal.round, unit=unit), collective=True)


def _person(proposal, n, shared):
    """A person with the n-th combination of advising, rating, discipline and initiative."""
    cadre = CadreFactory(unit=proposal.unit, advises_cchc=n % 3 != 2)
    if LEVELS[n % 4]:
        CadreRatingFactory(cadre=cadre, level=LEVELS[n % 4], year=proposal.round.year)
    if n % 5 == 1:
        DisciplineRecordFactory(cadre=cadre, start_date=datetime.date(2026, 3, 1))
    elif n % 5 == 2:
        DisciplineRecordFactory(
            cadre=cadre, start_date=datetime.date(2023, 3, 1), end_date=datetime.date(2025, 3, 1)
        )
    if n % 4 != 3:  # else none recorded; one in eight recognised in another year
        shared[(proposal.round.year == 2025) ^ (n % 8 == 5)].authors.add(cadre)
    return NominationFactory(proposal=proposal, subject_cadre=cadre)


def _variety(proposal, count):
    """`count` people and a third as many units, every outcome of every check, a few
    overrides (one lifting the only failure, one on a check that passed), and people of a
    2025 round too."""
    shared = [
        InitiativeFactory(recognised=True),
        InitiativeFactory(recognised=True, decision_date=datetime.date(2025, 9, 15)),
    ]
    earlier = ProposalFactory(round=RoundFactory(adhoc=True, year=2025), unit=proposal.unit)
    nominations = [_unit(proposal, n, shared[0]) for n in range(count // 3 + 1)]
    nominations += [_person(earlier if n % 7 == 2 else proposal, n, shared) for n in range(count)]
    actor = UserFactory()
    for nomination, code in ((nominations[-1], "initiative"), (nominations[-2], "discipline")):
        EligibilityOverride.objects.create(
            nomination=nomination, check_code=code, justification="Đã xem xét kỹ.", actor=actor
        )
    return Nomination.objects.filter(pk__in=[n.pk for n in nominations]).order_by("-pk")


def _blocking(queryset) -> dict[int, list[str]]:
    checks = run_checks_many(queryset)
    return {pk: [check.code for check in items if check.blocking] for pk, items in checks.items()}


def test_blocked_ids_agree_with_the_full_checks(own_proposal):
    queryset = _variety(own_proposal, 24)
    blocking = _blocking(queryset)
    # Each check is the only failure of some nomination, so none hides another's mistake.
    alone = {codes[0] for codes in blocking.values() if len(codes) == 1}
    assert alone == {"initiative", "index", "unit_rating", "person_rating", "discipline"}
    assert blocked_ids(queryset) == [pk for pk, codes in blocking.items() if codes]


def test_an_override_of_the_only_failure_unblocks(own_proposal):
    nomination = NominationFactory(proposal=own_proposal)  # no initiative: fails criterion 1
    queryset = Nomination.objects.filter(pk=nomination.pk)
    assert blocked_ids(queryset) == [nomination.pk]
    EligibilityOverride.objects.create(
        nomination=nomination, check_code="initiative", justification="Đã xem xét kỹ.", actor=UserFactory()
    )
    assert blocked_ids(queryset) == []


def test_blocked_ids_of_nothing_asks_once(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert blocked_ids(Nomination.objects.filter(pk=-1)) == []


@pytest.mark.parametrize("count", [4, 40])
def test_blocked_ids_query_count_is_fixed(own_proposal, django_assert_num_queries, count):
    queryset = _variety(own_proposal, count)
    # rows; units, their initiatives (2) and index (2), ratings; people's initiatives per
    # year (2), ratings, discipline; overrides; the award registry.
    with django_assert_num_queries(13):
        blocked_ids(queryset)
