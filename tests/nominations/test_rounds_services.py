"""Rounds: settings checks, quotas by kind, the state table, the submission deadline."""

import datetime

import pytest

from nominations.models import AwardForm, Round, RoundKind, RoundState, RoundTransition
from nominations.services import NominationError
from nominations.services import rounds as services
from tests.factories.campaigns import CampaignFactory
from tests.factories.nominations import AwardFormFactory, RoundFactory
from thiduaportal.workflow import MoveNotAllowed

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 15)


@pytest.fixture
def campaign(db):
    return CampaignFactory(code="cchc-2026-2030")


@pytest.fixture
def giay_khen(db):
    return AwardForm.objects.get(code="giay-khen-chu-tich")


def _fields(campaign_, **changes):
    return {
        "campaign": campaign_,
        "year": 2026,
        "kind": RoundKind.ANNUAL,
        "title": "Khen thưởng hằng năm 2026",
        "submit_by": DAY,
        "review_by": DAY + datetime.timedelta(days=10),
        "council_on": DAY + datetime.timedelta(days=13),
        **changes,
    }


def test_migration_creates_the_two_default_award_forms():
    forms = {f.code: f for f in AwardForm.objects.all()}
    commune, city = forms["giay-khen-chu-tich"], forms["bang-khen-thanh-pho"]
    assert (commune.name, commune.level) == ("Giấy khen của Chủ tịch UBND xã", "commune")
    assert (str(commune.collective_coefficient), str(commune.individual_coefficient)) == ("0.60", "0.30")
    assert (city.name, city.level) == ("Bằng khen của Chủ tịch UBND Thành phố", "city")
    assert sorted(f.code for f in services.default_award_forms()) == [
        "bang-khen-thanh-pho",
        "giay-khen-chu-tich",
    ]


def test_create_round_takes_the_plan_quotas_by_default(campaign, giay_khen, vhxh_officer):
    round = services.create_round(actor=vhxh_officer, award_forms=[giay_khen], **_fields(campaign))
    assert (round.state, round.quota_collectives, round.quota_individuals) == (RoundState.DRAFT, 5, 10)
    assert list(round.award_forms.all()) == [giay_khen]


def test_create_adhoc_round_has_no_quota_and_no_campaign(giay_khen, vhxh_officer):
    fields = _fields(None, kind=RoundKind.ADHOC, title="  Khen thưởng   đột xuất ")
    round = services.create_round(actor=vhxh_officer, award_forms=[giay_khen], **fields)
    assert (round.quota_collectives, round.quota_individuals, round.campaign) == (None, None, None)
    assert round.title == "Khen thưởng đột xuất"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("annual", (5, 10)), ("midterm", (5, 10)), ("final", (5, 10)), ("adhoc", (None, None))],
)
def test_default_quotas_by_kind(kind, expected):
    quotas = services.default_quotas(kind)
    assert (quotas["quota_collectives"], quotas["quota_individuals"]) == expected


BAD = [
    ("no campaign", {"campaign": None}, "campaign", "Choose the campaign"),
    ("year outside", {"year": 2031}, "year", "2031"),
    ("midterm off year", {"kind": "midterm", "year": 2027}, "year", "2028"),
    ("final off year", {"kind": "final", "year": 2029}, "year", "2030"),
    ("review before submit", {"review_by": DAY - datetime.timedelta(days=1)}, "review_by", "14/12/2026"),
    ("council before review", {"council_on": DAY + datetime.timedelta(days=5)}, "council_on", "20/12/2026"),
    ("zero quota", {"quota_individuals": 0}, "quota_individuals", "1"),
    ("no title", {"title": "   "}, "title", ""),
]


@pytest.mark.parametrize(("label", "changes", "field", "text"), BAD, ids=[b[0] for b in BAD])
def test_create_round_refuses_bad_input(campaign, giay_khen, vhxh_officer, label, changes, field, text):
    with pytest.raises(NominationError) as error:
        services.create_round(actor=vhxh_officer, award_forms=[giay_khen], **_fields(campaign, **changes))
    assert error.value.field == field
    assert text in str(error.value)
    assert Round.objects.count() == 0


def test_create_round_refuses_no_award_form(campaign, vhxh_officer):
    with pytest.raises(NominationError) as error:
        services.create_round(actor=vhxh_officer, award_forms=[], **_fields(campaign))
    assert error.value.field == "award_forms"
    assert Round.objects.count() == 0


