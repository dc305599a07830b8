"""The movement's screens in a real browser on the demo commune: the office's dashboard with
its charts, its print layout and Excel download, every screen checked by axe-core, a unit clerk entering a month's results, and
the public CCHC page."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from campaigns.models import Campaign, Indicator, Result
from units.models import Unit

from .conftest import SHOTS_DIR, accessibility_violations, log_in, save_screenshot, vi

pytestmark = [pytest.mark.browser]

CITY_KPIS = (
    "Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân, doanh nghiệp",
    "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
    "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình trên tổng số TTHC có đủ điều kiện",
    "Tỷ lệ cấp kết quả giải quyết TTHC điện tử",
    "Tỷ lệ thanh toán trực tuyến trong giải quyết TTHC, dịch vụ công",
)


def _open(page: Page, path: str) -> list[str]:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, path
    expect(page.locator("h1")).to_be_visible()
    return accessibility_violations(page)


def test_office_dashboard_shows_the_five_kpis_with_drawn_charts(page, demo_data):
    log_in(page, "vhxh")
    violations = _open(page, reverse("campaigns:dashboard") + "?year=2026")
    for name in CITY_KPIS:
        expect(page.get_by_text(name, exact=True).first).to_be_visible()
    # Chart.js loaded from our own static files and drew a chart per indicator and index.
    drawn = page.evaluate("() => window.Chart ? Object.keys(Chart.instances).length : -1")
    assert drawn >= len(CITY_KPIS)
    save_screenshot(page, "dashboard-desktop")
    assert violations == []


def test_movement_screens_have_no_serious_accessibility_violations(page, demo_data):
    campaign = Campaign.objects.get()
    log_in(page, "vhxh")
    year = {"pk": campaign.pk, "year": 2026}
    query = f"?campaign={campaign.pk}&year=2026"
    screens = [
        reverse("campaigns:campaign_list"),
        reverse("campaigns:campaign_detail", args=[campaign.pk]),
        Indicator.objects.order_by("order").first().get_absolute_url(),
        reverse("campaigns:registration_list") + query,
        reverse("campaigns:results_list") + query,
        reverse("campaigns:index_list") + "?year=2026",
        reverse(
            "campaigns:index_unit",
            args=[Unit.objects.get(name="Phòng Kinh tế", commune__name="xã Thượng Phúc").pk, 2026],
        ),
        reverse("campaigns:initiative_list"),
        reverse("campaigns:scoring_sheet", kwargs=year),
        reverse("campaigns:scoring_units", kwargs=year),
        reverse("campaigns:scoring_ranking", kwargs=year),
        reverse("campaigns:report_create"),
        reverse("campaigns:post_list"),
        reverse("audit_list"),
    ]
    violations = []
    for path in screens:
        violations += _open(page, path)
    if violations:
        pytest.fail("Accessibility violations:\n" + "\n".join(violations), pytrace=False)


def test_unit_clerk_enters_this_months_figures_for_their_own_unit(page, demo_data):
    campaign = Campaign.objects.get()
    unit = Unit.objects.get(name="Trung tâm Phục vụ hành chính công", commune__name="xã Thượng Phúc")
    indicator = Indicator.objects.get(campaign=campaign, code="dvc-truc-tuyen")
    today = timezone.localdate()
    if today.year != 2026:
        pytest.skip("the demo's open month is in 2026")
    log_in(page, "donvi1")
    violations = _open(page, reverse("campaigns:results_entry", args=[campaign.pk, 2026, unit.pk]))
    key = f"{indicator.pk}_{today.month}"
    page.locator(f"input[name='n_{key}']").fill("450")
    page.locator(f"input[name='d_{key}']").fill("600")
    page.get_by_role("button", name=vi("Save results")).first.click()
    expect(page.locator(".alert-success")).to_be_visible()
    result = Result.objects.get(indicator=indicator, unit=unit, year=2026, period=today.month)
    assert (result.numerator, result.denominator) == (450, 600)
    # Another unit's page is closed to this clerk.
    other = Unit.objects.get(name="Phòng Kinh tế", commune__name="xã Thượng Phúc")
    response = page.goto(reverse("campaigns:results_entry", args=[campaign.pk, 2026, other.pk]))
    assert response is not None
    assert response.status == 403
    assert violations == []


def test_public_page_needs_no_login(page, demo_data):
    violations = _open(page, reverse("campaigns:public_home"))
    expect(page.locator("h1")).to_have_text(vi("Administrative reform column"))
    expect(page.get_by_text(CITY_KPIS[0]).first).to_be_visible()
    save_screenshot(page, "public-cchc")
    assert violations == []


def test_dashboard_prints_on_a4_with_its_own_heading_and_downloads_excel(page, demo_data):
    log_in(page, "vhxh")
    _open(page, reverse("campaigns:dashboard") + "?year=2026")
    # "In" opens the browser's print dialog (replaced here by a recorder).
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.locator("#dashboard-print").click()
    assert page.evaluate("() => window.printed") == 1
    with page.expect_download() as download:
        page.locator("#dashboard-export").click()
    assert download.value.suggested_filename == "bang-theo-doi-cchc-2026-2030-2026.xlsx"

    page.emulate_media(media="print")
    heading = page.locator("#print-heading")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text("BẢNG THEO DÕI PHONG TRÀO THI ĐUA NĂM 2026")
    expect(heading).to_contain_text(f"Số liệu đến ngày {timezone.localdate():%d/%m/%Y}")
    for hidden in (".navbar", "#dashboard-actions", "form", "body > footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    # Before printing, the folded tables of numbers open, so the paper carries them.
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("() => document.querySelectorAll('main details:not([open])').length") == 0
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    (SHOTS_DIR / "dashboard-print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    first = " ".join(reader.pages[0].extract_text().split())
    assert first.startswith("BẢNG THEO DÕI PHONG TRÀO THI ĐUA NĂM 2026")
    assert CITY_KPIS[0] in first
    printed = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert vi("Main menu") not in printed
    assert vi("Download Excel") not in printed
