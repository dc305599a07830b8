"""The council's printed documents: the minutes of a session with every figure of every item,
the office's Tờ trình to the chairman listing the approved candidates, and the upload of the
signed minutes' scan. Text is read back from the PDF (NFC Vietnamese), fonts and margins as
for the other documents."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from council import documents
from council.models import Recusal, SessionFile, SessionState
from council.services.minutes import attach_minutes_scan
from demo.nominations import scan_pdf
from nominations.services import NominationError
from tests.council.council_data import build_council
from tests.factories import MembershipFactory, UserFactory
from tests.nominations.test_documents import assert_layout, pdf_text
from thiduaportal.text import nfc

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(commune):
    return build_council()


def test_minutes_pdf_prints_session_rules_and_attendance(council):
    data = documents.minutes_pdf(council.session)
    text = pdf_text(data)
    assert text == nfc(text)
    for expected in (
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
        "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "/BB-HĐTĐKT",
        "BIÊN BẢN",
        "Họp xét khen thưởng các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua",
        "Thời gian: 14 giờ 00 phút, ngày 28 tháng 12 năm 2026.",
        "Địa điểm: Hội trường UBND xã. Hình thức họp: trực tiếp tại phòng họp kết hợp trực tuyến.",
        "Chủ trì: Lý Văn Dũng – Chủ tịch Hội đồng, Chủ tịch Ủy ban nhân dân xã An Bình.",
        "Thư ký: Phạm Thị Thư – Thư ký Hội đồng",
        "Tổng số thành viên Hội đồng: 9 người; có mặt: 7 người; vắng mặt có ý kiến bằng văn bản: 1 người; "
        "vắng mặt: 1 người.",
        "Trần Thị Phó, Phó Chủ tịch Hội đồng, Phó Chủ tịch Ủy ban nhân dân xã An Bình",
        "2. Thành viên vắng mặt, có ý kiến bằng văn bản (1)",
        "Bùi Văn Đoàn, Ủy viên, Bí thư Đoàn",
        "3. Thành viên vắng mặt (1)",
        "Lê Văn Vắng, Ủy viên, Chỉ huy trưởng Quân sự",
        "có mặt ít nhất 2/3 tổng số thành viên Hội đồng (tối thiểu 6/9 thành viên)",
        "không tính vào số thành viên có mặt",
        "số phiếu đồng ý trên 1/2 tổng số thành viên Hội đồng, không kể thành viên không tham gia biểu quyết",
        "Ý kiến bằng văn bản của thành viên vắng mặt được tính vào kết quả biểu quyết.",
        "công tác tại tập thể được đề nghị hoặc tại đơn vị trình đề nghị không tham gia biểu quyết",
        "Hình thức biểu quyết: bỏ phiếu kín trực tuyến trên Cổng thông tin Thi đua – Khen thưởng.",
        "THƯ KÝ HỘI ĐỒNG",
        "CHỦ TỊCH HỘI ĐỒNG",
    ):
        assert expected in text, expected
    assert "Kết quả chưa chính thức" not in text
    assert_layout(data)


def test_minutes_pdf_prints_every_figure_of_every_item(council):
    text = pdf_text(documents.minutes_pdf(council.session))
    for expected in (
        # 1: a collective, tied at the quota's boundary, the chair approved it.
        "1. Trung tâm Phục vụ hành chính công – Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình",
        "Tổng số thành viên Hội đồng: 9; có mặt: 7; không tham gia biểu quyết: 0.",
        "Số thành viên có mặt được biểu quyết: 7; số phiếu biểu quyết: 7, trong đó đồng ý: 6, "
        "không đồng ý: 1, không có ý kiến: 0.",
        "Ý kiến bằng văn bản: 1 (đồng ý: 1, không đồng ý: 0, không có ý kiến: 0).",
        "Tổng số đồng ý: 7/9 thành viên, đạt 77,78% tổng số thành viên Hội đồng; số phiếu đồng ý cần đạt: 5/9.",
        "Kết quả: Đạt; xếp thứ 1; Đề nghị khen thưởng.",
        # 2: the other collective, a member of the proposing unit recused.
        "2. Phòng Kinh tế – Giấy khen",
        "Tổng số thành viên Hội đồng: 9; có mặt: 7; không tham gia biểu quyết: 1.",
        "Không tham gia biểu quyết: Đặng Văn Kinh (Thuộc đơn vị trình đề nghị).",
        "Số thành viên có mặt được biểu quyết: 6; số phiếu biểu quyết: 6, trong đó đồng ý: 6, "
        "không đồng ý: 0, không có ý kiến: 0.",
        "số phiếu đồng ý cần đạt: 5/8 (tính trên 8 thành viên, không kể 1 thành viên không tham gia "
        "biểu quyết).",
        "Kết quả: Đạt; xếp thứ 1; Không đề nghị.",
        # 3: an individual who passed.
        "3. Ngô Thị Hưởng (Chuyên viên, Phòng Kinh tế)",
        "số phiếu biểu quyết: 6, trong đó đồng ý: 5, không đồng ý: 1, không có ý kiến: 0.",
        "Ý kiến bằng văn bản: 1 (đồng ý: 0, không đồng ý: 1, không có ý kiến: 0).",
        "Tổng số đồng ý: 5/9 thành viên, đạt 55,56% tổng số thành viên Hội đồng",
        # 4: an individual who did not pass.
        "4. Đỗ Văn Trượt (Nhân viên, Trung tâm Phục vụ hành chính công)",
        "số phiếu biểu quyết: 7, trong đó đồng ý: 2, không đồng ý: 4, không có ý kiến: 1.",
        "Ý kiến bằng văn bản: 1 (đồng ý: 0, không đồng ý: 0, không có ý kiến: 1).",
        "Tổng số đồng ý: 2/9 thành viên, đạt 22,22% tổng số thành viên Hội đồng",
        "Kết quả: Không đạt; –.",
        # The summary, the quota and the chair's decisions.
        "1 Trung tâm Phục vụ hành chính công 7/9 77,78 Đạt Đề nghị khen thưởng",
        "4 Đỗ Văn Trượt 2/9 22,22 Không đạt –",
        "Tập thể: chỉ tiêu 1; đạt tỷ lệ biểu quyết: 2; đề nghị khen thưởng: 1.",
        "Cá nhân: chỉ tiêu 10; đạt tỷ lệ biểu quyết: 1; đề nghị khen thưởng: 1.",
        "- Trung tâm Phục vụ hành chính công: đề nghị khen thưởng. Lý do: Tập thể có nhiều sáng kiến",
        "- Phòng Kinh tế: không đề nghị. Lý do: Tập thể có nhiều sáng kiến",
        "khen thưởng 02 trường hợp:",
    ):
        assert expected in text, expected


def test_minutes_name_the_round_once_and_are_dated_the_day_the_session_was_held(council):
    """Held a day before it was scheduled: the minutes and the letter date the meeting on
    the day it opened; "khen thưởng" is not printed twice before the round's title."""
    session = council.session
    session.opened_at = session.meets_at - datetime.timedelta(days=1, hours=5)
    session.save(update_fields=["opened_at"])
    Recusal.objects.filter(item__session=session).update(reason="Thuộc đơn vị trình đề nghị khen thưởng.")
    minutes = pdf_text(documents.minutes_pdf(session))
    assert "Thời gian: 09 giờ 00 phút, ngày 27 tháng 12 năm 2026." in minutes
    assert "ngày 27 tháng 12 năm 2026" in documents.minutes_document(session).letterhead.dateline
    assert "khen thưởng Khen thưởng" not in minutes
    assert "(Thuộc đơn vị trình đề nghị khen thưởng)." in minutes
    assert (
        "Tờ trình đề nghị xét khen thưởng các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào "
        "thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” năm 2026 và kết quả thẩm định"
    ) in minutes
    assert ".)." not in minutes
    letter = pdf_text(documents.letter_pdf(session))
    assert "đã họp xét khen thưởng ngày 27 tháng 12 năm 2026, có 7/9 thành viên có mặt" in letter
    assert "cho 01 tập thể và 01 cá nhân đã có thành tích xuất sắc trong phong trào" in letter


