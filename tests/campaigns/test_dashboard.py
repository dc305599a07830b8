"""The dashboard page: the commune for the office and the chairman, a unit's own figures."""

import datetime
import io
import json
import pathlib
import re
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Campaign, Frequency, Result
from campaigns.services.campaign import default_year
from tests.factories import UnitFactory
from tests.factories.campaigns import (
    CampaignFactory,
    IndexComponentFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    RegistrationFactory,
    ResultFactory,
)
from units.models import User

URL = reverse("campaigns:dashboard")


@pytest.fixture
def payment_kpi(campaign, other_unit):
    indicator = IndicatorFactory(
        campaign=campaign, code="thanh-toan", name="Tỷ lệ thanh toán trực tuyến", order=2,
        frequency=Frequency.QUARTERLY, final_target=Decimal("80"),
    )  # fmt: skip
    indicator.reporting_units.add(other_unit)
    IndicatorTargetFactory(indicator=indicator, year=2026, value=Decimal("50"))
    return indicator


@pytest.fixture
def figures(online_kpi, payment_kpi, own_unit, other_unit):
    """Online KPI: own_unit 210/300 (70%), other_unit 30/100 (30%), commune 240/400 (60%).
    Payment: other_unit 45/100 in Q1. Each unit has a component and an initiative."""
    online_kpi.reporting_units.add(other_unit)
    for month, numerator in ((1, 60), (2, 70), (3, 80)):
        ResultFactory(indicator=online_kpi, unit=own_unit, period=month, numerator=numerator)
    ResultFactory(indicator=online_kpi, unit=other_unit, period=1, numerator=30)
    ResultFactory(indicator=payment_kpi, unit=other_unit, period=1, numerator=45)
    IndexComponentFactory(code="3.3", name="Giải quyết TTHC qua Một cửa", score=Decimal("1.5")).units.add(
        own_unit
    )
    IndexComponentFactory(code="3.2", name="Công khai TTHC tại Phòng", score=Decimal("1")).units.add(
        other_unit
    )
    InitiativeFactory(
        owner_unit=own_unit, title="Số hóa hồ sơ ngay khi tiếp nhận", recognised=True,
        decision_date=datetime.date(2026, 8, 20),
    )  # fmt: skip
    InitiativeFactory(
        owner_unit=other_unit,
        title="Thu phí bằng mã QR",
        recognised=True,
        decision_date=datetime.date(2026, 9, 1),
    )


