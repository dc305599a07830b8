"""Demo nominations for xã Thượng Phúc: the open 2026 annual round of the movement with
proposals from several units and nominations in every state: drafted, submitted, returned
with the office's comments, accepted, rejected, shortlisted for the council and withdrawn.
Phòng Kinh tế's own nomination fails an eligibility check (its PAR INDEX component 3.2 fell
from 1,50 to 1,25), and its head's was rejected for want of a recognised initiative.

Everything goes through the services, as a clerk and the office would: proposals and their
Tờ trình, nominations, the report prefilled from the movement's data and completed, signed
scans (small PDFs stand in for them), submissions, comments and the office's review. Unit
logins act for their units (donvi1: Trung tâm Phục vụ hành chính công, donvi2: Phòng Kinh
tế); the office's login stands in for the units without one.

Trung tâm Phục vụ hành chính công keeps people not yet nominated, so donvi1 can draft one
(its Phó Giám đốc has no recognised initiative: the page warns while drafting).
The fourth demo step: `seed` leaves an existing demo round as it is.
"""

from __future__ import annotations

import datetime
import importlib
import random
import unicodedata
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.models import Campaign
from demo import campaigns as movement
from demo import units as base
from nominations.models import AttachmentKind, AwardForm, Nomination, Proposal, Round, RoundKind, SubjectType
from nominations.services import dossiers, eligibility, proposals, reports, review, rounds, workflow
from units.models import Cadre, Unit, User
from units.services import head_of_unit

TITLE = "Khen thưởng hằng năm 2026 – phong trào thi đua CCHC"
YEAR = 2026
SUMMARY = (
    "Đã có thành tích xuất sắc trong phong trào thi đua “Cải cách hành chính đồng bộ – "
    "Chính quyền phục vụ nhân dân” năm 2026"
)
RETURN_REASON = "Báo cáo thành tích chưa có số liệu kết quả năm 2026 và chưa có xác nhận của đơn vị."
RETURN_COMMENT = (
    "Đề nghị bổ sung số liệu kết quả thực hiện năm 2026 vào mục II (tỷ lệ hồ sơ xử lý đúng hạn, "
    "số hồ sơ đã thẩm định) và gửi lại bản scan báo cáo có chữ ký, đóng dấu của Thủ trưởng đơn vị."
)
REJECT_REASON = "Chưa có sáng kiến, giải pháp được Hội đồng Sáng kiến công nhận trong năm 2026."
WITHDRAW_REASON = "Đơn vị đề nghị xét ở đợt khen thưởng tổng kết."
JUSTIFICATION = (
    "Đã đối chiếu hồ sơ và kết quả thực hiện nhiệm vụ năm 2026; đề nghị chấp nhận để trình Hội đồng "
    "Thi đua – Khen thưởng xã xem xét."
)
# (unit, subject: "unit" or the position of the person, the state it ends in). The first
# holder of a position (by record) is nominated.
PLAN = (
    (base.TTHCC, "unit", "shortlisted"),
    (base.TTHCC, "Giám đốc", "accepted"),
    (base.TTHCC, "Chuyên viên", "draft"),
    (base.VP, "unit", "accepted"),
    (base.VP, "Chánh Văn phòng", "submitted"),
    (base.KT, "unit", "submitted"),
    (base.KT, "Trưởng phòng", "rejected"),
    (base.KT, "Phó Trưởng phòng", "returned"),
    (movement.YOUTH, "unit", "withdrawn"),
)
FUNCTIONS = {
    base.TTHCC: "Tiếp nhận, hướng dẫn, trả kết quả giải quyết thủ tục hành chính cho người dân, doanh "
    "nghiệp theo cơ chế một cửa, một cửa liên thông; số hóa hồ sơ, kết quả giải quyết TTHC.",
    base.VP: "Tham mưu, giúp việc cho HĐND và UBND xã; kiểm soát thủ tục hành chính; quản lý văn thư, "
    "lưu trữ và Hệ thống quản lý văn bản và điều hành.",
    base.KT: "Tham mưu UBND xã quản lý nhà nước về nông nghiệp, công thương, xây dựng, đất đai, tài "
    "nguyên, môi trường và tài chính – kế hoạch trên địa bàn xã.",
    movement.YOUTH: "Tập hợp, đoàn kết, giáo dục thanh niên; xung kích hỗ trợ người dân sử dụng dịch "
    "vụ công trực tuyến qua Tổ công nghệ số cộng đồng.",
}
SOLUTIONS = (
    "Rà soát, niêm yết công khai đầy đủ TTHC; hướng dẫn người dân nộp hồ sơ trực tuyến; 100% hồ sơ "
    "công việc được xử lý trên môi trường điện tử, văn bản đi được ký số."
)
EFFECT = (
    "Không có hồ sơ TTHC quá hạn; tỷ lệ hài lòng của người dân, doanh nghiệp tăng so với năm 2025; "
    "cách làm được các đơn vị trong xã học tập, nhân rộng."
)


