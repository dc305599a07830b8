"""The council's online vote in a real browser on the demo commune.

The demo's session READY TO OPEN (ad hoc 2026 round at the council, three items, attendance
recorded: eight present, hoidong5 absent): the secretary `thuky` opens the session; the three
key holders (the chair `chutich` and the vice chair `hoidong1` on their phones, the secretary
at his desk) each take their key code, shown once; the secretary opens the voting on every
item. All eight present members vote on phones (360x740, each its own browser context):
choose, confirm, note the receipt, see "you have voted"; the two recused by the portal see
"recused" on their item; the absent member cannot vote. While the voting is open the secretary
sees only how many voted, never how (no result page, no minutes, no figures). The secretary
closes the voting: nothing is shown until the chair (on his phone) and the secretary enter
their codes; then the result page shows each item's figures (members, present, recused,
ballots, in favour, against, abstain, votes needed, passed, rank, approved) computed from the
known choices below, the minutes' PDF prints the same figures, the counted ballot box says
every proof checks and finds a member's receipt, and its JSON verifies here too.

Rules (settings): 9 members in total; an item passes with votes in favour > half of
(9 − members recused from it), i.e. 5 of 9 or 5 of 8.
"""

import re
import subprocess
import unicodedata
from decimal import Decimal
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from council import verify
from council.models import AgendaItem, CouncilSession, Recusal, SessionState
from demo.council import CURRENT_TITLE

from .conftest import DESKTOP, log_in, save_screenshot, vi

pytestmark = [pytest.mark.browser]

SMALL_PHONE = {"width": 360, "height": 740}
TOTAL = 9
PRESENT = 8
# Items by the proposing unit and the kind of subject (seed_demo's CURRENT_PLAN).
YOUTH, KT, VP = "youth", "kt", "vp"
# Who the portal recuses by itself (the member's unit is the nominated unit or the person's
# proposing unit): hoidong4 (Phòng Kinh tế) on its collective, hoidong3 (Văn phòng) on its clerk.
RECUSED = {YOUTH: set(), KT: {"hoidong4"}, VP: {"hoidong3"}}
# The known choices of the eight present members; a recused member has no choice.
CHOICES = {
    YOUTH: {
        "hoidong1": "for",
        "hoidong2": "for",
        "hoidong3": "against",
        "hoidong4": "abstain",
        "chutich": "for",
        "vhxh": "for",
        "thuky": "for",
        "hoidong6": "for",
    },
    KT: {
        "hoidong1": "for",
        "hoidong2": "against",
        "hoidong3": "abstain",
        "chutich": "for",
        "vhxh": "against",
        "thuky": "for",
        "hoidong6": "for",
    },
    VP: {
        "hoidong1": "against",
        "hoidong2": "for",
        "hoidong4": "for",
        "chutich": "for",
        "vhxh": "for",
        "thuky": "for",
        "hoidong6": "abstain",
    },
}
PHONE_VOTERS = ("hoidong1", "hoidong2", "hoidong3", "hoidong4")
OTHER_PHONE_VOTERS = ("chutich", "vhxh", "hoidong6", "thuky")
KEY_HOLDERS = ("chutich", "thuky", "hoidong1")
RECEIPTS: list[str] = []
LABELS = {"for": "In favour", "against": "Against", "abstain": "Abstain"}


def _expected(key: str) -> dict:
    """Every figure of an item from the known choices and recusals."""
    votes = list(CHOICES[key].values())
    recused = len(RECUSED[key])
    base = TOTAL - recused
    needed = base // 2 + 1  # strictly more than half
    in_favour = votes.count("for")
    return {
        "members_total": TOTAL,
        "present": PRESENT,
        "recused": recused,
        "ballots": len(votes),
        "votes_for": in_favour,
        "votes_against": votes.count("against"),
        "votes_abstain": votes.count("abstain"),
        "written": 0,
        "in_favour": in_favour,
        "votes_needed": needed,
        "passed": in_favour >= needed,
        "percent": Decimal(in_favour * 100) / TOTAL,
    }


def test_expected_pattern_is_meaningful():
    """The pattern covers a pass, a majority of ballots that is not a majority of members,
    and a pass with a recused member."""
    assert _expected(YOUTH)["passed"]
    assert _expected(VP)["passed"]
    kt = _expected(KT)
    assert not kt["passed"]
    assert kt["votes_for"] > kt["ballots"] / 2


