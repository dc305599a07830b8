"""Giấy khen as printed: one A4 landscape page per award with its frozen name and golden-book
number, embedded Tinos and NFC text; the full design against text-only blanks moved by the
printer's offsets; reprints identical; the calibration page; the batch job."""

import io
import random
import re
import subprocess
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from django.core import checks
from PIL import Image, ImageChops, ImageFilter

from awards import blanks, certificates
from awards import checks as awards_checks
from awards.models import Award, CertificateDesign
from awards.services import printing
from awards.services.decisions import DecisionError, codes
from tests.factories.decisions import (
    EMBLEM_PNG,
    ImportedAwardFactory,
    PrinterProfileFactory,
    issued_decision,
)
from thiduaportal.models import Job, JobState

pytestmark = pytest.mark.django_db
MM = 72 / 25.4
PNG = EMBLEM_PNG


def _run(tool: str, data: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            [tool, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def page_texts(data: bytes) -> list[str]:
    """The extracted text of each page, whitespace collapsed."""
    return [" ".join(page.split()) for page in _run("pdftotext", data, "-raw").split("\f")[:-1]]


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    info = _run("pdfinfo", data, "-f", "1", "-l", "1000")
    return [(float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)]


def word_box(data: bytes, word: str) -> tuple[float, float]:
    """(xMin, yMin) of the first occurrence of `word`."""
    pattern = rf'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">{re.escape(word)}</word>'
    match = re.search(pattern, _run("pdftotext", data, "-bbox"))
    assert match, f"{word} not found"
    return float(match[1]), float(match[2])


def pdf_words(data: bytes, page: int = 0) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) in points of every word of a page, in content order."""
    text = _run("pdftotext", data, "-bbox").split("</page>")[page]
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>'
    return [(float(a), float(b), float(c), float(d), word) for a, b, c, d, word in re.findall(pattern, text)]


def dark_pixel(data: bytes, x_mm: float, y_mm: float) -> bool:
    """Whether the first page, rasterised at 36 dpi, is dark at (x, y) mm from the top left."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        ppm = subprocess.run(
            ["pdftoppm", "-r", "36", "-f", "1", "-l", "1", handle.name], capture_output=True, check=True
        ).stdout
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    width = int(header[1])
    pixels = ppm[header.end() :]
    col, row = round(x_mm / 25.4 * 36), round(y_mm / 25.4 * 36)
    offset = (row * width + col) * 3
    return sum(pixels[offset : offset + 3]) < 600


@pytest.fixture
def decision(commune, vhxh_officer, emblem):
    return issued_decision(vhxh_officer, collectives=1, individuals=2)


def _awards(decision):
    return list(decision.awards.order_by("position"))


def test_one_landscape_page_per_award_with_its_name_and_book_number(decision):
    awards = _awards(decision)
    data = certificates.certificate_pdf(awards)

    assert page_sizes(data) == [(841.89, 595.276)] * 3
    texts = page_texts(data)
    assert len(texts) == 3
    for award, text in zip(awards, texts, strict=True):
        assert award.recipient_name in text
        assert f"Số sổ vàng: {award.book_number}/2026 " in text
        assert "Số quyết định: 01/QĐ-UBND, ngày 15 tháng 9 năm 2026" in text
        assert f"Mã xác minh: {award.code[:4]}-" in text
        assert unicodedata.normalize("NFC", text) == text
    first = texts[0]
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH",
        "TẶNG",
        "GIẤY KHEN",
        "Đội Thanh niên xung kích thôn Đông 1",
        "Đã có thành tích xuất sắc",
        "An Bình, ngày 15 tháng 9 năm 2026",
        "CHỦ TỊCH",
        "Lý Văn Dũng",
    ):
        assert line in first
    assert "Chuyên viên, Phòng Kinh tế" in texts[1]


def test_fonts_are_tinos_and_embedded(decision):
    fonts = [
        line.split()
        for line in _run("pdffonts", certificates.certificate_pdf(_awards(decision))).splitlines()[2:]
    ]
    assert fonts
    assert all(row[0].split("+")[-1].startswith("Tinos") for row in fonts)
    assert all(row[-5] == "yes" for row in fonts)


def test_pages_follow_the_order_given(decision):
    awards = list(reversed(_awards(decision)))
    texts = page_texts(certificates.certificate_pdf(awards))
    assert [award.recipient_name in text for award, text in zip(awards, texts, strict=True)] == [True] * 3


def test_reprint_gives_the_same_text(decision):
    awards = _awards(decision)
    assert page_texts(certificates.certificate_pdf(awards)) == page_texts(
        certificates.certificate_pdf(awards)
    )


