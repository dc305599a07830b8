"""The periodic report: its period arithmetic, the gathered figures, the PDF (text and
embedded fonts) and the Excel workbook, from factory data with known results."""

import datetime
import io
import re
import subprocess
import tempfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from campaigns import documents
from campaigns.models import Frequency, IndexKind
from campaigns.services.reports import ReportPeriod, report_workbook
from tests.factories import CadreFactory, UnitFactory
from tests.factories.campaigns import (
    IndexComponentFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    InitiativeFactory,
    RegistrationFactory,
    ResultFactory,
)
from thiduaportal.documents import Letterhead, static_files_only, static_root, vn_number
from thiduaportal.text import nfc

pytestmark = pytest.mark.django_db
Q1 = ReportPeriod(2026, "q1")


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def pdf_fonts(data: bytes) -> list[tuple[str, str]]:
    """(font name without its subset prefix, embedded yes/no) for each font of the PDF."""
    with open_pdf(data) as path:
        out = subprocess.run(["pdffonts", path], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    return sorted({(row[0].split("+")[-1], row[-5]) for row in rows})


class open_pdf:
    def __init__(self, data: bytes):

        self.file = tempfile.NamedTemporaryFile(suffix=".pdf")  # noqa: SIM115 - closed in __exit__
        self.file.write(data)
        self.file.flush()

    def __enter__(self):
        return self.file.name

    def __exit__(self, *exc):
        self.file.close()


@pytest.fixture
def third_unit(db):
    return UnitFactory(name="Trạm Y tế")


@pytest.fixture
def movement(campaign, online_kpi, own_unit, other_unit, third_unit, office_unit):
    """Q1 2026: online use 325/600 (the last month 130/200 meets 60%), digitisation
    (quarterly) 170/200 = 85% against 85%; the other unit misses both, the health
    station reports nothing. Results outside Q1 must not count."""
    online_kpi.reporting_units.add(other_unit)
    digitised = IndicatorFactory(
        campaign=campaign,
        code="so-hoa",
        name="Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
        frequency=Frequency.QUARTERLY,
        final_target=Decimal("100"),
        order=2,
    )
    digitised.reporting_units.add(own_unit, other_unit, third_unit)
    IndicatorTargetFactory(indicator=digitised, year=2026, value=Decimal("85"))
    for unit, counts in ((own_unit, (40, 55, 75)), (other_unit, (50, 50, 55))):
        for month, numerator in enumerate(counts, start=1):
            ResultFactory(
                indicator=online_kpi, unit=unit, year=2026, period=month, numerator=numerator, denominator=100
            )
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2026, period=4, numerator=100, denominator=100)
    ResultFactory(indicator=online_kpi, unit=own_unit, year=2025, period=1, numerator=1, denominator=100)
    ResultFactory(indicator=digitised, unit=own_unit, year=2026, period=1, numerator=90, denominator=100)
    ResultFactory(indicator=digitised, unit=other_unit, year=2026, period=1, numerator=80, denominator=100)
    ResultFactory(indicator=digitised, unit=own_unit, year=2026, period=2, numerator=100, denominator=100)
    RegistrationFactory(campaign=campaign, unit=own_unit, year=2026, accepted=True)
    RegistrationFactory(campaign=campaign, unit=other_unit, year=2026, submitted=True)
    RegistrationFactory(campaign=campaign, unit=third_unit, year=2026)
    for index, code, before, now in (
        (IndexKind.PAR, "3.1", "1.50", "2.00"),
        (IndexKind.PAR, "3.2", "1.80", "1.50"),
        (IndexKind.SIPAS, "1.1", "2.00", "2.00"),
    ):
        IndexComponentFactory(index=index, code=code, year=2025, score=Decimal(before))
        component = IndexComponentFactory(
            index=index, code=code, year=2026, score=Decimal(now), name=f"Thành phần {code}"
        )
        component.units.add(own_unit)
    InitiativeFactory(
        campaign=campaign,
        owner_unit=own_unit,
        title="Một cửa số hóa ngay khi tiếp nhận",
        recognised=True,
        decision_number="03/QĐ-HĐSK",
        decision_date=datetime.date(2026, 3, 10),
    )
    InitiativeFactory(campaign=campaign, owner_unit=own_unit, recognised=True)  # September: outside Q1
    InitiativeFactory(campaign=campaign, owner_unit=other_unit, decision_date=datetime.date(2026, 2, 1))
    return campaign


