"""The year-end review from the unit's sheet to the registry, in a real browser on the demo
commune (xã Thượng Phúc, its 2026 review open; donvi1's Trung tâm Phục vụ hành chính công has
not proposed yet).

donvi1 opens the unit's sheet from the round, ticks "Lao động tiên tiến" for everyone who
qualifies with one button, ticks "Chiến sĩ thi đua cơ sở" for one person whose check fails and
the collective title for the unit, and proposes: refused, naming the person and the rule;
writes the unit's reason and proposes again; uploads the Tờ trình and the minutes; submitting is
refused until the Mẫu 05 and Mẫu 04 reports are written (prefilled from the records, the year's
results added); submits the list. vhxh accepts the centre's proposals in the review queue, writing the justification the
failed check needs. The round goes to the council (services); the council votes on the list:
one member on a phone approves the whole list on the list page, the others through the same
service; the chair finalises (services). vhxh drafts the decision, chutich issues it; the
registry search and the person's page show the title.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Award, Decision, DecisionState
from awards.services.decisions import numbering
from council.models import AttendanceStatus, CouncilTerm
from council.services import ballot_box, sessions, tally, voting, voting_list
from demo.units import TTHCC
from demo.yearend import TITLE_2026
from nominations.catalogue import CSTDCS, LDTT, TTLDTT
from nominations.models import Nomination, NominationState, Round
from nominations.services import rounds, titles, yearend
from units.models import Unit, User

from .conftest import DESKTOP, PHONE, log_in, save_screenshot, vi

pytestmark = [pytest.mark.browser]
REASON = "Có giải pháp số hóa hồ sơ được Trung tâm áp dụng từ tháng 6"
JUSTIFICATION = "Giải pháp đã được Hội đồng sáng kiến xã công nhận ngày 15/11"
RESULTS = "Hoàn thành 100% nhiệm vụ được giao; tiếp nhận, trả kết quả đúng hạn toàn bộ hồ sơ TTHC"
FUNCTIONS = "Tiếp nhận, hướng dẫn, trả kết quả giải quyết thủ tục hành chính theo cơ chế một cửa"


def _context(browser, live_server, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(20_000)
    return context, context.new_page()


def _title(round_, code):
    return next(t for t in titles.catalogue_of(round_.commune) if t.award_form.code == code)


def _failing_cstdcs(round_, unit, ldtt):
    """The first person of the unit whose CSTĐCS fails a check even with LĐTT proposed."""
    people = [row.subject for row in yearend.review_sheet(round_, unit).rows[1:]]
    also = [yearend.Proposed("individual", p.pk, ldtt.award_form_id) for p in people]
    sheet = yearend.review_sheet(round_, unit, also_proposed=also)
    return next(
        row.subject
        for row in sheet.rows[1:]
        for cell in row.cells
        if cell.title.award_form.code == CSTDCS and cell.failed
    )


def _unit_proposes_and_submits(page, round_, unit, ldtt, cstdcs, ttldtt, person, tmp_path):
    page.goto(reverse("nominations:round_detail", args=[round_.pk]))
    page.locator("#year-end-link a.btn-primary").click()
    expect(page.locator("h1")).to_contain_text(unit.name)
    # The button's script runs once the page is parsed: a click before it would tick nothing.
    page.wait_for_load_state("load")
    page.locator(f"[data-tick-title='{ldtt.pk}']").click()
    qualifying = page.locator(f'input[name="pick"][data-title="{ldtt.pk}"][data-qualifies="1"]')
    assert qualifying.count() > 1
    for index in range(qualifying.count()):
        expect(qualifying.nth(index)).to_be_checked()
    page.locator(f"#pick-i-{person.pk}-{cstdcs.pk}").check()
    collective = page.locator(f"#pick-c-{unit.pk}-{ttldtt.pk}")
    if collective.count():
        collective.check()
    page.locator("#propose").click()
    error = page.locator("#sheet-error")
    expect(error).to_contain_text(person.full_name)
    expect(error).to_contain_text(vi("Exemplary conduct and a recognised CCHC initiative"))
    assert not Nomination.objects.filter(round=round_, proposal__unit=unit).exists()
    save_screenshot(page, "year-end-sheet-refused")
    # What was ticked stays ticked; the reason box is beside the failed title.
    expect(page.locator(f"#pick-i-{person.pk}-{cstdcs.pk}")).to_be_checked()
    page.locator(f"#reason-i-{person.pk}-{cstdcs.pk}").fill(REASON)
    page.locator("#propose").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(f"#cell-i-{person.pk}-{cstdcs.pk}")).to_contain_text(vi("Proposed"))
    # The Tờ trình and the minutes of the review meeting, then the list.
    expect(page.locator("#sheet-actions a")).to_have_count(1)  # the proposal's files
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    proposal = Nomination.objects.filter(round=round_, proposal__unit=unit).first().proposal
    upload = reverse("nominations:attachment_upload", args=[proposal.pk])
    for kind in ("letter_scan", "minutes_scan"):
        page.goto(upload)
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_upload").set_input_files(str(scan))
        page.locator("#submit-id-submit").click()
        expect(page.locator(".alert-success")).to_be_visible()
    sheet = reverse("nominations:year_end_sheet", args=[round_.pk])
    page.goto(sheet)
    # CSTĐCS and the collective title need their achievement report (Mẫu 05 / Mẫu 04): the list
    # is refused until it is written.
    page.locator("#submit-list").click()
    expect(page.locator("#sheet-error")).to_contain_text(person.full_name)
    expect(page.locator("#sheet-error")).to_contain_text("Mẫu 05")
    _write_report(page, sheet, f"#report-i-{person.pk}-{cstdcs.pk}")
    page.goto(sheet)
    if page.locator(f"#report-c-{unit.pk}-{ttldtt.pk}").count():
        _write_report(page, sheet, f"#report-c-{unit.pk}-{ttldtt.pk}", functions=FUNCTIONS)
    page.goto(sheet)
    page.locator("#submit-list").click()
    expect(page.locator(".alert-success")).to_be_visible()
    save_screenshot(page, "year-end-sheet-submitted")


def _write_report(page, sheet: str, link: str, *, functions: str = "") -> None:
    """From the sheet, the report's page: the records filled it; the unit writes the year's
    results (and a collective's functions) and saves."""
    page.goto(sheet)
    page.locator(link).click()
    expect(page.locator("#id_profile-full_name, #id_profile-name")).not_to_have_value("")
    rating = page.locator("#id_achievements-rating")
    if not rating.input_value():
        rating.fill("Hoàn thành tốt nhiệm vụ")
    page.locator("#id_achievements-results").fill(RESULTS)
    if functions:
        page.locator("#id_profile-functions").fill(functions)
    page.get_by_role("button", name=vi("Save the report")).click()
    expect(page.locator(".alert-success")).to_be_visible()


def _office_accepts(page, round_, unit):
    log_in(page, "vhxh")
    chosen = Nomination.objects.filter(round=round_, proposal__unit=unit, state=NominationState.SUBMITTED)
    page.goto(reverse("nominations:review_queue") + f"?round={round_.pk}&unit={unit.pk}")
    for nomination in chosen:
        page.locator(f"#choose-{nomination.pk}").check()
    page.locator("button[name=action][value=accept]").click()
    for box in page.locator("textarea").all():
        box.fill(JUSTIFICATION)
    page.locator("button[type=submit].btn-success").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert set(
        chosen.model.objects.filter(pk__in=[n.pk for n in chosen]).values_list("state", flat=True)
    ) == {NominationState.ACCEPTED}


def _council_session(round_):
    office = User.objects.get(username="vhxh")
    secretary = User.objects.get(username="thuky")
    rounds.close_round(round_, actor=office)
    rounds.start_review(round_, actor=office)
    rounds.send_to_council(round_, actor=office)
    term = CouncilTerm.objects.get(members__user=secretary)
    session = sessions.create_session(
        round_, actor=secretary, term=term, title="Phiên họp bình xét cuối năm 2026", meets_at=timezone.now()
    )
    members = list(term.members.select_related("user"))
    sessions.record_attendance(
        session, actor=secretary, statuses={m.pk: AttendanceStatus.PRESENT for m in members}
    )
    sessions.open_session(session, actor=secretary)
    codes = {
        o.user: ballot_box.issue_officer_code(session, actor=o.user) for o in ballot_box.key_officers(session)
    }
    voting.open_voting(session, actor=secretary)
    return session, members, codes


def test_a_unit_proposes_its_year_and_the_titles_reach_the_registry(
    browser, live_server, demo_data, tmp_path
):
    round_ = Round.objects.get(title=TITLE_2026)
    unit = Unit.objects.get(name=TTHCC)
    ldtt, cstdcs, ttldtt = (_title(round_, code) for code in (LDTT, CSTDCS, TTLDTT))
    person = _failing_cstdcs(round_, unit, ldtt)

    context, page = _context(browser, live_server)
    log_in(page, "donvi1")
    _unit_proposes_and_submits(page, round_, unit, ldtt, cstdcs, ttldtt, person, tmp_path)
    proposed = Nomination.objects.filter(round=round_, proposal__unit=unit)
    assert proposed.filter(award_form__code=LDTT).count() == len(yearend.review_sheet(round_, unit).rows) - 1
    assert proposed.get(award_form__code=CSTDCS).proposal_reason == REASON
    assert set(proposed.values_list("state", flat=True)) == {NominationState.SUBMITTED}
    context.close()

    context, page = _context(browser, live_server)
    _office_accepts(page, round_, unit)
    context.close()

    session, members, codes = _council_session(round_)
    items = list(session.items.select_related("nomination"))
    assert {item.nomination.award_form.code for item in items} <= {CSTDCS, TTLDTT}
    assert any(item.nomination.subject_cadre_id == person.pk for item in items)
    phone_voter = next(m.user for m in members if m.user.username == "hoidong1")
    context, phone = _context(browser, live_server, PHONE)
    log_in(phone, phone_voter.username)
    phone.goto(reverse("council:vote_list", args=[session.pk]))
    phone.locator("#list-confirm").check()
    phone.locator("#cast-list").click()
    expect(phone.locator("main")).to_contain_text(person.full_name)
    save_screenshot(phone, "year-end-list-vote-phone")
    context.close()
    for member in members:
        if member.user != phone_voter:
            voting_list.cast_list(session, user=member.user)
    secretary = User.objects.get(username="thuky")
    voting.close_voting(session, actor=secretary)
    for holder in [o.user for o in ballot_box.key_officers(session)][:2]:
        ballot_box.present_share(session, actor=holder, code=codes[holder])
    tally.finalise_session(session, actor=User.objects.get(username="chutich"))
    assert all(item.approved for item in session.items.all())

    # The office drafts the decision; the chairman issues it.
    numbering.continue_from(
        "QĐ-UBND", timezone.localdate().year, 212, actor=User.objects.get(username="vhxh")
    )
    context, office = _context(browser, live_server)
    log_in(office, "vhxh")
    office.goto("/decisions/")
    office.locator(f"#ready-{round_.pk} button[type=submit]").click()
    office.locator("#id_letter_reference").fill("Tờ trình số 45/TTr-VHXH ngày 26/12/2026")
    office.locator("#submit-id-submit").click()
    expect(office.locator("#decision-state")).to_have_text(vi("Draft"))
    context.close()
    draft = Decision.objects.get(round=round_, state=DecisionState.DRAFT)
    assert draft.title == "Về việc công nhận danh hiệu thi đua năm 2026"
    context, chair = _context(browser, live_server)
    log_in(chair, "chutich")
    chair.goto(reverse("awards:decision_detail", args=[draft.pk]))
    chair.locator("#id_issued_on").fill(timezone.localdate().isoformat())
    chair.locator("#id_confirm").check()
    chair.locator("#issue-button").click()
    expect(chair.locator("#decision-state")).to_have_text(vi("Issued"))
    decision = Decision.objects.get(pk=draft.pk)
    titles_awarded = set(Award.objects.filter(decision=decision).values_list("award_form__code", flat=True))
    assert {LDTT, CSTDCS} <= titles_awarded

    # The registry and the person's page show the titles.
    chair.goto(reverse("awards:award_list") + "?q=" + person.full_name.replace(" ", "+"))
    expect(chair.locator("main")).to_contain_text("Danh hiệu Chiến sĩ thi đua cơ sở")
    chair.goto(reverse("units:cadre_detail", args=[person.pk]))
    history = chair.locator("main")
    expect(history).to_contain_text("Danh hiệu Lao động tiên tiến")
    expect(history).to_contain_text("Danh hiệu Chiến sĩ thi đua cơ sở")
    expect(history).to_contain_text(re.compile(re.escape(decision.number_text)))
    save_screenshot(chair, "year-end-person-history")
    context.close()