def _charts(response) -> dict:
    found = re.search(
        r'<script id="dashboard-charts" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return {chart["id"]: chart for chart in json.loads(found.group(1))}


def test_office_sees_each_kpis_exact_commune_rate_and_targets(
    client_for, vhxh_officer, figures, online_kpi, payment_kpi
):
    response = client_for(vhxh_officer).get(URL, {"year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["board"].unit is None
    rates = re.findall(r'data-role="rate"><span class="card-count">([^<]*)</span>', html)
    targets = re.findall(r'data-role="target">([^<]*)</dd>', html)
    finals = re.findall(r'data-role="final-target">([^<]*)</dd>', html)
    assert (rates, targets, finals) == (["60%", "45%"], ["60%", "50%"], ["80%", "80%"])
    assert html.index("Tỷ lệ sử dụng dịch vụ công trực tuyến") < html.index("Tỷ lệ thanh toán trực tuyến")
    assert "Commune rate" in html
    assert "Year: Reached" in html
    assert "Year: Behind" in html


def test_office_chart_data_match_the_table(client_for, vhxh_officer, figures, online_kpi, payment_kpi):
    response = client_for(vhxh_officer).get(URL, {"year": 2026})
    charts = _charts(response)
    online = charts[f"chart-indicator-{online_kpi.pk}"]
    assert online["labels"][:2] == ["Month 1", "Month 2"]
    assert [d["label"] for d in online["datasets"]] == [
        "Rate of the period",
        "Year to date",
        "Target for 2026",
    ]
    assert online["datasets"][0]["data"] == [45.0, 70.0, 80.0] + [None] * 9
    assert online["datasets"][1]["data"] == [45.0, 53.33, 60.0] + [None] * 9
    assert online["datasets"][2]["data"] == [60.0] * 12
    assert charts[f"chart-indicator-{payment_kpi.pk}"]["labels"] == [
        "Quarter 1",
        "Quarter 2",
        "Quarter 3",
        "Quarter 4",
    ]
    assert charts["chart-index-par"]["datasets"] == [
        {"label": "3.2 Công khai TTHC tại Phòng", "data": [None, 50.0]},
        {"label": "3.3 Giải quyết TTHC qua Một cửa", "data": [None, 75.0]},
    ]
    html = response.content.decode()
    # The same numbers, as a table for screen readers and printing.
    assert (
        '<th scope="row" class="fw-normal">Month 2</th><td class="text-end">70</td><td class="text-end">53,33</td><td class="text-end">60</td>'
        in html
    )
    assert "1,50 / 2</td>" in html


def test_office_sees_units_behind_unregistered_and_initiatives(
    client_for, vhxh_officer, figures, own_unit, campaign
):
    RegistrationFactory(campaign=campaign, unit=own_unit, accepted=True)
    html = client_for(vhxh_officer).get(URL, {"year": 2026}).content.decode()
    behind = html[html.index('id="behind-table"') : html.index("</table>", html.index('id="behind-table"'))]
    assert re.findall(r'<a href="/units/\d+/">([^<]+)</a>', behind) == ["Phòng Kinh tế", "Phòng Kinh tế"]
    assert re.findall(r'text-danger">([^<]+)<', behind) == ["30", "5"]
    unregistered = html[
        html.index('id="unregistered-list"') : html.index("</ul>", html.index('id="unregistered-list"'))
    ]
    assert "Phòng Kinh tế" in unregistered
    assert "Trung tâm Phục vụ" not in unregistered
    assert 'data-role="initiative-count">2<' in html
    assert "Thu phí bằng mã QR" in html
    assert "Số hóa hồ sơ ngay khi tiếp nhận" in html


def test_chairman_sees_the_commune_too(client_for, chairman, figures):
    response = client_for(chairman).get(URL, {"year": 2026})
    assert response.context["board"].unit is None
    assert re.findall(r'class="card-count">([^<]*)<', response.content.decode()) == ["60%", "45%"]


@pytest.mark.parametrize("persona", ["unit_staff", "unit_head"])
def test_a_unit_sees_only_its_own_figures(request, client_for, persona, figures, own_unit, campaign):
    RegistrationFactory(campaign=campaign, unit=own_unit, submitted=True)
    user = request.getfixturevalue(persona)
    response = client_for(user).get(URL, {"year": 2026})
    # CSRF tokens are random letters and digits, and the user's factory name carries a running
    # number ("Người Dùng 1545"): either may contain "45" by chance.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    html = html.replace(user.full_name, "")
    assert response.context["board"].unit == own_unit
    assert re.findall(r'class="card-count">([^<]*)<', html) == ["70%"]
    assert "210 / 300" in html
    assert "Figures of Trung tâm Phục vụ hành chính công" in html
    assert 'data-role="registration-state"><span class="badge text-bg-info">Submitted</span>' in html
    for foreign in (
        "Phòng Kinh tế",
        "Tỷ lệ thanh toán trực tuyến",
        "Thu phí bằng mã QR",
        "Công khai TTHC tại Phòng",
        "Commune rate",
        "45",
    ):
        assert foreign not in html, foreign
    assert "Số hóa hồ sơ ngay khi tiếp nhận" in html
    assert list(_charts(response)) == [f"chart-indicator-{figures_online(own_unit)}", "chart-index-par"]


def figures_online(unit) -> int:
    return unit.reported_indicators.get(code="dvc-truc-tuyen").pk


def test_the_other_unit_sees_its_own_not_ours(client_for, other_staff, figures):
    html = client_for(other_staff).get(URL, {"year": 2026}).content.decode()
    assert re.findall(r'class="card-count">([^<]*)<', html) == ["30%", "45%"]
    assert "Trung tâm Phục vụ hành chính công" not in html
    assert "Số hóa hồ sơ ngay khi tiếp nhận" not in html
    assert 'data-role="registration-state"><span class="badge text-bg-warning">Not registered</span>' in html


def test_a_unit_sees_its_missing_periods_of_the_baseline_year(client_for, unit_staff, online_kpi, own_unit):
    for month in (1, 2, 3, 5):
        ResultFactory(indicator=online_kpi, unit=own_unit, year=2025, period=month)
    html = client_for(unit_staff).get(URL, {"year": 2025}).content.decode()
    assert 'data-role="missing-count">1<' in html
    assert "Month 4, 6, 7, 8, 9, 10, 11, 12/2025" in html
    assert "The baseline year takes no registrations." in html


def test_office_sees_who_missed_the_latest_month_of_the_baseline_year(
    client_for, vhxh_officer, online_kpi, own_unit, other_unit
):
    online_kpi.reporting_units.add(other_unit)
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2025, period=12)
    ResultFactory(indicator=online_kpi, unit=other_unit, year=2025, period=11)
    html = client_for(vhxh_officer).get(URL, {"year": 2025}).content.decode()
    table = html[html.index('id="missing-table"') : html.index("</table>", html.index('id="missing-table"'))]
    assert re.findall(r'data-label="Unit">([^<]+)<', table) == ["Phòng Kinh tế"]
    assert "Month 12/2025" in table


@pytest.mark.parametrize("value", ["abc", "2040", "2024", ""])
def test_a_bad_year_is_named_and_the_default_year_shown(client_for, vhxh_officer, campaign, value):
    response = client_for(vhxh_officer).get(URL, {"year": value})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["board"].year == default_year(campaign)
    if value:
        assert f"Year: {value} is not a year of this campaign; choose one from 2025 to 2030." in html
    else:
        assert "This field is required." in html
    assert f"Showing {default_year(campaign)}." in html


def test_the_default_is_the_current_campaign_and_a_chosen_campaign_can_be_read(
    client_for, vhxh_officer, campaign
):
    older = CampaignFactory(
        code="cchc-2021-2025",
        title="Phong trào giai đoạn trước",
        start_year=2021,
        end_year=2025,
        midterm_year=None,
    )
    client = client_for(vhxh_officer)
    current = client.get(URL)
    assert current.context["campaign"] == Campaign.objects.get(code="cchc-2026-2030")
    chosen = client.get(reverse("campaigns:dashboard_campaign", args=[older.pk]), {"year": 2020})
    assert (chosen.context["campaign"], chosen.context["board"].year) == (older, 2020)
    assert "Phong trào giai đoạn trước 2021–2025" in chosen.content.decode()
    assert client.get(reverse("campaigns:dashboard_campaign", args=[older.pk + 100])).status_code == 404


def test_without_any_campaign_the_page_says_so(client_for, vhxh_officer, db):
    response = client_for(vhxh_officer).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "No emulation movement has been set up yet." in html
    assert "chart.umd.min.js" not in html


def test_charts_come_from_the_vendored_library_without_inline_script(client_for, vhxh_officer, figures):
    html = client_for(vhxh_officer).get(URL, {"year": 2026}).content.decode()
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js"></script>' in html
    assert '<script src="/static/js/dashboard.js"></script>' in html
    inline = [s for s in re.findall(r"<script([^>]*)>", html) if "src=" not in s]
    assert inline == [' id="dashboard-charts" type="application/json"']
    assert "cdn" not in html.lower()


def bulk_results(online_kpi, payment_kpi, many: bool):
    """1 result, or 500 across 25 units; components, registrations and initiatives likewise."""
    count = 25 if many else 1
    units = [UnitFactory() for _ in range(count)]
    rows = []
    for unit in units:
        online_kpi.reporting_units.add(unit)
        payment_kpi.reporting_units.add(unit)
        months = range(1, 13 if many else 2)
        rows += [
            Result(indicator=online_kpi, unit=unit, year=2026, period=m, numerator=50, denominator=100)
            for m in months
        ]
        rows += [
            Result(indicator=payment_kpi, unit=unit, year=2026, period=q, numerator=40, denominator=100)
            for q in range(1, 9 if many else 1)
        ]
        RegistrationFactory(campaign=online_kpi.campaign, unit=unit, submitted=True)
        InitiativeFactory(campaign=online_kpi.campaign, owner_unit=unit, recognised=True)
        IndexComponentFactory(year=2026, score=Decimal("1")).units.add(unit)
    Result.objects.bulk_create(rows[:500])
    return len(rows[:500])


@pytest.mark.parametrize("persona", ["vhxh_officer", "unit_staff"])
def test_query_count_does_not_grow_with_results(
    request, client_for, django_assert_max_num_queries, persona, online_kpi, payment_kpi, own_unit
):
    client = client_for(request.getfixturevalue(persona))
    online_kpi.reporting_units.add(own_unit)
    assert bulk_results(online_kpi, payment_kpi, many=False) == 1
    client.get(URL, {"year": 2026})  # warm caches (session, content types)
    cache.clear()  # both counts are of the page computed, not read from the dashboard's cache
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": 2026})
    payment_kpi.reporting_units.add(own_unit)
    assert bulk_results(online_kpi, payment_kpi, many=True) == 500
    ResultFactory(indicator=online_kpi, unit=own_unit, period=1)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"year": 2026})
    assert response.status_code == 200
    assert len(few.captured_queries) <= 30


