"""Reading registrations: states per unit, units not registered, the office overview, a
unit's years, and lateness against the deadline."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import CampaignYear, Registration, RegistrationState, RegistrationTransition
from campaigns.services import registration as services
from tests.factories import UnitFactory
from tests.factories.campaigns import CommitmentFactory, RegistrationFactory
from units.models import UnitKind

pytestmark = pytest.mark.django_db

S = RegistrationState
DEADLINE = datetime.date(2026, 3, 31)


# --------------------------------------------------------------------------- reading


def test_registration_states_in_one_query(campaign, own_unit, other_unit, django_assert_num_queries):
    RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    RegistrationFactory(campaign=campaign, unit=other_unit)
    RegistrationFactory(campaign=campaign, unit=other_unit, year=2027, accepted=True)
    with django_assert_num_queries(1):
        states = services.registration_states(campaign, 2026)
    assert states == {own_unit.pk: "submitted", other_unit.pk: "draft"}


def test_units_without_registration(campaign, own_unit, other_unit):
    accepted, drafting, returned, silent = (UnitFactory(name=f"Đơn vị {n}") for n in "ABCD")
    UnitFactory(name="Ủy ban nhân dân xã", kind=UnitKind.AUTHORITY)
    UnitFactory(name="Đơn vị đã giải thể", archived=True)
    RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    RegistrationFactory(campaign=campaign, unit=accepted, accepted=True)
    RegistrationFactory(campaign=campaign, unit=drafting)
    RegistrationFactory(campaign=campaign, unit=returned, state=S.RETURNED)
    RegistrationFactory(campaign=campaign, unit=silent, year=2027, accepted=True)
    names = sorted(u.name for u in services.units_without_registration(campaign, 2026))
    assert names == ["Phòng Kinh tế", "Đơn vị B", "Đơn vị C", "Đơn vị D"]


def _submitted_on(registration, day: datetime.date, actor, *, state=S.SUBMITTED):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    RegistrationTransition.objects.create(
        registration=registration, actor=actor, from_state=S.DRAFT, to_state=S.SUBMITTED
    )
    RegistrationTransition.objects.filter(registration=registration).update(at=moment)
    Registration.objects.filter(pk=registration.pk).update(state=state, submitted_at=moment)


def test_overview_lists_every_unit_and_marks_late_ones(campaign, own_unit, other_unit, unit_staff):
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(registration_deadline=DEADLINE)
    on_time, late, drafting = (UnitFactory(name=f"Đơn vị {n}") for n in "ABC")
    _submitted_on(
        RegistrationFactory(campaign=campaign, unit=on_time), datetime.date(2026, 3, 30), unit_staff
    )
    _submitted_on(
        RegistrationFactory(campaign=campaign, unit=late),
        datetime.date(2026, 4, 2),
        unit_staff,
        state=S.ACCEPTED,
    )
    RegistrationFactory(campaign=campaign, unit=drafting)
    period, rows = services.registration_overview(campaign, 2026, today=datetime.date(2026, 4, 10))
    assert period.registration_deadline == DEADLINE
    assert [(row.unit.name, row.state, row.late) for row in rows] == [
        ("Đơn vị A", "submitted", False),
        ("Đơn vị B", "accepted", True),
        ("Đơn vị C", "draft", True),
        ("Phòng Kinh tế", "none", True),
        ("Trung tâm Phục vụ hành chính công", "none", True),
    ]
    _period, before_deadline = services.registration_overview(campaign, 2026, today=DEADLINE)
    assert [row.late for row in before_deadline] == [False, True, False, False, False]


def test_a_late_first_submission_stays_late_and_an_on_time_one_stays_on_time(campaign, own_unit, unit_staff):
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(registration_deadline=DEADLINE)
    registration = RegistrationFactory(campaign=campaign, unit=own_unit)
    _submitted_on(registration, datetime.date(2026, 3, 20), unit_staff)
    # Returned by the office and sent again after the deadline: still on time.
    Registration.objects.filter(pk=registration.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2026, 4, 15, 9))
    )
    _period, rows = services.registration_overview(campaign, 2026, today=datetime.date(2026, 5, 1))
    assert [(row.unit, row.late) for row in rows if row.registration] == [(own_unit, False)]


def test_without_a_deadline_nothing_is_late(campaign, own_unit):
    _period, rows = services.registration_overview(campaign, 2026, today=datetime.date(2030, 1, 1))
    assert [row.late for row in rows] == [False]


def test_overview_shows_a_registering_authority_too(campaign):
    committee = UnitFactory(name="Ủy ban nhân dân xã", kind=UnitKind.AUTHORITY)
    CommitmentFactory(registration=RegistrationFactory(campaign=campaign, unit=committee))
    _period, rows = services.registration_overview(campaign, 2026)
    assert [(row.unit.name, row.registration.commitment_count) for row in rows] == [("Ủy ban nhân dân xã", 1)]


@pytest.mark.parametrize("units", [1, 30])
def test_overview_query_count_does_not_grow(
    campaign, online_kpi, unit_staff, units, django_assert_num_queries
):
    for n in range(units):
        registration = RegistrationFactory(campaign=campaign, unit=UnitFactory(), submitted=bool(n % 2))
        CommitmentFactory(registration=registration, indicator=online_kpi)
        UnitFactory()
    with django_assert_num_queries(3):
        _period, rows = services.registration_overview(campaign, 2026)
    assert len(rows) == 2 * units + 1  # own_unit (from online_kpi) has not registered


def test_unit_years_lists_each_year_with_its_registration(
    campaign, own_unit, other_unit, unit_staff, django_assert_num_queries
):
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(registration_deadline=DEADLINE)
    _submitted_on(
        RegistrationFactory(campaign=campaign, unit=own_unit), datetime.date(2026, 4, 1), unit_staff
    )
    RegistrationFactory(campaign=campaign, unit=own_unit, year=2027, state=S.RETURNED)
    RegistrationFactory(campaign=campaign, unit=other_unit, year=2028)
    own = Registration.objects.filter(unit=own_unit)
    with django_assert_num_queries(2):
        rows = services.unit_years(campaign, own, today=datetime.date(2026, 5, 1))
    assert [(row.period.year, row.state, row.late) for row in rows] == [
        (2026, "submitted", True),
        (2027, "returned", False),
        (2028, "none", False),
        (2029, "none", False),
        (2030, "none", False),
    ]


def test_registration_is_late_reads_the_first_submission(campaign, own_unit, unit_staff):
    CampaignYear.objects.filter(campaign=campaign, year=2026).update(registration_deadline=DEADLINE)
    registration = RegistrationFactory(campaign=campaign, unit=own_unit)
    assert services.registration_is_late(registration, today=DEADLINE) is False
    assert services.registration_is_late(registration, today=datetime.date(2026, 4, 1)) is True
    _submitted_on(registration, datetime.date(2026, 3, 31), unit_staff)
    registration.refresh_from_db()
    assert services.registration_is_late(registration, today=datetime.date(2026, 6, 1)) is False
