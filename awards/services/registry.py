"""The award registry (sổ khen thưởng): past awards written from an import, searching, a
person's or a unit's history, the prior awards an achievement report lists, the export
rows and the public honour board.

Every award is a frozen copy of what was printed (see `nominations.models.Award`); nothing
here reads the live names of people and units back into an existing award.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from awards.models import Award, AwardSource
from awards.services.decisions import numbering
from nominations.models import AwardForm, AwardKind, AwardLevel, Nomination, SubjectType
from nominations.services import NominationError
from nominations.services.eligibility.checks import RegistryLine
from thiduaportal import tenancy
from thiduaportal.text import fold
from units.models import Cadre, Commune, Unit


class RegistryError(NominationError):
    """An award cannot be written to the registry; nothing was written."""


# --------------------------------------------------------------------------- importing


@dataclass(frozen=True)
class PastAward:
    """One checked line of a past award, its recipient already found in the lists."""

    subject_type: str
    unit: Unit
    cadre: Cadre | None
    award_name: str
    year: int
    decision_number: str
    decision_date: datetime.date
    issuer: str
    position: str = ""  # a person's position at the time (printed detail)
    achievement: str = ""
    book_number: str = ""
    award_form: AwardForm | None = None


def award_key(subject_type: str, subject_id: int, decision_number: str, award_name: str) -> tuple:
    """What makes two registry lines the same award: the same recipient, decision number
    and award (case, spacing and diacritics of the texts ignored)."""
    return (subject_type, subject_id, fold(decision_number).replace(" ", ""), fold(award_name))


def existing_keys(units: Iterable[int], cadres: Iterable[int]) -> set[tuple]:
    """The keys (`award_key`) of the awards already held by these units and people."""
    awards = Award.objects.filter(
        Q(subject_type=SubjectType.COLLECTIVE, unit_id__in=list(units))
        | Q(subject_type=SubjectType.INDIVIDUAL, cadre_id__in=list(cadres))
    ).order_by()
    return {
        award_key(kind, cadre_id if kind == SubjectType.INDIVIDUAL else unit_id, number, name)
        for kind, unit_id, cadre_id, number, name in awards.values_list(
            "subject_type", "unit_id", "cadre_id", "decision_number", "award_name"
        )
    }


def parent_body(unit: Unit) -> str:
    """How a collective's certificate names its parent body."""
    if unit.parent_id:
        return unit.parent.name
    commune = Commune.current()
    return f"Ủy ban nhân dân {commune.name}" if commune else ""


# Paper records write a title with or without the word "Danh hiệu" ("Lao động tiên tiến" and
# "Danh hiệu Lao động tiên tiến" are one title), as the award forms name them with it.
TITLE_PREFIX = "danh hieu "


def award_name_key(name: str) -> str:
    """How a typed award name is matched to an award form: case, spacing, diacritics and a
    leading "Danh hiệu" ignored."""
    return fold(name).removeprefix(TITLE_PREFIX)


def award_forms_by_name() -> dict[str, AwardForm]:
    """The award forms by `award_name_key`, to link a typed award to its form when it matches
    (so the consecutive-years checks read titles imported from paper records)."""
    return {award_name_key(form.name): form for form in AwardForm.objects.all()}


def import_awards(rows: Sequence[PastAward], *, actor) -> list[Award]:
    """Write checked past awards to the registry in one transaction: source "imported", no
    verification code, `created_by` the actor; the golden-book counter of each award's year
    moves past its number. A line that duplicates an award already in the registry (or
    another line) refuses the whole batch (`RegistryError`)."""
    with transaction.atomic():
        taken = existing_keys(
            {row.unit.pk for row in rows if row.subject_type == SubjectType.COLLECTIVE},
            {row.cadre.pk for row in rows if row.cadre is not None},
        )
        written = []
        for row in rows:
            subject = row.cadre if row.subject_type == SubjectType.INDIVIDUAL else row.unit
            key = award_key(row.subject_type, subject.pk, row.decision_number, row.award_name)
            if key in taken:
                raise RegistryError(
                    _("%(name)s already has “%(award)s” by decision %(number)s in the registry.")
                    % {"name": _recipient_name(row), "award": row.award_name, "number": row.decision_number}
                )
            taken.add(key)
            written.append(_write(row, actor=actor))
            _follow_golden_book(row)
    return written


def _follow_golden_book(row: PastAward) -> None:
    """An imported award of this commune's chairman carries a number of the commune's paper golden
    book: the portal's golden-book counter of that year moves up to it, so the number is never
    given again; "27/2026" reads as 27 of that year. Awards of other bodies (a former commune before a merger, the district, the
    city) were numbered in their own books and move nothing."""
    number = row.book_number.strip()
    # The portal prints its numbers with their year ("27/2026", `Award.book_reference`).
    number = number.removesuffix(f"/{row.decision_date.year}")
    commune = Commune.current()
    ours = commune is None or fold(commune.place_name) in fold(row.issuer)
    commune_award = row.award_form is None or row.award_form.level == AwardLevel.COMMUNE
    if ours and commune_award and number.isdigit():
        numbering.raise_to(numbering.BOOK_SCOPE, row.decision_date.year, int(number))


