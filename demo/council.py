"""The demo council of xã Thượng Phúc: a term of nine seats and two sessions, all made
through the council's services as the secretary, the members and the chair would.

Seats: chutich chairs, hoidong1 (Phó Chủ tịch UBND xã) is vice chair, vhxh the standing
member, thuky the secretary, hoidong2..hoidong6 members from their units (hoidong7 holds the
council-member role but no seat: the "no seat" case). Members carry their unit and person, so
recusal happens by itself: hoidong3 (Văn phòng) on the Văn phòng's collective, hoidong4 (Phòng
Kinh tế) on its officer, and the three seats of Phòng Văn hóa – Xã hội on its own officer,
who is vhxh's person (recused as the nominated person too).

- A FINAL session of a past round: an ad hoc 2025 round for the new commune's first months
  (the 2026–2030 movement cannot hold a 2025 annual round; an ad hoc round has no quota, and
  a quota is enforced when shortlisting anyway), one officer failing the vote. Its
  proposals were submitted while it was open, then its dates were moved back to 2025 and it
  went through review to the council; attendance (one written opinion), secret ballots cast
  through `voting.cast_ballot`, written opinions, closing, quota, final result, the signed
  minutes' scan. The services stamp opening, closing and the final result with the clock, so
  the demo holds the meeting on its day: opened at a quarter past eight, voting closed at
  half past nine, the result final in the afternoon; the printed dates agree.
- A session READY TO OPEN (draft, attendance recorded) on an ad hoc 2026 round at the
  council. The 2026 annual demo round stays open for proposals: moving it to the council
  would take away the units' drafting and submitting story.

The fifth demo step, after the 2026 round: `seed` leaves an existing demo term as it is.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from council.models import (
    AttendanceStatus,
    CouncilRole,
    CouncilSession,
    CouncilTerm,
    SessionMode,
    VotingMethod,
)
from council.services import ballot_box, sessions, tally, terms, voting
from council.services.minutes import attach_minutes_scan
from demo import campaigns as movement
from demo import nominations as demo_data
from demo import units as base
from nominations.models import Nomination, Round, RoundKind
from nominations.services import dossiers, eligibility, reports, rounds, workflow
from units.models import Cadre, Unit, User

TERM_TITLE = "Hội đồng Thi đua – Khen thưởng xã Thượng Phúc nhiệm kỳ 2025–2030"
# (username, role, unit, position)
SEATS = (
    ("chutich", CouncilRole.CHAIR, base.UBND, "Chủ tịch UBND xã"),
    ("hoidong1", CouncilRole.VICE_CHAIR, base.UBND, "Phó Chủ tịch UBND xã"),
    ("vhxh", CouncilRole.STANDING, base.VHXH, "Chuyên viên Phòng Văn hóa – Xã hội"),
    ("thuky", CouncilRole.SECRETARY, base.VHXH, "Phó Trưởng phòng Văn hóa – Xã hội"),
    ("hoidong2", CouncilRole.MEMBER, base.VHXH, "Trưởng phòng Văn hóa – Xã hội"),
    ("hoidong3", CouncilRole.MEMBER, base.VP, "Chánh Văn phòng HĐND và UBND"),
    ("hoidong4", CouncilRole.MEMBER, base.KT, "Trưởng phòng Kinh tế"),
    ("hoidong5", CouncilRole.MEMBER, base.MTTQ, "Chủ tịch Ủy ban MTTQ Việt Nam xã"),
    (
        "hoidong6",
        CouncilRole.MEMBER,
        "Hội Liên hiệp Phụ nữ xã Thượng Phúc",
        "Chủ tịch Hội Liên hiệp Phụ nữ xã",
    ),
)
PAST_TITLE = "Khen thưởng đột xuất năm 2025 – vận hành chính quyền địa phương hai cấp"
PAST_SUMMARY = (
    "Đã có thành tích xuất sắc trong việc sắp xếp, vận hành chính quyền địa phương hai cấp "
    "của xã Thượng Phúc từ ngày 01/7/2025"
)
# The act itself, as section II of the Mẫu 06 report describes it: its dates, not a year, and
# what was done, not the summary again.
PAST_ACT = {
    "time": "Từ ngày 01/7/2025 đến ngày 31/8/2025",
    "description": "Tham mưu, thực hiện bàn giao, tiếp nhận hồ sơ, tài liệu, trụ sở khi sắp xếp đơn vị "
    "hành chính; bảo đảm bộ máy chính quyền xã mới vận hành thông suốt ngay từ ngày đầu.",
}
PAST_MEETS_AT = datetime.datetime(2025, 9, 12, 8, 0)
PAST_LETTERS_ON = datetime.date(2025, 8, 18)
# (unit, subject, {username: choice}; absent ones and recused ones are skipped, default "for")
PAST_PLAN = (
    (movement.YOUTH, "unit", {"hoidong5": "against"}),
    (base.VP, "unit", {"hoidong1": "against", "hoidong2": "abstain", "hoidong5": "against"}),
    (base.KT, "Chuyên viên", {"vhxh": "abstain"}),
    (base.VHXH, "Chuyên viên", {"hoidong1": "against", "hoidong3": "against", "hoidong5": "against"}),
)
WRITTEN_MEMBER = "hoidong6"
CURRENT_TITLE = "Khen thưởng đột xuất năm 2026 – ứng phó mưa lớn, ngập úng tháng 8/2026"
CURRENT_SUMMARY = (
    "Đã có thành tích xuất sắc trong ứng phó mưa lớn, ngập úng, bảo đảm an toàn cho người dân "
    "xã Thượng Phúc tháng 8 năm 2026"
)
CURRENT_ACT = {
    "time": "Từ ngày 18/8/2026 đến ngày 22/8/2026",
    "description": "Trực chốt, sơ tán người dân khỏi khu vực ngập sâu; gia cố bờ kênh, vận hành trạm "
    "bơm tiêu úng; hỗ trợ nhu yếu phẩm cho các hộ bị ảnh hưởng.",
}
CURRENT_PLAN = ((movement.YOUTH, "unit"), (base.KT, "unit"), (base.VP, "Văn thư"))
PLACE = "Phòng họp tầng 2, trụ sở UBND xã Thượng Phúc"


def seed(rng: random.Random, created: Counter, found: Counter) -> None:
    """Write the demo term and its two sessions unless the term already exists."""
    if CouncilTerm.objects.filter(title=TERM_TITLE).exists():
        found["council terms"] += 1
        return
    users = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in SEATS])}
    if len(users) < len(SEATS):
        return
    term = _term(users)
    created["council terms"] += 1
    past = _past_session(term, users, rng, created)
    created["council sessions"] += 1 if past else 0
    current = _current_session(term, users, rng, created)
    created["council sessions"] += 1 if current else 0


def _term(users: dict[str, User]) -> CouncilTerm:
    chair = users["chutich"]
    term = terms.create_term(
        actor=chair,
        title=TERM_TITLE,
        starts_on=base.FORMED,
        decision_number="25/QĐ-UBND",
        decision_date=datetime.date(2025, 7, 15),
    )
    units = {u.name: u for u in Unit.objects.filter(name__in={s[2] for s in SEATS})}
    for username, role, unit_name, position in SEATS:
        user = users[username]
        cadre = Cadre.objects.filter(full_name=user.full_name).order_by("pk").first()
        terms.add_member(
            term,
            actor=chair,
            user=user,
            role=role,
            joined_on=base.FORMED,
            cadre=cadre,
            unit=units.get(unit_name),
            position=position,
        )
    return term


def adhoc_round(title: str, year: int, office: User) -> Round:
    today = timezone.localdate()
    return rounds.create_round(
        actor=office,
        award_forms=demo_data.ensure_award_forms(),
        campaign=None,
        year=year,
        kind=RoundKind.ADHOC,
        title=title,
        submit_by=today + datetime.timedelta(days=20),
        review_by=today + datetime.timedelta(days=25),
        council_on=today + datetime.timedelta(days=30),
    )


def _shortlist(
    round_: Round, plan, summary: str, act: dict, office: User, rng, created: Counter, *, letter_date=None
) -> list[Nomination]:
    """Proposals and nominations played to the shortlist the way the demo round's are."""
    rounds.open_round(round_, actor=office)
    giay_khen = round_.award_forms.get(code="giay-khen-chu-tich")
    units = {u.name: u for u in Unit.objects.filter(name__in={p[0] for p in plan})}
    made = []
    for unit_name, subject, *_rest in plan:
        clerk = User.objects.filter(username=base.CLERKS.get(unit_name, "")).first() or office
        proposal = demo_data.demo_proposal(
            round_, units[unit_name], clerk, rng, created, letter_date=letter_date
        )
        nomination = demo_data.demo_nomination(proposal, subject, giay_khen, clerk, summary=summary)
        complete_report(nomination, clerk, act)
        attach_dossier(nomination, clerk)
        _play_to_shortlist(nomination, clerk=clerk, office=office)
        created["nominations"] += 1
        made.append(nomination)
    return made


