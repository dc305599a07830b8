"""The demo council seed_demo adds: nine seats with units (so recusals happen by themselves),
a final session of a past round voted through the services with its printed minutes, and a
session ready to open on a 2026 round at the council."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from council import documents as council_documents
from council.models import (
    AttendanceStatus,
    CouncilRole,
    CouncilSession,
    CouncilTerm,
    ItemState,
    SessionState,
    VoterMark,
)
from council.services import tally
from demo import council as council_demo
from demo import nominations as demo_data
from nominations.models import Notification, Round, RoundState
from tests.nominations.test_documents import pdf_text


@pytest.fixture
def seeded(demo, settings):
    # Seeded once for the module (tests/conftest.py), with what waits for its commit run;
    # DEBUG lets a test run it again.
    settings.DEBUG = True
    return CouncilTerm.objects.get(title=council_demo.TERM_TITLE)


def test_demo_council_has_nine_seats_with_units(seeded):
    seats = {m.user.username: m for m in seeded.members.select_related("user", "unit", "cadre")}
    assert len(seats) == 9
    assert "hoidong7" not in seats
    assert seats["chutich"].role == CouncilRole.CHAIR
    assert seats["hoidong1"].role == CouncilRole.VICE_CHAIR
    assert seats["vhxh"].role == CouncilRole.STANDING
    assert seats["thuky"].role == CouncilRole.SECRETARY
    assert all(m.unit_id for m in seats.values())
    assert seats["chutich"].full_name == "Lý Văn Dũng"


def test_demo_past_session_is_final_with_recusals_votes_and_quota(seeded):
    session = CouncilSession.objects.get(round__title=council_demo.PAST_TITLE)
    assert session.state == SessionState.FINAL
    # The demo decision (decision_demo) was issued on the result, so the round is decided.
    assert session.round.state == RoundState.DECIDED
    assert session.members_total == 9
    assert session.attendance.filter(status=AttendanceStatus.WRITTEN).count() == 1
    assert session.minutes_scan is not None
    assert session.finalised_at.year == 2025
    # Held on the meeting day: the services stamped each move, and its transition, at that moment.
    moves = list(session.transitions.order_by("at").values_list("to_state", "at"))
    assert moves == [
        (SessionState.OPEN, session.opened_at),
        (SessionState.CLOSED, session.closed_at),
        (SessionState.FINAL, session.finalised_at),
    ]
    assert timezone.localtime(session.opened_at).date() == timezone.localdate(session.meets_at)
    items = list(session.items.order_by("position"))
    assert all(item.state == ItemState.CLOSED for item in items)
    recused = {item.nomination.subject_name: item.recusals.count() for item in items}
    assert recused["Văn phòng HĐND và UBND"] == 1
    assert max(recused.values()) == 3  # the office's officer: three seats of the office
    for item in items:
        assert (
            VoterMark.objects.filter(item=item).count()
            == item.ballots
            == 8
            - item.recusals.filter(
                member__user__username__in=[s[0] for s in council_demo.SEATS if s[0] != "hoidong6"]
            ).count()
        )
    rows = {r.subject_name: r for r in tally.result_rows(session)}
    assert [r.approved for r in rows.values()] == [True, True, True, False]
    failed = list(rows.values())[-1]
    assert (failed.recused, failed.in_favour, failed.base, failed.votes_needed) == (3, 3, 6, 4)


def test_demo_past_minutes_print(seeded):
    session = CouncilSession.objects.get(round__title=council_demo.PAST_TITLE)
    text = pdf_text(council_documents.minutes_pdf(session))
    assert "Thời gian: 08 giờ 00 phút, ngày 12 tháng 9 năm 2025." in text
    assert "Chủ trì: Lý Văn Dũng – Chủ tịch Hội đồng" in text
    assert "Tổng số thành viên Hội đồng: 9 người; có mặt: 8 người" in text
    letter = pdf_text(council_documents.letter_pdf(session))
    assert "cho 02 tập thể và 01 cá nhân" in letter


def test_demo_current_session_is_ready_to_open(seeded):
    session = CouncilSession.objects.get(round__title=council_demo.CURRENT_TITLE)
    assert session.state == SessionState.DRAFT
    assert session.round.state == RoundState.COUNCIL
    assert session.items.count() == 3
    assert session.attendance.filter(status=AttendanceStatus.PRESENT).count() == 8
    annual = Round.objects.get(title=demo_data.TITLE)
    assert annual.state == RoundState.OPEN


def test_demo_council_is_seeded_once(seeded, django_capture_on_commit_callbacks, in_thuong_phuc):
    messages = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert CouncilTerm.objects.count() == 1
    assert CouncilSession.objects.count() == 2
    assert Notification.objects.count() == messages
