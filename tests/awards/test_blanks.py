"""Giấy khen printed onto pre-printed blanks (phôi): only the fields and the lines the blank
lacks, each field in its own box at its calibrated place, whatever the length of the text
above it; the calibration page draws those boxes and keeps its rulers inside the printable
area; the printer page edits every field's offsets."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from awards import blanks, certificates
from awards.models import Award, PrinterProfile
from tests.factories.decisions import PrinterProfileFactory, issued_decision

from .test_certificates import MM, page_texts, pdf_words, qr_box, raster, word_boxes

pytestmark = pytest.mark.django_db
FIXED_LINES = {
    "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH",
    "give": "TẶNG",
    "title": "GIẤY KHEN",
}


@pytest.fixture
def award(commune, vhxh_officer):
    return issued_decision(vhxh_officer, collectives=0, individuals=1).awards.get()


def _blank(award, printer) -> bytes:
    return certificates.certificate_pdf([Award.objects.get(pk=award.pk)], mode="blank", printer=printer)


def test_blank_mode_leaves_out_the_lines_the_blank_carries(award):
    usual = page_texts(_blank(award, PrinterProfileFactory(name="usual")))[0]
    for key in ("nation", "motto", "title"):
        assert FIXED_LINES[key] not in usual
    for key in ("authority", "give"):
        assert FIXED_LINES[key] in usual

    everything = PrinterProfileFactory(name="bare", preprinted=list(blanks.FIXED_KEYS))
    text = page_texts(_blank(award, everything))[0]
    assert [line for line in FIXED_LINES.values() if line in text] == []
    assert "CHỦ TỊCH" not in text  # the signing capacity is on the blank too
    for variable in (
        award.recipient_name,
        award.recipient_detail,
        "Đã có thành tích xuất sắc",
        "Số quyết định: 01/QĐ-UBND, ngày 15 tháng 9 năm 2026",
        f"Số sổ vàng: {award.book_number}/2026",
        "An Bình, ngày 15 tháng 9 năm 2026",
        "Lý Văn Dũng",
        "Mã xác minh:",
    ):
        assert variable in text

    plain = page_texts(_blank(award, PrinterProfileFactory(name="plain", preprinted=[])))[0]
    assert [line for line in FIXED_LINES.values() if line not in plain] == []


def test_each_field_prints_at_its_calibrated_box(award):
    base = PrinterProfileFactory(name="base", offset_x_mm=Decimal(2), offset_y_mm=Decimal(-1))
    moved = PrinterProfileFactory(
        name="moved",
        offset_x_mm=Decimal(2),
        offset_y_mm=Decimal(-1),
        field_offsets={"decision": {"x": "5", "y": "3.5"}, "signer": {"x": "0", "y": "-4"}},
    )
    before, after = _blank(award, base), _blank(award, moved)

    # The decision line is left-aligned in its box at (40, 149) mm, moved by both offsets.
    decision = word_boxes(after, "Số")[0]
    assert decision[0] == pytest.approx((40 + 2 + 5) * MM, abs=0.5)
    assert decision[1] == pytest.approx(word_boxes(before, "Số")[0][1] + 3.5 * MM, abs=0.2)
    assert word_boxes(after, "Lý")[-1][1] == pytest.approx(word_boxes(before, "Lý")[-1][1] - 4 * MM, abs=0.2)
    # The other fields stay where they were.
    for word in ("TẶNG", "Đã", "An"):
        assert word_boxes(after, word)[0][:2] == word_boxes(before, word)[0][:2]


def test_a_two_line_name_moves_no_other_field(award):
    printer = PrinterProfileFactory()
    short = _blank(award, printer)
    Award.objects.filter(pk=award.pk).update(
        recipient_name="Hội Liên hiệp Phụ nữ thôn Đông Hạ, thôn Tây Thượng, thôn Nam Sơn và thôn Bắc Sơn "
        "cùng các chi hội nghề nghiệp trực thuộc"
    )
    long = _blank(award, printer)
    assert len({round(box[1]) for box in word_boxes(long, "thôn")}) == 2  # the name takes two lines
    for word in ("Đã", "Số", "An", "Lý"):
        assert word_boxes(long, word)[-1][:2] == word_boxes(short, word)[-1][:2]


def test_blank_mode_qr_code_is_clear_of_the_blank_border(award):
    page = raster(_blank(award, PrinterProfileFactory()), 150)
    left, _top, _right, bottom = qr_box(page)
    # The dark modules start after the 4-module quiet zone of the box at 40 mm.
    assert left / 150 * 25.4 >= 40
    assert bottom / 150 * 25.4 <= 200


@pytest.mark.parametrize(
    ("dx", "dy"), [(Decimal(0), Decimal(0)), (Decimal(-3), Decimal(-2)), (Decimal(4), Decimal(5))]
)
def test_calibration_rulers_stay_inside_the_printable_area(dx, dy):
    data = blanks.calibration_pdf(PrinterProfileFactory(offset_x_mm=dx, offset_y_mm=dy))
    words = pdf_words(data)
    margin = 5 * MM  # what a Canon LBP 2900 cannot print
    outside = [
        w
        for w in words
        if w[0] < margin or w[1] < margin or w[2] > 297 * MM - margin or w[3] > 210 * MM - margin
    ]
    assert outside == []
    numbers = {w[4] for w in words if w[4].isdigit()}
    assert {str(n) for n in range(20, 290, 10)} <= numbers  # the top ruler, 20 to 280 mm
    assert {str(n) for n in range(20, 200, 10)} <= numbers  # the left ruler


def test_calibration_page_draws_each_field_box_at_its_calibrated_place():
    printer = PrinterProfileFactory(
        offset_x_mm=Decimal("1.5"),
        offset_y_mm=Decimal(-2),
        field_offsets={"name": {"x": "-3", "y": "4.5"}},
    )
    data = blanks.calibration_pdf(printer)
    text = page_texts(data)[0]
    assert "Độ lệch chung đang dùng: dịch sang phải 1,5 mm, dịch lên 2 mm." in text
    assert "Tên người / tập thể · −3 / +4,5 mm" in text
    assert "Quốc hiệu (phôi in sẵn)" in text
    assert "148,5 × 105" not in text  # no mark under the instructions any more
    # The label sits inside its box's top left corner: (25 + 1.5 − 3, 91 − 2 + 4.5) mm.
    label = next(w for w in pdf_words(data) if w[4] == "Tên")
    assert label[0] == pytest.approx((25 + 1.5 - 3 + 1) * MM, abs=1 * MM)
    assert label[1] == pytest.approx((91 - 2 + 4.5 + 0.6) * MM, abs=1 * MM)
    date = next(w for w in pdf_words(data) if w[4] == "Địa")
    assert date[0] == pytest.approx((165 + 1.5 + 1) * MM, abs=1 * MM)


def _post(client, printer=None, **data):
    url = reverse("awards:printer_edit", args=[printer.pk]) if printer else reverse("awards:printer_create")
    return client.post(url, {"name": "Canon LBP 2900", "offset_x_mm": "1.5", "offset_y_mm": "-2", **data})


def test_printer_page_saves_each_field_offset_and_the_preprinted_lines(client_for, vhxh_officer):
    client = client_for(vhxh_officer)
    response = _post(
        client, name_x="-3", name_y="4.5", signer_y="2", preprinted=["nation", "title", "capacity"]
    )
    assert response["Location"] == reverse("awards:printer_list")
    printer = PrinterProfile.objects.get()
    assert printer.field_offsets == {"name": {"x": "-3.0", "y": "4.5"}, "signer": {"x": "0.0", "y": "2.0"}}
    assert printer.preprinted == ["nation", "title", "capacity"]
    page = client.get(reverse("awards:printer_edit", args=[printer.pk])).content.decode()
    assert 'name="name_y" id="id_name_y" value="4,5"' in page
    assert 'name="preprinted" value="capacity"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name_x": "31"}, "name_x", "“Recipient's name” moved by more than 30 mm"),
        ({"signer_y": "-30"}, "signer_y", ""),
        ({"signer_y": "20"}, "signer_x", "“Signer's name” would print outside the sheet (166,5 to 276,5 mm"),
    ],
)
def test_printer_page_refuses_offsets_out_of_range(client_for, vhxh_officer, data, field, message):
    client = client_for(vhxh_officer)
    printer = PrinterProfileFactory(name="Canon LBP 2900")
    response = _post(client, printer, **data)
    if not message:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page
    assert f'id="id_{field}"' in page.split(message)[0].rsplit("<tr", 1)[1]
    printer.refresh_from_db()
    assert printer.field_offsets == {}
