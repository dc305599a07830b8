"""The Giấy chứng nhận of the emulation titles that have one (the catalogue says which): a
CSTĐCS or collective title prints with its heading, "CHỨNG NHẬN", the title and its year, the
decision's number and date, the golden-book number and the QR code, in both print modes and in
the same batch as the Giấy khen; "Lao động tiên tiến" is refused with its reason until the
catalogue gives it one; the heading is frozen at issue; the print page lists them with a
bounded number of queries; the public verification names the certificate."""

import subprocess
import tempfile
from decimal import Decimal

import pytest
from django.urls import reverse

from awards import certificates
from awards.services import printing, verification
from awards.services.decisions import DecisionError
from nominations.catalogue import CSTDCS, GIAY_KHEN, LDTT, TTLDTT
from nominations.models import NominationState, RoundKind, RoundState, Title
from nominations.services import titles
from tests.factories import CadreFactory, UnitFactory
from tests.factories.decisions import PrinterProfileFactory, issued_decision
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory
from thiduaportal.models import JobState

from .test_certificates import page_texts
from .test_certificates_stamped import TOLERANCE, design_forms, differing_share, rasters

pytestmark = pytest.mark.django_db
SUMMARY = "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026"
DECISION_LINE = "Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def embedded_fonts(data: bytes) -> list[list[str]]:
    """The rows of poppler's pdffonts for `data` (name … emb sub uni object ID)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        listing = subprocess.run(["pdffonts", handle.name], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in listing.splitlines()[2:]]


def sheet_of(mode: str) -> certificates.Sheet:
    if mode == certificates.FULL:
        return certificates.sheet_for(mode, None)
    printer = PrinterProfileFactory(
        offset_x_mm=Decimal("2.5"), offset_y_mm=Decimal("-1.5"), preprinted=["nation", "motto"]
    )
    return certificates.sheet_for(mode, printer)


def titled_decision(actor, commune, *, cstdcs: int = 1):
    """An issued decision awarding `cstdcs` CSTĐCS ("Nguyễn Văn An 1" …), one LĐTT (Trần Thị
    Bình), one TTLĐTT (Phòng Văn hóa - Xã hội) and one Giấy khen (Lê Văn Cường)."""
    forms = {title.award_form.code: title.award_form for title in titles.ensure_catalogue(commune)}
    round_ = RoundFactory(
        kind=RoundKind.ADHOC,
        campaign=None,
        year=2026,
        title="Khen thưởng năm 2026",
        quota_collectives=None,
        quota_individuals=None,
        state=RoundState.REVIEW,
    )
    economy = UnitFactory(name="Phòng Kinh tế")
    proposal = ProposalFactory(round=round_, unit=economy)
    people = [(f"Nguyễn Văn An {n + 1}", CSTDCS) for n in range(cstdcs)]
    for name, code in [*people, ("Trần Thị Bình", LDTT), ("Lê Văn Cường", GIAY_KHEN)]:
        NominationFactory(
            proposal=proposal,
            subject_cadre=CadreFactory(unit=economy, full_name=name, position="Chuyên viên"),
            award_form=forms[code],
            state=NominationState.SHORTLISTED,
            summary=SUMMARY,
        )
    office = UnitFactory(name="Phòng Văn hóa - Xã hội")
    NominationFactory(
        proposal=ProposalFactory(round=round_, unit=office),
        collective=True,
        award_form=forms[TTLDTT],
        state=NominationState.SHORTLISTED,
        summary=SUMMARY,
    )
    return issued_decision(actor, round_=round_)


@pytest.fixture
def decision(commune, vhxh_officer, emblem):
    return titled_decision(vhxh_officer, commune)


def _award(decision, code):
    return decision.awards.select_related("award_form").filter(award_form__code=code).order_by("position")[0]


def _title(commune, code):
    return Title.objects.get(commune=commune, award_form__code=code)


def test_a_cstdcs_certificate_prints_its_heading_title_year_and_decision(decision):
    award = _award(decision, CSTDCS)
    data = certificates.certificate_pdf([award])
    (text,) = page_texts(data)
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH",
        "CHỨNG NHẬN",
        "Nguyễn Văn An 1",
        "Chuyên viên, Phòng Kinh tế",
        "Đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2026",
        DECISION_LINE,
        f"Số sổ vàng: {award.book_number}/2026",
        f"Mã xác minh: {award.code[:4]}-",
        "CHỦ TỊCH",
        "Lý Văn Dũng",
    ):
        assert line in text, line
    # The heading above the authority, "CHỨNG NHẬN" under it, then the name.
    assert text.index("GIẤY CHỨNG NHẬN") < text.index("CHỦ TỊCH ỦY BAN") < text.index("Nguyễn Văn An 1")
    assert "GIẤY KHEN" not in text
    assert "TẶNG" not in text
    assert "Đã có thành tích" not in text
    fonts = embedded_fonts(data)
    assert fonts
    assert all(row[0].split("+")[-1].startswith("Tinos") for row in fonts)
    assert all(row[-5] == "yes" for row in fonts)


def test_a_collective_titles_certificate_names_the_unit(decision):
    (text,) = page_texts(certificates.certificate_pdf([_award(decision, TTLDTT)]))
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Phòng Văn hóa - Xã hội" in text
    assert "Đạt danh hiệu “Tập thể lao động tiên tiến” năm 2026" in text
    assert DECISION_LINE in text


def test_ldtt_prints_no_certificate_by_any_path(decision):
    ldtt = _award(decision, LDTT)
    assert not printing.has_certificate(ldtt)
    message = "Trần Thị Bình received an emulation title recognised in the decision's list only"
    with pytest.raises(DecisionError, match=message):
        printing.chosen_awards(decision, [ldtt.pk])
    with pytest.raises(DecisionError, match=message):
        certificates.certificate_pdf([ldtt])


def test_the_catalogue_switch_gives_or_takes_the_certificate(decision, commune, vhxh_officer):
    ldtt, cstdcs = _award(decision, LDTT), _award(decision, CSTDCS)
    titles.update_title(_title(commune, LDTT), actor=vhxh_officer, has_certificate=True)
    titles.update_title(_title(commune, CSTDCS), actor=vhxh_officer, has_certificate=False)
    assert printing.has_certificate(ldtt)
    assert not printing.has_certificate(cstdcs)
    assert printing.chosen_awards(decision, [ldtt.pk]) == [ldtt]
    with pytest.raises(DecisionError, match="Nguyễn Văn An 1 received an emulation title"):
        printing.chosen_awards(decision, [cstdcs.pk])
    # Given a certificate after the decision was issued, it takes the catalogue's heading.
    (text,) = page_texts(certificates.certificate_pdf([ldtt]))
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Đạt danh hiệu “Lao động tiên tiến” năm 2026" in text


def test_the_heading_is_frozen_when_the_decision_is_issued(decision, commune, vhxh_officer):
    award = _award(decision, CSTDCS)
    lines = {line["code"]: line for line in decision.snapshot["lines"]}
    assert lines[award.code]["certificate"] == "GIẤY CHỨNG NHẬN"
    assert lines[_award(decision, LDTT).code]["certificate"] == ""
    assert lines[_award(decision, GIAY_KHEN).code]["certificate"] == ""
    first = page_texts(certificates.certificate_pdf([award]))
    titles.update_title(_title(commune, CSTDCS), actor=vhxh_officer, certificate_heading="Bằng chứng nhận")
    assert page_texts(certificates.certificate_pdf([award])) == first


def test_the_batch_prints_giay_khen_and_title_certificates_together(decision, vhxh_officer):
    printable = [a for a in decision.awards.select_related("award_form") if printing.has_certificate(a)]
    assert sorted(a.award_form.code for a in printable) == sorted([TTLDTT, CSTDCS, GIAY_KHEN])
    job = printing.start_print(
        decision, actor=vhxh_officer, award_ids=[a.pk for a in printable], mode="full", printer=None
    )
    printing.run_print(job)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    texts = page_texts(job.file.read())
    assert len(texts) == 3
    by_name = {name: next(t for t in texts if name in t) for name in ("Lê Văn Cường", "Nguyễn Văn An 1")}
    assert "GIẤY KHEN" in by_name["Lê Văn Cường"]
    assert "Đã có thành tích xuất sắc" in by_name["Lê Văn Cường"]
    assert "GIẤY CHỨNG NHẬN" in by_name["Nguyễn Văn An 1"]


@pytest.mark.parametrize("mode", ["full", "blank"])
def test_stamped_pages_look_like_the_whole_ones_for_both_kinds(commune, vhxh_officer, emblem, mode):
    decision = titled_decision(vhxh_officer, commune, cstdcs=3)
    awards = [a for a in decision.awards.select_related("award_form") if printing.has_certificate(a)]
    pages = certificates.pages_of(awards)
    # The Giấy khen's design and the titles' (CSTĐCS and TTLĐTT share it).
    assert len({certificates.design_key(page) for page in pages}) == 2
    sheet = sheet_of(mode)
    whole = certificates.whole_pages_pdf(pages, sheet)
    stamped = certificates.stamped_pages_pdf(pages, sheet)
    assert len(design_forms(stamped)) == 2
    for one, other in zip(rasters(whole), rasters(stamped), strict=True):
        assert differing_share(one, other) <= TOLERANCE
    texts = page_texts(stamped)
    assert [sorted(t.split()) for t in texts] == [sorted(t.split()) for t in page_texts(whole)]
    assert sum("Đạt danh hiệu" in text for text in texts) == 4


def test_on_blanks_the_heading_is_left_to_the_blank_unless_the_printer_prints_it(decision):
    award = _award(decision, CSTDCS)
    (text,) = page_texts(certificates.certificate_pdf([award], mode=certificates.BLANK))
    assert "GIẤY CHỨNG NHẬN" not in text
    for line in (
        "CHỨNG NHẬN",
        "Nguyễn Văn An 1",
        "Đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2026",
        DECISION_LINE,
    ):
        assert line in text
    printer = PrinterProfileFactory(preprinted=[])
    (text,) = page_texts(certificates.certificate_pdf([award], mode=certificates.BLANK, printer=printer))
    assert "GIẤY CHỨNG NHẬN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_the_print_page_lists_the_titles_certificates(client_for, vhxh_officer, decision):
    page = (
        client_for(vhxh_officer).get(reverse("awards:certificate_print", args=[decision.pk])).content.decode()
    )
    cstdcs, ttldtt, ldtt = (_award(decision, code) for code in (CSTDCS, TTLDTT, LDTT))
    assert f'id="award-{cstdcs.pk}"' in page
    assert f'id="award-{ttldtt.pk}"' in page
    assert f'id="award-{ldtt.pk}"' not in page
    assert "Giấy chứng nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm 2026" in page
    assert "Giấy chứng nhận danh hiệu “Tập thể lao động tiên tiến” năm 2026" in page
    assert "Giấy khen của Chủ tịch UBND xã" in page
    preview = client_for(vhxh_officer).get(reverse("awards:certificate_preview", args=[cstdcs.pk]))
    assert preview["Content-Disposition"] == f'inline; filename="giay-chung-nhan-{cstdcs.pk}.pdf"'


@pytest.mark.parametrize("count", [1, 8])
def test_the_print_page_queries_do_not_grow(
    client_for, commune, vhxh_officer, count, django_assert_max_num_queries
):
    decision = titled_decision(vhxh_officer, commune, cstdcs=count)
    client = client_for(vhxh_officer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("awards:certificate_print", args=[decision.pk]))
    assert len(response.context["rows"]) == count + 2


def test_the_public_verification_names_the_certificate(client, decision):
    cstdcs, ldtt = _award(decision, CSTDCS), _award(decision, LDTT)
    assert (
        verification.verify_code(cstdcs.code).award_name
        == "Giấy chứng nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm 2026"
    )
    assert verification.verify_code(ldtt.code).award_name == "Danh hiệu Lao động tiên tiến"
    page = client.get(reverse("awards:verify", args=[cstdcs.code])).content.decode()
    assert "Giấy chứng nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm 2026" in page
    assert "Nguyễn Văn An 1" in page
