"""Initiatives: proposing, the one-door workflow, evidence files, and criterion 1."""

import datetime
import io
import itertools
import zipfile

import openpyxl
import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from campaigns.checks import CheckStatus
from campaigns.models import CouncilLevel, Initiative, InitiativeEvidence, InitiativeState
from campaigns.services import initiatives as services
from campaigns.services.initiatives import InitiativeError
from tests.factories import CadreFactory, UnitFactory
from tests.factories.campaigns import InitiativeFactory
from thiduaportal.uploads import upload_max_bytes
from thiduaportal.workflow import MoveNotAllowed

pytestmark = pytest.mark.django_db
State = InitiativeState


@pytest.fixture(autouse=True)
def _english_and_private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


# --------------------------------------------------------------------------- files


def _zip(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "<x/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


CONTENT = {
    "pdf": b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20 + b"\x00\x00\x00\x00IEND\xaeB`\x82",
    "docx": _zip("[Content_Types].xml", "word/document.xml"),
    "xlsx": _xlsx(),
}


def upload(name: str = "quyết định.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    kind = name.rsplit(".", 1)[-1].lower().replace("jpg", "jpeg")
    return SimpleUploadedFile(name, CONTENT.get(kind, b"") if content is None else content)


BAD_UPLOADS = [
    (
        "ke-hoach.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00",
        "“ke-hoach.pdf” is not a real PDF file: its content does not match its name.",
    ),
    ("anh.png", CONTENT["jpeg"], "“anh.png” is not a real PNG file: its content does not match its name."),
    (
        "bao-cao.docx",
        _zip("[Content_Types].xml", "xl/workbook.xml"),
        "“bao-cao.docx” is not a real DOCX file: its content does not match its name.",
    ),
    (
        "bang.xlsx",
        b"PK\x03\x04broken",
        "“bang.xlsx” is not a real XLSX file: its content does not match its name.",
    ),
    ("trong.pdf", b"", "“trong.pdf” is empty."),
    ("lon.pdf", b"%PDF-" + b"x" * 996, "“lon.pdf” is too large (1001\xa0bytes); the limit is 1000\xa0bytes."),
    ("virus.exe", b"MZ", "“virus.exe”: only PDF, JPEG, PNG, DOCX and XLSX files are accepted."),
    ("khong-duoi", CONTENT["pdf"], "“khong-duoi”: only PDF, JPEG, PNG, DOCX and XLSX files are accepted."),
]
BAD_IDS = [
    "renamed to pdf",
    "jpeg as png",
    "xlsx as docx",
    "broken zip",
    "empty",
    "too large",
    "exe",
    "no extension",
]


@pytest.fixture
def small_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000


def stored_files(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.rglob("*") if p.is_file())


def proposal(unit, **changes):
    return {
        "owner_unit": unit,
        "kind": "solution",
        "title": "Số hóa hồ sơ ngay khi tiếp nhận",
        "description": "Quét và ký số tại quầy.",
        "applied_where": "Bộ phận Một cửa",
        "applied_since": datetime.date(2026, 3, 2),
        **changes,
    }


# --------------------------------------------------------------------------- proposing


def test_unit_proposes_with_its_people_and_every_accepted_file_kind(
    unit_staff, own_unit, own_cadre, tmp_path
):
    files = [upload(f"minh-chung.{ext}") for ext in ("pdf", "jpg", "png", "docx", "xlsx")]
    with set_actor(unit_staff):
        initiative = services.create_initiative(
            actor=unit_staff, files=files, authors=[own_cadre], units=[own_unit],
            **proposal(own_unit, title="  So\u0302\u0301 hóa  "),
        )  # fmt: skip
    initiative.refresh_from_db()
    assert (initiative.title, initiative.state, initiative.created_by) == (
        "Số hóa",
        State.PROPOSED,
        unit_staff,
    )
    assert list(initiative.authors.all()) == [own_cadre]
    evidence = list(initiative.evidence.values_list("original_name", "content_type", "uploaded_by"))
    assert [row[0] for row in evidence] == [
        "minh-chung.pdf",
        "minh-chung.jpg",
        "minh-chung.png",
        "minh-chung.docx",
        "minh-chung.xlsx",
    ]
    assert [row[1].rsplit("/", 1)[-1] for row in evidence] == [
        "pdf", "jpeg", "png", "vnd.openxmlformats-officedocument.wordprocessingml.document",
        "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]  # fmt: skip
    first = initiative.evidence.first()
    assert first.file.name.startswith(f"evidence/initiatives/{initiative.pk}/")
    assert "minh-chung" not in first.file.name
    assert first.file.read() == CONTENT["pdf"]
    assert LogEntry.objects.get_for_object(initiative).get(action=LogEntry.Action.CREATE).actor == unit_staff


def test_unit_cannot_propose_in_another_units_name(unit_staff, other_unit):
    with pytest.raises(InitiativeError) as error:
        services.create_initiative(actor=unit_staff, **proposal(other_unit))
    assert (error.value.field, str(error.value)) == (
        "owner_unit",
        "A unit proposes initiatives in its own name only.",
    )


def test_unit_names_only_its_own_people_as_authors(unit_staff, own_unit, other_cadre):
    with pytest.raises(InitiativeError) as error:
        services.create_initiative(actor=unit_staff, authors=[other_cadre], **proposal(own_unit))
    assert str(error.value) == (
        "Lê Văn Khác does not work in Trung tâm Phục vụ hành chính công; a unit names its own people as authors."
    )
    assert not Initiative.objects.exists()


def test_office_proposes_for_any_unit_with_anyone(vhxh_officer, other_unit, own_cadre, other_cadre):
    initiative = services.create_initiative(
        actor=vhxh_officer, authors=[own_cadre, other_cadre], **proposal(other_unit)
    )
    assert initiative.owner_unit == other_unit
    assert set(initiative.authors.all()) == {own_cadre, other_cadre}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "The title is required."),
        ({"title": "x" * 256}, "title", "The title is too long (at most 255 characters)."),
        ({"description": ""}, "description", "The description is required."),
        ({"kind": "idea"}, "kind", "Choose an initiative, a model or a solution."),
        (
            {"applied_since": datetime.date(2099, 1, 1)},
            "applied_since",
            "The date it has been applied since cannot be in the future.",
        ),
        ({"owner_unit": None}, "owner_unit", "Choose the proposing unit."),
    ],
)
def test_create_refuses_bad_fields(vhxh_officer, own_unit, changes, field, message):
    with pytest.raises(InitiativeError) as error:
        services.create_initiative(actor=vhxh_officer, **proposal(own_unit, **changes))
    assert (error.value.field, str(error.value)) == (field, message)
    assert not Initiative.objects.exists()


