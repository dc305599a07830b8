"""Eligibility of a nomination (REFERENCE §3): the four criteria of the plan plus "no
discipline in the year", each computed from data for the round's year with a result and a
reason; the office's overrides of failed checks; and the discipline records they read.

The unit sees the checks as warnings while drafting (they never stop a submission); the
office sees them in review and may accept against a failed check only with a written
justification (`record_override`), which django-auditlog records.

Checks, by stable code:
- `initiative` (criterion 1): a CCHC initiative recognised by an initiative council in the
  year (`campaigns.services.initiatives`). Its other half, exemplary conduct, is a human
  judgement: the reason says so when the initiative half is met.
- `index` (criterion 2): the unit's assigned PAR INDEX / SIPAS components rose or held their
  maximum (`campaigns.services.index`). Not applicable to an individual: the criterion is
  about units that are assigned components, and a person is not.
- `unit_rating` (criterion 3): a collective that directly advises on CCHC is rated
  "Hoàn thành xuất sắc nhiệm vụ" in the year.
- `person_rating` (criterion 4): an individual who directly advises on CCHC is rated at
  least "Hoàn thành tốt nhiệm vụ" in the year.
- `discipline`: no discipline record of the individual whose period touches the year
  (REFERENCE marks the rule "verify": the reason only states the recorded facts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.checks import CheckResult, CheckStatus
from thiduaportal.text import nfc
from units.models import CadreRating, RatingLevel, UnitRating

from ..models import DisciplineRecord, EligibilityOverride, Nomination, SubjectType
from . import NominationError

CODES = ("initiative", "index", "unit_rating", "person_rating", "discipline")
LABELS = {
    "initiative": gettext_lazy("Exemplary conduct and a recognised CCHC initiative"),
    "index": gettext_lazy("PAR INDEX and SIPAS components rose"),
    "unit_rating": gettext_lazy("Collective rated “Excellently completed duties”"),
    "person_rating": gettext_lazy("Individual rated at least “Well completed duties”"),
    "discipline": gettext_lazy("No discipline or inspection in the year"),
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


@dataclass
class _Facts:
    """Everything the checks read, fetched for many nominations at once."""

    initiatives: dict[tuple[str, int, int], CheckResult] = field(default_factory=dict)
    index: dict[tuple[int, int], CheckResult] = field(default_factory=dict)
    unit_ratings: dict[tuple[int, int], UnitRating] = field(default_factory=dict)
    cadre_ratings: dict[tuple[int, int], CadreRating] = field(default_factory=dict)
    discipline: dict[int, list[DisciplineRecord]] = field(default_factory=lambda: defaultdict(list))
    overrides: dict[int, dict[str, EligibilityOverride]] = field(default_factory=lambda: defaultdict(dict))


# --------------------------------------------------------------------------- fetching


def _by_year(nominations: list[Nomination], subject_type: str) -> dict[int, list]:
    found: dict[int, dict[int, object]] = defaultdict(dict)
    for nomination in nominations:
        if nomination.subject_type == subject_type:
            subject = nomination.subject
            found[nomination.round.year][subject.pk] = subject
    return {year: list(subjects.values()) for year, subjects in found.items()}


def _fetch_campaign_checks(facts: _Facts, nominations: list[Nomination]) -> None:
    """Criteria 1 and 2 from the campaigns app: a few queries per distinct round year."""
    from campaigns.services.index import index_checks
    from campaigns.services.initiatives import cadre_initiative_checks, unit_initiative_checks

    for year, units in _by_year(nominations, SubjectType.COLLECTIVE).items():
        for pk, result in unit_initiative_checks(units, year=year).items():
            facts.initiatives[(SubjectType.COLLECTIVE, pk, year)] = result
        for pk, result in index_checks(units, year).items():
            facts.index[(pk, year)] = result
    for year, cadres in _by_year(nominations, SubjectType.INDIVIDUAL).items():
        for pk, result in cadre_initiative_checks(cadres, year=year).items():
            facts.initiatives[(SubjectType.INDIVIDUAL, pk, year)] = result


def _fetch_records(facts: _Facts, nominations: list[Nomination]) -> None:
    """Ratings, discipline records and overrides: one query each (skipped when not needed)."""
    units = {n.subject_unit_id for n in nominations if n.subject_type == SubjectType.COLLECTIVE}
    cadres = {n.subject_cadre_id for n in nominations if n.subject_type == SubjectType.INDIVIDUAL}
    years = {n.round.year for n in nominations}
    if units:
        for rating in UnitRating.objects.filter(unit_id__in=units, year__in=years):
            facts.unit_ratings[(rating.unit_id, rating.year)] = rating
    if cadres:
        for rating in CadreRating.objects.filter(cadre_id__in=cadres, year__in=years):
            facts.cadre_ratings[(rating.cadre_id, rating.year)] = rating
        records = DisciplineRecord.objects.filter(cadre_id__in=cadres, start_date__year__lte=max(years))
        records = records.filter(Q(end_date__isnull=True) | Q(end_date__year__gte=min(years)))
        for record in records.order_by("start_date", "pk"):
            facts.discipline[record.cadre_id].append(record)
    overrides = EligibilityOverride.objects.filter(nomination_id__in=[n.pk for n in nominations])
    for override in overrides.select_related("actor"):
        facts.overrides[override.nomination_id][override.check_code] = override


# --------------------------------------------------------------------------- the checks


def _result(status: str, reason: str, details: Iterable[str] = ()) -> CheckResult:
    return CheckResult(status, reason, tuple(details))


def _initiative(nomination: Nomination, facts: _Facts) -> CheckResult:
    year = nomination.round.year
    result = facts.initiatives[(nomination.subject_type, nomination.subject.pk, year)]
    if result.status != CheckStatus.MET:
        return result
    conduct = _(
        "Exemplary conduct (Party and State policy, the law, internal unity) is a judgement "
        "the office makes in review."
    )
    return _result(result.status, f"{result.reason} {conduct}", result.details)


def _index(nomination: Nomination, facts: _Facts) -> CheckResult:
    if nomination.subject_type == SubjectType.INDIVIDUAL:
        reason = _(
            "The criterion concerns units assigned PAR INDEX or SIPAS components; it does not "
            "apply to an individual."
        )
        return _result(CheckStatus.NOT_APPLICABLE, reason)
    return facts.index[(nomination.subject_unit_id, nomination.round.year)]


def _level(level: str) -> str:
    return str(RatingLevel(level).label)


def _unit_rating(nomination: Nomination, facts: _Facts) -> CheckResult:
    if nomination.subject_type == SubjectType.INDIVIDUAL:
        return _result(CheckStatus.NOT_APPLICABLE, _("The criterion concerns collectives."))
    unit, year = nomination.subject_unit, nomination.round.year
    shown = {"unit": unit, "year": year, "required": _level(RatingLevel.EXCELLENT)}
    if not unit.advises_cchc:
        reason = _("%(unit)s does not directly advise on administrative reform.") % shown
        return _result(CheckStatus.NOT_APPLICABLE, reason)
    rating = facts.unit_ratings.get((unit.pk, year))
    if rating is None:
        return _result(CheckStatus.UNKNOWN, _("No rating of %(unit)s for %(year)s is recorded yet.") % shown)
    shown["level"] = _level(rating.level)
    if rating.level == RatingLevel.EXCELLENT:
        return _result(CheckStatus.MET, _("%(unit)s was rated “%(level)s” in %(year)s.") % shown)
    reason = _("%(unit)s was rated “%(level)s” in %(year)s; “%(required)s” is required.") % shown
    return _result(CheckStatus.NOT_MET, reason)


def _person_rating(nomination: Nomination, facts: _Facts) -> CheckResult:
    if nomination.subject_type == SubjectType.COLLECTIVE:
        return _result(CheckStatus.NOT_APPLICABLE, _("The criterion concerns individuals."))
    cadre, year = nomination.subject_cadre, nomination.round.year
    shown = {"name": cadre.full_name, "year": year, "required": _level(RatingLevel.GOOD)}
    if not cadre.advises_cchc:
        reason = _("%(name)s does not directly advise on administrative reform.") % shown
        return _result(CheckStatus.NOT_APPLICABLE, reason)
    rating = facts.cadre_ratings.get((cadre.pk, year))
    if rating is None:
        return _result(CheckStatus.UNKNOWN, _("No rating of %(name)s for %(year)s is recorded yet.") % shown)
    shown["level"] = _level(rating.level)
    if RatingLevel.rank(rating.level) <= RatingLevel.rank(RatingLevel.GOOD):
        return _result(CheckStatus.MET, _("%(name)s was rated “%(level)s” in %(year)s.") % shown)
    reason = _("%(name)s was rated “%(level)s” in %(year)s; at least “%(required)s” is required.") % shown
    return _result(CheckStatus.NOT_MET, reason)


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


def _discipline(nomination: Nomination, facts: _Facts) -> CheckResult:
    if nomination.subject_type == SubjectType.COLLECTIVE:
        return _result(CheckStatus.NOT_APPLICABLE, _("The check concerns individuals."))
    cadre, year = nomination.subject_cadre, nomination.round.year
    lines = [record_line(r) for r in facts.discipline.get(cadre.pk, ()) if r.touches(year)]
    shown = {"name": cadre.full_name, "year": year, "list": "; ".join(lines)}
    if lines:
        reason = _("A discipline record of %(name)s covers %(year)s: %(list)s.") % shown
        return _result(CheckStatus.NOT_MET, reason, lines)
    return _result(CheckStatus.MET, _("No discipline record of %(name)s covers %(year)s.") % shown)


_COMPUTE = {
    "initiative": _initiative,
    "index": _index,
    "unit_rating": _unit_rating,
    "person_rating": _person_rating,
    "discipline": _discipline,
}


def _checks(nomination: Nomination, facts: _Facts) -> list[Check]:
    overrides = facts.overrides.get(nomination.pk, {})
    return [
        Check(code, str(LABELS[code]), _COMPUTE[code](nomination, facts), overrides.get(code))
        for code in CODES
    ]


def run_checks_many(nominations: Iterable[Nomination]) -> dict[int, list[Check]]:
    """The checks of many nominations: nomination id -> its checks in `CODES` order.

    A fixed number of queries whatever the number of nominations (per distinct round year
    for criteria 1 and 2): the round and subject are loaded in one query each unless
    already selected; ratings, discipline records and overrides one query each."""
    nominations = list(nominations)
    if not nominations:
        return {}
    prefetch_related_objects(nominations, "round", "subject_unit", "subject_cadre")
    facts = _Facts()
    _fetch_campaign_checks(facts, nominations)
    _fetch_records(facts, nominations)
    return {nomination.pk: _checks(nomination, facts) for nomination in nominations}


def run_checks(nomination: Nomination) -> list[Check]:
    """The five checks of one nomination for its round's year (see `run_checks_many`)."""
    return run_checks_many([nomination])[nomination.pk]


