"""The workflow's buttons (thin POST views), the actions include, versions and their diff."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from nominations.models import Nomination, NominationState
from nominations.services import NominationError, workflow
from tests.factories.nominations import DisciplineRecordFactory, NominationFactory, eligible_nomination
from tests.nominations.test_workflow_services import REPORT, complete


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(name, nomination):
    return reverse(f"nominations:{name}", args=[nomination.pk])


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _state(nomination):
    return Nomination.objects.get(pk=nomination.pk).state


def test_unit_submits_and_returns_to_its_nomination(client_for, unit_staff, own_proposal):
    nomination = complete(eligible_nomination(own_proposal), unit_staff)
    response = client_for(unit_staff).post(_url("nomination_submit", nomination))
    assert response.status_code == 302
    assert response["Location"] == _url("nomination_detail", nomination)
    assert _messages(response) == [
        f"The nomination of {nomination.subject_name} was submitted to the office."
    ]
    assert _state(nomination) == "submitted"


def test_refused_submission_is_a_message_and_changes_nothing(client_for, unit_staff, own_proposal):
    nomination = eligible_nomination(own_proposal)
    response = client_for(unit_staff).post(_url("nomination_submit", nomination))
    assert response["Location"] == _url("nomination_detail", nomination)
    assert _messages(response) == [
        f"The dossier of {nomination.subject_name} still misses: Tờ trình of the unit (signed scan); "
        "Minutes of the unit's selection meeting (signed scan); "
        "Achievement report confirmed by the unit (signed scan)."
    ]
    assert _state(nomination) == "draft"


def test_submit_button_is_disabled_and_names_what_is_missing(client_for, unit_staff, own_proposal):
    nomination = eligible_nomination(own_proposal)
    client = client_for(unit_staff)
    html = client.get(_url("nomination_detail", nomination)).content.decode()
    assert 'disabled aria-describedby="submit-missing">Submit to the office</button>' in html
    assert (
        '<p class="small text-danger mb-0 w-100 text-break" id="submit-missing">To submit, add first: '
        "Tờ trình of the unit (signed scan); Minutes of the unit&#x27;s selection meeting (signed scan); "
        "Achievement report confirmed by the unit (signed scan)"
    ) in html
    complete(nomination, unit_staff)
    html = client.get(_url("nomination_detail", nomination)).content.decode()
    assert 'data-bs-target="#wf-submit">Submit to the office</button>' in html
    assert 'id="submit-missing"' not in html


def test_office_return_without_reason_is_refused(client_for, vhxh_officer, own_proposal):
    nomination = NominationFactory(proposal=own_proposal, submitted=True)
    response = client_for(vhxh_officer).post(_url("nomination_return", nomination), {"reason": " "})
    assert response["Location"] == _url("nomination_review", nomination)
    assert _messages(response) == [
        f"Give the reason why the nomination of {nomination.subject_name} becomes “Returned for revision”."
    ]
    assert _state(nomination) == "submitted"


def test_office_returns_rejects_with_reason(client_for, vhxh_officer, own_proposal):
    first, second = NominationFactory.create_batch(2, proposal=own_proposal, submitted=True)
    client = client_for(vhxh_officer)
    response = client.post(_url("nomination_return", first), {"reason": "Bổ sung minh chứng"})
    assert _messages(response) == [f"The nomination of {first.subject_name} was returned to its unit."]
    client.post(_url("nomination_reject", second), {"reason": "Không đủ tiêu chuẩn"})
    assert [_state(first), _state(second)] == ["returned", "rejected"]
    assert second.transitions.get().reason == "Không đủ tiêu chuẩn"


def test_unit_withdraws_with_an_optional_reason(client_for, unit_head, own_proposal):
    nomination = NominationFactory(proposal=own_proposal, submitted=True)
    response = client_for(unit_head).post(_url("nomination_withdraw", nomination), {"reason": "Đổi người"})
    assert _messages(response) == [f"The nomination of {nomination.subject_name} was withdrawn."]
    assert nomination.transitions.get().reason == "Đổi người"


def test_accept_asks_a_justification_for_a_failed_check(client_for, vhxh_officer, own_proposal):
    nomination = eligible_nomination(own_proposal, submitted=True)
    DisciplineRecordFactory(cadre=nomination.subject_cadre)
    client = client_for(vhxh_officer)
    page = client.get(_url("nomination_review", nomination)).content.decode()
    assert 'name="justification_discipline"' in page
    response = client.post(_url("nomination_accept", nomination))
    assert _messages(response)[0].startswith(f"Accepting the nomination of {nomination.subject_name}")
    assert _state(nomination) == "submitted"
    text = "Kỷ luật đã hết hiệu lực, Hội đồng đồng ý."
    response = client.post(_url("nomination_accept", nomination), {"justification_discipline": text})
    assert _messages(response)[-1] == f"The nomination of {nomination.subject_name} was accepted."
    assert _state(nomination) == "accepted"
    assert nomination.overrides.get().justification == text


def test_shortlist_over_the_quota_is_a_message(client_for, vhxh_officer, annual_round, own_proposal):
    annual_round.quota_individuals = 1
    annual_round.save()
    NominationFactory(proposal=own_proposal, state=NominationState.SHORTLISTED, version=1)
    nomination = NominationFactory(proposal=own_proposal, accepted=True)
    response = client_for(vhxh_officer).post(_url("nomination_shortlist", nomination))
    assert _messages(response) == [
        "The round “Khen thưởng hằng năm 2026” already has its 1 individual for the council."
    ]
    assert _state(nomination) == "accepted"


@pytest.mark.parametrize(
    ("state", "unit_buttons", "office_buttons"),
    [
        ("draft", ["nomination_submit", "nomination_withdraw"], []),
        (
            "submitted",
            ["nomination_withdraw"],
            ["nomination_accept", "nomination_return", "nomination_reject"],
        ),
        ("accepted", [], ["nomination_shortlist"]),
        ("shortlisted", [], ["nomination_unshortlist"]),
        ("rejected", [], []),
    ],
)
def test_actions_show_only_the_moves_open_now(
    client_for, unit_staff, vhxh_officer, own_proposal, state, unit_buttons, office_buttons
):
    nomination = NominationFactory(proposal=own_proposal, state=state, version=0 if state == "draft" else 1)
    every = ["nomination_submit", "nomination_withdraw", "nomination_accept", "nomination_return"]
    every += ["nomination_reject", "nomination_shortlist", "nomination_unshortlist"]
    for user, page, expected in (
        (unit_staff, "nomination_detail", unit_buttons),
        (vhxh_officer, "nomination_review", office_buttons),
    ):
        html = client_for(user).get(_url(page, nomination)).content.decode()
        shown = [name for name in every if f'action="{_url(name, nomination)}"' in html]
        assert shown == expected, (user, state)


# --------------------------------------------------------------------------- versions


@pytest.fixture
def two_versions(own_proposal, unit_staff, vhxh_officer):
    nomination = complete(eligible_nomination(own_proposal), unit_staff)
    workflow.submit_nomination(nomination, actor=unit_staff)
    workflow.return_nomination(nomination, actor=vhxh_officer, reason="Bổ sung")
    report = {
        "profile": {**REPORT["profile"], "position": "Phó Giám đốc"},
        "achievements": {
            **REPORT["achievements"],
            "rows": [{"indicator": "Hồ sơ trực tuyến", "actual": "85"}],
        },
    }
    Nomination.objects.filter(pk=nomination.pk).update(report=report, summary="Hoàn thành xuất sắc năm 2026")
    nomination.refresh_from_db()
    workflow.submit_nomination(nomination, actor=unit_staff)
    return nomination


@translation.override("en")
def test_diff_versions_names_each_changed_entry(two_versions):
    assert workflow.diff_versions(two_versions, 1, 2) == [
        (
            "Achievement in one line",
            "Đã có thành tích xuất sắc trong công tác CCHC năm 2026",
            "Hoàn thành xuất sắc năm 2026",
        ),
        ("I. Brief curriculum vitae – Position", "", "Phó Giám đốc"),
        (
            "II. Achievements – Results against the registered targets, row 1",
            "",
            "Indicator: Hồ sơ trực tuyến; Achieved (%): 85",
        ),
    ]
    assert workflow.diff_versions(two_versions, 2, 2) == []


@translation.override("en")
def test_diff_of_a_missing_version_is_refused(two_versions):
    with pytest.raises(NominationError) as error:
        workflow.diff_versions(two_versions, 1, 3)
    assert str(error.value) == f"The nomination of {two_versions.subject_name} has no version 3."


def test_versions_page_shows_the_last_two_by_default(client_for, unit_staff, two_versions):
    html = client_for(unit_staff).get(_url("nomination_versions", two_versions)).content.decode()
    assert "Version 1 compared with version 2" in html
    assert "Phó Giám đốc" in html
    assert "I. Brief curriculum vitae – Position" in html


def test_versions_page_compares_chosen_versions(client_for, vhxh_officer, two_versions):
    client = client_for(vhxh_officer)
    html = client.get(_url("nomination_versions", two_versions), {"a": 2, "b": 2}).content.decode()
    assert "No difference between these versions." in html
    html = client.get(_url("nomination_versions", two_versions), {"a": 9, "b": 2}).content.decode()
    assert "Choose two versions of this nomination to compare." in html


def test_versions_page_queries_do_not_grow_with_versions(
    client_for, unit_staff, two_versions, django_assert_max_num_queries
):
    client = client_for(unit_staff)
    with django_assert_max_num_queries(20):
        assert client.get(_url("nomination_versions", two_versions)).status_code == 200
