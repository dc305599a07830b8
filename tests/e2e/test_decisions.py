"""The decision and its certificates in a real browser on the demo commune.

The demo's ad hoc 2026 round is at the council with a session ready to open. Its vote is
played through the council's services (the council's own browser test covers the voting
pages): eight members present, each votes for every item they are not recused from, the
secretary closes, the chair finalises. Then in the browser: `vhxh` drafts the decision from
the decisions page and enters the number of the office's Tờ trình; `chutich` finds the draft
on his home page, issues it, and prints all its certificates as one PDF through the
background job. The PDF has one A4 landscape page per awardee, each with the right name and
golden-book number, embedded fonts and NFC Vietnamese text (after uploading the national
emblem, which the print page asks for). Then, signed out, the public
verification page shows a printed certificate valid and the demo's revoked one revoked.
"""

import re
import subprocess
import unicodedata

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Award, Decision, DecisionState
from awards.services.decisions import codes
from council.models import AttendanceStatus, CouncilSession, Recusal
from council.services import ballot_box, sessions, tally, voting
from demo.council import CURRENT_TITLE
from nominations.models import RoundState
from tests.factories.decisions import EMBLEM_PNG

from .conftest import DESKTOP, PHONE, log_in, save_screenshot, vi

pytestmark = [pytest.mark.browser]
LETTER = "Tờ trình số 41/TTr-VHXH ngày 20/11/2026"


def _finish_session(session: CouncilSession) -> None:
    """The vote, through the services: every present member for every item they may vote on."""

    term = session.term
    secretary = term.members.get(user__username="thuky").user
    chair = term.members.get(user__username="chutich").user
    sessions.open_session(session, actor=secretary)
    codes = {
        officer.user: ballot_box.issue_officer_code(session, actor=officer.user)
        for officer in ballot_box.key_officers(session)
    }
    voting.open_voting(session, actor=secretary)
    present = [
        a.member
        for a in session.attendance.select_related("member__user")
        if a.status == AttendanceStatus.PRESENT
    ]
    for item in session.items.order_by("position"):
        recused = set(Recusal.objects.filter(item=item).values_list("member_id", flat=True))
        for member in present:
            if member.pk not in recused:
                voting.cast_ballot(item, user=member.user, choice="for")
    voting.close_voting(session, actor=secretary)
    for holder in (chair, secretary):
        ballot_box.present_share(session, actor=holder, code=codes[holder])
    tally.finalise_session(session, actor=chair)


def _pdf_tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, check=True).stdout.decode()  # noqa: S603 - fixed tools


def test_chairman_issues_the_decision_and_prints_its_certificates(browser, live_server, demo_data, tmp_path):
    session = CouncilSession.objects.select_related("round").get(round__title=CURRENT_TITLE)
    round_ = session.round
    _finish_session(session)
    approved = session.items.filter(approved=True).count()
    assert approved == 3

    # The office drafts the decision and completes its text.
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(15_000)
    office = context.new_page()
    log_in(office, "vhxh")
    office.goto("/decisions/")
    office.locator(f"#ready-{round_.pk} button[type=submit]").click()
    office.locator("#id_letter_reference").fill(LETTER)
    office.locator("#submit-id-submit").click()
    expect(office.locator("#decision-state")).to_have_text(vi("Draft"))
    # The year's first decision: the office checks the paper register's last number first.
    office.locator("#confirm-numbering").click()
    office.locator("#id_last_number").fill("212")
    office.locator("#id_checked").check()
    office.locator("#submit-id-submit").click()
    expect(office.locator("#counters")).to_contain_text("213/QĐ-UBND")
    context.close()
    draft = Decision.objects.get(round=round_, state=DecisionState.DRAFT)

    # The chairman finds it on his home page and issues it, in a browser set to English at
    # 1366 px: the date is typed day first and read back in Vietnamese words under the field.
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, base_url=live_server.url, locale="en-US"
    )
    context.set_default_timeout(30_000)
    chair = context.new_page()
    log_in(chair, "chutich")
    chair.get_by_role("link", name=re.compile(re.escape(draft.title[:60]))).first.click()
    today = timezone.localdate()
    chair.locator("#id_issued_on").fill(today.strftime("%d/%m/%Y"))
    chair.locator("#id_issued_on").blur()
    expect(chair.locator(".date-picker-group:has(#id_issued_on) + .date-in-words")).to_have_text(
        f"ngày {today:%d} tháng {today:%m} năm {today.year}"
    )
    chair.locator("#id_confirm").check()
    chair.locator("#issue-button").click()
    expect(chair.locator("#decision-state")).to_have_text(vi("Issued"))
    decision = Decision.objects.get(pk=draft.pk)
    assert decision.number_text == "213/QĐ-UBND"
    assert Decision.objects.get(pk=draft.pk).round.state == RoundState.DECIDED
    assert decision.issued_on == today
    awards = list(decision.awards.order_by("position"))
    assert len(awards) == approved
    save_screenshot(chair, "decision-issued")

    # The demo has no national emblem: the print page says so, and the chairman uploads one.
    chair.locator("#print-certificates").click()
    print_page = chair.url
    expect(chair.locator("#emblem-missing")).to_be_visible()
    chair.locator("#emblem-missing a").click()
    chair.locator("input[type=file]").set_input_files(
        files=[{"name": "quoc-huy.png", "mimeType": "image/png", "buffer": EMBLEM_PNG}]
    )
    chair.get_by_role("button", name=vi("Upload")).click()
    expect(chair.locator(".alert-success")).to_be_visible()
    chair.goto(print_page)
    expect(chair.locator("#emblem-missing")).to_have_count(0)

    # All certificates, one PDF, built in the background.
    chair.locator("form button[type=submit]").filter(has_text=vi("Print the chosen certificates")).click()
    download = chair.get_by_role("link", name=re.compile(vi("Download")))
    expect(download).to_be_visible()
    response = chair.request.get(download.get_attribute("href"))
    assert response.status == 200
    pdf = tmp_path / "giay-khen.pdf"
    pdf.write_bytes(response.body())
    context.close()

    info = _pdf_tool("pdfinfo", "-f", "1", "-l", "3", str(pdf))
    assert re.search(r"^Pages:\s+3$", info, re.M)
    sizes = re.findall(r"^Page +\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert [(round(float(w)), round(float(h))) for w, h in sizes] == [(842, 595)] * 3, info
    fonts = _pdf_tool("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts
    assert all(" yes " in line for line in fonts), fonts
    assert any("Tinos" in line for line in fonts)
    for number, award in enumerate(awards, start=1):
        text = _pdf_tool("pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-")
        assert unicodedata.is_normalized("NFC", text)
        flat = " ".join(text.split())
        assert award.recipient_name in flat
        assert f"Số sổ vàng: {award.book_number}/{award.decision_date.year} " in flat
        assert "GIẤY KHEN" in flat

    # Anyone can check a printed certificate, and the demo's revoked one.
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    public = context.new_page()
    public.goto("/xac-minh/")
    public.locator("input[name=code]").fill(codes.grouped(awards[0].code).lower())
    public.locator("form button[type=submit]").click()
    expect(public.locator("#verification-status")).to_contain_text(vi("VALID"))
    expect(public.locator("main")).to_contain_text(awards[0].recipient_name)
    expect(public.locator("main")).to_contain_text("213/QĐ-UBND")
    revoked = Award.objects.get(revoked_by__isnull=False)
    public.goto(codes.verification_path(revoked.code))
    expect(public.locator("#verification-status")).to_contain_text(vi("REVOKED"))
    save_screenshot(public, "verification-revoked")
    context.close()
