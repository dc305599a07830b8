"""Excel import of results: same rules as the form, every problem named by row and column,
one bad row imports no row."""

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from campaigns.imports import RESULT_COLUMNS
from campaigns.models import Frequency, IndicatorKind, Result
from tests.factories.campaigns import CampaignFactory, IndicatorFactory, ResultFactory
from thiduaportal.imports import IMPORTERS

HEADERS = [c.header for c in RESULT_COLUMNS]
OWN = "Trung tâm Phục vụ hành chính công"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def percent_kpi(campaign, own_unit):
    indicator = IndicatorFactory(
        campaign=campaign,
        code="hai-long",
        name="Mức độ hài lòng",
        kind=IndicatorKind.PERCENT,
        frequency=Frequency.QUARTERLY,
    )
    indicator.reporting_units.add(own_unit)
    return indicator


def row(
    year=2025,
    period=1,
    code="dvc-truc-tuyen",
    name="",
    unit=OWN,
    numerator=45,
    denominator=60,
    value=None,
    note="",
):
    return [year, period, code, name, unit, numerator, denominator, value, note]


def xlsx(rows, headers=HEADERS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "ket-qua.xlsx"
    return buffer


def parse(rows, user):
    return IMPORTERS["results"].parse(xlsx(rows), user=user)


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


# --- checks -------------------------------------------------------------------------------


def test_good_rows_import_with_the_actor_on_the_audit_log(unit_staff, online_kpi, percent_kpi, own_unit):
    rows = [
        row(period=1, numerator=45, denominator=60, note="Tháng 1"),
        row(period=2, numerator="30", denominator="40"),
        row(period=1, code="", name="muc do hai long", numerator=None, denominator=None, value=95.5),
    ]
    result = parse(rows, unit_staff)
    assert result.errors == []
    assert IMPORTERS["results"].import_(result, actor=unit_staff) == 3
    assert sorted(
        Result.objects.values_list("indicator__code", "period", "numerator", "denominator", "value", "note")
    ) == [
        ("dvc-truc-tuyen", 1, 45, 60, None, "Tháng 1"),
        ("dvc-truc-tuyen", 2, 30, 40, None, ""),
        ("hai-long", 1, None, None, Decimal("95.50"), ""),
    ]
    entries = LogEntry.objects.filter(content_type__model="result")
    assert entries.count() == 3
    assert {entry.actor_id for entry in entries} == {unit_staff.pk}


BAD_ROWS = [
    (
        "numerator above denominator",
        row(numerator=61),
        "Tử số",
        "The numerator (61) cannot exceed the denominator (60).",
    ),
    ("negative count", row(numerator=-2), "Tử số", "The numerator cannot be negative (-2)."),
    ("non-integer count", row(denominator=60.5), "Mẫu số", "The denominator must be a whole number (60,5)."),
    ("count as words", row(denominator="sáu mươi"), "Mẫu số", "Expected a number."),
    (
        "denominator 0",
        row(numerator=3, denominator=0),
        "Mẫu số",
        "The denominator is 0 while the numerator is 3; a rate needs a denominator above 0.",
    ),
    ("missing denominator", row(denominator=None), "Mẫu số", "Enter the denominator too."),
    (
        "no figures",
        row(numerator=None, denominator=None),
        "Tử số",
        "Enter the numerator and the denominator.",
    ),
    (
        "percentage above 100",
        row(code="hai-long", numerator=None, denominator=None, value=101),
        "Giá trị",
        "The value is a percentage and cannot exceed 100 (101).",
    ),
    (
        "quarter 5",
        row(code="hai-long", period=5, numerator=None, denominator=None, value=90),
        "Kỳ",
        "“Mức độ hài lòng” is reported by quarter: the period must be from 1 to 4, not 5.",
    ),
    ("month 13", row(period=13), "Kỳ", "Expected a whole number from 1 to 12."),
    (
        "year outside the campaign",
        row(year=2024),
        "Năm",
        "2024 is outside “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân”: results are entered for "
        "2025–2030 (the year before the first is the baseline).",
    ),
    ("unknown code", row(code="khong-co"), "Mã chỉ tiêu", "Unknown indicator code “khong-co”."),
    ("unknown name", row(code="", name="Chỉ tiêu lạ"), "Chỉ tiêu", "Unknown indicator “Chỉ tiêu lạ”."),
    ("no indicator", row(code=""), "Mã chỉ tiêu", "Enter the indicator's code or its name."),
    (
        "code and name disagree",
        row(name="Mức độ hài lòng"),
        "Chỉ tiêu",
        "The code “dvc-truc-tuyen” is the indicator “Tỷ lệ sử dụng dịch vụ công trực tuyến”, not “Mức độ hài lòng”.",
    ),
    ("unknown unit", row(unit="Phòng Không Có"), "Đơn vị", "Unknown unit “Phòng Không Có”."),
    (
        "a unit that does not report it",
        row(unit="Phòng Văn hóa – Xã hội"),
        "Đơn vị",
        "This unit does not report “Tỷ lệ sử dụng dịch vụ công trực tuyến”.",
    ),
    ("note too long", row(note="x" * 256), "Ghi chú", "Too long: at most 255 characters."),
]


@pytest.mark.parametrize(("case", "bad", "column", "message"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_one_bad_row_is_named_and_no_row_imports(
    case, bad, column, message, vhxh_officer, online_kpi, percent_kpi
):
    rows = [row(period=11), row(period=12), bad]
    result = parse(rows, vhxh_officer)
    assert errors_of(result) == [(4, column, message)]
    assert not result.ok
    with pytest.raises(Exception, match="nothing was imported"):
        IMPORTERS["results"].import_(result, actor=vhxh_officer)
    assert Result.objects.count() == 0


def test_a_future_period_is_refused(vhxh_officer, own_unit):
    today = timezone.localdate()
    campaign = CampaignFactory(
        code="nam-nay", start_year=today.year, end_year=today.year + 4, midterm_year=None
    )
    indicator = IndicatorFactory(campaign=campaign, code="so-hoa")
    indicator.reporting_units.add(own_unit)
    result = parse([row(year=today.year + 1, period=1, code="so-hoa")], vhxh_officer)
    assert errors_of(result) == [
        (2, "Kỳ", f"Month 1/{today.year + 1} has not started yet; results cannot be entered in advance.")
    ]


def test_two_rows_for_the_same_period_name_both_rows(vhxh_officer, online_kpi):
    result = parse([row(period=1), row(period=2), row(period=1, numerator=1)], vhxh_officer)
    assert errors_of(result) == [(4, "Kỳ", "This result appears twice in the file, on rows 2 and 4.")]


def test_a_period_already_stored_sends_the_clerk_to_the_entry_screen(vhxh_officer, online_kpi, own_unit):
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2025, period=2, numerator=7, denominator=9)
    result = parse([row(period=1), row(period=2)], vhxh_officer)
    assert errors_of(result) == [
        (
            3,
            "Kỳ",
            "A result is already stored for this period (7/9); correct it on the results entry screen instead "
            "of importing it again.",
        )
    ]


def test_unit_staff_import_only_their_own_unit(unit_staff, online_kpi, other_unit):
    online_kpi.reporting_units.add(other_unit)
    result = parse([row(period=1), row(period=2, unit="Phòng Kinh tế")], unit_staff)
    assert errors_of(result) == [
        (3, "Đơn vị", "You may only import results of your own unit, not of “Phòng Kinh tế”.")
    ]


def test_office_imports_for_any_unit(vhxh_officer, online_kpi, own_unit, other_unit):
    online_kpi.reporting_units.add(other_unit)
    result = parse(
        [row(period=1), row(period=1, unit="phong kinh te", numerator=5, denominator=10)], vhxh_officer
    )
    assert result.errors == []
    IMPORTERS["results"].import_(result, actor=vhxh_officer)
    assert sorted(Result.objects.values_list("unit__name", "numerator")) == [("Phòng Kinh tế", 5), (OWN, 45)]


def test_a_row_stored_between_preview_and_confirm_imports_nothing(vhxh_officer, online_kpi, own_unit):
    result = parse([row(period=1), row(period=2)], vhxh_officer)
    assert result.ok
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2025, period=2)
    with pytest.raises(Exception, match="The data changed while importing; nothing was imported"):
        IMPORTERS["results"].import_(result, actor=vhxh_officer)
    assert Result.objects.count() == 1


def test_template_lists_the_headers_example_and_indicator_codes(unit_staff, online_kpi):
    client = Client()
    client.force_login(unit_staff)
    response = client.get(reverse("import_template", args=["results"]))
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-ket-qua-chi-tieu.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Kết quả chỉ tiêu", "Hướng dẫn", "Danh sách"]
    # Drop-down lists: the indicators open for results, and the units of the user (own only).
    lists = workbook["Danh sách"]
    assert lists.sheet_state == "hidden"
    columns = {cell.value: cell.column_letter for cell in lists[1] if cell.value}
    assert [c.value for c in lists[columns["Mã chỉ tiêu"]][1:]] == [online_kpi.code]
    assert [c.value for c in lists[columns["Đơn vị"]][1:]] == [OWN]
    rules = {
        str(rule.sqref): rule.formula1 for rule in workbook.worksheets[0].data_validations.dataValidation
    }
    unit_letter = next(c.column_letter for c in workbook.worksheets[0][1] if c.value == "Đơn vị")
    assert rules[f"{unit_letter}2:{unit_letter}{settings.IMPORT_MAX_ROWS + 1}"] == (
        f"'Danh sách'!${columns['Đơn vị']}$2:${columns['Đơn vị']}$2"
    )
    first = list(workbook.worksheets[0].values)
    assert list(first[0]) == HEADERS
    assert first[1][1:7] == (1, "dvc-truc-tuyen", None, OWN, 45, 60)
    guide = [r[0] for r in workbook["Hướng dẫn"].values]
    assert (
        "dvc-truc-tuyen: Tỷ lệ sử dụng dịch vụ công trực tuyến (tỷ lệ, điền Tử số và Mẫu số; báo cáo hằng tháng)"
        f" – {online_kpi.campaign}"
    ) in guide


# --- screens ------------------------------------------------------------------------------


def upload(client, workbook):
    response = client.post(reverse("import_upload", args=["results"]), {"file": workbook})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_upload_page_explains_the_results_import(client_for, unit_staff, online_kpi):
    html = client_for(unit_staff).get(reverse("import_upload", args=["results"])).content.decode()
    assert "Import results from Excel" in html
    assert "Unit staff import results of their own unit only." in html


def test_preview_then_confirm_imports_and_returns_to_the_overview(
    client_for, unit_staff, online_kpi, own_unit
):
    client = client_for(unit_staff)
    preview = upload(client, xlsx([row(period=p) for p in range(1, 4)]))
    assert "3 rows are ready to be imported." in client.get(preview).content.decode()
    response = client.post(preview, follow=True)
    assert response.redirect_chain == [(reverse("campaigns:results_list"), 302)]
    assert "3 rows were imported." in response.content.decode()
    assert Result.objects.filter(unit=own_unit).count() == 3


def test_one_bad_row_among_good_ones_imports_nothing(
    client_for, unit_staff, percent_kpi, own_unit, other_unit
):
    rows = [
        row(period=(n % 4) + 1, code="hai-long", numerator=None, denominator=None, value=n % 100)
        for n in range(4)
    ]
    rows += [row(year=2026, period=1, code="hai-long", unit=OWN, numerator=None, denominator=None, value=80)]
    rows += [
        row(
            year=2026,
            period=1,
            code="hai-long",
            unit="Phòng Kinh tế",
            numerator=None,
            denominator=None,
            value=80,
        )
    ]
    client = client_for(unit_staff)
    preview = upload(client, xlsx(rows))
    html = client.get(preview).content.decode()
    assert "1 problem; no row has been imported yet." in html
    assert (
        "<tr><td>7</td><td>Đơn vị</td><td>You may only import results of your own unit, not of “Phòng Kinh tế”."
        "</td></tr>"
    ) in html
    client.post(preview)
    assert Result.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("unit_staff", 200),
        ("unit_head", 200),
        ("other_staff", 200),
        ("vhxh_officer", 200),
        ("administrator", 200),
        ("council_member", 403),
        ("council_secretary", 403),
        ("chairman", 403),
    ],
)
def test_results_import_permissions(client_for, request, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("import_upload", args=["results"])).status_code == status
    assert client.get(reverse("import_template", args=["results"])).status_code == status