def test_the_demo_office_sees_the_five_kpis_of_2026_with_charts(db, settings, client_for):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(code="cchc-2026-2030")
    response = client_for(User.objects.get(username="vhxh")).get(URL, {"year": 2026})
    html = response.content.decode()
    city = campaign.indicators.filter(is_city_kpi=True).order_by("order")
    assert city.count() == 5
    cards = response.context["cards"]
    assert [item["card"].indicator for item in cards[:5]] == list(city)
    for item, indicator in zip(cards[:5], city, strict=True):
        target = indicator.targets.get(year=2026).value
        assert item["card"].status.target == target
        assert f'data-role="target">{target.normalize():f}%</dd>' in html
        assert f'id="chart-indicator-{indicator.pk}"' in html
    assert len(_charts(response)) == 7 + 2


def test_chartjs_is_vendored_with_its_licence_and_version():
    script = finders.find("vendor/chartjs/chart.umd.min.js")
    assert script is not None
    folder = pathlib.Path(script).parent
    header = pathlib.Path(script).read_text(encoding="utf-8")[:200]
    version = re.search(r"Chart\.js v(4\.\d+\.\d+)", header).group(1)
    assert "Released under the MIT License" in header
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert f"Chart.js {version}" in (folder / "README.md").read_text(encoding="utf-8")
    assert finders.find("js/dashboard.js") is not None
    template = pathlib.Path(
        django_settings.BASE_DIR, "templates/campaigns/dashboard/dashboard.html"
    ).read_text(encoding="utf-8")
    assert "{% static 'vendor/chartjs/chart.umd.min.js' %}" in template
    assert "{% static 'js/dashboard.js' %}" in template


