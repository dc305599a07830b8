"""What a council member, the secretary and a visitor meet on first use, in a real browser at
360 px (a phone, touch) and at 1366 px, with a Vietnamese and an English-language browser
(the portal's language is its own: an English Chrome still reads Vietnamese pages, with the
browser's own widgets in English).

Each test is one problem of the walk-through review, and fails without its fix:
- the council's steps that cannot be undone ask first and state the consequence (opening
  the session, opening the voting, closing it with the present members who have not voted,
  making the result final);
- the result reads as one card per item on a phone, and the table fits 1366 px;
- the vote monitor says "6/8 present have voted";
- the home pages tell the secretary and the members what is coming, running and decided;
- every public page has one footer with the reform column, the honour board, verification
  and a language switch, and a header that fits 360 px.

The state before each step is reached through the council's services (`seed_demo`'s session
ready to open); every step under test is taken in the browser.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from awards.models import Award
from campaigns.models import Post
from council.models import AgendaItem, CouncilMember, CouncilSession, ItemState, Recusal, SessionState
from council.services import ballot_box, sessions, tally, voting
from demo.council import CURRENT_TITLE, PAST_TITLE
from nominations.services import eligibility
from units.models import User

from .conftest import check_accessibility, log_in, save_screenshot, vi
from .test_council import CHOICES, PRESENT, RECUSED, YOUTH, item_key

pytestmark = [pytest.mark.browser]

PHONE_360 = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP_1366 = {"viewport": {"width": 1366, "height": 900}}
VI, EN = "vi-VN", "en-US"


@pytest.fixture
def open_page(browser, live_server, transactional_db):
    """`open_page(screen, locale)`: a fresh browser context's page; all closed at the end."""
    contexts = []

    def make(screen: dict, locale: str) -> Page:
        context = browser.new_context(base_url=live_server.url, locale=locale, **screen)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _current() -> CouncilSession:
    return CouncilSession.objects.get(round__title=CURRENT_TITLE)


def _items(session: CouncilSession) -> dict[str, AgendaItem]:
    items = session.items.select_related("nomination__proposal__unit").order_by("position")
    return {item_key(item): item for item in items}


CODES: dict[int, dict[int, str]] = {}  # session -> key officer -> the code they took


def _take_codes(session: CouncilSession) -> None:
    """The key officers take their codes, as they must before the voting opens."""
    CODES[session.pk] = {
        officer.pk: ballot_box.issue_officer_code(session, actor=officer.user)
        for officer in ballot_box.key_officers(session)
    }


def _count(session: CouncilSession) -> None:
    """Two key officers enter their codes once the voting is closed: the box is counted."""
    for officer in ballot_box.key_officers(session)[:2]:
        ballot_box.present_share(session, actor=officer.user, code=CODES[session.pk][officer.pk])


def _open_and_vote(session: CouncilSession, voters: tuple[str, ...]) -> dict[str, AgendaItem]:
    """Open the session and the voting on every item; `voters` cast their known choices."""
    secretary = User.objects.get(username="thuky")
    sessions.open_session(session, actor=secretary)
    _take_codes(session)
    voting.open_voting(session, actor=secretary)
    items = _items(session)
    for key, item in items.items():
        for username in voters:
            if username in CHOICES[key]:
                voting.cast_ballot(
                    item, user=User.objects.get(username=username), choice=CHOICES[key][username]
                )
    return items


