"""Headless Chromium against pytest-django's live server, with axe-core accessibility checks.

Run with DEBUG=1 (the settings then leave cookies non-secure and skip the HTTPS redirect,
which the live server's plain HTTP needs).
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "thidua2026"
# Screenshots for people to look at, outside the repository.
SHOTS_DIR = Path(os.environ.get("E2E_SHOTS_DIR", "/tmp/shots"))  # noqa: S108 - a fixed, documented place
# axe impacts that fail a test; "minor" and "moderate" findings are left to review.
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    # The live server speaks plain HTTP: secure-only cookies would never come back.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
    # next to it. Only while the browser is open, and never for the rest of the suite.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def _new_page(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, live_server, transactional_db):
    context, page = _new_page(browser, live_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, live_server, transactional_db):
    context, page = _new_page(browser, live_server, PHONE)
    yield page
    context.close()


@pytest.fixture
def demo_data(transactional_db):
    """The demo commune from `seed_demo` (--force: pytest-django runs with DEBUG off)."""
    call_command("seed_demo", force=True, stdout=io.StringIO())


def accessibility_violations(page: Page) -> list[str]:
    """Run axe-core on the page as it is now; describe each serious or critical violation.

    Colours are read at rest: the page is told its reader prefers reduced motion (Bootstrap
    then drops its 0.15 s colour transitions), so a button just clicked is not measured
    halfway between its colours."""
    page.emulate_media(reduced_motion="reduce")
    violations = Axe().run(page).response["violations"]
    lines = []
    for v in violations:
        if v["impact"] not in BLOCKING_IMPACTS:
            continue
        lines.append(f"{page.url} - {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            detail = next((check["message"] for check in node["any"] if check.get("message")), "")
            lines.append(f"    {', '.join(map(str, node['target']))}  {detail}".rstrip())
    return lines


def check_accessibility(page: Page) -> None:
    """Fail the test, listing them, if axe-core finds serious or critical violations."""
    if lines := accessibility_violations(page):
        pytest.fail("Accessibility violations:\n" + "\n".join(lines), pytrace=False)


def assert_styles_loaded(page: Page) -> None:
    """Bootstrap and portal.css were served: the navbar is a flex box in the portal's red."""
    navbar = page.locator("nav.navbar")
    expect(navbar).to_have_css("display", "flex")
    expect(navbar).to_have_css("background-color", "rgb(139, 26, 26)")


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real form, as a person would, and wait for the home page."""
    page.goto("/accounts/login/")
    # Labels are translated; ids stay put whatever the language.
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form:has(#id_username) button[type=submit]").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


def vi(message: str) -> str:
    """A UI string as the Vietnamese screen shows it (its msgid until it is translated)."""
    with translation.override("vi"):
        return translation.gettext(message)


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as SHOTS_DIR/<name>.png."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
