"""axe-core on every screen of the units app, as the VHXH officer and logged out; phone layout."""

import pytest
from playwright.sync_api import Page, expect

from units.models import Cadre, Commune, Unit, User

from .conftest import (
    accessibility_violations,
    assert_styles_loaded,
    check_accessibility,
    log_in,
    save_screenshot,
    vi,
)

pytestmark = [pytest.mark.browser]

UNIT = "Trung tâm Phục vụ hành chính công"


def _sample_person() -> Cadre:
    # Someone with a rating, so the detail page shows its tables filled in.
    return Cadre.objects.filter(unit__name=UNIT, is_active=True, ratings__isnull=False).order_by("pk").first()


def _visit(page: Page, path: str, heading: str) -> list[str]:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, path
    expect(page.locator("h1")).to_have_text(heading)
    return accessibility_violations(page)


def _fail_on(violations: list[str]) -> None:
    if violations:
        pytest.fail("Accessibility violations:\n" + "\n".join(violations), pytrace=False)


def test_officer_screens_have_no_serious_accessibility_violations(page, demo_data):
    officer = User.objects.get(username="vhxh")
    unit = Unit.objects.get(name=UNIT, commune__name="xã Thượng Phúc")
    person = _sample_person()
    commune = Commune.objects.get(name="xã Thượng Phúc")
    log_in(page, "vhxh")
    assert_styles_loaded(page)
    screens = [
        ("/", vi("Hello, %(name)s") % {"name": officer}),
        ("/units/", vi("Units")),
        (f"/units/{unit.pk}/", UNIT),
        (
            f"/units/{unit.pk}/ratings/2026/",
            vi("Ratings of %(unit)s for %(year)s") % {"unit": UNIT, "year": 2026},
        ),
        ("/people/", vi("People")),
        (f"/people/{person.pk}/", person.full_name),
        (f"/people/{person.pk}/edit/", vi("Edit %(name)s") % {"name": person}),
        ("/audit/", vi("Audit log")),
        ("/commune/", vi("Commune details")),
        ("/accounts/password/", vi("Change password")),
    ]
    violations = []
    for path, heading in screens:
        violations += _visit(page, path, heading)
    expect(page.locator("footer")).to_contain_text(commune.authority_name)
    # Every screen is checked before failing, so one run lists all of them.
    _fail_on(violations)


def test_logged_out_screens_have_no_serious_accessibility_violations(page, demo_data):
    violations = _visit(page, "/accounts/login/", vi("Log in"))
    assert_styles_loaded(page)
    violations += _visit(page, "/accounts/reset/", vi("Reset password"))
    _fail_on(violations)


def assert_fits_the_phone(page: Page) -> None:
    """At phone width the menu folds behind its toggler and nothing scrolls sideways."""
    expect(page.locator("button.navbar-toggler")).to_be_visible()
    expect(page.locator("#mainnav")).to_be_hidden()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className"
        " + ' ' + (e.textContent || '').trim().slice(0, 60))"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px: {wide}"


def test_phone_layout_collapses_the_menu_and_never_scrolls_sideways(mobile_page, demo_data):
    page = mobile_page
    officer = User.objects.get(username="vhxh")
    person = _sample_person()
    log_in(page, "vhxh")

    expect(page.locator("h1")).to_have_text(vi("Hello, %(name)s") % {"name": officer})
    assert_fits_the_phone(page)
    check_accessibility(page)
    save_screenshot(page, "home-phone")

    # The toggler opens the menu (Bootstrap's script loaded) and it leads to the people list.
    page.locator("button.navbar-toggler").click()
    expect(page.locator("button.navbar-toggler")).to_have_attribute("aria-expanded", "true")
    people_link = page.locator("#mainnav a.nav-link[href='/people/']")
    expect(people_link).to_be_visible()
    check_accessibility(page)
    people_link.click()
    page.wait_for_url("**/people/")
    expect(page.locator("h1")).to_have_text(vi("People"))
    assert_fits_the_phone(page)
    check_accessibility(page)
    save_screenshot(page, "people-phone")

    page.goto(f"/people/{person.pk}/")
    expect(page.locator("h1")).to_have_text(person.full_name)
    assert_fits_the_phone(page)
    check_accessibility(page)
    save_screenshot(page, "person-phone")


def test_desktop_screenshots(page, demo_data):
    person = _sample_person()
    log_in(page, "vhxh")
    expect(page.locator("button.navbar-toggler")).to_be_hidden()
    save_screenshot(page, "home-desktop")
    page.goto("/people/")
    expect(page.locator("h1")).to_have_text(vi("People"))
    save_screenshot(page, "people-desktop")
    page.goto(f"/people/{person.pk}/")
    expect(page.locator("h1")).to_have_text(person.full_name)
    save_screenshot(page, "person-desktop")
