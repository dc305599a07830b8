"""The inbox page, marking messages read, the menu badge and the messages on a dossier."""

import datetime

import pytest
from django.db import connection
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nominations.models import Notification
from nominations.services import notifications as services
from tests.factories.nominations import NominationFactory

INBOX = reverse("nominations:inbox")
READ = reverse("nominations:inbox_read")


def _message(user, subject="Thông báo", **fields):
    return Notification.objects.create(
        recipient=user, subject=subject, body="Nội dung\nhttps://x.example.vn/a", **fields
    )


def test_inbox_lists_own_messages_newest_first_with_unread_marked(client_for, unit_staff, other_staff):
    older = _message(unit_staff, "Chưa đọc cũ")
    read = _message(unit_staff, "Đã đọc", read_at=timezone.now())
    newer = _message(unit_staff, "Chưa đọc mới")
    _message(other_staff, "Của người khác")
    response = client_for(unit_staff).get(INBOX)
    assert list(response.context["page_obj"].object_list) == [newer, read, older]
    assert response.context["unread"] == 2
    html = response.content.decode()
    assert "Của người khác" not in html
    assert html.count("inbox-item unread") == 2
    # A list, not the whole bodies: each row opens its message.
    assert "message-body" not in html
    for message in (newer, read, older):
        assert f'href="{reverse("nominations:inbox_message", args=[message.pk])}"' in html


def test_inbox_filter_keeps_the_unread(client_for, unit_staff):
    unread = _message(unit_staff, "Chưa đọc")
    _message(unit_staff, "Đã đọc", read_at=timezone.now())
    response = client_for(unit_staff).get(INBOX + "?show=unread")
    assert list(response.context["page_obj"].object_list) == [unread]
    html = response.content.decode()
    assert 'aria-current="page" id="show-all"' not in html
    assert 'aria-current="page" id="show-unread"' in html
    assert f'href="{reverse("nominations:inbox_message", args=[unread.pk])}?show=unread"' in html


def test_unread_filter_with_everything_read_says_so(client_for, unit_staff):
    _message(unit_staff, read_at=timezone.now())
    html = client_for(unit_staff).get(INBOX + "?show=unread").content.decode()
    assert "You have read all your messages." in html


