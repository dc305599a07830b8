"""The Quyết định khen thưởng as PDF (REFERENCE §5), with its annexed list.

`snapshot_of(decision, lines)` gathers every printed fact into one JSON-ready dict; issuing
stores it on the decision, and an issued decision is printed from that dict alone, so a
reprint years later is identical whatever happened to the people and units since. A draft
is printed from a snapshot computed on the spot, with a blank number and date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from awards.models import Award, Decision, DecisionKind, SignerCapacity
from awards.services.decisions import drafting, lines, salary
from nominations import citations, wording
from nominations.models import SubjectType
from thiduaportal.dates import legal_date
from thiduaportal.documents import Letterhead, Signature, awardee_count, render_pdf, vn_number
from thiduaportal.vnwords import amount_in_words
from units.models import Commune

GROUPS = {SubjectType.COLLECTIVE: "TẬP THỂ", SubjectType.INDIVIDUAL: "CÁ NHÂN"}
# What an amending decision compares between the line of the list and the corrected record.
AMENDED_FIELDS = (
    ("name", "Tên tập thể, họ và tên cá nhân"),
    ("detail", "Chức vụ, đơn vị"),
    ("award", "Hình thức khen thưởng"),
)
CAPACITY_LINES = {
    SignerCapacity.CHAIRMAN: ("CHỦ TỊCH",),
    SignerCapacity.DEPUTY: ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
}


def _commune() -> tuple[str, str, str]:
    commune = Commune.current()
    if commune is None:
        return "ỦY BAN NHÂN DÂN XÃ", "", "xã"
    return commune.authority_name.upper(), commune.place_name, commune.name


def listed_at(corrected: Decision, award: Award) -> str:
    """Where an award stands in the list of the decision that made it, as the annex numbers
    it (each group from 1): "số thứ tự 2 mục II. CÁ NHÂN"."""
    printed = corrected.snapshot.get("lines", [])
    has_collectives = any(line["subject_type"] == SubjectType.COLLECTIVE for line in printed)
    same = [line for line in printed if line["subject_type"] == award.subject_type]
    number = next(
        (n for n, line in enumerate(same, start=1) if line["position"] == award.position), award.position
    )
    roman = "II" if award.subject_type == SubjectType.INDIVIDUAL and has_collectives else "I"
    return f"số thứ tự {number} mục {roman}. {GROUPS[award.subject_type]}"


def _corrected_awards(decision: Decision, printed: list[lines.Line]) -> list[dict]:
    """For a correction: each award it revokes or amends, named, with its place in the list
    and, for an amendment, what changes (field, as listed, as corrected) and the new amount."""
    if decision.kind == DecisionKind.AWARD:
        return []
    corrected_lines = {line.nomination_id: line for line in printed}
    found = []
    for award in decision.targets.select_related("cadre").order_by("position", "pk"):
        entry = {
            "named": drafting.named(award),
            "detail": award.recipient_detail,
            "award": award.award_name,
            "listed_at": listed_at(decision.corrects, award),
            "amount": int(award.amount),
        }
        line = corrected_lines.get(award.nomination_id)
        if decision.kind == DecisionKind.AMENDMENT and line is not None:
            before = {
                "name": award.recipient_name,
                "detail": award.recipient_detail,
                "award": award.award_name,
            }
            after = {"name": line.name, "detail": line.detail, "award": line.award}
            changed = [key for key, _label in AMENDED_FIELDS if before[key] != after[key]]
            entry["changes"] = [
                {"field": dict(AMENDED_FIELDS)[key], "before": before[key], "after": after[key]}
                for key in changed
            ]
            entry["amount_after"] = int(line.amount)
        found.append(entry)
    return found


def snapshot_of(decision: Decision, printed: list[lines.Line], *, base_salary: int | None = None) -> dict:
    """Every printed fact of the decision, as stored when it is issued (a draft's preview
    passes the `base_salary` its lines were computed on)."""
    parent_body, place, commune_name = _commune()
    corrects = decision.corrects
    session = decision.session
    return {
        "kind": decision.kind,
        "symbol": decision.symbol,
        "number": decision.number,
        "number_text": decision.number_text,
        "issued_on": decision.issued_on.isoformat() if decision.issued_on else None,
        "parent_body": parent_body,
        "place": place,
        "commune_name": commune_name,
        "title": decision.title,
        "achievement": decision.achievement,
        "letter_reference": decision.letter_reference,
        "legal_bases": list(decision.legal_bases),
        "cash_source": decision.cash_source,
        "executors": decision.executors,
        "recipients": list(decision.recipients),
        "reason": decision.reason,
        "signer_capacity": decision.signer_capacity,
        "signer_name": decision.signer_name,
        "base_salary": int(base_salary if base_salary is not None else decision.base_salary or 0),
        # Frozen with the text since the amount in words is our own reading; a snapshot
        # without it was issued before and prints its Article 2 as it was worded then.
        "total_words": amount_in_words(sum(line.amount for line in printed)),
        "corrects": (
            {
                "number_text": corrects.number_text,
                "issued_on": corrects.issued_on.isoformat(),
                "basis": drafting.corrected_basis(corrects),
            }
            if corrects
            else None
        ),
        "council_met_on": (
            timezone.localtime(session.meets_at).date().isoformat() if session is not None else None
        ),
        "corrected_awards": _corrected_awards(decision, printed),
        # The year-end review's decision recognises titles: its articles and list read by title.
        "year_end": bool(decision.round_id and decision.round.is_year_end),
        "year": decision.round.year if decision.round_id else None,
        # Its certificates print the golden-book number with its year ("27/2026"); a snapshot
        # without this was issued before and its certificates reprint the bare number.
        "book_with_year": True,
        "lines": [line.as_dict() for line in printed],
    }


@dataclass(frozen=True)
class PrintedLine:
    line: lines.Line

    def __getattr__(self, name):
        return getattr(self.line, name)

    @property
    def amount_text(self) -> str:
        return vn_number(self.line.amount)


def roman(number: int) -> str:
    """1 → "I", 4 → "IV": the annex's group numbers."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text, number = text + letters, number - value
    return text


