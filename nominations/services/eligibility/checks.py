"""The checks, computed from data with a result and a reason: one nomination or many in a
fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.checks import CheckResult, CheckStatus
from campaigns.services.index import index_checks
from campaigns.services.initiatives import cadre_initiative_checks, unit_initiative_checks
from nominations import hooks
from nominations.models import DisciplineRecord, EligibilityOverride, Nomination, SubjectType
from units.models import Cadre, CadreRating, RatingLevel, Unit, UnitRating

CODES = ("initiative", "index", "unit_rating", "person_rating", "discipline", "same_award")
LABELS = {
    "initiative": gettext_lazy("Exemplary conduct and a recognised CCHC initiative"),
    "index": gettext_lazy("PAR INDEX and SIPAS components rose"),
    "unit_rating": gettext_lazy("Collective rated “Excellently completed duties”"),
    "person_rating": gettext_lazy("Individual rated at least “Well completed duties”"),
    "discipline": gettext_lazy("No discipline or inspection in the year"),
    "same_award": gettext_lazy("Not already given the same award for the year"),
}
JUSTIFICATION_MIN_LENGTH = 10


@dataclass(frozen=True)
class Check:
    """One eligibility check of a nomination, with the office's override if there is one."""

    code: str
    label: str
    result: CheckResult
    override: EligibilityOverride | None = None

    @property
    def blocking(self) -> bool:
        """Failed and not overridden: accepting the nomination needs a justification."""
        return self.result.status == CheckStatus.NOT_MET and self.override is None


class RegistryLine(NamedTuple):
    """A valid award of the registry as the "same award" check reads it."""

    subject_type: str
    subject_id: int
    year: int
    award_form_id: int | None
    award_name: str
    decision_number: str
    decision_date: datetime.date
    round_id: int | None  # the round of the nomination it awarded; None for an imported award


@dataclass(frozen=True, eq=False)
class Candidate:
    """What a check is computed for: a subject, a year and an award form, in a round. A
    nomination is one (`of_nomination`); so is a person or unit on the year-end review screen
    before anything is proposed (`pk` None). The attribute names are a nomination's."""

    pk: int | None
    subject_type: str
    subject_unit: Unit | None
    subject_cadre: Cadre | None
    year: int
    award_form_id: int
    round_id: int | None
    commune_id: int | None = None

    @classmethod
    def of_nomination(cls, nomination: Nomination) -> Candidate:
        return cls(
            nomination.pk,
            nomination.subject_type,
            nomination.subject_unit,
            nomination.subject_cadre,
            nomination.round.year,
            nomination.award_form_id,
            nomination.round_id,
            nomination.round.commune_id,
        )

    @property
    def subject(self) -> Unit | Cadre:
        return self.subject_unit if self.subject_type == SubjectType.COLLECTIVE else self.subject_cadre

    @property
    def subject_unit_id(self) -> int | None:
        return self.subject_unit.pk if self.subject_unit is not None else None

    @property
    def subject_cadre_id(self) -> int | None:
        return self.subject_cadre.pk if self.subject_cadre is not None else None

    @property
    def subject_name(self) -> str:
        if self.subject_type == SubjectType.COLLECTIVE:
            return str(self.subject_unit)
        return self.subject_cadre.full_name


@dataclass
class Facts:
    """Everything the checks read, fetched for many candidates at once."""

    initiatives: dict[tuple[str, int, int], CheckResult] = field(default_factory=dict)
    index: dict[tuple[int, int], CheckResult] = field(default_factory=dict)
    unit_ratings: dict[tuple[int, int], UnitRating] = field(default_factory=dict)
    cadre_ratings: dict[tuple[int, int], CadreRating] = field(default_factory=dict)
    discipline: dict[int, list[DisciplineRecord]] = field(default_factory=lambda: defaultdict(list))
    overrides: dict[int, dict[str, EligibilityOverride]] = field(default_factory=lambda: defaultdict(dict))
    awards: dict[tuple, list[RegistryLine]] = field(default_factory=lambda: defaultdict(list))
    completed: dict[CheckResult, CheckResult] = field(default_factory=dict)
    # Read by the titles' criteria (`criteria.LIBRARY`): the award forms they name by code, the
    # titles proposed in the same round, the active members of the units under review.
    form_ids: dict[str, int] = field(default_factory=dict)
    form_names: dict[str, str] = field(default_factory=dict)
    proposed: set[tuple[str, int, int]] = field(default_factory=set)
    members: dict[int, list[Cadre]] = field(default_factory=dict)