def test_create_refuses_a_departed_author_and_an_archived_unit(vhxh_officer, own_unit):
    gone = CadreFactory(unit=own_unit, full_name="Phạm Văn Nghỉ", is_active=False)
    with pytest.raises(InitiativeError, match="Phạm Văn Nghỉ no longer works here."):
        services.create_initiative(actor=vhxh_officer, authors=[gone], **proposal(own_unit))
    archived = UnitFactory(name="Ban cũ", archived=True)
    with pytest.raises(InitiativeError, match="Ban cũ is archived."):
        services.create_initiative(actor=vhxh_officer, units=[archived], **proposal(own_unit))


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS, ids=BAD_IDS)
def test_a_rejected_upload_creates_nothing(
    unit_staff, own_unit, tmp_path, small_limit, name, content, message
):
    files = [upload("tot.pdf"), upload(name, content)]
    with pytest.raises(InitiativeError) as error:
        services.create_initiative(actor=unit_staff, files=files, **proposal(own_unit))
    assert (error.value.field, str(error.value)) == ("files", message)
    assert not Initiative.objects.exists()
    assert stored_files(tmp_path) == []


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS, ids=BAD_IDS)
def test_a_rejected_upload_leaves_the_initiative_as_it_was(
    unit_staff, own_unit, tmp_path, small_limit, name, content, message
):
    initiative = InitiativeFactory(owner_unit=own_unit, title="Tên cũ")
    with pytest.raises(InitiativeError) as error:
        services.update_initiative(
            initiative, actor=unit_staff, files=[upload(name, content)], **proposal(own_unit, title="Tên mới")
        )
    assert str(error.value) == message
    with pytest.raises(InitiativeError) as error:
        services.add_evidence(initiative, actor=unit_staff, files=[upload("tot.pdf"), upload(name, content)])
    assert str(error.value) == message
    initiative.refresh_from_db()
    assert initiative.title == "Tên cũ"
    assert not InitiativeEvidence.objects.exists()
    assert stored_files(tmp_path) == []


