"""The demo's year-end reviews (bình xét cuối năm), made through the services:

- 2025, decided: three offices (Văn phòng HĐND và UBND, Phòng Kinh tế, Phòng Văn hóa – Xã
  hội) proposed "Lao động tiên tiến" for their people rated at least "Hoàn thành tốt nhiệm vụ"
  in 2025; the office accepted them and the chairman recognised them in Quyết định số
  178/QĐ-UBND of 26/12/2025, with its list by title and unit. The titles the council votes
  on (CSTĐCS, the collective titles) were not proposed in 2025.
- 2026, open: every unit but the villages and the Trung tâm Phục vụ hành chính công (donvi1's,
  left for the clerk to do) proposed LĐTT for its people rated well or better, CSTĐCS for its
  best, and its collective title; three submitted (with the Mẫu 05 / Mẫu 04 achievement reports
  of their CSTĐCS and collective titles, prefilled from the records and completed), the others'
  lists are still drafts (the deadline is ahead, their reports still to write). The commune sets a cap of 2 CSTĐCS per unit: Trường Mầm non Hòa Bình
  proposed 3 and its submission is refused. The office returned one LĐTT proposal of Phòng
  Kinh tế (donvi2's) with a reason.

The services are the clerks' (a submission, an acceptance each run the checks): the demo keeps
to a few units' lists where it walks them through, so that building it stays quick.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

import time_machine
from django.utils import timezone

from awards.models import Decision
from awards.services.decisions import drafting, issuing, numbering
from demo import nominations as demo_nominations
from demo import units as base
from nominations.catalogue import CSTDCS, LDTT, TTLDTT
from nominations.models import AttachmentKind, Nomination, NominationState, Round, RoundKind, Title
from nominations.services import (
    NominationError,
    dossiers,
    eligibility,
    reports,
    rounds,
    titles,
    workflow,
    yearend,
)
from nominations.services.eligibility.checks import discipline_records
from units.models import Cadre, CadreRating, Commune, RatingLevel, Unit, UnitKind, User

TITLE_2025 = "Bình xét thi đua, khen thưởng cuối năm 2025"
TITLE_2026 = "Bình xét thi đua, khen thưởng cuối năm 2026"
LEFT_FOR_THE_CLERK = base.TTHCC
OVER_CAP = "Trường Mầm non Hòa Bình"
CSTDCS_CAP = 2
RETURNED_UNIT = base.KT
PAST_UNITS = (base.VP, base.KT, base.VHXH)
SUBMITTED_2026 = (base.VP, base.KT, "Trạm Y tế xã Thượng Phúc")
DECIDED_ON = datetime.date(2025, 12, 26)
LETTER_2025 = "Tờ trình số 31/TTr-VHXH ngày 22/12/2025"
REASON = "Hoàn thành xuất sắc nhiệm vụ, có giải pháp được đơn vị áp dụng"
JUSTIFICATION = "Đơn vị đã giải trình tại biên bản họp bình xét"
RETURN_REASON = "Đề nghị đơn vị bổ sung biên bản họp có chữ ký của thư ký cuộc họp"
# Section II of the year-end reports, as the units write it (the records fill the rest).
RESULTS_PERSON = (
    "Hoàn thành 100% nhiệm vụ được giao đúng tiến độ, bảo đảm chất lượng; chủ động tham mưu giải quyết "
    "công việc chuyên môn, không để tồn đọng hồ sơ; tích cực hỗ trợ đồng nghiệp và người dân."
)
RESULTS_UNIT = (
    "Hoàn thành toàn diện các chỉ tiêu, nhiệm vụ được UBND xã giao trong năm; 100% văn bản đi được ký "
    "số; không có đơn thư khiếu nại, tố cáo vượt cấp; tập thể đoàn kết, nội bộ thống nhất."
)
CONDUCT = "Chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước; tích cực học tập nâng cao trình độ."
FUNCTIONS_DEFAULT = "Thực hiện chức năng, nhiệm vụ theo quy định và do Ủy ban nhân dân xã giao."


def seed(rng: random.Random, created: Counter, found: Counter) -> None:
    """Write the 2025 and 2026 reviews unless the 2026 one exists."""
    if Round.objects.filter(title=TITLE_2026).exists():
        found["year-end reviews"] += 1
        return
    users = {u.username: u for u in User.objects.filter(username__in=["vhxh", "chutich"])}
    if len(users) < 2:
        return
    titles.ensure_catalogue(Commune.current())
    _past_review(users["vhxh"], users["chutich"], rng, created)
    _current_review(users["vhxh"], rng, created)


def _units() -> list[Unit]:
    units = Unit.objects.active().exclude(kind__in=(UnitKind.AUTHORITY, UnitKind.VILLAGE))
    return list(units.order_by("name"))


def _clerk(unit: Unit, office: User) -> User:
    login = base.CLERKS.get(unit.name)
    return User.objects.filter(username=login).first() if login else office


def _review(title: str, year: int, office: User, **dates) -> Round:
    round_ = rounds.create_round(
        actor=office,
        award_forms=list(titles.ensure_award_forms().values()),
        campaign=None,
        year=year,
        kind=RoundKind.YEAR_END,
        title=title,
        **dates,
    )
    rounds.open_round(round_, actor=office)
    return round_


def _rated_well(unit: Unit, year: int) -> list[tuple[Cadre, str]]:
    ratings = CadreRating.objects.filter(cadre__unit=unit, cadre__is_active=True, year=year)
    good = (RatingLevel.EXCELLENT, RatingLevel.GOOD)
    found = ratings.filter(level__in=good).select_related("cadre").order_by("cadre__full_name")
    return [(rating.cadre, rating.level) for rating in found]


def _picks(round_: Round, unit: Unit, *, with_council_titles: bool, cstdcs: int) -> list[yearend.Pick]:
    by_code = {t.award_form.code: t for t in titles.catalogue_of(round_.commune)}
    people = _rated_well(unit, round_.year)
    disciplined = set(
        discipline_records([cadre.pk for cadre, _level in people], {round_.year}).values_list(
            "cadre_id", flat=True
        )
    )
    # The unit writes its reason where a check fails: a person disciplined in the year, and the
    # council's titles (the demo records no initiative for most people).
    picks = [
        yearend.Pick("individual", cadre.pk, by_code[LDTT].pk, REASON if cadre.pk in disciplined else "")
        for cadre, _level in people
    ]
    if with_council_titles:
        best = [cadre for cadre, level in people if level == RatingLevel.EXCELLENT][:cstdcs]
        picks += [yearend.Pick("individual", cadre.pk, by_code[CSTDCS].pk, REASON) for cadre in best]
        picks.append(yearend.Pick("collective", unit.pk, by_code[TTLDTT].pk, REASON))
    return picks


def _attach(
    round_: Round, unit: Unit, clerk: User, rng, created: Counter, day: datetime.date | None = None
) -> None:
    proposal = demo_nominations.demo_proposal(round_, unit, clerk, rng, created, letter_date=day)
    files = (
        (AttachmentKind.LETTER_SCAN, "to-trinh-da-ky.pdf", f"To trinh so {proposal.letter_number}"),
        (AttachmentKind.MINUTES_SCAN, "bien-ban-hop-binh-xet.pdf", "Bien ban hop binh xet thi dua cuoi nam"),
    )
    for kind, name, title in files:
        upload = demo_nominations.signed_scan(name, title, unit.name)
        dossiers.add_attachment(proposal, actor=clerk, kind=kind, upload=upload)


def _afternoon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 0)))


def _past_review(office: User, chairman: User, rng, created: Counter) -> None:
    with time_machine.travel(_afternoon(datetime.date(2025, 12, 1)), tick=False):
        round_ = _review(
            TITLE_2025,
            2025,
            office,
            submit_by=datetime.date(2025, 12, 15),
            review_by=datetime.date(2025, 12, 22),
            council_on=datetime.date(2025, 12, 24),
        )
    created["rounds"] += 1
    with time_machine.travel(_afternoon(datetime.date(2025, 12, 12)), tick=False):
        for unit in _units():
            if unit.name not in PAST_UNITS:
                continue
            picks = _picks(round_, unit, with_council_titles=False, cstdcs=0)
            if not picks:
                continue
            clerk = _clerk(unit, office)
            yearend.propose_titles(round_, unit, actor=clerk, picks=picks)
            _attach(round_, unit, clerk, rng, created, day=datetime.date(2025, 12, 12))
            created["nominations"] += yearend.submit_review(round_, unit, actor=clerk)
    with time_machine.travel(_afternoon(datetime.date(2025, 12, 22)), tick=False):
        for nomination in Nomination.objects.filter(round=round_, state=NominationState.SUBMITTED):
            failed = [check.code for check in eligibility.run_checks(nomination) if check.blocking]
            workflow.accept_nomination(
                nomination, actor=office, justifications=dict.fromkeys(failed, JUSTIFICATION)
            )
        rounds.close_round(round_, actor=office)
        rounds.start_review(round_, actor=office)
        rounds.send_to_council(round_, actor=office)
    numbering.continue_from("QĐ-UBND", DECIDED_ON.year, _last_number(DECIDED_ON.year), actor=office)
    with time_machine.travel(_afternoon(DECIDED_ON), tick=False):
        draft = drafting.draft_decision(round_, actor=office)
        drafting.update_draft(draft, actor=office, letter_reference=LETTER_2025)
        issuing.issue_decision(draft, actor=chairman, issued_on=DECIDED_ON)
    created["decisions"] += 1


def _complete_reports(round_: Round, unit: Unit, clerk: User) -> None:
    """The unit's Mẫu 05 / Mẫu 04 for its titles that need one: the records' prefill (the
    person, the year's rating, the initiatives, the titles received) and the year's results."""
    drafts = Nomination.objects.filter(round=round_, proposal__unit=unit, state=NominationState.DRAFT)
    for nomination in drafts.select_related("round", "subject_unit", "subject_cadre__unit", "award_form"):
        if not reports.needs_report(nomination):
            continue
        report = reports.merged(nomination)
        achievements, profile = report["achievements"], report["profile"]
        collective = nomination.subject_unit_id is not None
        achievements["results"] = RESULTS_UNIT if collective else RESULTS_PERSON
        achievements["rating"] = achievements["rating"] or "Hoàn thành tốt nhiệm vụ"
        if collective:
            profile["functions"] = demo_nominations.FUNCTIONS.get(unit.name, FUNCTIONS_DEFAULT)
        else:
            achievements["conduct"] = CONDUCT
        reports.save_report(nomination, actor=clerk, data=report)


def _last_number(year: int) -> int:
    numbers = Decision.objects.filter(year=year).exclude(number=None).values_list("number", flat=True)
    return max(numbers, default=0)


def _current_review(office: User, rng, created: Counter) -> None:
    round_ = _review(TITLE_2026, 2026, office, **demo_nominations.round_dates(timezone.localdate()))
    created["rounds"] += 1
    Title.objects.filter(award_form__code=CSTDCS).update(cap_per_unit=CSTDCS_CAP)
    for unit in _units():
        if unit.name == LEFT_FOR_THE_CLERK:
            continue
        over = unit.name == OVER_CAP
        picks = _picks(round_, unit, with_council_titles=True, cstdcs=CSTDCS_CAP + 1 if over else CSTDCS_CAP)
        if not picks:
            continue
        clerk = _clerk(unit, office)
        created["nominations"] += len(yearend.propose_titles(round_, unit, actor=clerk, picks=picks))
        if unit.name not in SUBMITTED_2026 and not over:
            continue
        _attach(round_, unit, clerk, rng, created)
        _complete_reports(round_, unit, clerk)
        try:
            yearend.submit_review(round_, unit, actor=clerk)
        except NominationError:
            if not over:
                raise
    returned = Nomination.objects.filter(
        round=round_,
        proposal__unit__name=RETURNED_UNIT,
        award_form__code=LDTT,
        state=NominationState.SUBMITTED,
    ).first()
    if returned is not None:
        workflow.return_nomination(returned, actor=office, reason=RETURN_REASON)
