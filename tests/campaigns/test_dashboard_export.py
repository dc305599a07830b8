"""The dashboard's "Tải Excel" and "In": the file carries the figures of the page for the
same year and reader, and the page prints with its own heading."""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.campaigns import test_dashboard as page_tests
from tests.factories.campaigns import IndicatorFactory, IndicatorTargetFactory
from units.models import Commune

# The page's own fixtures, so the file is checked against the figures the page tests assert.
payment_kpi = page_tests.payment_kpi
figures = page_tests.figures
bulk_results = page_tests.bulk_results

URL = reverse("campaigns:dashboard")
EXPORT = reverse("campaigns:dashboard_export")
HEADER = 6


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _table(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=HEADER + 1, values_only=True))


def _all_text(book) -> str:
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


def test_office_export_has_the_communes_figures_of_the_chosen_year(
    client_for, vhxh_officer, commune, figures, online_kpi, other_unit
):
    response = client_for(vhxh_officer).get(EXPORT, {"year": 2026})
    book = _book(response)
    assert 'filename="bang-theo-doi-cchc-2026-2030-2026.xlsx"' in response["Content-Disposition"]
    assert book.sheetnames == [
        "Chỉ tiêu 2026",
        "Theo kỳ",
        "Theo năm",
        "Đơn vị chưa đạt",
        "Chưa đăng ký",
        "Chưa báo cáo",
    ]
    sheet = book["Chỉ tiêu 2026"]
    assert Commune.current() == commune
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert [sheet.cell(row=r, column=1).value for r in range(1, 5)] == [
        "BẢNG THEO DÕI PHONG TRÀO THI ĐUA NĂM 2026",
        f"Phong trào: {online_kpi.campaign.title} (2026–2030)",
        f"Toàn {commune.name}",
        f"Số liệu đến ngày {today}",
    ]
    assert sheet.cell(row=HEADER, column=4).value == "Tỷ lệ toàn xã năm 2026"
    rows = _table(sheet)
    # As on the page: 60% against 60% (reached), 45% against 50% (behind), both finals 80%.
    assert [(r[1], r[3], r[4], r[5], r[9]) for r in rows] == [
        ("Tỷ lệ sử dụng dịch vụ công trực tuyến", 60, 60, 80, "Đạt"),
        ("Tỷ lệ thanh toán trực tuyến", 45, 50, 80, "Chậm tiến độ"),
    ]
    assert (rows[0][7], rows[0][8]) == (240, 400)
    periods = _table(book["Theo kỳ"])
    assert periods[1] == ("Tỷ lệ sử dụng dịch vụ công trực tuyến", "Tháng 2", 70, 53.33, 60)
    behind = _table(book["Đơn vị chưa đạt"])
    assert ("Tỷ lệ sử dụng dịch vụ công trực tuyến", other_unit.name, 30, 60, 30) in behind


def test_unit_export_has_only_the_units_own_figures(client_for, unit_staff, commune, figures, other_unit):
    book = _book(client_for(unit_staff).get(EXPORT, {"year": 2026}))
    assert book.sheetnames == ["Chỉ tiêu 2026", "Theo kỳ", "Theo năm", "Chưa báo cáo"]
    sheet = book["Chỉ tiêu 2026"]
    assert sheet.cell(row=3, column=1).value == f"{commune.name} · Đơn vị: {unit_staff.unit.name}"
    assert sheet.cell(row=HEADER, column=4).value == "Tỷ lệ của đơn vị năm 2026"
    assert [(r[1], r[3]) for r in _table(sheet)] == [("Tỷ lệ sử dụng dịch vụ công trực tuyến", 70)]
    assert other_unit.name not in _all_text(book)
    assert "Tỷ lệ thanh toán trực tuyến" not in _all_text(book)


def test_export_follows_the_year_and_the_campaign_of_the_page(client_for, vhxh_officer, figures, online_kpi):
    campaign = online_kpi.campaign
    url = reverse("campaigns:dashboard_campaign_export", args=[campaign.pk])
    book = _book(client_for(vhxh_officer).get(url, {"year": 2027}))
    assert book.sheetnames[0] == "Chỉ tiêu 2027"
    assert book["Chỉ tiêu 2027"].cell(row=1, column=1).value.endswith("NĂM 2027")
    # A year the campaign does not have falls back to the page's default year, as the page does.
    page = client_for(vhxh_officer).get(URL, {"year": 1990})
    default = page.context["board"].year
    assert _book(client_for(vhxh_officer).get(EXPORT, {"year": 1990})).sheetnames[0] == f"Chỉ tiêu {default}"


def test_user_text_is_never_a_formula(client_for, vhxh_officer, campaign):
    indicator = IndicatorFactory(campaign=campaign, code="x", name='=HYPERLINK("http://x")')
    IndicatorTargetFactory(indicator=indicator, year=2026, value=Decimal("50"))
    rows = _table(_book(client_for(vhxh_officer).get(EXPORT, {"year": 2026}))["Chỉ tiêu 2026"])
    assert rows[0][1] == '\'=HYPERLINK("http://x")'


def test_without_a_campaign_there_is_nothing_to_export(client_for, vhxh_officer, db):
    assert client_for(vhxh_officer).get(EXPORT).status_code == 404


@pytest.mark.parametrize("persona", ["vhxh_officer", "unit_staff"])
def test_export_query_count_does_not_grow_with_units_and_results(
    request, client_for, django_assert_max_num_queries, persona, online_kpi, payment_kpi, own_unit
):
    client = client_for(request.getfixturevalue(persona))
    online_kpi.reporting_units.add(own_unit)
    assert bulk_results(online_kpi, payment_kpi, many=False) == 1
    client.get(EXPORT, {"year": 2026})  # warm caches (session, content types)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(EXPORT, {"year": 2026})
    payment_kpi.reporting_units.add(own_unit)
    assert bulk_results(online_kpi, payment_kpi, many=True) == 500
    with django_assert_max_num_queries(len(few.captured_queries)):
        book = _book(client.get(EXPORT, {"year": 2026}))
    if persona == "vhxh_officer":
        # Every unit behind is in the file, not the page's shortened list.
        assert len(_table(book["Đơn vị chưa đạt"])) >= 25
    assert len(few.captured_queries) <= 30


def test_page_offers_excel_and_print_with_a_print_heading(client_for, unit_staff, figures):
    response = client_for(unit_staff).get(URL, {"year": 2026})
    html = response.content.decode()
    assert (
        f'href="{reverse("campaigns:dashboard_campaign_export", args=[response.context["campaign"].pk])}?year=2026"'
        in html
    )
    assert 'id="dashboard-print" data-action="print"' in html
    assert 'href="/static/css/dashboard-print.css" media="print"' in html
    assert "/static/js/print.js" in html
    heading = html[html.index('id="print-heading"') :]
    heading = heading[: heading.index("</header>")]
    assert "BẢNG THEO DÕI PHONG TRÀO THI ĐUA NĂM 2026" in heading
    assert f"Đơn vị: {unit_staff.unit.name}" in heading
    assert f"Số liệu đến ngày {timezone.localdate():%d/%m/%Y}" in heading
