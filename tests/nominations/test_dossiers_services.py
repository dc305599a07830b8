"""The dossier checklist per route, attachments (checks, replacement, removal) and the paper
receipt, through `nominations.services.dossiers`."""

import unicodedata
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from nominations.models import Attachment, AttachmentKind, NominationState, RoundKind, RoundState
from nominations.services import NominationError
from nominations.services.dossiers import (
    add_attachment,
    checklist,
    checklists_many,
    missing_items,
    paper_copies_required,
    record_paper_receipt,
    remove_attachment,
)
from tests.factories.nominations import NominationFactory, ProposalFactory, RoundFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"\x00\x00\x00\x00IEND\xaeB`\x82"

LETTER = "Tờ trình of the unit (signed scan)"
MINUTES = "Minutes of the unit's selection meeting (signed scan)"
REPORT = "Achievement report confirmed by the unit (signed scan)"
SHORT_REPORT = "Short achievement report (signed scan)"
EVIDENCE = "Evidence (if any)"


@pytest.fixture(autouse=True)
def _english_and_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def pdf(name="tờ trình.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


@pytest.fixture
def nomination(own_proposal):
    return NominationFactory(proposal=own_proposal)


def _lines(items):
    return [(i.code, i.label, i.required, i.copies, i.present) for i in items]


@pytest.mark.parametrize("kind", [RoundKind.ANNUAL, RoundKind.MIDTERM, RoundKind.FINAL])
def test_checklist_of_a_campaign_round_is_the_unit_to_vhxh_route(kind, own_unit):
    nomination = NominationFactory(proposal=ProposalFactory(round=RoundFactory(kind=kind), unit=own_unit))
    assert _lines(checklist(nomination)) == [
        ("letter", LETTER, True, 2, False),
        ("minutes", MINUTES, True, 2, False),
        ("report", REPORT, True, 2, False),
        ("evidence", EVIDENCE, False, 0, False),
    ]
    assert paper_copies_required(nomination.round) == 2


def test_checklist_of_an_adhoc_round(own_unit):
    nomination = NominationFactory(proposal=ProposalFactory(round=RoundFactory(adhoc=True), unit=own_unit))
    assert _lines(checklist(nomination)) == [
        ("letter", LETTER, True, 2, False),
        ("short_report", SHORT_REPORT, True, 2, False),
        ("evidence", EVIDENCE, False, 0, False),
    ]
    assert paper_copies_required(nomination.round) == 2
    assert missing_items(nomination) == [LETTER, SHORT_REPORT]


def test_missing_items_shrink_as_files_arrive(nomination, unit_staff):
    proposal = nomination.proposal
    assert missing_items(nomination) == [LETTER, MINUTES, REPORT]
    add_attachment(proposal, actor=unit_staff, kind=AttachmentKind.LETTER_SCAN, upload=pdf())
    add_attachment(proposal, actor=unit_staff, kind="evidence", upload=pdf("ảnh.pdf"), nomination=nomination)
    assert missing_items(nomination) == [MINUTES, REPORT]
    add_attachment(proposal, actor=unit_staff, kind="minutes_scan", upload=pdf("biên bản.pdf"))
    add_attachment(
        proposal, actor=unit_staff, kind="report_scan", upload=pdf("bc.pdf"), nomination=nomination
    )
    assert missing_items(nomination) == []


def test_proposal_files_show_on_every_nomination_and_reports_only_on_their_own(nomination, unit_staff):
    sibling = NominationFactory(proposal=nomination.proposal)
    letter = add_attachment(nomination.proposal, actor=unit_staff, kind="letter_scan", upload=pdf())
    report = add_attachment(
        nomination.proposal, actor=unit_staff, kind="report_scan", upload=pdf("bc.pdf"), nomination=nomination
    )
    mine, theirs = checklists_many([nomination, sibling]).values()
    assert [item.attachments for item in mine] == [[letter], [], [report], []]
    assert [item.attachments for item in theirs] == [[letter], [], [], []]


def test_attachment_is_stored_under_a_random_name_with_the_nfc_name_kept(nomination, unit_staff, tmp_path):
    decomposed = unicodedata.normalize("NFD", "Báo cáo thành tích.pdf")
    attachment = add_attachment(
        nomination.proposal,
        actor=unit_staff,
        kind="report_scan",
        upload=pdf(decomposed),
        nomination=nomination,
    )
    assert attachment.original_name == unicodedata.normalize("NFC", "Báo cáo thành tích.pdf")
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.uploaded_by == unit_staff
    assert attachment.file.name.startswith(f"dossiers/{nomination.proposal_id}/")
    assert attachment.file.name.endswith(".pdf")
    assert "thanh" not in attachment.file.name
    assert stored_files(tmp_path) == [attachment.file.name]


def test_new_scan_replaces_the_current_one_and_keeps_it(nomination, unit_staff, tmp_path):
    first = add_attachment(nomination.proposal, actor=unit_staff, kind="letter_scan", upload=pdf("v1.pdf"))
    second = add_attachment(nomination.proposal, actor=unit_staff, kind="letter_scan", upload=pdf("v2.pdf"))
    first.refresh_from_db()
    assert first.replaced_at is not None
    assert Attachment.objects.get(pk=second.pk).replaced_at is None
    assert checklist(nomination)[0].attachments == [second]
    assert stored_files(tmp_path) == sorted([first.file.name, second.file.name])


def test_report_scans_replace_per_nomination_only(nomination, unit_staff):
    sibling = NominationFactory(proposal=nomination.proposal)
    mine = add_attachment(
        nomination.proposal, actor=unit_staff, kind="report_scan", upload=pdf(), nomination=nomination
    )
    add_attachment(
        nomination.proposal, actor=unit_staff, kind="report_scan", upload=pdf(), nomination=sibling
    )
    mine.refresh_from_db()
    assert mine.replaced_at is None


def test_evidence_files_accumulate(nomination, unit_staff):
    one = add_attachment(
        nomination.proposal, actor=unit_staff, kind="evidence", upload=pdf("1.pdf"), nomination=nomination
    )
    two = add_attachment(
        nomination.proposal, actor=unit_staff, kind="evidence", upload=pdf("2.pdf"), nomination=nomination
    )
    assert checklist(nomination)[3].attachments == [one, two]
    assert checklist(nomination)[3].present is True


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao cao.pdf", PNG, "“bao cao.pdf” is not a real PDF file: its content does not match its name."),
        ("trống.pdf", b"", "“trống.pdf” is empty."),
        ("setup.exe", b"MZ\x90\x00", "“setup.exe”: only PDF, JPEG, PNG, DOCX and XLSX files are accepted."),
        ("lớn.pdf", PDF + b"x" * 100, "“lớn.pdf” is too large (141\xa0bytes); the limit is 100\xa0bytes."),
    ],
    ids=["renamed type", "empty", "exe", "oversized"],
)
def test_rejected_upload_leaves_nothing_behind(
    nomination, unit_staff, settings, tmp_path, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 100
    current = add_attachment(
        nomination.proposal, actor=unit_staff, kind="letter_scan", upload=pdf("ok.pdf", PDF)
    )
    with pytest.raises(NominationError) as error:
        add_attachment(nomination.proposal, actor=unit_staff, kind="letter_scan", upload=pdf(name, content))
    assert str(error.value) == message
    assert error.value.field == "upload"
    assert list(Attachment.objects.values_list("pk", "replaced_at")) == [(current.pk, None)]
    assert stored_files(tmp_path) == [current.file.name]


@pytest.mark.parametrize(
    ("kind", "on_nomination", "field", "message"),
    [
        ("report_scan", False, "nomination", f"{REPORT} belongs to one nomination: choose it."),
        ("evidence", False, "nomination", f"{EVIDENCE} belongs to one nomination: choose it."),
        (
            "letter_scan",
            True,
            "nomination",
            f"{LETTER} belongs to the whole proposal, not to one nomination.",
        ),
        (
            "minutes_scan",
            True,
            "nomination",
            f"{MINUTES} belongs to the whole proposal, not to one nomination.",
        ),
        ("photo", False, "kind", "Choose what the file is."),
    ],
)
def test_kind_and_level_must_match(nomination, unit_staff, tmp_path, kind, on_nomination, field, message):
    with pytest.raises(NominationError) as error:
        add_attachment(
            nomination.proposal,
            actor=unit_staff,
            kind=kind,
            upload=pdf(),
            nomination=nomination if on_nomination else None,
        )
    assert (error.value.field, str(error.value)) == (field, message)
    assert Attachment.objects.count() == 0
    assert stored_files(tmp_path) == []


def test_minutes_are_not_part_of_an_adhoc_dossier(own_unit, unit_staff):
    proposal = ProposalFactory(round=RoundFactory(adhoc=True), unit=own_unit)
    NominationFactory(proposal=proposal)
    with pytest.raises(NominationError) as error:
        add_attachment(proposal, actor=unit_staff, kind="minutes_scan", upload=pdf())
    assert (
        str(error.value)
        == "“Signed minutes of the unit's selection meeting (scan)” is not part of the dossier in this round."
    )
    assert error.value.field == "kind"


def test_nomination_must_belong_to_the_proposal(nomination, unit_staff, other_unit, tmp_path):
    foreign = NominationFactory(proposal=ProposalFactory(round=nomination.round, unit=other_unit))
    with pytest.raises(NominationError) as error:
        add_attachment(
            nomination.proposal, actor=unit_staff, kind="evidence", upload=pdf(), nomination=foreign
        )
    assert str(error.value) == "This nomination is not part of this proposal."
    assert stored_files(tmp_path) == []


@pytest.mark.parametrize(
    "state", [NominationState.SUBMITTED, NominationState.ACCEPTED, NominationState.WITHDRAWN]
)
def test_files_of_a_nomination_out_of_the_units_hands_are_refused(own_proposal, unit_staff, tmp_path, state):
    nomination = NominationFactory(proposal=own_proposal, state=state)
    with pytest.raises(NominationError) as error:
        add_attachment(
            own_proposal, actor=unit_staff, kind="report_scan", upload=pdf(), nomination=nomination
        )
    label = NominationState(state).label
    assert str(error.value) == (
        f"The dossier of {nomination.subject_name} is “{label}”; files can no longer be changed."
    )
    assert stored_files(tmp_path) == []


def test_returned_nomination_takes_files_again(own_proposal, unit_staff):
    nomination = NominationFactory(proposal=own_proposal, state=NominationState.RETURNED)
    attachment = add_attachment(
        own_proposal, actor=unit_staff, kind="report_scan", upload=pdf(), nomination=nomination
    )
    assert attachment.nomination == nomination


def test_proposal_files_while_the_round_is_open_even_if_all_are_submitted(own_proposal, unit_staff):
    NominationFactory(proposal=own_proposal, submitted=True)
    letter = add_attachment(own_proposal, actor=unit_staff, kind="letter_scan", upload=pdf())
    assert letter.nomination is None


def test_proposal_files_after_the_deadline_only_while_a_nomination_is_open(own_unit, unit_staff, tmp_path):
    proposal = ProposalFactory(round=RoundFactory(state=RoundState.REVIEW), unit=own_unit)
    submitted = NominationFactory(proposal=proposal, submitted=True)
    with pytest.raises(NominationError) as error:
        add_attachment(proposal, actor=unit_staff, kind="minutes_scan", upload=pdf())
    assert str(error.value) == (
        f"{MINUTES}: the round no longer accepts files and no nomination is open for revision."
    )
    assert stored_files(tmp_path) == []
    assert [item.accepts_files for item in checklist(submitted)] == [False, False, False, False]
    returned = NominationFactory(proposal=proposal, state=NominationState.RETURNED)
    add_attachment(proposal, actor=unit_staff, kind="minutes_scan", upload=pdf())
    assert [item.accepts_files for item in checklist(returned)] == [True, True, True, True]
    assert [item.accepts_files for item in checklist(submitted)] == [True, True, False, False]


def test_remove_evidence_keeps_the_row_and_the_file(nomination, unit_staff, tmp_path):
    evidence = add_attachment(
        nomination.proposal, actor=unit_staff, kind="evidence", upload=pdf(), nomination=nomination
    )
    removed = remove_attachment(evidence, actor=unit_staff)
    assert removed.replaced_at is not None
    assert checklist(nomination)[3].attachments == []
    assert stored_files(tmp_path) == [evidence.file.name]
    with pytest.raises(NominationError) as error:
        remove_attachment(evidence, actor=unit_staff)
    assert str(error.value) == "“tờ trình.pdf” was already removed."


def test_scans_are_replaced_not_removed(nomination, unit_staff):
    letter = add_attachment(nomination.proposal, actor=unit_staff, kind="letter_scan", upload=pdf())
    with pytest.raises(NominationError) as error:
        remove_attachment(letter, actor=unit_staff)
    assert str(error.value) == "A signed scan cannot be removed; upload a new scan to replace it."
    assert Attachment.objects.get().replaced_at is None


def test_evidence_of_a_submitted_nomination_stays(nomination, unit_staff):
    evidence = add_attachment(
        nomination.proposal, actor=unit_staff, kind="evidence", upload=pdf(), nomination=nomination
    )
    nomination.state = NominationState.SUBMITTED
    nomination.save()
    with pytest.raises(NominationError):
        remove_attachment(evidence, actor=unit_staff)
    assert Attachment.objects.get().replaced_at is None


def test_paper_receipt_records_copies_when_and_who(own_proposal, vhxh_officer):
    before = timezone.now()
    proposal = record_paper_receipt(own_proposal, actor=vhxh_officer, copies=2)
    own_proposal.refresh_from_db()
    assert own_proposal.paper_copies_received == 2
    assert own_proposal.paper_received_by == vhxh_officer
    assert before <= own_proposal.paper_received_at <= timezone.now()
    assert proposal.paper_copies_received == 2


def test_paper_receipt_of_zero_clears_it(own_proposal, vhxh_officer):
    record_paper_receipt(own_proposal, actor=vhxh_officer, copies=2)
    record_paper_receipt(own_proposal, actor=vhxh_officer, copies=0)
    own_proposal.refresh_from_db()
    assert (own_proposal.paper_copies_received, own_proposal.paper_received_at) == (0, None)
    assert own_proposal.paper_received_by is None


@pytest.mark.parametrize("copies", [-1, 11, "2", True, None])
def test_paper_receipt_refuses_a_bad_number(own_proposal, vhxh_officer, copies):
    with pytest.raises(NominationError) as error:
        record_paper_receipt(own_proposal, actor=vhxh_officer, copies=copies)
    assert str(error.value) == "The number of paper originals must be a whole number from 0 to 10."
    assert error.value.field == "copies"
    own_proposal.refresh_from_db()
    assert (own_proposal.paper_copies_received, own_proposal.paper_received_at) == (0, None)


def _dossier(proposal, user, count):
    nominations = [NominationFactory(proposal=proposal) for _ in range(count)]
    add_attachment(proposal, actor=user, kind="letter_scan", upload=pdf())
    for nomination in nominations:
        add_attachment(proposal, actor=user, kind="report_scan", upload=pdf(), nomination=nomination)
        add_attachment(proposal, actor=user, kind="evidence", upload=pdf(), nomination=nomination)
    return nominations


@pytest.mark.parametrize("count", [1, 12])
def test_checklists_many_takes_three_queries(own_proposal, unit_staff, django_assert_num_queries, count):
    nominations = _dossier(own_proposal, unit_staff, count)
    with django_assert_num_queries(3):
        result = checklists_many(nominations)
    assert [sum(item.present for item in items) for items in result.values()] == [3] * count


def test_checklist_and_missing_items_take_three_queries(own_proposal, unit_staff, django_assert_num_queries):
    (nomination,) = _dossier(own_proposal, unit_staff, 1)
    with django_assert_num_queries(3):
        assert missing_items(nomination) == [MINUTES]
    assert checklists_many([]) == {}
