"""A closed council session built straight from the models (no services): nine seats, one
absent member with a written opinion, one absent, a recusal, a quota of one collective met by
a tie the chair decided. Shared by the council document, message and view tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from council.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    CouncilTerm,
    ItemState,
    Recusal,
    SessionMode,
    SessionState,
    VotingMethod,
)
from nominations.models import NominationState
from tests.factories import CadreFactory, MembershipFactory, UnitFactory, UserFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

SEATS = (
    ("chair", "Lý Văn Dũng", CouncilRole.CHAIR, "Chủ tịch UBND xã", AttendanceStatus.PRESENT),
    ("vice", "Trần Thị Phó", CouncilRole.VICE_CHAIR, "Phó Chủ tịch UBND xã", AttendanceStatus.PRESENT),
    ("standing", "Nguyễn Văn Thường", CouncilRole.STANDING, "Trưởng phòng Văn hóa – Xã hội", AttendanceStatus.PRESENT),
    ("secretary", "Phạm Thị Thư", CouncilRole.SECRETARY, "Phó Trưởng phòng Văn hóa – Xã hội", AttendanceStatus.PRESENT),
    ("m1", "Đặng Văn Kinh", CouncilRole.MEMBER, "Trưởng phòng Kinh tế", AttendanceStatus.PRESENT),
    ("m2", "Hoàng Thị Mặt", CouncilRole.MEMBER, "Chủ tịch Ủy ban MTTQ", AttendanceStatus.PRESENT),
    ("m3", "Vũ Thị Hội", CouncilRole.MEMBER, "Chủ tịch Hội Phụ nữ", AttendanceStatus.PRESENT),
    ("m4", "Bùi Văn Đoàn", CouncilRole.MEMBER, "Bí thư Đoàn", AttendanceStatus.WRITTEN),
    ("m5", "Lê Văn Vắng", CouncilRole.MEMBER, "Chỉ huy trưởng Quân sự", AttendanceStatus.ABSENT),
)  # fmt: skip


@dataclass
class Council:
    session: CouncilSession
    members: dict[str, CouncilMember]
    items: list[AgendaItem]


def build_council(*, state: str = SessionState.FINAL) -> Council:
    """Items: 1 and 2 collectives tied 7–7 for the one collective place (the chair chose 1),
    3 an individual passed with a recusal, 4 an individual failed."""
    centre = UnitFactory(name="Trung tâm Phục vụ hành chính công")
    economy = UnitFactory(name="Phòng Kinh tế")
    office = UnitFactory(name="Phòng Văn hóa – Xã hội")
    round_ = RoundFactory(quota_collectives=1, quota_individuals=10, state="council")
    term = CouncilTerm.objects.create(
        title="Hội đồng TĐKT xã nhiệm kỳ 2025–2030", starts_on=datetime.date(2025, 7, 1)
    )
    members = {}
    for key, name, role, position, _status in SEATS:
        user = UserFactory(username=f"council-{key}", full_name=name, email=f"{key}@example.invalid")
        MembershipFactory(
            user=user, unit=office, role="council_secretary" if key == "secretary" else "council_member"
        )
        members[key] = CouncilMember.objects.create(
            term=term,
            user=user,
            full_name=name,
            position=position,
            role=role,
            joined_on=term.starts_on,
            unit=economy if key == "m1" else None,
        )
    secretary = members["secretary"].user
    meets_at = timezone.make_aware(datetime.datetime(2026, 12, 28, 14, 0))
    session = CouncilSession.objects.create(
        round=round_,
        term=term,
        title="Phiên họp xét khen thưởng hằng năm 2026",
        meets_at=meets_at,
        place="Hội trường UBND xã",
        mode=SessionMode.BOTH,
        method=VotingMethod.SECRET,
        state=state,
        quorum_numerator=2,
        quorum_denominator=3,
        pass_numerator=1,
        pass_denominator=2,
        pass_strict=True,
        written_opinions_count=True,
        members_total=9,
        opened_at=meets_at,
        closed_at=meets_at + datetime.timedelta(hours=1),
        finalised_at=meets_at + datetime.timedelta(hours=2) if state == SessionState.FINAL else None,
        created_by=secretary,
    )
    for key, *_rest, status in SEATS:
        Attendance.objects.create(session=session, member=members[key], status=status, recorded_by=secretary)
    shortlisted = {"state": NominationState.SHORTLISTED, "version": 1}
    centre_proposal = ProposalFactory(round=round_, unit=centre)
    economy_proposal = ProposalFactory(round=round_, unit=economy)
    nominations = [
        NominationFactory(proposal=centre_proposal, collective=True, **shortlisted),
        NominationFactory(proposal=economy_proposal, collective=True, **shortlisted),
        NominationFactory(
            proposal=economy_proposal,
            subject_cadre=CadreFactory(unit=economy, full_name="Ngô Thị Hưởng", position="Chuyên viên"),
            **shortlisted,
        ),
        NominationFactory(
            proposal=centre_proposal,
            subject_cadre=CadreFactory(unit=centre, full_name="Đỗ Văn Trượt", position="Nhân viên"),
            **shortlisted,
        ),
    ]
    # (for, against, abstain, written for/against/abstain, recused, passed, rank, approved, tie reason)
    tallies = (
        (6, 1, 0, 1, 0, 0, 0, True, 1, True, "Tập thể có nhiều sáng kiến được công nhận hơn."),
        (6, 0, 0, 1, 0, 0, 1, True, 1, False, "Tập thể có nhiều sáng kiến được công nhận hơn."),
        (5, 1, 0, 0, 1, 0, 1, True, 1, True, ""),
        (2, 4, 1, 0, 0, 1, 0, False, None, None, ""),
    )
    items = []
    for position, (nomination, tally) in enumerate(zip(nominations, tallies, strict=True), start=1):
        vf, va, vab, wf, wa, wab, recused, passed, rank, approved, reason = tally
        item = AgendaItem.objects.create(
            session=session,
            nomination=nomination,
            position=position,
            state=ItemState.CLOSED,
            votes_for=vf,
            votes_against=va,
            votes_abstain=vab,
            written_for=wf,
            written_against=wa,
            written_abstain=wab,
            members_total=9,
            present=7,
            recused=recused,
            ballots=vf + va + vab,
            passed=passed,
            rank=rank,
            approved=approved,
            tie_reason=reason,
        )
        if recused:
            Recusal.objects.create(
                item=item, member=members["m1"], automatic=True, reason="Thuộc đơn vị trình đề nghị"
            )
        items.append(item)
    return Council(session=session, members=members, items=items)