# --------------------------------------------------------------------------- fetching


def _by_year(nominations: list[Candidate], subject_type: str) -> dict[int, list]:
    found: dict[int, dict[int, object]] = defaultdict(dict)
    for nomination in nominations:
        if nomination.subject_type == subject_type:
            subject = nomination.subject
            found[nomination.year][subject.pk] = subject
    return {year: list(subjects.values()) for year, subjects in found.items()}


def fetch_campaign_checks(facts: Facts, nominations: list[Candidate]) -> None:
    """Criteria 1 and 2 from the campaigns app: a few queries per distinct round year."""

    for year, units in _by_year(nominations, SubjectType.COLLECTIVE).items():
        for pk, result in unit_initiative_checks(units, year=year).items():
            facts.initiatives[(SubjectType.COLLECTIVE, pk, year)] = result
        for pk, result in index_checks(units, year).items():
            facts.index[(pk, year)] = result
    for year, cadres in _by_year(nominations, SubjectType.INDIVIDUAL).items():
        for pk, result in cadre_initiative_checks(cadres, year=year).items():
            facts.initiatives[(SubjectType.INDIVIDUAL, pk, year)] = result


def discipline_records(cadres: Iterable[int] | QuerySet, years: set[int]) -> QuerySet[DisciplineRecord]:
    """The records of these people (ids, or a subquery) whose period may touch the years."""
    records = DisciplineRecord.objects.filter(cadre_id__in=cadres, start_date__year__lte=max(years))
    return records.filter(Q(end_date__isnull=True) | Q(end_date__year__gte=min(years)))


@dataclass
class Wanted:
    """What the candidates' criteria read beyond their own subject, year and form: other
    people (a unit's members), other years (consecutive titles), other forms (a title held)."""

    cadres: set[int] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    forms: set[int] = field(default_factory=set)


def fetch_records(facts: Facts, candidates: list[Candidate], wanted: Wanted | None = None) -> None:
    """Ratings, discipline records, overrides and registry lines: one query each (skipped
    when not needed), for the candidates and what `wanted` adds."""
    wanted = wanted or Wanted()
    units = {n.subject_unit_id for n in candidates if n.subject_type == SubjectType.COLLECTIVE}
    cadres = {n.subject_cadre_id for n in candidates if n.subject_type == SubjectType.INDIVIDUAL}
    years = {n.year for n in candidates}
    if units:
        for rating in UnitRating.objects.filter(unit_id__in=units, year__in=years).order_by():
            facts.unit_ratings[(rating.unit_id, rating.year)] = rating
    if cadres:
        for rating in CadreRating.objects.filter(cadre_id__in=cadres, year__in=years).order_by():
            facts.cadre_ratings[(rating.cadre_id, rating.year)] = rating
    if cadres | wanted.cadres:
        for record in discipline_records(cadres | wanted.cadres, years).order_by("start_date", "pk"):
            facts.discipline[record.cadre_id].append(record)
    nominations = [n.pk for n in candidates if n.pk is not None]
    if nominations:
        overrides = EligibilityOverride.objects.filter(nomination_id__in=nominations)
        for override in overrides.select_related("actor"):
            facts.overrides[override.nomination_id][override.check_code] = override
    forms = {n.award_form_id for n in candidates} | wanted.forms
    people = list(cadres | wanted.cadres)
    for line in hooks.registry_lines(list(units), people, years | wanted.years, list(forms)):
        facts.awards[(line.subject_type, line.subject_id, line.year, line.award_form_id)].append(line)


