"""Printed documents of the council: the minutes of a session (biên bản họp xét khen thưởng)
and the office's Tờ trình to the chairman listing the approved candidates. The upload of the
signed minutes' scan is a write and lives in `council.services.minutes`.

Both are built from the session's frozen figures (the tally written when each item closed)
and rows (attendance, recusals), never from a live count: a reprint after the session is
final is the same document. NĐ 30/2020/NĐ-CP layout, Tinos embedded, words in Vietnamese in
this module and in `templates/documents/nominations/council_*.html`.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from council.models import (
    AgendaItem,
    AttendanceStatus,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    SessionMode,
    SessionState,
    VotingMethod,
)
from council.services import tally
from nominations import citations, wording
from nominations.documents import (
    LEGAL_BASES,
    OFFICE,
    SUBJECT_PRINTED,
    ListLine,
    chairman_title,
    commune_heading,
    document_year,
    list_lines,
    office_signature,
    plan_basis,
)
from nominations.models import SubjectType
from thiduaportal.documents import Letterhead, Signature, render_pdf, vn_number

COUNCIL = "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng xã"  # see council_name(): the commune's name in full
MODE_PRINTED = {
    SessionMode.ONLINE: "trực tuyến",
    SessionMode.ROOM: "trực tiếp tại phòng họp",
    SessionMode.BOTH: "trực tiếp tại phòng họp kết hợp trực tuyến",
}
METHOD_PRINTED = {
    VotingMethod.SECRET: "bỏ phiếu kín trực tuyến trên Cổng thông tin Thi đua – Khen thưởng",
    VotingMethod.HANDS: "biểu quyết bằng hình thức giơ tay, Thư ký Hội đồng ghi nhận kết quả",
}
ROLE_PRINTED = {
    CouncilRole.CHAIR: "Chủ tịch Hội đồng",
    CouncilRole.VICE_CHAIR: "Phó Chủ tịch Hội đồng",
    CouncilRole.STANDING: "Ủy viên thường trực",
    CouncilRole.MEMBER: "Ủy viên",
    CouncilRole.SECRETARY: "Thư ký Hội đồng",
}
RECUSAL_RULE = (
    "Thành viên Hội đồng là người được đề nghị khen thưởng, công tác tại tập thể được đề nghị hoặc "
    "tại đơn vị trình đề nghị không tham gia biểu quyết đối với trường hợp đó; thành viên tự khai có "
    "xung đột lợi ích cũng không tham gia biểu quyết."
)


@dataclass(frozen=True)
class PrintedMember:
    name: str
    role: str
    position: str

    @property
    def line(self) -> str:
        return ", ".join(part for part in (self.name, self.role, self.position) if part)


@dataclass(frozen=True)
class PrintedRecusal:
    name: str
    reason: str
    automatic: bool


@dataclass(frozen=True)
class ItemFigures:
    """One agenda item as the minutes print it: every figure of its frozen tally."""

    position: int
    name: str
    subject_type: str
    role: str
    award: str
    members_total: int
    present: int
    recused: int
    eligible_present: int
    ballots: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    written: int
    written_for: int
    written_against: int
    written_abstain: int
    in_favour: int
    base: int
    needed: int | None
    percent_of_all: Decimal | None
    passed: bool | None
    rank: int | None
    approved: bool | None
    tie_reason: str
    recusals: tuple[PrintedRecusal, ...]

    @property
    def percent(self) -> str:
        return vn_number(self.percent_of_all)

    @property
    def percent_of_base(self) -> str:
        """The share of the members entitled to vote on this item (the base of the pass rule),
        "62,5"; empty when it equals the share of all members (nobody recused)."""
        if not self.base or self.base == self.members_total:
            return ""
        return vn_number(Decimal(self.in_favour * 100) / self.base)

    @property
    def result(self) -> str:
        if self.passed is None:
            return "Chưa biểu quyết"
        return "Đạt" if self.passed else "Không đạt"

    @property
    def outcome(self) -> str:
        if self.approved is None:
            return "Chờ Chủ tịch Hội đồng quyết định" if self.passed else "–"
        return "Đề nghị khen thưởng" if self.approved else "Không đề nghị"


@dataclass(frozen=True)
class QuotaLine:
    label: str
    quota: int | None
    passed: int
    approved: int


@dataclass(frozen=True)
class MinutesDocument:
    """Everything the minutes print."""

    letterhead: Letterhead
    session: CouncilSession
    round_title: str
    meets_at: datetime.datetime
    time_line: str
    place: str
    mode: str
    method: str
    chair: PrintedMember | None
    secretary: PrintedMember | None
    members_total: int | None
    quorum_needed: int | None
    quorum_rule: str
    pass_rule: str
    written_rule: str
    recusal_rule: str
    present: tuple[PrintedMember, ...]
    written: tuple[PrintedMember, ...]
    absent: tuple[PrintedMember, ...]
    items: tuple[ItemFigures, ...]
    quota: tuple[QuotaLine, ...]
    ties: tuple[ItemFigures, ...]
    approved: tuple[ItemFigures, ...]
    final: bool
    achievement: str = ""  # "xuất sắc đột xuất trong …", after "đã có thành tích"
    subjects: str = "các tập thể, cá nhân"
    decider: str = ""  # "Chủ tịch Ủy ban nhân dân xã Thượng Phúc"
    council: str = COUNCIL_NAME
    ends_at: str = ""  # "11 giờ 30 phút" when the session closed the same day


# --------------------------------------------------------------------------- helpers


def _fraction(numerator: int | None, denominator: int | None) -> str:
    if not denominator:
        return "–"
    share = Fraction(numerator, denominator)
    return f"{share.numerator}/{share.denominator}"


def held_at(session: CouncilSession) -> datetime.datetime:
    """When the meeting was held: the scheduled time when it opened on the portal that day
    (the secretary opens it a few minutes in), the opening itself when it met on another day."""
    opened = session.opened_at
    if opened is None or timezone.localtime(opened).date() == timezone.localtime(session.meets_at).date():
        return session.meets_at
    return opened


def round_phrase(title: str) -> str:
    """The round's title after "khen thưởng": "Khen thưởng đột xuất năm 2026 – …" reads
    "đột xuất năm 2026 – …", so "Họp xét khen thưởng …" does not say it twice."""
    words = title.split(maxsplit=2)
    if len(words) >= 2 and " ".join(words[:2]).casefold() == "khen thưởng":
        return words[2] if len(words) > 2 else ""
    return title


def _time_line(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return f"{local:%H} giờ {local:%M} phút, ngày {local.day:02d} tháng {month} năm {local.year}"


def _printed(member: CouncilMember) -> PrintedMember:
    return PrintedMember(
        name=member.full_name,
        role=ROLE_PRINTED.get(member.role, ""),
        position=wording.spelled_out(member.position),
    )


def _seat(members: list[CouncilMember], role: str) -> PrintedMember | None:
    seat = next((m for m in members if m.role == role), None)
    return _printed(seat) if seat else None


def _rules(session: CouncilSession) -> tuple[str, str, str]:
    quorum = (
        f"Phiên họp hợp lệ khi có mặt ít nhất {_fraction(session.quorum_numerator, session.quorum_denominator)} "
        f"tổng số thành viên Hội đồng"
    )
    if session.members_total is not None:
        quorum += f" (tối thiểu {session.quorum_needed}/{session.members_total} thành viên)"
    quorum += "; ý kiến bằng văn bản của thành viên vắng mặt không tính vào số thành viên có mặt."
    share = _fraction(session.pass_numerator, session.pass_denominator)
    compare = "trên" if session.pass_strict else "từ"
    tail = "" if session.pass_strict else " trở lên"
    passing = (
        f"Tập thể, cá nhân được đề nghị khen thưởng khi có số phiếu đồng ý {compare} {share}{tail} tổng số "
        "thành viên Hội đồng, không kể thành viên không tham gia biểu quyết đối với trường hợp đó; nếu số "
        "tập thể, cá nhân đạt vượt chỉ tiêu của đợt xét thì lấy theo số phiếu đồng ý từ cao xuống thấp."
    )
    if session.written_opinions_count:
        written = "Ý kiến bằng văn bản của thành viên vắng mặt được tính vào kết quả biểu quyết."
    else:
        written = (
            "Ý kiến bằng văn bản của thành viên vắng mặt được ghi nhận, không tính vào kết quả biểu quyết."
        )
    return quorum, passing, written


def _figures(session: CouncilSession, item: AgendaItem, present_ids: set[int]) -> ItemFigures:
    nomination = item.nomination
    recusals = sorted(item.recusals.all(), key=lambda r: r.member_id)
    recused_ids = {r.member_id for r in recusals}
    members_total = item.members_total if item.members_total is not None else session.members_total or 0
    recused = item.recused if item.recused is not None else len(recused_ids)
    present = item.present if item.present is not None else len(present_ids)
    in_favour = tally.in_favour(item)
    base = members_total if item.pass_of_all else members_total - recused
    line = list_lines([nomination])[0]
    return ItemFigures(
        position=item.position,
        name=line.name,
        subject_type=nomination.subject_type,
        role=line.role,
        award=line.award,
        members_total=members_total,
        present=present,
        recused=recused,
        eligible_present=len(present_ids - recused_ids),
        ballots=item.ballots
        if item.ballots is not None
        else item.votes_for + item.votes_against + item.votes_abstain,
        votes_for=item.votes_for,
        votes_against=item.votes_against,
        votes_abstain=item.votes_abstain,
        written=item.written_for + item.written_against + item.written_abstain,
        written_for=item.written_for,
        written_against=item.written_against,
        written_abstain=item.written_abstain,
        in_favour=in_favour,
        base=base,
        needed=tally.needed_of(item, base),
        percent_of_all=Decimal(in_favour * 100) / members_total if members_total else None,
        passed=item.passed,
        rank=item.rank,
        approved=item.approved,
        tie_reason=item.tie_reason,
        # The reason is printed in brackets before a full stop: its own stop would double it.
        recusals=tuple(
            PrintedRecusal(r.member.full_name, r.reason.rstrip(" ."), r.automatic) for r in recusals
        ),
    )


def _quota(session: CouncilSession, items: tuple[ItemFigures, ...]) -> tuple[QuotaLine, ...]:
    round_ = session.round
    quotas = {
        SubjectType.COLLECTIVE: round_.quota_collectives,
        SubjectType.INDIVIDUAL: round_.quota_individuals,
    }
    lines = []
    for subject_type, quota in quotas.items():
        of_type = [i for i in items if i.subject_type == subject_type]
        if not of_type:
            continue
        lines.append(
            QuotaLine(
                label=SUBJECT_PRINTED[subject_type],
                quota=quota,
                passed=sum(1 for i in of_type if i.passed),
                approved=sum(1 for i in of_type if i.approved),
            )
        )
    return tuple(lines)


def _session(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_related("round__campaign", "term").get(pk=session.pk)


def _items(session: CouncilSession):
    return (
        AgendaItem.objects.filter(session=session)
        .select_related(
            "session",
            "nomination__proposal__unit",
            "nomination__subject_unit",
            "nomination__subject_cadre__unit",
            "nomination__award_form",
        )
        .prefetch_related("recusals__member")
        .order_by("position")
    )


def _letterhead(issuer: str, symbol: str, date: datetime.date | None, year: int | None = None) -> Letterhead:
    parent, place = commune_heading()
    return Letterhead(parent_body=parent, issuer=issuer, symbol=symbol, place=place, date=date, year=year)


def council_name() -> str:
    """ "Hội đồng Thi đua – Khen thưởng xã Thượng Phúc" """
    return f"Hội đồng Thi đua – Khen thưởng {wording.commune_name()}"


def _ends_at(session: CouncilSession) -> str:
    """The closing time of the meeting when it closed on the day it met, else ""."""
    end = session.closed_at or session.finalised_at
    if end is None or timezone.localtime(end).date() != timezone.localtime(session.meets_at).date():
        return ""
    local = timezone.localtime(end)
    return f"{local:%H} giờ {local:%M} phút"


def _title_rules(items: list[AgendaItem]) -> str:
    """The pass rule of each title whose items carry their own (a year-end review), e.g.
    "Đối với danh hiệu “Chiến sĩ thi đua cơ sở”: … từ 80% trở lên tổng số thành viên …"."""
    rules: dict[str, AgendaItem] = {}
    for item in items:
        if item.pass_share is not None:
            rules.setdefault(item.nomination.award_form.name, item)
    lines = []
    for name, item in rules.items():
        base = "tổng số thành viên Hội đồng" if item.pass_of_all else "số thành viên được biểu quyết"
        written = ", kể cả ý kiến bằng văn bản của thành viên vắng mặt" if item.pass_of_all else ""
        lines.append(
            f"Đối với danh hiệu “{name}”: được đề nghị khi có số phiếu đồng ý từ "
            f"{vn_number(item.pass_share * 100)}% trở lên {base}{written}."
        )
    return " ".join(lines)


# --------------------------------------------------------------------------- the minutes


@wording.one_commune()
def minutes_document(session: CouncilSession) -> MinutesDocument:
    """The minutes' view-model: the rules as copied on opening, who attended, and for each
    item its recusals and every figure of its frozen tally, the quota outcome and the
    chair's decisions at a tie."""
    session = _session(session)
    attendance = list(session.attendance.select_related("member").order_by("member__pk"))
    members = list(session.term.members.order_by("pk"))
    by_status = {status: [] for status in AttendanceStatus.values}
    for row in attendance:
        by_status[row.status].append(_printed(row.member))
    present_ids = {row.member_id for row in attendance if row.status == AttendanceStatus.PRESENT}
    agenda = list(_items(session))
    items = tuple(_figures(session, item, present_ids) for item in agenda)
    quorum, passing, written = _rules(session)
    passing = " ".join(part for part in (passing, _title_rules(agenda)) if part)
    meets_at = held_at(session)
    nominations = [item.nomination for item in agenda]
    collectives = sum(1 for n in nominations if n.subject_type == SubjectType.COLLECTIVE)
    return MinutesDocument(
        letterhead=_letterhead(COUNCIL, "BB-HĐTĐKT", timezone.localtime(meets_at).date()),
        session=session,
        round_title=round_phrase(session.round.title),
        meets_at=meets_at,
        time_line=_time_line(meets_at),
        place=session.place,
        mode=MODE_PRINTED.get(session.mode, ""),
        method=METHOD_PRINTED.get(session.method, ""),
        chair=_seat(members, CouncilRole.CHAIR),
        secretary=_seat(members, CouncilRole.SECRETARY),
        members_total=session.members_total,
        quorum_needed=session.quorum_needed,
        quorum_rule=quorum,
        pass_rule=passing,
        written_rule=written,
        recusal_rule=RECUSAL_RULE,
        present=tuple(by_status[AttendanceStatus.PRESENT]),
        written=tuple(by_status[AttendanceStatus.WRITTEN]),
        absent=tuple(by_status[AttendanceStatus.ABSENT]),
        items=items,
        quota=_quota(session, items),
        ties=tuple(i for i in items if i.tie_reason),
        approved=tuple(i for i in items if i.approved),
        final=session.state == SessionState.FINAL,
        achievement=wording.achievement_phrase(session.round, (n.summary for n in nominations)),
        subjects=wording.subjects_phrase(collectives, len(nominations) - collectives)
        if nominations
        else "các tập thể, cá nhân",
        decider=chairman_title(),
        council=council_name(),
        ends_at=_ends_at(session),
    )


