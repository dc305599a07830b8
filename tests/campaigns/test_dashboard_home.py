"""The movement's home-page panels for the office and for a unit."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from campaigns import home
from campaigns.services.campaign import default_year
from campaigns.services.dashboard import completed_period
from tests.factories import UnitFactory
from tests.factories.campaigns import RegistrationFactory, ResultFactory
from thiduaportal.home import panels_for


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _movement(user):
    return [panel for panel in panels_for(user) if panel.title.startswith("Emulation movement")]


def test_office_panel_counts_registrations_to_review_and_units_without_one(
    vhxh_officer, campaign, own_unit, other_unit
):
    year = default_year(campaign)
    RegistrationFactory(campaign=campaign, unit=own_unit, year=year, submitted=True)
    RegistrationFactory(campaign=campaign, unit=other_unit, year=year, accepted=True)
    RegistrationFactory(campaign=campaign, unit=UnitFactory(name="Hội Nông dân xã"), year=year)
    UnitFactory(name="Đoàn Thanh niên xã")
    (panel,) = _movement(vhxh_officer)
    assert panel.title == f"Emulation movement {year}"
    query = f"?campaign={campaign.pk}&year={year}"
    assert [(i.text, i.url, i.count, i.level) for i in panel.items] == [
        (
            "Registrations waiting for review",
            reverse("campaigns:registration_list") + query + "&state=submitted",
            1,
            "warning",
        ),
        (
            f"Units without a registration for {year}",
            reverse("campaigns:registration_list") + query,
            3,
            "warning",
        ),
        ("Open the dashboard", reverse("campaigns:dashboard"), None, "secondary"),
    ]


def test_chairman_gets_the_office_panel_and_council_members_none(chairman, council_member, campaign):
    assert len(_movement(chairman)) == 1
    assert _movement(council_member) == []


def test_no_campaign_no_panel(vhxh_officer, unit_staff):
    assert _movement(vhxh_officer) == []
    assert _movement(unit_staff) == []


def test_unit_panel_shows_its_registration_and_missing_periods(
    unit_staff, campaign, online_kpi, own_unit, other_unit
):
    year = default_year(campaign)
    RegistrationFactory(campaign=campaign, unit=own_unit, year=year, state="returned")
    RegistrationFactory(campaign=campaign, unit=other_unit, year=year, accepted=True)
    ResultFactory(indicator=online_kpi, unit=own_unit, year=year, period=1)
    due = completed_period(online_kpi, year, today=timezone.localdate())
    (panel,) = _movement(unit_staff)
    registration, results, dashboard = panel.items
    assert (registration.text, registration.level) == (
        f"Your registration for {year}: Returned for revision",
        "danger",
    )
    assert registration.url == reverse("campaigns:registration_edit", args=[campaign.pk, year])
    assert (results.text, results.count) == ("Result periods not sent yet", max(due - 1, 0))
    assert results.level == ("warning" if due > 1 else "success")
    assert dashboard.url == reverse("campaigns:dashboard")


def test_unit_panel_without_registration_says_not_registered(unit_head, campaign):
    (panel,) = _movement(unit_head)
    assert (panel.items[0].text, panel.items[0].level) == (
        f"Your registration for {default_year(campaign)}: Not registered",
        "warning",
    )
    assert panel.items[1].count == 0  # it reports no indicator


def test_a_missing_url_name_leaves_the_line_without_a_link():
    assert home._link("campaigns:no_such_screen", (1, 2026), ()) == ""
    assert home._link("campaigns:dashboard", (1, 2026), ()) == reverse("campaigns:dashboard")


def test_home_page_shows_the_panel(client_for, vhxh_officer, campaign):
    html = client_for(vhxh_officer).get(reverse("home")).content.decode()
    assert f"Emulation movement {default_year(campaign)}" in html
    assert f'<a href="{reverse("campaigns:dashboard")}">Open the dashboard</a>' in html