def same_award_lines(lines: Iterable[RegistryLine], round_id: int) -> list[RegistryLine]:
    """The lines that are not awards of this very round (its own decision awards it)."""
    return [line for line in lines if line.round_id is None or line.round_id != round_id]


# --------------------------------------------------------------------------- the checks


def make_result(status: str, reason: str, details: Iterable[str] = ()) -> CheckResult:
    return CheckResult(status, reason, tuple(details))


def _initiative(nomination: Nomination, facts: Facts) -> CheckResult:
    year = nomination.year
    result = facts.initiatives[(nomination.subject_type, nomination.subject.pk, year)]
    if result.status != CheckStatus.MET:
        return result
    # Many people share one initiative, hence one result: it is completed once.
    if result not in facts.completed:
        conduct = _(
            "Exemplary conduct (Party and State policy, the law, internal unity) is a judgement "
            "the office makes in review."
        )
        facts.completed[result] = make_result(result.status, f"{result.reason} {conduct}", result.details)
    return facts.completed[result]


def _index(nomination: Nomination, facts: Facts) -> CheckResult:
    if nomination.subject_type == SubjectType.INDIVIDUAL:
        reason = _(
            "The criterion concerns units assigned PAR INDEX or SIPAS components; it does not "
            "apply to an individual."
        )
        return make_result(CheckStatus.NOT_APPLICABLE, reason)
    return facts.index[(nomination.subject_unit_id, nomination.year)]


def _level(level: str) -> str:
    return str(RatingLevel(level).label)


def unit_rating_status(advises_cchc: bool, level: str | None) -> str:
    """Criterion 3 decided (the reasons below and `blocked_ids` both ask here)."""
    if not advises_cchc:
        return CheckStatus.NOT_APPLICABLE
    if level is None:
        return CheckStatus.UNKNOWN
    return CheckStatus.MET if level == RatingLevel.EXCELLENT else CheckStatus.NOT_MET


def person_rating_status(advises_cchc: bool, level: str | None) -> str:
    """Criterion 4 decided (the reasons below and `blocked_ids` both ask here)."""
    if not advises_cchc:
        return CheckStatus.NOT_APPLICABLE
    if level is None:
        return CheckStatus.UNKNOWN
    good_enough = RatingLevel.rank(level) <= RatingLevel.rank(RatingLevel.GOOD)
    return CheckStatus.MET if good_enough else CheckStatus.NOT_MET


def _unit_rating(nomination: Nomination, facts: Facts) -> CheckResult:
    if nomination.subject_type == SubjectType.INDIVIDUAL:
        return make_result(CheckStatus.NOT_APPLICABLE, _("The criterion concerns collectives."))
    unit, year = nomination.subject_unit, nomination.year
    rating = facts.unit_ratings.get((unit.pk, year))
    status = unit_rating_status(unit.advises_cchc, rating.level if rating else None)
    shown = {"unit": unit, "year": year, "required": _level(RatingLevel.EXCELLENT)}
    if status == CheckStatus.NOT_APPLICABLE:
        reason = _("%(unit)s does not directly advise on administrative reform.") % shown
        return make_result(status, reason)
    if status == CheckStatus.UNKNOWN:
        return make_result(status, _("No rating of %(unit)s for %(year)s is recorded yet.") % shown)
    shown["level"] = _level(rating.level)
    if status == CheckStatus.MET:
        return make_result(status, _("%(unit)s was rated “%(level)s” in %(year)s.") % shown)
    reason = _("%(unit)s was rated “%(level)s” in %(year)s; “%(required)s” is required.") % shown
    return make_result(status, reason)


