"""The printed documents: extracted text (NFC Vietnamese, full names), embedded Tinos, A4
pages and the NĐ 30/2020 left margin; the round's Excel list read back."""

import io
import re
import subprocess
import tempfile

import pytest
from openpyxl import load_workbook

from nominations import documents
from nominations.exports import round_list_workbook
from nominations.models import Nomination, NominationState
from nominations.services.reports import merged, save_report
from tests.factories import CadreFactory
from tests.factories.nominations import AwardFormFactory, NominationFactory, ProposalFactory, RoundFactory
from thiduaportal.text import nfc

pytestmark = pytest.mark.django_db
A4_WIDTH, A4_HEIGHT = 595.276, 841.89
MM = 72 / 25.4


def run_tool(tool: str, data: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            [tool, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def pdf_text(data: bytes) -> str:
    return " ".join(run_tool("pdftotext", data, "-raw").split())


def page_text(data: bytes, page: int) -> str:
    """The text of one page (1-based)."""
    return " ".join(run_tool("pdftotext", data, "-raw", "-f", str(page), "-l", str(page)).split())


def pdf_info(data: bytes) -> str:
    return run_tool("pdfinfo", data)


def assert_layout(data: bytes) -> None:
    """Tinos embedded, every page A4, text inside the NĐ 30/2020 margins (left 30 mm, right
    15 mm, top and bottom 20 mm; the page number alone sits in the top margin)."""
    fonts = [line.split() for line in run_tool("pdffonts", data).splitlines()[2:]]
    assert fonts
    assert all(row[0].split("+")[-1].startswith("Tinos") for row in fonts)
    assert all(row[-5] == "yes" for row in fonts)
    info = run_tool("pdfinfo", data)
    assert "595.276 x 841.89 pts (A4)" in info
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        run_tool("pdftotext", data, "-bbox"),
    )
    assert words
    boxes = [(*map(float, box[:4]), box[4]) for box in words]
    assert min(x0 for x0, _, _, _, _ in boxes) >= 30 * MM - 0.5
    assert max(x1 for _, _, x1, _, _ in boxes) <= A4_WIDTH - 15 * MM + 0.5
    assert max(y1 for _, _, _, y1, _ in boxes) <= A4_HEIGHT - 20 * MM + 0.5
    assert min(y0 for _, y0, _, _, text in boxes if not text.isdigit()) >= 20 * MM - 0.5


@pytest.fixture
def report_nomination(own_proposal, own_unit, unit_staff, commune):
    cadre = CadreFactory(unit=own_unit, full_name="Nguyễn Thị Hưởng", position="Phó Giám đốc")
    nomination = NominationFactory(proposal=own_proposal, subject_cadre=cadre)
    data = merged(nomination)
    data["achievements"]["rows"] = [
        {"indicator": "Tỷ lệ số hóa hồ sơ", "plan": "90", "actual": "85.5", "percent": "95"}
    ]
    data["achievements"]["solutions"] = "Hướng dẫn người dân nộp hồ sơ trực tuyến."
    data["awards"]["rows"] = [
        {
            "award": "Giấy khen của Chủ tịch UBND xã",
            "year": "2024",
            "decision": "5/QĐ-UBND",
            "issuer": "UBND xã",
        }
    ]
    save_report(nomination, actor=unit_staff, data=data)
    return nomination


def test_report_pdf_prints_mau_08(report_nomination):
    data = documents.report_pdf(report_nomination)
    text = pdf_text(data)
    assert text == nfc(text)
    for expected in (
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ KHEN THƯỞNG THI ĐUA THEO CHUYÊN ĐỀ",
        "(Đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình)",
        "(Thành tích trong phong trào thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” năm 2026)",
        "Họ và tên: Nguyễn Thị Hưởng",
        "I. SƠ LƯỢC LÝ LỊCH",
        "6. Đơn vị công tác: Trung tâm Phục vụ hành chính công",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "1 Tỷ lệ số hóa hồ sơ 90 85,5 95",
        "Hướng dẫn người dân nộp hồ sơ trực tuyến.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "1 Giấy khen của Chủ tịch UBND xã 2024 5/QĐ-UBND UBND xã",
        "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
    ):
        assert expected in text, expected
    assert "Số:" not in text
    assert_layout(data)


def test_report_pdf_of_adhoc_collective(own_unit, commune):
    proposal = ProposalFactory(round=RoundFactory(adhoc=True), unit=own_unit, signer_name="Trần Văn Giám")
    nomination = NominationFactory(
        proposal=proposal, collective=True, summary="Đã có thành tích đột xuất chống lũ"
    )
    text = pdf_text(documents.report_pdf(nomination))
    assert "(Đã có thành tích đột xuất chống lũ)" in text
    assert "Tên tập thể đề nghị: Trung tâm Phục vụ hành chính công xã An Bình I." in text
    assert "I. ĐẶC ĐIỂM, TÌNH HÌNH" in text
    assert "4. Nội dung hành động, việc làm: …" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text
    # The proposal's signer is not the unit's head: the records name none, the name is left blank.
    assert "Trần Văn Giám" not in text


@pytest.fixture
def listed(own_proposal, own_unit, commune):
    own_proposal.letter_number = "12/TTr-TTPVHCC"
    own_proposal.signer_name = "Trần Văn Giám"
    own_proposal.signer_title = "Giám đốc"
    own_proposal.save()
    person = CadreFactory(unit=own_unit, full_name="Nguyễn Thị Hưởng", position="Chuyên viên")
    NominationFactory(proposal=own_proposal, subject_cadre=person, state=NominationState.SHORTLISTED)
    NominationFactory(proposal=own_proposal, collective=True, summary="Hoàn thành xuất sắc CCHC")
    NominationFactory(
        proposal=own_proposal,
        state=NominationState.WITHDRAWN,
        subject_cadre=CadreFactory(unit=own_unit, full_name="Lê Đã Rút"),
    )
    return own_proposal


def test_unit_letter_pdf(listed):
    data = documents.unit_letter_pdf(listed)
    text = pdf_text(data)
    for expected in (
        "Số: 12/TTr-TTPVHCC",
        "TỜ TRÌNH",
        "Kính gửi: Chủ tịch Ủy ban nhân dân xã An Bình (qua Phòng Văn hóa – Xã hội)",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP",
        "Căn cứ Kế hoạch số 15/KH-UBND ngày 10 tháng 3 năm 2026 của Ủy ban nhân dân xã An Bình",
        "cho 01 tập thể và 01 cá nhân",
        "1 Trung tâm Phục vụ hành chính công",
        "2 Nguyễn Thị Hưởng Chuyên viên, Trung tâm Phục vụ hành chính công Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình",
        "GIÁM ĐỐC",
        "Trần Văn Giám",
    ):
        assert expected in text, expected
    assert "Lê Đã Rút" not in text
    assert_layout(data)


def test_minutes_template_pdf(listed):
    text = pdf_text(documents.minutes_template_pdf(listed))
    for expected in (
        "BIÊN BẢN",
        "Họp xét, đề nghị khen thưởng các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua",
        "Chủ trì:",
        "Thư ký:",
        "Số phiếu đồng ý",
        "Nguyễn Thị Hưởng",
        "THƯ KÝ",
        "CHỦ TRÌ",
    ):
        assert expected in text, expected


def test_office_letter_lists_shortlisted_only(listed, other_unit):
    other = NominationFactory(
        proposal=ProposalFactory(round=listed.round, unit=other_unit),
        collective=True,
        state=NominationState.SHORTLISTED,
    )
    data = documents.office_letter_pdf(listed.round)
    text = pdf_text(data)
    assert "PHÒNG VĂN HÓA – XÃ HỘI" in text
    assert "/TTr-VHXH" in text
    assert "Kính gửi: Hội đồng Thi đua – Khen thưởng xã An Bình" in text
    assert "cho 01 tập thể và 01 cá nhân" in text
    assert "1 Phòng Kinh tế" in text
    assert "2 Nguyễn Thị Hưởng" in text
    assert other.subject_name == "Phòng Kinh tế"
    assert_layout(data)


def test_round_list_workbook_reads_back(listed, other_unit):
    NominationFactory(
        proposal=ProposalFactory(round=listed.round, unit=other_unit), award_form=AwardFormFactory(city=True)
    )
    filename, content = round_list_workbook(listed.round)
    assert filename == "danh-sach-de-nghi-khen-thuong-hang-nam-2026.xlsx"
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Danh sách đề nghị khen thưởng"
    assert rows[0] == [
        "STT",
        "Tên tập thể, họ và tên cá nhân",
        "Chức vụ",
        "Đơn vị",
        "Tập thể/Cá nhân",
        "Hình thức khen thưởng",
        "Tóm tắt thành tích",
        "Trạng thái",
    ]
    assert len(rows) == 5
    assert rows[1][:6] == [
        1,
        rows[1][1],
        rows[1][2],
        "Phòng Kinh tế",
        "Cá nhân",
        AwardFormFactory(city=True).name,
    ]
    assert rows[2] == [
        2,
        "Trung tâm Phục vụ hành chính công",
        None,
        "Trung tâm Phục vụ hành chính công",
        "Tập thể",
        "Giấy khen của Chủ tịch UBND xã",
        "Hoàn thành xuất sắc CCHC",
        "Đang soạn",
    ]
    assert [r[7] for r in rows[3:]] == ["Trình Hội đồng", "Đã rút"]


def test_round_list_workbook_limited_to_given_rows(listed, other_unit):
    NominationFactory(proposal=ProposalFactory(round=listed.round, unit=other_unit))
    own = Nomination.objects.filter(proposal__unit=listed.unit)
    _name, content = round_list_workbook(listed.round, nominations=own)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert [r[3] for r in rows[1:]] == ["Trung tâm Phục vụ hành chính công"] * 3
