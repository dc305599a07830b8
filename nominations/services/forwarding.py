"""The package forwarded to the city (issue 6 item 8): for a round's nominations proposed
for a city award (award form of level "city") that the office accepted or shortlisted, one
.zip holding

- `01-to-trinh-ubnd.pdf`: the UBND's Tờ trình to the chairman of the province's People's
  Committee, through its Department of Home Affairs, with the list of candidates; the number
  is left blank to be filled in by hand when it is registered;
- `02-danh-sach.xlsx`: the same list as a spreadsheet;
- `03-bao-cao/<nn>-<name>.pdf`: each candidate's achievement report (Mẫu 06 / Mẫu 08);
- `04-ban-scan/<nn>-<name>/<file>`: each candidate's current signed scans and evidence,
  byte for byte as uploaded;
- `05-ho-so-don-vi/<unit>/<file>`: each proposing unit's signed Tờ trình and the minutes of
  its selection meeting (the proposal's current scans), byte for byte;
- `06-bien-ban-hoi-dong/<file>`: the commune council's minutes of the round, where a final
  session exists (its signed scan, else the printed minutes), through the council's hook.

The letter and the list name every body with its commune ("Văn phòng Hội đồng nhân dân và
Ủy ban nhân dân xã Thượng Phúc"): the city reads dossiers from every commune and ward.

`nn` is the candidate's number in the list; names inside the zip are ASCII slugs. The
package is built in memory: a commune forwards a handful of dossiers.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from nominations import documents, hooks, wording
from nominations.models import (
    Attachment,
    AttachmentKind,
    AwardLevel,
    Nomination,
    NominationState,
    Round,
    SubjectType,
)
from nominations.services import NominationError
from nominations.services.reports import needs_report
from thiduaportal import excel
from thiduaportal.documents import Letterhead, Signature, render_pdf
from thiduaportal.text import fold

FORWARDED_STATES = (NominationState.ACCEPTED, NominationState.SHORTLISTED)
LETTER_NAME = "01-to-trinh-ubnd.pdf"
LIST_NAME = "02-danh-sach.xlsx"
REPORTS_FOLDER = "03-bao-cao"
SCANS_FOLDER = "04-ban-scan"
UNITS_FOLDER = "05-ho-so-don-vi"
COUNCIL_FOLDER = "06-bien-ban-hoi-dong"
UNIT_FILE_KINDS = (AttachmentKind.LETTER_SCAN, AttachmentKind.MINUTES_SCAN)
UNIT_FILE_NAMES = {AttachmentKind.LETTER_SCAN: "to-trinh", AttachmentKind.MINUTES_SCAN: "bien-ban-hop-xet"}
LIST_TITLE = "Danh sách đề nghị khen thưởng"
LIST_COLUMNS = [
    excel.Column(key="position", header="STT", parser=int, width=6),
    excel.Column(key="name", header="Tên tập thể, họ và tên cá nhân", parser=str, width=32),
    excel.Column(key="role", header="Chức vụ, đơn vị", parser=str, width=40),
    excel.Column(key="award", header="Hình thức khen thưởng", parser=str, width=30),
    excel.Column(key="achievement", header="Tóm tắt thành tích", parser=str, width=60),
]


class ForwardingError(NominationError):
    """The package cannot be built; the message says why."""


@dataclass(frozen=True)
class PackageItem:
    """One candidate of the package: its line in the list and its folder name."""

    line: documents.ListLine
    nomination: Nomination
    attachments: tuple[Attachment, ...]

    @property
    def folder(self) -> str:
        """ "01-nguyen-thi-huong" """
        return f"{self.line.position:02d}-{ascii_slug(self.nomination.subject_name) or self.nomination.pk}"


def ascii_slug(text: str) -> str:
    """ "Nguyễn Thị Hưởng" -> "nguyen-thi-huong" (marks and đ removed first)."""
    return slugify(fold(text))


def _file_name(original: str) -> str:
    stem, dot, suffix = original.rpartition(".")
    if not dot:
        stem, suffix = original, ""
    name = ascii_slug(stem) or "tep"
    suffix = ascii_slug(suffix)
    return f"{name}.{suffix}" if suffix else name


def city_nominations(round_: Round) -> list[Nomination]:
    """The round's accepted or shortlisted nominations for a city award, in list order
    (collectives first, then individuals, each in the order they were proposed)."""
    rows = (
        Nomination.objects.filter(round=round_, award_form__level=AwardLevel.CITY, state__in=FORWARDED_STATES)
        .select_related(
            "proposal__unit", "subject_unit__parent", "subject_cadre__unit", "award_form", "round"
        )
        .prefetch_related("attachments")
    )
    return sorted(rows, key=lambda n: (n.subject_type != SubjectType.COLLECTIVE, n.pk))


@wording.one_commune()
def city_lines(nominations: list[Nomination]) -> tuple[documents.ListLine, ...]:
    """The list as the city reads it: each collective named with its commune and its parent
    body, each person's position with her unit and commune ("Giám đốc Trung tâm Phục vụ
    hành chính công xã Thượng Phúc")."""
    lines = []
    for line, nomination in zip(documents.list_lines(nominations), nominations, strict=True):
        if nomination.subject_type == SubjectType.COLLECTIVE:
            unit = nomination.subject_unit
            name = wording.with_commune(nomination.subject_name)
            role = wording.with_commune(unit.parent.name) if unit and unit.parent_id else ""
        else:
            cadre = nomination.subject_cadre
            name = line.name
            unit = wording.with_commune(cadre.unit.name)
            role = f"{wording.spelled_out(cadre.position)} {unit}" if cadre.position else unit
        lines.append(dataclasses.replace(line, name=name, role=role))
    return tuple(lines)


