"""Giấy khen as printed: one A4 landscape page per award with its frozen name and golden-book
number, embedded Tinos and NFC text; the full design against text-only blanks moved by the
printer's offsets; reprints identical; the calibration page; the batch job."""

import re
import subprocess
import tempfile
import unicodedata
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from awards import certificates
from awards.models import Award, CertificateDesign
from awards.services import printing
from awards.services.decisions import DecisionError
from tests.factories.decisions import ImportedAwardFactory, PrinterProfileFactory, issued_decision
from thiduaportal.models import Job, JobState

pytestmark = pytest.mark.django_db
MM = 72 / 25.4
# A 4 × 4 red PNG: the emblem.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000040802000000269309290000001549444154789c63"
    "f8cfc0f09f8181818989011f0300360e03fdaa8e1a3d0000000049454e44ae426082"
)


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
def decision(commune, vhxh_officer):
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
        assert f"Số sổ vàng: {award.book_number}" in text
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


def test_renaming_the_cadre_after_issuing_changes_nothing(decision):
    award = decision.awards.filter(cadre__isnull=False).order_by("position").first()
    before = page_texts(certificates.certificate_pdf([award]))
    award.cadre.full_name = "Tên Đã Đổi"
    award.cadre.position = "Trưởng phòng"
    award.cadre.save()
    after = page_texts(certificates.certificate_pdf([Award.objects.get(pk=award.pk)]))
    assert after == before
    assert "Tên Đã Đổi" not in after[0]


def test_deputy_signs_for_the_chairman(commune, vhxh_officer):
    decision = issued_decision(vhxh_officer, collectives=0, individuals=1)
    decision.snapshot = {**decision.snapshot, "signer_capacity": "deputy"}
    decision.save(update_fields=["snapshot"])
    text = page_texts(certificates.certificate_pdf(_awards(decision)))[0]
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text


def test_imported_award_prints_without_verification_code(commune):
    award = ImportedAwardFactory(recipient_name="Phạm Thị Lan", book_number="57")
    data = certificates.certificate_pdf([award])
    text = page_texts(data)[0]
    assert "Phạm Thị Lan" in text
    assert "Số sổ vàng: 57" in text
    assert "Số quyết định: 210/QĐ-UBND, ngày 20 tháng 12 năm 2024" in text
    assert "Mã xác minh" not in text


def test_full_design_draws_border_and_emblem_blank_mode_neither(decision, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    design = CertificateDesign.current()
    design.emblem.save("emblem.png", ContentFile(PNG))
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
    assert page_texts(full) == page_texts(blank)


def test_printer_offsets_move_the_text(decision):
    awards = _awards(decision)[:1]
    still = certificates.certificate_pdf(awards, mode="blank", printer=PrinterProfileFactory(name="A"))
    moved_printer = PrinterProfileFactory(name="B", offset_x_mm=Decimal(10), offset_y_mm=Decimal("-5.5"))
    moved = certificates.certificate_pdf(awards, mode="blank", printer=moved_printer)

    x0, y0 = word_box(still, "GIẤY")
    x1, y1 = word_box(moved, "GIẤY")
    assert x1 - x0 == pytest.approx(10 * MM, abs=0.2)
    assert y1 - y0 == pytest.approx(-5.5 * MM, abs=0.2)


def test_calibration_page_shows_offsets_and_instructions():
    printer = PrinterProfileFactory(offset_x_mm=Decimal("2.5"), offset_y_mm=Decimal(-3))
    data = certificates.calibration_pdf(printer)
    assert page_sizes(data) == [(841.89, 595.276)]
    text = page_texts(data)[0]
    assert "In trang này lên phôi, đo độ lệch, sửa lại số mm" in text
    assert "dịch sang phải 2,5 mm, dịch xuống -3 mm" in text
    x, _y = word_box(data, "148,5")
    assert x == pytest.approx((148.5 + 1 + 2.5) * MM, abs=1.5)


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


def test_batch_job_builds_one_pdf_with_progress_and_runs_once(decision, vhxh_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
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


def test_interrupted_job_is_built_again_with_each_page_once(decision, vhxh_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
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