def item_key(item: AgendaItem) -> str:
    unit = item.nomination.proposal.unit.name
    if item.nomination.subject_type == "individual":
        return VP
    return KT if "Kinh tế" in unit else YOUTH


def _context_page(browser: Browser, live_server, viewport: dict) -> tuple:
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _path_is(path: str):
    return lambda url: urlsplit(url).path == path


def _vote(page: Page, item: AgendaItem, choice: str, vote_url: str) -> None:
    """Choose on the item's card, check the confirmation restates it, confirm."""
    card = page.locator(f"#item-{item.pk}")
    expect(card).to_have_attribute("data-state", "vote")
    card.locator(f"button[name=choice][value={choice}]").click()
    expect(page.locator("#chosen")).to_contain_text(vi(LABELS[choice]))
    page.locator("form:has(input[name=confirm]) button[type=submit]").click()
    expect(page.locator("#receipt")).to_have_text(re.compile(r"^[0-9A-F]{4}(-[0-9A-F]{4}){3}$"))
    expect(page.locator("body")).not_to_contain_text(vi(LABELS[choice]))
    RECEIPTS.append(page.locator("#receipt").inner_text().strip())
    page.locator("#back-to-vote").click()
    page.wait_for_url(_path_is(vote_url))
    expect(page.locator(".alert-danger")).to_have_count(0)
    card = page.locator(f"#item-{item.pk}")
    expect(card).to_have_attribute("data-state", "voted")
    expect(card.locator(".item-voted")).to_contain_text(vi("You have voted."))
    expect(card.locator("button[name=choice]")).to_have_count(0)


def _take_code(browser, live_server, username: str, detail_url: str, secretary: Page) -> str:
    """The key holder takes their code: the secretary on his desk, the others on phones."""
    if username == "thuky":
        secretary.goto(detail_url)
        secretary.locator("#take-code button[type=submit]").click()
        code = secretary.locator("#officer-code").inner_text().strip()
        expect(secretary.locator("#code-file")).to_have_attribute("download", re.compile(r"\.txt$"))
        return code
    context, page = _context_page(browser, live_server, SMALL_PHONE)
    try:
        log_in(page, username)
        page.goto(detail_url)
        page.locator("#take-code button[type=submit]").click()
        code = page.locator("#officer-code").inner_text().strip()
        if username == "chutich":
            save_screenshot(page, "council-key-code")
        return code
    finally:
        context.close()


def _member_votes(browser, live_server, username: str, items: dict, vote_url: str, shot: bool = False):
    context, page = _context_page(browser, live_server, SMALL_PHONE)
    try:
        log_in(page, username)
        page.goto(vote_url)
        mine = [key for key in items if username in CHOICES[key]]
        expect(page.locator("#open-count")).to_contain_text(str(len(mine)))
        for key, item in items.items():
            card = page.locator(f"#item-{item.pk}")
            if username in RECUSED[key]:
                expect(card).to_have_attribute("data-state", "recused")
                expect(card.locator(".item-recused")).to_contain_text(
                    vi("Recused: you do not vote on this item.")
                )
                expect(card.locator("button[name=choice]")).to_have_count(0)
            else:
                expect(card).to_have_attribute("data-state", "vote")
        for key in mine:
            _vote(page, items[key], CHOICES[key][username], vote_url)
        expect(page.locator("#open-count")).to_have_count(0)
        # The page says only that the member voted, never how.
        for key in mine:
            card = page.locator(f"#item-{items[key].pk}")
            expect(card).not_to_contain_text(vi(LABELS[CHOICES[key][username]]))
        if shot:
            save_screenshot(page, f"council-vote-{username}")
    finally:
        context.close()


def _pdf_text(data: bytes) -> str:
    out = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(unicodedata.normalize("NFC", out).split())


def _percent_texts(value: Decimal) -> set[str]:
    one = f"{value:.1f}"
    return {one, one.replace(".", ",")}


