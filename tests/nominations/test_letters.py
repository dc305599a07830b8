"""The letters and the minutes template read as legal text: worded for the round's kind and
the award form (never a pasted round title), the list attached after the signature, counts
without zero groups, full names of bodies, every signer named, a past round's year, each
unit under its own parent body; and the shared layout: the signature never alone on a page,
the number and the date on one row, centred lines without a first-line indent."""

import datetime
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from nominations import documents
from nominations.models import Nomination, NominationState, Proposal, Round
from tests.factories import CadreFactory, UnitFactory
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory
from tests.nominations.test_documents import assert_layout, pdf_text, run_tool
from thiduaportal.documents import heading_lines
from units.models import UnitKind

pytestmark = pytest.mark.django_db
MOVEMENT = "“Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” năm 2026"
GIAY_KHEN = "Giấy khen của Chủ tịch Ủy ban nhân dân xã An Bình"
FLOOD = "Đã có thành tích xuất sắc trong ứng phó mưa lớn, ngập úng tháng 8 năm 2026"
MM = 72 / 25.4
A4_WIDTH = 595.276


@pytest.fixture
def letter(own_proposal, own_unit, commune):
    own_proposal.letter_number = "12/TTr-TTPVHCC"
    own_proposal.letter_date = datetime.date(2026, 12, 7)
    own_proposal.signer_name = "Trần Văn Giám"
    own_proposal.signer_title = "Giám đốc"
    own_proposal.save()
    person = CadreFactory(unit=own_unit, full_name="Nguyễn Thị Hưởng", position="Chuyên viên")
    NominationFactory(proposal=own_proposal, subject_cadre=person)
    NominationFactory(proposal=own_proposal, collective=True)
    return own_proposal


def _pages(data: bytes) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", data)).group(1))
    return [
        " ".join(run_tool("pdftotext", data, "-f", str(n), "-l", str(n), "-raw").split())
        for n in range(1, count + 1)
    ]


def _words(data: bytes, page: int = 1) -> list[tuple[float, float, float, float, str]]:
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        run_tool("pdftotext", data, "-f", str(page), "-l", str(page), "-bbox"),
    )
    return [(*map(float, box[:4]), box[4]) for box in found]


# --------------------------------------------------------------------------- wording (X1, X10, X11)


def test_unit_letter_is_worded_for_the_movement_and_the_award_form(letter):
    text = pdf_text(documents.unit_letter_pdf(letter))

    assert (
        f"Về việc đề nghị tặng {GIAY_KHEN} cho các tập thể, cá nhân đã có thành tích xuất sắc trong "
        f"phong trào thi đua {MOVEMENT} Kính gửi:"
    ) in text
    assert (
        "Xét thành tích đạt được của các tập thể, cá nhân trong đơn vị, Trung tâm Phục vụ hành chính công "
        f"kính trình Chủ tịch Ủy ban nhân dân xã An Bình xem xét, tặng {GIAY_KHEN} cho 01 tập thể và 01 cá "
        f"nhân đã có thành tích xuất sắc trong phong trào thi đua {MOVEMENT} (có danh sách và báo cáo thành "
        "tích kèm theo)."
    ) in text
    assert letter.round.title not in text
    assert "Khen thưởng hằng năm" not in text


def test_adhoc_letter_says_dot_xuat_and_counts_without_zero_groups(own_unit, commune):
    proposal = ProposalFactory(round=RoundFactory(adhoc=True), unit=own_unit)
    NominationFactory(proposal=proposal, summary=FLOOD)

    text = pdf_text(documents.unit_letter_pdf(proposal))

    assert (
        f"Về việc đề nghị tặng {GIAY_KHEN} cho cá nhân đã có thành tích xuất sắc đột xuất trong ứng phó "
        "mưa lớn, ngập úng tháng 8 năm 2026"
    ) in text
    assert f"tặng {GIAY_KHEN} cho 01 cá nhân đã có thành tích xuất sắc đột xuất trong ứng phó" in text
    assert "0 tập thể" not in text
    assert "Khen thưởng đột xuất" not in text


