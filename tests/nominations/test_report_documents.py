"""The printed achievement report (Mẫu 06 / Mẫu 08), read back from the PDF: the title
names the form, the collective's report is signed by the head of that unit, an individual's
report never shows her unit's targets as her own, figures are right-aligned with even
decimals, and the signatures never stand alone on a page."""

import re
import subprocess
import tempfile
from decimal import Decimal

import pytest

from nominations import documents
from nominations.services.reports import merged, save_report
from tests.factories import CadreFactory
from tests.factories.campaigns import CommitmentFactory, IndicatorFactory, RegistrationFactory, ResultFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory
from tests.factories.units import MembershipFactory, UnitFactory, UserFactory
from tests.nominations.test_documents import A4_WIDTH, MM, pdf_text

pytestmark = pytest.mark.django_db


def _run(tool: str, data: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            [tool, *args, handle.name, "-"], capture_output=True, check=True, text=True
        ).stdout


def _pages(data: bytes) -> list[str]:
    return [" ".join(page.split()) for page in _run("pdftotext", data, "-raw").split("\f")[:-1]]


def _words(data: bytes) -> list[tuple[float, float, float, float, str]]:
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        _run("pdftotext", data, "-bbox"),
    )
    return [(*map(float, box[:4]), box[4]) for box in found]


def without_page_number(text: str) -> str:
    """The text without the page number that ends it when the last page is not the first
    (WeasyPrint draws the page's margin box after its content)."""
    return re.sub(r" \d+$", "", text)


def test_mau_06_title_says_it_is_an_ad_hoc_award(own_unit, unit_staff, commune):
    proposal = ProposalFactory(round=RoundFactory(adhoc=True), unit=own_unit)
    nomination = NominationFactory(proposal=proposal, collective=True, summary="Đã có thành tích chống lũ")
    text = pdf_text(documents.report_pdf(nomination))
    assert (
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ KHEN THƯỞNG ĐỘT XUẤT "
        "(Đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình) (Đã có thành tích chống lũ)"
    ) in text
    assert "UBND" not in text


def test_mau_08_title_says_it_is_a_thematic_movement(own_proposal, commune):
    nomination = NominationFactory(proposal=own_proposal, collective=True)
    text = pdf_text(documents.report_pdf(nomination))
    assert (
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ KHEN THƯỞNG THI ĐUA THEO CHUYÊN ĐỀ "
        "(Đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình)"
    ) in text
    assert "ĐỘT XUẤT" not in text


def test_collective_report_is_signed_by_the_head_of_that_unit(own_unit, commune):
    """The proposal was signed by a clerk who is a candidate of the same proposal; the head
    of the unit signs the unit's report, and the clerk's name is nowhere on it."""
    proposal = ProposalFactory(
        round=RoundFactory(adhoc=True),
        unit=own_unit,
        signer_name="Nguyễn Văn Hiếu",
        signer_title="Chuyên viên",
    )
    clerk = CadreFactory(unit=own_unit, full_name="Nguyễn Văn Hiếu", position="Chuyên viên")
    CadreFactory(unit=own_unit, full_name="Bùi Văn An", position="Phó Giám đốc")
    CadreFactory(unit=own_unit, full_name="Đỗ Thị Hằng", position="Giám đốc")
    NominationFactory(proposal=proposal, subject_cadre=clerk)
    collective = NominationFactory(proposal=proposal, collective=True)
    text = pdf_text(documents.report_pdf(collective))
    assert without_page_number(text).endswith("THỦ TRƯỞNG ĐƠN VỊ (Ký, đóng dấu) Đỗ Thị Hằng")
    assert "Nguyễn Văn Hiếu" not in text


def test_collective_report_head_from_the_unit_head_role_else_left_blank(commune):
    unit = UnitFactory(name="Phòng Kinh tế")
    proposal = ProposalFactory(round=RoundFactory(adhoc=True), unit=unit, signer_name="Lê Văn Thư")
    nomination = NominationFactory(proposal=proposal, collective=True)
    assert without_page_number(pdf_text(documents.report_pdf(nomination))).endswith(
        "THỦ TRƯỞNG ĐƠN VỊ (Ký, đóng dấu)"
    )
    MembershipFactory(user=UserFactory(full_name="Đặng Tiến Việt"), unit=unit, role="unit_head")
    text = pdf_text(documents.report_pdf(nomination))
    assert without_page_number(text).endswith("THỦ TRƯỞNG ĐƠN VỊ (Ký, đóng dấu) Đặng Tiến Việt")
    assert "Lê Văn Thư" not in text
    assert "Tên tập thể đề nghị: Phòng Kinh tế xã An Bình" in text