def _recipient_name(row: PastAward) -> str:
    return row.cadre.full_name if row.subject_type == SubjectType.INDIVIDUAL else row.unit.name


def _write(row: PastAward, *, actor) -> Award:
    if row.subject_type == SubjectType.INDIVIDUAL:
        detail = ", ".join(part for part in (row.position, row.unit.name) if part)
    else:
        detail = parent_body(row.unit)
    return Award.objects.create(
        source=AwardSource.IMPORTED,
        subject_type=row.subject_type,
        unit=row.unit,
        cadre=row.cadre,
        recipient_name=_recipient_name(row),
        recipient_detail=detail,
        unit_name=row.unit.name,
        award_form=row.award_form,
        award_name=row.award_name,
        achievement=row.achievement,
        year=row.year,
        decision_number=row.decision_number,
        decision_date=row.decision_date,
        issuer=row.issuer,
        book_number=row.book_number,
        code=None,
        created_by=actor,
    )


# --------------------------------------------------------------------------- searching

VALID, REVOKED = "valid", "revoked"


@dataclass(frozen=True)
class Filters:
    """What the registry is searched by; empty values do not filter."""

    q: str = ""
    unit: Unit | None = None
    cadre: Cadre | None = None
    subject_type: str = ""
    year: int | None = None
    award: str = ""
    decision: str = ""
    validity: str = ""
    source: str = ""


def search(awards: QuerySet[Award], filters: Filters) -> QuerySet[Award]:
    """Narrow `awards` by the filters. The name search ignores case and diacritics and
    matches every word in the recipient's name, the unit's name or the decision number."""
    for word in fold(filters.q).split():
        awards = awards.filter(search_text__contains=word)
    if filters.unit is not None:
        awards = awards.filter(unit=filters.unit)
    if filters.cadre is not None:
        awards = awards.filter(cadre=filters.cadre)
    if filters.subject_type:
        awards = awards.filter(subject_type=filters.subject_type)
    if filters.year:
        awards = awards.filter(year=filters.year)
    if filters.award:
        awards = awards.filter(award_name=filters.award)
    if filters.decision:
        awards = awards.filter(decision_number__icontains=" ".join(filters.decision.split()))
    if filters.validity == VALID:
        awards = awards.filter(revoked_by__isnull=True)
    elif filters.validity == REVOKED:
        awards = awards.filter(revoked_by__isnull=False)
    if filters.source:
        awards = awards.filter(source=filters.source)
    return awards.order_by("-year", "-decision_date", "position", "pk")


def counts(awards: QuerySet[Award]) -> dict[str, int]:
    """How many awards, collectives, individuals and revoked ones: one query."""
    return awards.order_by().aggregate(
        total=Count("pk"),
        collectives=Count("pk", filter=Q(subject_type=SubjectType.COLLECTIVE)),
        individuals=Count("pk", filter=Q(subject_type=SubjectType.INDIVIDUAL)),
        revoked=Count("pk", filter=Q(revoked_by__isnull=False)),
    )


def award_names() -> list[str]:
    """Every award name in the registry, for the search's choice list."""
    return list(Award.objects.order_by("award_name").values_list("award_name", flat=True).distinct())


def years() -> list[int]:
    """The years with an award, newest first."""
    return list(Award.objects.order_by("-year").values_list("year", flat=True).distinct())


# --------------------------------------------------------------------------- history


def history(subject: Unit | Cadre) -> list[Award]:
    """The awards of a person, or of a unit as a collective, newest first; also those a commune
    they were moved from keeps in its registry (each award names its `commune`)."""
    with tenancy.everywhere():
        if isinstance(subject, Cadre):
            awards = Award.objects.filter(cadre=subject)
        else:
            awards = Award.objects.filter(unit=subject, subject_type=SubjectType.COLLECTIVE)
        awards = awards.select_related("revoked_by", "commune", "award_form")
        return list(awards.order_by("-year", "-decision_date", "-pk"))


TITLE_KINDS = (AwardKind.INDIVIDUAL_TITLE, AwardKind.COLLECTIVE_TITLE)


@dataclass(frozen=True)
class HistoryYear:
    """One year of a subject's history: its emulation titles, then its other awards."""

    year: int
    titles: list[Award]
    awards: list[Award]


def is_title(award: Award) -> bool:
    """Whether the award is an emulation title of the year (LĐTT, CSTĐCS, TTLĐTT, ...)."""
    return award.award_form is not None and award.award_form.kind in TITLE_KINDS


