"""axe-core on the nominations screens of the demo commune, as the VHXH officer and as the
centre's clerk (donvi1); the nomination and review pages at phone size."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from demo.nominations import RETURN_REASON, TITLE
from nominations.models import Nomination, NominationState, Proposal, Round
from nominations.services import proposals, workflow
from units.models import User

from .conftest import accessibility_violations, log_in, vi
from .test_accessibility import assert_fits_the_phone

pytestmark = [pytest.mark.browser]

CENTRE = "Trung tâm Phục vụ hành chính công"
ECONOMY = "Phòng Kinh tế"
REVISED_SUMMARY = "Đã bổ sung số liệu kết quả năm 2026: 100% hồ sơ được thẩm định đúng hạn"


def _round() -> Round:
    return Round.objects.get(title=TITLE)


def _centre_draft() -> Nomination:
    """The centre's nomination still in draft: its report is the editable form with tables."""
    return Nomination.objects.get(round=_round(), proposal__unit__name=CENTRE, state=NominationState.DRAFT)


def _resubmitted() -> Nomination:
    """Phòng Kinh tế's returned nomination, revised and submitted again: two versions to
    compare, comments and messages on its review page. The demo has no such nomination."""
    nomination = Nomination.objects.get(
        round=_round(), proposal__unit__name=ECONOMY, state=NominationState.RETURNED
    )
    clerk = User.objects.get(username="donvi2")
    proposals.update_nomination(nomination, actor=clerk, summary=REVISED_SUMMARY)
    workflow.submit_nomination(nomination, actor=clerk)
    assert nomination.versions.count() == 2
    return nomination


def _visit(page: Page, path: str, heading: str) -> list[str]:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, path
    expect(page.locator("h1")).to_have_text(heading)
    return accessibility_violations(page)


def _fail_on(violations: list[str]) -> None:
    if violations:
        pytest.fail("Accessibility violations:\n" + "\n".join(violations), pytrace=False)


def _nomination_heading(nomination: Nomination) -> str:
    return vi("Nomination of %(name)s") % {"name": nomination.subject_name}


def test_officer_nomination_screens_have_no_serious_accessibility_violations(page, demo_data):
    round_ = _round()
    revised = _resubmitted()
    submitted = Nomination.objects.filter(round=round_, state=NominationState.SUBMITTED).exclude(
        pk=revised.pk
    )
    log_in(page, "vhxh")
    screens = [
        (reverse("nominations:round_list"), vi("Award rounds")),
        (round_.get_absolute_url(), round_.title),
        (reverse("nominations:review_queue"), vi("Review queue")),
        (reverse("nominations:review_queue") + "?state=submitted", vi("Review queue")),
        (reverse("nominations:nomination_review", args=[revised.pk]), revised.subject_name),
        (reverse("nominations:nomination_review", args=[submitted[0].pk]), submitted[0].subject_name),
        (reverse("nominations:overdue_list"), vi("Overdue nominations")),
        (reverse("nominations:discipline_list"), vi("Discipline records")),
        (reverse("nominations:inbox"), vi("Inbox")),
        (
            reverse("nominations:nomination_versions", args=[revised.pk]),
            vi("Versions of the nomination of %(name)s") % {"name": revised.subject_name},
        ),
    ]
    violations = []
    for path, heading in screens:
        violations += _visit(page, path, heading)
    # The comparison of the two versions is on the page, with the revised achievement.
    expect(page.locator("#diff")).to_contain_text(REVISED_SUMMARY)
    # Every screen is checked before failing, so one run lists all of them.
    _fail_on(violations)


def test_unit_nomination_screens_have_no_serious_accessibility_violations(page, demo_data):
    round_ = _round()
    proposal = Proposal.objects.get(round=round_, unit__name=CENTRE)
    draft = _centre_draft()
    accepted = Nomination.objects.filter(proposal=proposal, state=NominationState.ACCEPTED).first()
    log_in(page, "donvi1")
    screens = [
        (reverse("nominations:round_list"), vi("Award rounds")),
        (round_.get_absolute_url(), round_.title),
        (proposal.get_absolute_url(), vi("Proposal of %(unit)s") % {"unit": CENTRE}),
        (draft.get_absolute_url(), _nomination_heading(draft)),
        (accepted.get_absolute_url(), _nomination_heading(accepted)),
        (
            reverse("nominations:nomination_report_edit", args=[draft.pk]),
            vi("Achievement report of %(name)s") % {"name": draft.subject_name},
        ),
        (reverse("nominations:inbox"), vi("Inbox")),
    ]
    violations = []
    for path, heading in screens:
        violations += _visit(page, path, heading)
    _fail_on(violations)


def test_returned_nomination_page_tells_the_unit_why(page, demo_data):
    nomination = Nomination.objects.get(
        round=_round(), proposal__unit__name=ECONOMY, state=NominationState.RETURNED
    )
    log_in(page, "donvi2")
    violations = _visit(page, nomination.get_absolute_url(), _nomination_heading(nomination))
    alert = page.locator("#nomination-refusal")
    expect(alert).to_contain_text(RETURN_REASON)
    expect(alert).to_contain_text(User.objects.get(username="vhxh").full_name)
    _fail_on(violations)


def test_nomination_and_review_pages_fit_the_phone(mobile_page, demo_data):
    page = mobile_page
    draft = _centre_draft()
    revised = _resubmitted()
    log_in(page, "donvi1")
    violations = _visit(page, draft.get_absolute_url(), _nomination_heading(draft))
    assert_fits_the_phone(page)
    page.context.clear_cookies()
    log_in(page, "vhxh")
    violations += _visit(
        page, reverse("nominations:nomination_review", args=[revised.pk]), revised.subject_name
    )
    assert_fits_the_phone(page)
    _fail_on(violations)