def test_midterm_and_final_in_their_years_are_accepted(campaign, giay_khen, vhxh_officer):
    midterm = services.create_round(
        actor=vhxh_officer, award_forms=[giay_khen], **_fields(campaign, kind="midterm", year=2028)
    )
    final = services.create_round(
        actor=vhxh_officer, award_forms=[giay_khen], **_fields(campaign, kind="final", year=2030)
    )
    assert (midterm.year, final.year) == (2028, 2030)


def test_update_round_changes_settings_and_forms(giay_khen, vhxh_officer):
    round = RoundFactory(state=RoundState.OPEN)
    city = AwardFormFactory(city=True)
    services.update_round(
        round, actor=vhxh_officer, award_forms=[giay_khen, city], submit_by=DAY + datetime.timedelta(days=2)
    )
    round.refresh_from_db()
    assert round.submit_by == datetime.date(2026, 12, 17)
    assert sorted(round.award_forms.values_list("code", flat=True)) == [
        "bang-khen-thanh-pho",
        "giay-khen-chu-tich",
    ]


def test_update_round_refuses_bad_order_and_changes_nothing(vhxh_officer):
    round = RoundFactory()
    with pytest.raises(NominationError) as error:
        services.update_round(round, actor=vhxh_officer, submit_by=datetime.date(2026, 12, 30))
    assert error.value.field == "review_by"
    round.refresh_from_db()
    assert round.submit_by == DAY


def test_update_round_refused_once_review_started(vhxh_officer):
    round = RoundFactory(state=RoundState.REVIEW)
    with pytest.raises(NominationError, match="can no longer change"):
        services.update_round(round, actor=vhxh_officer, title="Khác")


# --------------------------------------------------------------------------- the state table

MOVES = [(a, b) for a in RoundState.values for b in RoundState.values if a != b]


@pytest.mark.parametrize(("from_state", "to_state"), MOVES)
def test_state_table(vhxh_officer, from_state, to_state):
    round = RoundFactory(state=from_state)
    move = services.MOVES.get(to_state)
    allowed = (from_state, to_state) in services.ALLOWED_MOVES
    if move is None:  # nothing moves a round back to draft
        assert not allowed
        return
    kwargs = {"today": DAY} if move is services.open_round else {}
    if allowed:
        move(round, actor=vhxh_officer, reason="Theo kế hoạch", **kwargs)
        round.refresh_from_db()
        assert round.state == to_state
        transition = RoundTransition.objects.get(round=round)
        assert (transition.from_state, transition.to_state, transition.actor, transition.reason) == (
            from_state,
            to_state,
            vhxh_officer,
            "Theo kế hoạch",
        )
    else:
        with pytest.raises(MoveNotAllowed):
            move(round, actor=vhxh_officer, **kwargs)
        round.refresh_from_db()
        assert round.state == from_state
        assert not RoundTransition.objects.exists()


def test_open_round_refuses_a_passed_deadline(vhxh_officer):
    round = RoundFactory(state=RoundState.DRAFT)
    with pytest.raises(NominationError, match="16/12/2026|15/12/2026"):
        services.open_round(round, actor=vhxh_officer, today=DAY + datetime.timedelta(days=1))
    round.refresh_from_db()
    assert round.state == RoundState.DRAFT


def test_next_states():
    assert services.next_states(RoundFactory(state=RoundState.CLOSED)) == ["open", "review"]
    assert services.next_states(RoundFactory(state=RoundState.ARCHIVED)) == []


# --------------------------------------------------------------------------- deadline


def test_accepts_submissions_on_the_deadline_day_and_not_after():
    round = RoundFactory(state=RoundState.OPEN)
    assert services.accepts_submissions(round, today=DAY) is True
    assert services.accepts_submissions(round, today=DAY + datetime.timedelta(days=1)) is False


@pytest.mark.parametrize("state", [s for s in RoundState.values if s != "open"])
def test_only_open_rounds_accept_submissions(state):
    assert services.accepts_submissions(RoundFactory(state=state), today=DAY) is False


def test_submission_status_texts():
    round = RoundFactory(state=RoundState.OPEN)
    assert services.submission_status(round, today=DAY) == (
        True,
        "Accepting proposals until the end of 15/12/2026",
    )
    assert services.submission_status(round, today=DAY + datetime.timedelta(days=1)) == (
        False,
        "No longer accepting proposals since 15/12/2026",
    )
