"""Decisions and the registry: `adhoc_shortlist` (an ad hoc round under review with a
shortlist, decided without a council), `issued_decision` (drafted and issued through the
services, so it has its numbers, awards, codes and frozen PDF), and `ImportedAwardFactory`."""

from __future__ import annotations

import datetime
import itertools

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from awards.models import Award, AwardSource, CertificateDesign, Decision, PrinterProfile
from awards.services.decisions import drafting, issuing, numbering
from nominations.models import Nomination, NominationState, Round, RoundKind, RoundState, SubjectType
from units.models import Unit

from .nominations import AwardFormFactory, NominationFactory, ProposalFactory, RoundFactory
from .units import CadreFactory, UnitFactory, UserFactory

ISSUED_ON = datetime.date(2026, 9, 15)
_serial = itertools.count(1)


def adhoc_shortlist(*, collectives: int = 1, individuals: int = 2, year: int = 2026) -> Round:
    """An ad hoc round under review whose nominations are shortlisted (no council needed)."""
    round_ = RoundFactory(
        kind=RoundKind.ADHOC,
        campaign=None,
        year=year,
        title=f"Khen thưởng đột xuất năm {year} – ứng phó mưa lớn",
        quota_collectives=None,
        quota_individuals=None,
        state=RoundState.REVIEW,
    )
    form = AwardFormFactory()
    for _ in range(collectives):
        unit = UnitFactory(name=f"Đội Thanh niên xung kích thôn Đông {next(_serial)}")
        NominationFactory(
            proposal=ProposalFactory(round=round_, unit=unit),
            collective=True,
            award_form=form,
            state=NominationState.SHORTLISTED,
            summary="Đã có thành tích xuất sắc trong ứng phó mưa lớn, ngập úng tháng 8 năm 2026",
        )
    unit = Unit.objects.filter(name="Phòng Kinh tế").first() or UnitFactory(name="Phòng Kinh tế")
    proposal = ProposalFactory(round=round_, unit=unit)
    for number in range(individuals):
        NominationFactory(
            proposal=proposal,
            subject_cadre=CadreFactory(
                unit=unit, full_name=f"Nguyễn Thị Hường {number + 1}", position="Chuyên viên"
            ),
            award_form=form,
            state=NominationState.SHORTLISTED,
            summary="Đã có thành tích xuất sắc trong ứng phó mưa lớn, ngập úng tháng 8 năm 2026",
        )
    return round_


def confirm_numbering(actor, *years: int) -> None:
    """The office confirms the decision counter of each year against the paper register (as
    it must before the year's first decision), keeping its last number."""
    for year in years:
        counter = numbering.counter_of("QĐ-UBND", year)
        if counter.confirmed_at is None:
            numbering.continue_from("QĐ-UBND", year, counter.last_number, actor=actor)


def drafted_decision(round_: Round, actor, *, confirmed: bool = True, **fields) -> Decision:
    """A draft ready to issue; `confirmed`: this year's and ISSUED_ON's counters are confirmed."""
    if confirmed:
        confirm_numbering(actor, ISSUED_ON.year, timezone.localdate().year)
    decision = drafting.draft_decision(round_, actor=actor)
    fields.setdefault("letter_reference", "Tờ trình số 25/TTr-VHXH ngày 10/9/2026")
    fields.setdefault("signer_name", "Lý Văn Dũng")
    return drafting.update_draft(decision, actor=actor, **fields)


def issued_decision(actor=None, *, round_: Round | None = None, issued_on=ISSUED_ON, **shortlist) -> Decision:
    """A decision drafted and issued through the services (real numbers, awards, PDF)."""
    actor = actor or UserFactory()
    round_ = round_ or adhoc_shortlist(**shortlist)
    confirm_numbering(actor, issued_on.year)
    decision = drafted_decision(round_, actor)
    return issuing.issue_decision(decision, actor=actor, issued_on=issued_on)


class ImportedAwardFactory(DjangoModelFactory):
    """A past award as imported from the paper registry."""

    class Meta:
        model = Award

    source = AwardSource.IMPORTED
    subject_type = SubjectType.INDIVIDUAL
    cadre = factory.SubFactory(CadreFactory)
    unit = factory.SelfAttribute("cadre.unit")
    recipient_name = factory.SelfAttribute("cadre.full_name")
    recipient_detail = factory.LazyAttribute(lambda a: f"{a.cadre.position}, {a.cadre.unit.name}")
    unit_name = factory.SelfAttribute("cadre.unit.name")
    award_name = "Giấy khen của Chủ tịch UBND xã"
    achievement = "Đã có thành tích xuất sắc trong công tác năm 2024"
    year = 2024
    decision_number = "210/QĐ-UBND"
    decision_date = datetime.date(2024, 12, 20)
    issuer = "Chủ tịch UBND xã Thượng Phúc"
    book_number = "57"
    created_by = factory.SubFactory(UserFactory)


class PrinterProfileFactory(DjangoModelFactory):
    class Meta:
        model = PrinterProfile

    name = "Canon LBP2900 phòng VHXH"


__all__ = ["Nomination"]


# A 4 × 4 red PNG: the national emblem of the tests' full design.
EMBLEM_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000040802000000269309290000001549444154789c63"
    "f8cfc0f09f8181818989011f0300360e03fdaa8e1a3d0000000049454e44ae426082"
)


def upload_emblem() -> CertificateDesign:
    """Store the emblem of the full design (into the test's MEDIA_ROOT)."""
    design = CertificateDesign.current()
    design.emblem.save("emblem.png", ContentFile(EMBLEM_PNG))
    return design