def gather(campaign, commune, period=Q1, **kwargs):
    return documents.gather_report(
        campaign, period, commune=commune, number="25", date=datetime.date(2026, 4, 5), **kwargs
    )


# --------------------------------------------------------------------------- period and numbers


@pytest.mark.parametrize(
    ("code", "months", "quarters", "phrase", "end"),
    [
        ("year", (1, 12), (1, 2, 3, 4), "năm 2026", datetime.date(2026, 12, 31)),
        ("h1", (1, 6), (1, 2), "6 tháng đầu năm 2026", datetime.date(2026, 6, 30)),
        ("h2", (7, 12), (3, 4), "6 tháng cuối năm 2026", datetime.date(2026, 12, 31)),
        ("q1", (1, 3), (1,), "quý I năm 2026", datetime.date(2026, 3, 31)),
        ("q4", (10, 12), (4,), "quý IV năm 2026", datetime.date(2026, 12, 31)),
        ("m2", (2, 2), (), "tháng 2 năm 2026", datetime.date(2026, 2, 28)),
        ("m3", (3, 3), (1,), "tháng 3 năm 2026", datetime.date(2026, 3, 31)),
    ],
)
def test_period_months_quarters_and_wording(code, months, quarters, phrase, end):
    period = ReportPeriod(2026, code)
    assert (period.first_month, period.last_month) == months
    assert period.quarters == quarters
    assert period.phrase == phrase
    assert (period.start, period.end) == (datetime.date(2026, months[0], 1), end)


def test_unknown_period_code_is_refused():
    with pytest.raises(ValueError, match="q5"):
        ReportPeriod(2026, "q5")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("54.17"), "54,17"),
        (Decimal("60.00"), "60"),
        (Decimal("62.50"), "62,5"),
        (1234567, "1.234.567"),
        (Decimal("-1234.5"), "-1.234,5"),
        (Decimal("0.005"), "0,01"),
        (None, "–"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, written):
    assert vn_number(value) == written


def test_letterhead_without_number_leaves_a_blank_before_the_symbol():
    head = Letterhead(parent_body="ỦY BAN NHÂN DÂN XÃ AN BÌNH", issuer="X", symbol="BC-VHXH", place="An Bình")
    assert head.number_line == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-VHXH"
    dated = Letterhead("A", "B", "BC-VHXH", "7", "An Bình", datetime.date(2026, 1, 5))
    assert (dated.number_line, dated.dateline) == ("Số: 07/BC-VHXH", "An Bình, ngày 05 tháng 01 năm 2026")


# --------------------------------------------------------------------------- gathered figures


def test_indicator_lines_sum_counts_over_the_period_and_read_the_status(movement, commune):
    report = gather(movement, commune)
    rows = [
        (x.position, x.name, x.year_target, x.numerator, x.denominator, x.percent, x.status, x.assessment)
        for x in report.indicators
    ]
    assert rows == [
        (
            1,
            "Tỷ lệ sử dụng dịch vụ công trực tuyến",
            Decimal("60.00"),
            325,
            600,
            Decimal("54.17"),
            "on_track",
            "Chưa đạt (kỳ gần nhất đã đạt)",
        ),
        (
            2,
            "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
            Decimal("85.00"),
            170,
            200,
            Decimal("85.00"),
            "reached",
            "Đạt",
        ),
    ]


def test_a_month_without_a_quarter_end_has_no_quarterly_figures(movement, commune):
    report = gather(movement, commune, ReportPeriod(2026, "m2"))
    assert [(x.numerator, x.denominator, x.percent, x.status) for x in report.indicators] == [
        (105, 200, Decimal("52.50"), "behind"),
        (None, None, None, "no_data"),
    ]


