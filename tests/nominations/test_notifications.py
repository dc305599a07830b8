"""Messages on a nomination's transitions: recipients, rendered text, e-mail after commit,
frozen text, topics sent once, and who sees the messages about a dossier."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from nominations.models import NominationState, Notification
from nominations.services import notifications as services
from tests.factories import MembershipFactory, UserFactory
from tests.factories.nominations import NominationFactory

SITE = "https://thidua.anbinh.example.vn"
PREFIX = "[Thi đua – Khen thưởng] Hồ sơ đề nghị khen thưởng Nguyễn Thị Hưởng"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE + "/"
    settings.DEFAULT_FROM_EMAIL = "Thi đua xã An Bình <thidua@anbinh.example.vn>"


@pytest.fixture
def nomination(own_proposal, own_cadre):
    return NominationFactory(proposal=own_proposal, subject_cadre=own_cadre, submitted=True)


@pytest.fixture
def people(unit_staff, unit_head, other_staff, vhxh_officer, chairman, administrator, council_member):
    return {"staff": unit_staff, "head": unit_head, "officer": vhxh_officer}


UNIT_SUBJECTS = {
    "returned": f"{PREFIX} được trả lại để bổ sung",
    "accepted": f"{PREFIX} đã được chấp nhận",
    "rejected": f"{PREFIX} không được chấp nhận",
    "shortlisted": f"{PREFIX} được trình Hội đồng Thi đua – Khen thưởng",
}


@pytest.mark.parametrize(("to_state", "subject"), UNIT_SUBJECTS.items())
def test_unit_transitions_reach_the_proposing_units_people(nomination, people, to_state, subject):
    sent = services.notify_transition(
        nomination, to_state=to_state, reason="Thiếu bản sao bằng khen năm 2025", actor=people["officer"]
    )
    assert [n.recipient for n in sent] == [people["staff"], people["head"]]
    assert {n.subject for n in sent} == {subject}
    body = sent[0].body
    assert body.startswith(f"Kính gửi {people['staff'].full_name},\n\n")
    assert "- Đối tượng đề nghị: Nguyễn Thị Hưởng\n" in body
    assert "- Đơn vị đề nghị: Trung tâm Phục vụ hành chính công\n" in body
    assert "- Đợt xét: Khen thưởng hằng năm 2026\n" in body
    with __import__("django.utils.translation").utils.translation.override("vi"):
        label = str(NominationState(to_state).label)
    assert f"- Trạng thái mới: {label}\n" in body
    assert "Thiếu bản sao bằng khen năm 2025" in body
    link = SITE + reverse("nominations:nomination_detail", args=[nomination.pk])
    assert f"Xem hồ sơ: {link}\n" in body
    assert all(n.nomination == nomination and n.round == nomination.round and n.topic == "" for n in sent)


def test_returned_body_is_exact(nomination, people):
    (first, _) = services.notify_transition(
        nomination, to_state="returned", reason="Thiếu minh chứng", actor=people["officer"]
    )
    link = SITE + reverse("nominations:nomination_detail", args=[nomination.pk])
    state = first.body.split("- Trạng thái mới: ")[1].split("\n")[0]
    assert first.body == (
        f"Kính gửi {people['staff'].full_name},\n\n"
        "Phòng Văn hóa – Xã hội trả lại hồ sơ đề nghị khen thưởng để đơn vị bổ sung, hoàn thiện:\n\n"
        "- Đối tượng đề nghị: Nguyễn Thị Hưởng\n"
        "- Đơn vị đề nghị: Trung tâm Phục vụ hành chính công\n"
        "- Hình thức khen thưởng: Giấy khen của Chủ tịch UBND xã\n"
        "- Đợt xét: Khen thưởng hằng năm 2026\n"
        f"- Trạng thái mới: {state}\n"
        "- Lý do trả lại: Thiếu minh chứng\n\n"
        "Đề nghị đơn vị chỉnh sửa, bổ sung hồ sơ và gửi lại trước hạn của đợt xét (15/12/2026).\n\n"
        f"Xem hồ sơ: {link}\n\n"
        "Phòng Văn hóa – Xã hội\n"
        "(Tin nhắn tự động của Cổng thông tin Thi đua – Khen thưởng)"
    )


def test_submitted_reaches_the_office_only(nomination, people):
    nomination.settle_by = datetime.date(2027, 1, 13)
    sent = services.notify_transition(nomination, to_state="submitted", reason="", actor=people["staff"])
    assert [n.recipient for n in sent] == [people["officer"]]
    (message,) = sent
    assert message.subject == (
        "[Thi đua – Khen thưởng] Trung tâm Phục vụ hành chính công gửi hồ sơ đề nghị khen thưởng Nguyễn Thị Hưởng"
    )
    assert "- Hạn giải quyết (20 ngày làm việc): 13/01/2027\n" in message.body
    link = SITE + reverse("nominations:nomination_review", args=[nomination.pk])
    assert f"Thẩm định hồ sơ: {link}\n" in message.body


@pytest.mark.parametrize("to_state", ["withdrawn", "draft"])
def test_other_moves_send_nothing(nomination, people, to_state):
    assert services.notify_transition(nomination, to_state=to_state, reason="", actor=people["staff"]) == []
    assert Notification.objects.count() == 0


def test_emails_leave_after_commit(nomination, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = services.notify_transition(nomination, to_state="accepted", reason="", actor=people["officer"])
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[people["staff"].email], [people["head"].email]]
    assert {m.subject for m in mail.outbox} == {UNIT_SUBJECTS["accepted"]}
    assert {m.from_email for m in mail.outbox} == {"Thi đua xã An Bình <thidua@anbinh.example.vn>"}
    assert mail.outbox[0].body == sent[0].body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_no_email_when_the_transaction_rolls_back(nomination, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify_transition(nomination, to_state="accepted", reason="", actor=people["officer"])
    assert len(callbacks) == 1  # registered, never run: nothing was committed
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 0


def test_users_without_email_get_only_the_inbox(
    nomination, own_unit, people, django_capture_on_commit_callbacks
):
    quiet = UserFactory(email="")
    MembershipFactory(user=quiet, unit=own_unit, role="unit_staff")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.notify_transition(
            nomination, to_state="rejected", reason="Không đủ điều kiện", actor=people["officer"]
        )
    assert [n.recipient for n in sent] == [people["staff"], people["head"], quiet]
    assert len(mail.outbox) == 2
    assert Notification.objects.get(recipient=quiet).emailed_at is None


def test_inactive_accounts_get_nothing(nomination, people):
    people["head"].is_active = False
    people["head"].save()
    sent = services.notify_transition(nomination, to_state="returned", reason="x", actor=people["officer"])
    assert [n.recipient for n in sent] == [people["staff"]]


def test_message_text_is_frozen_when_sent(nomination, own_cadre, people):
    (message, _) = services.notify_transition(
        nomination, to_state="returned", reason="x", actor=people["officer"]
    )
    own_cadre.full_name = "Trần Văn Đổi"
    own_cadre.save()
    nomination.refresh_from_db()
    # Rendering now would say the new name; the stored message does not change.
    subject, _body = services.render_message("returned", {"subject_name": nomination.subject_name})
    assert subject == "[Thi đua – Khen thưởng] Hồ sơ đề nghị khen thưởng Trần Văn Đổi được trả lại để bổ sung"
    message.refresh_from_db()
    assert message.subject == UNIT_SUBJECTS["returned"]
    assert "Trần Văn Đổi" not in message.body
    assert "Nguyễn Thị Hưởng" in message.body


def test_text_is_not_html_escaped(own_unit, people, annual_round):
    subject, body = services.render_message(
        "reminder",
        {
            "round": "Thi đua “Dân vận khéo” & CCHC",
            "days_left": 2,
            "unit": own_unit,
            "recipient": people["staff"],
        },
    )
    assert (
        subject
        == "[Thi đua – Khen thưởng] Còn 2 ngày đến hạn gửi đề nghị khen thưởng: Thi đua “Dân vận khéo” & CCHC"
    )
    assert "&amp;" not in body


def test_a_topic_is_sent_once_per_recipient(people, annual_round):
    context = {"round": annual_round, "days_left": 7, "unit": "Phòng Kinh tế", "link": SITE}
    first = services.notify(
        [people["staff"], people["head"]], template="reminder", context=context, topic="t:1"
    )
    again = services.notify(
        [people["staff"], people["head"], people["officer"]],
        template="reminder",
        context=context,
        topic="t:1",
    )
    assert len(first) == 2
    assert [n.recipient for n in again] == [people["officer"]]
    assert Notification.objects.filter(topic="t:1").count() == 3


def test_duplicate_recipients_get_one_message(people, annual_round):
    context = {"round": annual_round, "days_left": 7, "unit": "x", "link": SITE}
    sent = services.notify([people["staff"], people["staff"]], template="reminder", context=context)
    assert len(sent) == 1


def test_messages_about_a_nomination_by_viewer(nomination, people, other_staff, chairman):
    services.notify_transition(nomination, to_state="submitted", reason="", actor=people["staff"])
    services.notify_transition(nomination, to_state="returned", reason="x", actor=people["officer"])
    recipients = lambda user: [n.recipient for n in services.messages_about(nomination, user)]  # noqa: E731
    assert sorted(u.username for u in recipients(people["officer"])) == ["head", "officer", "staff"]
    assert sorted(u.username for u in recipients(chairman)) == ["head", "officer", "staff"]
    assert sorted(u.username for u in recipients(people["staff"])) == ["head", "staff"]
    assert recipients(other_staff) == []


def test_settle_by_is_twenty_working_days_later():
    assert services.settle_by_for(datetime.date(2026, 2, 2)) == datetime.date(2026, 3, 9)
    assert services.settle_by_for(datetime.date(2026, 12, 1)) == datetime.date(2026, 12, 29)
