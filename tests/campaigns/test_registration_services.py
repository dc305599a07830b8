"""Units' yearly registrations: the one-door workflow and every rule of the services."""

from decimal import Decimal

import pytest
from django.utils import translation

from campaigns.models import (
    CampaignYear,
    IndicatorKind,
    Registration,
    RegistrationCommitment,
    RegistrationState,
    RegistrationTransition,
)
from campaigns.services import registration as services
from campaigns.services.registration import ALLOWED_MOVES, RegistrationError, _move
from tests.factories import UnitFactory
from tests.factories.campaigns import (
    CampaignFactory,
    IndicatorFactory,
    RegistrationFactory,
)
from thiduaportal.workflow import MoveNotAllowed

pytestmark = pytest.mark.django_db

S = RegistrationState


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def score_kpi(campaign):
    return IndicatorFactory(
        campaign=campaign, name="Điểm SIPAS", kind=IndicatorKind.SCORE, final_target=Decimal("90"), order=2
    )


def save(unit, campaign, actor, *, year=2026, pledges="", commitments=None):
    return services.save_registration(
        unit, campaign=campaign, year=year, actor=actor, pledges=pledges, commitments=commitments or {}
    )


def snapshot():
    return (
        list(Registration.objects.values_list("unit_id", "year", "state", "pledges", "return_reason")),
        list(RegistrationCommitment.objects.values_list("indicator_id", "level")),
        RegistrationTransition.objects.count(),
    )


# --------------------------------------------------------------------------- the transition table


def test_the_table_of_allowed_moves():
    assert set(ALLOWED_MOVES) == {
        ("draft", "submitted"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
        ("submitted", "returned"),
    }


@pytest.mark.parametrize(("from_state", "to"), [(a, b) for a in S.values for b in S.values])
def test_each_allowed_move_works_and_each_other_raises(campaign, own_unit, vhxh_officer, from_state, to):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, state=from_state)
    if (from_state, to) in ALLOWED_MOVES:
        _move(registration, actor=vhxh_officer, to=to, reason="Lý do")
        assert Registration.objects.get(pk=registration.pk).state == to
        assert registration.state == to
        assert list(RegistrationTransition.objects.values_list("from_state", "to_state", "actor")) == [
            (from_state, to, vhxh_officer.pk)
        ]
    else:
        with pytest.raises(MoveNotAllowed) as caught:
            _move(registration, actor=vhxh_officer, to=to)
        assert (
            str(caught.value)
            == f"A registration that is “{S(from_state).label}” cannot become “{S(to).label}”."
        )
        assert Registration.objects.get(pk=registration.pk).state == from_state
        assert not RegistrationTransition.objects.exists()


def test_a_move_is_refused_in_a_closed_year(campaign, own_unit, vhxh_officer):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(is_closed=True)
    with pytest.raises(RegistrationError, match="The year 2026 of .* is closed"):
        services.accept_registration(registration, actor=vhxh_officer)
    assert Registration.objects.get(pk=registration.pk).state == "submitted"


# --------------------------------------------------------------------------- saving


def test_save_creates_a_draft_with_commitments_and_clean_pledges(campaign, online_kpi, own_unit, unit_staff):
    registration = save(
        own_unit,
        campaign,
        unit_staff,
        pledges="  Gia\u0309i quyê\u0301t 100% hồ sơ đúng hạn\r\nKhông để tồn đọng ",
        commitments={online_kpi.pk: Decimal("85.5")},
    )
    assert (registration.state, registration.pledges) == (
        "draft",
        "Giải quyết 100% hồ sơ đúng hạn\nKhông để tồn đọng",
    )
    assert list(registration.commitments.values_list("indicator_id", "level")) == [
        (online_kpi.pk, Decimal("85.50"))
    ]
    assert not RegistrationTransition.objects.exists()


