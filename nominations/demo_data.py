"""Demo nominations for xã Thượng Phúc: the open 2026 annual round of the movement with
proposals from several units in every state, one returned with comments, one that fails an
eligibility check (Phòng Kinh tế: PAR INDEX 3.2 fell), one rejected, one withdrawn, one
accepted and one shortlisted.

Everything goes through the services, as a clerk would: proposals, nominations, the report
prefilled from the movement's data, signed scans (the portal's own PDFs stand in for the
scans), submissions and the office's review. `seed_nominations` is a `seed_demo` extension
and leaves an existing demo round as it is.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns import demo_data as movement
from campaigns.models import Campaign
from units import demo_data as base
from units.models import Cadre, Unit, User

from .models import AttachmentKind, AwardForm, Round, RoundKind, SubjectType

TITLE = "Khen thưởng hằng năm 2026 – phong trào thi đua CCHC"
SUMMARY = (
    "Đã có thành tích xuất sắc trong phong trào thi đua “Cải cách hành chính đồng bộ – "
    "Chính quyền phục vụ nhân dân” năm 2026"
)
RETURN_COMMENT = "Đề nghị bổ sung số liệu kết quả thực hiện năm 2026 vào mục II và ký, đóng dấu báo cáo."
REJECT_REASON = "Chưa có sáng kiến, giải pháp được Hội đồng Sáng kiến công nhận trong năm."
WITHDRAW_REASON = "Đơn vị đề nghị xét ở đợt khen thưởng tổng kết."
# (unit, subject: "unit" or a position in the unit, the state it ends in)
PLAN = (
    (base.TTHCC, "unit", "shortlisted"),
    (base.TTHCC, "Giám đốc", "accepted"),
    (base.TTHCC, "Chuyên viên", "draft"),
    (base.VP, "Chánh Văn phòng", "submitted"),
    (base.VP, "unit", "returned"),
    (base.KT, "unit", "submitted"),
    (base.KT, "Trưởng phòng", "rejected"),
    (movement.YOUTH, "unit", "withdrawn"),
)
MEMBERS = {base.TTHCC: "donvi1", base.KT: "donvi2"}


def _dates(today: datetime.date) -> dict:
    """Deadlines after today, so the round is open whenever the demo is built."""
    submit_by = max(datetime.date(2026, 12, 15), today + datetime.timedelta(days=20))
    return {
        "submit_by": submit_by,
        "review_by": submit_by + datetime.timedelta(days=10),
        "council_on": submit_by + datetime.timedelta(days=14),
    }


def _scan(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _clerk(unit: Unit, office: User) -> User:
    """Who drafts for the unit: its demo login, or a throwaway account-less stand-in (the office)."""
    username = MEMBERS.get(unit.name)
    return User.objects.filter(username=username).first() if username else office


def seed_nominations(rng: random.Random, created: Counter, found: Counter) -> None:
    """Write the demo round and its proposals unless the round already exists."""
    from .services import proposals, rounds

    if Round.objects.filter(title=TITLE).exists():
        found["rounds"] += 1
        return
    campaign = Campaign.objects.filter(code=movement.CODE).first()
    office = User.objects.filter(username="vhxh").first()
    if campaign is None or office is None:
        return
    forms = list(AwardForm.objects.filter(code__in=("giay-khen-chu-tich", "bang-khen-thanh-pho")))
    round_ = rounds.create_round(
        actor=office,
        award_forms=forms,
        campaign=campaign,
        year=2026,
        kind=RoundKind.ANNUAL,
        title=TITLE,
        quota_collectives=5,
        quota_individuals=10,
        **_dates(timezone.localdate()),
    )
    rounds.open_round(round_, actor=office)
    created["rounds"] += 1
    giay_khen = next(f for f in forms if f.code == "giay-khen-chu-tich")
    units = {u.name: u for u in Unit.objects.filter(name__in={name for name, _, _ in PLAN})}
    for name, subject, state in PLAN:
        unit = units[name]
        clerk = _clerk(unit, office)
        proposal = proposals.get_or_create_proposal(round_, unit, actor=clerk)
        if not proposal.letter_number:
            proposals.update_proposal(
                proposal,
                actor=clerk,
                letter_number=f"{rng.randint(10, 40)}/TTr-{unit.short_name.replace(' ', '')}",
                letter_date=timezone.localdate(),
                signer_name=_head_name(unit),
                signer_title="Thủ trưởng đơn vị",
                meeting_date=timezone.localdate(),
            )
        nomination = _nominate(proposals, proposal, unit, subject, giay_khen, clerk)
        _play(nomination, state, clerk=clerk, office=office)
        created["nominations"] += 1


def _head_name(unit: Unit) -> str:
    head = Cadre.objects.filter(unit=unit, is_active=True).order_by("pk").first()
    return head.full_name if head else ""


def _nominate(proposals, proposal, unit, subject, award_form, clerk):
    from .services import reports

    if subject == "unit":
        nomination = proposals.add_nomination(
            proposal,
            actor=clerk,
            subject_type=SubjectType.COLLECTIVE,
            subject_unit=unit,
            award_form=award_form,
            summary=SUMMARY,
        )
    else:
        cadre = Cadre.objects.filter(unit=unit, position=subject, is_active=True).order_by("pk").first()
        nomination = proposals.add_nomination(
            proposal,
            actor=clerk,
            subject_type=SubjectType.INDIVIDUAL,
            subject_cadre=cadre,
            award_form=award_form,
            summary=SUMMARY,
        )
    reports.save_report(nomination, actor=clerk, data=reports.prefill(nomination))
    return nomination


def _attach_dossier(nomination, clerk) -> None:
    from . import documents
    from .services import dossiers

    proposal = nomination.proposal
    have = {item.code for item in dossiers.checklist(nomination) if item.present}
    files = (
        (AttachmentKind.LETTER_SCAN, None, "to-trinh-da-ky.pdf", documents.unit_letter_pdf),
        (AttachmentKind.MINUTES_SCAN, None, "bien-ban-hop-xet.pdf", documents.minutes_template_pdf),
    )
    for kind, _, name, build in files:
        if kind not in have:
            dossiers.add_attachment(proposal, actor=clerk, kind=kind, upload=_scan(name, build(proposal)))
    dossiers.add_attachment(
        proposal,
        actor=clerk,
        kind=AttachmentKind.REPORT_SCAN,
        nomination=nomination,
        upload=_scan("bao-cao-thanh-tich-da-ky.pdf", documents.report_pdf(nomination)),
    )


def _play(nomination, state: str, *, clerk: User, office: User) -> None:
    """Walk the nomination to `state` the way people would."""
    from .services import eligibility, workflow

    if state == "draft":
        return
    _attach_dossier(nomination, clerk)
    if state == "withdrawn":
        workflow.withdraw_nomination(nomination, actor=clerk, reason=WITHDRAW_REASON)
        return
    workflow.submit_nomination(nomination, actor=clerk)
    if state == "submitted":
        return
    if state == "returned":
        workflow.return_nomination(nomination, actor=office, reason=RETURN_COMMENT)
        return
    if state == "rejected":
        workflow.reject_nomination(nomination, actor=office, reason=REJECT_REASON)
        return
    failed = {check.code for check in eligibility.run_checks(nomination) if check.blocking}
    justification = "Đơn vị đã được Hội đồng Thi đua – Khen thưởng xã xem xét, đề nghị chấp nhận."
    workflow.accept_nomination(nomination, actor=office, justifications=dict.fromkeys(failed, justification))
    if state == "shortlisted":
        workflow.shortlist_nomination(nomination, actor=office)