@dataclass(frozen=True)
class TitleGroup:
    """One title of the year-end list: its number, name, kind and lines by unit."""

    roman: str
    name: str
    subject_type: str
    units: dict[str, list[tuple[int, PrintedLine]]]

    @property
    def count(self) -> int:
        return sum(len(found) for found in self.units.values())

    @property
    def count_text(self) -> str:
        """ "03 cá nhân", "01 tập thể"."""
        return f"{self.count:02d} {'tập thể' if self.subject_type == SubjectType.COLLECTIVE else 'cá nhân'}"

    @property
    def unit_lines(self) -> list[tuple[str, list[tuple[int, PrintedLine]]]]:
        """(unit, [(number within the title, line)]) in the list's order."""
        return list(self.units.items())


@dataclass(frozen=True)
class DecisionDocument:
    """The view-model of the decision's template, built from a snapshot dict."""

    data: dict
    letterhead: Letterhead
    signature: Signature
    lines: tuple[PrintedLine, ...]

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def is_correction(self) -> bool:
        return self.data["kind"] != DecisionKind.AWARD

    @property
    def is_draft(self) -> bool:
        """Not issued: printed with a "DỰ THẢO" mark on every page."""
        return not self.data["issued_on"]

    @property
    def corrects_text(self) -> str:
        """ "Quyết định số 01/QĐ-UBND ngày 15 tháng 9 năm 2026 của Chủ tịch Ủy ban nhân dân xã …"."""
        corrects = self.data.get("corrects")
        if not corrects:
            return ""
        day = datetime.date.fromisoformat(corrects["issued_on"])
        return f"Quyết định số {corrects['number_text']} {legal_date(day)} của Chủ tịch {self.authority}"

    @property
    def authority(self) -> str:
        return f"Ủy ban nhân dân {self.data['commune_name']}"

    @property
    def proposed_by(self) -> str:
        """The closing line of the căn cứ: who proposed, in which Tờ trình."""
        who = "Trưởng phòng Văn hóa – Xã hội"
        if self.data.get("council_met_on"):
            who = f"{citations.COUNCIL_NAME} xã và {who}"
        reference = self.data["letter_reference"]
        return f"Xét đề nghị của {who} tại {reference}" if reference else f"Xét đề nghị của {who}"

    @property
    def basis_lines(self) -> tuple[str, ...]:
        """The căn cứ as printed ("Căn cứ …;", the proposal line last, ending with ".")."""
        bases = list(self.data["legal_bases"])
        corrects = self.data.get("corrects")
        if corrects and not any(corrects["number_text"] in basis for basis in bases):
            bases.append(corrects.get("basis") or self.corrects_text)
        return citations.printed_bases(bases, closing=self.proposed_by)

    @property
    def corrected_awards(self) -> list[dict]:
        return self.data.get("corrected_awards") or []

    @property
    def corrected_names(self) -> str:
        names = [entry["named"] for entry in self.corrected_awards]
        if not names:
            return f"{len(self.lines)} tập thể, cá nhân"
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"

    @property
    def amount_changes(self) -> tuple[str, ...]:
        """An amendment's money, one sentence per amended award whose amount changes; none when
        the corrected record keeps the award's amount (a reward is never paid twice)."""
        sentences = []
        for entry in self.corrected_awards:
            difference = entry.get("amount_after", entry["amount"]) - entry["amount"]
            if difference > 0:
                sentences.append(
                    f"Chi bổ sung tiền thưởng cho {entry['named']} {vn_number(difference)} đồng."
                )
            elif difference < 0:
                named = entry["named"]
                sentences.append(
                    f"{named[0].upper()}{named[1:]} hoàn trả phần tiền thưởng chênh lệch "
                    f"{vn_number(-difference)} đồng."
                )
        return tuple(sentences)

    @property
    def awardee_count(self) -> str:
        """ "01 tập thể và 02 cá nhân", without an empty group."""
        return awardee_count(len(self.collectives), len(self.individuals))

    @property
    def achievement_clause(self) -> str:
        """The achievement inside Article 1: "đã có thành tích …", its case kept (only the
        leading "Đã" of the printed line becomes "đã")."""
        text = self.achievement_line
        return f"{text[0].lower()}{text[1:]}" if text else text

    @property
    def collectives(self) -> tuple[PrintedLine, ...]:
        return tuple(line for line in self.lines if line.subject_type == SubjectType.COLLECTIVE)

    @property
    def individuals(self) -> tuple[PrintedLine, ...]:
        return tuple(line for line in self.lines if line.subject_type == SubjectType.INDIVIDUAL)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def total_text(self) -> str:
        return vn_number(self.total)

    @property
    def base_salary_text(self) -> str:
        return vn_number(self.data["base_salary"])

    @property
    def total_words(self) -> str:
        return self.data.get("total_words") or amount_in_words(self.total)

    @property
    def states_coefficients(self) -> bool:
        """Article 2 names each amount's coefficient (snapshots that recorded them)."""
        return "total_words" in self.data and all(line.coefficient for line in self.lines)

    @property
    def award_names(self) -> str:
        """The award forms of the list, the committee written in full (X10 of the review)."""
        with wording.one_commune():  # the commune read once, not once a line
            names = dict.fromkeys(wording.spelled_out(line.award) for line in self.lines)
        return ", ".join(names) or "Giấy khen"

    @property
    def achievement_line(self) -> str:
        return lines.printed_achievement(self.data["achievement"])

    @property
    def rates(self) -> tuple[tuple[str, str], ...]:
        """(subject, amount) for each kind of awardee in the list, e.g. ("tập thể", "1.404.000")."""
        seen = {}
        for line in self.lines:
            label = "tập thể" if line.subject_type == SubjectType.COLLECTIVE else "cá nhân"
            seen.setdefault(label, line.amount_text)
        return tuple(seen.items())

    @property
    def coefficient_rates(self) -> tuple[tuple[str, str, str], ...]:
        """(subject, amount, coefficient) for each distinct rate in the list, in Vietnamese
        figures: ("tập thể", "1.518.000", "0,6"), ("cá nhân", "759.000", "0,3")."""
        seen = {}
        for line in self.lines:
            label = "tập thể" if line.subject_type == SubjectType.COLLECTIVE else "cá nhân"
            seen.setdefault((label, line.amount_text, vn_number(Decimal(line.coefficient))), None)
        return tuple(seen)

    @property
    def is_year_end(self) -> bool:
        return bool(self.data.get("year_end"))

    @property
    def title_groups(self) -> tuple[TitleGroup, ...]:
        """The year-end list by title, in the list's order, each title's lines by unit."""
        groups: dict[str, TitleGroup] = {}
        for line in self.lines:
            name = line.award.removeprefix("Danh hiệu ").strip()
            group = groups.setdefault(name, TitleGroup(roman(len(groups) + 1), name, line.subject_type, {}))
            group.units.setdefault(line.unit_name, []).append((group.count + 1, line))
        return tuple(groups.values())

    @property
    def title_rates(self) -> tuple[tuple[str, str, str, str], ...]:
        """(title, "tập thể" / "cá nhân", amount, coefficient) for each title of the year-end list."""
        rates = []
        for group in self.title_groups:
            first = next(iter(group.units.values()))[0][1]
            label = "tập thể" if group.subject_type == SubjectType.COLLECTIVE else "cá nhân"
            coefficient = vn_number(Decimal(first.coefficient)) if first.coefficient else ""
            rates.append((group.name, label, first.amount_text, coefficient))
        return tuple(rates)

    @property
    def dated(self) -> str:
        issued = self.data["issued_on"]
        return legal_date(datetime.date.fromisoformat(issued)) if issued else "ngày      tháng      năm"