@wording.one_commune()
def minutes_pdf(session: CouncilSession) -> bytes:
    """The minutes of a session (biên bản họp xét khen thưởng), as PDF bytes."""
    doc = minutes_document(session)
    return render_pdf("documents/council/minutes.html", {"doc": doc, "letterhead": doc.letterhead})


# --------------------------------------------------------------------------- the Tờ trình


@dataclass(frozen=True)
class CouncilLetterDocument:
    """The office's Tờ trình to the chairman: the candidates the council approved."""

    letterhead: Letterhead
    addressee: str
    legal_bases: tuple[str, ...]
    session: CouncilSession
    meeting_date: str
    present: int
    members_total: int | None
    lines: tuple[ListLine, ...]
    figures: tuple[ItemFigures, ...]
    signature: Signature
    recipients: tuple[str, ...]
    achievement: str = ""
    decider: str = ""
    council: str = COUNCIL_NAME
    summaries: tuple[str, ...] = ()

    @property
    def basis_lines(self) -> tuple[str, ...]:
        """The căn cứ as printed, the council's minutes last (`citations.printed_bases`)."""
        met_on = timezone.localtime(self.session.meets_at).date()
        return citations.printed_bases((*self.legal_bases, citations.council_minutes_basis(met_on)))

    @property
    def round_phrase(self) -> str:
        return round_phrase(self.session.round.title)

    @property
    def rows(self) -> tuple[tuple[ListLine, ItemFigures], ...]:
        return tuple(zip(self.lines, self.figures, strict=True))

    @property
    def collectives(self) -> int:
        return sum(1 for line in self.lines if line.subject_type == SubjectType.COLLECTIVE)

    @property
    def individuals(self) -> int:
        return len(self.lines) - self.collectives

    @property
    def award_names(self) -> str:
        return ", ".join(dict.fromkeys(line.award for line in self.lines))

    @property
    def summary(self) -> str:
        """The trích yếu: "Về việc đề nghị tặng Giấy khen … cho các tập thể, cá nhân đã có
        thành tích …", written for the round's kind and the approved award forms."""
        lines = [
            dataclasses.replace(line, achievement=text)
            for line, text in zip(self.lines, self.summaries, strict=False)
        ]
        return wording.summary_line(lines or self.lines, self.session.round)

    @property
    def awards(self) -> str:
        return wording.award_phrase(self.lines)

    @property
    def annex_note(self) -> str:
        head = self.letterhead
        blank = chr(0xA0) * 6
        dated = (
            f"ngày {head.date:%d/%m/%Y}" if head.date else f"ngày{chr(0xA0) * 4}/{chr(0xA0) * 4}/{head.year}"
        )
        return f"(Kèm theo Tờ trình số {blank}/{head.symbol} {dated} của Phòng Văn hóa – Xã hội)"


