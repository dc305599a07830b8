"""The overdue list: not settled, past the settle-by date, oldest first, in working days."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nominations.models import NominationState
from nominations.services import review as services
from tests.factories.nominations import NominationFactory
from thiduaportal.workdays import working_days_between as between

OVERDUE = reverse("nominations:overdue_list")
TODAY = datetime.date(2026, 12, 31)


def _nomination(proposal, settle_by, state=NominationState.SUBMITTED):
    return NominationFactory(proposal=proposal, state=state, version=1, settle_by=settle_by)


def test_lists_unsettled_past_their_date_oldest_first(vhxh_officer, own_proposal):
    newer = _nomination(own_proposal, datetime.date(2026, 12, 24))
    older = _nomination(own_proposal, datetime.date(2026, 12, 10), NominationState.RETURNED)
    _nomination(own_proposal, TODAY)  # due today: not yet overdue
    _nomination(own_proposal, datetime.date(2027, 1, 5))
    _nomination(own_proposal, None)
    for state in ("accepted", "rejected", "shortlisted", "withdrawn"):
        _nomination(own_proposal, datetime.date(2026, 12, 1), state)
    rows = services.overdue(vhxh_officer, today=TODAY)
    assert [row.nomination for row in rows] == [older, newer]


def test_days_overdue_are_working_days(vhxh_officer, own_proposal):
    _nomination(own_proposal, datetime.date(2026, 12, 24))
    (row,) = services.overdue(vhxh_officer, today=TODAY)
    assert row.days_overdue == between(datetime.date(2026, 12, 24), TODAY)
    # 25 Dec – 31 Dec 2026 holds two weekend days.
    assert row.days_overdue < (TODAY - datetime.date(2026, 12, 24)).days


def test_page_shows_the_rows(client_for, vhxh_officer, own_proposal):
    past = timezone.localdate() - datetime.timedelta(days=10)
    nomination = _nomination(own_proposal, past)
    response = client_for(vhxh_officer).get(OVERDUE)
    assert [row.nomination for row in response.context["rows"]] == [nomination]
    html = response.content.decode()
    assert nomination.subject_name in html
    assert reverse("nominations:nomination_review", args=[nomination.pk]) in html


def test_empty_list_says_so(client_for, vhxh_officer):
    response = client_for(vhxh_officer).get(OVERDUE)
    assert "No nomination is overdue." in response.content.decode()


def test_query_count_does_not_grow(client_for, vhxh_officer, own_proposal, django_assert_max_num_queries):
    client = client_for(vhxh_officer)
    past = timezone.localdate() - datetime.timedelta(days=10)
    counts = []
    for total in (1, 30):
        while own_proposal.nominations.count() < total:
            _nomination(own_proposal, past)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(OVERDUE).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(6):
        client.get(OVERDUE)
