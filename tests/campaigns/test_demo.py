"""The demo movement that seed_demo adds for xã Thượng Phúc."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from campaigns.checks import CheckStatus
from campaigns.models import (
    Campaign,
    IndexComponent,
    Indicator,
    Initiative,
    InitiativeState,
    Registration,
    RegistrationState,
    Result,
)
from campaigns.services import rates
from campaigns.services.index import index_check
from demo import campaigns as demo_data
from demo import units as demo_units
from units.models import Unit


@pytest.fixture
def seeded(demo, settings):
    # The demo is seeded once for the module (tests/conftest.py); DEBUG lets a test run it again.
    settings.DEBUG = True
    return Campaign.objects.get(code=demo_data.CODE)


def test_demo_campaign_is_the_plans_movement(seeded):
    assert seeded.title == "Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân"
    assert (seeded.start_year, seeded.end_year, seeded.midterm_year) == (2026, 2030, 2028)
    assert list(seeded.periods.values_list("year", flat=True)) == [2026, 2027, 2028, 2029, 2030]
    assert seeded.review_points()[-1] == (2030, "final")
    assert list(seeded.publishing_units.values_list("name", flat=True)) == ["Trung tâm dịch vụ tổng hợp"]


def test_demo_holds_the_five_city_kpis_and_two_internal_indicators(seeded):
    city = Indicator.objects.filter(campaign=seeded, is_city_kpi=True)
    assert {(i.code, i.final_target) for i in city} == {
        ("dvc-truc-tuyen", Decimal("80")),
        ("so-hoa", Decimal("100")),
        ("toan-trinh", Decimal("90")),
        ("ket-qua-dien-tu", Decimal("100")),
        ("thanh-toan-truc-tuyen", Decimal("80")),
    }
    internal = Indicator.objects.filter(campaign=seeded, is_city_kpi=False).values_list("code", flat=True)
    assert set(internal) == {"ho-so-cong-viec-dien-tu", "chu-ky-so-ca-nhan"}
    for indicator in Indicator.objects.filter(campaign=seeded):
        assert list(indicator.targets.values_list("year", flat=True)) == [2026, 2027, 2028, 2029, 2030]
        assert indicator.targets.get(year=2030).value == indicator.final_target


def test_demo_results_are_a_2025_baseline_and_2026_to_the_last_completed_month(seeded):
    last = demo_data.last_reported_month(timezone.localdate())
    online = Indicator.objects.get(campaign=seeded, code="dvc-truc-tuyen")
    centre = online.reporting_units.get(name="Trung tâm Phục vụ hành chính công")
    periods = set(
        Result.objects.filter(indicator=online, unit=centre, year=2026).values_list("period", flat=True)
    )
    assert periods == set(range(1, last + 1))
    assert Result.objects.filter(indicator=online, unit=centre, year=2025).count() == 12
    # Phòng Kinh tế is one month late, so the dashboard has someone to chase.
    economy = online.reporting_units.get(name="Phòng Kinh tế")
    assert Result.objects.filter(indicator=online, unit=economy, year=2026).count() == max(last - 1, 0)
    assert not Result.objects.filter(numerator__gt=0, denominator=0).exists()


def test_demo_rates_mix_reached_and_behind(seeded):
    statuses = {s.indicator.code: s.year_status for s in rates.summary(seeded, 2026)}
    if demo_data.last_reported_month(timezone.localdate()) < 3:
        pytest.skip("too early in 2026 for every indicator to have results")
    assert statuses["dvc-truc-tuyen"] == rates.Status.REACHED
    assert rates.Status.REACHED in statuses.values()
    assert statuses["thanh-toan-truc-tuyen"] != rates.Status.REACHED


def test_demo_components_have_two_years_and_one_falls(seeded):
    fell = []
    for component in IndexComponent.objects.filter(year=2026):
        before = IndexComponent.objects.get(index=component.index, code=component.code, year=2025)
        assert component.units.count() == 1
        if component.score < before.score:
            fell.append((component.code, component.units.get().name, before.score - component.score))
    assert fell == [("3.2", "Phòng Kinh tế", Decimal("0.25"))]


def test_demo_initiatives_and_registrations_cover_each_state(seeded):
    states = set(Initiative.objects.values_list("state", flat=True))
    assert states == {InitiativeState.RECOGNISED, InitiativeState.PROPOSED, InitiativeState.REFUSED}
    for initiative in Initiative.objects.filter(state=InitiativeState.RECOGNISED):
        assert initiative.decision_number
        assert initiative.decision_date.year == 2026
        assert initiative.authors.exists()
    registrations = dict(Registration.objects.filter(year=2026).values_list("unit__name", "state"))
    assert registrations["Phòng Kinh tế"] == RegistrationState.RETURNED
    assert registrations["Trung tâm Phục vụ hành chính công"] == RegistrationState.ACCEPTED
    assert "Thôn Mai Sao" not in registrations


def test_demo_registrations_were_reached_through_the_one_door(seeded):
    for registration in Registration.objects.filter(campaign=seeded).select_related("unit"):
        moves = list(
            registration.transitions.order_by("at", "pk").values_list(
                "from_state", "to_state", "actor__username"
            )
        )
        path = [RegistrationState.DRAFT] + [to for _, to, _ in moves]
        assert [frm for frm, _, _ in moves] == path[:-1], registration
        assert path[-1] == registration.state, registration
        # The unit's own clerk sends it (the office stands in for units without a login); the office decides.
        clerk = demo_units.CLERKS.get(registration.unit.name, "vhxh")
        assert [who for _, to, who in moves if to == RegistrationState.SUBMITTED] in ([], [clerk]), (
            registration
        )
        assert {who for _, to, who in moves if to != RegistrationState.SUBMITTED} <= {"vhxh"}, registration
    returned = Registration.objects.get(campaign=seeded, state=RegistrationState.RETURNED)
    assert returned.return_reason == demo_data.RETURN_REASON


def test_demo_movement_is_left_alone_on_a_second_run(seeded):
    counts = (Result.objects.count(), Initiative.objects.count(), IndexComponent.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (Result.objects.count(), Initiative.objects.count(), IndexComponent.objects.count()) == counts
    assert "campaigns: 0 created, 1 already there" in out.getvalue()


def test_demo_par_rule_names_the_component_that_fell_and_by_how_much(seeded, in_thuong_phuc):
    with translation.override("vi"):
        economy = index_check(Unit.objects.get(name="Phòng Kinh tế"), 2026)
        centre = index_check(Unit.objects.get(name="Trung tâm Phục vụ hành chính công"), 2026)
    assert economy.status == CheckStatus.NOT_MET
    assert "3.2" in economy.reason
    assert "1,50 → 1,25 (−0,25)" in economy.reason
    # The centre's components rose, or held at the maximum (3.3: 3,00 → 3,00).
    assert centre.status == CheckStatus.MET
