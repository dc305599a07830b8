"""The office's and the clerk's journeys in a real browser, each at a phone's 360 px with a
Vietnamese browser and at 1366 px with an English one (the portal stays Vietnamese; the
browser's own widgets would follow its language): a round move confirmed with what it means,
the review queue opening on the work, bulk accept asking for a justification, dates in
dd/mm/yyyy, the audit log read as text, the round's documents linked, counts typed with
a thousands separator, and the inbox read as a list.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from campaigns.models import Result
from nominations.models import NominationState, Notification, RoundState
from nominations.services.review import checks_for
from tests.factories.campaigns import CampaignFactory, IndicatorFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory, eligible_nomination

from .conftest import check_accessibility, log_in, save_screenshot, vi

pytestmark = [pytest.mark.browser]

TODAY = timezone.localdate()
PHONE_VI = ("phone-vi", {"width": 360, "height": 740}, "vi-VN")
DESKTOP_EN = ("desktop-en", {"width": 1366, "height": 900}, "en-US")


@pytest.fixture(params=[PHONE_VI, DESKTOP_EN], ids=lambda p: p[0])
def screen(request, browser, live_server, transactional_db):
    name, viewport, locale = request.param
    phone = viewport["width"] < 500
    context = browser.new_context(
        viewport=viewport,
        base_url=live_server.url,
        locale=locale,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.screen_name = name
    yield page
    context.close()


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _open_round(**fields):
    return RoundFactory(
        submit_by=TODAY + datetime.timedelta(days=20), review_by=None, council_on=None, **fields
    )


def test_closing_a_round_early_is_confirmed_with_its_consequences(screen, vhxh_officer, unit_staff):
    page = screen
    round_ = _open_round()
    NominationFactory(proposal=ProposalFactory(round=round_, unit=unit_staff.unit))
    log_in(page, vhxh_officer.username)
    page.goto(round_.get_absolute_url())
    page.locator("form:has(input[name=to][value=closed]) button[type=submit]").click()
    # Nothing moved yet: the page says what the move means.
    consequences = page.locator("#move-consequences")
    expect(consequences).to_contain_text(_d(round_.submit_by))
    expect(consequences).to_contain_text(unit_staff.unit.name)
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN
    _fits(page)
    check_accessibility(page)
    page.locator("#confirm-move").click()
    expect(page.locator(".alert-success")).to_be_visible()
    round_.refresh_from_db()
    assert round_.state == RoundState.CLOSED
    message = Notification.objects.get(recipient=unit_staff, round=round_)
    assert f"từ ngày {_d(TODAY)}" in message.subject
    expect(page.locator(".badge.fs-6")).to_have_text(
        vi("No longer accepting proposals since %(date)s") % {"date": _d(TODAY)}
    )


def test_review_queue_opens_on_the_oldest_submission_and_sorts(screen, vhxh_officer, unit_staff, other_staff):
    page = screen
    round_ = _open_round(state=RoundState.REVIEW)
    own = ProposalFactory(round=round_, unit=unit_staff.unit)
    other = ProposalFactory(round=round_, unit=other_staff.unit)
    now = timezone.now()
    newer = NominationFactory(proposal=own, submitted=True, submitted_at=now)
    older = NominationFactory(proposal=other, submitted=True, submitted_at=now - datetime.timedelta(days=5))
    accepted = NominationFactory(proposal=own, accepted=True)
    NominationFactory(proposal=own, state=NominationState.SHORTLISTED, version=1)
    log_in(page, vhxh_officer.username)
    page.goto(reverse("nominations:review_queue"))
    rows = page.locator("tbody tr[id^=nomination-]")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_id(f"nomination-{older.pk}")
    expect(rows.nth(1)).to_have_id(f"nomination-{newer.pk}")
    expect(page.locator(f"#nomination-{accepted.pk}")).to_have_count(0)
    expect(page.locator("#queue-quotas")).to_contain_text("0/5")
    expect(page.locator("#queue-quotas")).to_contain_text("1/10")
    assert "✓" not in page.locator("tbody").inner_text()  # the checks are spelt out in words
    _fits(page)
    check_accessibility(page)
    save_screenshot(page, f"review-queue-{page.screen_name}")
    if page.locator("a.sort-submitted").is_visible():
        page.locator("a.sort-submitted").click()
        expect(page.locator("th[aria-sort=descending] a.sort-submitted")).to_have_count(1)
    else:  # a phone folds the table's headers: the filter form sorts
        page.locator("#id_sort").select_option("-submitted")
        page.locator("form[role=search] button[type=submit]").click()
    expect(rows.nth(0)).to_have_id(f"nomination-{newer.pk}")


def test_bulk_accept_asks_for_the_justification_of_a_failed_check(screen, vhxh_officer, unit_staff):
    page = screen
    round_ = _open_round(state=RoundState.REVIEW)
    proposal = ProposalFactory(round=round_, unit=unit_staff.unit)
    now = timezone.now()
    clean = eligible_nomination(proposal, submitted=True, submitted_at=now - datetime.timedelta(days=1))
    failing = NominationFactory(proposal=proposal, submitted=True, submitted_at=now)
    failed = [c for c in checks_for([failing])[failing.pk] if c.blocking]
    log_in(page, vhxh_officer.username)
    page.goto(reverse("nominations:review_queue"))
    page.locator(f"#choose-{clean.pk}").check()
    page.locator(f"#choose-{failing.pk}").check()
    page.locator("button[name=action][value=accept]").click()
    flagged = page.locator(f"#chosen-{failing.pk}")
    expect(flagged.locator("textarea")).to_have_count(len(failed))
    expect(page.locator(f"#chosen-{clean.pk} textarea")).to_have_count(0)
    expect(flagged.locator(".paper-missing")).to_be_visible()
    _fits(page)
    check_accessibility(page)
    for box in flagged.locator("textarea").all():
        box.fill("Đã xác minh trực tiếp với đơn vị, đề nghị chấp nhận.")
    page.locator("button[type=submit].btn-success").click()
    expect(page.locator(".alert-success")).to_contain_text("2")
    for nomination in (clean, failing):
        nomination.refresh_from_db()
        assert nomination.state == NominationState.ACCEPTED


def test_round_dates_read_day_month_year_in_any_browser(screen, vhxh_officer):
    page = screen
    campaign = CampaignFactory()
    round_ = _open_round(campaign=campaign)
    log_in(page, vhxh_officer.username)
    page.goto(reverse("nominations:round_edit", args=[round_.pk]))
    field = page.locator("#id_submit_by")
    expect(field).to_have_value(_d(round_.submit_by))
    expect(field).to_have_attribute("type", "text")
    expect(page.locator("label[for=id_title]")).to_contain_text("Tên đợt xét")
    field.fill("27/12/2026")
    field.blur()
    expect(page.locator(".date-picker-group:has(#id_submit_by) + .date-in-words")).to_have_text(
        "ngày 27 tháng 12 năm 2026"
    )
    # Typing opens nothing; the calendar button does. The picker speaks Vietnamese; choosing
    # a day closes it and writes dd/mm/yyyy.
    expect(page.locator(".flatpickr-calendar.open")).to_have_count(0)
    page.locator("#id_submit_by ~ .date-picker-button").click()
    calendar = page.locator(".flatpickr-calendar.open")
    expect(calendar.locator(".flatpickr-monthDropdown-months")).to_contain_text("Tháng mười hai")
    day = calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text="28")
    day.tap() if page.screen_name.startswith("phone") else day.click()
    expect(calendar).to_have_count(0)
    expect(field).to_have_value("28/12/2026")
    expect(page.locator(".date-in-words").first).to_have_text("ngày 28 tháng 12 năm 2026")
    _fits(page)
    page.locator("#submit-id-submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    round_.refresh_from_db()
    assert round_.submit_by == datetime.date(2026, 12, 28)


def test_audit_log_reads_as_text(screen, vhxh_officer, unit_staff):
    page = screen
    nomination = NominationFactory(proposal=ProposalFactory(unit=unit_staff.unit))
    # A long word (a file's fingerprint, a path) must not widen the page on a phone.
    nomination.report = {"achievements": {"description": "Đã có thành tích xuất sắc " * 12 + "f" * 90}}
    nomination.save()
    log_in(page, vhxh_officer.username)
    page.goto(reverse("audit_list"))
    body = page.locator("main")
    expect(body).to_contain_text("Báo cáo thành tích")
    assert "\\u" not in body.inner_text()
    assert ".None" not in body.inner_text()
    folded = page.locator("details.audit-value").first
    expect(folded.locator(".audit-full")).to_be_hidden()
    folded.locator("summary").click()
    expect(folded.locator(".audit-full")).to_contain_text("Thành tích › Mô tả: Đã có thành tích")
    expect(page.locator("#id_since")).to_have_attribute("placeholder", "ngày/tháng/năm")
    _fits(page)
    wider = page.evaluate("(t => t.scrollWidth - t.clientWidth)(document.querySelector('.table-responsive'))")
    assert wider <= 1, f"the audit table scrolls sideways by {wider}px"
    check_accessibility(page)
    save_screenshot(page, f"audit-log-{page.screen_name}")


def test_round_page_links_the_list_and_the_letter(screen, vhxh_officer, unit_staff):
    page = screen
    round_ = _open_round(state=RoundState.REVIEW)
    NominationFactory(
        proposal=ProposalFactory(round=round_, unit=unit_staff.unit),
        state=NominationState.SHORTLISTED,
        version=1,
    )
    log_in(page, vhxh_officer.username)
    page.goto(round_.get_absolute_url())
    expect(page.locator("#quota-use")).to_contain_text("0/5")
    expect(page.locator("#quota-use")).to_contain_text("1/10")
    with page.expect_download() as download:
        page.locator(
            f"#round-documents a[href='{reverse('nominations:round_list_xlsx', args=[round_.pk])}']"
        ).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    letter = page.locator(
        f"#round-documents a[href='{reverse('nominations:round_office_letter_pdf', args=[round_.pk])}']"
    )
    expect(letter).to_be_visible()
    _fits(page)
    check_accessibility(page)


def test_counts_typed_with_a_thousands_separator(screen, unit_staff):
    page = screen
    campaign = CampaignFactory(code="cchc-2026-2030")
    indicator = IndicatorFactory(campaign=campaign, code="dvc", name="Hồ sơ trực tuyến", order=1)
    indicator.reporting_units.add(unit_staff.unit)
    log_in(page, unit_staff.username)
    page.goto(reverse("campaigns:results_entry", args=[campaign.pk, 2025, unit_staff.unit.pk]))
    page.locator(f"#id_n_{indicator.pk}_1").fill("1.234")
    page.locator(f"#id_d_{indicator.pk}_1").fill("2.000")
    page.get_by_role("button", name=vi("Save results")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert list(Result.objects.values_list("numerator", "denominator")) == [(1234, 2000)]
    expect(page.locator(f"#id_n_{indicator.pk}_1")).to_have_value("1.234")


def test_the_rate_is_worked_out_as_the_counts_are_typed(screen, unit_staff):
    page = screen
    campaign = CampaignFactory(code="cchc-2026-2030")
    indicator = IndicatorFactory(campaign=campaign, code="dvc", name="Hồ sơ trực tuyến", order=1)
    indicator.reporting_units.add(unit_staff.unit)
    log_in(page, unit_staff.username)
    page.goto(reverse("campaigns:results_entry", args=[campaign.pk, 2025, unit_staff.unit.pk]))
    rate = page.locator(f"tr:has(#id_n_{indicator.pk}_3) [data-rate]")
    expect(rate).to_have_text("—")
    page.locator(f"#id_n_{indicator.pk}_3").fill("291")
    page.locator(f"#id_d_{indicator.pk}_3").fill("400")
    expect(rate).to_have_text("72,75\u00a0%")
    page.locator(f"#id_n_{indicator.pk}_3").fill("1.200")
    page.locator(f"#id_d_{indicator.pk}_3").fill("1.600")
    expect(rate).to_have_text("75\u00a0%")
    page.locator(f"#id_d_{indicator.pk}_3").fill("")
    expect(rate).to_have_text("—")
    # The figure saved is the one the page showed.
    page.locator(f"#id_d_{indicator.pk}_3").fill("1.600")
    page.get_by_role("button", name=vi("Save results")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(f"tr:has(#id_n_{indicator.pk}_3) [data-rate]")).to_have_text("75\u00a0%")
    _fits(page)


def test_nomination_form_shows_only_the_select_of_the_chosen_kind(screen, unit_staff):
    page = screen
    round_ = _open_round()
    proposal = ProposalFactory(round=round_, unit=unit_staff.unit)
    log_in(page, unit_staff.username)
    page.goto(reverse("nominations:nomination_create", args=[proposal.pk]))
    expect(page.locator("#div_id_subject_cadre")).to_be_visible()
    expect(page.locator("#div_id_subject_unit")).to_be_hidden()
    page.locator("input[name=subject_type][value=collective]").check()
    expect(page.locator("#div_id_subject_unit")).to_be_visible()
    expect(page.locator("#div_id_subject_cadre")).to_be_hidden()
    _fits(page)


def test_a_wrong_date_is_refused_beside_its_field(screen, vhxh_officer):
    page = screen
    round_ = _open_round(campaign=CampaignFactory())
    log_in(page, vhxh_officer.username)
    page.goto(reverse("nominations:round_edit", args=[round_.pk]))
    page.locator("#id_submit_by").fill("31/02/2026")
    page.locator("#id_submit_by").blur()
    expect(page.locator(".date-picker-group:has(#id_submit_by) + .date-in-words")).to_have_text(
        "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm."
    )
    page.locator("#submit-id-submit").click()
    expect(page.locator("#id_submit_by")).to_have_class(re.compile(r"is-invalid"))
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    round_.refresh_from_db()
    assert round_.submit_by == TODAY + datetime.timedelta(days=20)


def test_inbox_lists_messages_opens_one_and_marks_all_read(screen, unit_staff, settings):
    page = screen
    link = settings.SITE_URL.rstrip("/") + reverse("home")
    Notification.objects.create(recipient=unit_staff, subject="Tin đã đọc", body="Cũ", read_at=timezone.now())
    for i in range(3):
        Notification.objects.create(
            recipient=unit_staff, subject=f"Thông báo số {i}", body=f"Nội dung {i}.\nXem tại: {link}"
        )
    log_in(page, unit_staff.username)
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    expect(page.locator("#nav-unread")).to_contain_text("3")
    page.locator("#nav-inbox").click()
    rows = page.locator("#inbox-list .inbox-item")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Thông báo số 2")  # newest first
    expect(page.locator("#inbox-list .inbox-item.unread")).to_have_count(3)
    _fits(page)
    check_accessibility(page)

    page.locator("#show-unread").click()
    expect(rows).to_have_count(3)
    rows.first.click()
    expect(page.locator("#message-body")).to_contain_text("Nội dung 2.")
    expect(page.locator("#message-target")).to_have_attribute("href", reverse("home"))
    _fits(page)
    check_accessibility(page)
    page.locator("#back-to-inbox").click()
    expect(rows).to_have_count(2)  # the opened one is read now

    page.locator("#mark-all-read button").click()
    expect(page.locator(".alert-success")).to_contain_text("2")
    expect(page.locator("#inbox-empty")).to_be_visible()
    assert not Notification.objects.filter(recipient=unit_staff, read_at__isnull=True).exists()