def test_saving_again_replaces_the_commitments(campaign, online_kpi, score_kpi, own_unit, unit_staff):
    save(own_unit, campaign, unit_staff, commitments={online_kpi.pk: Decimal("85")})
    registration = save(
        own_unit, campaign, unit_staff, commitments={online_kpi.pk: None, score_kpi.pk: Decimal("92.5")}
    )
    assert Registration.objects.count() == 1
    assert list(registration.commitments.values_list("indicator_id", "level")) == [
        (score_kpi.pk, Decimal("92.50"))
    ]


def test_a_returned_registration_can_be_revised_and_stays_returned(campaign, online_kpi, own_unit, unit_head):
    RegistrationFactory(campaign=campaign, unit=own_unit, state=S.RETURNED, return_reason="Thiếu cam kết")
    registration = save(own_unit, campaign, unit_head, pledges="Bổ sung", commitments={online_kpi.pk: 90})
    assert (registration.state, registration.pledges, registration.return_reason) == (
        "returned",
        "Bổ sung",
        "Thiếu cam kết",
    )


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (
            2031,
            "2031 is not a year of “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” (2026–2030).",
        ),
        (
            2025,
            "2025 is the baseline year of “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân”; "
            "units register for 2026–2030 only.",
        ),
    ],
)
def test_save_refuses_a_year_outside_the_campaign(campaign, online_kpi, own_unit, unit_staff, year, message):
    with pytest.raises(RegistrationError) as caught:
        save(own_unit, campaign, unit_staff, year=year, commitments={online_kpi.pk: 80})
    assert str(caught.value) == message
    assert snapshot() == ([], [], 0)


def test_save_refuses_an_indicator_of_another_campaign(campaign, online_kpi, own_unit, unit_staff):
    stranger = IndicatorFactory(
        campaign=CampaignFactory(code="khac", title="Phong trào khác"), name="Tỷ lệ khác"
    )
    with pytest.raises(RegistrationError) as caught:
        save(own_unit, campaign, unit_staff, commitments={online_kpi.pk: 80, stranger.pk: 50})
    assert caught.value.field == f"level_{stranger.pk}"
    assert str(caught.value) == (
        "“Tỷ lệ khác” is an indicator of “Phong trào khác”, not of "
        "“Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân”."
    )
    assert snapshot() == ([], [], 0)


def test_save_refuses_an_unknown_indicator(campaign, own_unit, unit_staff):
    with pytest.raises(RegistrationError, match="There is no indicator number 999999."):
        save(own_unit, campaign, unit_staff, commitments={999999: 80})
    assert snapshot() == ([], [], 0)


@pytest.mark.parametrize(
    ("level", "message"),
    [
        (
            Decimal("-1"),
            "The committed level for “Tỷ lệ sử dụng dịch vụ công trực tuyến” cannot be negative (-1).",
        ),
        (
            Decimal("100.01"),
            "The committed level for “Tỷ lệ sử dụng dịch vụ công trực tuyến” is a percentage and cannot exceed "
            "100 (100,01).",
        ),
    ],
)
def test_save_refuses_a_bad_level_and_keeps_the_previous_one(
    campaign, online_kpi, own_unit, unit_staff, level, message
):
    save(own_unit, campaign, unit_staff, pledges="Cũ", commitments={online_kpi.pk: 80})
    before = snapshot()
    with pytest.raises(RegistrationError) as caught:
        save(own_unit, campaign, unit_staff, pledges="Mới", commitments={online_kpi.pk: level})
    assert (caught.value.field, str(caught.value)) == (f"level_{online_kpi.pk}", message)
    assert snapshot() == before


def test_a_score_commitment_may_exceed_100(campaign, score_kpi, own_unit, unit_staff):
    registration = save(own_unit, campaign, unit_staff, commitments={score_kpi.pk: Decimal("120")})
    assert registration.commitments.get().level == Decimal("120")


