"""A nomination's whole review in a real browser on the demo commune: the centre's clerk
drafts one in the open 2026 round, is warned by a failed eligibility check, completes the
report and the dossier and submits it; the office returns it with a comment; the clerk
revises and submits again; the office compares the versions, accepts against the failed
check with a justification and puts it on the list for the council."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from demo.nominations import TITLE, scan_pdf
from nominations.models import Nomination, NominationState, Proposal, Round
from units.models import Cadre, User

from .conftest import log_in, save_screenshot, vi

pytestmark = [pytest.mark.browser]

CENTRE = "Trung tâm Phục vụ hành chính công"
SUMMARY = "Có thành tích xuất sắc trong tiếp nhận, giải quyết TTHC trực tuyến năm 2026"
REVISED_SUMMARY = "Có thành tích xuất sắc, tiêu biểu trong số hóa hồ sơ TTHC tại Bộ phận Một cửa năm 2026"
SOLUTIONS = "Hướng dẫn người dân nộp hồ sơ trực tuyến ngay tại quầy; số hóa hồ sơ khi tiếp nhận."
EFFECT = "Không có hồ sơ quá hạn; 100% kết quả được trả bản điện tử."
REVISED_EFFECT = "Không có hồ sơ quá hạn; 100% kết quả được trả bản điện tử; 1.240 hồ sơ đã số hóa."
COMMENT = "Đề nghị nêu rõ số hồ sơ đã số hóa trong năm 2026 ở mục “Hiệu quả, sức lan tỏa”."
RETURN_REASON = "Báo cáo thành tích chưa nêu số liệu số hóa hồ sơ năm 2026."
JUSTIFICATION = "Giải pháp số hóa tại quầy đang chờ Hội đồng Sáng kiến xã công nhận; đề nghị trình Hội đồng."


@pytest.fixture
def office_page(browser, live_server, transactional_db):
    """A second person at another desk: their own browser context and session."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="vi-VN"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _scan(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_bytes(scan_pdf(*lines))
    return path


def _expect_state(page: Page, state: str) -> None:
    """The nomination's state as its page shows it: the value and its Vietnamese label."""
    badge = page.locator("#nomination-state [data-state], span#nomination-state[data-state]")
    expect(badge).to_have_attribute("data-state", state)
    expect(badge).to_have_text(vi(NominationState(state).label))


def _success(page: Page) -> None:
    expect(page.locator(".alert-success").first).to_be_visible()
    expect(page.locator(".alert-danger")).to_have_count(0)


def _confirm(page: Page, modal: str, **fields: str) -> None:
    """Open a workflow dialog, fill its fields (by id suffix) and confirm it."""
    page.locator(f"button[data-bs-target='#{modal}']").click()
    dialog = page.locator(f"#{modal}")
    expect(dialog).to_be_visible()
    for suffix, text in fields.items():
        dialog.locator(f"#{modal}-{suffix}").fill(text)
    dialog.locator("button[type=submit]").click()


def _open_own_nomination(page: Page, round_: Round, proposal: Proposal, nomination: Nomination) -> None:
    """From the home page to the nomination, through the round and the unit's proposal."""
    page.goto("/")
    page.locator(f"a[href='{round_.get_absolute_url()}']").first.click()
    expect(page.locator("h1")).to_have_text(round_.title)
    page.locator(f"a[href='{proposal.get_absolute_url()}']").click()
    page.locator(f"a[href='{nomination.get_absolute_url()}']").click()
    expect(page.locator("h1")).to_have_text(vi("Nomination of %(name)s") % {"name": nomination.subject_name})


def _open_in_queue(page: Page, nomination: Nomination, state: str) -> None:
    page.goto("/")
    page.locator("#nav-awards").click()
    page.locator(f"a.dropdown-item[href='{reverse('nominations:review_queue')}']").click()
    # The demo's queue holds the year-end review's lists too: the office filters on the round.
    page.goto(f"{reverse('nominations:review_queue')}?round={nomination.round_id}")
    row = page.locator(f"#nomination-{nomination.pk}")
    expect(row).to_contain_text(vi(NominationState(state).label))
    row.locator(f"a[href='{reverse('nominations:nomination_review', args=[nomination.pk])}']").click()
    expect(page.locator("h1")).to_have_text(nomination.subject_name)
    _expect_state(page, state)


