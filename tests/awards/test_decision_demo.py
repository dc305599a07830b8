"""The demo decisions seed_demo adds: an issued decision on the past council result with its
awards in the registry, a revocation of one award, and a calibrated printer."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards.models import Award, Decision, DecisionKind, PrinterProfile
from demo import council as council_demo
from demo import decisions as decision_demo
from nominations.models import RoundState
from tests.nominations.test_documents import pdf_text


@pytest.fixture
def seeded(demo, settings):
    # Seeded once for the module (tests/conftest.py), with what waits for its commit run;
    # DEBUG lets a test run it again.
    settings.DEBUG = True


def test_demo_decision_awards_the_council_result_and_one_is_revoked(seeded):
    # The year-end review's decision 178 is the other demo's (tests/units/test_seed_demo.py).
    award, revocation = (
        Decision.objects.filter(state="issued").exclude(round__kind="yearend").order_by("issued_on")
    )
    assert (award.number_text, award.issued_on) == ("141/QĐ-UBND", decision_demo.AWARD_ON)
    assert award.round.title == council_demo.PAST_TITLE
    assert award.round.state == RoundState.DECIDED
    approved = award.session.items.filter(approved=True).count()
    awards = list(award.awards.order_by("position"))
    assert len(awards) == approved == 3
    assert [a.book_number for a in awards] == ["4", "5", "6"]
    assert (revocation.kind, revocation.number_text, revocation.corrects) == (
        DecisionKind.REVOCATION,
        "177/QĐ-UBND",
        award,
    )
    revoked = Award.objects.get(revoked_by=revocation)
    assert revoked.unit_name.startswith("Phòng Kinh tế")
    assert Award.objects.filter(decision=award, revoked_by__isnull=True).count() == 2
    assert "Số: 141/QĐ-UBND" in pdf_text(award.pdf.read())
    for decision in (award, revocation):
        # Issued on its day: the service stamped the issuing and its transition then.
        assert timezone.localtime(decision.issued_at).date() == decision.issued_on
        assert list(decision.transitions.values_list("to_state", "at")) == [("issued", decision.issued_at)]
    assert PrinterProfile.objects.filter(name=decision_demo.PRINTER[0]).exists()
    assert Award.objects.filter(source="imported").count() >= 5


def test_seeding_again_changes_nothing(seeded, django_capture_on_commit_callbacks):
    before = (Decision.objects.count(), Award.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert (Decision.objects.count(), Award.objects.count()) == before
