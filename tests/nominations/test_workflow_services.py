"""The nomination's one door: the table of moves, submission (deadline, dossier, report,
versions, settle-by date), the office's return / accept / reject and the bulk actions."""

import datetime
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from nominations.models import (
    AttachmentKind,
    Nomination,
    NominationState,
    NominationTransition,
    Notification,
    RoundState,
)
from nominations.services import NominationError, eligibility, workflow
from nominations.services.dossiers import add_attachment
from nominations.services.workflow.moves import _move
from tests.factories.nominations import DisciplineRecordFactory, NominationFactory, eligible_nomination
from thiduaportal.workdays import add_working_days, working_days_between

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
REPORT = {
    "profile": {"full_name": "Nguyễn Thị Hưởng", "date_of_birth": "12/03/1985", "unit": "Trung tâm PVHCC"},
    "achievements": {"solutions": "Số hóa 100% hồ sơ thủ tục hành chính."},
}
COLLECTIVE_REPORT = {
    "profile": {"name": "Trung tâm Phục vụ hành chính công", "functions": "Tiếp nhận, trả kết quả."},
    "achievements": {"effect": "Tỷ lệ hồ sơ trực tuyến đạt 85%."},
}
State = NominationState


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def complete(nomination: Nomination, actor) -> Nomination:
    """Give the nomination everything a submission needs: the proposal's letter and minutes,
    the signed report scan, and the report's required sections."""
    proposal = nomination.proposal
    if not proposal.attachments.filter(kind=AttachmentKind.LETTER_SCAN).exists():
        add_attachment(proposal, actor=actor, kind=AttachmentKind.LETTER_SCAN, upload=pdf("tờ trình.pdf"))
        add_attachment(proposal, actor=actor, kind=AttachmentKind.MINUTES_SCAN, upload=pdf("biên bản.pdf"))
    add_attachment(
        proposal,
        actor=actor,
        kind=AttachmentKind.REPORT_SCAN,
        nomination=nomination,
        upload=pdf("báo cáo thành tích.pdf"),
    )
    nomination.report = COLLECTIVE_REPORT if nomination.subject_type == "collective" else REPORT
    Nomination.objects.filter(pk=nomination.pk).update(report=nomination.report)
    return nomination


@pytest.fixture(autouse=True)
def _english_and_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


@pytest.fixture
def draft(own_proposal, unit_staff):
    return complete(eligible_nomination(own_proposal), unit_staff)


def _states(*nominations) -> list[str]:
    return [Nomination.objects.get(pk=n.pk).state for n in nominations]


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize(("source", "target"), list(itertools.product(State.values, State.values)))
def test_each_move_of_the_table(own_proposal, vhxh_officer, source, target):
    nomination = NominationFactory(proposal=own_proposal, state=source, version=0 if source == "draft" else 1)
    if (source, target) in workflow.ALLOWED_MOVES:
        _move(nomination, actor=vhxh_officer, to=target, reason="Lý do của bước này")
        assert nomination.state == target
        assert _states(nomination) == [target]
        row = NominationTransition.objects.get(nomination=nomination)
        assert (row.from_state, row.to_state, row.actor, row.reason) == (
            source,
            target,
            vhxh_officer,
            "Lý do của bước này",
        )
        return
    with pytest.raises(NominationError) as error:
        _move(nomination, actor=vhxh_officer, to=target, reason="Lý do của bước này")
    assert str(error.value) == (
        f"The nomination of {nomination.subject_name} is “{State(source).label}” and cannot become "
        f"“{State(target).label}”."
    )
    assert _states(nomination) == [source]
    assert nomination.state == source
    assert not NominationTransition.objects.filter(nomination=nomination).exists()