def complete_report(nomination: Nomination, clerk: User, act: dict) -> None:
    """The ad hoc report (Mẫu 06): the act, when and where, what it achieved."""
    report = reports.merged(nomination)
    report["achievements"].update(
        {
            "time": act["time"],
            "place": "Xã Thượng Phúc, Thành phố Hà Nội",
            "description": act["description"],
            "result": "Hoàn thành nhiệm vụ được giao, bảo đảm an toàn và phục vụ người dân kịp thời.",
        }
    )
    reports.save_report(nomination, actor=clerk, data=report)


def attach_dossier(nomination: Nomination, clerk: User) -> None:
    """The signed scans the round's route requires (an ad hoc round has no minutes)."""
    have = {item.kind for item in dossiers.checklist(nomination) if item.present}
    for spec in dossiers.ROUTES[dossiers.route_of(nomination.round)]:
        if not spec.required or spec.kind in have:
            continue
        upload = demo_data.signed_scan(f"{spec.code}-da-ky.pdf", str(spec.label), nomination.subject_name)
        dossiers.add_attachment(
            nomination.proposal,
            actor=clerk,
            kind=spec.kind,
            upload=upload,
            nomination=nomination if spec.per_nomination else None,
        )


def _play_to_shortlist(nomination: Nomination, *, clerk: User, office: User) -> None:
    workflow.submit_nomination(nomination, actor=clerk)
    failed = [check.code for check in eligibility.run_checks(nomination) if check.blocking]
    justifications = dict.fromkeys(failed, demo_data.JUSTIFICATION)
    workflow.accept_nomination(nomination, actor=office, justifications=justifications)
    workflow.shortlist_nomination(nomination, actor=office)