def by_year(awards: Iterable[Award]) -> list[HistoryYear]:
    """Awards (newest first, as `history` returns them) grouped by year, newest year first."""
    years: dict[int, HistoryYear] = {}
    for award in awards:
        group = years.setdefault(award.year, HistoryYear(award.year, [], []))
        (group.titles if is_title(award) else group.awards).append(award)
    return sorted(years.values(), key=lambda group: -group.year)


def prior_awards(nomination: Nomination) -> list[Award]:
    """The subject's valid awards before this nomination (REFERENCE §5, section III): of an
    earlier year than the round's, or decided before the nomination was created; never an
    award of the nomination's own round. Oldest first, as the report lists them."""
    if nomination.subject_type == SubjectType.INDIVIDUAL:
        awards = Award.objects.filter(cadre_id=nomination.subject_cadre_id)
    else:
        awards = Award.objects.filter(unit_id=nomination.subject_unit_id, subject_type=SubjectType.COLLECTIVE)
    created = nomination.created_at.date() if nomination.created_at else datetime.date.max
    earlier = Q(year__lt=nomination.round.year) | Q(decision_date__lt=created)
    own_round = Q(nomination__round_id=nomination.round_id) | Q(decision__round_id=nomination.round_id)
    return list(awards.valid().filter(earlier).exclude(own_round).order_by("year", "decision_date", "pk"))


def report_row(award: Award) -> dict[str, str]:
    """An award as a row of section III: award, year, decision number and date, issuer."""
    return {
        "award": award.award_name,
        "year": str(award.year),
        "decision": f"{award.decision_number} ngày {award.decision_date:%d/%m/%Y}",
        "issuer": award.issuer,
    }


# --------------------------------------------------------------------------- export

SUBJECT_PRINTED = {SubjectType.COLLECTIVE: "Tập thể", SubjectType.INDIVIDUAL: "Cá nhân"}
SOURCE_PRINTED = {AwardSource.PORTAL: "Cổng thông tin", AwardSource.IMPORTED: "Nhập từ sổ cũ"}


def export_rows(awards: Iterable[Award]) -> Iterator[list[Any]]:
    """One row per award for the Excel export, numbered from 1 (see `exports.REGISTRY_COLUMNS`)."""
    for position, award in enumerate(awards, start=1):
        yield [
            position,
            award.year,
            SUBJECT_PRINTED.get(award.subject_type, award.subject_type),
            award.recipient_name,
            award.recipient_detail,
            award.unit_name,
            award.award_name,
            award.decision_number,
            award.decision_date,
            award.issuer,
            award.achievement,
            award.book_reference,
            "Đã thu hồi" if award.revoked_by_id else "Còn hiệu lực",
            award.revoked_on,
            SOURCE_PRINTED.get(award.source, award.source),
        ]


# --------------------------------------------------------------------------- honour board


@dataclass(frozen=True)
class HonourBoard:
    year: int | None
    years: list[int]
    collectives: list[Award]
    individuals: list[Award]


HONOUR_FIELDS = (
    "subject_type",
    "recipient_name",
    "recipient_detail",
    "award_name",
    "decision_number",
    "decision_date",
    "year",
)


def honour_board(year: int | None = None) -> HonourBoard:
    """The valid awards of a year (default: the latest year with one), collectives and
    individuals apart: only what a certificate shows in public. Two queries."""
    valid = Award.objects.valid()
    shown_years = list(valid.order_by("-year").values_list("year", flat=True).distinct())
    if year not in shown_years:
        year = shown_years[0] if shown_years else None
    awards = list(
        valid.filter(year=year).only(*HONOUR_FIELDS).order_by("decision_date", "position", "recipient_name")
        if year
        else []
    )
    return HonourBoard(
        year=year,
        years=shown_years,
        collectives=[a for a in awards if a.subject_type == SubjectType.COLLECTIVE],
        individuals=[a for a in awards if a.subject_type == SubjectType.INDIVIDUAL],
    )


# --------------------------------------------------------------------------- for nominations


def registry_lines(units, cadres, years, forms) -> list[RegistryLine]:
    """The valid awards of these units (as collectives) and people (ids, or subqueries) in
    these years and award forms: one query."""
    awards = Award.objects.valid().filter(
        Q(subject_type=SubjectType.COLLECTIVE, unit_id__in=units)
        | Q(subject_type=SubjectType.INDIVIDUAL, cadre_id__in=cadres),
        year__in=list(years),
        award_form_id__in=forms,
    )
    values = awards.order_by("decision_date", "pk").values_list(
        "subject_type",
        "unit_id",
        "cadre_id",
        "year",
        "award_form_id",
        "award_name",
        "decision_number",
        "decision_date",
        "nomination__round_id",
    )
    return [
        RegistryLine(kind, cadre if kind == SubjectType.INDIVIDUAL else unit, *rest)
        for kind, unit, cadre, *rest in values
    ]


def prior_award_rows(nomination: Nomination) -> list[dict[str, str]]:
    """Section III of the report: the subject's valid prior awards as rows, oldest first."""
    return [report_row(award) for award in prior_awards(nomination)]