def test_a_decision_issued_before_the_year_was_printed_reprints_its_bare_book_number(decision):
    """Its snapshot lacks `book_with_year`: its certificates reprint as they were first printed."""
    award = decision.awards.order_by("position").first()
    assert f"Số sổ vàng: {award.book_number}/2026 " in page_texts(certificates.certificate_pdf([award]))[0]
    snapshot = dict(decision.snapshot)
    del snapshot["book_with_year"]
    type(decision).objects.filter(pk=decision.pk).update(snapshot=snapshot)
    text = page_texts(certificates.certificate_pdf([Award.objects.get(pk=award.pk)]))[0]
    assert f"Số sổ vàng: {award.book_number} " in text
    assert f"{award.book_number}/2026" not in text


def test_renaming_the_cadre_after_issuing_changes_nothing(decision):
    award = decision.awards.filter(cadre__isnull=False).order_by("position").first()
    before = page_texts(certificates.certificate_pdf([award]))
    award.cadre.full_name = "Tên Đã Đổi"
    award.cadre.position = "Trưởng phòng"
    award.cadre.save()
    after = page_texts(certificates.certificate_pdf([Award.objects.get(pk=award.pk)]))
    assert after == before
    assert "Tên Đã Đổi" not in after[0]


def test_deputy_signs_for_the_chairman(commune, vhxh_officer, emblem):
    decision = issued_decision(vhxh_officer, collectives=0, individuals=1)
    decision.snapshot = {**decision.snapshot, "signer_capacity": "deputy"}
    decision.save(update_fields=["snapshot"])
    text = page_texts(certificates.certificate_pdf(_awards(decision)))[0]
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text


def test_imported_award_prints_without_verification_code(commune, emblem):
    award = ImportedAwardFactory(recipient_name="Phạm Thị Lan", book_number="57")
    data = certificates.certificate_pdf([award])
    text = page_texts(data)[0]
    assert "Phạm Thị Lan" in text
    # As typed from the paper register: no year is added to a number the portal did not give.
    assert "Số sổ vàng: 57" in text
    assert "Số sổ vàng: 57/" not in text
    assert "Số quyết định: 210/QĐ-UBND, ngày 20 tháng 12 năm 2024" in text
    assert "Mã xác minh" not in text


def test_full_design_draws_border_and_emblem_blank_mode_neither(decision):
    awards = _awards(decision)[:1]

    full = certificates.certificate_pdf(awards, mode="full")
    blank = certificates.certificate_pdf(awards, mode="blank")

    # (width, height) of the images: the 4 × 4 emblem, and in both modes the QR code (one
    # pixel a module).
    def images(data):
        return sorted(
            (int(r.split()[3]), int(r.split()[4])) for r in _run("pdfimages", data, "-list").splitlines()[2:]
        )

    assert len(images(blank)) == 1
    assert images(full) == sorted([(4, 4), *images(blank)])
    # The outer border runs 7-9.2 mm from the edges.
    assert dark_pixel(full, 148, 8)
    assert dark_pixel(full, 8, 105)
    assert not dark_pixel(blank, 148, 8)
    assert not dark_pixel(blank, 8, 105)
    # The blank carries the quốc hiệu, tiêu ngữ and "GIẤY KHEN" already.
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "GIẤY KHEN"):
        assert line in page_texts(full)[0]
        assert line not in page_texts(blank)[0]
    assert awards[0].recipient_name in page_texts(blank)[0]


def test_printer_offsets_move_the_text(decision):
    awards = _awards(decision)[:1]
    still = certificates.certificate_pdf(awards, mode="blank", printer=PrinterProfileFactory(name="A"))
    moved_printer = PrinterProfileFactory(name="B", offset_x_mm=Decimal(10), offset_y_mm=Decimal("-5.5"))
    moved = certificates.certificate_pdf(awards, mode="blank", printer=moved_printer)

    x0, y0 = word_box(still, "TẶNG")
    x1, y1 = word_box(moved, "TẶNG")
    assert x1 - x0 == pytest.approx(10 * MM, abs=0.2)
    assert y1 - y0 == pytest.approx(-5.5 * MM, abs=0.2)


