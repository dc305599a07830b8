"""The Content-Security-Policy holds on the portal's pages: every role's main pages (the
menu's and the home page's links) load in Chromium without one violation, logged out too."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import log_in

pytestmark = [pytest.mark.browser]

# Runs before the page's own scripts, in every document: keeps each violation the browser
# reports, so a blocked style sheet is caught as well as a blocked script.
COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at line " + e.lineNumber);
});
"""
ROLES = ["vhxh", "truongdonvi1", "donvi1", "chutich", "thuky", "hoidong5", "admin"]
PAGES_PER_ROLE = 25
NOT_PAGES = (".pdf", ".xlsx", ".zip", "/download/", "/logout/", "/admin/")


def _watch(page: Page) -> list[str]:
    """Console messages of refused content, for the whole life of the page."""
    refused: list[str] = []
    page.add_init_script(COLLECT)
    page.on(
        "console",
        lambda m: (
            refused.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or m.text.startswith("Refused to")
            else None
        ),
    )
    return refused


def _violations(page: Page) -> list[str]:
    return [f"{page.url}: {v}" for v in page.evaluate("window.__csp || []")]


def _links(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "header a[href^='/'], main a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )
    return [h for h in dict.fromkeys(hrefs) if not any(part in h for part in NOT_PAGES)]


def _visit_all(page: Page, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        response = page.goto(path)
        assert response is not None, path
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, f"{path} has no Content-Security-Policy"
        page.wait_for_load_state("load")
        found += _violations(page)
    return found


def test_every_roles_main_pages_pass_the_csp(browser, live_server, demo_data):
    found, visited = [], 0
    for username in ROLES:
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        page = context.new_page()
        refused = _watch(page)
        log_in(page, username)
        found += _violations(page)
        paths = [p for p in _links(page) if urlsplit(p).path != "/"][:PAGES_PER_ROLE]
        found += _visit_all(page, paths)
        found += refused
        visited += len(paths) + 1
        context.close()
    assert visited > 60
    assert found == [], "CSP violations:\n" + "\n".join(found)


def test_logged_out_pages_pass_the_csp(page, demo_data):
    refused = _watch(page)
    found = _visit_all(page, ["/accounts/login/", "/accounts/reset/", "/cchc/", "/xac-minh/"])
    assert found + refused == []


def test_an_injected_inline_script_is_refused_and_reported(page, demo_data):
    # The check above can fail: an inline script, as an injection would add, does not run.
    refused = _watch(page)
    page.goto("/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.ran") is None
    violations = _violations(page)
    assert len(violations) == 1
    assert "script-src" in violations[0]
    assert any("Content Security Policy" in line for line in refused)


def test_the_scripts_moved_out_of_the_pages_still_work(page, demo_data):
    refused = _watch(page)
    log_in(page, "vhxh")
    # The language switcher sends its form on change (no inline onchange any more).
    # The change sends the form; wait for the page it loads rather than the page already there.
    with page.expect_navigation():
        page.select_option("header #language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The new round form prefills the plan's quotas for an annual round and clears them for
    # an ad hoc one (static/js/round-form.js).
    page.goto("/rounds/new/")
    collectives, individuals = page.locator("#id_quota_collectives"), page.locator("#id_quota_individuals")
    plan = (collectives.input_value(), individuals.input_value())
    assert plan != ("", "")
    page.select_option("[data-round-kind]", "adhoc")
    assert (collectives.input_value(), individuals.input_value()) == ("", "")
    page.select_option("[data-round-kind]", "annual")
    assert (collectives.input_value(), individuals.input_value()) == plan
    assert _violations(page) + refused == []
