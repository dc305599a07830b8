"""PAR INDEX and SIPAS components (chỉ số thành phần), their responsible units and official
scores, and eligibility criterion 2 (REFERENCE §3).

Components are data per year: the same (index, code) in two years is the same component,
so a year's score compares with the year before. The office keeps components, assigns the
units responsible for them and records the official scores; every write runs inside
`transaction.atomic` and is recorded by django-auditlog (the actor comes from the request).
A broken rule raises `IndexInputError` naming the component or the field, and nothing is
saved.

Criterion 2: a unit assigned components in a year meets it when every assigned component
rose against the previous year, or stayed the same where it already held the maximum.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NoReturn

from django.db import transaction
from django.db.models import Prefetch
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thiduaportal.text import nfc
from units.models import Unit

from ..checks import CheckResult, CheckStatus
from ..models import IndexComponent, IndexKind
from . import CampaignError

MIN_YEAR, MAX_YEAR = 2000, 2100
POINTS_LIMIT = Decimal("10000")  # the columns hold 6 digits, 2 after the point
MINUS = "\u2212"
COPIED = ("index", "group", "code", "name", "max_points")


class IndexInputError(CampaignError):
    """A component, an assignment or a score broke a rule. `field` names the form field."""


def _refuse(message: str, field: str | None = None, **values) -> NoReturn:
    raise IndexInputError(message % values if values else message, field=field)


# --------------------------------------------------------------------------- display helpers


def points(value: Decimal) -> str:
    """Points as the user's language writes them, two decimals: "1,50" in Vietnamese."""
    return formats.number_format(value, decimal_pos=2)


def signed(value: Decimal) -> str:
    """A change with its sign: "+0,25", "−0,25" (a true minus sign), "0,00"."""
    if value > 0:
        return f"+{points(value)}"
    if value < 0:
        return f"{MINUS}{points(-value)}"
    return points(value)


def label(component: IndexComponent) -> str:
    """ "PAR INDEX 3.2 Công khai TTHC": how a component is named in messages."""
    return f"{component.get_index_display()} {component.code} {component.name}"


def code_key(code: str) -> tuple:
    """Natural order of codes: 3.2 before 3.10, S2 before S10."""
    return tuple(int(part) if i % 2 else part.casefold() for i, part in enumerate(re.split(r"(\d+)", code)))


def _ordered(components: Iterable[IndexComponent]) -> list[IndexComponent]:
    return sorted(components, key=lambda c: (c.index, code_key(c.code), c.pk))


# --------------------------------------------------------------------------- checks


def _check_year(year, *, field: str = "year") -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        _refuse(_("The year must be between %(min)s and %(max)s."), field, min=MIN_YEAR, max=MAX_YEAR)
    return year