def test_calibration_page_shows_offsets_and_instructions():
    printer = PrinterProfileFactory(offset_x_mm=Decimal("2.5"), offset_y_mm=Decimal(-3))
    data = blanks.calibration_pdf(printer)
    assert page_sizes(data) == [(841.89, 595.276)] * 2
    sheet, instructions = page_texts(data)
    assert "Độ lệch chung đang dùng: dịch sang phải 2,5 mm, dịch lên 3 mm." in sheet
    assert "In trang 1 lên một tờ phôi Giấy khen" in instructions
    assert "20 × 24 mm" in sheet
    # The first cross's label ("20 × 24 mm") sits 1 mm right of and below the cross at
    # (20, 24) mm, which the offsets move to (22.5, 21) mm.
    times = word_boxes(data, "×")[0]
    assert (20 + 2.5 + 1) * MM < times[0] < (20 + 2.5 + 6) * MM
    assert times[1] == pytest.approx((24 - 3 + 1) * MM, abs=1.5 * MM)


def test_refuses_an_unissued_decision_nothing_chosen_foreign_or_revoked_awards(decision, vhxh_officer):
    other = issued_decision(vhxh_officer, collectives=0, individuals=1)
    ids = [a.pk for a in _awards(decision)]
    decision.state = "draft"
    with pytest.raises(DecisionError, match="not issued"):
        printing.start_print(decision, actor=vhxh_officer, award_ids=ids, mode="full", printer=None)
    decision.state = "issued"
    with pytest.raises(DecisionError, match="Choose at least one"):
        printing.start_print(decision, actor=vhxh_officer, award_ids=[], mode="full", printer=None)
    foreign = other.awards.get().pk
    with pytest.raises(DecisionError, match=f"Award {foreign} is not part of decision 01/QĐ-UBND"):
        printing.start_print(
            decision, actor=vhxh_officer, award_ids=[*ids, foreign], mode="full", printer=None
        )
    with pytest.raises(DecisionError, match="full design or pre-printed"):
        printing.start_print(decision, actor=vhxh_officer, award_ids=ids, mode="gold", printer=None)
    Award.objects.filter(pk=ids[0]).update(revoked_by=other)
    with pytest.raises(DecisionError, match="is revoked"):
        printing.start_print(decision, actor=vhxh_officer, award_ids=ids, mode="full", printer=None)
    assert not Job.objects.exists()


def test_batch_job_builds_one_pdf_with_progress_and_runs_once(decision, vhxh_officer):
    awards = _awards(decision)
    job = printing.start_print(
        decision, actor=vhxh_officer, award_ids=[awards[2].pk, awards[0].pk], mode="full", printer=None
    )
    printing.run_print(job)
    job.refresh_from_db()
    assert (job.state, job.progress, job.filename) == (JobState.DONE, 100, "giay-khen-qd-1-2026.pdf")
    data = job.file.read()
    texts = page_texts(data)
    # The decision's list order, whatever order the ids came in.
    assert [awards[0].recipient_name in texts[0], awards[2].recipient_name in texts[1]] == [True, True]
    stored = job.file.name
    printing.run_print(job)
    job.refresh_from_db()
    assert job.file.name == stored


def test_interrupted_job_is_built_again_with_each_page_once(decision, vhxh_officer):
    awards = _awards(decision)
    job = printing.start_print(
        decision, actor=vhxh_officer, award_ids=[a.pk for a in awards], mode="blank", printer=None
    )
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, progress=40)  # a worker died here
    job.refresh_from_db()
    printing.run_print(job)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    texts = page_texts(job.file.read())
    assert len(texts) == 3
    assert [sum(a.recipient_name in t for t in texts) for a in awards] == [1, 1, 1]