def test_round_phrase_drops_the_leading_khen_thuong_only():
    assert documents.round_phrase("Khen thưởng đột xuất năm 2026 – ứng phó mưa lớn") == (
        "đột xuất năm 2026 – ứng phó mưa lớn"
    )
    assert documents.round_phrase("khen thưởng hằng năm 2026") == "hằng năm 2026"
    assert documents.round_phrase("Thi đua năm 2026") == "Thi đua năm 2026"


def test_minutes_of_a_closed_session_say_the_result_is_not_final(commune):
    council = build_council(state=SessionState.CLOSED)
    text = pdf_text(documents.minutes_pdf(council.session))
    assert "Kết quả chưa chính thức" in text


def test_minutes_document_figures_match_the_rules(council):
    doc = documents.minutes_document(council.session)
    first, second, third, fourth = doc.items
    assert (first.in_favour, first.base, first.needed) == (7, 9, 5)
    assert (second.in_favour, second.base, second.needed, second.eligible_present) == (7, 8, 5, 6)
    assert (third.in_favour, third.percent) == (5, "55,56")
    assert (fourth.passed, fourth.outcome) == (False, "–")
    assert [i.name for i in doc.approved] == ["Trung tâm Phục vụ hành chính công", "Ngô Thị Hưởng"]
    assert [i.name for i in doc.ties] == ["Trung tâm Phục vụ hành chính công", "Phòng Kinh tế"]
    assert doc.quorum_needed == 6