def test_upload_limit_is_the_setting():
    # Twenty megabytes unless UPLOAD_MAX_BYTES says otherwise (see .env.example).

    assert upload_max_bytes() == 20 * 1024 * 1024


def test_a_long_file_name_keeps_its_extension():
    checked = services.check_evidence(upload("a" * 300 + ".pdf"))
    assert len(checked.name) <= 255
    assert checked.name.endswith(".pdf")


def test_add_evidence_needs_a_file(unit_staff, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit)
    with pytest.raises(InitiativeError, match="Choose at least one file."):
        services.add_evidence(initiative, actor=unit_staff, files=[])


@pytest.mark.parametrize("trait", ["recognised", "refused"])
def test_a_decided_initiative_is_changed_by_the_office_only(unit_staff, vhxh_officer, own_unit, trait):
    initiative = InitiativeFactory(owner_unit=own_unit, title="Tên cũ", **{trait: True})
    with pytest.raises(InitiativeError) as error:
        services.update_initiative(initiative, actor=unit_staff, **proposal(own_unit))
    label = {"recognised": "Recognised", "refused": "Not recognised"}[trait]
    assert str(error.value) == f"“Tên cũ” is “{label}”; only the office may change it now."
    with pytest.raises(InitiativeError):
        services.add_evidence(initiative, actor=unit_staff, files=[upload()])
    services.update_initiative(initiative, actor=vhxh_officer, **proposal(own_unit, title="Tên mới"))
    initiative.refresh_from_db()
    assert (initiative.title, initiative.state) == ("Tên mới", trait)


