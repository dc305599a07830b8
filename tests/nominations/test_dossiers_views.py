"""Dossier screens: uploading to a checklist line, downloading, removing evidence, the paper
receipt, and the checklist include."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from nominations.models import Attachment, Nomination, NominationState
from nominations.services.dossiers import add_attachment, checklist
from tests.factories.nominations import NominationFactory, ProposalFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="tờ trình.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def nomination(own_proposal):
    return NominationFactory(proposal=own_proposal)


def _upload_url(proposal, nomination=None, kind=""):
    query = f"?nomination={nomination.pk}&kind={kind}" if nomination else f"?kind={kind}"
    return reverse("nominations:attachment_upload", args=[proposal.pk]) + query


def test_upload_page_says_what_is_accepted_and_offers_the_nomination_lines(
    client_for, unit_staff, nomination
):
    response = client_for(unit_staff).get(_upload_url(nomination.proposal, nomination, "report_scan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Accepted files: PDF, JPEG, PNG, DOCX or XLSX, at most 20,0\xa0MB." in html
    assert [choice for choice, _ in response.context["form"].fields["kind"].choices] == [
        "report_scan",
        "evidence",
    ]
    assert response.context["form"].initial == {"kind": "report_scan"}


def test_upload_page_for_the_proposal_offers_its_lines(client_for, unit_staff, nomination):
    response = client_for(unit_staff).get(_upload_url(nomination.proposal))
    assert [c for c, _ in response.context["form"].fields["kind"].choices] == ["letter_scan", "minutes_scan"]


def test_upload_of_a_nomination_of_another_proposal_is_not_found(
    client_for, unit_staff, own_proposal, other_unit
):
    foreign = NominationFactory(proposal=ProposalFactory(round=own_proposal.round, unit=other_unit))
    response = client_for(unit_staff).get(_upload_url(own_proposal, foreign, "evidence"))
    assert response.status_code == 404


def test_upload_stores_the_file_and_names_it(client_for, unit_staff, nomination):
    response = client_for(unit_staff).post(
        _upload_url(nomination.proposal, nomination),
        {"kind": "report_scan", "upload": pdf("Báo cáo thành tích.pdf")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:nomination_detail", args=[nomination.pk])
    attachment = Attachment.objects.get()
    assert (attachment.nomination, attachment.kind, attachment.original_name) == (
        nomination,
        "report_scan",
        "Báo cáo thành tích.pdf",
    )
    assert flashed(response) == ["Uploaded “Báo cáo thành tích.pdf”."]


def test_upload_of_a_proposal_file_returns_to_the_proposal(client_for, unit_head, nomination):
    response = client_for(unit_head).post(
        _upload_url(nomination.proposal), {"kind": "minutes_scan", "upload": pdf("biên bản.pdf")}
    )
    assert response["Location"] == reverse("nominations:proposal_detail", args=[nomination.proposal_id])
    assert Attachment.objects.get().nomination is None


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        (
            "ảnh.pdf",
            b"\x89PNG\r\n\x1a\n0000",
            "“ảnh.pdf” is not a real PDF file: its content does not match its name.",
        ),
        ("trống.pdf", b"", "“trống.pdf” is empty."),
        ("virus.exe", b"MZ", "“virus.exe”: only PDF, JPEG, PNG, DOCX and XLSX files are accepted."),
    ],
)
def test_refused_upload_shows_the_file_and_reason_and_keeps_nothing(
    client_for, unit_staff, nomination, tmp_path, name, content, error
):
    response = client_for(unit_staff).post(
        _upload_url(nomination.proposal, nomination), {"kind": "evidence", "upload": pdf(name, content)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"upload": [error]}
    assert Attachment.objects.count() == 0
    assert stored_files(tmp_path) == []


def test_upload_to_a_submitted_nomination_is_refused(client_for, unit_staff, own_proposal, tmp_path):
    nomination = NominationFactory(proposal=own_proposal, submitted=True)
    response = client_for(unit_staff).post(
        _upload_url(own_proposal, nomination), {"kind": "evidence", "upload": pdf()}
    )
    assert response.context["form"].errors == {
        "upload": [
            f"The dossier of {nomination.subject_name} is “Submitted”; files can no longer be changed."
        ]
    }
    assert stored_files(tmp_path) == []


def test_other_unit_cannot_upload(client_for, other_staff, nomination, tmp_path):
    response = client_for(other_staff).post(
        _upload_url(nomination.proposal, nomination), {"kind": "evidence", "upload": pdf()}
    )
    assert response.status_code == 403
    assert Attachment.objects.count() == 0
    assert stored_files(tmp_path) == []


@pytest.fixture
def evidence(nomination, unit_staff):
    return add_attachment(
        nomination.proposal,
        actor=unit_staff,
        kind="evidence",
        upload=pdf("minh chứng số 1.pdf"),
        nomination=nomination,
    )


@pytest.mark.parametrize("persona", ["unit_staff", "unit_head", "vhxh_officer", "chairman"])
def test_download_streams_the_file_under_its_vietnamese_name(request, client_for, evidence, persona):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("nominations:attachment_download", args=[evidence.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''minh%20ch%E1%BB%A9ng%20s%E1%BB%91%201.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("persona", ["other_staff", "council_member"])
def test_download_by_someone_else_is_forbidden(request, client_for, evidence, persona):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("nominations:attachment_download", args=[evidence.pk])
    )
    assert response.status_code == 403


def test_remove_evidence(client_for, unit_staff, evidence, nomination):
    response = client_for(unit_staff).post(reverse("nominations:attachment_remove", args=[evidence.pk]))
    assert response["Location"] == reverse("nominations:nomination_detail", args=[nomination.pk])
    assert flashed(response) == ["“minh chứng số 1.pdf” was removed."]
    evidence.refresh_from_db()
    assert evidence.replaced_at is not None


def test_remove_by_another_unit_is_forbidden(client_for, other_staff, evidence):
    response = client_for(other_staff).post(reverse("nominations:attachment_remove", args=[evidence.pk]))
    assert response.status_code == 403
    evidence.refresh_from_db()
    assert evidence.replaced_at is None


def test_paper_receipt_by_the_office(client_for, vhxh_officer, own_proposal):
    response = client_for(vhxh_officer).post(
        reverse("nominations:paper_receipt", args=[own_proposal.pk]), {"copies": "2"}
    )
    assert response["Location"] == reverse("nominations:proposal_detail", args=[own_proposal.pk])
    assert flashed(response) == ["Recorded: 2 paper originals received."]
    own_proposal.refresh_from_db()
    assert (own_proposal.paper_copies_received, own_proposal.paper_received_by) == (2, vhxh_officer)


@pytest.mark.parametrize("copies", ["11", "-1", "hai", ""])
def test_paper_receipt_refuses_a_bad_number(client_for, vhxh_officer, own_proposal, copies):
    response = client_for(vhxh_officer).post(
        reverse("nominations:paper_receipt", args=[own_proposal.pk]), {"copies": copies}
    )
    assert flashed(response) == ["The number of paper originals must be a whole number from 0 to 10."]
    own_proposal.refresh_from_db()
    assert (own_proposal.paper_copies_received, own_proposal.paper_received_at) == (0, None)


def test_paper_receipt_by_the_unit_is_forbidden(client_for, unit_head, own_proposal):
    response = client_for(unit_head).post(
        reverse("nominations:paper_receipt", args=[own_proposal.pk]), {"copies": "2"}
    )
    assert response.status_code == 403
    own_proposal.refresh_from_db()
    assert own_proposal.paper_copies_received == 0


def _render(nomination, user):
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        return render_to_string(
            "nominations/dossiers/_checklist.html",
            {"nomination": nomination, "items": checklist(nomination), "user": user},
            request=request,
        )


def test_checklist_include_marks_missing_lines_and_offers_uploads(nomination, unit_staff, evidence):
    html = _render(nomination, unit_staff)
    assert html.count(">Missing</span>") == 3
    assert html.count("02 paper originals") == 3
    assert reverse("nominations:attachment_download", args=[evidence.pk]) in html
    assert reverse("nominations:attachment_remove", args=[evidence.pk]) in html
    assert f"?nomination={nomination.pk}&amp;kind=report_scan" in html
    assert "?kind=letter_scan" in html
    assert "The paper originals have not been received yet." in html
    assert reverse("nominations:paper_receipt", args=[nomination.proposal_id]) not in html


def test_checklist_include_for_the_office_shows_the_receipt_and_no_upload(nomination, vhxh_officer):
    proposal = nomination.proposal
    proposal.paper_copies_received = 2
    proposal.paper_received_at = timezone.now()
    proposal.save()
    html = _render(nomination, vhxh_officer)
    date = timezone.localtime(proposal.paper_received_at).strftime("%d/%m/%Y")
    assert f"Received 02 paper originals on {date}." in html
    assert reverse("nominations:paper_receipt", args=[proposal.pk]) in html
    assert "/files/new/" not in html


def test_checklist_include_of_a_submitted_nomination_offers_no_upload(own_proposal, unit_staff):
    nomination = NominationFactory(proposal=own_proposal, state=NominationState.SUBMITTED)
    html = _render(nomination, unit_staff)
    assert f"nomination={nomination.pk}" not in html
    # The round is still open, so the proposal's own files may still be uploaded.
    assert "?kind=letter_scan" in html


def test_nomination_page_shows_its_checklist(client_for, unit_staff, nomination, evidence):
    response = client_for(unit_staff).get(reverse("nominations:nomination_detail", args=[nomination.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Achievement report confirmed by the unit (signed scan)" in html
    assert reverse("nominations:attachment_download", args=[evidence.pk]) in html


def _page_queries(client, nomination) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("nominations:nomination_detail", args=[nomination.pk]))
    return len(queries), response.content.decode()


def test_nomination_page_checklist_queries_do_not_grow_with_files(client_for, unit_staff, nomination):
    """Measured at one file and at many: the checklist adds no query per file."""
    client = client_for(unit_staff)

    def add(name):
        add_attachment(
            nomination.proposal, actor=unit_staff, kind="evidence", upload=pdf(name), nomination=nomination
        )

    add("0.pdf")
    one, html = _page_queries(client, nomination)
    assert html.count("bi-paperclip") == 1
    for index in range(1, 12):
        add(f"{index}.pdf")
    many, html = _page_queries(client, nomination)
    assert html.count("bi-paperclip") == 12
    assert many == one


# --- An upload over the limit is stopped while it streams ---------------------------------

LIMIT = 64 * 1024


class _LargestChunkSeen(FileUploadHandler):
    """A probe after the portal's handlers: the most bytes any file reached on the way to
    the storage handlers (what the temporary file would have held)."""

    largest = 0

    def receive_data_chunk(self, raw_data, start):
        _LargestChunkSeen.largest = max(_LargestChunkSeen.largest, start + len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def small_limits(settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = LIMIT
    settings.IMPORT_MAX_BYTES = LIMIT
    settings.UPLOAD_MAX_REQUEST_BYTES = 100 * LIMIT
    # Files above 1 KB go to a temporary file on disk, in a folder the test can watch.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    # The portal's handlers, with the probe just before the ones that store the file.
    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    handlers.insert(
        handlers.index("django.core.files.uploadhandler.MemoryFileUploadHandler"),
        f"{__name__}._LargestChunkSeen",
    )
    settings.FILE_UPLOAD_HANDLERS = handlers
    _LargestChunkSeen.largest = 0
    return tmp_path / "upload-tmp"


def test_a_file_over_the_limit_is_stopped_while_it_streams(client_for, unit_staff, nomination, small_limits):
    big = PDF[:-6] + b"0" * (20 * LIMIT) + b"\n%%EOF\n"
    url = _upload_url(nomination.proposal, nomination, kind="report_scan")
    response = client_for(unit_staff).post(url, {"kind": "report_scan", "upload": pdf("Báo cáo.pdf", big)})
    assert (response.status_code, response["Location"]) == (303, url)
    assert flashed(response) == [
        "“Báo cáo.pdf” is larger than the limit of 64,0\xa0KB; the upload was stopped and nothing was saved."
    ]
    assert _LargestChunkSeen.largest <= LIMIT
    assert list(small_limits.iterdir()) == []
    assert not Attachment.objects.exists()


def test_a_request_longer_than_the_limit_is_not_read_at_all(
    client_for, unit_staff, nomination, small_limits, settings
):
    settings.UPLOAD_MAX_REQUEST_BYTES = 2 * LIMIT
    big = PDF[:-6] + b"0" * (3 * LIMIT) + b"\n%%EOF\n"
    url = _upload_url(nomination.proposal, nomination, kind="report_scan")
    response = client_for(unit_staff).post(url, {"kind": "report_scan", "upload": pdf("Báo cáo.pdf", big)})
    assert (response.status_code, response["Location"]) == (303, url)
    assert flashed(response) == [
        "The upload (192,2\xa0KB) is larger than the limit of 128,0\xa0KB; it was stopped and nothing was saved."
    ]
    body = response.wsgi_request.META["wsgi.input"]
    assert len(body) > 3 * LIMIT  # still unread
    assert _LargestChunkSeen.largest == 0
    assert not Attachment.objects.exists()


def test_the_stopped_upload_is_told_on_the_upload_page_in_vietnamese(
    client_for, unit_staff, nomination, small_limits
):
    big = PDF[:-6] + b"0" * (2 * LIMIT) + b"\n%%EOF\n"
    client = client_for(unit_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    url = _upload_url(nomination.proposal, nomination, kind="report_scan")
    response = client.post(url, {"kind": "report_scan", "upload": pdf("Báo cáo.pdf", big)}, follow=True)
    assert response.redirect_chain == [(url, 303)]
    assert "“Báo cáo.pdf” lớn hơn giới hạn 64,0\xa0KB; việc tải lên đã dừng và chưa có gì được lưu." in (
        response.content.decode()
    )
    assert not Attachment.objects.exists()


def test_a_file_within_the_limit_still_uploads(client_for, unit_staff, nomination, small_limits):
    content = PDF[:-6] + b"0" * (LIMIT // 2) + b"\n%%EOF\n"
    response = client_for(unit_staff).post(
        _upload_url(nomination.proposal, nomination),
        {"kind": "report_scan", "upload": pdf("Báo cáo.pdf", content)},
    )
    assert response.status_code == 302
    assert Attachment.objects.get().file.size == len(content)


def test_a_letter_signed_before_a_nomination_was_added_is_flagged_on_it(client_for, unit_staff, nomination):
    # The signed Tờ trình still counts for a nomination added after it, but its page warns.
    client = client_for(unit_staff)
    client.post(_upload_url(nomination.proposal), {"kind": "letter_scan", "upload": pdf()})
    earlier = client.get(nomination.get_absolute_url()).content.decode()
    assert f'id="predates-{nomination.pk}-letter_scan"' not in earlier
    later = NominationFactory(proposal=nomination.proposal)
    signed = Attachment.objects.get().uploaded_at
    Nomination.objects.filter(pk=later.pk).update(created_at=signed + datetime.timedelta(hours=1))
    later.refresh_from_db()
    page = client.get(later.get_absolute_url()).content.decode()
    assert (
        f'<span class="badge text-bg-warning text-wrap text-start" id="predates-{later.pk}-letter_scan">Signed before this nomination '
        "was added: check that it names it, or upload the new one</span>"
    ) in page
    letter = next(item for item in checklist(later) if item.kind == "letter_scan")
    assert (letter.present, letter.predates) == (True, True)
    assert not next(item for item in checklist(nomination) if item.kind == "letter_scan").predates