@wording.one_commune()
def package_items(round_: Round) -> list[PackageItem]:
    """The candidates of the package with their current (not replaced) files."""
    nominations = city_nominations(round_)
    lines = city_lines(nominations)
    return [
        PackageItem(
            line=line,
            nomination=nomination,
            attachments=tuple(a for a in nomination.attachments.all() if a.replaced_at is None),
        )
        for line, nomination in zip(lines, nominations, strict=True)
    ]


# --------------------------------------------------------------------------- the Tờ trình


@dataclass(frozen=True)
class CityLetterDocument(documents.LetterDocument):
    """The Tờ trình to the city: a letter whose addressee is the province's authority."""

    city_authority: str = ""  # "Ủy ban nhân dân thành phố Hà Nội"


@wording.one_commune()
def city_letter_document(round_: Round, lines: Iterable[documents.ListLine]) -> CityLetterDocument:
    """The UBND's Tờ trình to the city: the commune's People's Committee issues it, signed
    "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", unnumbered ("Số:      /TTr-UBND") until registered.
    The addressee is the chairman of the commune's province ("Kính gửi: Chủ tịch Ủy ban nhân
    dân thành phố Hà Nội (qua Sở Nội vụ)"), left blank to fill in when the commune has none
    recorded. The list follows the signature ("Kèm theo Tờ trình số …")."""
    commune = wording.current_commune()
    province = wording.province_name()
    city_authority = f"Ủy ban nhân dân {province or '…………………'}"
    name = commune.name if commune else "xã"
    return CityLetterDocument(
        letterhead=Letterhead(
            parent_body=commune.authority_name.upper() if commune else documents.DEFAULT_AUTHORITY,
            issuer="",
            symbol="TTr-UBND",
            number="",
            place=commune.place_name if commune else "",
            year=documents.document_year(round_.council_on, round_.review_by),
        ),
        addressee=f"Chủ tịch {city_authority}",
        addressee_via="(qua Sở Nội vụ)",
        legal_bases=documents.LEGAL_BASES + documents.plan_basis(round_),
        round=round_,
        issuer_name=f"Ủy ban nhân dân {name}",
        lines=tuple(lines),
        signature=Signature(
            capacity=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name=commune.chairman_name if commune else ""
        ),
        recipients=("Như trên", "Lưu: VT, VHXH"),
        decider=f"Chủ tịch {city_authority}",
        city_authority=city_authority,
    )


@wording.one_commune()
def city_letter_pdf(doc: documents.LetterDocument) -> bytes:
    """The Tờ trình to the city with its attached list, as PDF bytes."""
    context = {
        "doc": doc,
        "letterhead": doc.letterhead,
        "signature": doc.signature,
        "recipients": doc.recipients,
    }
    return render_pdf("documents/nominations/city_letter.html", context)


# --------------------------------------------------------------------------- the package


def _list_rows(lines: Iterable[documents.ListLine]) -> Iterator[list[Any]]:
    for line in lines:
        yield [line.position, line.name, line.role, line.award, line.achievement]