@wording.one_commune()
def letter_document(session: CouncilSession) -> CouncilLetterDocument:
    """The Tờ trình's view-model: approved items, collectives first then individuals, each
    group in agenda order, numbered anew."""
    doc = minutes_document(session)
    session = doc.session
    approved = sorted(doc.approved, key=lambda i: (i.subject_type != SubjectType.COLLECTIVE, i.position))
    lines = tuple(
        ListLine(
            position=number,
            name=item.name,
            role=item.role,
            subject_type=item.subject_type,
            award=item.award,
            achievement="",
        )
        for number, item in enumerate(approved, start=1)
    )
    local = timezone.localtime(held_at(session)).date()
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    signed_on = timezone.localtime(session.finalised_at).date() if session.finalised_at else None
    summaries = {item.position: item.nomination.summary for item in _items(session)}
    chairman = chairman_title()
    return CouncilLetterDocument(
        letterhead=_letterhead(OFFICE, "TTr-VHXH", signed_on, year=document_year(signed_on, local)),
        addressee=chairman,
        legal_bases=LEGAL_BASES + plan_basis(session.round),
        session=session,
        meeting_date=f"ngày {local.day:02d} tháng {month} năm {local.year}",
        present=len(doc.present),
        members_total=doc.members_total,
        lines=lines,
        figures=tuple(approved),
        signature=office_signature(),
        recipients=("Như trên", council_name(), "Lưu: VT, VHXH"),
        achievement=doc.achievement,
        decider=chairman,
        council=council_name(),
        summaries=tuple(summaries.get(item.position, "") for item in approved),
    )


@wording.one_commune()
def letter_pdf(session: CouncilSession) -> bytes:
    """VHXH's Tờ trình to the chairman listing the council's approved candidates, as PDF."""
    doc = letter_document(session)
    context = {
        "doc": doc,
        "letterhead": doc.letterhead,
        "signature": doc.signature,
        "recipients": doc.recipients,
    }
    return render_pdf("documents/council/letter.html", context)