def test_office_letter_asks_the_council_in_full_names(letter, other_unit):
    NominationFactory(
        proposal=ProposalFactory(round=letter.round, unit=other_unit),
        state=NominationState.SHORTLISTED,
        collective=True,
    )
    text = pdf_text(documents.office_letter_pdf(letter.round))

    assert f"Về việc đề nghị xét tặng {GIAY_KHEN} cho tập thể đã có thành tích xuất sắc trong" in text
    assert "Kính gửi: Hội đồng Thi đua – Khen thưởng xã An Bình" in text
    assert f"đề nghị Chủ tịch Ủy ban nhân dân xã An Bình tặng {GIAY_KHEN} cho 01 tập thể đã có" in text
    assert "- Chủ tịch Ủy ban nhân dân xã An Bình;" in text
    # "UBND" is left only inside document symbols ("15/KH-UBND").
    assert not re.search(r"(?<![-\w])UBND\b", text)


def test_minutes_template_is_worded_for_the_movement_and_prefills_the_chair(letter):
    letter.meeting_date = datetime.date(2026, 12, 5)
    letter.save()
    text = pdf_text(documents.minutes_template_pdf(letter))

    assert (
        f"Họp xét, đề nghị khen thưởng các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua "
        f"{MOVEMENT}"
    ) in text
    assert "Thời gian: …… giờ …… ngày 05 tháng 12 năm 2026." in text
    assert "Chủ trì: Trần Văn Giám; chức vụ: Giám đốc." in text
    assert letter.round.title not in text


# --------------------------------------------------------------------------- the attached list (X4)