def test_opening_a_message_shows_it_marks_it_read_and_links_its_page(client_for, unit_staff, settings):
    settings.SITE_URL = "https://thidua.example.vn"
    message = Notification.objects.create(
        recipient=unit_staff,
        subject="Hồ sơ bị trả lại",
        body="Lý do: thiếu Mẫu 08.\nXem hồ sơ: https://thidua.example.vn/nominations/7/.\nhttps://x.example.vn/a",
    )
    other = _message(unit_staff)
    response = client_for(unit_staff).get(reverse("nominations:inbox_message", args=[message.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lý do: thiếu Mẫu 08." in html
    assert 'href="/nominations/7/" id="message-target"' in html
    assert '<a href="https://x.example.vn/a"' in html
    message.refresh_from_db()
    other.refresh_from_db()
    assert message.read_at is not None
    assert other.read_at is None


def test_opening_again_keeps_the_first_reading_time(client_for, unit_staff):
    first = timezone.now() - datetime.timedelta(days=3)
    message = _message(unit_staff, read_at=first)
    html = (
        client_for(unit_staff).get(reverse("nominations:inbox_message", args=[message.pk])).content.decode()
    )
    message.refresh_from_db()
    assert message.read_at == first
    assert 'id="message-target"' not in html  # its only link leaves the portal


def test_another_users_message_does_not_open(client_for, unit_staff, unit_head):
    theirs = _message(unit_head, "Của trưởng đơn vị")
    response = client_for(unit_staff).get(reverse("nominations:inbox_message", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_inbox_is_paginated(client_for, unit_staff):
    for i in range(30):
        _message(unit_staff, f"Tin {i}")
    client = client_for(unit_staff)
    assert len(client.get(INBOX).context["page_obj"].object_list) == 25
    assert [m.subject for m in client.get(INBOX + "?page=2").context["page_obj"].object_list] == [
        f"Tin {i}" for i in range(4, -1, -1)
    ]


def test_empty_inbox_says_so(client_for, council_member):
    assert "Your inbox is empty." in client_for(council_member).get(INBOX).content.decode()


def test_mark_one_read(client_for, unit_staff):
    message, other = _message(unit_staff), _message(unit_staff)
    response = client_for(unit_staff).post(READ, {"message": message.pk, "page": "2"})
    assert response.status_code == 302
    assert response.url == INBOX + "?page=2"
    message.refresh_from_db()
    other.refresh_from_db()
    assert message.read_at is not None
    assert other.read_at is None


def test_marking_again_keeps_the_first_time(client_for, unit_staff):
    first = timezone.now() - datetime.timedelta(days=3)
    message = _message(unit_staff, read_at=first)
    assert client_for(unit_staff).post(READ, {"message": message.pk}).status_code == 302
    message.refresh_from_db()
    assert message.read_at == first


@pytest.mark.parametrize("value", ["999999", "abc", "-1"])
def test_unknown_message_is_not_found(client_for, unit_staff, value):
    _message(unit_staff)
    assert client_for(unit_staff).post(READ, {"message": value}).status_code == 404
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_another_users_message_cannot_be_marked_read(client_for, unit_staff, unit_head):
    theirs = _message(unit_head)
    assert client_for(unit_staff).post(READ, {"message": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_own(client_for, unit_staff, unit_head):
    mine = [_message(unit_staff), _message(unit_staff)]
    theirs = _message(unit_head)
    client = client_for(unit_staff)
    response = client.post(READ, {"show": "unread"})
    assert response.url == INBOX + "?show=unread"
    response = client.get(response.url)
    assert "2 messages marked as read." in response.content.decode()
    assert Notification.objects.filter(pk__in=[m.pk for m in mine], read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    again = client_for(unit_staff).post(READ, follow=True)
    assert "There is no unread message." in again.content.decode()


def test_get_is_not_allowed_and_anonymous_goes_to_login(client, client_for, unit_staff):
    assert client_for(unit_staff).get(READ).status_code == 405
    response = client.post(READ)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_inbox_query_count_does_not_grow(client_for, unit_staff, django_assert_max_num_queries):
    client = client_for(unit_staff)
    counts = []
    for total in (1, 25):
        while Notification.objects.filter(recipient=unit_staff).count() < total:
            _message(unit_staff)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INBOX).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(12):
        client.get(INBOX)


def _render(template, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(template, {"user": user, **context}, request=request)


def test_nav_badge_counts_unread_in_one_query(unit_staff, django_assert_num_queries):
    for _ in range(3):
        _message(unit_staff)
    _message(unit_staff, read_at=timezone.now())
    with django_assert_num_queries(1):  # no context processors here: the include alone
        html = get_template("nominations/inbox/_nav_badge.html").render({"user": unit_staff})
    assert 'id="nav-unread">3<' in html
    assert INBOX in html


def test_nav_badge_hides_a_zero(unit_staff):
    html = _render("nominations/inbox/_nav_badge.html", unit_staff)
    assert "nav-unread" not in html
    assert INBOX in html


@pytest.fixture
def nomination(own_proposal, own_cadre):
    return NominationFactory(
        proposal=own_proposal, subject_cadre=own_cadre, submitted=True, settle_by=datetime.date(2027, 1, 13)
    )


def test_dossier_shows_its_messages_by_viewer(nomination, unit_staff, unit_head, vhxh_officer):
    services.notify_transition(nomination, to_state="submitted", reason="", actor=unit_staff)
    services.notify_transition(nomination, to_state="returned", reason="x", actor=vhxh_officer)
    Notification.objects.filter(recipient=unit_head).update(read_at=timezone.now())
    office = _render("nominations/inbox/_messages.html", vhxh_officer, nomination=nomination)
    unit = _render("nominations/inbox/_messages.html", unit_staff, nomination=nomination)
    assert office.count('<tr id="message-') == 3
    assert unit.count('<tr id="message-') == 2
    assert "gửi hồ sơ đề nghị khen thưởng Nguyễn Thị Hưởng" in office
    assert "gửi hồ sơ đề nghị khen thưởng Nguyễn Thị Hưởng" not in unit
    assert unit.count("Not read") == 1
    assert "13/01/2027" in unit


def test_dossier_without_messages_says_so(nomination, unit_staff):
    html = _render("nominations/inbox/_messages.html", unit_staff, nomination=nomination)
    assert "No message has been sent about this nomination." in html


def test_review_page_shows_the_messages(client_for, nomination, unit_staff, vhxh_officer):
    services.notify_transition(nomination, to_state="submitted", reason="", actor=unit_staff)
    html = (
        client_for(vhxh_officer)
        .get(reverse("nominations:nomination_review", args=[nomination.pk]))
        .content.decode()
    )
    assert 'id="nomination-messages"' in html
    assert "gửi hồ sơ đề nghị khen thưởng Nguyễn Thị Hưởng" in html