def round_dates(today: datetime.date) -> dict[str, datetime.date]:
    """Deadlines after today, so the round is open whenever the demo is built."""
    submit_by = max(datetime.date(YEAR, 12, 15), today + datetime.timedelta(days=20))
    return {
        "submit_by": submit_by,
        "review_by": submit_by + datetime.timedelta(days=10),
        "council_on": submit_by + datetime.timedelta(days=14),
    }


def seed(rng: random.Random, created: Counter, found: Counter) -> None:
    """Write the demo round and its proposals unless the round already exists."""
    if Round.objects.filter(title=TITLE).exists():
        found["rounds"] += 1
        return
    campaign = Campaign.objects.filter(code=movement.CODE).first()
    office = User.objects.filter(username="vhxh").first()
    if campaign is None or office is None:
        return
    forms = ensure_award_forms()
    round_ = rounds.create_round(
        actor=office,
        award_forms=forms,
        campaign=campaign,
        year=YEAR,
        kind=RoundKind.ANNUAL,
        title=TITLE,
        **round_dates(timezone.localdate()),
    )
    rounds.open_round(round_, actor=office)
    created["rounds"] += 1
    giay_khen = next(f for f in forms if f.code == "giay-khen-chu-tich")
    units = {u.name: u for u in Unit.objects.filter(name__in={name for name, _, _ in PLAN})}
    logins = {user.username: user for user in User.objects.filter(username__in=base.CLERKS.values())}
    for name, subject, state in PLAN:
        clerk = logins.get(base.CLERKS.get(name, ""), office)
        proposal = demo_proposal(round_, units[name], clerk, rng, created)
        nomination = demo_nomination(proposal, subject, giay_khen, clerk)
        _play(nomination, state, clerk=clerk, office=office)
        created["nominations"] += 1


def ensure_award_forms() -> list[AwardForm]:
    """The award forms a new round offers. Their migration creates them; `manage.py flush`
    (and a transactional test) empties the table without migrating again, so the demo puts
    back any that is missing, from the migration's own data."""
    migration = importlib.import_module("nominations.migrations.0002_award_forms")
    for spec in migration.FORMS:
        fields = {name: value for name, value in spec.items() if name != "code"}
        AwardForm.objects.get_or_create(code=spec["code"], defaults=fields)
    return rounds.default_award_forms()


def demo_proposal(
    round_: Round,
    unit: Unit,
    clerk: User,
    rng: random.Random,
    created: Counter,
    *,
    letter_date: datetime.date | None = None,
) -> Proposal:
    """The unit's proposal of the round with its Tờ trình details filled in through the
    services (left as it is when already filled; `created` counts a new one). The letter is
    dated `letter_date` (a past round's, in that round's year) or today, its selection
    meeting two days before; its number is not used by another Tờ trình of the unit that year."""
    proposal = proposals.get_or_create_proposal(round_, unit, actor=clerk)
    if proposal.letter_number:
        return proposal
    # The unit's head signs its Tờ trình, never the clerk (who may be a candidate of it).
    head_name, head_position = head_of_unit(unit)
    day = letter_date or timezone.localdate()
    symbol = f"TTr-{unit.short_name.replace(' ', '')}"
    number = rng.randint(10, 40)
    taken = set(
        Proposal.objects.filter(unit=unit, letter_date__year=day.year).values_list("letter_number", flat=True)
    )
    while f"{number}/{symbol}" in taken:
        number += 1
    proposals.update_proposal(
        proposal,
        actor=clerk,
        letter_number=f"{number}/{symbol}",
        letter_date=day,
        signer_name=head_name,
        signer_title=head_position or "Thủ trưởng đơn vị",
        meeting_date=day - datetime.timedelta(days=2),
    )
    created["proposals"] += 1
    return proposal


