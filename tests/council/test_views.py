"""The secretary's council screens end to end: terms and seats, a session on a round at the
council, attendance and quorum, opening and closing the voting, progress without results,
the result with the chair's tie decision, finalising; the menu and the home panel."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.models import (
    AttendanceStatus,
    CouncilMember,
    CouncilSession,
    CouncilTerm,
    ItemState,
    SessionState,
)
from council.services import tally, voting
from nominations.models import RoundState
from tests.factories import UserFactory
from tests.factories.council import CouncilMemberFactory, CouncilTermFactory, council_session, shortlisted
from tests.factories.nominations import RoundFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_secretary_creates_a_term_and_its_seats(client_for, council_secretary):
    client = client_for(council_secretary)
    response = client.post(
        reverse("council:term_create"),
        {"title": "Hội đồng TĐKT 2026–2031", "starts_on": "2026-01-01", "decision_number": "12/QĐ-UBND"},
    )
    term = CouncilTerm.objects.get()
    assert response["Location"] == reverse("council:term_detail", args=[term.pk])
    user = UserFactory(full_name="Trần Văn Chủ")
    response = client.post(
        reverse("council:term_detail", args=[term.pk]),
        {"user": user.pk, "role": "chair", "joined_on": "2026-01-01"},
        follow=True,
    )
    seat = CouncilMember.objects.get()
    assert (seat.user, seat.role, seat.full_name) == (user, "chair", "Trần Văn Chủ")
    assert "Trần Văn Chủ was given a seat." in _messages(response)
    response = client.post(
        reverse("council:member_end", args=[seat.pk]), {"left_on": "2026-06-30"}, follow=True
    )
    seat.refresh_from_db()
    assert seat.left_on == datetime.date(2026, 6, 30)


def test_refused_seat_is_shown_beside_the_form(client_for, council_secretary):
    term = CouncilTermFactory()
    response = client_for(council_secretary).post(
        reverse("council:term_detail", args=[term.pk]),
        {"user": UserFactory().pk, "role": "member", "joined_on": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "The joining date must fall within the term" in response.content.decode()
    assert not CouncilMember.objects.exists()


def test_secretary_runs_a_session_end_to_end(client_for, council_secretary):
    term = CouncilTermFactory()
    seats = [CouncilMemberFactory(term=term, chair=(i == 0), secretary=(i == 1)) for i in range(3)]
    round = RoundFactory(state=RoundState.COUNCIL, quota_individuals=10)
    nominations = shortlisted(round, individuals=2)
    client = client_for(council_secretary)

    response = client.get(reverse("council:session_create") + f"?round={round.pk}")
    assert response.status_code == 200
    response = client.post(
        reverse("council:session_create") + f"?round={round.pk}",
        {
            "round": round.pk,
            "term": term.pk,
            "title": "Phiên họp xét 2026",
            "meets_at": "2026-12-28T08:00",
            "mode": "both",
            "method": "secret",
        },
    )
    session = CouncilSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert set(session.items.values_list("nomination", flat=True)) == {n.pk for n in nominations}

    # Attendance: 2 present of 3 meets the quorum of ceil(3 × 2/3) = 2.
    response = client.post(
        reverse("council:session_attendance", args=[session.pk]),
        {
            f"member_{seats[0].pk}": AttendanceStatus.PRESENT,
            f"member_{seats[1].pk}": AttendanceStatus.PRESENT,
            f"member_{seats[2].pk}": AttendanceStatus.ABSENT,
        },
        follow=True,
    )
    html = response.content.decode()
    assert 'id="quorum-present">2<' in html
    assert 'id="quorum-met"' in html

    # Opening the session asks first, stating the consequence; the page posts it again.
    response = client.post(reverse("council:session_open", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open the session?" in html
    assert "2 present; 2 needed for the quorum." in html
    assert f"Not present: {seats[2].full_name}" in html
    session.refresh_from_db()
    assert session.state == SessionState.DRAFT
    client.post(reverse("council:session_open", args=[session.pk]), {"confirmed": "1"})
    session.refresh_from_db()
    assert session.state == SessionState.OPEN
    # The chair and the secretary take their key codes, each shown once.
    codes = {}
    for seat in seats[:2]:
        page = client_for(seat.user).post(reverse("council:session_key_code", args=[session.pk]))
        assert page["Cache-Control"].startswith("max-age=0")
        codes[seat.pk] = re.search(r'id="officer-code">([A-Z2-7-]+)<', page.content.decode()).group(1)
    first, second = session.items.order_by("position")
    response = client.post(reverse("council:voting_open", args=[session.pk]), {"items": [first.pk]})
    html = response.content.decode()
    assert "Open the voting?" in html
    assert f'<input type="hidden" name="items" value="{first.pk}">' in html
    first.refresh_from_db()
    assert first.state == ItemState.PENDING
    client.post(reverse("council:voting_open", args=[session.pk]), {"items": [first.pk], "confirmed": "1"})
    first.refresh_from_db()
    assert first.state == ItemState.VOTING

    voting.cast_ballot(first, user=seats[0].user, choice="for")
    html = client.get(session.get_absolute_url()).content.decode()
    row = html[html.index(f'id="item-{first.pk}"') :]
    monitor = '<span class="voted-count">1</span>/<span class="voted-expected">2</span> present have voted'
    assert monitor in row[: row.index("</tr>")]
    assert "votes_for" not in html

    # Closing asks first, naming the present member who has not voted and the item never voted.
    response = client.post(reverse("council:voting_close", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Close the voting?" in html
    assert f"1. {first.nomination.subject_name}: 1 of 2 present members have not voted" in html
    assert f"<li>{seats[1].full_name}</li>" in html
    assert f"<li>{seats[0].full_name}</li>" not in html
    assert f"<li>2. {second.nomination.subject_name}</li>" in html
    assert '<input type="hidden" name="confirm_unvoted" value="1">' in html
    first.refresh_from_db()
    assert first.state == ItemState.VOTING
    voting.cast_ballot(first, user=seats[1].user, choice="for")
    response = client.post(
        reverse("council:voting_close", args=[session.pk]), {"confirm_unvoted": "1", "confirmed": "1"}
    )
    # The result waits for the key holders' codes, entered on the session's page.
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED
    # Nothing is shown until the key holders enter their codes.
    html = client.get(reverse("council:session_result", args=[session.pk])).content.decode()
    assert f'id="result-{first.pk}"' not in html
    assert client.get(reverse("council:session_minutes_pdf", args=[session.pk])).status_code == 403
    for seat in seats[:2]:
        client_for(seat.user).post(
            reverse("council:session_key_share", args=[session.pk]), {"code": codes[seat.pk]}
        )

    html = client.get(reverse("council:session_result", args=[session.pk])).content.decode()
    result = html[html.index(f'id="result-{first.pk}"') :]
    result = result[: result.index("</tr>")]
    assert "Passed" in result
    for figure, value in (("members_total", 3), ("present", 2), ("recused", 0)):
        assert f'<span data-figure="{figure}">{value}</span>' in result
    response = client.post(reverse("council:session_finalise", args=[session.pk]))
    assert "Make the result final?" in response.content.decode()
    assert (
        f"1. {first.nomination.subject_name}: Passed – 2/3 in favour, 2 needed" in response.content.decode()
    )
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED
    response = client.post(
        reverse("council:session_finalise", args=[session.pk]), {"confirmed": "1"}, follow=True
    )
    session.refresh_from_db()
    assert session.state == SessionState.FINAL
    assert "The result of the session is final." in _messages(response)


def test_opening_the_voting_without_quorum_is_refused(client_for, council_secretary):
    council = council_session(members=3, present=1)
    response = client_for(council_secretary).post(
        reverse("council:voting_open", args=[council.session.pk]), follow=True
    )
    assert len(_messages(response)) == 1
    assert set(council.session.items.values_list("state", flat=True)) == {ItemState.PENDING}


def test_written_opinions_and_hands_are_recorded(client_for, council_secretary):
    council = council_session(members=5, present=4, written=1, method="hands", voting=True)
    item, client = council.items[0], client_for(council_secretary)
    client.post(
        reverse("council:item_hands", args=[item.pk]),
        {"votes_for": 3, "votes_against": 1, "votes_abstain": 0},
    )
    client.post(reverse("council:item_written", args=[item.pk]), {"for_": 1, "against": 0, "abstain": 0})
    item.refresh_from_db()
    assert (item.votes_for, item.votes_against, item.written_for) == (3, 1, 1)


def test_chair_decides_a_tie_with_a_reason(client_for):
    round = RoundFactory(state=RoundState.COUNCIL, quota_individuals=1)
    council = council_session(members=3, individuals=2, round=round, voting=True)
    for seat in council.members:
        for item in council.items:
            voting.cast_ballot(item, user=seat.user, choice="for")
    voting.close_voting(council.session, actor=council.secretary)
    council.count()
    client = client_for(council.chair.user)
    html = client.get(reverse("council:session_result", args=[council.session.pk])).content.decode()
    assert 'id="ties"' in html
    assert 'name="reason"' in html
    url = reverse("council:session_tie", args=[council.session.pk])
    response = client.post(url, {"approved": [council.items[0].pk], "reason": ""}, follow=True)
    assert council.session.items.filter(approved=None).count() == 2
    data = {"approved": [council.items[0].pk], "reason": "Thành tích nổi bật hơn"}
    # The decision is restated (approved, not approved, the reason) before it is recorded.
    page = client.post(url, data).content.decode()
    assert "Decide the tie?" in page
    first, second = (f"{item.position}. {item.nomination.subject_name}" for item in council.items)
    assert page.index("Approved") < page.index(first) < page.index("Not approved") < page.index(second)
    assert "Thành tích nổi bật hơn" in page
    assert council.session.items.filter(approved=None).count() == 2
    response = client.post(url, {**data, "confirmed": "1"}, follow=True)
    assert "The tie was decided." in _messages(response)
    assert list(council.session.items.order_by("position").values_list("approved", flat=True)) == [
        True,
        False,
    ]


def test_another_member_cannot_decide_the_tie(client_for):
    council = council_session(members=3)
    assert not council.members[1].user.has_perm("council.decide_tie", council.session)
    assert council.chair.user.has_perm("council.decide_tie", council.session)


def test_seated_member_reads_the_report_of_an_agenda_item(council_member):
    council = council_session(members=2)
    nomination = council.items[0].nomination
    assert not council_member.has_perm("nominations.view_nomination", nomination)
    CouncilMemberFactory(term=council.session.term, user=council_member)
    del council_member._council_seat_cache
    assert council_member.has_perm("nominations.view_nomination", nomination)


def _detail_queries(client_for, secretary, n: int) -> int:
    council = council_session(members=3, individuals=n, collectives=n, voting=True)
    client = client_for(secretary)
    url = council.session.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_session_detail_query_count_does_not_grow(client_for, council_secretary):
    assert _detail_queries(client_for, council_secretary, 1) == _detail_queries(
        client_for, council_secretary, 10
    )


def test_menu_offers_the_council(client_for, council_member, vhxh_officer):
    sessions = f'href="{reverse("council:session_list")}"'
    terms = f'href="{reverse("council:term_list")}"'
    member_html = client_for(council_member).get(reverse("home")).content.decode()
    assert sessions in member_html
    assert terms not in member_html
    officer_html = client_for(vhxh_officer).get(reverse("home")).content.decode()
    assert sessions in officer_html
    assert terms in officer_html


def test_home_panel_counts_items_waiting_for_the_member(client_for):
    council = council_session(members=3, individuals=3, voting=True)
    seat = council.members[1]
    voting.cast_ballot(council.items[0], user=seat.user, choice="abstain")
    html = client_for(seat.user).get(reverse("home")).content.decode()
    assert "Voting open: 2 items" in html
    assert reverse("council:session_vote", args=[council.session.pk]) in html


def test_home_tells_an_absent_member_and_the_office_the_turnout(client_for, council_secretary):
    council = council_session(members=4, present=3, voting=True)
    voting.cast_ballot(council.items[0], user=council.members[0].user, choice="for")
    absent = council.members[3]
    html = client_for(absent.user).get(reverse("home")).content.decode()
    assert "You are recorded absent at Phiên họp xét khen thưởng" in html
    office = client_for(council_secretary).get(reverse("home")).content.decode()
    assert "Voting open: Phiên họp xét khen thưởng – 1/3 present have voted" in office


def test_home_tells_the_members_of_a_result_made_final(client_for, council_secretary):
    council = council_session(members=3, voting=True)
    for seat in council.members:
        voting.cast_ballot(council.items[0], user=seat.user, choice="for")
    voting.close_voting(council.session, actor=council.secretary)
    office = client_for(council_secretary).get(reverse("home")).content.decode()
    assert "Voting closed, the result is not final yet: Phiên họp xét khen thưởng" in office
    council.count()  # the key holders enter their codes
    tally.finalise_session(council.session, actor=council.chair.user)
    html = client_for(council.members[1].user).get(reverse("home")).content.decode()
    assert "Result made final: Phiên họp xét khen thưởng" in html
    assert reverse("council:session_result", args=[council.session.pk]) in html


def test_session_time_is_typed_and_shown_as_day_month_year_and_24_hour_time(client_for, council_secretary):
    # A native datetime-local field shows "12/28/2026, 08:00 AM" in an English browser.
    round = RoundFactory(state=RoundState.COUNCIL, quota_individuals=10)
    shortlisted(round, individuals=1)
    term = CouncilTermFactory()
    CouncilMemberFactory(term=term, chair=True)
    client = client_for(council_secretary)
    url = reverse("council:session_create") + f"?round={round.pk}"
    page = client.get(url).content.decode()
    assert 'type="datetime-local"' not in page
    assert 'type="text" name="meets_at"' in page
    assert 'placeholder="dd/mm/yyyy hh:mm"' in page
    data = {"round": round.pk, "term": term.pk, "title": "Phiên", "mode": "both", "method": "secret"}
    client.post(url, {**data, "meets_at": "28/12/2026 14:30"})
    session = CouncilSession.objects.get()
    assert timezone.localtime(session.meets_at).strftime("%d/%m/%Y %H:%M") == "28/12/2026 14:30"