def test_the_table_has_the_agreed_moves():
    assert {
        ("draft", "submitted"),
        ("draft", "withdrawn"),
        ("submitted", "returned"),
        ("submitted", "accepted"),
        ("submitted", "rejected"),
        ("submitted", "withdrawn"),
        ("returned", "submitted"),
        ("returned", "withdrawn"),
        ("accepted", "shortlisted"),
        ("shortlisted", "accepted"),
    } == workflow.ALLOWED_MOVES


def test_allowed_moves_lists_the_next_states(own_proposal):
    assert workflow.allowed_moves(NominationFactory(proposal=own_proposal, submitted=True)) == [
        "returned",
        "accepted",
        "rejected",
        "withdrawn",
    ]


# --------------------------------------------------------------------------- submit


def test_submit_records_version_dates_transition_and_tells_the_office(draft, unit_staff, vhxh_officer):
    workflow.submit_nomination(draft, actor=unit_staff)
    stored = Nomination.objects.get(pk=draft.pk)
    today = timezone.localdate()
    assert (stored.state, stored.version) == ("submitted", 1)
    assert timezone.localdate(stored.submitted_at) == today
    assert stored.settle_by == add_working_days(today, 20)
    assert working_days_between(today, stored.settle_by) == 20
    assert (draft.state, draft.version, draft.settle_by) == ("submitted", 1, stored.settle_by)
    version = stored.versions.get()
    assert (version.number, version.submitted_by) == (1, unit_staff)
    snap = version.snapshot
    assert snap["summary"] == "Đã có thành tích xuất sắc trong công tác CCHC năm 2026"
    assert snap["award_form"] == {"id": draft.award_form_id, "name": "Giấy khen của Chủ tịch UBND xã"}
    assert snap["report"] == REPORT
    assert sorted(f["name"] for f in snap["attachments"]) == [
        "biên bản.pdf",
        "báo cáo thành tích.pdf",
        "tờ trình.pdf",
    ]
    assert {f["id"] for f in snap["attachments"]} == set(
        draft.proposal.attachments.values_list("pk", flat=True)
    )
    row = stored.transitions.get()
    assert (row.from_state, row.to_state, row.actor) == ("draft", "submitted", unit_staff)
    assert list(Notification.objects.filter(nomination=draft).values_list("recipient", flat=True)) == [
        vhxh_officer.pk
    ]


def test_submit_refused_after_the_deadline(draft, unit_staff, annual_round):
    annual_round.submit_by = datetime.date(2026, 11, 1)
    annual_round.save()
    draft.round.refresh_from_db()
    with pytest.raises(NominationError) as error:
        workflow.submit_nomination(draft, actor=unit_staff)
    assert str(error.value) == (
        "The round “Khen thưởng hằng năm 2026” does not accept submissions: its deadline is "
        "01/11/2026 and it is “Open for proposals”."
    )
    assert _states(draft) == ["draft"]
    assert Nomination.objects.get(pk=draft.pk).version == 0
    assert not draft.versions.exists()


def test_submit_refused_when_the_round_is_closed(draft, unit_staff, annual_round):
    annual_round.state = RoundState.CLOSED
    annual_round.save()
    with pytest.raises(
        NominationError, match="does not accept submissions: its deadline is 15/12/2026 and it is “Closed"
    ):
        workflow.submit_nomination(draft, actor=unit_staff)
    assert _states(draft) == ["draft"]


def test_submit_refused_while_the_dossier_misses_items(own_proposal, unit_staff):
    nomination = NominationFactory(proposal=own_proposal, report=REPORT)
    with pytest.raises(NominationError) as error:
        workflow.submit_nomination(nomination, actor=unit_staff)
    assert str(error.value) == (
        f"The dossier of {nomination.subject_name} still misses: Tờ trình of the unit (signed scan); "
        "Minutes of the unit's selection meeting (signed scan); "
        "Achievement report confirmed by the unit (signed scan)."
    )
    assert _states(nomination) == ["draft"]
    assert not NominationTransition.objects.exists()


