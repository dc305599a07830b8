"""Printed documents of nominations: the achievement report (Mẫu 06 / Mẫu 08, and the
year-end Mẫu 05 / Mẫu 04), the unit's
Tờ trình and the template of its selection-meeting minutes, and the office's Tờ trình to
the council. Each gathers a view-model, renders a template of `documents/nominations/` and
returns PDF bytes (NĐ 30/2020/NĐ-CP layout, Tinos embedded). Documents are Vietnamese by
nature: their words are written here and in the templates, not translated. Previewable at
any time: nothing is frozen or numbered here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from nominations import citations, wording
from nominations.models import Nomination, NominationState, Proposal, Round, SubjectType
from nominations.services.reports import form_of, merged, sections, target_rows
from nominations.services.reports.prefill import full_unit_name
from thiduaportal.dates import legal_date
from thiduaportal.documents import Letterhead, Signature, padded_number, render_pdf, vn_fixed, vn_number
from units.models import Unit, UnitKind
from units.services import head_of_unit

OFFICE = "PHÒNG VĂN HÓA – XÃ HỘI"
OFFICE_NAME = "Phòng Văn hóa – Xã hội"
OFFICE_HEAD = "TRƯỞNG PHÒNG"
DEFAULT_AUTHORITY = "ỦY BAN NHÂN DÂN XÃ"
# The căn cứ have one source, `nominations.citations`; these names stay for the letters.
LEGAL_BASES = citations.LEGAL_BASES
plan_basis = citations.plan_basis
# Organisations that head their documents by their own rules instead of the state's quốc hiệu
# and tiêu ngữ (NĐ 30/2020 binds state bodies; the Youth Union's own guidance puts "ĐOÀN TNCS
# HỒ CHÍ MINH" at the top right). Matched on the start of the unit's name.
# Kinds of units that are not bodies of the People's Committee: without a recorded parent they
# head their documents alone, never under the committee.
UNDER_OWN_NAME = (UnitKind.FRONT, UnitKind.POLICE)
OWN_HEADINGS = {"Đoàn Thanh niên Cộng sản Hồ Chí Minh": ("ĐOÀN TNCS HỒ CHÍ MINH",)}
SUBJECT_PRINTED = {SubjectType.COLLECTIVE: "Tập thể", SubjectType.INDIVIDUAL: "Cá nhân"}
# Nominations a unit still stands behind: printed in its letter and its minutes.
LISTED_OUT = (NominationState.WITHDRAWN, NominationState.REJECTED)


@dataclass(frozen=True)
class Entry:
    label: str
    value: str


@dataclass(frozen=True)
class PrintedSection:
    number: str
    title: str
    entries: tuple[Entry, ...]
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    table_title: str = ""
    numeric: tuple[bool, ...] = ()  # per column: right-aligned figures
    table_first: bool = False  # the results table before the text (REFERENCE §5, Mẫu 08)

    @property
    def cells(self) -> tuple[tuple[tuple[str, bool], ...], ...]:
        """Each row as (text, numeric) pairs, for the template."""
        return tuple(tuple(zip(row, self.numeric or (False,) * len(row), strict=True)) for row in self.rows)


@dataclass(frozen=True)
class ReportDocument:
    """Everything the achievement report prints."""

    letterhead: Letterhead
    form_label: str  # "Mẫu số 05", above the letterhead as the annex prints it
    title: str
    title_lines: tuple[str, ...]
    award_line: str
    achievement: str
    subject_label: str
    subject_name: str
    sections: tuple[PrintedSection, ...]
    reporter: Signature
    reporter_note: str
    confirmer: Signature


@dataclass(frozen=True)
class ListLine:
    """One candidate in a list: STT · name · position/unit · award form · achievement."""

    position: int
    name: str
    role: str
    subject_type: str
    award: str
    achievement: str


@dataclass(frozen=True)
class LetterDocument:
    """A Tờ trình (the unit's, the office's, the commune's to the city) or the minutes template:
    the text is written for the round's kind and the listed award forms, and the candidates
    follow the signature as an attached list ("Kèm theo Tờ trình số …")."""

    letterhead: Letterhead
    addressee: str
    legal_bases: tuple[str, ...]
    round: Round
    issuer_name: str
    lines: tuple[ListLine, ...]
    signature: Signature
    recipients: tuple[str, ...]
    decider: str = ""  # "Chủ tịch Ủy ban nhân dân xã Thượng Phúc": who is asked to award
    summary_verb: str = "đề nghị"  # "đề nghị xét" when the council is asked to consider
    addressee_via: str = ""  # "(qua Phòng Văn hóa – Xã hội)", printed unbroken after the addressee
    chair_title: str = ""  # the minutes template: the chair's position, beside her name

    @property
    def basis_lines(self) -> tuple[str, ...]:
        """The căn cứ as printed (`citations.printed_bases`)."""
        return citations.printed_bases(self.legal_bases)

    @property
    def collectives(self) -> int:
        return sum(1 for line in self.lines if line.subject_type == SubjectType.COLLECTIVE)

    @property
    def individuals(self) -> int:
        return len(self.lines) - self.collectives

    @property
    def award_names(self) -> str:
        return ", ".join(dict.fromkeys(wording.spelled_out(line.award) for line in self.lines))

    @property
    def summary(self) -> str:
        """The trích yếu ("Về việc đề nghị tặng Giấy khen … cho các tập thể, cá nhân đã có
        thành tích xuất sắc trong phong trào thi đua “…” năm 2026")."""
        return wording.summary_line(self.lines, self.round, verb=self.summary_verb)

    @property
    def achievement(self) -> str:
        """ "xuất sắc trong phong trào thi đua “…” năm 2026", "xuất sắc đột xuất trong …"."""
        return wording.achievement_phrase(self.round, (line.achievement for line in self.lines))

    @property
    def awards(self) -> str:
        """ "Giấy khen của Chủ tịch … cho 01 tập thể và 02 cá nhân" (one clause per form)."""
        return wording.award_phrase(self.lines)

    @property
    def subjects(self) -> str:
        return wording.subjects_phrase(self.collectives, self.individuals)

    @property
    def day(self) -> str:
        """The document's day in running text ("ngày 05 tháng 12 năm 2026"), blanks for the day
        and month while it has no date."""
        if self.letterhead.date:
            return legal_date(self.letterhead.date)
        return f"ngày …… tháng …… năm {self.letterhead.year or timezone.localdate().year}"

    @property
    def annex_note(self) -> str:
        """ "(Kèm theo Tờ trình số 11/TTr-TTPVHCC ngày 07/12/2026 của Trung tâm …)", with blanks
        for the number and the date while the letter is not registered."""
        head = self.letterhead
        number = f"{head.number}/{head.symbol}" if head.number else f"{chr(0xA0) * 6}/{head.symbol}"
        if head.date:
            dated = f"ngày {head.date:%d/%m/%Y}"
        else:
            dated = f"ngày{chr(0xA0) * 4}/{chr(0xA0) * 4}/{head.year or timezone.localdate().year}"
        return f"(Kèm theo Tờ trình số {number} {dated} của {self.issuer_name})"


# --------------------------------------------------------------------------- helpers


def commune_heading() -> tuple[str, str]:
    """(parent body in capitals, place name) of the commune for a letterhead; the default
    authority and no place before the commune is set up."""
    commune = wording.current_commune()
    if commune is None:
        return DEFAULT_AUTHORITY, ""
    return commune.authority_name.upper(), commune.place_name


def _letterhead(issuer: str, symbol: str, number: str = "", date=None, year=None) -> Letterhead:
    """The letterhead of a body of the People's Committee (the office)."""
    parent, place = commune_heading()
    return Letterhead(
        parent_body=parent,
        issuer=issuer.upper(),
        symbol=symbol,
        number=number,
        place=place,
        date=date,
        year=year,
    )


def unit_letterhead(unit: Unit, symbol: str, number: str = "", date=None, year=None) -> Letterhead:
    """A unit's letterhead under its own parent body (`Unit.parent`): the People's Committee
    for its offices and centres, the Fatherland Front's committee for the mass organisations
    under it. Without a recorded parent, a body of the People's Committee still prints under
    the commune's authority, while a mass organisation or the police (not bodies of the
    People's Committee, UNDER_OWN_NAME) head the document alone; the People's Committee
    itself issues in its own name. Organisations with their own heading (OWN_HEADINGS) print
    it instead of the quốc hiệu."""
    authority, place = commune_heading()
    motto = next(
        (
            heading
            for prefix, heading in OWN_HEADINGS.items()
            if unit.name.casefold().startswith(prefix.casefold())
        ),
        None,
    )
    if unit.parent_id:
        parent, issuer = unit.parent.name, unit.name
    elif unit.kind == UnitKind.AUTHORITY:
        parent, issuer = authority, ""
    elif unit.kind in UNDER_OWN_NAME:
        parent, issuer = "", unit.name
    else:
        parent, issuer = authority, unit.name
    extra = {"motto": motto} if motto else {}
    return Letterhead(
        parent_body=parent.upper(),
        issuer=issuer.upper(),
        symbol=symbol,
        number=number,
        place=place,
        date=date,
        year=year,
        **extra,
    )


def document_year(*dates: datetime.date | None) -> int:
    """The year a document without a date belongs to: that of the first known date of its
    step in the round (a past round's letter is dated in that round's year), never later
    than the current year."""
    today = timezone.localdate()
    known = next((day for day in dates if day is not None), today)
    return min(known.year, today.year)


def office_signature() -> Signature:
    """The head of the office's signature: "TRƯỞNG PHÒNG" and her name from the commune's
    settings (left blank to write by hand while none is recorded)."""
    commune = wording.current_commune()
    return Signature(capacity=(OFFICE_HEAD,), name=commune.office_head_name if commune else "")


def chairman_title() -> str:
    """ "Chủ tịch Ủy ban nhân dân xã Thượng Phúc" """
    return f"Chủ tịch Ủy ban nhân dân {wording.commune_name()}"


def _printed_value(text: str, kind: str) -> str:
    if kind == "number" and text:
        return vn_number(Decimal(text))
    return text


def _places(text: str) -> int:
    return len(text.partition(".")[2])


def _printed_rows(table, rows: list[dict]) -> tuple[tuple[str, ...], ...]:
    """A table's rows as printed: numbers in the Vietnamese form with as many decimals in a
    column as its most precise value ("94,10" beside "72,13"; at most two)."""
    places = {
        column.key: max((_places(row.get(column.key) or "") for row in rows), default=0)
        for column in table.columns
        if column.kind == "number"
    }
    printed = []
    for row in rows:
        cells = []
        for column in table.columns:
            text = row.get(column.key, "")
            if column.kind == "number" and text:
                text = vn_fixed(Decimal(text), places=min(places[column.key], 2))
            cells.append(text)
        printed.append(tuple(cells))
    return tuple(printed)


def _printed_sections(nomination: Nomination) -> tuple[PrintedSection, ...]:
    report = merged(nomination)
    printed = []
    for section in sections(nomination):
        values = report.get(section.key, {})
        entries = tuple(
            Entry(f.printed, _printed_value(values.get(f.key, ""), f.kind)) for f in section.fields
        )
        table = section.table
        printed.append(
            PrintedSection(
                number=section.number,
                title=section.title,
                entries=entries,
                columns=tuple(c.printed for c in table.columns) if table else (),
                rows=_printed_rows(table, values.get("rows", [])) if table else (),
                numeric=tuple(c.kind in ("number", "year") for c in table.columns) if table else (),
                table_title=_table_title(nomination, values.get("rows", []))
                if table and section.key == "achievements"
                else "",
                table_first=section.key == "achievements",
            )
        )
    return tuple(printed)


def _table_title(nomination: Nomination, rows: list[dict]) -> str:
    """The targets table's title. An individual's table holds her own figures (the prefill
    leaves it empty); one saved from an earlier prefill with her unit's registration is
    labelled as the unit's, never printed as her own."""
    if nomination.subject_type == SubjectType.COLLECTIVE:
        return "Kết quả thực hiện các chỉ tiêu thi đua đã đăng ký"
    unit_targets = {(row["indicator"], row["plan"]) for row in target_rows(nomination)}
    if rows and {(row.get("indicator"), row.get("plan")) for row in rows} <= unit_targets:
        unit = nomination.subject_cadre.unit
        return f"Kết quả thực hiện các chỉ tiêu thi đua của đơn vị ({unit.name}), nơi cá nhân công tác"
    return "Kết quả thực hiện nhiệm vụ, chỉ tiêu của cá nhân"


def _achievement(nomination: Nomination) -> str:
    round_ = nomination.round
    if round_.is_year_end:
        return f"(Thành tích trong thực hiện nhiệm vụ năm {round_.year})"
    if nomination.report_form == "08" and round_.campaign_id:
        return f"(Thành tích trong phong trào thi đua “{round_.campaign.title}” năm {round_.year})"
    return f"({nomination.summary})" if nomination.summary else ""


def _reporter(nomination: Nomination) -> Signature:
    """Who signs the report: for a collective the head of that unit (never the proposal's
    signer, who may be a clerk and a candidate of the same proposal); for an individual
    herself."""
    if nomination.subject_type == SubjectType.COLLECTIVE:
        name, _position = head_of_unit(nomination.subject_unit)
        return Signature(capacity=("THỦ TRƯỞNG ĐƠN VỊ",), name=name)
    return Signature(capacity=("NGƯỜI BÁO CÁO THÀNH TÍCH",), name=nomination.subject_name)


@wording.one_commune()
def report_document(nomination: Nomination) -> ReportDocument:
    """The achievement report's view-model: the stored report, the records filling its gaps.
    ValueError for a year-end nomination whose title needs no report."""
    nomination = Nomination.objects.select_related(
        "round__campaign", "proposal__unit__parent", "subject_unit", "subject_cadre__unit", "award_form"
    ).get(pk=nomination.pk)
    proposal, form = nomination.proposal, form_of(nomination)
    if form is None:
        raise ValueError(f"“{nomination.award_form}” needs no achievement report")
    collective = nomination.subject_type == SubjectType.COLLECTIVE
    award = wording.spelled_out(nomination.award_form.name)
    if nomination.round.is_year_end:
        award_line = f"(Đề nghị tặng {wording.award_name(award)} năm {nomination.round.year})"
    else:
        award_line = f"(Đề nghị tặng {award})"
    return ReportDocument(
        letterhead=unit_letterhead(
            proposal.unit, symbol="", year=document_year(proposal.letter_date, nomination.round.submit_by)
        ),
        form_label=f"Mẫu số {form.number}",
        title=form.printed_title,
        title_lines=(form.title, form.purpose.upper()),
        award_line=award_line,
        achievement=_achievement(nomination),
        subject_label="Tên tập thể đề nghị" if collective else "Họ và tên",
        subject_name=full_unit_name(nomination.subject_unit) if collective else nomination.subject_name,
        sections=_printed_sections(nomination),
        reporter=_reporter(nomination),
        reporter_note="(Ký, đóng dấu)" if collective else "(Ký, ghi rõ họ và tên)",
        confirmer=Signature(capacity=("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",)),
    )


@wording.one_commune()
def report_pdf(nomination: Nomination) -> bytes:
    """The achievement report of one nomination (Mẫu 06 / 08, or the year-end Mẫu 05 / 04),
    as PDF bytes."""
    doc = report_document(nomination)
    return render_pdf("documents/nominations/report.html", {"doc": doc, "letterhead": doc.letterhead})


# --------------------------------------------------------------------------- lists


@wording.one_commune()
def list_lines(nominations) -> tuple[ListLine, ...]:
    """Candidates in print order (collectives first, then individuals), numbered; names,
    positions and award forms with their abbreviations spelled out."""
    rows = sorted(nominations, key=lambda n: (n.subject_type != SubjectType.COLLECTIVE, n.pk))
    lines = []
    for position, nomination in enumerate(rows, start=1):
        if nomination.subject_type == SubjectType.COLLECTIVE:
            role = (
                nomination.proposal.unit.name
                if nomination.subject_unit_id != nomination.proposal.unit_id
                else ""
            )
        else:
            cadre = nomination.subject_cadre
            role = ", ".join(part for part in (cadre.position, cadre.unit.name) if part)
        lines.append(
            ListLine(
                position=position,
                name=wording.spelled_out(nomination.subject_name),
                role=wording.spelled_out(role),
                subject_type=nomination.subject_type,
                award=wording.spelled_out(nomination.award_form.name),
                achievement=nomination.summary,
            )
        )
    return tuple(lines)


def _listed(queryset):
    return queryset.select_related("proposal__unit", "subject_unit", "subject_cadre__unit", "award_form")


def _unit_symbol(proposal: Proposal, kind: str) -> tuple[str, str]:
    """(number, symbol) of the unit's document: from the recorded Tờ trình number when it
    has one ("12/TTr-TTPVHCC"), else the type and the unit's short name."""
    if kind == "TTr" and "/" in proposal.letter_number:
        number, symbol = proposal.letter_number.split("/", 1)
        return padded_number(number), symbol.strip()
    # The ký hiệu is in capitals without spaces (NĐ 30/2020): "BB-TTPVHCC", even from a short
    # name entered before the rule was checked.
    short = "".join(proposal.unit.short_name.split()).upper()
    return "", f"{kind}-{short}" if short else kind


@wording.one_commune()
def letter_document(proposal: Proposal, *, kind: str = "TTr") -> LetterDocument:
    """The unit's Tờ trình (kind "TTr") or minutes template (kind "BB") view-model."""
    proposal = Proposal.objects.select_related("unit__parent", "round__campaign").get(pk=proposal.pk)
    number, symbol = _unit_symbol(proposal, kind)
    lines = list_lines(_listed(proposal.nominations.exclude(state__in=LISTED_OUT)))
    date = proposal.letter_date if kind == "TTr" else proposal.meeting_date
    year = document_year(date, proposal.letter_date, proposal.round.submit_by)
    chairman = chairman_title()
    return LetterDocument(
        letterhead=unit_letterhead(proposal.unit, symbol, number, date, year),
        addressee=chairman,
        addressee_via=f"(qua {OFFICE_NAME})",
        legal_bases=LEGAL_BASES + plan_basis(proposal.round),
        round=proposal.round,
        issuer_name=wording.spelled_out(proposal.unit.name),
        lines=lines,
        signature=Signature(
            capacity=(proposal.signer_title.upper() or "THỦ TRƯỞNG ĐƠN VỊ",), name=proposal.signer_name
        ),
        recipients=("Như trên", f"Lưu: VT, {proposal.unit.short_name or 'đơn vị'}"),
        decider=chairman,
        chair_title=proposal.signer_title,
    )


def _render_letter(template: str, doc: LetterDocument) -> bytes:
    context = {
        "doc": doc,
        "letterhead": doc.letterhead,
        "signature": doc.signature,
        "recipients": doc.recipients,
    }
    return render_pdf(template, context)


@wording.one_commune()
def unit_letter_pdf(proposal: Proposal) -> bytes:
    """The unit's Tờ trình đề nghị khen thưởng with its list of candidates, as PDF bytes."""
    return _render_letter("documents/nominations/unit_letter.html", letter_document(proposal))


@wording.one_commune()
def minutes_template_pdf(proposal: Proposal) -> bytes:
    """The unit's selection-meeting minutes (biên bản họp xét) with blanks to fill by hand
    and the candidate list, as PDF bytes."""
    return _render_letter("documents/nominations/minutes.html", letter_document(proposal, kind="BB"))


@wording.one_commune()
def office_document(round_: Round) -> LetterDocument:
    """The office's Tờ trình to the council: the round's shortlisted nominations."""
    round_ = Round.objects.select_related("campaign").get(pk=round_.pk)
    shortlisted = _listed(Nomination.objects.filter(round=round_, state=NominationState.SHORTLISTED))
    chairman = chairman_title()
    return LetterDocument(
        letterhead=_letterhead(OFFICE, "TTr-VHXH", year=document_year(round_.council_on, round_.review_by)),
        addressee=f"Hội đồng Thi đua – Khen thưởng {wording.commune_name()}",
        legal_bases=LEGAL_BASES + plan_basis(round_),
        round=round_,
        issuer_name=OFFICE_NAME,
        lines=list_lines(shortlisted),
        signature=office_signature(),
        recipients=("Như trên", chairman, "Lưu: VT, VHXH"),
        decider=chairman,
        summary_verb="đề nghị xét",
    )


@wording.one_commune()
def office_letter_pdf(round_: Round) -> bytes:
    """VHXH's Tờ trình to the council listing the round's shortlisted nominations, as PDF."""
    return _render_letter("documents/nominations/office_letter.html", office_document(round_))