def _draft(page: Page, round_: Round, deputy: Cadre) -> Nomination:
    page.goto("/")
    page.locator(f"a[href='{round_.get_absolute_url()}']").first.click()
    proposal = Proposal.objects.get(round=round_, unit=deputy.unit)
    page.locator(f"a[href='{proposal.get_absolute_url()}']").click()
    expect(page.locator("h1")).to_have_text(vi("Proposal of %(unit)s") % {"unit": CENTRE})
    page.locator(f"a[href='{reverse('nominations:nomination_create', args=[proposal.pk])}']").click()
    page.locator("input[name=subject_type][value=individual]").check()
    page.locator("#id_subject_cadre").select_option(str(deputy.pk))
    page.locator("#id_award_form").select_option(str(round_.award_forms.get(code="giay-khen-chu-tich").pk))
    page.locator("#id_summary").fill(SUMMARY)
    page.locator("#submit-id-submit").click()
    page.wait_for_url(re.compile(r"/nominations/\d+/$"))
    _success(page)
    return Nomination.objects.get(round=round_, subject_cadre=deputy)


def _write_report(page: Page, nomination: Nomination, effect: str) -> None:
    page.locator(f"a[href='{reverse('nominations:nomination_report_edit', args=[nomination.pk])}']").click()
    # Section I comes filled from the person's record; the clerk writes section II.
    expect(page.locator("#id_profile-full_name")).to_have_value(nomination.subject_name)
    page.locator("#id_achievements-solutions").fill(SOLUTIONS)
    page.locator("#id_achievements-effect").fill(effect)
    page.locator("form[method=post][novalidate] button[type=submit]").click()
    _success(page)
    expect(page.locator(".alert-warning")).to_have_count(0)  # no required part left empty
    page.locator(f"nav a[href='{nomination.get_absolute_url()}']").click()


def _upload(page: Page, kind: str, path: Path) -> None:
    page.locator(f"a[href*='kind={kind}']").click()
    expect(page.locator("h1")).to_have_text(vi("Upload a dossier file"))
    expect(page.locator("#id_kind")).to_have_value(kind)
    page.locator("#id_upload").set_input_files(str(path))
    page.locator("#submit-id-submit").click()
    _success(page)