def test_submit_refused_while_the_report_misses_sections(draft, unit_staff):
    Nomination.objects.filter(pk=draft.pk).update(report={"profile": REPORT["profile"]})
    draft.refresh_from_db()
    with pytest.raises(NominationError) as error:
        workflow.submit_nomination(draft, actor=unit_staff)
    assert str(error.value) == (
        f"The achievement report of {draft.subject_name} still misses: II. Achievements."
    )
    assert _states(draft) == ["draft"]


def test_failed_eligibility_does_not_stop_submission(draft, unit_staff):
    DisciplineRecordFactory(cadre=draft.subject_cadre, measure="Khiển trách", decision_number="12/QĐ-UBND")
    assert [c.code for c in eligibility.run_checks(draft) if c.blocking] == ["discipline"]
    workflow.submit_nomination(draft, actor=unit_staff)
    assert _states(draft) == ["submitted"]
    lines = draft.versions.get().snapshot["eligibility"]
    assert any(line.startswith("No discipline in the year") or "discipline" in line.lower() for line in lines)


def test_resubmission_after_return_keeps_settle_by_and_adds_a_version(
    draft, unit_staff, vhxh_officer, annual_round
):
    workflow.submit_nomination(draft, actor=unit_staff)
    first = Nomination.objects.get(pk=draft.pk).settle_by
    workflow.return_nomination(draft, actor=vhxh_officer, reason="Bổ sung số liệu năm 2026")
    annual_round.state = RoundState.REVIEW
    annual_round.save()
    workflow.submit_nomination(draft, actor=unit_staff)
    stored = Nomination.objects.get(pk=draft.pk)
    assert (stored.state, stored.version, stored.settle_by) == ("submitted", 2, first)
    assert list(stored.versions.values_list("number", flat=True)) == [1, 2]
    assert [(t.from_state, t.to_state) for t in stored.transitions.all()] == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
    ]


def test_resubmission_refused_once_the_round_is_at_the_council(draft, unit_staff, vhxh_officer, annual_round):
    workflow.submit_nomination(draft, actor=unit_staff)
    workflow.return_nomination(draft, actor=vhxh_officer, reason="Bổ sung số liệu")
    annual_round.state = RoundState.COUNCIL
    annual_round.save()
    with pytest.raises(NominationError) as error:
        workflow.submit_nomination(draft, actor=unit_staff)
    assert str(error.value) == (
        "The round “Khen thưởng hằng năm 2026” is “At the council”; the nomination can no longer be "
        "submitted again."
    )
    assert _states(draft) == ["returned"]


def test_withdraw_before_acceptance_only(own_proposal, unit_staff):
    submitted = NominationFactory(proposal=own_proposal, submitted=True)
    accepted = NominationFactory(proposal=own_proposal, accepted=True)
    workflow.withdraw_nomination(submitted, actor=unit_staff, reason="Đơn vị rút đề nghị")
    with pytest.raises(NominationError, match="is “Accepted” and cannot become “Withdrawn”"):
        workflow.withdraw_nomination(accepted, actor=unit_staff)
    assert _states(submitted, accepted) == ["withdrawn", "accepted"]
    assert submitted.transitions.get().reason == "Đơn vị rút đề nghị"


# --------------------------------------------------------------------------- the office


@pytest.mark.parametrize(
    ("move", "label"),
    [(workflow.return_nomination, "Returned for revision"), (workflow.reject_nomination, "Rejected")],
)
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_return_and_reject_need_a_reason(own_proposal, vhxh_officer, move, label, reason):
    nomination = NominationFactory(proposal=own_proposal, submitted=True)
    with pytest.raises(NominationError) as error:
        move(nomination, actor=vhxh_officer, reason=reason)
    assert (
        str(error.value)
        == f"Give the reason why the nomination of {nomination.subject_name} becomes “{label}”."
    )
    assert error.value.field == "reason"
    assert _states(nomination) == ["submitted"]


