"""The council's minutes and the office's Tờ trình to the chairman read as legal text: worded
for the round's kind (never the round's title), the approved list attached after the
signature, counts without zero groups, the head of the office named, the closing time of
the meeting; and on the demo's long documents, the signatures never stand alone on a page."""

import re

import pytest

from council import documents
from council.models import CouncilSession
from nominations.documents import unit_letter_pdf
from tests.council.council_data import build_council
from tests.nominations.test_documents import assert_layout, pdf_text, run_tool

pytestmark = pytest.mark.django_db
MOVEMENT = "“Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” năm 2026"
GIAY_KHEN = "Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình"


@pytest.fixture
def council(commune):
    commune.office_head_name = "Hoàng Thị Trưởng"
    commune.save()
    return build_council()


def _pages(data: bytes) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", data)).group(1))
    return [
        " ".join(run_tool("pdftotext", data, "-f", str(n), "-l", str(n), "-raw").split())
        for n in range(1, count + 1)
    ]


def test_minutes_are_worded_for_the_movement_and_end_with_the_closing_time(council):
    text = pdf_text(documents.minutes_pdf(council.session))

    assert (
        f"Họp xét khen thưởng các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua {MOVEMENT}"
    ) in text
    assert (
        "Phòng Văn hóa – Xã hội trình bày Tờ trình đề nghị xét khen thưởng các tập thể, cá nhân đã có thành "
        f"tích xuất sắc trong phong trào thi đua {MOVEMENT} và kết quả thẩm định"
    ) in text
    assert (
        "Hội đồng Thi đua – Khen thưởng xã An Bình thống nhất đề nghị Chủ tịch Ủy ban nhân dân xã An Bình"
        in text
    )
    assert "Cuộc họp kết thúc lúc 15 giờ 00 phút cùng ngày." in text
    assert council.session.round.title not in text


def test_letter_to_the_chairman_is_worded_and_attaches_the_list_after_the_signature(council):
    data = documents.letter_pdf(council.session)
    text = pdf_text(data)

    assert (
        f"Về việc đề nghị tặng {GIAY_KHEN} cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào "
        f"thi đua {MOVEMENT} Kính gửi: Chủ tịch Ủy ban nhân dân xã An Bình"
    ) in text
    assert (
        f"kính trình Chủ tịch Ủy ban nhân dân xã An Bình xem xét, tặng {GIAY_KHEN} cho 01 tập thể và 01 cá nhân "
        f"đã có thành tích xuất sắc trong phong trào thi đua {MOVEMENT} (có danh sách kèm theo)."
    ) in text
    assert "quyết định./. Nơi nhận:" in text
    assert (
        "TRƯỞNG PHÒNG Hoàng Thị Trưởng DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG (Kèm theo Tờ trình số /TTr-VHXH" in text
    )
    assert "- Hội đồng Thi đua – Khen thưởng xã An Bình;" in text
    assert council.session.round.title not in text
    assert_layout(data)


def test_minutes_give_the_share_of_the_members_entitled_to_vote(council):
    text = pdf_text(documents.minutes_pdf(council.session))

    assert (
        "Tổng số đồng ý: 5/9 thành viên, đạt 55,56% tổng số thành viên Hội đồng (62,5% số thành viên được "
        "biểu quyết); số phiếu đồng ý cần đạt: 5/8 (tính trên 8 thành viên"
    ) in text
    assert "Tổng số đồng ý: 7/9 thành viên, đạt 77,78% tổng số thành viên Hội đồng; số phiếu" in text
    assert ".)." not in text


# Last in the module: the demo, once seeded, stays for the module's remaining tests.
def test_demo_council_documents_keep_text_with_the_signatures(demo):
    for session in CouncilSession.objects.all():
        letter = _pages(documents.letter_pdf(session))
        assert "./." in next(page for page in letter if "Nơi nhận:" in page)
        minutes = _pages(documents.minutes_pdf(session))
        assert "./." in next(page for page in minutes if "CHỦ TỊCH HỘI ĐỒNG (Ký" in page)
        assert ".)." not in " ".join(minutes)  # a recusal's reason ends inside its bracket


def test_demo_past_round_letters_are_dated_in_2025(demo):
    session = CouncilSession.objects.get(title="Phiên họp xét khen thưởng đột xuất năm 2025")
    letter = pdf_text(documents.letter_pdf(session))
    assert "Thượng Phúc, ngày 12 tháng 9 năm 2025" in letter
    assert "năm 2026" not in letter
    assert (
        "đã có thành tích xuất sắc đột xuất trong việc sắp xếp, vận hành chính quyền địa phương hai cấp"
        in letter
    )
    for proposal in session.round.proposals.select_related("unit"):
        unit_letter = pdf_text(unit_letter_pdf(proposal))
        assert "Thượng Phúc, ngày 18 tháng 8 năm 2025" in unit_letter, proposal.unit.name