def test_units_behind_target_and_units_that_reported_nothing(movement, commune):
    report = gather(movement, commune)
    assert [
        (x.indicator[:20], x.unit, x.numerator, x.denominator, x.percent, x.target) for x in report.behind
    ] == [
        ("Tỷ lệ sử dụng dịch v", "Phòng Kinh tế", 155, 300, Decimal("51.67"), Decimal("60.00")),
        (
            "Tỷ lệ sử dụng dịch v",
            "Trung tâm Phục vụ hành chính công",
            170,
            300,
            Decimal("56.67"),
            Decimal("60.00"),
        ),
        ("Tỷ lệ số hóa hồ sơ, ", "Phòng Kinh tế", 80, 100, Decimal("80.00"), Decimal("85.00")),
        ("Tỷ lệ số hóa hồ sơ, ", "Trạm Y tế", None, None, None, Decimal("85.00")),
    ]


def test_registrations_components_and_initiatives(movement, commune):
    report = gather(movement, commune)
    counts = report.registrations
    # Four active units expect to register: own, other, the health station and the office.
    assert (counts.expected, counts.registered, counts.accepted, counts.missing) == (4, 2, 1, 2)
    assert [(x.index, x.code, x.previous, x.score, x.verdict, x.units) for x in report.components] == [
        (
            "PAR INDEX",
            "3.1",
            Decimal("1.50"),
            Decimal("2.00"),
            "Tăng điểm",
            "Trung tâm Phục vụ hành chính công",
        ),
        (
            "PAR INDEX",
            "3.2",
            Decimal("1.80"),
            Decimal("1.50"),
            "Giảm điểm",
            "Trung tâm Phục vụ hành chính công",
        ),
        (
            "SIPAS",
            "1.1",
            Decimal("2.00"),
            Decimal("2.00"),
            "Giữ điểm tối đa",
            "Trung tâm Phục vụ hành chính công",
        ),
    ]
    assert [(x.title, x.kind, x.council, x.decision_number) for x in report.initiatives] == [
        ("Một cửa số hóa ngay khi tiếp nhận", "Giải pháp", "Hội đồng Sáng kiến xã", "03/QĐ-HĐSK")
    ]


def test_gathering_reports_progress_in_order(movement, commune):
    seen = []
    gather(movement, commune, on_progress=seen.append)
    assert seen == [30, 45, 55, 65, 80]


def test_gathering_costs_the_same_queries_for_many_results(
    movement, commune, django_assert_num_queries, own_unit, online_kpi
):
    with django_assert_num_queries(11) as few:
        gather(movement, commune)
    for month in range(5, 13):
        ResultFactory(indicator=online_kpi, unit=own_unit, year=2026, period=month)
    for unit in UnitFactory.create_batch(5):
        online_kpi.reporting_units.add(unit)
        ResultFactory(indicator=online_kpi, unit=unit, year=2026, period=1)
    with django_assert_num_queries(len(few.captured_queries)):
        gather(movement, commune, ReportPeriod(2026, "year"))


# --------------------------------------------------------------------------- the PDF