def list_workbook(lines: Iterable[documents.ListLine]) -> bytes:
    """The list of candidates (STT, name, position and unit, award form, achievement) as .xlsx."""
    return excel.rows_to_bytes(LIST_COLUMNS, _list_rows(lines), title=LIST_TITLE)


def _read(attachment: Attachment, item: PackageItem) -> bytes:
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except OSError as error:
        raise ForwardingError(
            _("The file “%(file)s” of %(name)s cannot be read from storage; upload it again.")
            % {"file": attachment.original_name, "name": item.line.name}
        ) from error


def _scan_names(item: PackageItem) -> Iterator[tuple[str, Attachment]]:
    seen: set[str] = set()
    for attachment in item.attachments:
        name = _file_name(attachment.original_name)
        stem, dot, suffix = name.rpartition(".")
        candidate, number = name, 1
        while candidate in seen:
            number += 1
            candidate = f"{stem}-{number}.{suffix}" if dot else f"{name}-{number}"
        seen.add(candidate)
        yield f"{SCANS_FOLDER}/{item.folder}/{candidate}", attachment


def unit_files(items: list[PackageItem]) -> list[tuple[str, Attachment]]:
    """(name in the zip, attachment) of each proposing unit's current signed Tờ trình and
    selection-meeting minutes: "05-ho-so-don-vi/truong-tieu-hoc/to-trinh.pdf"."""
    proposals = {item.nomination.proposal_id: item.nomination.proposal for item in items}
    scans = (
        Attachment.objects.filter(
            proposal_id__in=proposals,
            nomination__isnull=True,
            kind__in=UNIT_FILE_KINDS,
            replaced_at__isnull=True,
        )
        .select_related("proposal__unit")
        .order_by("proposal__unit__name", "kind", "pk")
    )
    named, seen = [], set()
    for attachment in scans:
        folder = ascii_slug(attachment.proposal.unit.name) or str(attachment.proposal_id)
        suffix = (
            attachment.original_name.rpartition(".")[2].lower() if "." in attachment.original_name else ""
        )
        stem = f"{UNIT_FILE_NAMES[attachment.kind]}"
        name, number = f"{stem}.{ascii_slug(suffix)}" if suffix else stem, 1
        while f"{folder}/{name}" in seen:
            number += 1
            name = f"{stem}-{number}.{ascii_slug(suffix)}" if suffix else f"{stem}-{number}"
        seen.add(f"{folder}/{name}")
        named.append((f"{UNITS_FOLDER}/{folder}/{name}", attachment))
    return named


def _read_unit_file(attachment: Attachment) -> bytes:
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except OSError as error:
        raise ForwardingError(
            _("The file “%(file)s” of %(name)s cannot be read from storage; upload it again.")
            % {"file": attachment.original_name, "name": attachment.proposal.unit.name}
        ) from error


def package_filename(round_: Round) -> str:
    return f"ho-so-de-nghi-thanh-pho-{ascii_slug(round_.title) or round_.pk}.zip"


@wording.one_commune()
def package_files(round_: Round) -> list[tuple[str, bytes]]:
    """(name in the package, bytes) of each file forwarded to the city (see the module's
    docstring). Raises ForwardingError when the round has no candidate for a city award,
    or when an uploaded file cannot be read. Reads only; changes nothing."""
    items = package_items(round_)
    if not items:
        raise ForwardingError(
            _(
                "This round has no accepted or shortlisted nomination for a city award: there is "
                "nothing to forward."
            )
        )
    lines = [item.line for item in items]
    files = [
        (LETTER_NAME, city_letter_pdf(city_letter_document(round_, lines))),
        (LIST_NAME, list_workbook(lines)),
    ]
    for item in items:
        if needs_report(item.nomination):  # a year-end title may need none
            files.append((f"{REPORTS_FOLDER}/{item.folder}.pdf", documents.report_pdf(item.nomination)))
        files.extend((name, _read(attachment, item)) for name, attachment in _scan_names(item))
    files.extend((name, _read_unit_file(attachment)) for name, attachment in unit_files(items))
    files.extend(
        (f"{COUNCIL_FOLDER}/{name}", content) for name, content in hooks.council_minutes_files(round_)
    )
    return files


@wording.one_commune()
def build_package(round_: Round) -> tuple[str, bytes]:
    """(file name, .zip bytes) of the package forwarded to the city, for a city that does
    not use the portal. Raises ForwardingError as `package_files` does; changes nothing."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files(round_):
            archive.writestr(name, content)
    return package_filename(round_), buffer.getvalue()