def fits_the_screen(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def _path_is(path: str):
    return lambda url: urlsplit(url).path == path


# --------------------------------------------------------------------------- confirmations


def test_opening_the_session_and_the_voting_ask_first_on_a_phone(open_page, demo_data):
    session = _current()
    page = open_page(PHONE_360, VI)
    log_in(page, "thuky")
    page.goto(session.get_absolute_url())
    page.locator(f"form[action='{reverse('council:session_open', args=[session.pk])}'] button").click()

    expect(page.locator("#confirmation-title")).to_have_text(vi("Open the session?"))
    expect(page.locator("#confirmation-consequence")).to_contain_text(
        vi(
            "Opening the session fixes its agenda (it no longer follows the round's list), the number "
            "of members and the quorum and pass rules, and records the automatic recusals. An open "
            "session cannot go back to preparation."
        )
    )
    absent = CouncilMember.objects.get(term=session.term, user__username="hoidong5").full_name
    expect(page.locator("#confirmation")).to_contain_text(
        vi("%(present)s present; %(needed)s needed for the quorum.") % {"present": 8, "needed": 6}
    )
    expect(page.locator("#confirmation")).to_contain_text(vi("Not present: %(names)s") % {"names": absent})
    fits_the_screen(page)
    check_accessibility(page)
    save_screenshot(page, "council-confirm-open-360")
    session.refresh_from_db()
    assert session.state == SessionState.DRAFT
    page.locator("#confirm-button").click()
    page.wait_for_url(_path_is(session.get_absolute_url()))
    expect(page.locator("#session-state")).to_have_attribute("data-state", "open")
    # The voting is not open yet: nothing to close.
    expect(page.locator("#close-voting")).to_have_count(0)
    _take_codes(session)
    page.reload()

    page.locator("#open-voting button[type=submit]").click()
    expect(page.locator("#confirmation-title")).to_have_text(vi("Open the voting?"))
    for item in _items(session).values():
        expect(page.locator("#confirmation")).to_contain_text(
            f"{item.position}. {item.nomination.subject_name}"
        )
    expect(page.locator("#confirmation")).to_contain_text(vi("Not recorded present: cannot vote online"))
    fits_the_screen(page)
    assert set(session.items.values_list("state", flat=True)) == {ItemState.PENDING}
    page.locator("#confirm-button").click()
    page.wait_for_url(_path_is(session.get_absolute_url()))
    assert set(session.items.values_list("state", flat=True)) == {ItemState.VOTING}


def test_closing_the_voting_names_the_present_members_who_have_not_voted(open_page, demo_data):
    session = _current()
    items = _open_and_vote(session, ("hoidong1", "hoidong2", "hoidong3", "hoidong4", "vhxh", "hoidong6"))
    page = open_page(DESKTOP_1366, EN)
    log_in(page, "thuky")
    page.goto(session.get_absolute_url())
    page.locator("#close-voting button[type=submit]").click()

    not_voted = [
        m.full_name
        for m in CouncilMember.objects.filter(term=session.term, user__username__in=["chutich", "thuky"])
    ]
    expect(page.locator("#confirmation-title")).to_have_text(vi("Close the voting?"))
    # The chair and the secretary are present and have not voted, on every item.
    details = page.locator(".confirmation-detail")
    expect(details).to_have_count(len(items))
    for key, item in items.items():
        name = f"{item.position}. {item.nomination.subject_name}"
        detail = details.filter(has_text=name)
        expect(detail.locator("h2")).to_have_text(
            vi("%(item)s: %(n)s of %(expected)s present members have not voted")
            % {"item": name, "n": 2, "expected": PRESENT - len(RECUSED[key])}
        )
        names = detail.locator("li").all_inner_texts()
        assert sorted(names) == sorted(not_voted), (item, names)
    check_accessibility(page)
    save_screenshot(page, "council-confirm-close-1366")
    assert set(session.items.values_list("state", flat=True)) == {ItemState.VOTING}

    page.locator("#confirm-button").click()
    # The result waits for the key officers' codes, entered on the session's page.
    page.wait_for_url(_path_is(session.get_absolute_url()))
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED


def test_making_the_result_final_asks_first(open_page, demo_data):
    session = _current()
    _open_and_vote(session, tuple(CHOICES[YOUTH]))
    voting.close_voting(session, actor=User.objects.get(username="thuky"))
    _count(session)
    session = CouncilSession.objects.get(pk=session.pk)
    rows = tally.result_rows(session)
    page = open_page(DESKTOP_1366, VI)
    log_in(page, "chutich")
    page.goto(reverse("council:session_result", args=[session.pk]))
    page.locator("#finalise button").click()

    expect(page.locator("#confirmation-title")).to_have_text(vi("Make the result final?"))
    lines = page.locator(".confirmation-detail li")
    expect(lines).to_have_text(
        [
            f"{row.position}. {row.subject_name}: "
            + (
                f"{vi('Passed') if row.passed else vi('Not passed')} – "
                f"{row.in_favour}/{row.base} đồng ý, cần {row.votes_needed}"
            )
            for row in rows
        ]
    )
    check_accessibility(page)
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED
    page.locator("#confirm-button").click()
    expect(page.locator("#final")).to_be_visible()
    session.refresh_from_db()
    assert session.state == SessionState.FINAL


# --------------------------------------------------------------------------- the result


def _past() -> CouncilSession:
    """The demo's 2025 session, its result final."""
    return CouncilSession.objects.get(round__title=PAST_TITLE)


def test_result_is_one_card_per_item_on_a_phone(open_page, demo_data):
    session = _past()
    rows = tally.result_rows(session)
    assert {row.passed for row in rows} >= {True}
    page = open_page(PHONE_360, EN)
    log_in(page, "hoidong1")
    page.goto(reverse("council:session_result", args=[session.pk]))
    expect(page.locator("#result")).to_be_hidden()
    for row in rows:
        card = page.locator(f"#result-card-{row.item.pk}")
        expect(card).to_be_visible()
        outcome = "Đạt" if row.passed else "Không đạt"
        expect(card.locator(".result-outcome")).to_have_text(
            f"{outcome} – {row.in_favour}/{row.base} đồng ý, cần {row.votes_needed}"
        )
    fits_the_screen(page)
    check_accessibility(page)
    save_screenshot(page, "council-result-360")


def test_result_table_fits_1366(open_page, demo_data):
    session = _past()
    page = open_page(DESKTOP_1366, VI)
    log_in(page, "thuky")
    page.goto(reverse("council:session_result", args=[session.pk]))
    table = page.locator("#result")
    expect(table).to_be_visible()
    expect(page.locator("#result-cards")).to_be_hidden()
    wrapper = page.locator(".table-responsive:has(#result)")
    cut = wrapper.evaluate("el => el.scrollWidth - el.clientWidth")
    assert cut <= 0, f"the result table is cut by {cut}px"
    # Names are not squeezed into a word or two per line.
    for row in tally.result_rows(session):
        name = page.locator(f"#result-{row.item.pk} [data-figure=name]")
        assert name.evaluate("el => el.getBoundingClientRect().width") >= 180
    check_accessibility(page)
    save_screenshot(page, "council-result-1366")


# --------------------------------------------------------------------------- the monitor


def test_vote_monitor_says_how_many_present_members_have_voted(open_page, demo_data):
    session = _current()
    voters = ("hoidong1", "hoidong2", "hoidong3", "hoidong4", "vhxh", "hoidong6")
    items = _open_and_vote(session, voters)
    page = open_page(DESKTOP_1366, VI)
    log_in(page, "thuky")
    page.goto(session.get_absolute_url())
    for key, item in items.items():
        voted = sum(1 for name in voters if name in CHOICES[key])
        present = PRESENT - len(RECUSED[key])
        assert Recusal.objects.filter(item=item).count() == len(RECUSED[key])
        expect(page.locator(f"tr#item-{item.pk} .turnout")).to_have_text(
            f"{voted}/{present} có mặt đã bỏ phiếu"
        )
    check_accessibility(page)


# --------------------------------------------------------------------------- the voting page


def test_after_voting_the_card_says_so_where_the_page_opens(open_page, demo_data):
    session = _current()
    items = _open_and_vote(session, ())
    last = max(items.values(), key=lambda item: item.position)
    page = open_page(PHONE_360, EN)
    log_in(page, "hoidong1")
    page.goto(reverse("council:session_vote", args=[session.pk]))
    page.locator(f"#item-{last.pk} button[name=choice][value=for]").click()
    page.locator("form:has(input[name=confirm]) button[type=submit]").click()
    # A sealed ballot: the page that says so, with the receipt, is the one that opens.
    cast = page.locator("#vote-cast")
    expect(cast).to_have_text(
        vi("Your vote on %(name)s was cast in the sealed ballot box.")
        % {"name": last.nomination.subject_name}
    )
    expect(cast).to_be_in_viewport()
    expect(page.locator("#receipt")).to_be_in_viewport()
    fits_the_screen(page)
    check_accessibility(page)
    # Back on the voting page, at the card just voted on, which says so.
    page.locator("#back-to-vote").click()
    page.wait_for_url(_path_is(reverse("council:session_vote", args=[session.pk])))
    note = page.locator(f"#item-{last.pk} .item-voted")
    expect(note).to_contain_text(vi("You have voted."))
    expect(note).to_be_in_viewport()
    fits_the_screen(page)
    check_accessibility(page)


def test_vote_card_names_the_criteria_not_met_without_opening_the_checks(open_page, demo_data):
    session = _current()
    items = _open_and_vote(session, ())
    page = open_page(PHONE_360, VI)
    log_in(page, "hoidong2")
    page.goto(reverse("council:session_vote", args=[session.pk]))
    checks = eligibility.run_checks_many([item.nomination for item in items.values()])
    for item in items.values():
        failed = [c.label for c in checks[item.nomination_id] if c.result.status == "not_met"]
        assert failed, "the demo's items each miss a criterion"
        line = page.locator(f"#item-{item.pk} .item-not-met")
        expect(line).to_be_visible()
        expect(line).to_have_text(f"{vi('Not met:')} {'; '.join(failed)}")
    check_accessibility(page)


# --------------------------------------------------------------------------- home panels


def test_secretary_home_shows_sessions_in_preparation_and_the_turnout(open_page, demo_data):
    session = _current()
    page = open_page(PHONE_360, EN)
    log_in(page, "thuky")
    link = page.locator(f"main a[href='{session.get_absolute_url()}']")
    expect(link).to_contain_text(vi("Session in preparation: %(session)s, %(when)s").split(":")[0])
    expect(link).to_contain_text(session.title)
    fits_the_screen(page)
    check_accessibility(page)

    _open_and_vote(session, ("hoidong1", "hoidong2", "hoidong3", "hoidong4", "vhxh", "hoidong6"))
    page.reload()
    expect(page.locator(f"main a[href='{session.get_absolute_url()}']")).to_have_text(
        f"Đang bỏ phiếu: {session.title} – 6/8 có mặt đã bỏ phiếu"
    )


def test_member_home_tells_what_is_coming_absent_and_decided(open_page, demo_data):
    session = _current()
    page = open_page(PHONE_360, VI)
    log_in(page, "hoidong1")
    coming = page.locator(f"main a[href='{session.get_absolute_url()}']")
    expect(coming).to_contain_text(f"Phiên họp sắp tới: {session.title}")
    fits_the_screen(page)
    check_accessibility(page)

    absent = open_page(PHONE_360, EN)
    log_in(absent, "hoidong5")
    expect(absent.locator(f"main a[href='{session.get_absolute_url()}']")).to_contain_text(
        f"Bạn được ghi nhận vắng mặt tại {session.title}"
    )

    # The session is held and its result made final: the member's home says so.
    _open_and_vote(session, tuple(CHOICES[YOUTH]))
    voting.close_voting(session, actor=User.objects.get(username="thuky"))
    _count(session)
    tally.finalise_session(session, actor=User.objects.get(username="chutich"))
    page.reload()
    result = page.locator(f"main a[href='{reverse('council:session_result', args=[session.pk])}']")
    expect(result).to_have_text(f"Kết quả đã công bố chính thức: {session.title}")
    expect(coming).to_have_count(0)


# --------------------------------------------------------------------------- public pages


def _public_pages() -> list[str]:
    post = Post.objects.published().order_by("pk").first()
    award = Award.objects.filter(code__isnull=False, revoked_on__isnull=True).order_by("pk").first()
    return [
        reverse("campaigns:public_home"),
        reverse("campaigns:public_post", args=[post.pk]),
        reverse("awards:honour_board"),
        reverse("awards:verify_lookup"),
        reverse("awards:verify", args=[award.code]),
        reverse("login"),
    ]


def test_every_public_page_has_one_footer_with_the_public_pages_and_a_language_switch(open_page, demo_data):
    page = open_page(PHONE_360, EN)
    expected = [
        reverse("campaigns:public_home"),
        reverse("awards:honour_board"),
        reverse("awards:verify_lookup"),
    ]
    for path in _public_pages():
        page.goto(path)
        footer = page.locator("footer")
        links = footer.locator("#public-links a")
        hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs == expected, (path, hrefs)
        expect(footer.locator("#language-links a[hreflang=en]")).to_be_visible()
        fits_the_screen(page)
        check_accessibility(page)
    # The footer's switch turns the reform column into English, and back, on the same page.
    page.goto(reverse("campaigns:public_home"))
    page.locator("footer #language-links a[hreflang=en]").click()
    expect(page.locator("h1")).to_have_text("Administrative reform column")
    assert urlsplit(page.url).path == reverse("campaigns:public_home")
    page.locator("footer #language-links a[hreflang=vi]").click()
    expect(page.locator("h1")).to_have_text(vi("Administrative reform column"))


def test_public_headers_fit_a_360_px_phone(open_page, demo_data):
    page = open_page(PHONE_360, VI)
    for path in _public_pages():
        page.goto(path)
        header = page.locator("header nav")
        cut = header.evaluate("el => el.scrollWidth - el.clientWidth")
        assert cut <= 0, f"{path}: the header is cut by {cut}px"
        # A language select in the header shows its whole label ("Tiếng Việt", not "Tiến…").
        for select in header.locator("select").all():
            shrunk = select.evaluate(
                """el => { const c = el.cloneNode(true); c.style.position = 'absolute';
                   c.style.width = 'auto'; document.body.appendChild(c);
                   const w = c.getBoundingClientRect().width; c.remove();
                   return w - el.getBoundingClientRect().width; }"""
            )
            assert shrunk <= 1, f"{path}: the language select is cut by {shrunk}px"
        fits_the_screen(page)
        if path.startswith(reverse("awards:verify_lookup")):
            save_screenshot(page, "public-verify-360")
    save_screenshot(page, "public-login-360")


def test_reform_column_says_to_which_month_its_figures_run(open_page, demo_data):
    page = open_page(DESKTOP_1366, VI)
    page.goto(reverse("campaigns:public_home"))
    expect(page.locator("footer #public-links a")).to_have_count(3)
    # The column says how fresh its figures are.
    expect(page.locator(".data-until").first).to_contain_text("(số liệu đến hết tháng ")
    save_screenshot(page, "public-cchc-1366")
    phone = open_page(PHONE_360, VI)
    phone.goto(reverse("campaigns:public_home"))
    fits_the_screen(phone)
    save_screenshot(phone, "public-cchc-360")