def demo_nomination(
    proposal: Proposal, subject: str, award_form: AwardForm, clerk: User, *, summary: str = SUMMARY
) -> Nomination:
    """Draft the nomination and its report: prefilled from the records, then completed."""
    unit = proposal.unit
    if subject == "unit":
        who = {"subject_type": SubjectType.COLLECTIVE, "subject_unit": unit}
    else:
        cadre = Cadre.objects.active().filter(unit=unit, position=subject).order_by("pk").first()
        who = {"subject_type": SubjectType.INDIVIDUAL, "subject_cadre": cadre}
    nomination = proposals.add_nomination(
        proposal, actor=clerk, award_form=award_form, summary=summary, **who
    )
    report = reports.prefill(nomination)
    if subject == "unit":
        report["profile"]["functions"] = FUNCTIONS[unit.name]
    report["achievements"]["solutions"] = SOLUTIONS
    report["achievements"]["effect"] = EFFECT
    reports.save_report(nomination, actor=clerk, data=report)
    return nomination


def _ascii(text: str) -> str:
    """Vietnamese without its marks ("Phòng Kinh tế" -> "Phong Kinh te"): the stand-in scans
    use a standard PDF font, which has no Vietnamese letters."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "replace").decode()
    )


def scan_pdf(*lines: str) -> bytes:
    """A one-page A4 PDF standing for a signed paper scan, its lines written in Helvetica.
    Built by hand rather than rendered: the demo is seeded before many tests, and a real
    scan holds no text layer anyway."""
    escaped = (_ascii(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines)
    text = " T* ".join(f"({line}) Tj" for line in escaped)
    stream = f"BT /F1 12 Tf 16 TL 72 770 Td {text} ET".encode()
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    )
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def signed_scan(name: str, *lines: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a signed and stamped scan, as an upload."""
    data = scan_pdf("BAN SCAN MINH HOA - DU LIEU DEMO", *lines, "(Da ky, dong dau)")
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _attach_dossier(nomination: Nomination, clerk: User) -> None:
    """The signed scans: the unit's Tờ trình and minutes once per proposal, and the report."""
    proposal = nomination.proposal
    unit = proposal.unit.name
    have = {item.kind for item in dossiers.checklist(nomination) if item.present}
    files = (
        (AttachmentKind.LETTER_SCAN, "to-trinh-da-ky.pdf", f"To trinh so {proposal.letter_number}"),
        (AttachmentKind.MINUTES_SCAN, "bien-ban-hop-xet.pdf", "Bien ban hop xet thi dua, khen thuong"),
    )
    for kind, name, title in files:
        if kind not in have:
            upload = signed_scan(name, title, unit)
            dossiers.add_attachment(proposal, actor=clerk, kind=kind, upload=upload)
    dossiers.add_attachment(
        proposal,
        actor=clerk,
        kind=AttachmentKind.REPORT_SCAN,
        nomination=nomination,
        upload=signed_scan(
            "bao-cao-thanh-tich-da-ky.pdf", "Bao cao thanh tich", nomination.subject_name, unit
        ),
    )


def _play(nomination: Nomination, state: str, *, clerk: User, office: User) -> None:
    """Walk the nomination to `state` the way people would."""
    if state == "draft":
        return
    _attach_dossier(nomination, clerk)
    workflow.submit_nomination(nomination, actor=clerk)
    if state == "submitted":
        return
    if state == "withdrawn":
        workflow.withdraw_nomination(nomination, actor=clerk, reason=WITHDRAW_REASON)
        return
    if state == "returned":
        review.add_comment(nomination, actor=office, text=RETURN_COMMENT)
        workflow.return_nomination(nomination, actor=office, reason=RETURN_REASON)
        return
    if state == "rejected":
        workflow.reject_nomination(nomination, actor=office, reason=REJECT_REASON)
        return
    failed = [check.code for check in eligibility.run_checks(nomination) if check.blocking]
    workflow.accept_nomination(nomination, actor=office, justifications=dict.fromkeys(failed, JUSTIFICATION))
    if state == "shortlisted":
        workflow.shortlist_nomination(nomination, actor=office)