def test_clerk_and_office_take_a_nomination_from_draft_to_the_council_list(
    page, office_page, demo_data, tmp_path
):
    round_ = Round.objects.get(title=TITLE)
    deputy = Cadre.objects.get(unit__name=CENTRE, position="Phó Giám đốc", is_active=True)
    assert not Nomination.objects.filter(round=round_, subject_cadre=deputy).exists()

    # The centre's clerk drafts the nomination and is warned: no recognised initiative.
    log_in(page, "donvi1")
    nomination = _draft(page, round_, deputy)
    _expect_state(page, NominationState.DRAFT)
    warning = page.locator(f"#check-{nomination.pk}-initiative")
    expect(warning.locator(".badge.text-bg-danger")).to_have_text(vi("Not met"))
    expect(page.locator(f"[id^='check-{nomination.pk}-'] .badge.text-bg-danger")).to_have_count(1)

    # The report, then the signed scans: the achievement report and a new Tờ trình.
    _write_report(page, nomination, EFFECT)
    _upload(
        page,
        "report_scan",
        _scan(tmp_path, "bao-cao-pho-giam-doc.pdf", "Bao cao thanh tich", deputy.full_name),
    )
    page.wait_for_url(f"**{nomination.get_absolute_url()}")
    _upload(page, "letter_scan", _scan(tmp_path, "to-trinh-bo-sung.pdf", "To trinh bo sung", CENTRE))
    page.locator(f"a[href='{nomination.get_absolute_url()}']").click()
    expect(page.locator(f"#dossier-{nomination.pk} .badge.text-bg-danger")).to_have_count(0)
    expect(page.get_by_text("bao-cao-pho-giam-doc.pdf")).to_be_visible()
    _confirm(page, "wf-submit")
    _success(page)
    _expect_state(page, NominationState.SUBMITTED)
    save_screenshot(page, "nomination-submitted")

    # The office opens it from the queue, writes a comment for the unit and returns it.
    log_in(office_page, "vhxh")
    _open_in_queue(office_page, nomination, NominationState.SUBMITTED)
    expect(office_page.locator(f"#check-{nomination.pk}-initiative .badge.text-bg-danger")).to_be_visible()
    office_page.locator(f"#comment-text-{nomination.pk}").fill(COMMENT)
    office_page.locator(
        f"form[action='{reverse('nominations:comment_add', args=[nomination.pk])}'] button"
    ).click()
    _success(office_page)
    _confirm(office_page, "wf-return", reason=RETURN_REASON)
    _success(office_page)
    _expect_state(office_page, NominationState.RETURNED)

    # The clerk reads the reason in the inbox and the comment on the nomination, revises it
    # and submits it again.
    page.goto("/")
    expect(page.locator("#nav-unread")).to_be_visible()
    page.locator("#nav-inbox").click()
    page.locator("#inbox-list .inbox-item.unread").first.click()
    expect(page.locator("#message-body")).to_contain_text(RETURN_REASON)
    _open_own_nomination(page, round_, Proposal.objects.get(round=round_, unit=deputy.unit), nomination)
    _expect_state(page, NominationState.RETURNED)
    expect(page.locator("ul.comments")).to_contain_text(COMMENT)
    page.locator(f"a[href='{reverse('nominations:nomination_edit', args=[nomination.pk])}']").click()
    page.locator("#id_summary").fill(REVISED_SUMMARY)
    page.locator("#submit-id-submit").click()
    _success(page)
    _write_report(page, nomination, REVISED_EFFECT)
    _confirm(page, "wf-submit")
    _success(page)
    _expect_state(page, NominationState.SUBMITTED)

    # The office sees what changed, accepts against the failed check with a justification
    # and puts the nomination on the list for the council.
    _open_in_queue(office_page, nomination, NominationState.SUBMITTED)
    office_page.locator(
        f"a[href='{reverse('nominations:nomination_versions', args=[nomination.pk])}']"
    ).last.click()
    diff = office_page.locator("#diff")
    summary_row = diff.locator("tr", has_text=vi("Achievement in one line"))
    expect(summary_row.locator("td").nth(0)).to_have_text(SUMMARY)
    expect(summary_row.locator("td").nth(1)).to_have_text(REVISED_SUMMARY)
    expect(diff).to_contain_text(REVISED_EFFECT)
    save_screenshot(office_page, "nomination-versions")
    office_page.locator(f"a[href='{reverse('nominations:nomination_review', args=[nomination.pk])}']").click()
    _confirm(office_page, "wf-accept", initiative=JUSTIFICATION)
    _success(office_page)
    _expect_state(office_page, NominationState.ACCEPTED)
    override = office_page.locator(f"#check-{nomination.pk}-initiative")
    expect(override).to_contain_text(JUSTIFICATION)
    _confirm(office_page, "wf-shortlist")
    _success(office_page)
    _expect_state(office_page, NominationState.SHORTLISTED)
    save_screenshot(office_page, "nomination-shortlisted")

    nomination.refresh_from_db()
    assert (nomination.state, nomination.version, nomination.summary) == ("shortlisted", 2, REVISED_SUMMARY)
    assert list(nomination.transitions.values_list("to_state", "actor__username")) == [
        ("submitted", "donvi1"),
        ("returned", "vhxh"),
        ("submitted", "donvi1"),
        ("accepted", "vhxh"),
        ("shortlisted", "vhxh"),
    ]
    assert list(nomination.overrides.values_list("check_code", "justification")) == [
        ("initiative", JUSTIFICATION)
    ]
    assert nomination.created_by == User.objects.get(username="donvi1")
