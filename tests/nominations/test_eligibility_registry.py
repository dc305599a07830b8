"""The eligibility check that reads the award registry: a subject already given the same
award form for the round's year (by another round or an imported decision) does not meet
it; the reason names the decision. The verdicts-only path agrees."""

import datetime

import pytest

from awards.models import AwardSource
from campaigns.checks import CheckStatus
from nominations.models import EligibilityOverride, Nomination
from nominations.services.eligibility import blocked_ids, run_checks, run_checks_many
from tests.awards.test_registry import collective_award, revoking_decision
from tests.factories.decisions import ImportedAwardFactory
from tests.factories.nominations import AwardFormFactory, NominationFactory, ProposalFactory, RoundFactory
from tests.factories.units import UserFactory

MET, NOT_MET = CheckStatus.MET, CheckStatus.NOT_MET


def _check(nomination):
    return next(c for c in run_checks(nomination) if c.code == "same_award")


def _blocked(*nominations):
    """`blocked_ids` with the other failing check (no recognised initiative) overridden, so
    only the registry check can block; it agrees with the full checks."""
    actor = UserFactory()
    for n in nominations:
        EligibilityOverride.objects.get_or_create(
            nomination=n, check_code="initiative", defaults={"justification": "Đã xem xét.", "actor": actor}
        )
    queryset = Nomination.objects.filter(pk__in=[n.pk for n in nominations]).order_by("pk")
    full = run_checks_many(queryset)
    blocked = blocked_ids(queryset)
    assert blocked == [pk for pk, checks in full.items() if any(c.blocking for c in checks)]
    return blocked


@pytest.fixture
def giay_khen(db):
    return AwardFormFactory()


@pytest.fixture
def nomination(own_proposal, own_cadre, giay_khen):
    return NominationFactory(proposal=own_proposal, subject_cadre=own_cadre, award_form=giay_khen)


def test_met_without_an_award_of_the_same_form_that_year(nomination, own_cadre, giay_khen):
    ImportedAwardFactory(cadre=own_cadre, award_form=giay_khen, year=2025)  # another year
    ImportedAwardFactory(cadre=own_cadre, award_form=None, year=2026)  # not linked to the form
    check = _check(nomination)
    assert check.label == "Not already given the same award for the year"
    assert check.result.status == MET
    assert check.result.reason == (
        "The registry holds no other award of this form to Nguyễn Thị Hưởng for 2026."
    )
    assert _blocked(nomination) == []


def test_not_met_when_already_given_the_form_for_the_year(nomination, own_cadre, giay_khen):
    ImportedAwardFactory(
        cadre=own_cadre,
        award_form=giay_khen,
        year=2026,
        decision_number="45/QĐ-UBND",
        decision_date=datetime.date(2026, 6, 1),
    )
    check = _check(nomination)
    assert check.result.status == NOT_MET
    assert check.blocking
    assert check.result.reason == (
        "Nguyễn Thị Hưởng has already been given this award for 2026: "
        "“Giấy khen của Chủ tịch UBND xã”, decision 45/QĐ-UBND of 01/06/2026."
    )
    assert check.result.details == ("“Giấy khen của Chủ tịch UBND xã”, decision 45/QĐ-UBND of 01/06/2026",)
    assert _blocked(nomination) == [nomination.pk]


def test_a_revoked_award_does_not_count(nomination, own_cadre, giay_khen, vhxh_officer):
    ImportedAwardFactory(
        cadre=own_cadre, award_form=giay_khen, year=2026, revoked_by=revoking_decision(vhxh_officer)
    )
    assert _check(nomination).result.status == MET
    assert _blocked(nomination) == []


def test_the_award_of_this_very_round_does_not_count(nomination, own_cadre, giay_khen):
    ImportedAwardFactory(
        cadre=own_cadre, award_form=giay_khen, year=2026, nomination=nomination, source=AwardSource.PORTAL
    )
    assert _check(nomination).result.status == MET
    assert _blocked(nomination) == []


def test_the_award_of_another_round_the_same_year_counts(nomination, own_cadre, giay_khen):
    adhoc = ProposalFactory(round=RoundFactory(adhoc=True), unit=own_cadre.unit)
    earlier = NominationFactory(proposal=adhoc, subject_cadre=own_cadre, award_form=giay_khen)
    ImportedAwardFactory(
        cadre=own_cadre, award_form=giay_khen, year=2026, nomination=earlier, source=AwardSource.PORTAL
    )
    assert _check(nomination).result.status == NOT_MET
    # ... and the earlier round's own nomination is not held against itself.
    assert _check(earlier).result.status == MET
    assert _blocked(nomination, earlier) == [nomination.pk]


def test_a_collective_checks_the_units_own_awards(own_proposal, own_unit, own_cadre, giay_khen):
    nomination = NominationFactory(proposal=own_proposal, collective=True, award_form=giay_khen)
    ImportedAwardFactory(cadre=own_cadre, award_form=giay_khen, year=2026)  # a person of the unit
    assert _check(nomination).result.status == MET
    collective_award(own_unit, award_form=giay_khen, year=2026, decision_number="50/QĐ-UBND")
    check = _check(nomination)
    assert check.result.status == NOT_MET
    assert "decision 50/QĐ-UBND" in check.result.reason


def test_an_override_lifts_the_block(nomination, own_cadre, giay_khen):
    ImportedAwardFactory(cadre=own_cadre, award_form=giay_khen, year=2026)
    EligibilityOverride.objects.create(
        nomination=nomination,
        check_code="same_award",
        justification="Khen thưởng khác đợt.",
        actor=UserFactory(),
    )
    assert not _check(nomination).blocking
    assert _blocked(nomination) == []


def test_many_nominations_agree_on_both_paths(own_proposal, giay_khen):
    nominations = [NominationFactory(proposal=own_proposal, award_form=giay_khen) for _ in range(5)]
    for n in nominations[:2]:
        ImportedAwardFactory(cadre=n.subject_cadre, award_form=giay_khen, year=2026)
    checks = run_checks_many(nominations)
    statuses = [next(c for c in checks[n.pk] if c.code == "same_award").result.status for n in nominations]
    assert statuses == [NOT_MET, NOT_MET, MET, MET, MET]
    assert _blocked(*nominations) == [nominations[0].pk, nominations[1].pk]