def decision_document(decision: Decision, snapshot: dict | None = None) -> DecisionDocument:
    """The view-model: from the stored snapshot once issued, else from the draft as it stands."""
    if snapshot is None:
        if decision.is_issued:
            snapshot = decision.snapshot
        else:
            salary = _salary(decision)
            snapshot = snapshot_of(decision, lines.lines_of(decision, base_salary=salary), base_salary=salary)
    issued = snapshot["issued_on"]
    letterhead = Letterhead(
        parent_body=snapshot["parent_body"],
        issuer="",
        symbol=snapshot["symbol"],
        number=str(snapshot["number"] or ""),
        place=snapshot["place"],
        date=datetime.date.fromisoformat(issued) if issued else None,
    )
    signature = Signature(capacity=CAPACITY_LINES[snapshot["signer_capacity"]], name=snapshot["signer_name"])
    printed = tuple(PrintedLine(lines.Line(**line)) for line in snapshot["lines"])
    return DecisionDocument(data=snapshot, letterhead=letterhead, signature=signature, lines=printed)


def _salary(decision: Decision) -> int:
    """The frozen value once issued; for a draft (it has no date yet) the lương cơ sở in
    force today."""
    if decision.base_salary:
        return int(decision.base_salary)
    return salary.amount_for(decision, timezone.localdate())


def decision_pdf(decision: Decision, snapshot: dict | None = None) -> bytes:
    """The decision and its annexed list as PDF (a draft prints with a blank number and date,
    and "DỰ THẢO" across every page; the issued text, from its snapshot, never does)."""
    doc = decision_document(decision, snapshot)
    context = {
        "draft": snapshot is None and not decision.is_issued,
        "doc": doc,
        "letterhead": doc.letterhead,
        "signature": doc.signature,
        "recipients": doc.recipients,
    }
    return render_pdf("documents/awards/decision.html", context)
