"""Deadline reminders to units that have not submitted, and the office's overdue list:
sent on the right days, to the right people, once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from nominations.models import NominationState, Notification, RoundState
from nominations.services import notifications as services
from nominations.tasks import task_send_deadline_reminders
from tests.factories import UnitFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

D = datetime.date
SEVEN_BEFORE = D(2026, 12, 8)  # the round's submit_by is 15/12/2026


@pytest.fixture
def people(unit_staff, unit_head, other_staff, council_member, vhxh_officer, chairman):
    return {"staff": unit_staff, "head": unit_head, "other": other_staff, "officer": vhxh_officer}


def _submit(proposal, state=NominationState.SUBMITTED, **fields):
    return NominationFactory(proposal=proposal, state=state, version=1, **fields)


def _recipients(topic):
    return sorted(Notification.objects.filter(topic=topic).values_list("recipient__username", flat=True))


def test_units_that_have_not_submitted_are_reminded_seven_days_before(annual_round, own_proposal, people):
    _submit(own_proposal)
    assert services.send_deadline_reminders(today=SEVEN_BEFORE) == 1
    assert _recipients(f"reminder:{annual_round.pk}:7") == ["otherstaff"]
    message = Notification.objects.get()
    assert message.round == annual_round
    assert message.subject == (
        "[Thi đua – Khen thưởng] Còn 7 ngày đến hạn gửi đề nghị khen thưởng: Khen thưởng hằng năm 2026"
    )
    assert "nhận hồ sơ đề nghị khen thưởng đến hết ngày 15/12/2026 (còn 7 ngày)" in message.body
    assert "Đến nay Phòng Kinh tế chưa gửi hồ sơ đề nghị nào" in message.body


def test_a_second_run_sends_nothing(annual_round, people):
    assert services.send_deadline_reminders(today=SEVEN_BEFORE) == 3
    assert services.send_deadline_reminders(today=SEVEN_BEFORE) == 0
    assert _recipients(f"reminder:{annual_round.pk}:7") == ["head", "otherstaff", "staff"]


def test_two_days_before_is_a_new_reminder(annual_round, people):
    services.send_deadline_reminders(today=SEVEN_BEFORE)
    assert services.send_deadline_reminders(today=D(2026, 12, 10)) == 0  # 5 days: the 7-day one is sent
    assert services.send_deadline_reminders(today=D(2026, 12, 13)) == 3
    assert services.send_deadline_reminders(today=D(2026, 12, 14)) == 0
    assert services.send_deadline_reminders(today=D(2026, 12, 15)) == 0
    assert _recipients(f"reminder:{annual_round.pk}:2") == ["head", "otherstaff", "staff"]


def test_a_missed_day_is_caught_up_once(annual_round, people):
    assert services.send_deadline_reminders(today=D(2026, 12, 11)) == 3
    assert _recipients(f"reminder:{annual_round.pk}:7") == ["head", "otherstaff", "staff"]
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert subjects == {
        "[Thi đua – Khen thưởng] Còn 4 ngày đến hạn gửi đề nghị khen thưởng: Khen thưởng hằng năm 2026"
    }


@pytest.mark.parametrize("today", [D(2026, 11, 30), D(2026, 12, 7), D(2026, 12, 16)])
def test_no_reminder_outside_the_window(annual_round, people, today):
    assert services.send_deadline_reminders(today=today) == 0


@pytest.mark.parametrize("state", [RoundState.DRAFT, RoundState.CLOSED, RoundState.REVIEW])
def test_rounds_not_open_send_no_reminder(annual_round, people, state):
    annual_round.state = state
    annual_round.save()
    assert services.send_deadline_reminders(today=SEVEN_BEFORE) == 0


@pytest.mark.parametrize(
    ("state", "reminded"),
    [
        (NominationState.SUBMITTED, False),
        (NominationState.ACCEPTED, False),
        (NominationState.SHORTLISTED, False),
        (NominationState.REJECTED, False),
        (NominationState.DRAFT, True),
        (NominationState.RETURNED, True),
        (NominationState.WITHDRAWN, True),
    ],
)
def test_which_nominations_count_as_submitted(annual_round, own_proposal, people, state, reminded):
    _submit(own_proposal, state=state)
    services.send_deadline_reminders(today=SEVEN_BEFORE)
    assert ("staff" in _recipients(f"reminder:{annual_round.pk}:7")) is reminded


def test_a_submission_in_another_round_does_not_count(annual_round, own_unit, people):
    other_round = RoundFactory(title="Khen thưởng đột xuất", adhoc=True, submit_by=D(2026, 12, 31))
    _submit(ProposalFactory(round=other_round, unit=own_unit))
    services.send_deadline_reminders(today=SEVEN_BEFORE)
    assert _recipients(f"reminder:{annual_round.pk}:7") == ["head", "otherstaff", "staff"]


def test_inactive_units_are_not_reminded(annual_round, other_unit, people):
    other_unit.is_active = False
    other_unit.save()
    services.send_deadline_reminders(today=SEVEN_BEFORE)
    assert _recipients(f"reminder:{annual_round.pk}:7") == ["head", "staff"]


def test_reminders_are_emailed(annual_round, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_deadline_reminders(today=SEVEN_BEFORE)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "head@example.test",
        "otherstaff@example.test",
        "staff@example.test",
    ]


def test_office_gets_the_overdue_list_daily(annual_round, own_proposal, own_cadre, people):
    _submit(own_proposal, subject_cadre=own_cadre, settle_by=D(2026, 12, 1))
    _submit(own_proposal, settle_by=D(2026, 12, 8))  # due today: not overdue
    _submit(own_proposal, state=NominationState.ACCEPTED, settle_by=D(2026, 11, 1))  # settled
    today = D(2026, 12, 8)
    assert services.send_deadline_reminders(today=today) == 2  # the other unit's reminder + the office
    (message,) = Notification.objects.filter(topic="overdue:2026-12-08")
    assert message.recipient == people["officer"]
    assert message.subject == "[Thi đua – Khen thưởng] 1 hồ sơ quá hạn giải quyết (ngày 08/12/2026)"
    assert (
        "1. Nguyễn Thị Hưởng – Trung tâm Phục vụ hành chính công – Khen thưởng hằng năm 2026: "
        "hạn 01/12/2026, quá 5 ngày làm việc"
    ) in message.body
    assert services.send_deadline_reminders(today=today) == 0
    assert services.send_deadline_reminders(today=D(2026, 12, 9)) == 1
    assert Notification.objects.filter(topic="overdue:2026-12-09").count() == 1


def test_no_overdue_message_when_nothing_is_late(annual_round, own_proposal, people):
    _submit(own_proposal, settle_by=D(2026, 12, 20))
    services.send_deadline_reminders(today=D(2026, 12, 1))
    assert not Notification.objects.filter(topic__startswith="overdue:").exists()


def test_the_task_uses_today(people):
    round_ = RoundFactory(submit_by=timezone.localdate() + datetime.timedelta(days=2))
    UnitFactory(name="Đơn vị không có tài khoản")  # no one to remind there
    assert task_send_deadline_reminders() == 3
    assert task_send_deadline_reminders() == 0
    assert _recipients(f"reminder:{round_.pk}:2") == ["head", "otherstaff", "staff"]
