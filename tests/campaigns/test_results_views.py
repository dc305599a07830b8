"""Results screens: a unit's year grid (enter, edit, refuse) and the year's overview."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Frequency, IndicatorKind, Result
from tests.factories import UnitFactory
from tests.factories.campaigns import CampaignFactory, IndicatorFactory, IndicatorTargetFactory, ResultFactory


def entry_url(campaign, year, unit):
    return reverse("campaigns:results_entry", args=[campaign.pk, year, unit.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def grid(indicator, data: dict[int, tuple]) -> dict:
    """POST data for one ratio indicator: {period: (numerator, denominator[, note])}."""
    post = {}
    for period, cell in data.items():
        post[f"n_{indicator.pk}_{period}"] = cell[0]
        post[f"d_{indicator.pk}_{period}"] = cell[1]
        post[f"t_{indicator.pk}_{period}"] = cell[2] if len(cell) > 2 else ""
    return post


# --- entry --------------------------------------------------------------------------------


def test_unit_sees_a_row_per_month_of_a_past_year_with_stored_figures(
    client_for, unit_staff, online_kpi, own_unit
):
    ResultFactory(
        indicator=online_kpi, unit=own_unit, year=2025, period=3, numerator=45, denominator=60, note="Đủ"
    )
    response = client_for(unit_staff).get(entry_url(online_kpi.campaign, 2025, own_unit))
    html = text(response)
    assert response.status_code == 200
    assert len(re.findall(rf'name="n_{online_kpi.pk}_\d+"', html)) == 12
    assert f'name="n_{online_kpi.pk}_3" id="id_n_{online_kpi.pk}_3" value="45"' in html
    assert f'name="d_{online_kpi.pk}_3" id="id_d_{online_kpi.pk}_3" value="60"' in html
    assert f'name="t_{online_kpi.pk}_3" id="id_t_{online_kpi.pk}_3" value="Đủ"' in html
    assert "75&nbsp;%" in html  # the month's rate, computed
    assert "in-progress-" not in html  # every month of a past year is over


def test_the_current_year_shows_periods_up_to_the_current_one(client_for, unit_staff, own_unit):
    today = timezone.localdate()
    campaign = CampaignFactory(
        code="nam-nay", start_year=today.year, end_year=today.year + 4, midterm_year=None
    )
    monthly = IndicatorFactory(campaign=campaign, frequency=Frequency.MONTHLY)
    quarterly = IndicatorFactory(campaign=campaign, frequency=Frequency.QUARTERLY)
    for indicator in (monthly, quarterly):
        indicator.reporting_units.add(own_unit)
    html = text(client_for(unit_staff).get(entry_url(campaign, today.year, own_unit)))
    assert len(re.findall(rf'name="n_{monthly.pk}_\d+"', html)) == today.month
    assert len(re.findall(rf'name="n_{quarterly.pk}_\d+"', html)) == (today.month - 1) // 3 + 1
    assert client_for(unit_staff).get(entry_url(campaign, today.year + 1, own_unit)).status_code == 404
    # The month (and quarter) still running is marked: its figures are provisional.
    assert f'id="in-progress-{monthly.pk}-{today.month}"' in html
    assert f'id="in-progress-{quarterly.pk}-{(today.month - 1) // 3 + 1}"' in html
    assert len(re.findall(r'id="in-progress-', html)) == 2
    assert "not over yet: the figures are provisional" in html


def test_unit_enters_and_edits_its_results_and_sees_the_year_status(
    client_for, unit_staff, online_kpi, own_unit
):
    client = client_for(unit_staff)
    url = entry_url(online_kpi.campaign, 2025, own_unit)
    IndicatorTargetFactory(indicator=online_kpi, year=2025, value=Decimal("50"))
    response = client.post(url, grid(online_kpi, {1: (45, 60, "Tháng 1"), 2: (30, 40)}), follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert (
        "Results of Trung tâm Phục vụ hành chính công for 2025 saved: 2 added, 0 changed, 0 removed."
        in text(response)
    )
    assert sorted(Result.objects.values_list("period", "numerator", "denominator", "note", "entered_by")) == [
        (1, 45, 60, "Tháng 1", unit_staff.pk),
        (2, 30, 40, "", unit_staff.pk),
    ]
    html = text(response)
    assert "75&nbsp;%" in html
    assert '<span class="badge text-bg-success">Reached</span>' in html  # 75 % ≥ 50 % for 2025
    cleared = grid(online_kpi, {1: (50, 60, "Tháng 1"), 2: ("", "")})
    response = client.post(url, {**cleared, "confirm_remove": "1"}, follow=True)
    assert "saved: 0 added, 1 changed, 1 removed." in text(response)
    assert list(Result.objects.values_list("period", "numerator")) == [(1, 50)]
    response = client.post(url, grid(online_kpi, {1: (50, 60, "Tháng 1")}), follow=True)
    assert "Nothing changed." in text(response)


def test_one_bad_cell_saves_nothing_and_is_named_beside_its_input(
    client_for, unit_staff, online_kpi, own_unit
):
    url = entry_url(online_kpi.campaign, 2025, own_unit)
    response = client_for(unit_staff).post(url, grid(online_kpi, {1: (45, 60), 2: (41, 40), 3: (1.5, 4)}))
    html = text(response)
    assert response.status_code == 200
    assert "Nothing was saved. Correct the figures marked below." in html
    assert (
        f'<div class="invalid-feedback" id="id_n_{online_kpi.pk}_2_error">Month 2: '
        "The numerator (41) cannot exceed the denominator (40).</div>"
    ) in html
    assert (
        f'<div class="invalid-feedback" id="id_n_{online_kpi.pk}_3_error">Month 3: '
        "The numerator must be a whole number (1,5).</div>"
    ) in html
    assert f'name="n_{online_kpi.pk}_2" id="id_n_{online_kpi.pk}_2" value="41"' in html  # kept as typed
    assert Result.objects.count() == 0


def test_text_in_a_count_is_refused_by_the_form(client_for, unit_staff, online_kpi, own_unit):
    url = entry_url(online_kpi.campaign, 2025, own_unit)
    html = text(client_for(unit_staff).post(url, grid(online_kpi, {1: ("bốn", 60)})))
    assert (
        f'id="id_n_{online_kpi.pk}_1_error">“bốn” is not a number. Write it the Vietnamese way: 1.234 for a thousand two hundred and thirty-four, 72,75 for seventy-two point seventy-five.</div>'
        in html
    )
    assert Result.objects.count() == 0


def test_percentage_indicator_takes_a_value(client_for, unit_staff, campaign, own_unit):
    indicator = IndicatorFactory(campaign=campaign, kind=IndicatorKind.PERCENT, frequency=Frequency.QUARTERLY)
    indicator.reporting_units.add(own_unit)
    url = entry_url(campaign, 2025, own_unit)
    html = text(client_for(unit_staff).post(url, {f"v_{indicator.pk}_1": "120", f"v_{indicator.pk}_2": "90"}))
    assert "Quarter 1: The value is a percentage and cannot exceed 100 (120).</div>" in html
    assert Result.objects.count() == 0
    client_for(unit_staff).post(url, {f"v_{indicator.pk}_1": "95.5", f"v_{indicator.pk}_2": "90"})
    assert sorted(Result.objects.values_list("period", "value")) == [
        (1, Decimal("95.50")),
        (2, Decimal("90.00")),
    ]


def test_unit_staff_cannot_open_or_post_another_units_results(client_for, unit_staff, online_kpi, other_unit):
    online_kpi.reporting_units.add(other_unit)
    url = entry_url(online_kpi.campaign, 2025, other_unit)
    client = client_for(unit_staff)
    assert client.get(url).status_code == 403
    assert client.post(url, grid(online_kpi, {1: (1, 2)})).status_code == 403
    assert Result.objects.count() == 0


def test_office_enters_for_any_unit_and_can_pick_another(
    client_for, vhxh_officer, online_kpi, own_unit, other_unit
):
    online_kpi.reporting_units.add(other_unit)
    url = entry_url(online_kpi.campaign, 2025, other_unit)
    client = client_for(vhxh_officer)
    html = text(client.get(url))
    assert "You are entering results on behalf of Phòng Kinh tế." in html
    assert (
        f'href="{entry_url(online_kpi.campaign, 2025, own_unit)}">Trung tâm Phục vụ hành chính công</a>'
        in html
    )
    client.post(url, grid(online_kpi, {4: (9, 10)}))
    result = Result.objects.get()
    assert (result.unit, result.period, result.numerator, result.entered_by) == (
        other_unit,
        4,
        9,
        vhxh_officer,
    )


def test_a_unit_that_reports_nothing_is_told_so(client_for, vhxh_officer, campaign, other_unit):
    html = text(client_for(vhxh_officer).get(entry_url(campaign, 2025, other_unit)))
    assert "This unit reports no indicator of this campaign." in html


@pytest.mark.parametrize("count", [1, 8])
def test_entry_page_query_count_does_not_grow(
    client_for, unit_staff, campaign, own_unit, count, django_assert_max_num_queries
):
    for n in range(count):
        indicator = IndicatorFactory(campaign=campaign, order=n)
        indicator.reporting_units.add(own_unit)
        IndicatorTargetFactory(indicator=indicator, year=2025)
        for period in range(1, 13):
            ResultFactory(indicator=indicator, unit=own_unit, year=2025, period=period)
    client = client_for(unit_staff)
    with django_assert_max_num_queries(19):
        assert client.get(entry_url(campaign, 2025, own_unit)).status_code == 200


# --- overview -----------------------------------------------------------------------------


def test_office_sees_every_reporting_unit_with_its_rate_and_periods(
    client_for, vhxh_officer, online_kpi, own_unit, other_unit
):
    online_kpi.reporting_units.add(other_unit)
    IndicatorTargetFactory(indicator=online_kpi, year=2025, value=Decimal("55"))
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2025, period=1, numerator=45, denominator=60)
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2025, period=2, numerator=30, denominator=40)
    url = reverse("campaigns:results_list") + f"?campaign={online_kpi.campaign.pk}&year=2025"
    html = text(client_for(vhxh_officer).get(url))
    rows = re.findall(
        r"<tr>\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", html
    )
    assert [tuple(cell.strip() for cell in row) for row in rows] == [
        ("Tỷ lệ sử dụng dịch vụ công trực tuyến", "—", "55", "0/12"),  # Phòng Kinh tế first (by name)
        ("Tỷ lệ sử dụng dịch vụ công trực tuyến", "75&nbsp;%", "55", "2/12"),
    ]
    assert html.index("Phòng Kinh tế") < html.index("Trung tâm Phục vụ hành chính công")
    assert f'href="{entry_url(online_kpi.campaign, 2025, other_unit)}">Enter results</a>' in html


def test_unit_sees_only_its_own_rows(client_for, unit_staff, online_kpi, own_unit, other_unit):
    online_kpi.reporting_units.add(other_unit)
    url = reverse("campaigns:results_list") + f"?campaign={online_kpi.campaign.pk}&year=2025"
    html = text(client_for(unit_staff).get(url))
    assert "Trung tâm Phục vụ hành chính công" in html
    assert "Phòng Kinh tế" not in html
    assert f'href="{entry_url(online_kpi.campaign, 2025, own_unit)}">Enter results</a>' in html


def test_chairman_sees_the_overview_but_no_entry_link(client_for, chairman, online_kpi, own_unit):
    html = text(client_for(chairman).get(reverse("campaigns:results_list") + "?year=2025"))
    assert "Trung tâm Phục vụ hành chính công" in html
    assert "Enter results" not in html


def test_overview_without_a_campaign(client_for, vhxh_officer):
    assert "No campaign yet." in text(client_for(vhxh_officer).get(reverse("campaigns:results_list")))


@pytest.mark.parametrize("count", [1, 15])
def test_overview_query_count_does_not_grow(
    client_for, vhxh_officer, campaign, count, django_assert_max_num_queries
):
    indicators = [IndicatorFactory(campaign=campaign, order=n) for n in range(3)]
    for _n in range(count):
        unit = UnitFactory()
        for indicator in indicators:
            indicator.reporting_units.add(unit)
            ResultFactory(indicator=indicator, unit=unit, year=2025, period=1)
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("campaigns:results_list") + "?year=2025")
    assert response.content.decode().count("Enter results</a>") == count


def test_the_list_marks_late_only_periods_that_have_ended_as_the_home_page_counts_them(
    client_for, unit_staff, online_kpi, own_unit
):
    # In the current year's last open month, eleven months sent is on time: the home page
    # says "0 periods not sent", and the list no longer shows 11/12 in red.
    today = timezone.localdate()
    for period in range(1, today.month):
        ResultFactory(
            indicator=online_kpi, unit=own_unit, year=today.year, period=period, numerator=1, denominator=2
        )
    url = reverse("campaigns:results_list") + f"?campaign={online_kpi.campaign.pk}&year={today.year}"
    html = text(client_for(unit_staff).get(url))
    owed = f"{today.month - 1}/{today.month}"
    assert (
        f'<td class="text-end" data-label="Periods reported">{owed}<div class="small text-muted">the current period is not due yet</div></td>'
        in html
    )
    Result.objects.filter(period=1).delete()
    html = text(client_for(unit_staff).get(url))
    assert (
        f'<td class="text-end text-danger" data-label="Periods reported">{today.month - 2}/{today.month}'
        in html
    )
    home = text(client_for(unit_staff).get(reverse("home")))
    assert "Result periods not sent yet" in home
