"""Messages of the council: voting opened (to present members who may vote, with their own
items), the reminder before voting closes by itself (once, to those who have not voted),
quorum reached (chair, secretary) and the final result (members, office, chairman); the beat
tasks that close expired voting and send the reminders."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from council import tasks
from council.models import AgendaItem, AttendanceStatus, ItemState, SessionState
from council.services import messages, sessions, tally, voting
from nominations.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.factories.council import council_session

pytestmark = pytest.mark.django_db


def _subjects(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_voting_opened_tells_present_members_their_own_items(django_capture_on_commit_callbacks):
    council = council_session(members=5, individuals=2, present=4, written=1)
    first, second = council.items
    sessions.declare_conflict(first, member=council.members[1], reason="Người thân của người được đề nghị")
    ends_at = timezone.now() + datetime.timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        voting.open_voting(council.session, actor=council.secretary, ends_at=ends_at)
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {m.user_id for m in council.members[:4]}
    chair_body = Notification.objects.get(recipient=council.members[0].user).body
    assert f"1. {first.nomination.subject_name}" in chair_body
    assert f"2. {second.nomination.subject_name}" in chair_body
    assert "đối với 2 trường hợp" in chair_body
    assert timezone.localtime(ends_at).strftime("%H:%M") in chair_body
    assert f"/council/sessions/{council.session.pk}/vote/" in chair_body
    recused_body = Notification.objects.get(recipient=council.members[1].user).body
    assert first.nomination.subject_name not in recused_body
    assert "đối với 1 trường hợp" in recused_body
    assert _subjects(council.members[0].user) == [
        f"[Thi đua – Khen thưởng] Mời biểu quyết: {council.session}"
    ]
    assert len(mail.outbox) == 4
    # Sent again (a retried callback): nobody gets it twice.
    messages.notify_voting_opened(council.session, council.items)
    assert Notification.objects.count() == 4


def test_reminder_reaches_those_who_have_not_voted_once():
    now = timezone.now()
    council = council_session(
        members=4, individuals=1, voting=True, ends_at=now + datetime.timedelta(minutes=10)
    )
    item = council.items[0]
    voting.cast_ballot(item, user=council.members[0].user, choice="for")
    assert messages.remind_before_close(now=now) == 3
    reminded = set(Notification.objects.values_list("recipient_id", flat=True))
    assert reminded == {m.user_id for m in council.members[1:]}
    body = Notification.objects.filter(recipient=council.members[1].user).get().body
    assert "Đồng chí chưa biểu quyết đối với 1 trường hợp" in body
    assert item.nomination.subject_name in body
    assert messages.remind_before_close(now=now) == 0


def test_no_reminder_long_before_the_close_or_after_it():
    now = timezone.now()
    council_session(members=3, individuals=1, voting=True, ends_at=now + datetime.timedelta(hours=2))
    assert messages.remind_before_close(now=now) == 0
    assert messages.remind_before_close(now=now + datetime.timedelta(hours=3)) == 0


def test_quorum_reached_tells_chair_and_secretaries(django_capture_on_commit_callbacks, office_unit):
    secretary = UserFactory(username="thuky")
    MembershipFactory(user=secretary, unit=office_unit, role="council_secretary")
    council = council_session(members=6, individuals=1, present=0)
    statuses = {seat.pk: AttendanceStatus.PRESENT for seat in council.members[:4]}
    with django_capture_on_commit_callbacks(execute=True):
        sessions.record_attendance(council.session, actor=council.secretary, statuses=statuses)
    # The factory's second seat is the council's secretary (a key holder of the ballot).
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        council.chair.user_id,
        council.members[1].user_id,
        secretary.pk,
    }
    body = Notification.objects.get(recipient=secretary).body
    assert "đã có 4/6 thành viên Hội đồng có mặt (cần tối thiểu 4)" in body


def test_result_final_tells_members_office_and_chairman(
    django_capture_on_commit_callbacks, vhxh_officer, office_unit
):
    chairman = UserFactory(username="chutich")
    MembershipFactory(user=chairman, unit=office_unit, role="chairman")
    council = council_session(members=3, individuals=2, voting=True)
    passing, failing = council.items
    for seat in council.members:
        voting.cast_ballot(passing, user=seat.user, choice="for")
        voting.cast_ballot(failing, user=seat.user, choice="against")
    voting.close_voting(council.session, actor=council.secretary)
    council.count()
    assert council.session.state == SessionState.CLOSED
    with django_capture_on_commit_callbacks(execute=True):
        tally.finalise_session(council.session, actor=council.secretary)
    expected = {m.user_id for m in council.members} | {vhxh_officer.pk, chairman.pk}
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == expected
    body = Notification.objects.get(recipient=chairman).body
    assert "đề nghị khen thưởng 1/2 trường hợp" in body
    assert f"1. {passing.nomination.subject_name}: 3/3 phiếu đồng ý" in body
    assert failing.nomination.subject_name not in body
    assert "/minutes.pdf" in body


def test_task_closes_expired_voting_and_is_safe_twice():
    council = council_session(
        members=3, individuals=1, voting=True, ends_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    # The set time has passed.
    AgendaItem.objects.update(voting_ends_at=timezone.now() - datetime.timedelta(seconds=1))
    assert tasks.task_close_expired_voting.delay().get() == 1
    council.refresh()
    assert council.items[0].state == ItemState.CLOSED
    assert council.session.state == SessionState.CLOSED
    assert tasks.task_close_expired_voting.delay().get() == 0


def test_task_sends_reminders():
    council_session(
        members=2, individuals=1, voting=True, ends_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert tasks.task_remind_council_voting.delay().get() == 2
    assert tasks.task_remind_council_voting.delay().get() == 0