def test_pdf_prints_the_figures_in_vietnamese_with_embedded_tinos(movement, commune):
    report = gather(
        movement, commune, assessment="Các đơn vị cần đẩy mạnh tuyên truyền.\nĐề nghị UBND xã biểu dương."
    )
    data = documents.render_report_pdf(report)
    text = pdf_text(data)
    assert text == nfc(text)  # precomposed Vietnamese, as search and copy-paste expect
    for expected in (
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
        "PHÒNG VĂN HÓA – XÃ HỘI",
        "Số: 25/BC-VHXH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "An Bình, ngày 05 tháng 4 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện phong trào thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” quý I năm 2026",
        "Kế hoạch số 15/KH-UBND ngày 10/03/2026",
        "phát động ngày 20/03/2026",
        "325/600 54,17 Chưa đạt (kỳ gần nhất đã đạt)",
        "170/200 85,00 Đạt",
        "155/300 51,67",
        "Chưa báo cáo số liệu",
        "Có 2/4 cơ quan, đơn vị đã đăng ký thi đua; 1 bản đăng ký",
        "1,5 2 Tăng điểm",
        "Giữ điểm tối đa",
        "Một cửa số hóa ngay khi tiếp nhận",
        "Quyết định số 03/QĐ-HĐSK ngày 10/03/2026",
        "Các đơn vị cần đẩy mạnh tuyên truyền.",
        "TRƯỞNG PHÒNG",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, VHXH.",
    ):
        assert expected in text, expected
    assert "15/KH-UBND" in text
    assert pdf_fonts(data) == [
        ("Tinos", "yes"),
        ("Tinos-Bold", "yes"),
        ("Tinos-Bold-Italic", "yes"),
        ("Tinos-Italic", "yes"),
    ]


def test_pdf_is_addressed_to_the_committee_and_signed_by_the_head_of_the_office(
    movement, commune, vhxh_officer, office_unit
):
    CadreFactory(unit=office_unit, full_name="Phạm Thị Lan", position="Trưởng phòng")
    CadreFactory(unit=office_unit, full_name="Vũ Văn Phó", position="Phó Trưởng phòng")
    data = documents.render_report_pdf(gather(movement, commune))
    text = pdf_text(data)
    assert "quý I năm 2026 Kính gửi: Ủy ban nhân dân xã An Bình. Thực hiện Kế hoạch số 15/KH-UBND" in text
    assert "ngày 10/03/2026 của Ủy ban nhân dân xã An Bình về tổ chức phong trào thi đua" in text
    # The signature is named and never alone on its page: section III travels with it.
    pages = [" ".join(page.split()) for page in pdf_text_pages(data)]
    signed = next(page for page in pages if "TRƯỞNG PHÒNG" in page)
    assert signed.startswith("III. ĐÁNH GIÁ CHUNG VÀ ĐỀ XUẤT, KIẾN NGHỊ")
    assert re.search(r"Nơi nhận: - Như trên; - Lưu: VT, VHXH\. TRƯỞNG PHÒNG Phạm Thị Lan( \d+)?$", signed)


def pdf_text_pages(data: bytes) -> list[str]:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode().split("\f")[:-1]


def test_pdf_writes_targets_alike_and_percentages_with_two_decimals(movement, commune):
    text = pdf_text(documents.render_report_pdf(gather(movement, commune)))
    # II.1 and II.2 write the year's target the same way; every percentage has two decimals.
    assert "325/600 54,17 Chưa đạt (kỳ gần nhất đã đạt)" in text
    assert "170/200 85,00 Đạt" in text
    assert "155/300 51,67 60%" in text
    percentages = re.findall(r"\d+/\d+ (\d+,\d+)", text)
    assert percentages == ["54,17", "85,00", "51,67", "56,67", "80,00"]


def test_pdf_of_a_campaign_without_data_says_so(campaign, commune):
    text = pdf_text(documents.render_report_pdf(gather(campaign, commune)))
    for expected in (
        "Phong trào chưa có chỉ tiêu.",
        "Không có cơ quan, đơn vị nào chưa đạt chỉ tiêu trong kỳ.",
        "Chưa có chỉ số thành phần được giao trong năm.",
        "Trong kỳ chưa có sáng kiến, mô hình, giải pháp được công nhận.",
    ):
        assert expected in text


def test_pdf_escapes_markup_in_the_assessment(campaign, commune):
    report = gather(campaign, commune, assessment='<img src="http://example.invalid/x.png"> <b>đậm</b>')
    text = pdf_text(documents.render_report_pdf(report))
    assert '<img src="http://example.invalid/x.png"> <b>đậm</b>' in text


# --------------------------------------------------------------------------- Excel


