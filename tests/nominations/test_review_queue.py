"""The office's review queue: filters, counts per state, checks, assignment, query counts."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nominations.models import NominationState
from nominations.services import NominationError
from nominations.services import review as services
from tests.factories.nominations import (
    DisciplineRecordFactory,
    NominationFactory,
    ProposalFactory,
    RoundFactory,
    eligible_nomination,
)

QUEUE = reverse("nominations:review_queue")


@pytest.fixture
def other_proposal(annual_round, other_unit):
    return ProposalFactory(round=annual_round, unit=other_unit)


def _submitted(proposal, **fields):
    fields.setdefault("submitted_at", timezone.now())
    return NominationFactory(proposal=proposal, submitted=True, **fields)


def _eligible(proposal):
    return eligible_nomination(proposal, submitted=True, submitted_at=timezone.now())


def _rows(response) -> list[str]:
    return [n.subject_name for n, _summary in response.context["rows"]]


def _counts(response) -> dict[str, int]:
    return {value: n for value, _label, n in response.context["counts"]}


def test_queue_hides_drafts_and_opens_on_the_oldest_submission(client_for, vhxh_officer, own_proposal):
    now = timezone.now()
    newer = _submitted(own_proposal, submitted_at=now, settle_by=datetime.date(2026, 12, 10))
    older = _submitted(
        own_proposal, submitted_at=now - datetime.timedelta(days=3), settle_by=datetime.date(2026, 12, 20)
    )
    NominationFactory(proposal=own_proposal)  # a draft: still the unit's
    response = client_for(vhxh_officer).get(QUEUE)
    assert _rows(response) == [older.subject_name, newer.subject_name]
    assert response.context["total"] == 2
    by_settle = client_for(vhxh_officer).get(QUEUE, {"sort": "settle"})
    assert _rows(by_settle) == [newer.subject_name, older.subject_name]
    assert _rows(client_for(vhxh_officer).get(QUEUE, {"sort": "-submitted"})) == [
        newer.subject_name,
        older.subject_name,
    ]


def test_queue_opens_on_the_dossiers_waiting_for_the_office(client_for, vhxh_officer, own_proposal):
    waiting = _submitted(own_proposal)
    NominationFactory(proposal=own_proposal, accepted=True)
    NominationFactory(proposal=own_proposal, state=NominationState.WITHDRAWN, version=1)
    response = client_for(vhxh_officer).get(QUEUE)
    assert _rows(response) == [waiting.subject_name]
    assert response.context["filter_form"]["state"].value() == "submitted"
    assert response.context["total"] == 3
    assert len(_rows(client_for(vhxh_officer).get(QUEUE, {"state": ""}))) == 3


def test_sort_links_reverse_the_current_column(client_for, vhxh_officer, own_proposal):
    _submitted(own_proposal)
    response = client_for(vhxh_officer).get(QUEUE, {"state": "submitted", "sort": "unit", "page": "1"})
    links = response.context["sort_links"]
    assert links["unit"] == ("?state=submitted&sort=-unit", "ascending")
    assert links["submitted"] == ("?state=submitted&sort=submitted", "none")
    assert 'aria-sort="ascending"' in response.content.decode()


def test_queue_hides_a_draft_withdrawn_before_submission(client_for, vhxh_officer, own_proposal):
    kept = NominationFactory(proposal=own_proposal, state=NominationState.WITHDRAWN, version=1)
    NominationFactory(proposal=own_proposal, state=NominationState.WITHDRAWN, version=0)
    response = client_for(vhxh_officer).get(QUEUE, {"state": ""})
    assert _rows(response) == [kept.subject_name]


def test_filter_by_round(client_for, vhxh_officer, own_proposal, own_unit):
    other_round = RoundFactory(title="Khen thưởng đột xuất", adhoc=True)
    _submitted(own_proposal)
    wanted = _submitted(ProposalFactory(round=other_round, unit=own_unit))
    response = client_for(vhxh_officer).get(QUEUE, {"round": other_round.pk})
    assert _rows(response) == [wanted.subject_name]


def test_filter_by_unit(client_for, vhxh_officer, own_proposal, other_proposal, other_unit):
    _submitted(own_proposal)
    wanted = _submitted(other_proposal)
    response = client_for(vhxh_officer).get(QUEUE, {"unit": other_unit.pk})
    assert _rows(response) == [wanted.subject_name]


def test_filter_by_subject_type(client_for, vhxh_officer, own_proposal):
    _submitted(own_proposal)
    collective = NominationFactory(proposal=own_proposal, collective=True, submitted=True)
    response = client_for(vhxh_officer).get(QUEUE, {"subject_type": "collective"})
    assert _rows(response) == [collective.subject_name]


def test_filter_by_state_keeps_counts_of_every_state(client_for, vhxh_officer, own_proposal):
    _submitted(own_proposal)
    _submitted(own_proposal)
    accepted = NominationFactory(proposal=own_proposal, accepted=True)
    NominationFactory(proposal=own_proposal, state=NominationState.RETURNED, version=1)
    response = client_for(vhxh_officer).get(QUEUE, {"state": "accepted"})
    assert _rows(response) == [accepted.subject_name]
    assert _counts(response) == {
        "submitted": 2,
        "returned": 1,
        "accepted": 1,
        "rejected": 0,
        "shortlisted": 0,
        "withdrawn": 0,
    }
    assert response.context["total"] == 4


def test_counts_follow_the_other_filters(client_for, vhxh_officer, own_proposal, other_proposal, own_unit):
    _submitted(own_proposal)
    NominationFactory(proposal=own_proposal, accepted=True)
    _submitted(other_proposal)
    response = client_for(vhxh_officer).get(QUEUE, {"unit": own_unit.pk})
    assert _counts(response)["submitted"] == 1
    assert _counts(response)["accepted"] == 1
    assert response.context["total"] == 2


def test_bad_filter_values_are_ignored(client_for, vhxh_officer, own_proposal):
    nomination = _submitted(own_proposal)
    response = client_for(vhxh_officer).get(QUEUE, {"round": "abc", "state": "draft", "unit": 99999})
    assert response.status_code == 200
    assert _rows(response) == [nomination.subject_name]


def test_assigned_to_me(client_for, vhxh_officer, administrator, own_proposal):
    mine = _submitted(own_proposal, assigned_to=vhxh_officer)
    _submitted(own_proposal, assigned_to=administrator)
    _submitted(own_proposal)
    response = client_for(vhxh_officer).get(QUEUE, {"mine": "on"})
    assert _rows(response) == [mine.subject_name]
    assert response.context["total"] == 1


def test_settle_by_past_is_marked_red(client_for, vhxh_officer, own_proposal):
    today = timezone.localdate()
    past = _submitted(own_proposal, settle_by=today - datetime.timedelta(days=1))
    _submitted(own_proposal, settle_by=today + datetime.timedelta(days=5))
    html = client_for(vhxh_officer).get(QUEUE).content.decode()
    marked = re.findall(r'<tr id="nomination-(\d+)">(?:(?!</tr>).)*overdue', html, re.S)
    assert marked == [str(past.pk)]


def test_chairman_reads_the_queue_without_actions(client_for, chairman, own_proposal):
    _submitted(own_proposal)
    response = client_for(chairman).get(QUEUE)
    assert response.context["can_review"] is False
    assert 'name="nominations"' not in response.content.decode()


def test_queue_paginates_by_fifty(client_for, vhxh_officer, own_proposal):
    for _ in range(51):
        _submitted(own_proposal)
    response = client_for(vhxh_officer).get(QUEUE, {"page": 2})
    assert len(response.context["rows"]) == 1
    assert response.context["total"] == 51


def test_failed_checks_only(client_for, vhxh_officer, own_proposal):
    clean = _eligible(own_proposal)
    disciplined = _eligible(own_proposal)
    DisciplineRecordFactory(cadre=disciplined.subject_cadre, start_date=datetime.date(2026, 3, 1))
    response = client_for(vhxh_officer).get(QUEUE, {"failed": "on"})
    assert _rows(response) == [disciplined.subject_name]
    assert response.context["total"] == 1
    summaries = dict(client_for(vhxh_officer).get(QUEUE).context["rows"])
    assert summaries[disciplined].blocking >= 1
    assert summaries[clean].blocking == 0


def _queue_queries(client, n_before, proposal, total):
    for _ in range(total - n_before):
        _submitted(proposal)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE, {"failed": "on"})
    assert response.status_code == 200
    return len(captured)


def test_queue_query_count_does_not_grow(
    client_for, vhxh_officer, own_proposal, django_assert_max_num_queries
):
    client = client_for(vhxh_officer)
    _submitted(own_proposal, assigned_to=vhxh_officer)
    at_one = _queue_queries(client, 1, own_proposal, 1)
    at_five = _queue_queries(client, 1, own_proposal, 5)
    at_sixty = _queue_queries(client, 5, own_proposal, 60)
    assert at_one == at_five == at_sixty
    assert at_one <= 30, at_one
    with django_assert_max_num_queries(at_one):
        client.get(QUEUE, {"state": "submitted", "mine": "on"})


def test_assign_to_me_from_the_queue(client_for, vhxh_officer, own_proposal):
    first, second = _submitted(own_proposal), _submitted(own_proposal)
    response = client_for(vhxh_officer).post(
        reverse("nominations:review_bulk"),
        {"action": "assign", "nominations": [first.pk, second.pk], "query": "state=submitted"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?state=submitted"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.assigned_to, second.assigned_to) == (vhxh_officer, vhxh_officer)


def test_assign_is_audited(vhxh_officer, own_proposal):

    nomination = _submitted(own_proposal)
    assert services.assign([nomination], actor=vhxh_officer, reviewer=vhxh_officer) == 1
    entry = LogEntry.objects.get_for_object(nomination).latest("timestamp")
    assert entry.changes_dict["assigned_to"][1] == str(vhxh_officer.pk)
    assert entry.actor == vhxh_officer


def test_assign_refuses_a_reviewer_outside_the_office(vhxh_officer, unit_staff, own_proposal):
    nomination = _submitted(own_proposal)
    with pytest.raises(NominationError, match=str(unit_staff)) as error:
        services.assign([nomination], actor=vhxh_officer, reviewer=unit_staff)
    assert error.value.field == "reviewer"
    nomination.refresh_from_db()
    assert nomination.assigned_to is None


def test_assign_refuses_a_settled_nomination_and_changes_nothing(vhxh_officer, own_proposal):
    open_one = _submitted(own_proposal)
    settled = NominationFactory(proposal=own_proposal, accepted=True)
    with pytest.raises(NominationError, match=settled.subject_name):
        services.assign([open_one, settled], actor=vhxh_officer, reviewer=vhxh_officer)
    open_one.refresh_from_db()
    assert open_one.assigned_to is None


def test_assign_by_unit_staff_is_refused(unit_staff, vhxh_officer, own_proposal):
    nomination = _submitted(own_proposal)
    with pytest.raises(NominationError):
        services.assign([nomination], actor=unit_staff, reviewer=vhxh_officer)


def test_assign_needs_a_nomination(vhxh_officer):
    with pytest.raises(NominationError) as error:
        services.assign([], actor=vhxh_officer, reviewer=vhxh_officer)
    assert error.value.field == "nominations"