def to_council(round_: Round, office: User, *, dates: dict | None = None) -> None:
    rounds.close_round(round_, actor=office)
    if dates:
        rounds.update_round(round_, actor=office, **dates)
    rounds.start_review(round_, actor=office)
    rounds.send_to_council(round_, actor=office)


def _past_session(term: CouncilTerm, users: dict[str, User], rng, created: Counter) -> CouncilSession:
    office, secretary, chair = users["vhxh"], users["thuky"], users["chutich"]
    round_ = adhoc_round(PAST_TITLE, 2025, office)
    created["rounds"] += 1
    # The units wrote their Tờ trình in 2025, before the deadline of 20 August.
    _shortlist(round_, PAST_PLAN, PAST_SUMMARY, PAST_ACT, office, rng, created, letter_date=PAST_LETTERS_ON)
    dates = {
        "submit_by": datetime.date(2025, 8, 20),
        "review_by": datetime.date(2025, 8, 29),
        "council_on": datetime.date(2025, 9, 12),
    }
    to_council(round_, office, dates=dates)
    meets_at = timezone.make_aware(PAST_MEETS_AT)
    session = sessions.create_session(
        round_,
        actor=secretary,
        term=term,
        title="Phiên họp xét khen thưởng đột xuất năm 2025",
        meets_at=meets_at,
        place=PLACE,
        mode=SessionMode.BOTH,
        method=VotingMethod.SECRET,
    )
    seats = {m.user.username: m for m in term.members.select_related("user")}
    statuses = {
        m.pk: AttendanceStatus.WRITTEN if name == WRITTEN_MEMBER else AttendanceStatus.PRESENT
        for name, m in seats.items()
    }
    # The meeting held on its day: the services stamp the opening, the close of the voting
    # and the final result (and their transitions) with the clock of the moment they happen.
    with time_machine.travel(meets_at + datetime.timedelta(minutes=15), tick=False):
        sessions.open_session(session, actor=secretary)
        sessions.record_attendance(session, actor=secretary, statuses=statuses)
        # The key holders (chair, secretary, vice chair) take their codes; the demo keeps the
        # chair's and the secretary's only for this meeting, in memory.
        codes = {
            officer.user: ballot_box.issue_officer_code(session, actor=officer.user)
            for officer in ballot_box.key_officers(session)
        }
        voting.open_voting(session, actor=secretary)
        _vote(session, round_, seats, secretary)
    with time_machine.travel(meets_at + datetime.timedelta(hours=1, minutes=30), tick=False):
        voting.close_voting(session, actor=secretary)
        for holder in (chair, secretary):
            ballot_box.present_share(session, actor=holder, code=codes[holder])
    with time_machine.travel(meets_at + datetime.timedelta(hours=6), tick=False):
        tally.finalise_session(session, actor=chair)
    _attach_scan(session, secretary)
    return session