@pytest.mark.parametrize("state", [S.SUBMITTED, S.ACCEPTED])
def test_save_refuses_a_registration_already_sent(campaign, online_kpi, own_unit, unit_staff, state):
    RegistrationFactory(campaign=campaign, unit=own_unit, state=state)
    before = snapshot()
    with pytest.raises(RegistrationError, match="can no longer be changed"):
        save(own_unit, campaign, unit_staff, pledges="Sửa", commitments={online_kpi.pk: 80})
    assert snapshot() == before


def test_save_refuses_an_archived_unit(campaign, unit_staff):
    with pytest.raises(RegistrationError, match="is archived and cannot register"):
        save(UnitFactory(archived=True), campaign, unit_staff, pledges="Cam kết")
    assert snapshot() == ([], [], 0)


def test_save_refuses_a_closed_year(campaign, own_unit, unit_staff):
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(is_closed=True)
    with pytest.raises(RegistrationError, match="is closed; its registrations can no longer change"):
        save(own_unit, campaign, unit_staff, pledges="Cam kết")
    assert snapshot() == ([], [], 0)


# --------------------------------------------------------------------------- the workflow


def test_submitting_an_empty_registration_is_refused(campaign, own_unit, unit_staff):
    registration = save(own_unit, campaign, unit_staff, pledges="   ")
    with pytest.raises(RegistrationError) as caught:
        services.submit_registration(registration, actor=unit_staff)
    assert str(caught.value) == (
        "Commit to at least one indicator or write a pledge before submitting the registration."
    )
    assert Registration.objects.get(pk=registration.pk).state == "draft"
    assert not RegistrationTransition.objects.exists()


@pytest.mark.parametrize("content", ["pledge", "commitment"])
def test_a_pledge_or_a_commitment_is_enough_to_submit(campaign, online_kpi, own_unit, unit_staff, content):
    registration = save(
        own_unit,
        campaign,
        unit_staff,
        pledges="Cam kết" if content == "pledge" else "",
        commitments={online_kpi.pk: 80} if content == "commitment" else {},
    )
    services.submit_registration(registration, actor=unit_staff)
    registration.refresh_from_db()
    assert registration.state == "submitted"
    assert registration.submitted_at is not None


def test_return_needs_a_reason(campaign, own_unit, vhxh_officer):
    registration = RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    with pytest.raises(RegistrationError) as caught:
        services.return_registration(registration, actor=vhxh_officer, reason=" \n ")
    assert (caught.value.field, str(caught.value)) == ("reason", "Say why the registration is returned.")
    assert Registration.objects.get(pk=registration.pk).state == "submitted"
    assert not RegistrationTransition.objects.exists()


def test_the_full_cycle_keeps_its_history(
    campaign, online_kpi, own_unit, unit_staff, unit_head, vhxh_officer
):
    registration = save(own_unit, campaign, unit_staff, commitments={online_kpi.pk: 70})
    services.submit_registration(registration, actor=unit_staff)
    services.return_registration(
        registration, actor=vhxh_officer, reason="Mức cam kết thấp hơn chỉ tiêu 2026"
    )
    assert Registration.objects.get(pk=registration.pk).return_reason == "Mức cam kết thấp hơn chỉ tiêu 2026"
    save(own_unit, campaign, unit_head, commitments={online_kpi.pk: 75})
    services.submit_registration(registration, actor=unit_head)
    assert Registration.objects.get(pk=registration.pk).return_reason == ""
    services.accept_registration(registration, actor=vhxh_officer)
    registration.refresh_from_db()
    assert (registration.state, registration.commitments.get().level) == ("accepted", Decimal("75.00"))
    assert registration.decided_at is not None
    assert list(
        registration.transitions.values_list("actor__username", "from_state", "to_state", "reason")
    ) == [
        ("staff", "draft", "submitted", ""),
        ("officer", "submitted", "returned", "Mức cam kết thấp hơn chỉ tiêu 2026"),
        ("head", "returned", "submitted", ""),
        ("officer", "submitted", "accepted", ""),
    ]