@pytest.fixture
def unit_targets(annual_round, own_unit):
    """own_unit registered 85 % on one indicator and reached 75 %."""
    indicator = IndicatorFactory(campaign=annual_round.campaign, name="Tỷ lệ dịch vụ công trực tuyến")
    registration = RegistrationFactory(
        campaign=annual_round.campaign, unit=own_unit, year=2026, accepted=True
    )
    CommitmentFactory(registration=registration, indicator=indicator, level=Decimal("85"))
    ResultFactory(indicator=indicator, unit=own_unit, period=1, numerator=150, denominator=200)


def test_individual_report_never_shows_her_units_targets_as_her_own(
    own_proposal, own_unit, unit_staff, commune, unit_targets
):
    person = CadreFactory(unit=own_unit, full_name="Nguyễn Thị Hưởng", position="Phó Giám đốc")
    individual = NominationFactory(proposal=own_proposal, subject_cadre=person)
    collective = NominationFactory(proposal=own_proposal, collective=True)
    unit_row = "1 Tỷ lệ dịch vụ công trực tuyến 85 75 88,24"
    assert unit_row in pdf_text(documents.report_pdf(collective))
    text = pdf_text(documents.report_pdf(individual))
    assert "Kết quả thực hiện nhiệm vụ, chỉ tiêu của cá nhân Không có." in text
    assert "Tỷ lệ dịch vụ công trực tuyến" not in text
    # A report saved from the earlier prefill, with the unit's rows: labelled as the unit's.
    data = merged(collective)
    stored = merged(individual)
    stored["achievements"]["rows"] = data["achievements"]["rows"]
    save_report(individual, actor=unit_staff, data=stored)
    text = pdf_text(documents.report_pdf(individual))
    assert (
        "Kết quả thực hiện các chỉ tiêu thi đua của đơn vị (Trung tâm Phục vụ hành chính công), "
        "nơi cá nhân công tác"
    ) in text
    assert "của cá nhân" not in text


def test_report_figures_are_right_aligned_with_even_decimals(own_proposal, own_unit, unit_staff, commune):
    nomination = NominationFactory(proposal=own_proposal, collective=True)
    data = merged(nomination)
    data["achievements"]["rows"] = [
        {"indicator": "Chỉ tiêu một", "plan": "60", "actual": "72.13", "percent": "120.22"},
        {"indicator": "Chỉ tiêu hai", "plan": "85", "actual": "94.1", "percent": "110.7"},
        {"indicator": "Chỉ tiêu ba", "plan": "100", "actual": "113", "percent": "113.5"},
    ]
    save_report(nomination, actor=unit_staff, data=data)
    pdf = documents.report_pdf(nomination)
    text = pdf_text(pdf)
    assert "Tỷ lệ so với đăng ký (%)" in text
    assert (
        "1 Chỉ tiêu một 60 72,13 120,22 2 Chỉ tiêu hai 85 94,10 110,70 3 Chỉ tiêu ba 100 113,00 113,50"
        in text
    )
    right = {word: x1 for _, _, x1, _, word in _words(pdf)}
    for column in (("60", "85", "100"), ("72,13", "94,10", "113,00"), ("120,22", "110,70", "113,50")):
        edges = [right[figure] for figure in column]
        assert max(edges) - min(edges) < 0.5, (column, edges)


def test_centred_lines_have_no_first_line_indent(own_proposal, commune):
    nomination = NominationFactory(proposal=own_proposal, collective=True)
    words = _words(documents.report_pdf(nomination))
    line_top = next(y0 for _, y0, _, _, word in words if word == "Tên")
    line = [(x0, x1) for x0, y0, x1, _, _ in words if abs(y0 - line_top) < 1]
    middle = (min(x0 for x0, _ in line) + max(x1 for _, x1 in line)) / 2
    assert abs(middle - (30 * MM + A4_WIDTH - 15 * MM) / 2) < 2


@pytest.mark.parametrize("sentences", [8, 14, 40, 72, 78])
def test_signatures_never_stand_alone_on_a_page(own_proposal, unit_staff, commune, sentences):
    """Whatever the length of the text, the page with the signatures also carries the last
    section's text."""
    nomination = NominationFactory(proposal=own_proposal, collective=True)
    data = merged(nomination)
    data["achievements"]["effect"] = " ".join(
        ["Hồ sơ được giải quyết đúng hạn, người dân hài lòng."] * sentences
    )
    save_report(nomination, actor=unit_staff, data=data)
    pages = _pages(documents.report_pdf(nomination))
    signed = next(page for page in pages if "THỦ TRƯỞNG ĐƠN VỊ" in page)
    assert "III. CÁC HÌNH THỨC" in signed
