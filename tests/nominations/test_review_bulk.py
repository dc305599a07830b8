"""Bulk accept and return from the queue: one confirmation page, then all or nothing."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from nominations.models import NominationState
from nominations.services.review import checks_for
from tests.factories.nominations import NominationFactory, eligible_nomination

BULK = reverse("nominations:review_bulk")
QUEUE = reverse("nominations:review_queue")


@pytest.fixture
def two(own_proposal):
    return [eligible_nomination(own_proposal, submitted=True, submitted_at=timezone.now()) for _ in range(2)]


def _states(nominations) -> list[str]:
    for nomination in nominations:
        nomination.refresh_from_db()
    return [n.state for n in nominations]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("action", ["accept", "return"])
def test_first_post_shows_the_confirmation_and_changes_nothing(client_for, vhxh_officer, two, action):
    response = client_for(vhxh_officer).post(BULK, {"action": action, "nominations": [n.pk for n in two]})
    assert response.status_code == 200
    assert response.templates[0].name == "nominations/review/bulk_confirm.html"
    assert list(response.context["chosen"]) == two
    html = response.content.decode()
    for nomination in two:
        assert f'name="nominations" value="{nomination.pk}"' in html
    assert ('name="reason"' in html) is (action == "return")
    assert 'name="confirm" value="1"' in html
    assert _states(two) == ["submitted", "submitted"]


def test_return_without_reason_stays_on_the_confirmation(client_for, vhxh_officer, two):
    response = client_for(vhxh_officer).post(
        BULK, {"action": "return", "confirm": "1", "reason": "   ", "nominations": [n.pk for n in two]}
    )
    assert response.status_code == 200
    assert response.templates[0].name == "nominations/review/bulk_confirm.html"
    assert list(response.context["form"].errors) == ["reason"]
    assert _states(two) == ["submitted", "submitted"]


def test_nothing_chosen_goes_back_with_a_message(client_for, vhxh_officer, two):
    response = client_for(vhxh_officer).post(BULK, {"action": "accept", "query": "unit=3"})
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?unit=3"
    assert _messages(response) == ["Choose at least one nomination."]
    assert _states(two) == ["submitted", "submitted"]


def test_an_unknown_nomination_is_refused(client_for, vhxh_officer, two):
    response = client_for(vhxh_officer).post(
        BULK, {"action": "accept", "confirm": "1", "nominations": [two[0].pk, 999999]}
    )
    assert response.status_code == 302
    assert len(_messages(response)) == 1
    assert _states(two) == ["submitted", "submitted"]


def test_drafts_cannot_be_chosen(client_for, vhxh_officer, own_proposal):
    draft = NominationFactory(proposal=own_proposal)
    response = client_for(vhxh_officer).post(BULK, {"action": "accept", "nominations": [draft.pk]})
    assert response.status_code == 302
    assert _states([draft]) == ["draft"]


def test_unknown_action_is_refused(client_for, vhxh_officer, two):
    response = client_for(vhxh_officer).post(BULK, {"action": "delete", "nominations": [two[0].pk]})
    assert response.status_code == 302
    assert _states(two) == ["submitted", "submitted"]


def test_chairman_cannot_post(client_for, chairman, two):
    response = client_for(chairman).post(BULK, {"action": "accept", "nominations": [two[0].pk]})
    assert response.status_code == 403


def test_confirmed_accept_accepts_all(client_for, vhxh_officer, two):
    response = client_for(vhxh_officer).post(
        BULK,
        {"action": "accept", "confirm": "1", "nominations": [n.pk for n in two], "query": "state=submitted"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?state=submitted"
    assert _states(two) == ["accepted", "accepted"]


def test_confirmed_return_returns_all_with_the_reason(client_for, vhxh_officer, two):
    response = client_for(vhxh_officer).post(
        BULK,
        {
            "action": "return",
            "confirm": "1",
            "reason": "Bổ sung biên bản họp xét",
            "nominations": [n.pk for n in two],
        },
    )
    assert response.status_code == 302
    assert _states(two) == ["returned", "returned"]
    reasons = [n.transitions.latest("at").reason for n in two]
    assert reasons == ["Bổ sung biên bản họp xét", "Bổ sung biên bản họp xét"]


@pytest.mark.parametrize("action", ["return"])
def test_a_refused_nomination_leaves_all_unchanged(client_for, vhxh_officer, two, own_proposal, action):
    withdrawn = NominationFactory(proposal=own_proposal, state=NominationState.WITHDRAWN, version=1)
    chosen = [*two, withdrawn]
    response = client_for(vhxh_officer).post(
        BULK,
        {"action": action, "confirm": "1", "reason": "Thiếu hồ sơ", "nominations": [n.pk for n in chosen]},
    )
    assert response.status_code == 302
    messages = _messages(response)
    assert len(messages) == 1
    assert withdrawn.subject_name in messages[0]
    assert _states(chosen) == ["submitted", "submitted", "withdrawn"]


def test_bulk_accept_accepts_the_others_and_lists_the_one_skipped(
    client_for, vhxh_officer, two, own_proposal
):
    withdrawn = NominationFactory(proposal=own_proposal, state=NominationState.WITHDRAWN, version=1)
    chosen = [*two, withdrawn]
    response = client_for(vhxh_officer).post(
        BULK, {"action": "accept", "confirm": "1", "nominations": [n.pk for n in chosen]}
    )
    assert _states(chosen) == ["accepted", "accepted", "withdrawn"]
    messages = _messages(response)
    assert messages[-1] == "2 nominations were accepted."
    assert messages[0].startswith(f"Not accepted, left as it was: {withdrawn.subject_name}.")


def test_bulk_accept_asks_for_the_justification_of_a_failed_check(
    client_for, vhxh_officer, two, own_proposal
):
    failing = NominationFactory(proposal=own_proposal, submitted=True, submitted_at=timezone.now())
    failed = [c for c in checks_for([failing])[failing.pk] if c.blocking]
    assert failed, "the plain factory nomination fails the eligibility checks"
    client = client_for(vhxh_officer)
    chosen = [two[0].pk, failing.pk]
    page = client.post(BULK, {"action": "accept", "nominations": chosen})
    html = page.content.decode()
    for check in failed:
        assert f'name="justify_{failing.pk}_{check.code}"' in html
    assert f'name="justify_{two[0].pk}_' not in html
    assert "Paper originals received: 0 of " in html
    # Left empty: the clean one is accepted, the failing one skipped and named.
    response = client.post(BULK, {"action": "accept", "confirm": "1", "nominations": chosen})
    assert _states([two[0], failing]) == ["accepted", "submitted"]
    assert any(
        m.startswith(f"Not accepted, left as it was: {failing.subject_name}.") for m in _messages(response)
    )
    # Written: accepted with the justification stored.
    justified = {f"justify_{failing.pk}_{c.code}": "Đã xác minh trực tiếp với đơn vị" for c in failed}
    client.post(BULK, {"action": "accept", "confirm": "1", "nominations": [failing.pk], **justified})
    assert _states([failing]) == ["accepted"]
    assert sorted(failing.overrides.values_list("check_code", flat=True)) == sorted(c.code for c in failed)
