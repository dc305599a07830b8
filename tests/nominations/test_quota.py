"""The round's quota of nominations on the list for the council: counted from the rows under
lock in the same transaction, so it is never passed, even by concurrent requests."""

import pytest
from django.db import connection
from django.utils import translation

from nominations.models import Nomination, NominationState
from nominations.services import QuotaExceeded, workflow
from tests.concurrency import all_at_once
from tests.factories import UnitFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

SHORTLISTED = NominationState.SHORTLISTED


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _collectives(round, count, **fields):
    return [
        NominationFactory(
            proposal=ProposalFactory(round=round, unit=UnitFactory()), collective=True, **fields
        )
        for _ in range(count)
    ]


def test_sixth_collective_refused(annual_round, vhxh_officer):
    five = _collectives(annual_round, 5, accepted=True)
    for nomination in five:
        workflow.shortlist_nomination(nomination, actor=vhxh_officer)
    sixth = _collectives(annual_round, 1, accepted=True)[0]
    with pytest.raises(QuotaExceeded) as error:
        workflow.shortlist_nomination(sixth, actor=vhxh_officer)
    assert (
        str(error.value)
        == "The round “Khen thưởng hằng năm 2026” already has its 5 collectives for the council."
    )
    assert Nomination.objects.get(pk=sixth.pk).state == "accepted"
    assert not sixth.transitions.exists()
    assert Nomination.objects.filter(round=annual_round, state=SHORTLISTED).count() == 5


def test_quotas_count_per_subject_type_and_round(annual_round, own_proposal, vhxh_officer):
    annual_round.quota_collectives = 1
    annual_round.save()
    _collectives(annual_round, 1, state=SHORTLISTED, version=1)
    person = NominationFactory(proposal=own_proposal, accepted=True)
    workflow.shortlist_nomination(person, actor=vhxh_officer)
    assert Nomination.objects.get(pk=person.pk).state == SHORTLISTED


def test_no_quota_means_no_limit(vhxh_officer):

    adhoc = RoundFactory(adhoc=True)
    many = _collectives(adhoc, 7, accepted=True)
    for nomination in many:
        workflow.shortlist_nomination(nomination, actor=vhxh_officer)
    assert Nomination.objects.filter(round=adhoc, state=SHORTLISTED).count() == 7


def test_taking_one_off_the_list_frees_a_place(annual_round, vhxh_officer):
    annual_round.quota_collectives = 1
    annual_round.save()
    first, second = _collectives(annual_round, 2, accepted=True)
    workflow.shortlist_nomination(first, actor=vhxh_officer)
    with pytest.raises(QuotaExceeded):
        workflow.shortlist_nomination(second, actor=vhxh_officer)
    workflow.unshortlist_nomination(
        first, actor=vhxh_officer, reason="Nhường chỗ cho tập thể có thành tích cao hơn"
    )
    workflow.shortlist_nomination(second, actor=vhxh_officer)
    assert [Nomination.objects.get(pk=n.pk).state for n in (first, second)] == ["accepted", SHORTLISTED]
    assert first.transitions.last().reason == "Nhường chỗ cho tập thể có thành tích cao hơn"


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_shortlists_for_the_last_place(annual_round, vhxh_officer):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL (SQLite serialises every write)")
    _collectives(annual_round, 4, state=SHORTLISTED, version=1)
    contenders = _collectives(annual_round, 20, accepted=True)

    def shortlist(nomination):
        try:
            workflow.shortlist_nomination(nomination, actor=vhxh_officer)
        except QuotaExceeded:
            return "quota"
        return "ok"

    outcomes = all_at_once(shortlist, contenders)
    assert sorted(outcomes) == ["ok"] + ["quota"] * 19
    assert Nomination.objects.filter(round=annual_round, state=SHORTLISTED).count() == 5
