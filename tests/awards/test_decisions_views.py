"""The decision pages: the office drafts from a round and edits, the chairman issues."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, Decision, DecisionState
from tests.factories.decisions import adhoc_shortlist, drafted_decision, issued_decision

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_office_drafts_and_completes_the_text(client_for, commune, vhxh_officer):
    round_ = adhoc_shortlist()
    client = client_for(vhxh_officer)
    response = client.post(reverse("awards:decision_draft", args=[round_.pk]))
    decision = Decision.objects.get()
    assert response.url == reverse("awards:decision_edit", args=[decision.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    chosen = [n.pk for n in decision.nominations.all()][:2]
    response = client.post(
        response.url,
        {
            "title": decision.title,
            "achievement": decision.achievement,
            "letter_reference": "Tờ trình số 25/TTr-VHXH ngày 10/9/2026",
            "legal_bases": "\n".join(decision.legal_bases),
            "cash_source": decision.cash_source,
            "executors": decision.executors,
            "recipients": "Như Điều 3\nLưu: VT, VHXH",
            "signer_capacity": "deputy",
            "signer_name": "Nguyễn Văn Phó",
            "nominations": chosen,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    decision.refresh_from_db()
    assert decision.letter_reference == "Tờ trình số 25/TTr-VHXH ngày 10/9/2026"
    assert decision.nominations.count() == 2
    assert (decision.signer_capacity, decision.recipients) == ("deputy", ["Như Điều 3", "Lưu: VT, VHXH"])


def test_chairman_issues_from_the_decision_page(client_for, commune, vhxh_officer, chairman):
    decision = drafted_decision(adhoc_shortlist(), vhxh_officer)
    client = client_for(chairman)
    home = client.get(reverse("home"))
    assert "Waiting for your signature" in home.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("awards:decision_issue", args=[decision.pk]),
        {"issued_on": today.isoformat(), "confirm": "on"},
        follow=True,
    )
    decision.refresh_from_db()
    assert decision.state == DecisionState.ISSUED
    assert decision.number == 1
    assert _messages(response) == ["Decision 01/QĐ-UBND issued; 3 awards entered in the registry."]
    again = client.post(
        reverse("awards:decision_issue", args=[decision.pk]),
        {"issued_on": today.isoformat(), "confirm": "on"},
        follow=True,
    )
    assert _messages(again) == ["Decision 01/QĐ-UBND is already issued."]
    assert Award.objects.count() == 3


def test_issuing_needs_the_confirmation_and_a_past_date(client_for, commune, vhxh_officer, chairman):
    decision = drafted_decision(adhoc_shortlist(), vhxh_officer)
    client = client_for(chairman)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("awards:decision_issue", args=[decision.pk]),
        {"issued_on": tomorrow.isoformat(), "confirm": "on"},
        follow=True,
    )
    assert _messages(response) == ["A decision cannot be dated in the future."]
    response = client.post(
        reverse("awards:decision_issue", args=[decision.pk]),
        {"issued_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert _messages(response) == ["This field is required."]
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT
    assert decision.number is None


def test_office_cannot_issue(client_for, commune, vhxh_officer):
    decision = drafted_decision(adhoc_shortlist(), vhxh_officer)
    response = client_for(vhxh_officer).post(
        reverse("awards:decision_issue", args=[decision.pk]),
        {"issued_on": "2026-09-15", "confirm": "on"},
    )
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT


def test_an_issued_decision_cannot_be_edited(client_for, commune, vhxh_officer, chairman):
    decision = issued_decision(chairman)
    client = client_for(vhxh_officer)
    response = client.post(
        reverse("awards:decision_edit", args=[decision.pk]), {"title": "Khác"}, follow=True
    )
    assert _messages(response) == [
        "An issued decision can no longer be edited; correct it with a new decision."
    ]
    decision.refresh_from_db()
    assert decision.title.startswith("Về việc tặng Giấy khen")


def test_the_issued_pdf_is_the_stored_file(client_for, commune, chairman):
    decision = issued_decision(chairman)
    response = client_for(chairman).get(reverse("awards:decision_pdf", args=[decision.pk]))
    assert b"".join(response.streaming_content) == decision.pdf.open("rb").read()


def test_the_issued_pdf_is_never_kept_in_a_browser_or_proxy_cache(client_for, commune, chairman):
    decision = issued_decision(chairman)
    response = client_for(chairman).get(reverse("awards:decision_pdf", args=[decision.pk]))
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("count", [1, 6])
def test_decision_list_queries_do_not_grow(
    client_for, commune, chairman, count, django_assert_max_num_queries
):
    for _ in range(count):
        issued_decision(chairman, collectives=0, individuals=1)
    client = client_for(chairman)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("awards:decision_list"))
    assert len(response.context["object_list"]) == count


def test_numbering_follows_the_register_and_never_goes_back(client_for, commune, vhxh_officer, chairman):
    client = client_for(vhxh_officer)
    url = reverse("awards:decision_numbering")
    response = client.post(url, {"year": 2026, "last_number": 140, "checked": "on"}, follow=True)
    assert _messages(response) == ["The next decision of 2026 will be number 141."]
    decision = issued_decision(chairman)
    assert decision.number_text == "141/QĐ-UBND"
    response = client.post(url, {"year": 2026, "last_number": 100, "checked": "on"})
    assert response.context["form"].errors["last_number"] == [
        "Numbers up to 141 of 2026 are already given; the counter cannot go back."
    ]