def test_units_behind_shows_the_widest_gaps_of_each_indicator_and_links_to_the_rest(
    client_for, vhxh_officer, online_kpi
):
    """Seven units behind on one indicator: the five widest gaps, then a line for the other
    two with a link that shows all seven."""
    for n in range(7):
        unit = UnitFactory(name=f"Đơn vị {n}")
        online_kpi.reporting_units.add(unit)
        ResultFactory(indicator=online_kpi, unit=unit, period=1, numerator=10 + n, denominator=100)
    client = client_for(vhxh_officer)

    def table(response):
        html = response.content.decode()
        start = html.index('id="behind-table"')
        return html[start : html.index("</table>", start)]

    behind = table(client.get(URL, {"year": 2026}))
    assert re.findall(r'text-danger">([^<]+)<', behind) == ["50", "49", "48", "47", "46"]
    more = re.search(r'data-role="behind-more">\s*<td[^>]*>\s*(.+?)</td>', behind, re.S).group(1)
    assert "and 2 more units behind on Tỷ lệ sử dụng dịch vụ công trực tuyến" in more
    link = re.search(r'href="([^"]+)"', more).group(1).replace("&amp;", "&")
    assert link == f"?year=2026&behind={online_kpi.pk}#behind-heading"
    shown = table(client.get(URL + link.split("#")[0]))
    assert re.findall(r'text-danger">([^<]+)<', shown) == ["50", "49", "48", "47", "46", "45", "44"]
    assert "behind-more" not in shown
