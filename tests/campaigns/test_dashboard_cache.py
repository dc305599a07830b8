"""The dashboard's cache: its content is kept per data version, and every write of what it
reads moves the version inside the writer's transaction, so the next load is fresh."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import DashboardVersion, Result
from campaigns.services.results import ResultEntry, ResultsError, save_results
from campaigns.services.versions import current_version
from tests.factories.campaigns import ResultFactory

URL = reverse("campaigns:dashboard")
PUBLIC = reverse("campaigns:public_home")
TODAY = datetime.date(2026, 12, 7)


def _rates(response) -> list[str]:
    return re.findall(r'data-role="rate"><span class="card-count">([^<]*)</span>', response.content.decode())


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _result_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "campaigns_result" in q["sql"]]


@pytest.fixture
def office(commune, client_for, vhxh_officer):
    return client_for(vhxh_officer)


@pytest.fixture
def january(online_kpi, own_unit):
    return ResultFactory(indicator=online_kpi, unit=own_unit, period=1, numerator=60, denominator=100)


def _save(unit, indicator, actor, **figures):
    return save_results(
        unit,
        campaign=indicator.campaign,
        year=2026,
        actor=actor,
        entries=[ResultEntry(indicator, **figures)],
        today=TODAY,
    )


def test_a_second_load_reads_no_result_and_shows_the_same_page(office, january):
    first = office.get(URL, {"year": 2026})
    with CaptureQueriesContext(connection) as second:
        again = office.get(URL, {"year": 2026})
    assert _rates(first) == _rates(again) == ["60%"]
    assert _without_tokens(again) == _without_tokens(first)
    assert _result_queries(second) == []


def test_a_saved_result_shows_on_the_next_load(office, january, online_kpi, own_unit, vhxh_officer):
    assert _rates(office.get(URL, {"year": 2026})) == ["60%"]
    _save(own_unit, online_kpi, vhxh_officer, period=2, numerator=90, denominator=100)
    with CaptureQueriesContext(connection) as fresh:
        response = office.get(URL, {"year": 2026})
    assert _rates(response) == ["75%"]
    assert _result_queries(fresh) != []


def test_a_removed_result_and_a_new_target_show_on_the_next_load(
    office, january, online_kpi, own_unit, vhxh_officer
):
    _save(own_unit, online_kpi, vhxh_officer, period=2, numerator=90, denominator=100)
    assert _rates(office.get(URL, {"year": 2026})) == ["75%"]
    _save(own_unit, online_kpi, vhxh_officer, period=2)  # blank: removes February
    assert _rates(office.get(URL, {"year": 2026})) == ["60%"]
    target = online_kpi.targets.get(year=2026)
    target.value = Decimal("70")
    target.save()
    html = office.get(URL, {"year": 2026}).content.decode()
    assert 'data-role="target">70%</dd>' in html


def test_a_refused_save_leaves_the_version(office, january, online_kpi, own_unit, vhxh_officer):
    office.get(URL, {"year": 2026})
    before = current_version()
    with pytest.raises(ResultsError):
        _save(own_unit, online_kpi, vhxh_officer, period=2, numerator=120, denominator=100)
    assert current_version() == before
    assert Result.objects.count() == 1


def test_a_write_rolled_back_leaves_the_version(office, january, online_kpi, own_unit):
    office.get(URL, {"year": 2026})
    before = current_version()
    inside = []

    def write_then_fail():
        with transaction.atomic():
            ResultFactory(indicator=online_kpi, unit=own_unit, period=3)
            inside.append(current_version()[1])
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert inside == [before[1] + 1]
    assert current_version() == before


def test_a_new_reporting_unit_moves_the_version(office, online_kpi, other_unit):
    office.get(URL, {"year": 2026})
    number = current_version()[1]
    online_kpi.reporting_units.add(other_unit)
    assert DashboardVersion.objects.get().number == number + 1


def test_the_unit_and_the_commune_are_kept_apart(
    office, client_for, unit_staff, online_kpi, own_unit, other_unit, january
):
    online_kpi.reporting_units.add(other_unit)
    ResultFactory(indicator=online_kpi, unit=other_unit, period=1, numerator=20, denominator=100)
    assert _rates(office.get(URL, {"year": 2026})) == ["40%"]
    staff = client_for(unit_staff)
    assert _rates(staff.get(URL, {"year": 2026})) == ["60%"]
    assert _rates(office.get(URL, {"year": 2026})) == ["40%"]


def test_each_language_has_its_own_page(office, january):
    assert "Commune rate" in office.get(URL, {"year": 2026}).content.decode()
    office.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert "Tỷ lệ toàn xã" in office.get(URL, {"year": 2026}).content.decode()


def test_a_cached_load_runs_as_many_queries_at_1_and_at_500_results(
    office, django_assert_max_num_queries, online_kpi, own_unit
):
    ResultFactory(indicator=online_kpi, unit=own_unit, period=1)
    office.get(URL, {"year": 2026})
    with CaptureQueriesContext(connection) as few:
        office.get(URL, {"year": 2026})
    few = len(few.captured_queries)  # now: the next request empties the connection's log
    Result.objects.bulk_create(
        Result(indicator=online_kpi, unit=own_unit, year=year, period=month, numerator=50, denominator=100)
        for year in range(2010, 2052)
        for month in range(1, 13)
        if year != 2026
    )
    ResultFactory(indicator=online_kpi, unit=own_unit, period=2)
    office.get(URL, {"year": 2026})
    with django_assert_max_num_queries(few):
        office.get(URL, {"year": 2026})
    assert few <= 8


def test_the_public_page_shows_a_saved_result_on_the_next_load(
    commune, campaign, january, online_kpi, own_unit, vhxh_officer
):
    campaign.is_public = True
    campaign.save()
    visitor = Client()

    def rate():
        [(_campaign, _year, statuses, _until)] = visitor.get(PUBLIC).context["movements"]
        return [status.percent for status in statuses]

    assert rate() == [Decimal("60.00")]
    with CaptureQueriesContext(connection) as second:
        assert rate() == [Decimal("60.00")]
    assert _result_queries(second) == []
    _save(own_unit, online_kpi, vhxh_officer, period=2, numerator=90, denominator=100)
    assert rate() == [Decimal("75.00")]