# --------------------------------------------------------------------------- overrides


def _label(code: str) -> str:
    if code not in LABELS:
        raise NominationError(_("There is no eligibility check “%(code)s”.") % {"code": code}, field="code")
    return str(LABELS[code])


@transaction.atomic
def record_override(nomination: Nomination, *, actor, code: str, justification: str) -> EligibilityOverride:
    """The office accepts the nomination although check `code` failed, for the reason
    written in `justification` (NFC, stripped, at least 10 characters). Refused when the
    check did not fail. One override per check: a second one replaces the justification,
    the actor and the time. Side effects: an EligibilityOverride row (audited)."""
    label = _label(code)
    text = nfc(justification).strip()
    shown = {"check": label, "min": JUSTIFICATION_MIN_LENGTH, "name": nomination.subject_name}
    if not text:
        message = _("Write a justification for accepting against the failed check “%(check)s”.")
        raise NominationError(message % shown, field="justification")
    if len(text) < JUSTIFICATION_MIN_LENGTH:
        message = _("The justification for “%(check)s” is too short (at least %(min)s characters).")
        raise NominationError(message % shown, field="justification")
    check = next(check for check in run_checks(nomination) if check.code == code)
    if check.result.status != CheckStatus.NOT_MET:
        message = _("“%(check)s” has not failed for %(name)s; there is nothing to accept against.")
        raise NominationError(message % shown, field="code")
    override = EligibilityOverride.objects.select_for_update().filter(nomination=nomination, check_code=code)
    override = override.first()
    if override is None:
        return EligibilityOverride.objects.create(
            nomination=nomination, check_code=code, justification=text, actor=actor
        )
    override.justification, override.actor, override.at = text, actor, timezone.now()
    override.save()
    return override


