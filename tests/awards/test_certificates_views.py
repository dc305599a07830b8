"""The certificate pages: the batch form of a decision (refusals change nothing; the happy
path ends with a done job holding one page per chosen award), the preview, the printers and
their calibration page, the emblem upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import Award, CertificateDesign, DecisionState, PrinterProfile
from tests.factories.decisions import (
    PrinterProfileFactory,
    adhoc_shortlist,
    drafted_decision,
    issued_decision,
)
from thiduaportal.models import Job, JobState

from .test_certificates import PNG, page_sizes, page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def decision(commune, vhxh_officer):
    return issued_decision(vhxh_officer, collectives=1, individuals=2)


def _url(decision):
    return reverse("awards:certificate_print", args=[decision.pk])


def test_form_lists_awards_ticked_except_revoked(client_for, vhxh_officer, decision):
    awards = list(decision.awards.order_by("position"))
    Award.objects.filter(pk=awards[1].pk).update(revoked_by=decision)
    page = client_for(vhxh_officer).get(_url(decision)).content.decode()
    assert f'value="{awards[0].pk}" id="id_awards_{awards[0].pk}" checked' in page
    assert f'value="{awards[1].pk}" id="id_awards_{awards[1].pk}" aria-label' in page
    assert "Revoked" in page
    assert reverse("awards:certificate_preview", args=[awards[2].pk]) in page
    assert reverse("awards:printer_list") in page


def test_print_creates_job_that_ends_with_one_page_per_award(
    client_for, vhxh_officer, decision, django_capture_on_commit_callbacks
):
    awards = list(decision.awards.order_by("position"))
    printer = PrinterProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(vhxh_officer).post(
            _url(decision), {"awards": [a.pk for a in awards[:2]], "mode": "blank", "printer": printer.pk}
        )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.params == {
        "decision": decision.pk,
        "awards": [a.pk for a in awards[:2]],
        "mode": "blank",
        "printer": printer.pk,
        "task": "nominations.tasks.task_print_certificates",
    }
    assert (job.state, job.progress, job.filename, job.owner) == (
        JobState.DONE,
        100,
        "giay-khen-qd-1-2026.pdf",
        vhxh_officer,
    )
    data = job.file.read()
    assert page_sizes(data) == [(841.89, 595.276)] * 2
    texts = page_texts(data)
    assert awards[0].recipient_name in texts[0]
    assert awards[1].recipient_name in texts[1]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("none chosen", "Choose at least one certificate to print."),
        ("foreign", "is not part of decision 1/QĐ-UBND"),
        ("not a number", "Choose the certificates from the list."),
    ],
)
def test_refusals_create_no_job(client_for, vhxh_officer, decision, case, message):
    ids = {
        "none chosen": [],
        "foreign": [decision.awards.first().pk, Award.objects.order_by("-pk").first().pk + 1],
        "not a number": ["x"],
    }[case]
    response = client_for(vhxh_officer).post(_url(decision), {"awards": ids, "mode": "full"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_unissued_decision_is_refused(client_for, vhxh_officer, commune):
    draft = drafted_decision(adhoc_shortlist(), vhxh_officer)
    client = client_for(vhxh_officer)
    page = client.get(_url(draft)).content.decode()
    assert "The decision is not issued yet" in page
    response = client.post(_url(draft), {"awards": [1], "mode": "full"})
    assert response.status_code == 200
    assert "The decision is not issued yet" in response.content.decode()
    assert not Job.objects.exists()


def test_preview_is_one_page_and_only_for_issued_decisions(client_for, chairman, decision):
    award = decision.awards.order_by("position").first()
    response = client_for(chairman).get(reverse("awards:certificate_preview", args=[award.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    texts = page_texts(response.content)
    assert len(texts) == 1
    assert award.recipient_name in texts[0]
    decision.state = DecisionState.DISCARDED
    decision.save(update_fields=["state"])
    assert client_for(chairman).get(reverse("awards:certificate_preview", args=[award.pk])).status_code == 404


def test_printer_create_edit_and_calibration(client_for, vhxh_officer):
    client = client_for(vhxh_officer)
    response = client.post(
        reverse("awards:printer_create"),
        {"name": "  HP  LaserJet ", "offset_x_mm": "2.5", "offset_y_mm": "-1"},
    )
    assert response["Location"] == reverse("awards:printer_list")
    printer = PrinterProfile.objects.get()
    assert (printer.name, str(printer.offset_x_mm), str(printer.offset_y_mm)) == (
        "HP LaserJet",
        "2.5",
        "-1.0",
    )
    response = client.post(
        reverse("awards:printer_edit", args=[printer.pk]),
        {"name": "HP LaserJet", "offset_x_mm": "80", "offset_y_mm": "0"},
    )
    assert "An offset of more than 50 mm" in response.content.decode()
    printer.refresh_from_db()
    assert str(printer.offset_x_mm) == "2.5"
    calibration = client.get(reverse("awards:printer_calibration", args=[printer.pk]))
    assert "dịch sang phải 2,5 mm" in page_texts(calibration.content)[0]
    assert "HP LaserJet" in client.get(reverse("awards:printer_list")).content.decode()


def test_emblem_upload_accepts_png_and_svg_refuses_others(client_for, vhxh_officer, tmp_path):

    client = client_for(vhxh_officer)
    url = reverse("awards:certificate_design")
    bad = client.post(url, {"emblem": SimpleUploadedFile("quoc-huy.png", b"not a png")})
    assert "is not a real PNG file" in bad.content.decode()
    pdf = client.post(url, {"emblem": SimpleUploadedFile("quoc-huy.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert "must be a PNG, JPEG or SVG image" in pdf.content.decode()
    svg = client.post(url, {"emblem": SimpleUploadedFile("x.svg", b"<svg><script>alert(1)</script></svg>")})
    assert "is not a plain SVG image" in svg.content.decode()
    assert not CertificateDesign.objects.exists()

    assert client.post(url, {"emblem": SimpleUploadedFile("quoc-huy.png", PNG)}).status_code == 302
    design = CertificateDesign.current()
    assert design.emblem.name == "certificates/emblem.png"
    assert (tmp_path / "certificates" / "emblem.png").read_bytes() == PNG
    svg_data = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5" fill="red"/></svg>'
    assert client.post(url, {"emblem": SimpleUploadedFile("quoc-huy.svg", svg_data)}).status_code == 302
    assert CertificateDesign.current().emblem.name == "certificates/emblem.svg"
    assert not (tmp_path / "certificates" / "emblem.png").exists()
    assert "data:image/svg+xml;base64," in client.get(url).content.decode()


def test_print_page_labels_are_vietnamese(client, chairman, decision):
    client.force_login(chairman)
    page = client.get(_url(decision)).content.decode()
    assert '<html lang="vi">' in page
    for label in (
        "In trên",
        "Mẫu đầy đủ (viền và Quốc huy) trên giấy trắng",
        "Chỉ in chữ lên phôi in sẵn",
        "Máy in (khi in phôi)",
        "Không hiệu chỉnh",
    ):
        assert label in page
    for english in ("Print on", "Full design", "Text only", "Printer (for blanks)", "No offsets"):
        assert english not in page
