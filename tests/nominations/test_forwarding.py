"""The package forwarded to the city: only accepted or shortlisted nominations for a city
award; the UBND's Tờ trình names them and the province; the list, the reports and the
uploaded files byte for byte; a round without such nominations is refused clearly."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from council.models import CouncilSession, CouncilTerm, SessionState
from council.services.minutes import attach_minutes_scan
from demo.nominations import scan_pdf
from nominations.models import Attachment, AttachmentKind, NominationState
from nominations.services import forwarding
from tests.factories import CadreFactory, UnitFactory, UserFactory
from tests.factories.nominations import AwardFormFactory, NominationFactory, ProposalFactory, RoundFactory
from tests.nominations.test_documents import assert_layout, pdf_text

pytestmark = pytest.mark.django_db
SCAN = b"%PDF-1.7\n% signed report scan \xe2\x80\x94 bytes kept as uploaded\n%%EOF\n"
CITY_AWARD = "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố Hà Nội"  # the seeded form, in full
PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg, but bytes all the same\xff\xd9"


def _attach(nomination, kind, name, content, *, replaced=False):
    attachment = Attachment(
        proposal=nomination.proposal,
        nomination=nomination,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        uploaded_by=UserFactory(),
        replaced_at=timezone.now() if replaced else None,
    )
    attachment.file.save("upload.bin", ContentFile(content), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def city_round(commune):
    commune.province = "Thành phố Hà Nội"
    commune.chairman_name = "Lý Văn Dũng"
    commune.save()
    city, local = AwardFormFactory(city=True), AwardFormFactory()
    round_ = RoundFactory(award_forms=[city, local], state="review")
    unit = UnitFactory(name="Trường Tiểu học Thượng Phúc")
    proposal = ProposalFactory(round=round_, unit=unit)
    person = NominationFactory(
        proposal=proposal,
        subject_cadre=CadreFactory(unit=unit, full_name="Đặng Thị Hồng Nhung", position="Giáo viên"),
        award_form=city,
        state=NominationState.ACCEPTED,
        summary="Đã có thành tích xuất sắc trong công tác giáo dục năm học 2025-2026",
    )
    NominationFactory(proposal=proposal, collective=True, award_form=city, state=NominationState.SHORTLISTED)
    # Not forwarded: a commune award, a draft, a rejected city nomination.
    NominationFactory(proposal=proposal, award_form=local, state=NominationState.ACCEPTED)
    NominationFactory(proposal=proposal, award_form=city, state=NominationState.DRAFT)
    NominationFactory(proposal=proposal, award_form=city, state=NominationState.REJECTED)
    _attach(person, AttachmentKind.REPORT_SCAN, "Báo cáo cũ.pdf", b"old", replaced=True)
    _attach(person, AttachmentKind.REPORT_SCAN, "Báo cáo thành tích (đã ký).pdf", SCAN)
    _attach(person, AttachmentKind.EVIDENCE, "Ảnh minh chứng.jpg", PHOTO)
    _attach(person, AttachmentKind.EVIDENCE, "ảnh minh chứng.JPG", b"second photo")
    return round_


def _unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        return {name: archive.read(name) for name in archive.namelist()}


def test_package_holds_the_four_parts(city_round):
    filename, content = forwarding.build_package(city_round)

    files = _unzip(content)
    assert filename == "ho-so-de-nghi-thanh-pho-khen-thuong-hang-nam-2026.zip"
    assert sorted(files) == [
        "01-to-trinh-ubnd.pdf",
        "02-danh-sach.xlsx",
        "03-bao-cao/01-truong-tieu-hoc-thuong-phuc.pdf",
        "03-bao-cao/02-dang-thi-hong-nhung.pdf",
        "04-ban-scan/02-dang-thi-hong-nhung/anh-minh-chung-2.jpg",
        "04-ban-scan/02-dang-thi-hong-nhung/anh-minh-chung.jpg",
        "04-ban-scan/02-dang-thi-hong-nhung/bao-cao-thanh-tich-da-ky.pdf",
    ]
    scans = "04-ban-scan/02-dang-thi-hong-nhung/"
    assert files[scans + "bao-cao-thanh-tich-da-ky.pdf"] == SCAN
    assert files[scans + "anh-minh-chung.jpg"] == PHOTO
    assert files[scans + "anh-minh-chung-2.jpg"] == b"second photo"
    assert "Họ và tên: Đặng Thị Hồng Nhung" in pdf_text(files["03-bao-cao/02-dang-thi-hong-nhung.pdf"])


def test_letter_is_the_ubnd_s_to_trinh_to_the_city(city_round):
    data = _unzip(forwarding.build_package(city_round)[1])["01-to-trinh-ubnd.pdf"]
    letter = pdf_text(data)

    assert_layout(data)

    assert "Số: /TTr-UBND" in letter
    assert "TỜ TRÌNH" in letter
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hà Nội (qua Sở Nội vụ)" in letter
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in letter
    assert f"tặng {CITY_AWARD} cho 01 tập thể và 01 cá nhân" in letter
    assert "1 Trường Tiểu học Thượng Phúc xã An Bình" in letter
    assert f"2 Đặng Thị Hồng Nhung Giáo viên Trường Tiểu học Thượng Phúc xã An Bình {CITY_AWARD}" in letter
    assert "Nơi nhận: - Như trên; - Lưu: VT, VHXH. TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lý Văn Dũng" in letter


def test_list_has_one_row_per_candidate(city_round):
    workbook = load_workbook(io.BytesIO(_unzip(forwarding.build_package(city_round)[1])["02-danh-sach.xlsx"]))

    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows == [
        (
            "STT",
            "Tên tập thể, họ và tên cá nhân",
            "Chức vụ, đơn vị",
            "Hình thức khen thưởng",
            "Tóm tắt thành tích",
        ),
        (
            1,
            "Trường Tiểu học Thượng Phúc xã An Bình",
            None,
            CITY_AWARD,
            "Đã có thành tích xuất sắc trong công tác CCHC năm 2026",
        ),
        (
            2,
            "Đặng Thị Hồng Nhung",
            "Giáo viên Trường Tiểu học Thượng Phúc xã An Bình",
            CITY_AWARD,
            "Đã có thành tích xuất sắc trong công tác giáo dục năm học 2025-2026",
        ),
    ]


def test_round_without_city_nominations_is_refused(commune):
    round_ = RoundFactory()
    NominationFactory(proposal=ProposalFactory(round=round_), state=NominationState.ACCEPTED)

    with pytest.raises(
        forwarding.ForwardingError, match="no accepted or shortlisted nomination for a city award"
    ):
        forwarding.build_package(round_)


def test_missing_file_is_named(city_round):
    attachment = Attachment.objects.get(original_name="Ảnh minh chứng.jpg")
    attachment.file.delete(save=False)

    with pytest.raises(forwarding.ForwardingError, match="“Ảnh minh chứng.jpg” of Đặng Thị Hồng Nhung"):
        forwarding.build_package(city_round)


def test_page_lists_candidates_and_the_post_downloads_the_zip(client_for, vhxh_officer, city_round):
    client = client_for(vhxh_officer)
    url = reverse("nominations:forwarding_package", args=[city_round.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert [item.line.name for item in page.context["items"]] == [
        "Trường Tiểu học Thượng Phúc xã An Bình",
        "Đặng Thị Hồng Nhung",
    ]
    assert page.context["scans"] == 3
    download = client.post(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"] == (
        'attachment; filename="ho-so-de-nghi-thanh-pho-khen-thuong-hang-nam-2026.zip"'
    )
    assert "01-to-trinh-ubnd.pdf" in _unzip(download.content)


def test_page_without_candidates_says_so_and_gives_no_zip(client_for, vhxh_officer, commune):
    client = client_for(vhxh_officer)
    url = reverse("nominations:forwarding_package", args=[RoundFactory().pk])

    page = client.get(url)
    assert "there is nothing to forward" in page.content.decode()
    assert "Download the package" not in page.content.decode()
    refused = client.post(url, follow=True)
    assert refused.redirect_chain == [(url, 302)]
    assert [str(m) for m in refused.context["messages"]] == [
        "This round has no accepted or shortlisted nomination for a city award: there is nothing to forward."
    ]


def test_only_the_office_may_download(client_for, chairman, city_round):
    url = reverse("nominations:forwarding_package", args=[city_round.pk])

    assert client_for(chairman).post(url).status_code == 403


def _unit_scan(proposal, kind, name, content, *, replaced=False):
    attachment = Attachment(
        proposal=proposal,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        uploaded_by=UserFactory(),
        replaced_at=timezone.now() if replaced else None,
    )
    attachment.file.save("upload.bin", ContentFile(content), save=False)
    attachment.save()
    return attachment


def test_package_holds_the_units_signed_letter_and_minutes(city_round):
    proposal = city_round.proposals.get()
    _unit_scan(proposal, AttachmentKind.LETTER_SCAN, "Tờ trình cũ.pdf", b"old letter", replaced=True)
    _unit_scan(proposal, AttachmentKind.LETTER_SCAN, "Tờ trình (đã ký).pdf", b"signed letter")
    _unit_scan(proposal, AttachmentKind.MINUTES_SCAN, "Biên bản họp xét.PDF", b"signed minutes")

    files = _unzip(forwarding.build_package(city_round)[1])

    folder = "05-ho-so-don-vi/truong-tieu-hoc-thuong-phuc/"
    assert files[folder + "to-trinh.pdf"] == b"signed letter"
    assert files[folder + "bien-ban-hop-xet.pdf"] == b"signed minutes"
    assert b"old letter" not in files.values()


@pytest.fixture
def final_session(city_round):
    term = CouncilTerm.objects.create(
        title="Hội đồng nhiệm kỳ 2025–2030", starts_on=datetime.date(2025, 7, 1)
    )
    meets_at = timezone.make_aware(datetime.datetime(2026, 12, 28, 14, 0))
    return CouncilSession.objects.create(
        round=city_round,
        term=term,
        title="Phiên họp xét khen thưởng hằng năm 2026",
        meets_at=meets_at,
        state=SessionState.FINAL,
        finalised_at=meets_at + datetime.timedelta(hours=2),
        created_by=UserFactory(),
    )


def test_package_holds_the_printed_council_minutes_of_a_final_session(city_round, final_session):
    files = _unzip(forwarding.build_package(city_round)[1])

    minutes = pdf_text(files["06-bien-ban-hoi-dong/bien-ban-hop-hoi-dong.pdf"])
    assert "BIÊN BẢN" in minutes
    assert "Thời gian: 14 giờ 00 phút, ngày 28 tháng 12 năm 2026." in minutes


def test_package_holds_the_signed_council_minutes_when_uploaded(city_round, final_session):
    signed = scan_pdf("Bien ban hop Hoi dong", "(Da ky)")
    upload = SimpleUploadedFile("biên bản đã ký.pdf", signed, content_type="application/pdf")
    attach_minutes_scan(final_session, actor=UserFactory(), upload=upload)

    files = _unzip(forwarding.build_package(city_round)[1])

    assert files["06-bien-ban-hoi-dong/bien-ban-hop-hoi-dong-da-ky.pdf"] == signed
    assert "06-bien-ban-hoi-dong/bien-ban-hop-hoi-dong.pdf" not in files


def test_package_without_a_council_session_has_no_minutes(city_round):
    files = _unzip(forwarding.build_package(city_round)[1])

    assert not [name for name in files if name.startswith("06-bien-ban-hoi-dong/")]


def test_city_letter_is_worded_for_the_movement_and_attaches_the_list(city_round):
    text = pdf_text(_unzip(forwarding.build_package(city_round)[1])["01-to-trinh-ubnd.pdf"])

    assert (
        f"Về việc đề nghị tặng {CITY_AWARD} cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong "
        "trào thi đua “Cải cách hành chính đồng bộ – Chính quyền phục vụ nhân dân” năm 2026 Kính gửi:"
    ) in text
    assert "quyết định./. Nơi nhận:" in text
    assert (
        "Lý Văn Dũng DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG (Kèm theo Tờ trình số /TTr-UBND ngày / /2026 của Ủy ban "
        "nhân dân xã An Bình)"
    ) in text
    assert "Khen thưởng hằng năm 2026" not in text
