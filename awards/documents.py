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

from django.conf import settings
from num2words import num2words

from awards.models import Decision, DecisionKind, SignerCapacity
from awards.services.decisions import lines
from nominations.models import SubjectType
from thiduaportal.documents import Letterhead, Signature, render_pdf, vn_number
from units.models import Commune

CAPACITY_LINES = {
    SignerCapacity.CHAIRMAN: ("CHỦ TỊCH",),
    SignerCapacity.DEPUTY: ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
}


def _commune() -> tuple[str, str, str]:
    commune = Commune.current()
    if commune is None:
        return "ỦY BAN NHÂN DÂN XÃ", "", "xã"
    return commune.authority_name.upper(), commune.place_name, commune.name


def snapshot_of(decision: Decision, printed: list[lines.Line]) -> dict:
    """Every printed fact of the decision, as stored when it is issued."""
    parent_body, place, commune_name = _commune()
    corrects = decision.corrects
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
        "base_salary": int(decision.base_salary or 0),
        "corrects": (
            {"number_text": corrects.number_text, "issued_on": corrects.issued_on.isoformat()}
            if corrects
            else None
        ),
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
    def corrects_text(self) -> str:
        corrects = self.data.get("corrects")
        if not corrects:
            return ""
        day = datetime.date.fromisoformat(corrects["issued_on"])
        return f"Quyết định số {corrects['number_text']} ngày {day:%d/%m/%Y}"

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
        return vn_number(self.data["base_salary"] or settings.BASE_SALARY)

    @property
    def total_words(self) -> str:
        words = num2words(self.total, lang="vi") if self.total else "không"
        return f"{words[0].upper()}{words[1:]} đồng"

    @property
    def award_names(self) -> str:
        return ", ".join(dict.fromkeys(line.award for line in self.lines)) or "Giấy khen"

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
    def dated(self) -> str:
        issued = self.data["issued_on"]
        return f"ngày {datetime.date.fromisoformat(issued):%d/%m/%Y}" if issued else "ngày      /     /"


def decision_document(decision: Decision, snapshot: dict | None = None) -> DecisionDocument:
    """The view-model: from the stored snapshot once issued, else from the draft as it stands."""
    if snapshot is None:
        snapshot = (
            decision.snapshot
            if decision.is_issued
            else snapshot_of(decision, lines.lines_of(decision, base_salary=_salary(decision)))
        )
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
    return int(decision.base_salary or Decimal(settings.BASE_SALARY))


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