def test_council_votes_online(browser, live_server, demo_data):
    RECEIPTS.clear()
    session = CouncilSession.objects.get(round__title=CURRENT_TITLE)
    assert session.state == SessionState.DRAFT
    items = {
        item_key(item): item
        for item in session.items.select_related("nomination__proposal__unit").order_by("position")
    }
    assert set(items) == {YOUTH, KT, VP}
    detail_url = session.get_absolute_url()
    vote_url = reverse("council:session_vote", args=[session.pk])
    result_url = reverse("council:session_result", args=[session.pk])
    minutes_url = reverse("council:session_minutes_pdf", args=[session.pk])

    # The secretary, at his desk, opens the session and the voting.
    desk, secretary = _context_page(browser, live_server, DESKTOP)
    try:
        log_in(secretary, "thuky")
        secretary.goto(reverse("council:session_list"))
        secretary.locator(f"a[href='{detail_url}']").first.click()
        secretary.wait_for_url(_path_is(detail_url))
        expect(secretary.locator("#session-state")).to_have_attribute("data-state", "draft")
        expect(secretary.locator("#quorum-present")).to_have_text(str(PRESENT))
        expect(secretary.locator("#quorum-met")).to_be_visible()
        secretary.locator(
            f"form[action='{reverse('council:session_open', args=[session.pk])}'] button"
        ).click()
        # Opening cannot be undone: the portal asks first.
        expect(secretary.locator("#confirmation-title")).to_have_text(vi("Open the session?"))
        secretary.locator("#confirm-button").click()
        expect(secretary.locator("#session-state")).to_have_attribute("data-state", "open")
        recused = {
            key: set(Recusal.objects.filter(item=item).values_list("member__user__username", flat=True))
            for key, item in items.items()
        }
        assert recused == RECUSED
        # Voting cannot open before the key holders take their codes; each is shown once.
        codes = {}
        for username in KEY_HOLDERS:
            codes[username] = _take_code(browser, live_server, username, detail_url, secretary)
        assert len(set(codes.values())) == 3
        secretary.goto(detail_url)
        secretary.locator("#open-voting button[type=submit]").click()
        expect(secretary.locator("#confirmation-title")).to_have_text(vi("Open the voting?"))
        secretary.locator("#confirm-button").click()
        expect(secretary.locator(".alert-danger")).to_have_count(0)
        for item in items.values():
            row = secretary.locator(f"tr#item-{item.pk}")
            expect(row).to_have_attribute("data-state", "voting")
            expect(row.locator(".voted-count")).to_have_text("0")

        # Four members vote on their phones; the absent one cannot.
        for number, username in enumerate(PHONE_VOTERS):
            _member_votes(browser, live_server, username, items, vote_url, shot=number == 0)
        context, phone = _context_page(browser, live_server, SMALL_PHONE)
        try:
            log_in(phone, "hoidong5")
            phone.goto(vote_url)
            expect(phone.locator("#not-present")).to_be_visible()
            expect(phone.locator("button[name=choice]")).to_have_count(0)
        finally:
            context.close()

        # While the voting is open the secretary sees how many voted, and nothing else.
        secretary.reload()
        for key, item in items.items():
            voted = sum(1 for name in PHONE_VOTERS if name in CHOICES[key])
            expect(secretary.locator(f"tr#item-{item.pk} .voted-count")).to_have_text(str(voted))
        expect(secretary.locator("#result")).to_have_count(0)
        expect(secretary.locator("#to-result")).to_have_count(0)
        expect(secretary.locator("[data-figure]")).to_have_count(0)
        assert secretary.request.get(result_url).status in {403, 404}
        assert secretary.request.get(minutes_url).status in {403, 404}
        save_screenshot(secretary, "council-secretary-progress")

        # The other present members vote on their phones, the secretary too.
        for username in OTHER_PHONE_VOTERS:
            _member_votes(browser, live_server, username, items, vote_url)

        secretary.goto(detail_url)
        for key, item in items.items():
            expect(secretary.locator(f"tr#item-{item.pk} .voted-count")).to_have_text(str(len(CHOICES[key])))
        secretary.locator("#close-voting button[type=submit]").click()
        # Every present member has voted: the confirmation says so, and closes on confirm.
        expect(secretary.locator("#confirmation-title")).to_have_text(vi("Close the voting?"))
        expect(secretary.locator(".confirmation-detail")).to_have_text(vi("Every present member has voted."))
        secretary.locator("#confirm-button").click()
        secretary.wait_for_url(_path_is(detail_url))
        expect(secretary.locator("#session-state")).to_have_attribute("data-state", "closed")
        # Nothing is shown before the key holders open the box: not even to the secretary.
        expect(secretary.locator("#to-result")).to_have_count(0)
        assert secretary.request.get(result_url).status in {403, 404}
        assert secretary.request.get(minutes_url).status in {403, 404}
        # The chair enters his code on his phone (one share is not enough), then the secretary.
        context, phone = _context_page(browser, live_server, SMALL_PHONE)
        try:
            log_in(phone, "chutich")
            phone.goto(detail_url)
            phone.locator("#key-code").fill(codes["chutich"].lower().replace("-", " "))
            phone.locator("#enter-share button[type=submit]").click()
            expect(phone.locator(".alert-danger")).to_have_count(0)
            expect(phone.locator("#ballot-key")).to_contain_text(vi("share entered"))
            save_screenshot(phone, "council-chair-share")
        finally:
            context.close()
        assert secretary.request.get(result_url).status in {403, 404}
        secretary.goto(detail_url)
        secretary.locator("#key-code").fill("AAAA-BBBB-CCCC-DDDD")
        secretary.locator("#enter-share button[type=submit]").click()
        expect(secretary.locator(".alert-danger")).to_contain_text("Đây không phải mã khóa của ông/bà")
        secretary.locator("#key-code").fill(codes["thuky"])
        secretary.locator("#enter-share button[type=submit]").click()
        secretary.wait_for_url(_path_is(result_url))
        expect(secretary.locator("#not-final")).to_be_visible()

        # The result: every figure from the known choices.
        for key, item in items.items():
            want = _expected(key)
            row = secretary.locator(f"#result-{item.pk}")
            for figure in (
                "members_total",
                "present",
                "recused",
                "ballots",
                "votes_for",
                "votes_against",
                "votes_abstain",
                "written",
                "in_favour",
                "votes_needed",
            ):
                expect(row.locator(f"[data-figure={figure}]"), f"{key} {figure}").to_have_text(
                    str(want[figure])
                )
            percent = row.locator("[data-figure=percent_of_all]").inner_text().strip()
            assert percent in _percent_texts(want["percent"]), (key, percent)
            yes = "yes" if want["passed"] else "no"
            expect(row.locator("[data-figure=passed]")).to_have_attribute("data-passed", yes)
            expect(row.locator("[data-figure=passed]")).to_have_text(
                vi("Passed") if want["passed"] else vi("Not passed")
            )
            # An ad hoc round has no quota: each passing item is first of its kind, approved.
            expect(row.locator("[data-figure=rank]")).to_have_text("1" if want["passed"] else "—")
            expect(row.locator("[data-figure=approved]")).to_have_attribute("data-approved", yes)
        save_screenshot(secretary, "council-result")

        # The counted box: every proof checks, a member's receipt is in it, the JSON verifies.
        secretary.goto(reverse("council:session_ballot_box", args=[session.pk]))
        expect(secretary.locator("#box-verified")).to_be_visible()
        secretary.locator("#receipt").fill(RECEIPTS[0])
        secretary.locator("#receipt-check button[type=submit]").click()
        expect(secretary.locator("#receipt-found")).to_be_visible()
        save_screenshot(secretary, "council-ballot-box")
        box = secretary.request.get(reverse("council:session_ballot_box_json", args=[session.pk])).json()
        assert verify.check_box(box) == []
        assert sum(len(entry["ballots"]) for entry in box["items"]) == len(RECEIPTS) == 22
        out = StringIO()
        call_command("verify_tally", str(session.pk), stdout=out)
        assert "22 ballots, counts verified" in out.getvalue()

        # The minutes print the same figures.
        response = secretary.request.get(minutes_url)
        assert response.status == 200
        assert response.headers["content-type"].startswith("application/pdf")
        text = _pdf_text(response.body())
    finally:
        desk.close()

    for key, item in sorted(items.items(), key=lambda pair: pair[1].position):
        want = _expected(key)
        name = item.nomination.subject_name
        start = text.find(f"{item.position}. {name}")
        assert start >= 0, f"item {item.position} ({name}) not in the minutes"
        block = text[start : start + 1200]
        assert (
            f"Tổng số thành viên Hội đồng: {TOTAL}; có mặt: {PRESENT}; "
            f"không tham gia biểu quyết: {want['recused']}." in block
        ), block
        assert (
            f"số phiếu biểu quyết: {want['ballots']}, trong đó đồng ý: {want['votes_for']}, "
            f"không đồng ý: {want['votes_against']}, không có ý kiến: {want['votes_abstain']}." in block
        ), block
        assert f"Tổng số đồng ý: {want['in_favour']}/{TOTAL} thành viên" in block, block
        needed = f"số phiếu đồng ý cần đạt: {want['votes_needed']}/{TOTAL - want['recused']}"
        assert needed in block, block
        outcome = re.search(r"Kết quả: (Đạt|Không đạt)", block)
        assert outcome, block
        assert outcome.group(1) == ("Đạt" if want["passed"] else "Không đạt"), block