def test_list_is_attached_after_the_signature(letter):
    data = documents.unit_letter_pdf(letter)
    text = pdf_text(data)

    closing = "Kính trình Chủ tịch Ủy ban nhân dân xã An Bình xem xét, quyết định./. Nơi nhận:"
    assert closing in text
    assert text.index("Trần Văn Giám") < text.index("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
    assert (
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG (Kèm theo Tờ trình số 12/TTr-TTPVHCC ngày 07/12/2026 của Trung tâm "
        "Phục vụ hành chính công) STT"
    ) in text
    pages = _pages(data)
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in pages[-1]
    assert "Nơi nhận:" not in pages[-1]
    assert_layout(data)


def test_unnumbered_office_letter_leaves_the_number_blank_in_the_annex(letter, other_unit):
    NominationFactory(
        proposal=ProposalFactory(round=letter.round, unit=other_unit),
        state=NominationState.SHORTLISTED,
        collective=True,
    )
    text = pdf_text(documents.office_letter_pdf(letter.round))

    assert "(Kèm theo Tờ trình số /TTr-VHXH ngày / /2026 của Phòng Văn hóa – Xã hội)" in text


# --------------------------------------------------------------------------- signers and dates (X12, X13)


def test_office_letter_names_the_head_of_the_office(letter, commune, other_unit):
    NominationFactory(
        proposal=ProposalFactory(round=letter.round, unit=other_unit),
        state=NominationState.SHORTLISTED,
        collective=True,
    )
    commune.office_head_name = "Hoàng Thị Trưởng"
    commune.save()
    text = pdf_text(documents.office_letter_pdf(letter.round))

    assert "TRƯỞNG PHÒNG Hoàng Thị Trưởng" in text


def test_office_letter_of_a_past_round_is_dated_in_its_year(commune):
    round_ = RoundFactory(
        adhoc=True,
        year=2025,
        submit_by=datetime.date(2025, 8, 20),
        review_by=datetime.date(2025, 8, 29),
        council_on=datetime.date(2025, 9, 12),
    )
    text = pdf_text(documents.office_letter_pdf(round_))

    assert "An Bình, ngày tháng năm 2025" in text
    assert "2026" not in text


def test_unit_letter_without_a_date_takes_the_round_s_year(own_unit, commune):
    round_ = RoundFactory(adhoc=True, year=2025, submit_by=datetime.date(2025, 8, 20))
    proposal = ProposalFactory(round=round_, unit=own_unit, letter_date=None)
    NominationFactory(proposal=proposal, summary=FLOOD)

    text = pdf_text(documents.unit_letter_pdf(proposal))

    assert "An Bình, ngày tháng năm 2025" in text
    assert "ngày / /2025 của" in text


# --------------------------------------------------------------------------- letterheads (X5, X7)


def test_youth_union_prints_under_its_own_parent_and_heading(commune):
    front = UnitFactory(name="Ủy ban Mặt trận Tổ quốc Việt Nam xã An Bình", kind=UnitKind.FRONT)
    youth = UnitFactory(
        name="Đoàn Thanh niên Cộng sản Hồ Chí Minh xã An Bình", kind=UnitKind.FRONT, parent=front
    )
    proposal = ProposalFactory(unit=youth)
    NominationFactory(proposal=proposal, collective=True)

    data = documents.unit_letter_pdf(proposal)
    text = pdf_text(data)

    assert text.startswith("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ AN BÌNH ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH")
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in text
    assert "ỦY BAN NHÂN DÂN XÃ AN BÌNH" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert_layout(data)


def test_police_without_a_parent_heads_alone(commune):
    police = UnitFactory(name="Công an xã An Bình", kind=UnitKind.POLICE)
    proposal = ProposalFactory(unit=police)
    NominationFactory(proposal=proposal, collective=True)

    text = pdf_text(documents.unit_letter_pdf(proposal))

    assert text.startswith("CÔNG AN XÃ AN BÌNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "ỦY BAN NHÂN DÂN" not in text.split("TỜ TRÌNH")[0]


def test_heading_lines_break_names_evenly_between_words():
    assert heading_lines("ỦY BAN NHÂN DÂN XÃ THƯỢNG PHÚC") == ("ỦY BAN NHÂN DÂN", "XÃ THƯỢNG PHÚC")
    assert heading_lines("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG") == ("TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG")
    assert heading_lines("PHÒNG KINH TẾ") == ("PHÒNG KINH TẾ",)
    assert heading_lines("ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH XÃ THƯỢNG PHÚC") == (
        "ĐOÀN THANH NIÊN",
        "CỘNG SẢN HỒ CHÍ MINH",
        "XÃ THƯỢNG PHÚC",
    )
    assert heading_lines("") == ()


def test_number_and_date_share_a_row_and_the_authority_breaks_before_xa(letter):
    words = _words(documents.unit_letter_pdf(letter))
    number = next(w for w in words if w[4] == "Số:")
    date = next(w for w in words if w[4] == "An" and w[0] > 90 * MM)
    assert abs(number[3] - date[3]) < 2  # the same baseline, within 2 pt
    left = [w for w in words if w[2] < 30 * MM + 0.4 * 165 * MM and w[1] < number[1]]
    first_line = [w[4] for w in left if abs(w[1] - left[0][1]) < 2]
    assert first_line == ["ỦY", "BAN", "NHÂN", "DÂN"]


# --------------------------------------------------------------------------- centred lines (X9)


def test_centred_lines_take_no_first_line_indent(letter):
    words = _words(documents.unit_letter_pdf(letter), page=2)
    title = [w for w in words if w[4] in ("DANH", "SÁCH", "ĐỀ", "NGHỊ", "KHEN", "THƯỞNG")][:6]
    centre = (min(w[0] for w in title) + max(w[2] for w in title)) / 2
    assert abs(centre - (30 * MM + (210 - 45) / 2 * MM)) < 2


def test_report_subject_line_is_centred(letter):
    nomination = letter.nominations.filter(subject_cadre__isnull=False).get()
    words = _words(documents.report_pdf(nomination))
    line = next(w for w in words if w[4] == "Họ")
    same = [w for w in words if abs(w[1] - line[1]) < 1]
    centre = (min(w[0] for w in same) + max(w[2] for w in same)) / 2
    assert abs(centre - (30 * MM + (210 - 45) / 2 * MM)) < 2


# --------------------------------------------------------------------------- rules (X8)


def _rules(
    data: bytes, top: float, bottom: float, left: float, right: float
) -> list[tuple[float, float, float]]:
    """Horizontal rules drawn between `top` and `bottom` (pt) and `left` and `right`: (y, x0,
    x1) in pt, read from the page rendered at 4 px per pt."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "page.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "288", "-f", "1", "-l", "1", "-gray", "-png", pdf, Path(folder) / "p"],
            check=True,
        )
        image = Image.open(next(Path(folder).glob("p*.png"))).convert("L")
        pixels = image.load()
        found = []
        for y in range(int(top * 4), int(bottom * 4)):
            run, start = 0, None
            for x in range(int(left * 4), int(right * 4)):
                if pixels[x, y] < 128:
                    start = x if run == 0 else start
                    run += 1
                    continue
                if run > 40:  # 10 pt: a rule, not a glyph's stroke
                    found.append((y / 4, start / 4, (start + run) / 4))
                run = 0
        return found


def test_rules_are_a_third_to_a_half_of_the_text_above_them(own_unit, commune):
    own_unit.name = "Phòng Kinh tế"
    own_unit.save()
    proposal = ProposalFactory(unit=own_unit)
    NominationFactory(proposal=proposal, collective=True)
    data = documents.unit_letter_pdf(proposal)
    words = _words(data)
    column = 30 * MM + 0.4 * 165 * MM

    issuer = [w for w in words if w[4] in ("PHÒNG", "KINH", "TẾ") and w[2] < column]
    rules = _rules(data, max(w[3] for w in issuer), max(w[3] for w in issuer) + 12, 30 * MM, column)
    width = max(w[2] for w in issuer) - min(w[0] for w in issuer)
    rule = rules[0][2] - rules[0][1]
    assert width / 3 <= rule <= width / 2, (rule, width)

    title = next(w for w in words if w[4] == "TỜ")
    addressee = next(w for w in words if w[4] == "Kính")
    lines = [w for w in words if title[3] < w[1] < addressee[1]]  # the trích yếu
    rules = _rules(data, max(w[3] for w in lines) - 2, addressee[1], 30 * MM, A4_WIDTH - 15 * MM)
    text_width = max(w[2] for w in lines) - min(w[0] for w in lines)
    y, x0, x1 = rules[0]
    assert text_width / 3 <= x1 - x0 <= text_width / 2, (x1 - x0, text_width)
    assert y > max(w[3] for w in lines), "the rule sits below the descenders"


# --------------------------------------------------------------------------- the demo's long letters (X4)
# Last in the module: the demo, once seeded, stays for the module's remaining tests.


def _signature_page(pages: list[str], marker: str) -> str:
    return next(page for page in pages if marker in page)


def test_demo_letters_keep_text_on_the_signature_page(demo):
    letters = [documents.unit_letter_pdf(p) for p in Proposal.objects.all()]
    letters += [documents.office_letter_pdf(r) for r in Round.objects.all()]
    long_ones = 0
    for data in letters:
        pages = _pages(data)
        page = _signature_page(pages, "Nơi nhận:")
        assert "./." in page, page[:200]
        long_ones += len(pages) > 1
    assert long_ones >= 3  # the TT PVHCC and Phòng KT letters, and the office's


def test_demo_minutes_templates_keep_text_with_the_signatures(demo):
    for proposal in Proposal.objects.all():
        page = _signature_page(_pages(documents.minutes_template_pdf(proposal)), "CHỦ TRÌ (Ký")
        assert "./." in page


def test_demo_reports_keep_text_with_the_signatures(demo):
    reported = [n for n in Nomination.objects.select_related("round") if n.report_form]
    assert any(n.round.is_year_end for n in reported)  # the year-end Mẫu 05 / 04 are among them
    for nomination in reported:
        pages = _pages(documents.report_pdf(nomination))
        page = _signature_page(pages, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG")
        # Mẫu 06 / 08 head section III "CÁC HÌNH THỨC…", Mẫu 05 / 04 "CÁC DANH HIỆU THI ĐUA, HÌNH THỨC…".
        assert re.search(r"III\. CÁC (DANH HIỆU THI ĐUA, )?HÌNH THỨC", page) or page == pages[0], (
            nomination.subject_name
        )
