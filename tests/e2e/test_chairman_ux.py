"""The chairman's decision pages read as a Vietnamese official reads them, in an
English-language browser at 1366 px and on a 360 px phone: the decision list heads its
subject-line column "Trích yếu" and calls an award decision "Khen thưởng" (not an award
form), the issued decision names the person who issued it as such (not the issuing body),
and the draft's time reads "lúc", not "ngày"."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import Decision, DecisionKind

from .conftest import check_accessibility, log_in
from .test_council_ux import DESKTOP_1366, EN, PHONE_360, VI, fits_the_screen, open_page  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser]


def test_decision_list_heads_its_columns_as_an_official_reads_them(open_page, demo_data):  # noqa: F811
    award = Decision.objects.get(kind=DecisionKind.AWARD, number=141)  # the ad hoc round's
    page = open_page(DESKTOP_1366, EN)
    log_in(page, "chutich")
    page.goto(reverse("awards:decision_list"))
    headers = page.locator("table thead th").all_inner_texts()
    assert headers[2] == "Trích yếu", headers
    row = page.locator("table tbody tr").filter(
        has=page.locator("td:first-child", has_text=award.number_text)
    )
    expect(row.locator("td").nth(3)).to_have_text("Khen thưởng")
    check_accessibility(page)


def test_issued_decision_names_who_issued_it_and_when_it_was_drafted(open_page, demo_data):  # noqa: F811
    award = Decision.objects.get(kind=DecisionKind.AWARD, number=141)  # the ad hoc round's
    page = open_page(PHONE_360, VI)
    log_in(page, "chutich")
    page.goto(reverse("awards:decision_detail", args=[award.pk]))
    issued = page.locator("dt", has_text="Người ban hành")
    expect(issued).to_have_count(1)
    expect(page.locator("dt", has_text="Cơ quan ban hành")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(f"Do {award.created_by} soạn thảo lúc ")
    expect(page.locator("main")).not_to_contain_text("soạn thảo ngày")
    fits_the_screen(page)
    check_accessibility(page)


@pytest.mark.parametrize(
    ("screen", "locale"), [(PHONE_360, VI), (DESKTOP_1366, EN)], ids=["phone-vi", "desktop-en"]
)
def test_print_page_reads_in_vietnamese_and_opens_on_what_it_can_print(open_page, demo_data, screen, locale):  # noqa: F811
    """The chairman's print page in Vietnamese whatever the browser's language; the demo has
    no national emblem, so it opens on the pre-printed blanks, the design it can print."""
    award = Decision.objects.get(kind=DecisionKind.AWARD, number=141)
    page = open_page(screen, locale)
    log_in(page, "chutich")
    page.goto(reverse("awards:certificate_print", args=[award.pk]))
    main = page.locator("main")
    for label in ("In trên", "Mẫu đầy đủ (viền và Quốc huy) trên giấy trắng", "Chỉ in chữ lên phôi in sẵn"):
        expect(main).to_contain_text(label)
    for english in ("Print on", "Full design", "Text only", "Printer (for blanks)", "No offsets"):
        expect(main).not_to_contain_text(english)
    expect(page.locator("#emblem-missing")).to_be_visible()
    expect(page.locator("input[name=mode][value=blank]")).to_be_checked()
    expect(page.locator("input[name=mode][value=full]")).not_to_be_checked()
    fits_the_screen(page)
    check_accessibility(page)


@pytest.mark.parametrize(
    ("screen", "locale"), [(PHONE_360, VI), (DESKTOP_1366, EN)], ids=["phone-vi", "desktop-en"]
)
def test_audit_log_offers_nothing_of_the_ballot(open_page, demo_data, screen, locale):  # noqa: F811
    """The demo's council has voted by secret ballot, yet the audit log neither offers the
    records of having voted or the encrypted ballots as a record type nor shows one."""
    page = open_page(screen, locale)
    log_in(page, "vhxh")
    page.goto(reverse("audit_list"))
    options = page.locator("#id_model option").all_inner_texts()
    assert options, "the record-type filter is there"
    assert any("phiên họp" in option.lower() for option in options), options  # the council is there
    for secret in ("ghi nhận đã bỏ phiếu", "phiếu đã mã hóa"):
        assert not any(secret in option.lower() for option in options), (secret, options)
        expect(page.locator("main")).not_to_contain_text(re.compile(secret, re.IGNORECASE))
    fits_the_screen(page)
    check_accessibility(page)
