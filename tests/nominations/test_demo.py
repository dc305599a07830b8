"""The demo round that seed_demo adds for xã Thượng Phúc: open, with nominations of several
units in every state, each put there through the services."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaigns.checks import CheckStatus
from campaigns.models import Campaign
from demo import nominations as demo_data
from nominations.models import (
    Attachment,
    AttachmentKind,
    Comment,
    Nomination,
    NominationState,
    Round,
    RoundKind,
    RoundState,
    SubjectType,
)
from nominations.services import dossiers, eligibility, proposals, review, rounds
from tests.nominations.test_documents import pdf_text
from thiduaportal.uploads import check_upload
from units.models import User

CENTRE = "Trung tâm Phục vụ hành chính công"
ECONOMY = "Phòng Kinh tế"


@pytest.fixture
def seeded(demo, settings):
    # The demo is seeded once for the module (tests/conftest.py); DEBUG lets a test run it again.
    settings.DEBUG = True
    return Round.objects.get(title=demo_data.TITLE)


def test_demo_round_is_the_movements_2026_annual_round_and_is_open(seeded):
    assert seeded.campaign == Campaign.objects.get(code="cchc-2026-2030")
    assert (seeded.year, seeded.kind, seeded.state) == (2026, RoundKind.ANNUAL, RoundState.OPEN)
    assert seeded.submit_by > timezone.localdate()
    assert rounds.accepts_submissions(seeded)
    assert list(seeded.transitions.values_list("from_state", "to_state")) == [("draft", "open")]
    assert {f.code for f in seeded.award_forms.all()} == {"giay-khen-chu-tich", "bang-khen-thanh-pho"}


def test_demo_has_nominations_of_several_units_in_every_state(seeded):
    nominations = Nomination.objects.filter(round=seeded)
    assert set(nominations.values_list("state", flat=True)) == set(NominationState.values)
    units = set(nominations.values_list("proposal__unit__name", flat=True))
    assert {CENTRE, ECONOMY, "Văn phòng HĐND và UBND"} <= units
    assert set(nominations.values_list("subject_type", flat=True)) == set(SubjectType.values)
    by_state = Counter(nominations.values_list("state", flat=True))
    assert by_state == Counter(dict.fromkeys(NominationState.values, 1) | {"accepted": 2, "submitted": 2})


def test_demo_states_were_reached_through_the_one_door(seeded):
    for nomination in Nomination.objects.filter(round=seeded):
        moves = list(nomination.transitions.values_list("from_state", "to_state"))
        path = [NominationState.DRAFT] + [to for _, to in moves]
        assert [frm for frm, _ in moves] == path[:-1], nomination
        assert path[-1] == nomination.state, nomination
        submitted = moves.count((NominationState.DRAFT, NominationState.SUBMITTED))
        assert nomination.versions.count() == nomination.version == submitted, nomination


def test_demo_submitted_dossiers_are_complete_with_pdf_scans_that_pass_the_upload_check(seeded):
    sent = Nomination.objects.filter(round=seeded).exclude(state__in=("draft", "withdrawn"))
    for nomination in sent:
        assert dossiers.missing_items(nomination) == [], nomination
    report = Attachment.objects.get(
        nomination__subject_unit__name=CENTRE, kind=AttachmentKind.REPORT_SCAN, replaced_at__isnull=True
    )
    with report.file.open("rb") as handle:
        data = handle.read()
        assert check_upload(handle).kind.content_type == "application/pdf"
    assert "Bao cao thanh tich Trung tam Phuc vu hanh chinh cong" in pdf_text(data)


def test_demo_returned_nomination_has_its_reason_and_a_comment_the_unit_reads(seeded):
    returned = Nomination.objects.get(round=seeded, state=NominationState.RETURNED)
    assert returned.proposal.unit.name == ECONOMY
    assert returned.transitions.last().reason == demo_data.RETURN_REASON
    clerk = User.objects.get(username="donvi2")
    assert list(review.comments_for(returned, clerk).values_list("text", "internal")) == [
        (demo_data.RETURN_COMMENT, False)
    ]
    assert Comment.objects.get(nomination=returned).author.username == "vhxh"
    assert clerk.notifications.filter(nomination=returned).exists()


def test_demo_economy_office_fails_the_par_index_check(seeded):
    nomination = Nomination.objects.get(round=seeded, subject_unit__name=ECONOMY)
    assert nomination.state == NominationState.SUBMITTED
    index = next(c for c in eligibility.run_checks(nomination) if c.code == "index")
    assert index.result.status == CheckStatus.NOT_MET
    assert index.blocking
    assert "3.2" in index.result.reason


def test_demo_accepted_against_failed_checks_only_with_a_justification(seeded):
    for nomination in Nomination.objects.filter(round=seeded, state__in=("accepted", "shortlisted")):
        assert not [c for c in eligibility.run_checks(nomination) if c.blocking], nomination
        for override in nomination.overrides.all():
            assert override.justification == demo_data.JUSTIFICATION


def test_demo_shortlist_stays_within_the_quotas(seeded):
    shortlisted = Nomination.objects.filter(round=seeded, state=NominationState.SHORTLISTED)
    for subject_type in SubjectType.values:
        quota = seeded.quota_for(subject_type)
        assert quota is not None
        assert shortlisted.filter(subject_type=subject_type).count() <= quota


def test_demo_clerk_of_the_centre_can_draft_a_person_not_yet_nominated_and_is_warned(seeded):
    clerk = User.objects.get(username="donvi1")
    assert clerk.unit.name == CENTRE
    proposal = proposals.get_or_create_proposal(seeded, clerk.unit, actor=clerk)
    _, people = proposals.subject_choices(proposal)
    nominated = Nomination.objects.filter(round=seeded, subject_cadre__isnull=False)
    free = people.exclude(pk__in=nominated.exclude(state=NominationState.WITHDRAWN).values("subject_cadre"))
    deputy = free.get(position="Phó Giám đốc")

    nomination = proposals.add_nomination(
        proposal,
        actor=clerk,
        subject_type=SubjectType.INDIVIDUAL,
        subject_cadre=deputy,
        award_form=seeded.award_forms.get(code="giay-khen-chu-tich"),
    )

    failed = [c.code for c in eligibility.run_checks(nomination) if c.result.status == CheckStatus.NOT_MET]
    assert failed == ["initiative"]


def test_demo_round_is_left_alone_on_a_second_run(seeded):
    counts = (Nomination.objects.count(), Attachment.objects.count(), Comment.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (Nomination.objects.count(), Attachment.objects.count(), Comment.objects.count()) == counts
    assert "rounds: 0 created, 1 already there" in out.getvalue()