def test_remove_evidence_deletes_the_file_after_commit(
    unit_staff, own_unit, tmp_path, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(owner_unit=own_unit)
    [evidence] = services.add_evidence(initiative, actor=unit_staff, files=[upload()])
    assert len(stored_files(tmp_path)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence, actor=unit_staff)
    assert stored_files(tmp_path) == []
    assert not InitiativeEvidence.objects.exists()


# --------------------------------------------------------------------------- the one door

DECISION = {
    "council_level": CouncilLevel.COMMUNE,
    "decision_number": "12/QĐ-HĐSK",
    "decision_date": datetime.date(2026, 9, 15),
}
TRAITS = {State.PROPOSED: {}, State.RECOGNISED: {"recognised": True}, State.REFUSED: {"refused": True}}


@pytest.mark.parametrize(("start", "to"), list(itertools.product(State.values, State.values)))
def test_every_move_in_the_table_works_and_every_other_is_refused(vhxh_officer, own_unit, start, to):
    initiative = InitiativeFactory(owner_unit=own_unit, **TRAITS[start])
    extra = DECISION if to == State.RECOGNISED else {}
    if (start, to) in services.ALLOWED_MOVES:
        services._move(initiative, actor=vhxh_officer, to=to, reason="Lý do", **extra)
        assert Initiative.objects.get(pk=initiative.pk).state == to
    else:
        with pytest.raises(MoveNotAllowed):
            services._move(initiative, actor=vhxh_officer, to=to, reason="Lý do", **extra)
        assert Initiative.objects.get(pk=initiative.pk).state == start


def test_recognise_records_the_decision_and_the_audit_keeps_who(vhxh_officer, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit)
    with set_actor(vhxh_officer):
        services.recognise_initiative(
            initiative, actor=vhxh_officer, **{**DECISION, "decision_number": " 12/QĐ-HĐSK "}
        )
    assert (initiative.state, initiative.decision_number) == (State.RECOGNISED, "12/QĐ-HĐSK")
    entry = LogEntry.objects.get_for_object(initiative).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == vhxh_officer
    assert entry.changes_dict["state"] == ["proposed", "recognised"]
    assert entry.additional_data == {
        "commune": initiative.commune_id,
        "move": ["proposed", "recognised"],
        "reason": "",
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"council_level": ""}, "council_level", "Choose the council that recognised it."),
        ({"decision_number": " "}, "decision_number", "Enter the decision number."),
        ({"decision_date": None}, "decision_date", "Enter the decision date."),
        (
            {"decision_date": datetime.date(2099, 1, 1)},
            "decision_date",
            "The decision date cannot be in the future.",
        ),
        (
            {"decision_date": datetime.date(2026, 1, 5)},
            "decision_date",
            "The decision date is before the initiative was first applied (01/02/2026).",
        ),
    ],
)
def test_recognise_refuses_an_incomplete_decision(vhxh_officer, own_unit, changes, field, message):
    initiative = InitiativeFactory(owner_unit=own_unit, applied_since=datetime.date(2026, 2, 1))
    with pytest.raises(InitiativeError) as error:
        services.recognise_initiative(initiative, actor=vhxh_officer, **{**DECISION, **changes})
    assert (error.value.field, str(error.value)) == (field, message)
    assert Initiative.objects.get(pk=initiative.pk).state == State.PROPOSED


def test_refuse_and_reopen_need_a_reason_and_reopen_is_audited(vhxh_officer, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit)
    with pytest.raises(InitiativeError, match="Say why the initiative was not recognised."):
        services.refuse_initiative(initiative, actor=vhxh_officer, reason="  ")
    services.refuse_initiative(initiative, actor=vhxh_officer, reason="Chưa có tính mới.")
    assert (initiative.state, initiative.refusal_reason) == (State.REFUSED, "Chưa có tính mới.")
    with pytest.raises(InitiativeError, match="Say why the initiative is reopened."):
        services.reopen_initiative(initiative, actor=vhxh_officer, reason="")
    with set_actor(vhxh_officer):
        services.reopen_initiative(initiative, actor=vhxh_officer, reason="Đơn vị đã bổ sung số liệu.")
    initiative.refresh_from_db()
    assert (initiative.state, initiative.refusal_reason) == (State.PROPOSED, "")
    entry = LogEntry.objects.get_for_object(initiative).order_by("-pk").first()
    assert entry.actor == vhxh_officer
    assert entry.additional_data == {
        "commune": initiative.commune_id,
        "move": ["refused", "proposed"],
        "reason": "Đơn vị đã bổ sung số liệu.",
    }


def test_a_unit_cannot_record_the_outcome(unit_staff, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit)
    with pytest.raises(MoveNotAllowed, match="Only the office records the initiative council's outcome."):
        services.recognise_initiative(initiative, actor=unit_staff, **DECISION)
    assert Initiative.objects.get(pk=initiative.pk).state == State.PROPOSED


# --------------------------------------------------------------------------- criterion 1


def recognised(unit, on=datetime.date(2026, 9, 15), **fields):
    return InitiativeFactory(owner_unit=unit, recognised=True, decision_date=on, **fields)


def test_criterion_1_met_names_the_decision(own_unit):
    recognised(
        own_unit, title="Số hóa tại quầy", council_level=CouncilLevel.CITY, decision_number="215/QĐ-HĐSK"
    )
    result = services.initiative_check(unit=own_unit, year=2026)
    assert result.status == CheckStatus.MET
    assert (
        result.reason
        == "Recognised: “Số hóa tại quầy”: recognised by the City initiative council, decision 215/QĐ-HĐSK of 15/09/2026."
    )