# --------------------------------------------------------------------------- discipline records


def _clean_record(fields: dict, instance: DisciplineRecord | None) -> dict:
    def value(name: str):
        return fields[name] if name in fields else getattr(instance, name, None)

    cleaned = {name: value(name) for name in ("cadre", "start_date", "end_date")}
    for name in ("measure", "decision_number", "note"):
        cleaned[name] = nfc(value(name) or "").strip()
    if cleaned["cadre"] is None:
        raise NominationError(_("Choose the person the record concerns."), field="cadre")
    if not cleaned["measure"]:
        raise NominationError(_("Write the measure, e.g. “Khiển trách”."), field="measure")
    for name in ("measure", "decision_number", "note"):
        limit = DisciplineRecord._meta.get_field(name).max_length
        if len(cleaned[name]) > limit:
            message = _("%(field)s is too long (at most %(limit)s characters).")
            verbose = str(DisciplineRecord._meta.get_field(name).verbose_name).capitalize()
            raise NominationError(message % {"field": verbose, "limit": limit}, field=name)
    start, end = cleaned["start_date"], cleaned["end_date"]
    if start is None:
        raise NominationError(_("Enter the date the measure starts."), field="start_date")
    if end is not None and end < start:
        message = _("The end date (%(end)s) is before the start date (%(start)s).")
        shown = {
            "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
            "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
        }
        raise NominationError(message % shown, field="end_date")
    return cleaned


@transaction.atomic
def create_discipline(*, actor, **fields) -> DisciplineRecord:
    """Record a disciplinary measure or an inspection of a person: cadre, measure,
    decision_number, start_date, end_date (empty: still in force), note. Refused without a
    person, a measure or a start date, or with an end before the start. Side effects: a
    DisciplineRecord row (audited)."""
    return DisciplineRecord.objects.create(created_by=actor, **_clean_record(fields, None))


@transaction.atomic
def update_discipline(record: DisciplineRecord, *, actor, **fields) -> DisciplineRecord:
    """Change a discipline record (same fields and rules as `create_discipline`). Side
    effects: the row is saved (audited, with `actor` from the request)."""
    for name, value in _clean_record(fields, record).items():
        setattr(record, name, value)
    record.save()
    return record