def test_letter_pdf_lists_approved_collectives_then_individuals(council):
    data = documents.letter_pdf(council.session)
    text = pdf_text(data)
    assert text == nfc(text)
    for expected in (
        "PHÒNG VĂN HÓA – XÃ HỘI",
        "/TTr-VHXH",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua",
        "Kính gửi: Chủ tịch Ủy ban nhân dân xã An Bình",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Biên bản họp xét khen thưởng của Hội đồng Thi đua – Khen thưởng xã An Bình ngày 28 tháng 12 năm 2026.",
        "có 7/9 thành viên có mặt",
        "cho 01 tập thể và 01 cá nhân",
        "1 Trung tâm Phục vụ hành chính công Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình 7/9 77,78",
        "2 Ngô Thị Hưởng Chuyên viên, Phòng Kinh tế Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình 5/9 55,56",
        "TRƯỞNG PHÒNG",
        "- Lưu: VT, VHXH.",
    ):
        assert expected in text, expected
    assert "Phòng Kinh tế Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình 7/9" not in text
    assert "Đỗ Văn Trượt" not in text
    assert "ngày 28 tháng 12 năm 2026" in documents.letter_document(council.session).letterhead.dateline
    assert_layout(data)


def _scan(name="bien-ban-da-ky.pdf", data=None):
    return SimpleUploadedFile(name, data or scan_pdf("Bien ban hop xet"), content_type="application/pdf")


def test_attach_minutes_scan_stores_the_file_and_links_it(council):
    actor = council.members["secretary"].user
    scan = attach_minutes_scan(council.session, actor=actor, upload=_scan())
    council.session.refresh_from_db()
    assert council.session.minutes_scan == scan
    assert (scan.original_name, scan.content_type, scan.uploaded_by) == (
        "bien-ban-da-ky.pdf",
        "application/pdf",
        actor,
    )
    with scan.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    second = attach_minutes_scan(council.session, actor=actor, upload=_scan("lan-2.pdf"))
    council.session.refresh_from_db()
    assert council.session.minutes_scan == second
    assert SessionFile.objects.filter(session=council.session).count() == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bien-ban.pdf", b"not a pdf", "is not a real PDF file"),
        ("bien-ban.exe", b"MZ", "only PDF, JPEG, PNG, DOCX and XLSX"),
        ("bien-ban.xlsx", None, "must be a PDF, JPEG or PNG scan"),
    ],
)
def test_attach_minutes_scan_refuses_bad_files_and_writes_nothing(council, name, data, message):
    if data is None:
        buffer = io.BytesIO()
        Workbook().save(buffer)
        data = buffer.getvalue()
    with pytest.raises(NominationError, match=message):
        attach_minutes_scan(
            council.session, actor=council.members["secretary"].user, upload=_scan(name, data)
        )
    assert not SessionFile.objects.exists()
    council.session.refresh_from_db()
    assert council.session.minutes_scan is None


def test_attach_minutes_scan_refused_before_voting_closed(commune):
    council = build_council(state=SessionState.OPEN)
    with pytest.raises(NominationError, match="once voting is closed"):
        attach_minutes_scan(council.session, actor=council.members["secretary"].user, upload=_scan())
    assert not SessionFile.objects.exists()


# --------------------------------------------------------------------------- views


def test_minutes_and_letter_pdf_views_for_a_member(client, council):
    client.force_login(council.members["m2"].user)
    response = client.get(reverse("council:session_minutes_pdf", args=[council.session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "BIÊN BẢN" in pdf_text(response.content)
    response = client.get(reverse("council:session_letter_pdf", args=[council.session.pk]))
    assert response.status_code == 200
    assert "Ngô Thị Hưởng" in pdf_text(response.content)


def test_pdf_views_refused_to_unit_staff(client, council):
    unit_staff = UserFactory(username="staff")
    centre = council.items[0].nomination.proposal.unit
    MembershipFactory(user=unit_staff, unit=centre, role="unit_staff")
    client.force_login(unit_staff)
    for name in ("session_minutes_pdf", "session_letter_pdf", "session_minutes_upload"):
        assert client.get(reverse(f"council:{name}", args=[council.session.pk])).status_code == 403


def test_letter_waits_for_the_final_result(client, commune):
    council = build_council(state=SessionState.CLOSED)
    client.force_login(council.members["m2"].user)
    assert client.get(reverse("council:session_letter_pdf", args=[council.session.pk])).status_code == 404
    assert client.get(reverse("council:session_minutes_pdf", args=[council.session.pk])).status_code == 200


def test_secretary_uploads_the_signed_minutes_and_members_download_it(client, council):
    client.force_login(council.members["secretary"].user)
    url = reverse("council:session_minutes_upload", args=[council.session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"upload": _scan()})
    assert response.status_code == 302
    council.session.refresh_from_db()
    assert council.session.minutes_scan.original_name == "bien-ban-da-ky.pdf"
    client.force_login(council.members["m2"].user)
    response = client.get(reverse("council:session_minutes_scan", args=[council.session.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_upload_of_a_bad_file_shows_the_reason(client, council):
    client.force_login(council.members["secretary"].user)
    url = reverse("council:session_minutes_upload", args=[council.session.pk])
    response = client.post(url, {"upload": _scan("bien-ban.pdf", b"not a pdf")})
    assert response.status_code == 200
    assert "“bien-ban.pdf”" in response.content.decode()
    assert not SessionFile.objects.exists()
