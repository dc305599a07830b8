"""Which nominations have a failed check not overridden, without writing the reasons: the
review queue's filter over thousands of nominations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import QuerySet

from campaigns.checks import CheckStatus
from campaigns.services.index import index_checks
from campaigns.services.initiatives import cadre_initiative_statuses, unit_initiative_checks
from nominations import hooks
from nominations.models import EligibilityOverride, Nomination, RoundKind, SubjectType
from nominations.services.eligibility.checks import (
    discipline_records,
    person_rating_status,
    same_award_lines,
    unit_rating_status,
)
from nominations.services.eligibility.engine import run_checks_many
from units.models import CadreRating, Unit, UnitRating


class _Row(NamedTuple):
    pk: int
    subject_type: str
    unit_id: int | None
    cadre_id: int | None
    year: int
    cadre_advises_cchc: bool | None
    award_form_id: int
    round_id: int
    round_kind: str


_ROW_FIELDS = (
    "pk",
    "subject_type",
    "subject_unit_id",
    "subject_cadre_id",
    "round__year",
    "subject_cadre__advises_cchc",
    "award_form_id",
    "round_id",
    "round__kind",
)


@dataclass
class _Verdicts:
    """What deciding pass or fail reads: statuses and levels, no reasons."""

    initiatives: dict[tuple[str, int, int], str] = field(default_factory=dict)
    index: dict[tuple[int, int], str] = field(default_factory=dict)
    unit_advises: dict[int, bool] = field(default_factory=dict)
    unit_levels: dict[tuple[int, int], str] = field(default_factory=dict)
    cadre_levels: dict[tuple[int, int], str] = field(default_factory=dict)
    disciplined: set[tuple[int, int]] = field(default_factory=set)
    overridden: set[tuple[int, str]] = field(default_factory=set)
    awards: dict[tuple, list] = field(default_factory=lambda: defaultdict(list))


def _fetch_unit_verdicts(verdicts: _Verdicts, nominations: QuerySet[Nomination], rows: list[_Row]) -> None:
    """Criteria 1 to 3 of the collectives. Their units are few (a commune's), so their ids
    are passed as they are."""

    by_year: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        if row.subject_type == SubjectType.COLLECTIVE:
            by_year[row.year].add(row.unit_id)
    if not by_year:
        return
    wanted = set().union(*by_year.values())
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=wanted).order_by().only("advises_cchc")}
    verdicts.unit_advises = {pk: unit.advises_cchc for pk, unit in units.items()}
    for year, ids in by_year.items():
        chosen = [units[pk] for pk in ids]
        for pk, result in unit_initiative_checks(chosen, year=year).items():
            verdicts.initiatives[(SubjectType.COLLECTIVE, pk, year)] = result.status
        for pk, result in index_checks(chosen, year).items():
            verdicts.index[(pk, year)] = result.status
    ratings = UnitRating.objects.filter(unit_id__in=wanted, year__in=list(by_year)).order_by()
    verdicts.unit_levels = {
        (unit, year): level for unit, year, level in ratings.values_list("unit_id", "year", "level")
    }


def _fetch_person_verdicts(verdicts: _Verdicts, nominations: QuerySet[Nomination], rows: list[_Row]) -> None:
    """Criteria 1 and 4 and discipline of the individuals, each asked with a subquery of
    `nominations` rather than a parameter per person."""

    years = {row.year for row in rows if row.subject_type == SubjectType.INDIVIDUAL}
    if not years:
        return
    people = nominations.filter(subject_type=SubjectType.INDIVIDUAL)
    for year in years:
        chosen = people.filter(round__year=year).values("subject_cadre_id")
        for pk, status in cadre_initiative_statuses(chosen, year=year).items():
            verdicts.initiatives[(SubjectType.INDIVIDUAL, pk, year)] = status
    cadres = people.values("subject_cadre_id")
    ratings = CadreRating.objects.filter(cadre_id__in=cadres, year__in=list(years)).order_by()
    levels = ratings.values_list("cadre_id", "year", "level")
    verdicts.cadre_levels = {(cadre, year): level for cadre, year, level in levels}
    records = discipline_records(cadres, years).order_by().only("cadre_id", "start_date", "end_date")
    verdicts.disciplined = {(r.cadre_id, year) for r in records for year in years if r.touches(year)}


def _fetch_registry_verdicts(
    verdicts: _Verdicts, nominations: QuerySet[Nomination], rows: list[_Row]
) -> None:
    """The "same award" check: the registry's valid awards of the subjects in one query,
    people and award forms asked through subqueries of `nominations`."""
    units = {row.unit_id for row in rows if row.subject_type == SubjectType.COLLECTIVE}
    cadres = nominations.filter(subject_type=SubjectType.INDIVIDUAL).values("subject_cadre_id")
    forms = nominations.values("award_form_id")
    for line in hooks.registry_lines(list(units), cadres, {row.year for row in rows}, forms):
        verdicts.awards[(line.subject_type, line.subject_id, line.year, line.award_form_id)].append(line)


def _same_award_status(row: _Row, subject_id: int | None, verdicts: _Verdicts) -> str:
    lines = verdicts.awards.get((row.subject_type, subject_id, row.year, row.award_form_id), ())
    return CheckStatus.NOT_MET if same_award_lines(lines, row.round_id) else CheckStatus.MET


def _statuses(row: _Row, verdicts: _Verdicts) -> dict[str, str]:
    """The status of each check that applies to the row's subject; the others are "not
    applicable", which never blocks."""
    if row.subject_type == SubjectType.COLLECTIVE:
        level = verdicts.unit_levels.get((row.unit_id, row.year))
        return {
            "initiative": verdicts.initiatives[(row.subject_type, row.unit_id, row.year)],
            "index": verdicts.index[(row.unit_id, row.year)],
            "unit_rating": unit_rating_status(verdicts.unit_advises[row.unit_id], level),
            "same_award": _same_award_status(row, row.unit_id, verdicts),
        }
    level = verdicts.cadre_levels.get((row.cadre_id, row.year))
    disciplined = (row.cadre_id, row.year) in verdicts.disciplined
    return {
        # Asked through a subquery: a nomination added or changed since `rows` were read
        # may be missing, and stays undecided (it never blocks).
        "initiative": verdicts.initiatives.get(
            (row.subject_type, row.cadre_id, row.year), CheckStatus.UNKNOWN
        ),
        "person_rating": person_rating_status(row.cadre_advises_cchc, level),
        "discipline": CheckStatus.NOT_MET if disciplined else CheckStatus.MET,
        "same_award": _same_award_status(row, row.cadre_id, verdicts),
    }


def blocked_ids(nominations: QuerySet[Nomination]) -> list[int]:
    """The nominations of this queryset with a blocking check (failed and not overridden),
    in its order: the verdicts of `run_checks_many` without writing a single reason, for
    filtering a queue of thousands. Only the fields the checks read are loaded; people's
    facts and the overrides are asked through subqueries of `nominations` (no parameter per
    nomination). A fixed number of queries (per distinct round year for criteria 1 and 2)."""
    every = [_Row(*values) for values in nominations.values_list(*_ROW_FIELDS)]
    rows = [row for row in every if row.round_kind != RoundKind.YEAR_END]
    titles = set(_year_end_blocked([row.pk for row in every if row.round_kind == RoundKind.YEAR_END]))
    if not rows:
        return [row.pk for row in every if row.pk in titles]
    verdicts = _Verdicts()
    _fetch_unit_verdicts(verdicts, nominations, rows)
    _fetch_person_verdicts(verdicts, nominations, rows)
    _fetch_registry_verdicts(verdicts, nominations, rows)
    overrides = EligibilityOverride.objects.filter(nomination_id__in=nominations.values("pk"))
    verdicts.overridden = set(overrides.values_list("nomination_id", "check_code"))
    blocked = titles | {
        row.pk
        for row in rows
        if any(
            status == CheckStatus.NOT_MET and (row.pk, code) not in verdicts.overridden
            for code, status in _statuses(row, verdicts).items()
        )
    }
    return [row.pk for row in every if row.pk in blocked]


def _year_end_blocked(ids: list[int]) -> list[int]:
    """The year-end review's nominations with a blocking check: their titles' criteria read a
    unit's members and past years, so they are computed in full (a commune's review is at most
    some hundreds of nominations), in a fixed number of queries."""
    if not ids:
        return []
    found = list(
        Nomination.objects.filter(pk__in=ids).select_related("round", "subject_unit", "subject_cadre")
    )
    return [pk for pk, checks in run_checks_many(found).items() if any(check.blocking for check in checks)]


# --------------------------------------------------------------------------- overrides
