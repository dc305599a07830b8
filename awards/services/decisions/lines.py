"""What a decision prints for each awardee: the cash amount and the list's lines, live from
the records while a draft, as frozen once issued."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from awards.models import Award, Decision, DecisionKind
from awards.services.decisions.salary import amount_for
from nominations.models import AwardForm, Nomination, SubjectType, Title
from thiduaportal.text import fold, nfc
from units.models import Commune

ACHIEVEMENT_PREFIX = "Đã có thành tích "


def listed(queryset):
    return queryset.select_related(
        "subject_unit__parent", "subject_cadre__unit", "award_form", "proposal__unit", "round"
    )


def list_order(nomination: Nomination) -> tuple:
    """Collectives first, then individuals, each by name without marks. The year-end review's
    list goes by title (collective titles first, the higher coefficient first), then by unit."""
    collective = nomination.subject_type == SubjectType.COLLECTIVE
    if nomination.round.is_year_end:
        form = nomination.award_form
        unit = nomination.subject_unit.name if collective else nomination.subject_cadre.unit.name
        weight = form.collective_coefficient if collective else form.individual_coefficient
        return (not collective, -weight, form.pk, fold(unit), fold(nomination.subject_name), nomination.pk)
    return (not collective, fold(nomination.subject_name), nomination.pk)


def coefficient_of(award_form: AwardForm | None, subject_type: str) -> Decimal:
    """The award form's coefficient of lương cơ sở for a collective or an individual."""
    if award_form is None:
        return Decimal(0)
    return Decimal(
        award_form.collective_coefficient
        if subject_type == SubjectType.COLLECTIVE
        else award_form.individual_coefficient
    )


def cash_amount(award_form: AwardForm | None, subject_type: str, base_salary: int | Decimal) -> Decimal:
    """Coefficient of the award form for the subject type × lương cơ sở, rounded up to a
    multiple of CASH_ROUND_UP_TO đồng when set (REFERENCE §5, NĐ 152/2025 Điều 54)."""
    if award_form is None:
        return Decimal(0)
    amount = coefficient_of(award_form, subject_type) * Decimal(base_salary)
    step = settings.CASH_ROUND_UP_TO
    if step:
        amount = Decimal(math.ceil(amount / step) * step)
    return amount.quantize(Decimal(1))


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    """One awardee as the decision's list and the certificate print it."""

    position: int
    subject_type: str
    name: str
    detail: str  # a person's position and unit; a collective's parent body
    unit_name: str
    award: str
    achievement: str
    amount: int
    nomination_id: int | None = None
    award_id: int | None = None  # revocation lines: the award revoked
    book_number: str = ""
    code: str = ""
    # The coefficient of lương cơ sở the amount was computed with ("0.30"); empty in the
    # lines frozen before it was recorded.
    coefficient: str = ""
    # The heading of the title's certificate ("GIẤY CHỨNG NHẬN") as the catalogue had it when
    # the decision was issued; empty for a Giấy khen, a title that printed none then, and the
    # lines frozen before it was recorded (`awards.certificates.heading_of`).
    certificate: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _parent_body(nomination: Nomination) -> str:
    unit = nomination.subject_unit
    if unit.parent_id:
        return unit.parent.name
    commune = Commune.current()
    return f"Ủy ban nhân dân {commune.name}" if commune else ""


def certificate_headings(commune_id: int | None) -> dict[int, str]:
    """The heading of each catalogue title of the commune that prints a certificate, by award
    form id (one query)."""
    titles = Title.objects.filter(commune_id=commune_id, has_certificate=True).select_related("award_form")
    return {title.award_form_id: title.certificate_heading for title in titles if title.prints_certificate}


def _line(
    position: int, nomination: Nomination, achievement: str, base_salary: int, headings: dict[int, str]
) -> Line:
    if nomination.subject_type == SubjectType.COLLECTIVE:
        detail, unit_name = _parent_body(nomination), nomination.subject_unit.name
    else:
        cadre = nomination.subject_cadre
        unit_name = cadre.unit.name
        detail = ", ".join(part for part in (cadre.position, unit_name) if part)
    return Line(
        position=position,
        subject_type=nomination.subject_type,
        name=nomination.subject_name,
        detail=detail,
        unit_name=unit_name,
        award=nomination.award_form.name,
        achievement=achievement,
        amount=int(cash_amount(nomination.award_form, nomination.subject_type, base_salary)),
        nomination_id=nomination.pk,
        coefficient=str(coefficient_of(nomination.award_form, nomination.subject_type)),
        certificate=headings.get(nomination.award_form_id, ""),
    )


def _revoked_line(position: int, award: Award) -> Line:
    return Line(
        position=position,
        subject_type=award.subject_type,
        name=award.recipient_name,
        detail=award.recipient_detail,
        unit_name=award.unit_name,
        award=award.award_name,
        achievement=award.achievement,
        amount=int(award.amount),
        nomination_id=award.nomination_id,
        award_id=award.pk,
        book_number=award.book_number,
    )


def awarded_nominations(decision: Decision) -> list[Nomination]:
    """What an award or amendment decision awards, in the list's order."""
    if decision.kind == DecisionKind.REVOCATION:
        return []
    return sorted(listed(decision.nominations.all()), key=list_order)


def lines_of(decision: Decision, *, base_salary: int | Decimal | None = None) -> list[Line]:
    """The decision's list. Issued: as frozen. Draft: from the live records, numbered anew,
    the cash on `base_salary` (by default the lương cơ sở in force today)."""
    if decision.is_issued:
        return [Line(**line) for line in decision.snapshot.get("lines", [])]
    if decision.kind == DecisionKind.REVOCATION:
        targets = decision.targets.order_by("position", "pk")
        return [_revoked_line(number, award) for number, award in enumerate(targets, start=1)]
    salary = base_salary if base_salary is not None else amount_for(decision, timezone.localdate())
    achievement = printed_achievement(decision.achievement)
    headings = certificate_headings(decision.commune_id)
    return [
        _line(number, nomination, achievement, salary, headings)
        for number, nomination in enumerate(awarded_nominations(decision), start=1)
    ]


def printed_achievement(text: str) -> str:
    """ "Đã có thành tích xuất sắc …" as printed on certificates and in Article 1."""
    text = " ".join(nfc(text).split())
    return text if text.startswith(ACHIEVEMENT_PREFIX) else f"{ACHIEVEMENT_PREFIX}{text}"