def _decimal(value, *, what: str, field: str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        _refuse(_("%(what)s must be a number."), field, what=what)
    if number.as_tuple().exponent < -2:
        _refuse(_("%(what)s takes at most two decimal places (%(value)s)."), field, what=what, value=number)
    return number


def check_score(component: IndexComponent, value, *, field: str = "score") -> Decimal | None:
    """An official score: empty (not known yet), or a number from 0 to the component's
    maximum with at most two decimals. The message names the component and its maximum."""
    if value is None or value == "":
        return None
    what = _("The score of %(component)s") % {"component": label(component)}
    score = _decimal(value, what=what, field=field)
    if score < 0:
        _refuse(_("%(what)s cannot be negative (%(value)s)."), field, what=what, value=signed(score))
    if score > component.max_points:
        maximum = points(component.max_points)
        message = _("%(what)s (%(value)s) is above its maximum of %(max)s points.")
        _refuse(message, field, what=what, value=points(score), max=maximum)
    return score


def _clean_fields(fields: Mapping, *, instance: IndexComponent | None) -> dict:
    """Normalise and check a component's descriptive fields; the year and code must not
    already name another component of the same index."""
    index = fields.get("index")
    if index not in IndexKind.values:
        _refuse(_("Choose PAR INDEX or SIPAS."), "index")
    year = _check_year(fields.get("year"))
    cleaned = {"index": index, "year": year}
    for name, what in (("group", _("The group")), ("code", _("The code")), ("name", _("The component name"))):
        text = nfc(fields.get(name) or "").strip()
        if not text:
            _refuse(_("%(what)s is required."), name, what=what)
        limit = IndexComponent._meta.get_field(name).max_length
        if len(text) > limit:
            _refuse(_("%(what)s is too long (at most %(limit)s characters)."), name, what=what, limit=limit)
        cleaned[name] = text
    max_points = _decimal(fields.get("max_points"), what=_("The maximum points"), field="max_points")
    if max_points <= 0 or max_points >= POINTS_LIMIT:
        message = _("The maximum points must be above 0 and below %(limit)s.")
        _refuse(message, "max_points", limit=points(POINTS_LIMIT))
    cleaned["max_points"] = max_points
    taken = IndexComponent.objects.filter(index=index, year=year, code=cleaned["code"])
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        message = _("%(index)s already has a component %(code)s in %(year)s.")
        _refuse(message, "code", index=IndexKind(index).label, code=cleaned["code"], year=year)
    return cleaned


# --------------------------------------------------------------------------- writes


@transaction.atomic
def create_component(*, actor, **fields) -> IndexComponent:
    """Add a component to a year: index, year, group, code, name and max_points. Refused: a
    code already used by the same index in that year, empty text, maximum not above 0.
    Side effects: one IndexComponent row (audited)."""
    component = IndexComponent(**_clean_fields(fields, instance=None))
    component.save()
    return component


@transaction.atomic
def update_component(component: IndexComponent, *, actor, **fields) -> IndexComponent:
    """Change a component's descriptive fields (same rules as `create_component`). The
    maximum cannot drop below the score already recorded."""
    locked = IndexComponent.objects.select_for_update().get(pk=component.pk)
    cleaned = _clean_fields(fields, instance=locked)
    if locked.score is not None and cleaned["max_points"] < locked.score:
        message = _("The maximum of %(component)s cannot be lower than its recorded score of %(score)s.")
        _refuse(message, "max_points", component=label(locked), score=points(locked.score))
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.save()
    for name in cleaned:
        setattr(component, name, getattr(locked, name))
    return locked


@transaction.atomic
def assign_units(component: IndexComponent, *, actor, units: Iterable[Unit]) -> IndexComponent:
    """Set the units responsible for a component in its year (replacing the previous
    choice). Archived units cannot be newly assigned. Side effects: the M2M rows (audited)."""
    wanted = {unit.pk: unit for unit in units}
    current = set(component.units.values_list("pk", flat=True))
    for unit in wanted.values():
        if unit.pk not in current and not unit.is_active:
            _refuse(
                _("%(unit)s is archived and cannot be made responsible for a component."), "units", unit=unit
            )
    component.units.set(list(wanted.values()))
    return component


@transaction.atomic
def record_scores(year: int, *, actor, scores: Mapping[int, Decimal | str | None]) -> int:
    """Record a year's official scores: component id -> score (None or "" clears it). All or
    nothing: every score is checked (not negative, not above the component's maximum, two
    decimals) before any is saved. Returns how many scores changed."""
    _check_year(year)
    components = IndexComponent.objects.select_for_update().in_bulk([int(pk) for pk in scores])
    cleaned: dict[int, Decimal | None] = {}
    for pk, value in scores.items():
        component = components.get(int(pk))
        if component is None or component.year != year:
            _refuse(_("Component number %(id)s is not a component of %(year)s."), id=pk, year=year)
        cleaned[component.pk] = check_score(component, value, field=f"score_{component.pk}")
    changed = 0
    for pk, score in cleaned.items():
        component = components[pk]
        if component.score != score:
            component.score = score
            component.save(update_fields=["score"])
            changed += 1
    return changed


@transaction.atomic
def copy_components(*, from_year: int, to_year: int, actor) -> list[IndexComponent]:
    """Copy every component of `from_year` into `to_year`: index, group, code, name, maximum
    and responsible units, without the score. A component whose (index, code) already
    exists in `to_year` is skipped, so copying twice changes nothing. Returns the new
    components. Side effects: IndexComponent rows and their M2M rows (audited)."""
    _check_year(from_year, field="from_year")
    _check_year(to_year, field="to_year")
    if from_year == to_year:
        _refuse(_("Choose two different years."), "to_year")
    sources = list(IndexComponent.objects.filter(year=from_year).prefetch_related("units"))
    if not sources:
        _refuse(_("There is no component in %(year)s to copy."), "from_year", year=from_year)
    existing = set(IndexComponent.objects.filter(year=to_year).values_list("index", "code"))
    created = []
    for source in _ordered(sources):
        if (source.index, source.code) in existing:
            continue
        copy = IndexComponent.objects.create(year=to_year, **{name: getattr(source, name) for name in COPIED})
        copy.units.set([unit for unit in source.units.all() if unit.is_active])
        created.append(copy)
    return created


# --------------------------------------------------------------------------- reading


def available_years() -> list[int]:
    """Years that have components, newest first. One query."""
    return list(IndexComponent.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class ComponentRow:
    """A component of the year beside its score of the year before (None: not known)."""

    component: IndexComponent
    previous_score: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.component.score is None or self.previous_score is None:
            return None
        return self.component.score - self.previous_score

    @property
    def change_text(self) -> str:
        return signed(self.change) if self.change is not None else ""


def year_overview(year: int, *, index: str | None = None) -> list[ComponentRow]:
    """The year's components (optionally of one index) in index and code order, with their
    responsible units and last year's score. Three queries."""
    components = IndexComponent.objects.filter(year=year).prefetch_related(
        Prefetch("units", queryset=Unit.objects.order_by("name"))
    )
    if index:
        components = components.filter(index=index)
    previous = {
        (row[0], row[1]): row[2]
        for row in IndexComponent.objects.filter(year=year - 1).values_list("index", "code", "score")
    }
    return [ComponentRow(c, previous.get((c.index, c.code))) for c in _ordered(components)]


@dataclass(frozen=True)
class ComponentTrend:
    """One component's scores over several years (None where there is no score)."""

    index: str
    code: str
    name: str
    max_points: Decimal
    scores: dict[int, Decimal | None] = field(default_factory=dict)


def component_trends(index: str, from_year: int, to_year: int) -> dict[str, ComponentTrend]:
    """Per component code of one index, its score in each year from `from_year` to
    `to_year` (every year present, None where missing), in natural code order; name and
    maximum are those of the latest year. One query."""
    rows = (
        IndexComponent.objects.filter(index=index, year__gte=from_year, year__lte=to_year)
        .order_by("year")
        .values_list("code", "name", "max_points", "year", "score")
    )
    trends: dict[str, ComponentTrend] = {}
    for code, name, max_points, year, score in rows:
        scores = trends[code].scores if code in trends else dict.fromkeys(range(from_year, to_year + 1))
        scores[year] = score
        trends[code] = ComponentTrend(index, code, name, max_points, scores)
    return {code: trends[code] for code in sorted(trends, key=code_key)}


# --------------------------------------------------------------------------- criterion 2


ROSE, HELD_MAX, EQUAL_BELOW, FELL, MISSING = "rose", "held_max", "equal_below", "fell", "missing"


@dataclass(frozen=True)
class Comparison:
    """A component of the year against the same component of the year before."""

    component: IndexComponent
    previous: IndexComponent | None

    @property
    def previous_score(self) -> Decimal | None:
        return self.previous.score if self.previous else None

    @property
    def missing_years(self) -> list[int]:
        year = self.component.year
        return [y for y, s in ((year - 1, self.previous_score), (year, self.component.score)) if s is None]

    @property
    def outcome(self) -> str:
        if self.missing_years:
            return MISSING
        before, after = self.previous_score, self.component.score
        if after > before:
            return ROSE
        if after < before:
            return FELL
        return HELD_MAX if after >= self.component.max_points else EQUAL_BELOW

    def line(self) -> str:
        """One line for the reason and the details, in the user's language."""
        outcome, component = self.outcome, self.component
        shown = {"component": label(component), "max": points(component.max_points)}
        if outcome == MISSING:
            years = ", ".join(str(y) for y in self.missing_years)
            return _("%(component)s: no official score for %(years)s") % {**shown, "years": years}
        shown.update(before=points(self.previous_score), after=points(component.score))
        if outcome == HELD_MAX:
            return _("%(component)s: %(before)s → %(after)s (held at the maximum)") % shown
        if outcome == EQUAL_BELOW:
            return (
                _("%(component)s: %(before)s → %(after)s (unchanged, below the maximum of %(max)s)") % shown
            )
        change = signed(component.score - self.previous_score)
        return _("%(component)s: %(before)s → %(after)s (%(change)s)") % {**shown, "change": change}


def index_result(comparisons: list[Comparison], year: int) -> CheckResult:
    """Criterion 2 from a unit's comparisons (see `index_check`)."""
    shown = {"year": year, "previous": year - 1, "count": len(comparisons)}
    if not comparisons:
        reason = _("No PAR INDEX or SIPAS component was assigned to the unit in %(year)s.") % shown
        return CheckResult(CheckStatus.NOT_APPLICABLE, reason)
    details = tuple(c.line() for c in comparisons)
    failing = "; ".join(c.line() for c in comparisons if c.outcome in (FELL, EQUAL_BELOW))
    missing = "; ".join(c.line() for c in comparisons if c.outcome == MISSING)
    if failing:
        reason = _("Fell or did not rise against %(previous)s: %(list)s.") % {**shown, "list": failing}
        return CheckResult(CheckStatus.NOT_MET, reason, details)
    if missing:
        return CheckResult(
            CheckStatus.UNKNOWN, _("Scores are missing: %(list)s.") % {"list": missing}, details
        )
    reason = ngettext(
        "The assigned component rose, or held its maximum, against %(previous)s.",
        "All %(count)s assigned components rose, or held their maximum, against %(previous)s.",
        len(comparisons),
    )
    return CheckResult(CheckStatus.MET, reason % shown, details)


def unit_comparisons(units: Iterable[Unit], year: int) -> dict[int, list[Comparison]]:
    """unit id -> its assigned components of `year` compared with `year - 1`, in index and
    code order. Two queries whatever the number of units."""
    ids = [unit.pk for unit in units]
    components = list(IndexComponent.objects.filter(year__in=(year - 1, year)))
    previous = {(c.index, c.code): c for c in components if c.year == year - 1}
    current = {c.pk: c for c in components if c.year == year}
    assigned: dict[int, list[IndexComponent]] = defaultdict(list)
    links = IndexComponent.units.through.objects.filter(indexcomponent__year=year, unit_id__in=ids)
    for component_id, unit_id in links.values_list("indexcomponent_id", "unit_id"):
        assigned[unit_id].append(current[component_id])
    return {
        pk: [Comparison(c, previous.get((c.index, c.code))) for c in _ordered(assigned[pk])] for pk in ids
    }


def index_checks(units: Iterable[Unit], year: int) -> dict[int, CheckResult]:
    """Criterion 2 for many units: unit id -> `CheckResult` (see `index_check`). Two
    queries whatever the number of units."""
    return {pk: index_result(comparisons, year) for pk, comparisons in unit_comparisons(units, year).items()}


def index_check(unit: Unit, year: int) -> CheckResult:
    """Criterion 2 (REFERENCE §3) for one unit in one year. For each component assigned to
    the unit in `year`, the same (index, code) in `year - 1` is found; it passes when the
    score rose, or stayed the same and is at the component's maximum.

    NOT_APPLICABLE: no component assigned. NOT_MET: a component fell (the reason names it
    and by how much, e.g. "PAR INDEX 3.2 Công khai TTHC: 1,50 → 1,25 (−0,25)") or stayed
    the same below its maximum; this wins over missing scores, since the result cannot
    change. UNKNOWN: a score of either year is missing (the reason names the year). MET
    otherwise. `details` holds one line per assigned component."""
    return index_checks([unit], year)[unit.pk]