def test_progress_is_reported_per_chunk(decision, monkeypatch):
    monkeypatch.setattr(certificates, "CHUNK", 1)
    seen = []
    pages = certificates.pages_of(_awards(decision))
    data = certificates.render_pages(
        pages, certificates.Sheet(), progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert len(page_texts(data)) == 3


def test_revoked_award_never_prints(decision, vhxh_officer):
    other = issued_decision(vhxh_officer, collectives=0, individuals=1)
    award = _awards(decision)[0]
    Award.objects.filter(pk=award.pk).update(revoked_by=other)
    award.refresh_from_db()
    message = f"The award of {award.recipient_name} was revoked by decision 02/QĐ-UBND"
    for mode in ("full", "blank"):
        with pytest.raises(DecisionError, match=message):
            certificates.certificate_pdf([award], mode=mode)
    with pytest.raises(DecisionError, match=message):
        certificates.pages_of(_awards(decision))
    # The others still print.
    assert len(page_texts(certificates.certificate_pdf(_awards(decision)[1:]))) == 2


def test_full_design_refuses_to_print_without_the_emblem(decision, vhxh_officer):
    CertificateDesign.objects.all().delete()
    awards = _awards(decision)
    where = "Upload it on the page “Emblem of the full design” (/certificates/design/)"
    with pytest.raises(DecisionError, match=re.escape(where)):
        certificates.certificate_pdf(awards, mode="full")
    with pytest.raises(DecisionError, match="must carry the national emblem") as refused:
        printing.start_print(
            decision, actor=vhxh_officer, award_ids=[a.pk for a in awards], mode="full", printer=None
        )
    assert refused.value.field == "mode"
    assert not Job.objects.exists()
    assert len(page_texts(certificates.certificate_pdf(awards, mode="blank"))) == 3


@pytest.mark.parametrize(
    ("site", "fault"),
    [
        ("http://127.0.0.1:8000", "loopback"),
        ("http://localhost:8000/", "loopback"),
        ("http://[::1]:8000", "loopback"),
        ("http://127.0.1.1", "loopback"),
        ("https://thidua.local", "development or local-network name"),
        ("https://thidua-server", "development or local-network name"),
        ("http://192.168.1.20", "local network"),
        ("https://thidua.anbinh.gov.vn:8000", "port 8000"),
        ("http://thidua.anbinh.gov.vn", "not https"),
    ],
)
def test_printing_refuses_a_development_site_address(decision, vhxh_officer, settings, site, fault):
    settings.SITE_URL = site
    awards = _awards(decision)
    with pytest.raises(DecisionError, match=f"SITE_URL is “{re.escape(site)}”, and [^:]*{fault}") as refused:
        certificates.certificate_pdf(awards)
    assert "sets SITE_URL in the server's .env file" in str(refused.value)
    with pytest.raises(DecisionError, match="SITE_URL"):
        printing.start_print(
            decision, actor=vhxh_officer, award_ids=[a.pk for a in awards], mode="blank", printer=None
        )
    assert not Job.objects.exists()


def test_development_site_address_prints_in_debug_mode(decision, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.DEBUG = True
    assert "SITE_URL" in certificates.site_address_problem()
    texts = page_texts(certificates.certificate_pdf(_awards(decision)[:1]))
    assert "Mã xác minh:" in texts[0]


def test_deploy_check_warns_about_a_development_site_address(settings):
    settings.SITE_URL = "http://localhost:8000"
    (warning,) = awards_checks.check_site_address()
    assert (warning.id, warning.level) == ("awards.W001", checks.WARNING)
    assert "SITE_URL is “http://localhost:8000”" in warning.msg
    settings.SITE_URL = "https://thidua.anbinh.gov.vn"
    assert awards_checks.check_site_address() == []


def test_public_site_address_has_no_problem(settings):
    for site in ("https://thidua.anbinh.gov.vn", "https://thiduaanbinh.vn/", "https://203.0.113.7x.vn"):
        settings.SITE_URL = site
        assert certificates.site_address_problem() == ""


def test_imported_award_without_qr_code_prints_whatever_the_site_address(commune, emblem, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    award = ImportedAwardFactory(recipient_name="Phạm Thị Lan")
    assert "Phạm Thị Lan" in page_texts(certificates.certificate_pdf([award]))[0]


# --------------------------------------------------------------------------- the QR code


def raster(data: bytes, dpi: int) -> Image.Image:
    """The first page as a greyscale image at `dpi`, as a printer of that resolution prints it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        png = subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", "1", "-l", "1", handle.name],
            capture_output=True,
            check=True,
        ).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def qr_images(data: bytes, tmp_path: Path) -> list[Image.Image]:
    """The embedded QR images (one pixel a module) of the first page, as stored in the PDF."""
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdfimages", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "img")], check=True)
    images = [Image.open(path).convert("L") for path in sorted(tmp_path.glob("img-*.png"))]
    return [image for image in images if image.width > 20]


def phone_photo(page: Image.Image, box: tuple[int, int, int, int], *, angle: float, blur: float, seed: int):
    """What a phone camera makes of `box` of a printed page: uneven light, a tilt, focus blur,
    fewer pixels than the print, sensor noise and JPEG compression."""
    photo = page.crop(box)
    light = Image.linear_gradient("L").resize(photo.size).rotate(30)
    photo = ImageChops.multiply(photo, Image.eval(light, lambda v: 150 + v * 105 // 255))
    photo = photo.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=200)
    photo = photo.filter(ImageFilter.GaussianBlur(blur))
    photo = photo.resize((photo.width * 3 // 4, photo.height * 3 // 4), Image.BILINEAR)
    noise, pixels = random.Random(seed), photo.load()
    for _ in range(photo.width * photo.height // 20):
        x, y = noise.randrange(photo.width), noise.randrange(photo.height)
        pixels[x, y] = max(0, min(255, pixels[x, y] + noise.randint(-40, 40)))
    jpeg = io.BytesIO()
    photo.save(jpeg, "JPEG", quality=60)
    return Image.open(jpeg)


def qr_box(page: Image.Image) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) pixels of the dark modules of the page's one QR code."""
    (found,) = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    corners = [found.position.top_left, found.position.top_right, found.position.bottom_left]
    xs, ys = [c.x for c in corners], [c.y for c in corners]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


@pytest.mark.parametrize("mode", ["full", "blank"])
def test_qr_code_has_a_four_module_quiet_zone(decision, tmp_path, mode):
    award = _awards(decision)[0]
    data = certificates.certificate_pdf([award], mode=mode)
    (image,) = qr_images(data, tmp_path)
    # A 33-module code (version 4) and 4 white modules on every side, inside the image.
    assert image.size == (41, 41)
    assert image.crop((0, 0, 41, 4)).getextrema() == (255, 255)
    assert image.crop((0, 37, 41, 41)).getextrema() == (255, 255)
    assert image.crop((0, 0, 4, 41)).getextrema() == (255, 255)
    assert image.crop((37, 0, 41, 41)).getextrema() == (255, 255)
    assert image.getpixel((4, 4)) == 0  # the top left finder pattern starts there
    # On the printed page nothing else is drawn into the quiet zone either.
    page = raster(data, 150)
    left, top, right, bottom = qr_box(page)
    module = (right - left) / 33
    zone = round(4 * module) - 1
    ring = page.crop((left - zone, top - zone, right + zone, bottom + zone))
    inner = Image.new("L", (right - left, bottom - top), 255)
    ring.paste(inner, (zone, zone))
    assert ring.getextrema()[0] > 200, "something dark lies in the QR code's quiet zone"


def test_qr_code_reads_from_a_phone_photo_of_a_150_dpi_print(decision):
    award = _awards(decision)[0]
    page = raster(certificates.certificate_pdf([award]), 150)
    left, top, right, bottom = qr_box(page)
    margin = round(150 * 4 / 25.4)  # the photo frames the code with about 4 mm of the page around it
    box = (left - margin, top - margin, right + margin, bottom + margin)
    read = [
        [
            result.text
            for result in zxingcpp.read_barcodes(
                phone_photo(page, box, angle=angle, blur=blur, seed=seed),
                formats=zxingcpp.BarcodeFormat.QRCode,
            )
        ]
        for seed, (angle, blur) in enumerate([(0, 0.8), (0, 1.2), (4, 0.8), (4, 1.2), (-7, 1.2)])
    ]
    assert read == [[codes.verification_url(award.code)]] * 5


def line_words(data: bytes) -> list[list[list[str]]]:
    """Per page, the words of each printed line (words grouped by their baseline)."""
    pages = []
    for page in _run("pdftotext", data, "-bbox").split("<page ")[1:]:
        lines: dict[float, list[str]] = {}
        for y_max, word in re.findall(r'yMax="([\d.]+)">([^<]+)</word>', page):
            lines.setdefault(round(float(y_max)), []).append(word)
        pages.append(list(lines.values()))
    return pages


def test_the_commune_name_is_never_broken_across_lines(commune, vhxh_officer, emblem):
    decision = issued_decision(vhxh_officer, collectives=0, individuals=12)
    awards = _awards(decision)
    # Achievements of growing length: without the fix, the line breaks inside "xã An Bình"
    # on some of them.
    for extra, award in enumerate(awards):
        Award.objects.filter(pk=award.pk).update(
            achievement="Đã có thành tích xuất sắc "
            + "rất " * (extra + 8)
            + "trong công tác của xã An Bình năm 2026"
        )
    data = certificates.certificate_pdf(_awards(decision), mode="blank")
    pages = line_words(data)
    assert len(pages) == 12
    for lines in pages:
        assert any("xã An Bình" in " ".join(words) for words in lines), lines


def word_boxes(data: bytes, word: str) -> list[tuple[float, float, float, float]]:
    """(xMin, yMin, xMax, yMax) in points of every occurrence of `word` on the first page."""
    first = _run("pdftotext", data, "-bbox").split("</page>")[0]
    pattern = (
        rf'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">{re.escape(word)}</word>'
    )
    return [tuple(float(v) for v in match) for match in re.findall(pattern, first)]


@pytest.mark.parametrize("mode", ["full", "blank"])
def test_signature_space_holds_a_signature_and_the_seal(decision, mode):
    data = certificates.certificate_pdf(_awards(decision)[:1], mode=mode)
    capacity = word_boxes(data, "CHỦ")[-1]  # the signing capacity, under the dateline
    signer = word_boxes(data, "Lý")[-1]
    assert (signer[1] - capacity[3]) / MM >= 28
