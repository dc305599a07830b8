"""The city level in a real browser on the demo: xã Thượng Phúc sends a dossier for the
city's Bằng khen inside the portal; `thanhpho` (the city's emulation board) returns it with a
reason; the commune reads the reason, revises and sends it again (version 2); the city
accepts it and records its decision; the award appears in the commune's registry with the
city's decision number. At 1366 px, and the city's review page again at 360 px."""

import random
from collections import Counter

import pytest
from playwright.sync_api import Page, expect

from awards.city_models import CitySubmission, SubmissionState
from awards.models import Award, AwardSource
from demo import city as demo_city
from units.models import User

from .conftest import log_in, save_screenshot, vi

pytestmark = [pytest.mark.browser]
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 360, "height": 780}
ROUND = "Đề nghị Chủ tịch UBND Thành phố tặng Bằng khen – Phòng Kinh tế"
REASON = "Thiếu bản scan báo cáo thành tích có chữ ký và dấu; đề nghị bổ sung."
NUMBER = "4321/QĐ-UBND"


def _new_page(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _success(page: Page) -> None:
    expect(page.locator(".alert-success").first).to_be_visible()
    expect(page.locator(".alert-danger")).to_have_count(0)


@pytest.fixture
def city_round(demo_data):
    office = User.objects.get(username="vhxh")
    return demo_city.propose_for_city(
        ROUND, "Phòng Kinh tế", "Trưởng phòng", office=office, rng=random.Random(7), created=Counter()
    )


def test_a_dossier_goes_to_the_city_comes_back_and_is_decided(browser, live_server, city_round):
    commune_context, commune = _new_page(browser, live_server, WIDE)
    city_context, city = _new_page(browser, live_server, WIDE)
    try:
        # The commune sends the round's dossier to the city.
        log_in(commune, "vhxh")
        commune.goto(f"/rounds/{city_round.pk}/forwarding/")
        commune.get_by_role("button", name=vi("Send to the city")).click()
        _success(commune)
        submission = CitySubmission.objects.get(round=city_round)
        expect(commune.locator("#submission-state")).to_have_text(vi("Submitted to the city"))

        # The city finds it on its home page and returns it with a reason.
        log_in(city, "thanhpho")
        expect(city.locator(f'a[href="{submission.get_absolute_url()}"]')).to_be_visible()
        city.locator(f'a[href="{submission.get_absolute_url()}"]').click()
        expect(city.locator("#submission-files li")).not_to_have_count(0)
        save_screenshot(city, "city-review-1366")
        city.get_by_label(vi("Reason (the commune reads it)")).fill(REASON)
        city.get_by_role("button", name=vi("Return to the commune")).click()
        _success(city)
        expect(city.locator("#submission-state")).to_have_text(vi("Returned to the commune"))

        # The commune reads the reason where it forwards, and sends a new version.
        commune.goto(f"/rounds/{city_round.pk}/forwarding/")
        expect(commune.locator(".submission-reason")).to_have_text(REASON)
        commune.locator(f'#city-submissions a[href="{submission.get_absolute_url()}"]').click()
        expect(commune.locator("#submission-reason")).to_have_text(REASON)
        commune.get_by_role("button", name=vi("Send again to the city")).click()
        _success(commune)
        submission.refresh_from_db()
        assert (submission.state, submission.version) == (SubmissionState.SUBMITTED, 2)

        # The city accepts and records its decision.
        city.goto(submission.get_absolute_url())
        city.get_by_role("button", name=vi("Accept"), exact=True).click()
        _success(city)
        city.get_by_label(vi("Decision number")).fill(NUMBER)
        city.get_by_label(vi("Decision date")).fill("05/12/2026")
        city.get_by_label(vi("Signed by")).fill("Trần Sỹ Thanh")
        city.get_by_role("button", name=vi("Record the decision")).click()
        _success(city)
        expect(city.locator("#submission-state")).to_have_text(vi("Decided by the city"))
        save_screenshot(city, "city-decided-1366")

        # The award is in the commune's registry, with the city's decision number.
        award = Award.objects.get(source=AwardSource.FORWARDED, decision_number=NUMBER)
        assert award.commune_id == city_round.commune_id
        commune.goto("/registry/")
        row = commune.locator("tr", has_text=award.recipient_name).filter(has_text=NUMBER)
        expect(row).to_have_count(1)
        save_screenshot(commune, "city-registry-1366")
    finally:
        commune_context.close()
        city_context.close()

    # The city's review page on a phone: nothing wider than the screen.
    phone_context, phone = _new_page(browser, live_server, NARROW)
    try:
        log_in(phone, "thanhpho")
        phone.goto(submission.get_absolute_url())
        expect(phone.locator("#submission-state")).to_be_visible()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], width
        save_screenshot(phone, "city-review-360")
    finally:
        phone_context.close()
