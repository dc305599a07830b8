"""Certificates stamped over their design: a batch lays out each decision's design once and
every page's text on strips, cut into pages over one shared form. To the eye the pages are the
whole sheets laid out one by one (rasterised and compared pixel by pixel), the text and fonts
are the same, and a signed batch is signed over the stamped file."""

import dataclasses
import io
import subprocess
import tempfile
from decimal import Decimal

import pikepdf
import pytest
from PIL import Image, ImageChops

from awards import certificates
from awards.services import printing
from tests.awards.test_certificates import page_texts
from tests.factories.decisions import PrinterProfileFactory, issued_decision
from tests.signing_certificate import COMMON_NAME, signing_certificate  # noqa: F401
from thiduaportal import signing, stamping

pytestmark = pytest.mark.django_db
DPI = 100
# Pixels may differ by anti-aliasing at the edge of a glyph, never more: at most this share
# of a page's pixels may differ by more than a sixteenth of the scale.
TOLERANCE = 0.0005


def rasters(data: bytes) -> list[Image.Image]:
    """Every page of `data` as an RGB image at `DPI` (poppler's pdftoppm)."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = f"{folder}/in.pdf"
        with open(pdf, "wb") as handle:
            handle.write(data)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", pdf, f"{folder}/page"], check=True)
        count = len(pikepdf.open(io.BytesIO(data)).pages)
        names = [f"{folder}/page-{n}.png" for n in range(1, count + 1)]
        return [Image.open(name).convert("RGB") for name in names]


def differing_share(one: Image.Image, other: Image.Image) -> float:
    assert one.size == other.size
    histogram = ImageChops.difference(one, other).convert("L").histogram()
    return sum(histogram[16:]) / (one.width * one.height)


def design_forms(data: bytes) -> set[tuple[int, int]]:
    """The design forms the pages draw (object numbers)."""
    pdf = pikepdf.open(io.BytesIO(data))
    return {
        obj.objgen
        for page in pdf.pages
        for name, obj in page.Resources.get("/XObject", {}).items()
        if name.startswith(f"/{stamping.FORM_PREFIX}")
    }


@pytest.fixture
def decision(commune, vhxh_officer, emblem):
    return issued_decision(vhxh_officer, collectives=1, individuals=3)


def _sheet(mode):
    if mode == "full":
        return certificates.sheet_for("full", None)
    printer = PrinterProfileFactory(
        offset_x_mm=Decimal("2.5"),
        offset_y_mm=Decimal("-1.5"),
        preprinted=["nation", "motto"],
        field_offsets={"name": {"x": 1, "y": 2}},
    )
    return certificates.sheet_for("blank", printer)


@pytest.mark.parametrize("mode", ["full", "blank"])
def test_stamped_pages_look_exactly_like_whole_pages(decision, mode):
    pages = certificates.pages_of(decision.awards.order_by("position"))
    sheet = _sheet(mode)
    whole = certificates.whole_pages_pdf(pages, sheet)
    stamped = certificates.stamped_pages_pdf(pages, sheet)

    assert len(design_forms(stamped)) == 1
    assert design_forms(whole) == set()
    before, after = rasters(whole), rasters(stamped)
    assert len(before) == len(after) == 4
    for one, other in zip(before, after, strict=True):
        assert differing_share(one, other) <= TOLERANCE
    # The same words on each page (the design's come first in the stamped file).
    assert [sorted(t.split()) for t in page_texts(stamped)] == [sorted(t.split()) for t in page_texts(whole)]


def test_the_comparison_sees_a_missing_line(decision):
    """The pixel comparison fails when one line is left out."""
    pages = certificates.pages_of(decision.awards.order_by("position"))
    sheet = certificates.sheet_for("full", None)
    whole = rasters(certificates.whole_pages_pdf(pages[:1], sheet))[0]
    changed = dataclasses.replace(pages[0], book_line="")
    other = rasters(certificates.whole_pages_pdf([changed], sheet))[0]
    assert differing_share(whole, other) > TOLERANCE


def test_a_batch_of_one_decision_is_stamped_with_its_text_and_embedded_fonts(decision):
    awards = list(decision.awards.order_by("position"))
    data = certificates.certificate_pdf(awards)

    assert len(design_forms(data)) == 1
    texts = page_texts(data)
    assert len(texts) == 4
    for award, text in zip(awards, texts, strict=True):
        assert award.recipient_name in text
        assert f"Số sổ vàng: {award.book_number}/2026 " in text
        for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "GIẤY KHEN", "Lý Văn Dũng"):
            assert line in text
    assert awards[1].recipient_name not in texts[0]
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows
    assert all(row[0].split("+")[-1].startswith("Tinos") and row[-5] == "yes" for row in rows)
    pdf = pikepdf.open(io.BytesIO(data))
    assert str(pdf.docinfo["/Title"]) == "Giấy khen"
    # No transparency group is added to the pages.
    assert all("/Group" not in page.obj for page in pdf.pages)


def test_pages_of_two_decisions_each_draw_their_own_design(commune, vhxh_officer, emblem):
    first = issued_decision(vhxh_officer, collectives=0, individuals=2)
    second = issued_decision(vhxh_officer, collectives=0, individuals=2)
    awards = [*first.awards.order_by("position"), *second.awards.order_by("position")]
    data = certificates.certificate_pdf(awards)
    assert len(design_forms(data)) == 2
    texts = page_texts(data)
    numbers = [("01/QĐ-UBND" in t, "02/QĐ-UBND" in t) for t in texts]
    assert numbers == [(True, False), (True, False), (False, True), (False, True)]


def test_strips_that_do_not_hold_the_sheets_listed_are_refused(decision):
    pages = certificates.pages_of(decision.awards.order_by("position"))
    sheet = certificates.sheet_for("full", None)
    strips = certificates.whole_pages_pdf(pages, sheet)  # four pages of one sheet each
    designs = certificates.whole_pages_pdf(pages[:1], sheet)
    assert len(pikepdf.open(io.BytesIO(stamping.stamp_over_designs(strips, designs, [0] * 4))).pages) == 4
    with pytest.raises(stamping.StampingError, match="4 sheets, 5 listed"):
        stamping.stamp_over_designs(strips, designs, [0] * 5)
    with pytest.raises(stamping.StampingError, match="more sheets than listed"):
        stamping.stamp_over_designs(strips, designs, [0] * 3)


def test_a_signed_batch_is_signed_over_the_stamped_file(
    commune,
    chairman,
    emblem,
    signing_certificate,  # noqa: F811
):
    decision = issued_decision(chairman, collectives=1, individuals=2)
    job = printing.start_print(
        decision, actor=chairman, award_ids=[a.pk for a in decision.awards.all()], mode="blank", printer=None
    )
    printing.run_print(job)
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        data = handle.read()
    assert len(design_forms(data)) == 1
    status = signing.verify_pdf(data)
    assert (status.signed, status.intact, status.signer) == (True, True, COMMON_NAME)