def _vote(session: CouncilSession, round_: Round, seats: dict, secretary: User) -> None:
    """Every seat present and not recused casts its secret ballot as the plan says; the
    secretary records the absent member's written opinion."""
    choices = {
        n.pk: plan_choices
        for n, (*_x, plan_choices) in zip(_agenda_nominations(round_), PAST_PLAN, strict=True)
    }
    for item in session.items.select_related("nomination").order_by("position"):
        recused = set(item.recusals.values_list("member_id", flat=True))
        plan_choices = choices[item.nomination_id]
        for name, seat in seats.items():
            if name == WRITTEN_MEMBER or seat.pk in recused:
                continue
            voting.cast_ballot(item, user=seat.user, choice=plan_choices.get(name, "for"))
        if seats[WRITTEN_MEMBER].pk not in recused:
            voting.record_written_opinions(item, actor=secretary, for_=1)


def _agenda_nominations(round_: Round) -> list[Nomination]:
    """The round's nominations in the order of the plan (creation order)."""
    return list(Nomination.objects.filter(round=round_).order_by("pk"))


def _attach_scan(session: CouncilSession, secretary: User) -> None:
    data = demo_data.scan_pdf(
        "BAN SCAN MINH HOA - DU LIEU DEMO", "Bien ban hop xet khen thuong", str(session), "(Da ky)"
    )
    upload = SimpleUploadedFile("bien-ban-hop-xet-da-ky.pdf", data, content_type="application/pdf")
    attach_minutes_scan(session, actor=secretary, upload=upload)


def _current_session(term: CouncilTerm, users: dict[str, User], rng, created: Counter) -> CouncilSession:
    office, secretary = users["vhxh"], users["thuky"]
    round_ = adhoc_round(CURRENT_TITLE, 2026, office)
    created["rounds"] += 1
    _shortlist(round_, CURRENT_PLAN, CURRENT_SUMMARY, CURRENT_ACT, office, rng, created)
    to_council(round_, office)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meets_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(8, 0)))
    session = sessions.create_session(
        round_,
        actor=secretary,
        term=term,
        title="Phiên họp xét khen thưởng đột xuất năm 2026",
        meets_at=meets_at,
        place=PLACE,
        mode=SessionMode.BOTH,
        method=VotingMethod.SECRET,
    )
    seats = term.members.select_related("user")
    absent = {"hoidong5"}
    statuses = {
        m.pk: AttendanceStatus.ABSENT if m.user.username in absent else AttendanceStatus.PRESENT
        for m in seats
    }
    sessions.record_attendance(session, actor=secretary, statuses=statuses)
    return session
