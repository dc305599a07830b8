"""The movement's screens in a real browser on the demo commune: the office's dashboard with
its charts, every screen checked by axe-core, a unit clerk entering a month's results, and
the public CCHC page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from campaigns.models import Campaign, Indicator, Result
from units.models import Unit

from .conftest import accessibility_violations, log_in, save_screenshot, vi

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