def test_reject_keeps_the_reason_and_tells_the_unit(own_proposal, vhxh_officer, unit_staff, unit_head):
    nomination = NominationFactory(proposal=own_proposal, submitted=True)
    workflow.reject_nomination(nomination, actor=vhxh_officer, reason="  Không   đủ tiêu chuẩn ")
    assert nomination.transitions.get().reason == "Không đủ tiêu chuẩn"
    recipients = Notification.objects.filter(nomination=nomination).values_list("recipient", flat=True)
    assert sorted(recipients) == sorted([unit_staff.pk, unit_head.pk])


def test_accept_without_failed_checks(own_proposal, vhxh_officer):
    nomination = eligible_nomination(own_proposal, submitted=True)
    workflow.accept_nomination(nomination, actor=vhxh_officer)
    assert not nomination.overrides.exists()
    assert _states(nomination) == ["accepted"]


def test_accept_against_a_failed_check_needs_a_justification(own_proposal, vhxh_officer):
    nomination = eligible_nomination(own_proposal, submitted=True)
    DisciplineRecordFactory(cadre=nomination.subject_cadre)
    with pytest.raises(NominationError) as error:
        workflow.accept_nomination(nomination, actor=vhxh_officer, justifications={"discipline": "  "})
    assert str(error.value).startswith(
        f"Accepting the nomination of {nomination.subject_name} against a failed check needs a written "
        "justification: "
    )
    assert _states(nomination) == ["submitted"]
    assert not nomination.overrides.exists()
    text = "Kỷ luật đã hết hiệu lực trước thời điểm xét, Hội đồng đồng ý."
    workflow.accept_nomination(nomination, actor=vhxh_officer, justifications={"discipline": text})
    assert _states(nomination) == ["accepted"]
    override = nomination.overrides.get()
    assert (override.check_code, override.justification, override.actor) == ("discipline", text, vhxh_officer)


def test_accept_many_is_all_or_nothing(own_proposal, vhxh_officer):
    two = [eligible_nomination(own_proposal, submitted=True) for _ in range(2)]
    withdrawn = NominationFactory(proposal=own_proposal, state="withdrawn", version=1)
    with pytest.raises(NominationError) as error:
        workflow.accept_many([*two, withdrawn], actor=vhxh_officer)
    assert str(error.value) == (
        f"Nothing was changed. The nomination of {withdrawn.subject_name} is “Withdrawn” and cannot "
        "become “Accepted”."
    )
    assert _states(*two, withdrawn) == ["submitted", "submitted", "withdrawn"]
    assert not NominationTransition.objects.exists()
    assert workflow.accept_many(two, actor=vhxh_officer) == 2
    assert _states(*two) == ["accepted", "accepted"]


def test_accept_many_refuses_a_failed_check(own_proposal, vhxh_officer):
    fine = eligible_nomination(own_proposal, submitted=True)
    failing = eligible_nomination(own_proposal, submitted=True)
    DisciplineRecordFactory(cadre=failing.subject_cadre)
    with pytest.raises(NominationError) as error:
        workflow.accept_many([fine, failing], actor=vhxh_officer)
    assert str(error.value).startswith(
        f"Nothing was changed. Accepting the nomination of {failing.subject_name} against a failed check"
    )
    assert _states(fine, failing) == ["submitted", "submitted"]


def test_return_many_returns_all_with_the_reason(own_proposal, vhxh_officer):
    two = NominationFactory.create_batch(2, proposal=own_proposal, submitted=True)
    assert workflow.return_many(two, actor=vhxh_officer, reason="Bổ sung biên bản") == 2
    assert _states(*two) == ["returned", "returned"]
    assert [n.transitions.get().reason for n in two] == ["Bổ sung biên bản", "Bổ sung biên bản"]
    accepted = NominationFactory(proposal=own_proposal, accepted=True)
    with pytest.raises(NominationError, match="^Nothing was changed"):
        workflow.return_many([accepted], actor=vhxh_officer, reason="")
    assert _states(accepted) == ["accepted"]