def test_workbook_holds_the_same_tables_one_sheet_per_section(movement, commune):
    workbook = load_workbook(io.BytesIO(report_workbook(gather(movement, commune))))
    assert workbook.sheetnames == [
        "Báo cáo",
        "Chỉ tiêu",
        "Đơn vị chưa đạt",
        "Đăng ký thi đua",
        "PAR INDEX - SIPAS",
        "Sáng kiến",
    ]
    assert list(workbook["Báo cáo"].values)[2:4] == [
        ("Số", "25/BC-VHXH"),
        ("Ngày", datetime.datetime(2026, 4, 5)),
    ]
    assert list(workbook["Chỉ tiêu"].values) == [
        ("STT", "Chỉ tiêu", "Chỉ tiêu năm 2026", "Tử số", "Mẫu số", "Tỷ lệ %", "Đánh giá"),
        (1, "Tỷ lệ sử dụng dịch vụ công trực tuyến", 60, 325, 600, 54.17, "Chưa đạt (kỳ gần nhất đã đạt)"),
        (2, "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", 85, 170, 200, 85, "Đạt"),
    ]
    assert list(workbook["Đơn vị chưa đạt"].values)[4] == (
        4,
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
        "Trạm Y tế",
        None,
        None,
        None,
        85,
        "Chưa báo cáo số liệu",
    )
    assert list(workbook["Đăng ký thi đua"].values)[1:] == [
        ("Phải đăng ký", 4),
        ("Đã đăng ký", 2),
        ("Đã được chấp thuận", 1),
        ("Chưa đăng ký", 2),
    ]
    assert list(workbook["PAR INDEX - SIPAS"].values)[3] == (
        "SIPAS",
        "1.1",
        "Thành phần 1.1",
        "Trung tâm Phục vụ hành chính công",
        2,
        2,
        2,
        "Giữ điểm tối đa",
    )
    assert list(workbook["Sáng kiến"].values)[1] == (
        1,
        "Một cửa số hóa ngay khi tiếp nhận",
        "Giải pháp",
        "Trung tâm Phục vụ hành chính công",
        "Hội đồng Sáng kiến xã",
        "03/QĐ-HĐSK",
        datetime.datetime(2026, 3, 10),
    )


def test_documents_may_load_static_files_only():

    fetch = static_files_only(static_root())
    font = (static_root() / "fonts" / "Tinos-Regular.ttf").as_uri()
    assert fetch(font).url == font
    for url in (
        "file:///etc/hostname",
        (static_root() / ".." / "manage.py").as_uri(),
        "http://example.invalid/x.png",
    ):
        with pytest.raises(ValueError, match="not|disallowed"):
            fetch(url)


def test_pdf_number_under_ten_takes_its_leading_zero(movement, commune):
    report = documents.gather_report(
        movement, Q1, commune=commune, number="3", date=datetime.date(2026, 4, 5)
    )
    assert "Số: 03/BC-VHXH" in pdf_text(documents.render_report_pdf(report))


def test_workbook_escapes_an_assessment_that_reads_as_a_formula(movement, commune):
    report = gather(movement, commune, assessment='=HYPERLINK("http://example.invalid","Xem")')
    workbook = load_workbook(io.BytesIO(report_workbook(report)))
    cell = workbook["Báo cáo"]["B8"]
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://example.invalid","Xem")', "s")
    assert workbook["Chỉ tiêu"]["A2"].value == 1


def test_the_lines_left_for_the_assessment_stay_inside_the_right_margin(campaign, commune):
    data = documents.render_report_pdf(gather(campaign, commune))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        boxes = subprocess.run(
            ["pdftotext", "-bbox", handle.name, "-"], capture_output=True, text=True
        ).stdout
    edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"[^>]*>…+</word>', boxes)]
    assert len(edges) == 2
    assert max(edges) <= 595.276 - 15 * 72 / 25.4 + 0.5


def test_pdf_names_the_head_of_the_office_under_her_signature(campaign, commune):
    commune.office_head_name = "Hoàng Thị Trưởng"
    commune.save()

    text = pdf_text(documents.render_report_pdf(gather(campaign, commune)))

    assert "TRƯỞNG PHÒNG Hoàng Thị Trưởng" in text
