"""The achievement report filled from the portal's records (people, units, the movement)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q

from campaigns.models import Initiative, Registration
from campaigns.services import rates
from campaigns.services.registration import REGISTERED_STATES
from nominations import hooks
from nominations.catalogue import LDTT
from nominations.models import Nomination, NominationState, SubjectType
from nominations.services.reports.structure import YEAR_END_FORMS, decimal_text, sections
from thiduaportal.documents import vn_number
from thiduaportal.text import fold
from units.imports import LEVEL_LABELS, label_of
from units.models import CadreRating, Commune, UnitRating


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


SEX_PRINTED = {"male": "Nam", "female": "Nữ"}


def full_unit_name(unit) -> str:
    """A collective's name written in full, with its commune: "Phòng Kinh tế xã Thượng Phúc"
    (unchanged when the name already carries it, or before the commune is set up)."""
    commune = Commune.current()
    if commune is None or fold(commune.name) in fold(unit.name):
        return unit.name
    return f"{unit.name} {commune.name}"


def _profile(nomination: Nomination) -> dict[str, str]:
    if nomination.subject_type == SubjectType.COLLECTIVE:
        unit = nomination.subject_unit
        return {
            "name": full_unit_name(unit),
            "address": unit.address,
            "phone": unit.phone,
            "functions": "",
            "staff": str(unit.cadres.filter(is_active=True).count()),
            "organisation": "",
        }
    cadre = nomination.subject_cadre
    return {
        "full_name": cadre.full_name,
        "date_of_birth": _date(cadre.date_of_birth),
        "sex": SEX_PRINTED.get(cadre.sex, ""),
        "home_town": cadre.home_town,
        "residence": "",
        "unit": cadre.unit.name,
        "position": cadre.position,
        "qualifications": cadre.qualifications,
    }


def _subject_unit(nomination: Nomination):
    if nomination.subject_type == SubjectType.COLLECTIVE:
        return nomination.subject_unit
    return nomination.subject_cadre.unit


def target_rows(nomination: Nomination) -> list[dict[str, str]]:
    """The subject's unit's registered commitments for the round's year against its own
    results: Chỉ tiêu · Đăng ký · Thực hiện · Tỷ lệ % (thực hiện / đăng ký × 100). Empty
    without a submitted or accepted registration."""

    round_ = nomination.round
    unit = _subject_unit(nomination)
    registration = (
        Registration.objects.filter(
            campaign=round_.campaign, unit=unit, year=round_.year, state__in=REGISTERED_STATES
        )
        .prefetch_related("commitments__indicator")
        .first()
    )
    if registration is None:
        return []
    achieved = {
        line.indicator.pk: line.percent for line in rates.summary(round_.campaign, round_.year, units=[unit])
    }
    rows = []
    for commitment in registration.commitments.all():
        actual = achieved.get(commitment.indicator_id)
        ratio = None
        if actual is not None and commitment.level:
            ratio = actual * 100 / commitment.level
        rows.append(
            {
                "indicator": commitment.indicator.name,
                "plan": decimal_text(commitment.level),
                "actual": decimal_text(actual),
                "percent": decimal_text(ratio),
            }
        )
    return rows


COUNCIL_PRINTED = {"commune": "Hội đồng Sáng kiến xã", "city": "Hội đồng Sáng kiến Thành phố"}
KIND_PRINTED = {"initiative": "Sáng kiến", "model": "Mô hình", "solution": "Giải pháp"}


def initiative_lines(nomination: Nomination) -> str:
    """Recognised initiatives of the subject with a decision in the round's year, one a line:
    a person's as author, a unit's as owner, participating unit or unit of an author."""

    year = nomination.round.year
    if nomination.subject_type == SubjectType.COLLECTIVE:
        unit_id = nomination.subject_unit_id
        whose = Q(owner_unit_id=unit_id) | Q(units__id=unit_id) | Q(authors__unit_id=unit_id)
    else:
        whose = Q(authors__id=nomination.subject_cadre_id)
    initiatives = (
        Initiative.objects.recognised()
        .filter(whose, decision_date__year=year)
        .distinct()
        .order_by("decision_date", "pk")
    )
    return "\n".join(
        f"- {KIND_PRINTED.get(i.kind, '')} “{i.title}” được {COUNCIL_PRINTED.get(i.council_level, '')} "
        f"công nhận tại Quyết định số {i.decision_number} ngày {i.decision_date:%d/%m/%Y}."
        for i in initiatives
    )


def rating_text(nomination: Nomination) -> str:
    """The subject's rating for the round's year as the report writes it ("Hoàn thành xuất
    sắc nhiệm vụ"); "" when none is recorded."""
    year = nomination.round.year
    if nomination.subject_type == SubjectType.COLLECTIVE:
        found = UnitRating.objects.filter(unit_id=nomination.subject_unit_id, year=year)
    else:
        found = CadreRating.objects.filter(cadre_id=nomination.subject_cadre_id, year=year)
    level = found.values_list("level", flat=True).first()
    return label_of(LEVEL_LABELS, level) if level else ""


def members_text(nomination: Nomination) -> str:
    """For a collective: how many of its active members are proposed for LĐTT in the same
    review, out of how many ("5/7 thành viên (71,4 %) được đề nghị công nhận danh hiệu Lao động
    tiên tiến năm 2026"); "" for a unit without members."""
    unit = nomination.subject_unit
    members = unit.cadres.filter(is_active=True)
    total = members.count()
    if not total:
        return ""
    proposed = (
        Nomination.objects.filter(
            round_id=nomination.round_id, award_form__code=LDTT, subject_cadre__in=members
        )
        .exclude(state__in=(NominationState.WITHDRAWN, NominationState.REJECTED))
        .count()
    )
    share = vn_number(Decimal(proposed * 100) / total, places=1)
    return (
        f"{proposed}/{total} thành viên ({share} %) được đề nghị công nhận danh hiệu Lao động tiên tiến "
        f"năm {nomination.round.year}"
    )


def _year_end_achievements(nomination: Nomination) -> dict[str, str]:
    """Section II of Mẫu 05 / 04 from the records: the year's rating, the initiatives
    recognised in the year and, for a collective, its members proposed for LĐTT."""
    values = {"rating": rating_text(nomination), "initiatives": initiative_lines(nomination)}
    if nomination.subject_type == SubjectType.COLLECTIVE:
        values["members"] = members_text(nomination)
    return values


def prefill(nomination: Nomination) -> dict:
    """A report filled from the records: section I from the person or unit, and for Mẫu 08
    the recognised initiatives and, for a collective, the targets table (its registration
    against its results); for the year-end Mẫu 05 / 04 the year's rating, the initiatives
    recognised in the year and a collective's members proposed for LĐTT; section III from the
    registry (the subject's valid prior titles and awards). An individual's targets table
    starts empty: the registration and the results are her unit's, never her own. Reads only;
    {} for a year-end title that needs no report."""
    parts = sections(nomination)
    if not parts:
        return {}
    achievements: dict = {field.key: "" for field in parts[1].fields}
    if nomination.report_form in YEAR_END_FORMS:
        achievements.update(_year_end_achievements(nomination))
    if nomination.report_form == "08" and nomination.round.campaign_id:
        collective = nomination.subject_type == SubjectType.COLLECTIVE
        achievements["rows"] = target_rows(nomination) if collective else []
        achievements["initiatives"] = initiative_lines(nomination)
    awards = hooks.prior_award_rows(nomination)
    return {"profile": _profile(nomination), "achievements": achievements, "awards": {"rows": awards}}


def merged(nomination: Nomination, *, refresh: bool = False) -> dict:
    """The stored report with the prefill in its empty places (`refresh`: the prefill wins
    wherever it has a value), for the edit form."""
    stored, fresh = nomination.report or {}, prefill(nomination)
    result = {}
    for section in sections(nomination):
        old, new = stored.get(section.key) or {}, fresh.get(section.key) or {}
        values = {}
        for field in section.fields:
            first, second = (new, old) if refresh else (old, new)
            values[field.key] = first.get(field.key) or second.get(field.key) or ""
        if section.table:
            first, second = (new, old) if refresh else (old, new)
            values["rows"] = first.get("rows") or second.get("rows") or []
        result[section.key] = values
    return result