def _person_rating(nomination: Nomination, facts: Facts) -> CheckResult:
    if nomination.subject_type == SubjectType.COLLECTIVE:
        return make_result(CheckStatus.NOT_APPLICABLE, _("The criterion concerns individuals."))
    cadre, year = nomination.subject_cadre, nomination.year
    rating = facts.cadre_ratings.get((cadre.pk, year))
    status = person_rating_status(cadre.advises_cchc, rating.level if rating else None)
    shown = {"name": cadre.full_name, "year": year, "required": _level(RatingLevel.GOOD)}
    if status == CheckStatus.NOT_APPLICABLE:
        reason = _("%(name)s does not directly advise on administrative reform.") % shown
        return make_result(status, reason)
    if status == CheckStatus.UNKNOWN:
        return make_result(status, _("No rating of %(name)s for %(year)s is recorded yet.") % shown)
    shown["level"] = _level(rating.level)
    if status == CheckStatus.MET:
        return make_result(status, _("%(name)s was rated “%(level)s” in %(year)s.") % shown)
    reason = _("%(name)s was rated “%(level)s” in %(year)s; at least “%(required)s” is required.") % shown
    return make_result(status, reason)


def record_line(record: DisciplineRecord) -> str:
    """One discipline record in words: measure, decision, period."""
    shown = {
        "measure": record.measure,
        "number": record.decision_number,
        "start": formats.date_format(record.start_date, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(record.end_date, "SHORT_DATE_FORMAT") if record.end_date else "",
    }
    if record.decision_number and record.end_date:
        return _("%(measure)s (decision %(number)s), from %(start)s to %(end)s") % shown
    if record.decision_number:
        return _("%(measure)s (decision %(number)s), from %(start)s, still in force") % shown
    if record.end_date:
        return _("%(measure)s, from %(start)s to %(end)s") % shown
    return _("%(measure)s, from %(start)s, still in force") % shown


def _discipline(nomination: Nomination, facts: Facts) -> CheckResult:
    if nomination.subject_type == SubjectType.COLLECTIVE:
        return make_result(CheckStatus.NOT_APPLICABLE, _("The check concerns individuals."))
    cadre, year = nomination.subject_cadre, nomination.year
    lines = [record_line(r) for r in facts.discipline.get(cadre.pk, ()) if r.touches(year)]
    shown = {"name": cadre.full_name, "year": year, "list": "; ".join(lines)}
    if lines:
        reason = _("A discipline record of %(name)s covers %(year)s: %(list)s.") % shown
        return make_result(CheckStatus.NOT_MET, reason, lines)
    return make_result(CheckStatus.MET, _("No discipline record of %(name)s covers %(year)s.") % shown)


def _same_award(nomination: Nomination, facts: Facts) -> CheckResult:
    """The registry: the subject holds no valid award of the same form for the round's year
    from another round or an imported decision."""
    year = nomination.year
    key = (nomination.subject_type, nomination.subject.pk, year, nomination.award_form_id)
    lines = same_award_lines(facts.awards.get(key, ()), nomination.round_id)
    shown = {"name": nomination.subject_name, "year": year}
    if not lines:
        reason = _("The registry holds no other award of this form to %(name)s for %(year)s.") % shown
        return make_result(CheckStatus.MET, reason)
    details = [
        _("“%(award)s”, decision %(number)s of %(date)s")
        % {
            "award": line.award_name,
            "number": line.decision_number,
            "date": formats.date_format(line.decision_date, "SHORT_DATE_FORMAT"),
        }
        for line in lines
    ]
    shown["list"] = "; ".join(details)
    reason = _("%(name)s has already been given this award for %(year)s: %(list)s.") % shown
    return make_result(CheckStatus.NOT_MET, reason, details)


PLAN_CHECKS = {
    "initiative": _initiative,
    "index": _index,
    "unit_rating": _unit_rating,
    "person_rating": _person_rating,
    "discipline": _discipline,
    "same_award": _same_award,
}
