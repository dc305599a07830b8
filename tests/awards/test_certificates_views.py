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
    upload_emblem,
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
        ("foreign", "is not part of decision 01/QĐ-UBND"),
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


def test_preview_is_one_page_and_only_for_issued_decisions(client_for, chairman, decision, emblem):
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


def test_emblem_upload_accepts_png_and_refuses_others(client_for, vhxh_officer, tmp_path):

    client = client_for(vhxh_officer)
    url = reverse("awards:certificate_design")
    bad = client.post(url, {"emblem": SimpleUploadedFile("quoc-huy.png", b"not a png")})
    assert "is not a real PNG file" in bad.content.decode()
    pdf = client.post(url, {"emblem": SimpleUploadedFile("quoc-huy.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert "must be a PNG or JPEG image" in pdf.content.decode()
    assert not CertificateDesign.objects.exists()

    assert client.post(url, {"emblem": SimpleUploadedFile("quoc-huy.png", PNG)}).status_code == 302
    design = CertificateDesign.current()
    assert design.emblem.name == "certificates/emblem.png"
    assert (tmp_path / "certificates" / "emblem.png").read_bytes() == PNG


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


def _preview(award, **query):
    return reverse("awards:certificate_preview", args=[award.pk]) + ("?mode=blank" if query else "")


def test_preview_refuses_a_revoked_award(client_for, chairman, decision, emblem, vhxh_officer):
    other = issued_decision(vhxh_officer, collectives=0, individuals=1)
    award = decision.awards.order_by("position").first()
    Award.objects.filter(pk=award.pk).update(revoked_by=other)
    client = client_for(chairman)
    for url in (_preview(award), _preview(award, mode="blank")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == _url(decision)
    page = client.get(_url(decision)).content.decode()
    assert f"The award of {award.recipient_name} was revoked by decision 02/QĐ-UBND" in page
    assert _preview(award) not in page  # no preview link for it either


def test_preview_and_print_refuse_the_full_design_without_emblem(client_for, chairman, decision):
    award = decision.awards.order_by("position").first()
    client = client_for(chairman)
    page = client.get(_url(decision)).content.decode()
    assert 'id="emblem-missing"' in page
    assert reverse("awards:certificate_design") in page
    response = client.get(_preview(award))
    assert response["Location"] == _url(decision)
    assert "must carry the national emblem" in client.get(_url(decision)).content.decode()
    response = client.post(_url(decision), {"awards": [award.pk], "mode": "full"})
    assert "must carry the national emblem" in response.content.decode()
    assert not Job.objects.exists()
    blank = client.get(_preview(award, mode="blank"))
    assert award.recipient_name in page_texts(blank.content)[0]


def test_print_page_blocks_a_loopback_site_address_and_warns_in_debug(
    client_for, chairman, decision, emblem, settings
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    award = decision.awards.order_by("position").first()
    client = client_for(chairman)
    page = client.get(_url(decision)).content.decode()
    assert '<div class="alert alert-danger" role="alert" id="site-address">' in page
    assert "SITE_URL is “http://127.0.0.1:8000”" in page
    assert "Print the chosen certificates" in page.split('type="submit" disabled>')[1]
    assert client.get(_preview(award))["Location"] == _url(decision)
    response = client.post(_url(decision), {"awards": [award.pk], "mode": "full"})
    assert "SITE_URL" in response.content.decode()
    assert not Job.objects.exists()

    settings.DEBUG = True
    page = client.get(_url(decision)).content.decode()
    assert '<div class="alert alert-warning" role="alert" id="site-address">' in page
    assert "development mode (DEBUG)" in page
    assert award.recipient_name in page_texts(client.get(_preview(award)).content)[0]


# Each passed the old word filter (no <script>, no on...=, only #/data: links) yet runs or
# loads something: a nested SVG as a data: image, a CSS @import, an animation setting href.
SVG_THAT_PASSED_THE_FILTER = [
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5" fill="red"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://example.invalid/x.css);</style></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
]


@pytest.mark.parametrize("data", SVG_THAT_PASSED_THE_FILTER)
def test_emblem_upload_refuses_every_svg_with_a_clear_message(client_for, vhxh_officer, tmp_path, data):
    client = client_for(vhxh_officer)
    url = reverse("awards:certificate_design")
    response = client.post(url, {"emblem": SimpleUploadedFile("quoc-huy.svg", data)})
    assert response.status_code == 200
    assert (
        "“quoc-huy.svg” is an SVG drawing, which the portal does not accept; export it as a PNG image "
        "of at least 600 × 600 pixels and upload that."
    ) in response.content.decode()
    assert not CertificateDesign.objects.exists()
    assert not (tmp_path / "certificates").exists()


def test_print_page_cards_on_a_phone_name_each_value(client_for, vhxh_officer, decision):
    # On a phone each row is a card whose cells show their column's name: the box to tick says
    # "Print", and a revoked award's empty preview cell says why.
    award = decision.awards.order_by("position").first()
    Award.objects.filter(pk=award.pk).update(revoked_by=decision)
    page = client_for(vhxh_officer).get(_url(decision)).content.decode()
    assert (
        f'<td data-label="Print"><input class="form-check-input" type="checkbox" name="awards" value="{award.pk}"'
        in page
    )
    assert page.count('<td data-label="Print">') == decision.awards.count()
    assert '<span class="text-muted">none: revoked</span>' in page


def test_print_page_opens_on_the_design_it_can_print(client_for, chairman, decision):
    """Without the national emblem the full design is refused: the page opens on the
    pre-printed blanks; with it, on the full design."""
    client = client_for(chairman)
    assert client.get(_url(decision)).context["form"]["mode"].value() == "blank"
    upload_emblem()
    assert client.get(_url(decision)).context["form"]["mode"].value() == "full"
