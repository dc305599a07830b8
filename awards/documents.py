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

from awards.models import Decision, DecisionKind, SignerCapacity
from awards.services.decisions import lines
from awards.services.decisions.salary import base_salary_on
from nominations.models import SubjectType
from thiduaportal.documents import Letterhead, Signature, render_pdf, vn_number
from thiduaportal.vnwords import amount_in_words
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


def snapshot_of(decision: Decision, printed: list[lines.Line], *, base_salary: int | None = None) -> dict:
    """Every printed fact of the decision, as stored when it is issued (a draft's preview
    passes the `base_salary` its lines were computed on)."""
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
        "base_salary": int(base_salary if base_salary is not None else decision.base_salary or 0),
        # Frozen with the text since the amount in words is our own reading; a snapshot
        # without it was issued before and prints its Article 2 as it was worded then.
        "total_words": amount_in_words(sum(line.amount for line in printed)),
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
    def coefficient_rates(self) -> tuple[tuple[str, str, str], ...]:
        """(subject, amount, coefficient) for each distinct rate in the list, in Vietnamese
        figures: ("tập thể", "1.518.000", "0,6"), ("cá nhân", "759.000", "0,3")."""
        seen = {}
        for line in self.lines:
            label = "tập thể" if line.subject_type == SubjectType.COLLECTIVE else "cá nhân"
            seen.setdefault((label, line.amount_text, vn_number(Decimal(line.coefficient))), None)
        return tuple(seen)

    @property
    def dated(self) -> str:
        issued = self.data["issued_on"]
        return f"ngày {datetime.date.fromisoformat(issued):%d/%m/%Y}" if issued else "ngày      /     /"


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
    return int(base_salary_on(timezone.localdate()).amount)


def decision_pdf(decision: Decision, snapshot: dict | None = None) -> bytes:
    """The decision and its annexed list as PDF (a draft prints with a blank number and date)."""
    doc = decision_document(decision, snapshot)
    context = {
        "doc": doc,
        "letterhead": doc.letterhead,
        "signature": doc.signature,
        "recipients": doc.recipients,
    }
    return render_pdf("documents/awards/decision.html", context)
