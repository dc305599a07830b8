"""The menu's Commendation entries follow each role's permissions; the inbox shows unread."""

import pytest
from django.urls import reverse

from nominations.models import Notification

ROUNDS = reverse("nominations:round_list")
QUEUE = reverse("nominations:review_queue")
OVERDUE = reverse("nominations:overdue_list")
DISCIPLINE = reverse("nominations:discipline_list")
INBOX = reverse("nominations:inbox")


def _menu(client) -> str:
    html = client.get(reverse("home")).content.decode()
    return html[html.index('id="mainnav"') : html.index("</nav>")]


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("unit_staff", [ROUNDS, INBOX], [QUEUE, OVERDUE, DISCIPLINE]),
        ("vhxh_officer", [ROUNDS, QUEUE, OVERDUE, DISCIPLINE, INBOX], []),
        ("chairman", [ROUNDS, QUEUE, INBOX], [OVERDUE, DISCIPLINE]),
    ],
)
def test_menu_links_follow_permissions(request, client_for, persona, shown, hidden):
    menu = _menu(client_for(request.getfixturevalue(persona)))
    for url in shown:
        assert f'href="{url}"' in menu, url
    for url in hidden:
        assert f'href="{url}"' not in menu, url


def test_inbox_badge_counts_unread(client_for, unit_staff):
    for n in range(3):
        Notification.objects.create(recipient=unit_staff, subject=f"Thông báo {n}", body="…", topic=f"t{n}")
    Notification.objects.filter(subject="Thông báo 0").update(read_at="2026-11-20T08:00:00Z")
    menu = _menu(client_for(unit_staff))
    assert '<span class="badge rounded-pill text-bg-danger" id="nav-unread">2<' in menu