def test_criterion_1_counts_a_unit_among_the_initiatives_units(own_unit, other_unit):
    recognised(other_unit, title="Chung").units.add(own_unit)
    assert services.initiative_check(unit=own_unit, year=2026).status == CheckStatus.MET


def test_criterion_1_not_met_lists_awaiting_refused_and_other_years(own_unit):
    InitiativeFactory(owner_unit=own_unit, title="Đang chờ")
    InitiativeFactory(owner_unit=own_unit, title="Bị từ chối", refused=True)
    recognised(own_unit, on=datetime.date(2025, 12, 30), title="Năm trước", decision_number="9/QĐ-HĐSK")
    result = services.initiative_check(unit=own_unit, year=2026)
    assert result.status == CheckStatus.NOT_MET
    assert result.details == (
        "“Đang chờ”: awaiting recognition",
        "“Bị từ chối”: not recognised (Chưa có tính mới.)",
        "“Năm trước”: recognised by decision 9/QĐ-HĐSK of 30/12/2025, not in 2026",
    )
    assert (
        result.reason
        == "None recognised by an initiative council in 2026; recorded: " + "; ".join(result.details) + "."
    )


def test_criterion_1_not_met_without_any_initiative(own_unit, own_cadre):
    for result in (
        services.initiative_check(unit=own_unit, year=2026),
        services.initiative_check(cadre=own_cadre, year=2026),
    ):
        assert result.status == CheckStatus.NOT_MET
        assert (
            result.reason
            == "No initiative is recorded, so none was recognised by an initiative council in 2026."
        )


def test_criterion_1_for_a_person_reads_the_authors(own_unit, own_cadre, other_cadre):
    recognised(own_unit, authors=[own_cadre])
    assert services.initiative_check(cadre=own_cadre, year=2026).status == CheckStatus.MET
    assert services.initiative_check(cadre=own_cadre, year=2027).status == CheckStatus.NOT_MET
    assert services.initiative_check(cadre=other_cadre, year=2026).status == CheckStatus.NOT_MET


def test_initiative_check_takes_one_subject(own_unit, own_cadre):
    with pytest.raises(ValueError, match="exactly one of unit or cadre"):
        services.initiative_check(unit=own_unit, cadre=own_cadre, year=2026)
    with pytest.raises(ValueError, match="exactly one of unit or cadre"):
        services.initiative_check(year=2026)


@pytest.mark.parametrize("count", [1, 10])
def test_batch_checks_take_a_fixed_number_of_queries(django_assert_num_queries, count):
    units = [UnitFactory() for _ in range(count)]
    cadres = [CadreFactory(unit=unit) for unit in units]
    for number, unit in enumerate(units):
        initiative = (
            recognised(unit, authors=[cadres[number]]) if number % 2 else InitiativeFactory(owner_unit=unit)
        )
        initiative.units.add(units[0])
    with django_assert_num_queries(2):
        by_unit = services.unit_initiative_checks(units, year=2026)
    with django_assert_num_queries(1):
        by_cadre = services.cadre_initiative_checks(cadres, year=2026)
    expected = [CheckStatus.MET if n % 2 else CheckStatus.NOT_MET for n in range(count)]
    assert [by_cadre[c.pk].status for c in cadres] == expected
    assert [by_unit[u.pk].status for u in units][1:] == expected[1:]
    assert by_unit[units[0].pk].status == (CheckStatus.MET if count > 1 else CheckStatus.NOT_MET)


def test_today_is_not_in_the_future_for_decisions(vhxh_officer, own_unit):
    initiative = InitiativeFactory(owner_unit=own_unit, applied_since=None)
    services.recognise_initiative(
        initiative, actor=vhxh_officer, **{**DECISION, "decision_date": timezone.localdate()}
    )
    assert initiative.state == State.RECOGNISED
